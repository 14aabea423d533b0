"""Checking uploaded workbooks before anything is stored (no Streamlit here).

The upload page shows the importer's dry run first (:func:`surveys.storage.importer.check_files`:
every file read and validated, delegations found twice in the upload or already stored in the
wave; where the files would go, :func:`~surveys.storage.importer.import_target`) and offers the
import only when no file has an error; the import itself checks again and is all-or-nothing, so
a file changed in between cannot slip through. Both give an
:class:`~surveys.storage.importer.ImportReport`, whose report lines (repeats said once, real
problems first) this module puts in the page's words as the command line does.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from surveys.reading.problems import Wording
from surveys.storage.importer import FileReport


def problem_lines(file: FileReport, lang: str, wording: Wording | None,
                  terms: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(severity, "place: message") for each report line of ``file``, in ``lang``, messages whole."""
    lines = []
    for problem in file.problems:
        place = problem.place(lang)
        text = problem.text(lang, wording=wording, terms=terms)
        lines.append((problem.severity, f"{place}: {text}" if place else text))
    return lines


def return_memory() -> None:
    """Hand memory freed after an upload back to the operating system.

    Python returns small objects to its own pools, and glibc keeps freed heap pages for later;
    after a large workbook has been read and let go, ``malloc_trim(0)`` releases them, so the
    server's resident memory falls back instead of staying at its peak (glibc only; a no-op
    elsewhere)."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:
        pass


def history_frame(records: Sequence) -> pd.DataFrame:
    """The import log as a table (newest first); the messages are counted here and read whole below it."""
    rows = [(r.id, r.file_name, r.imported_at, r.respondents, r.answers, r.outcome, len(r.messages))
            for r in reversed(records)]
    return pd.DataFrame(rows, columns=["id", "file", "imported_at", "respondents", "answers", "outcome",
                                       "messages"])
