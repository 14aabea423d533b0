"""How much one consultation may hold: every size limit of Trialogue, in one place.

The Working Group consults the 193 member states, a few observers and some thirty
Secretariat units, so a wave holds a few hundred respondents and a response workbook a
few dozen columns. The limits below leave room for several times that, and stop what
no consultation needs but what would stall or crash the server (a workbook of a million
rows, of 16,384 columns, a sheet with one cell in A1 and one in XFD1048576). Each limit
is said in the refusal that enforces it, with what to do instead.

The secretariat can raise the respondent limits for a genuinely large consultation on the
command line (``python -m surveys import --max-respondents N``); the row and cell bounds
of a sheet follow them. The Upload page always uses the defaults.

=============================  ==========  ===================================================
limit                          default     checked
=============================  ==========  ===================================================
respondents per file           1,000       after reading the sheet, before validation
respondents per wave           1,000       in the import's transaction (current + new)
rows of a sheet                21,000      from the workbook's XML / the CSV's lines, before
                                           any spreadsheet parser runs (20 rows a respondent:
                                           a long sheet holds one row per item)
columns of a sheet             1,000       as rows (a Kobo export of a long form has a few
                                           hundred)
cells of a sheet (rows × cols) 2,000,000   as rows: the parser allocates the whole rectangle
characters in a cell           32,767      Excel's own limit, so every value fits an export
respondent name                300         the store's column
wave name                      200         the store's column
column header (attribute)      200         attribute names are filter labels
instrument form_id / version   200 / 100   the store's columns
round name / statement id      200 / 100   the store's columns; statement texts as a cell
file name (import log)         500         shortened with "…", never refused
attributes offered as filters  12          further columns are stored, not offered
distinct values of a filter    30          a column with more is stored, not offered
upload per session             50 MB       the Upload page, all files together
file on disk                   100 MB      :mod:`surveys.reading.filesafety`
=============================  ==========  ===================================================
"""
from __future__ import annotations

from dataclasses import dataclass

#: Excel's limit on the characters of one cell (Excel specifications and limits).
MAX_CELL_CHARACTERS = 32_767
#: Lengths of the names the store keeps in fixed-width columns (``surveys.storage.schema``).
MAX_RESPONDENT_NAME = 300
MAX_WAVE_NAME = 200
MAX_HEADER = 200
MAX_FORM_ID = 200
MAX_FORM_VERSION = 100
MAX_FILE_NAME = 500
#: Deliberation rounds: a round's name and a statement's id (the store's columns).
MAX_ROUND_NAME = 200
MAX_STATEMENT_ID = 100
#: What the dashboard offers as filters and compare-by variables.
MAX_FILTER_ATTRIBUTES = 12
MAX_FILTER_VALUES = 30
#: All files of one Upload page session together (each file is also bounded by
#: ``server.maxUploadSize`` in ``.streamlit/config.toml``).
MAX_SESSION_UPLOAD_BYTES = 50 * 1024 * 1024
#: Rows a respondent may take in a sheet: a long (template) sheet holds one row per item.
ROWS_PER_RESPONDENT = 20
#: Rows for titles, notes and blank lines around the answers.
SPARE_ROWS = 1_000


@dataclass(frozen=True)
class Limits:
    """The respondent limits of one import, and the sheet bounds that follow from them."""

    respondents_per_file: int = 1_000
    respondents_per_wave: int = 1_000
    columns: int = 1_000

    @classmethod
    def raised(cls, respondents: int | None) -> "Limits":
        """The defaults, with both respondent limits raised to ``respondents`` (the CLI's
        ``--max-respondents``); never lower than the defaults."""
        if not respondents:
            return cls()
        base = cls()
        return cls(max(respondents, base.respondents_per_file), max(respondents, base.respondents_per_wave))

    @property
    def sheet_rows(self) -> int:
        return self.respondents_per_file * ROWS_PER_RESPONDENT + SPARE_ROWS

    @property
    def sheet_cells(self) -> int:
        return max(2_000_000, self.respondents_per_file * 2_000)

    @property
    def raised_by_option(self) -> bool:
        return self != Limits()


DEFAULT = Limits()


def sheet_size_problem(sheet: str, rows: int, columns: int, limits: Limits = DEFAULT) -> str | None:
    """Why a sheet of ``rows`` × ``columns`` is too large to read, or None when it fits."""
    if rows > limits.sheet_rows:
        return (f"sheet '{sheet}' has {rows:,} rows: a file may hold at most {limits.respondents_per_file:,} "
                f"respondents (up to {limits.sheet_rows:,} rows with titles, blank rows and one row per item); "
                "split it into several files" + override_hint(limits))
    if columns > limits.columns:
        return (f"sheet '{sheet}' has {columns:,} columns: at most {limits.columns:,} are read (one per item, "
                "option and attribute); delete the columns that hold no answers")
    if rows * columns > limits.sheet_cells:
        return (f"sheet '{sheet}' spans {rows:,} rows × {columns:,} columns ({rows * columns:,} cells): at most "
                f"{limits.sheet_cells:,} cells are read; delete the rows and columns that hold no answers "
                "(a stray value far below or right of the table makes the whole rectangle count)")
    return None


def override_hint(limits: Limits) -> str:
    """How to go past the respondent limits (unless they were raised already)."""
    return ("" if limits.raised_by_option else
            "; for a larger consultation the Secretariat can import it on the command line with --max-respondents")
