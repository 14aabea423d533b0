"""Find the answers in a workbook and read them, whatever its layout.

Three layouts are read, all into the same :class:`ParsedResponses`:

``wide``
    One row per respondent under a header row naming ``respondent``, optionally
    ``group``, and items by name or by label in any instrument language (see
    :mod:`surveys.reading.headers` for how headers are matched). Title rows above the header and
    blank rows are skipped; extra columns become respondent attributes.
``kobo``
    A wide sheet exported from KoboToolbox or ODK: group paths, split select_multiple
    tick columns, metadata columns. Without a respondent column the submission id
    (``_uuid`` …) stands in, so every row can still be checked and reported.
``template``
    The long form written by :func:`surveys.reading.template.write_template` (or any sheet
    with ``item`` and ``answer`` columns): one row per item, keys in the ``item``
    column, values in the ``answer`` column, ``respondent`` and ``group`` as key rows
    or as columns.

The answer sheet is found by its header, whatever it is called; hidden sheets are
skipped. Values are kept raw, with their cell reference, for :mod:`surveys.reading.validation`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from typing import Sequence

from surveys.errors import InvalidResponses, UnreadableFile
from surveys.limits import DEFAULT, MAX_FILTER_ATTRIBUTES, MAX_FILTER_VALUES, MAX_HEADER, Limits, override_hint
from surveys.messages import N_, Text
from surveys.model import Instrument, ValidationIssue
from surveys.plaintext import plain

from .csvfile import TextTable, read_table
from .headers import CONSENT_HEADERS, SUBMISSION_IDS, Column, HeaderIndex, header_key, match_columns
from .longform import HEADER_SEARCH_ROWS, TEMPLATE_MARKER, long_header, read_long
from .parsed import AnswerGrid, ParsedResponses, RawRow, RawValue, RowValues, blank
from .workbook import Cell, Sheet, cell_ref, cell_text, cleaning_report, column_letter

__all__ = ["parse_responses", "ParsedResponses", "RawRow", "RawValue", "AnswerGrid", "TEMPLATE_MARKER"]


def parse_responses(path: str | os.PathLike, instrument: Instrument, *,
                    display_name: str | None = None, encoding: str | None = None,
                    table: TextTable | None = None, limits: Limits = DEFAULT) -> ParsedResponses:
    """Read the answers of the workbook, CSV file or ODK Central zip at ``path`` against
    ``instrument``; ``encoding`` declares a CSV's text encoding (else it is detected).

    Raises :class:`UnreadableFile` when the file is not a workbook, holds no answers, or is
    larger than ``limits`` allow (sheet size before parsing, respondents after). Cells the
    text policy cleaned, and texts too long for a cell, are reported by the kind of cell.
    """
    name = display_name or os.path.basename(os.fspath(path))
    if table is None:  # the importer reads each file once, to tell answers from votes, and passes it
        table = read_table(path, name, encoding, limits=limits)
    sheets = table.sheets
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    try:
        parsed = _read_answers(sheets, instrument, name)
    except UnreadableFile:
        # A CSV damaged early (a quote never closed) may leave no answers to find: say where.
        if any(issue.severity == "error" for issue in table.issues):
            raise InvalidResponses(table.issues) from None
        raise
    people = sum(1 for row in parsed.rows if row.respondent or row.values)
    if people > limits.respondents_per_file:
        raise UnreadableFile(name, f"sheet '{parsed.sheet}' holds {people:,} respondents: at most "
                             f"{limits.respondents_per_file:,} per file; split it into several files"
                             + override_hint(limits))
    sheet = next(sheet for sheet in sheets if sheet.name == parsed.sheet)
    formulas = {cell_ref(r, c): formula for (r, c), formula in sheet.formulas.items()}
    return replace(parsed, sha256=digest, formulas=formulas, date1904=sheet.date1904, reading=table.reading,
                   issues=table.issues + parsed.issues)


def _read_answers(sheets: Sequence[Sheet], instrument: Instrument, name: str) -> ParsedResponses:
    visible = [sheet for sheet in sheets if not sheet.hidden]
    index = HeaderIndex(instrument)
    parsed = None
    for sheet in visible:
        found = long_header(sheet)
        if found is not None:
            parsed = read_long(sheet, found, instrument, index, name)
            break
    if parsed is None:
        parsed = _read_wide_best(sheets, instrument, index, name)
    if not _has_answers(parsed):
        raise UnreadableFile(name, f"no responses found in sheet '{parsed.sheet}': the header is there "
                             "but no answers are filled in below it")
    return parsed


def _has_answers(parsed: ParsedResponses) -> bool:
    if parsed.grid is None:
        return any(row.values for row in parsed.rows)
    return any(not blank(value) for column in parsed.grid.cells for value in column)


def _read_wide_best(sheets: Sequence[Sheet], instrument: Instrument, index: HeaderIndex,
                    name: str) -> ParsedResponses:
    candidates = [found for sheet in sheets if not sheet.hidden
                  for found in [_best_header(sheet, index)] if found is not None]
    if not candidates:
        examples = ", ".join(item.name for item in instrument.items[:3])
        hidden = [sheet.name for sheet in sheets if sheet.hidden and _best_header(sheet, index)]
        hint = (f"; sheet '{hidden[0]}' is hidden: unhide it in Excel if it holds the answers"
                if hidden else "")
        raise UnreadableFile(name, f"no responses found: no sheet has a header row with 'respondent' "
                             f"and the items of form {instrument.form_id} (e.g. {examples}){hint}")
    best = max(candidates, key=lambda found: found[0])  # first sheet wins a tie
    parsed = _read_wide(best[1], best[2], instrument, index, name)
    others = tuple(_other_answer_sheet(found, best, name) for found in candidates if found is not best)
    return replace(parsed, issues=parsed.issues + tuple(i for i in others if i is not None))


def _best_header(sheet: Sheet, index: HeaderIndex) -> tuple[tuple[bool, int], Sheet, int] | None:
    """((has respondent, item columns), sheet, row) of the row that looks most like a header."""
    best = None
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        score, has_respondent = index.quick_score(row)
        if score and (best is None or (has_respondent, score) > best[0]):
            best = ((has_respondent, score), sheet, r)
    return best


def _other_answer_sheet(found, best, name: str) -> ValidationIssue | None:
    """A second sheet laid out like the answer sheet would be silently left out: refuse it."""
    (has_respondent, score), sheet, r = found
    if not has_respondent or score < max(2, best[0][1] // 2):
        return None
    if not any(sum(not blank(v) for v in row) >= 2 for row in sheet.rows[r + 1:]):
        return None
    return ValidationIssue(name, sheet.name, cell_ref(r, 0),
                           f"sheet '{sheet.name}' also holds answers, but only sheet '{best[1].name}' "
                           "is read: put all answers in one sheet, or save each sheet as its own file "
                           "and import the files together")


def _read_wide(sheet: Sheet, header_row: int, instrument: Instrument, index: HeaderIndex,
               name: str) -> ParsedResponses:
    header, first = _header_cells(sheet, header_row, index)
    columns, issues = match_columns(header, instrument, file=name, sheet=sheet.name,
                                    row=header_row, index=index)
    by_role: dict[str, list[Column]] = {}
    for column in columns:
        by_role.setdefault(column.role, []).append(column)
    keys = [header_key(c.header) for c in columns]
    kobo = any(c.role in ("item", "tick") and any(s in keys[c.index] for s in "/.;") for c in columns) \
        or any(c.role in ("ignored", "check", "repeat") and keys[c.index] for c in columns)
    respondent = (by_role.get("respondent") or [None])[0]
    if respondent is None:
        respondent = _submission_id_column(columns, keys)
        if respondent is None:
            issues.append(ValidationIssue(name, sheet.name, cell_ref(header_row, 0),
                                          "no respondent column: add a column headed 'respondent' "
                                          "holding each delegation's name"))
    group = (by_role.get("group") or [None])[0]
    value_cols = [(c.index, c.item, c.option, column_letter(c.index))
                  for c in columns if c.role in ("item", "tick")]
    check_cols = [(c.index, c.item, c.option, column_letter(c.index)) for c in by_role.get("check", [])]
    attribute_cols = [(c.index, _attribute_name(c, name, sheet.name, header_row, issues))
                      for c in by_role.get("attribute", [])]
    # A consent column is read as the consent answer, not as an attribute to compare by.
    consent_at = next((ci for ci, head in attribute_cols if header_key(head) in CONSENT_HEADERS), None)
    attribute_cols = [(ci, head) for ci, head in attribute_cols if ci != consent_at]
    consent_letter = column_letter(consent_at) if consent_at is not None else None
    data = _without_missing_markers(_data_rows(sheet, first),
                                    [c.index for c in columns if c.role in ("item", "tick", "check")])
    issues.extend(cleaning_report(sheet, name, _kinds(columns, instrument), range(header_row, first), first))
    one_line = _one_line()
    rows = []
    who = respondent.index if respondent else None
    who_letter = column_letter(who) if respondent else None
    group_at = group.index if group else None
    group_letter = column_letter(group_at) if group else None
    for r, row in data:
        width, number = len(row), str(r + 1)
        attributes = {head: one_line(row[ci]) for ci, head in attribute_cols
                      if ci < width and not blank(row[ci])} if attribute_cols else {}
        rows.append(RawRow(
            one_line(row[who]) if who is not None and who < width else "",
            who_letter + number if who_letter else None,
            one_line(row[group_at]) if group_at is not None and group_at < width else "",
            group_letter + number if group_letter else None,
            attributes, RowValues(row, number, value_cols),
            RowValues(row, number, check_cols) if check_cols else (),
            row[consent_at] if consent_at is not None and consent_at < width else None,
            consent_letter + number if consent_letter else None))
    issues.extend(_unnamed_columns(columns, data, name, sheet.name))
    issues.extend(_filter_warnings(attribute_cols, data, name, sheet.name, header_row))
    grid = AnswerGrid(tuple((item, option) for _ci, item, option, _letter in value_cols),
                      _columns_of([row for _, row in data], [ci for ci, *_ in value_cols]))
    return ParsedResponses(name, sheet.name, "kobo" if kobo else "wide", tuple(rows), tuple(issues),
                           grid=grid)


def _one_line():
    """A cell's text as one line (:func:`surveys.plaintext.plain`), each distinct value once."""
    seen: dict = {}

    def one_line(value: Cell) -> str:
        try:
            return seen[value]
        except KeyError:
            text = seen[value] = plain(cell_text(value), line=True)
            return text
        except TypeError:  # an unhashable cell value
            return plain(cell_text(value), line=True)
    return one_line


