"""Small helpers reading the running app's state from a request."""

from __future__ import annotations

from fastapi import Request


def poke(request: Request) -> None:
    """Wake the background rematch worker, if one runs."""
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.poke()
