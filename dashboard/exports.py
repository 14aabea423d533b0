"""The Export page's report formats: download labels and MIME types (the files themselves are
written by ``analysis.exports``, through ``dashboard.cache.report``)."""
from __future__ import annotations

from .i18n import N_

#: Report formats of ``analysis.exports`` and their download labels and MIME types.
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "docx": (N_("Word report (.docx)"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (N_("Excel workbook (.xlsx)"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "md": (N_("Markdown report (.md)"), "text/markdown"),
    "csv": (N_("Answers, one row per respondent and item (CSV)"), "text/csv"),
}