def _kinds(columns: Sequence[Column], instrument: Instrument) -> dict[int, str]:
    """The kind of cell each column stores (for the report of cleaned text); columns not read are left out."""
    comments = {item.name for item in instrument.items if item.type == "text"}
    kinds = {"respondent": "respondent", "group": "group", "attribute": "attribute"}
    found = {}
    for column in columns:
        if column.role in kinds:
            found[column.index] = kinds[column.role]
        elif column.role in ("item", "tick", "check"):
            found[column.index] = "comment" if column.item in comments else "answer"
    return found


MANY_ATTRIBUTES = N_("{n} columns besides the answers are kept as the respondents' attributes; the dashboard offers "
                     "the first {limit} as filters and to compare by, the others are stored only")
MANY_VALUES = N_("column '{header}' holds {n} different values: stored, but not offered as a filter or to compare "
                 "by (at most {limit} values)")
LONG_HEADER = N_("column header of {n} characters: kept as the first {limit} (it names the column in filters)")


def _attribute_name(column: Column, file: str, sheet: str, header_row: int, issues: list) -> str:
    """An attribute column's header as the attribute's name: one line, at most :data:`MAX_HEADER` characters."""
    text = plain(column.header, line=True)
    if len(text) > MAX_HEADER:
        said = Text.of(LONG_HEADER, n=f"{len(text):,}", limit=MAX_HEADER)
        issues.append(ValidationIssue(file, sheet, cell_ref(header_row, column.index), str(said), "warning", said,
                                      "long_header"))
        text = text[:MAX_HEADER - 1].rstrip() + "…"
    return text


