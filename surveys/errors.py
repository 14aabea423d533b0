"""Errors a user can act on. Each message says what is wrong, where, and what to do."""
from __future__ import annotations

from typing import Sequence

from .model import ValidationIssue


class TrialogueError(Exception):
    """Base of every error Trialogue reports to a user (CLI exit status 2, no traceback)."""

    exit_status = 2


class UnreadableFile(TrialogueError):
    """The file is not a workbook we can read safely (wrong type, truncated, encrypted, bomb …)."""

    def __init__(self, file: str, reason: str):
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}")


class InvalidInstrument(TrialogueError):
    """The XLSForm instrument has problems; ``issues`` name sheet and row."""

    def __init__(self, issues: Sequence[ValidationIssue]):
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class InvalidResponses(TrialogueError):
    """Uploaded answers failed validation; nothing was stored."""

    def __init__(self, issues: Sequence[ValidationIssue]):
        self.issues = tuple(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) found; nothing was stored.\n" + "\n".join(str(i) for i in self.issues))


class NotFound(TrialogueError):
    """A wave, import or respondent asked for by name does not exist."""


class AlreadySubmitted(TrialogueError):
    """A delegation that already answered in this wave submitted again without --replace."""
