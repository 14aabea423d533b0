"""Checking uploaded workbooks before anything is stored (no Streamlit here).

The upload page shows this report first and offers the import only when no file has an
error; the import itself (``surveys.importer.import_files``) checks again and is
all-or-nothing, so a file changed in between cannot slip through.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

from surveys.errors import InvalidResponses, TrialogueError, UnreadableFile
from surveys.model import ValidationIssue
from surveys.store import Store

ISSUE_COLUMNS = ("file", "sheet", "cell", "severity", "message")


@dataclass(frozen=True)
class FileCheck:
    """What checking one file found: issues and, when it reads, how many respondents."""

    name: str
    issues: tuple[ValidationIssue, ...]
    respondents: int = 0

    @property
    def ok(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)


def target(store: Store, wave: str | None):
    """(instrument, reference date, wave name) an import into ``wave`` would use."""
    from surveys.instruments import default_instrument

    if wave:
        try:
            stored = store.wave(wave)
            return store.instrument(wave), stored.reference_date, wave
        except TrialogueError:
            pass
    instrument = default_instrument()
    return instrument, instrument.reference_date, wave or instrument.form_id


def check_files(store: Store, paths: Sequence[str | os.PathLike], names: Sequence[str], wave: str | None,
                progress: Callable[[int, int, str], None] | None = None) -> tuple[FileCheck, ...]:
    """Parse and validate each file as the importer would, without storing anything."""
    from surveys.layouts import parse_responses
    from surveys.validation import validate

    instrument, reference_date, _name = target(store, wave)
    contributions = store.contribution_months()
    checks = []
    for done, (path, name) in enumerate(zip(paths, names)):
        if progress:
            progress(done, len(paths), name)
        try:
            submission = validate(parse_responses(path, instrument, display_name=name), instrument,
                                  reference_date, contributions)
        except (InvalidResponses, UnreadableFile, TrialogueError) as exc:
            checks.append(FileCheck(name, _issues_of(exc, name)))
        except Exception as exc:  # noqa: BLE001 - one broken file must not hide the others
            checks.append(FileCheck(name, (ValidationIssue(
                name, None, None, f"could not be read ({exc.__class__.__name__}: {exc})"),)))
        else:
            checks.append(FileCheck(name, tuple(submission.issues), len(submission.respondents)))
    if progress:
        progress(len(paths), len(paths), "")
    return tuple(checks)


def _issues_of(exc: TrialogueError, name: str) -> tuple[ValidationIssue, ...]:
    if isinstance(exc, InvalidResponses):
        return tuple(exc.issues)
    if isinstance(exc, UnreadableFile):
        return (ValidationIssue(name, None, None, exc.reason),)
    return (ValidationIssue(name, None, None, str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__),)


def issue_frame(issues: Sequence[ValidationIssue]) -> pd.DataFrame:
    """The validation report as a table, one row per issue."""
    return pd.DataFrame([(i.file, i.sheet or "", i.cell or "", i.severity, i.message) for i in issues],
                        columns=list(ISSUE_COLUMNS))


def history_frame(records: Sequence) -> pd.DataFrame:
    """The import log as a table (newest first)."""
    rows = [(r.id, r.file_name, r.imported_at, r.respondents, r.answers, r.outcome,
             "; ".join(r.messages)) for r in reversed(records)]
    return pd.DataFrame(rows, columns=["id", "file", "imported_at", "respondents", "answers", "outcome",
                                       "messages"])