def _filter_warnings(attribute_cols, data, file: str, sheet: str, header_row: int) -> list[ValidationIssue]:
    """What the dashboard will not offer as a filter: attributes past the first few, and
    attributes with more distinct values than a filter lists (:mod:`surveys.limits`)."""
    issues = []
    if len(attribute_cols) > MAX_FILTER_ATTRIBUTES:
        said = Text.of(MANY_ATTRIBUTES, n=len(attribute_cols), limit=MAX_FILTER_ATTRIBUTES)
        issues.append(ValidationIssue(file, sheet, cell_ref(header_row, attribute_cols[MAX_FILTER_ATTRIBUTES][0]),
                                      str(said), "warning", said, "many_attributes"))
    for ci, head in attribute_cols[:MAX_FILTER_ATTRIBUTES]:
        values = {row[ci] for _, row in data if ci < len(row) and not blank(row[ci])}
        if len(values) > MAX_FILTER_VALUES:
            said = Text.of(MANY_VALUES, header=head, n=f"{len(values):,}", limit=MAX_FILTER_VALUES)
            issues.append(ValidationIssue(file, sheet, cell_ref(header_row, ci), str(said), "warning", said,
                                          "many_values"))
    return issues


#: What exports write for "no answer": Ona and ODK ``n/a``, R ``NA`` (answer columns only:
#: ``NA`` in the respondent column is Namibia's ISO code).
MISSING_MARKERS = frozenset({"n/a", "N/A", "NA"})


