"""The Export page's report formats: download labels and MIME types (the files themselves are
written by ``analysis.exports``, through ``dashboard.cache.report``). PDF is offered when
LibreOffice is installed; otherwise the page says why it is missing."""
from __future__ import annotations

from analysis.exports.pdf_report import available as pdf_available

from .i18n import N_

#: Report formats of ``analysis.exports`` and their download labels and MIME types.
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "docx": (N_("Word report (.docx)"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (N_("PDF report (.pdf)"), "application/pdf"),
    "xlsx": (N_("Excel workbook (.xlsx)"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "md": (N_("Markdown report (.md)"), "text/markdown"),
    "csv": (N_("Answers, one row per respondent and item (CSV)"), "text/csv"),
}


def offered_formats() -> list[str]:
    """The formats this server can write (PDF needs LibreOffice)."""
    return [fmt for fmt in REPORT_FORMATS if fmt != "pdf" or pdf_available()]
