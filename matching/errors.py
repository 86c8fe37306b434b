"""Errors raised by the matching package (one base class, small subclasses)."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class of every error raised by the matching package."""


class InvalidProfileError(MatchingError, ValueError):
    """A participant or opportunity field holds a value outside its valid range."""


class UnknownValueError(MatchingError, ValueError):
    """A code (CEFR level, opportunity type, feedback event...) outside the valid ones."""

    def __init__(self, what: str, value: object, valid: list[str]) -> None:
        self.what = what
        self.value = value
        self.valid = valid
        super().__init__(f"unknown {what} {value!r}; valid: {', '.join(valid)}")


class ModelFormatError(MatchingError, ValueError):
    """A stored scoring model cannot be read back (wrong kind, features or version)."""
