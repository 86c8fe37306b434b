"""Errors raised by the taxonomy package."""

from __future__ import annotations


class TaxonomyError(Exception):
    """Base class of every error raised by the taxonomy package."""


class EscoFormatError(TaxonomyError):
    """An ESCO file is missing, unreadable or malformed.

    Attributes name the place of the problem so the CLI can report it precisely.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        where = ", ".join(
            part
            for part in (
                file,
                f"line {line}" if line is not None else None,
                f"column {column!r}" if column else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class UnknownLanguageError(TaxonomyError):
    """A language code that ESCO does not publish."""


class ConceptNotFound(TaxonomyError, KeyError):
    """No concept with this URI in the imported taxonomy."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "concept not found"


class TaxonomyNotImported(TaxonomyError):
    """The database holds no imported taxonomy yet."""