def _without_missing_markers(data, columns: Sequence[int]):
    """``data`` with the missing-value markers of answer columns made blank. A column's
    distinct values are looked at first (taken in C from the transposed rows), so most
    sheets are returned untouched."""
    if not data or not columns:
        return data
    wanted = sorted(set(columns))
    cells = _columns_of([row for _, row in data], wanted)
    marked = [c for c, column in zip(wanted, cells)
              if any(v.__class__ is str and v.strip() in MISSING_MARKERS for v in set(column))]
    if not marked:
        return data
    out = []
    for r, row in data:
        hits = [c for c in marked if c < len(row) and row[c].__class__ is str and row[c].strip() in MISSING_MARKERS]
        if hits:
            cells = list(row)
            for c in hits:
                cells[c] = None
            row = tuple(cells)
        out.append((r, row))
    return out


def _columns_of(rows: list[Sequence[Cell]], wanted: Sequence[int]) -> tuple[tuple[Cell, ...], ...]:
    """The cells of columns ``wanted`` of ``rows``, one tuple per column (short rows padded)."""
    if not wanted:
        return ()
    width = max(wanted) + 1
    padded = [row if len(row) >= width else tuple(row) + (None,) * (width - len(row)) for row in rows]
    transposed = list(zip(*padded)) if padded else [()] * width
    return tuple(transposed[ci] for ci in wanted)


def _header_cells(sheet: Sheet, r: int, index: HeaderIndex) -> tuple[tuple[Cell, ...], int]:
    """The header row and the first data row. A header split over two rows is joined: under
    multi-level column headers pandas writes the index name (``respondent``) one row lower."""
    header = sheet.rows[r]
    if r + 1 >= len(sheet.rows) or index.quick_score(header)[1]:
        return header, r + 1
    below = sheet.rows[r + 1]
    if not index.quick_score(below)[1] or any(
            not blank(v) and c < len(header) and not blank(header[c]) for c, v in enumerate(below)):
        return header, r + 1
    width = max(len(header), len(below))
    joined = tuple(below[c] if c < len(below) and not blank(below[c]) else
                   (header[c] if c < len(header) else None) for c in range(width))
    return joined, r + 2


def _data_rows(sheet: Sheet, first: int) -> list[tuple[int, tuple[Cell, ...]]]:
    """(row, cells) of the non-blank rows from ``first`` on. A cell merged down over several
    rows shows its value on each of them (a group written once beside its members), so the
    first column of such a range gives its value to the rows below."""
    fills: dict[int, list[tuple[int, Cell]]] = {}
    for top, left, bottom, _right in sheet.merged:
        if first <= top < bottom and top < len(sheet.rows) and left < len(sheet.rows[top]):
            for r in range(top + 1, bottom + 1):
                fills.setdefault(r, []).append((left, sheet.rows[top][left]))
    data = []
    for r in range(first, len(sheet.rows)):
        row = sheet.rows[r]
        if r in fills:
            cells = list(row) + [None] * (max(c for c, _ in fills[r]) + 1 - len(row))
            for c, value in fills[r]:
                cells[c] = value if cells[c] is None else cells[c]
            row = tuple(cells)
        if not all(blank(v) for v in row):
            data.append((r, row))
    return data


def _unnamed_columns(columns: Sequence[Column], data, name: str, sheet: str) -> list[ValidationIssue]:
    """A warning for each column without a header that holds data: it is not read."""
    width = max((len(row) for _, row in data), default=0)
    unnamed = [c.index for c in columns if c.role == "ignored" and not c.header]
    unnamed += range(len(columns), width)
    issues = []
    for col in unnamed:
        cells = [(r, row[col]) for r, row in data if col < len(row) and not blank(row[col])]
        if not cells or _row_numbers([value for _, value in cells]):
            continue
        issues.append(ValidationIssue(
            name, sheet, cell_ref(cells[0][0], col),
            f"column {column_letter(col)} has no header but holds {len(cells)} value(s); it was not "
            "read: give it a header to keep it, or delete it", "warning"))
    return issues


def _row_numbers(values: Sequence[Cell]) -> bool:
    """Values 0, 1, 2 … or 1, 2, 3 … in order: a row index (pandas writes one), not data."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer()
               for v in values):
        return False
    start = int(values[0])
    return start in (0, 1) and [int(v) for v in values] == list(range(start, start + len(values)))


def _submission_id_column(columns: Sequence[Column], keys: Sequence[str]) -> Column | None:
    for wanted in SUBMISSION_IDS:
        for column in columns:
            key = keys[column.index]
            if key == wanted or key.endswith("/" + wanted) or (
                    key.startswith(("x_", "x.")) and "_" + key[2:] == wanted):
                return column
    return None
