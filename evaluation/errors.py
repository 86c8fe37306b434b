"""Errors of the evaluation package."""

from __future__ import annotations


class EvaluationError(Exception):
    """Base class of every error raised by the evaluation package."""


class DatasetError(EvaluationError, ValueError):
    """A benchmark file or folder is missing or does not have the expected format."""
