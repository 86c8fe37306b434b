"""Service errors and the one place that maps domain errors to HTTP responses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


class ServiceError(Exception):
    """Base of every error the service raises on purpose; ``status`` is the HTTP code."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(ServiceError):
    """No API key, or one that matches no active user."""

    status = 401


class Forbidden(ServiceError):
    """The user's role may not use this route."""

    status = 403


class NotFound(ServiceError):
    """The resource does not exist or belongs to someone else (never revealed)."""

    status = 404


class Conflict(ServiceError):
    """The request clashes with the current state (duplicate name, closed opportunity...)."""

    status = 409


class Invalid(ServiceError):
    """The request is well-formed but its values are not acceptable."""

    status = 422


def _domain_errors() -> list[tuple[type[Exception], int]]:
    """Errors from taxonomy/matching that can surface in requests, with their HTTP status."""
    pairs: list[tuple[type[Exception], int]] = []
    try:
        from taxonomy.errors import ConceptNotFound, TaxonomyError

        pairs += [(ConceptNotFound, 422), (TaxonomyError, 422)]
    except ImportError:  # pragma: no cover - taxonomy is part of the install
        pass
    try:
        from matching.errors import MatchingError

        pairs.append((MatchingError, 422))
    except ImportError:  # pragma: no cover
        pass
    return pairs


def install_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on ``app``."""

    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=headers)

    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Field, message and type only: echoing the input could hold NaN or invalid Unicode.
        detail = [{"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg")),
                   "type": str(err.get("type"))} for err in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    app.add_exception_handler(ServiceError, service_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    for error_type, status in _domain_errors():

        async def domain_error(request: Request, exc: Exception,
                               status: int = status) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=status)

        app.add_exception_handler(error_type, domain_error)
