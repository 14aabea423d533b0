"""Read CSV exports into sheets: KoboToolbox, Ona, Excel, R and pandas CSVs, and ODK
Central's zip of CSV files.

A CSV comes back as one :class:`~surveys.reading.workbook.Sheet` named after the file, every cell
text (or ``None`` when empty), so a value is never reinterpreted the way Excel would
(leading zeros, dates, ``=`` formulas stay as typed). Row numbers are record numbers, as
a spreadsheet opening the file shows them, so ``answers.csv!D7`` is the 7th record's 4th
value even when a quoted value above spans several lines.

- Encoding: declared (``--encoding``) or decided by :mod:`surveys.reading.encodings`; a file whose
  cells are partly UTF-8 and partly a legacy code page is refused at the first cell of
  the smaller part.
- Separator: ``,`` ``;`` or tab, whichever splits the first records most consistently
  (Excel's ``sep=;`` first line is honoured).
- Damage is located to the cell and the file refused: a quote never closed, a quote
  followed by more text, a row with more or fewer values than the header row.
- An ODK Central export (a zip of ``form.csv`` and one ``form-repeat.csv`` per repeat,
  ODK Central docs, "Submissions: exporting") is read through its main table; tables with
  a ``PARENT_KEY`` column hold repeats and are reported as not analysed.
"""
from __future__ import annotations

import csv
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

from surveys.errors import UnreadableFile
from surveys.limits import DEFAULT, Limits, sheet_size_problem
from surveys.model import ValidationIssue
from surveys.plaintext import clean_cells

from .encodings import CLOSE, Decoded, bom_encoding, codec, decode, plausibility
from .filesafety import Inspection, inspect_file
from .workbook import Sheet, cell_ref, read_workbook

SEPARATORS = (",", ";", "\t")
#: Records sampled to choose the separator.
_SAMPLE = 50
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SEP_HINT = re.compile(r"^sep=(.)\r?\n?$")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class TextTable:
    """The sheet(s) read from a CSV or an ODK zip, how they were read, and what went wrong."""

    sheets: tuple[Sheet, ...]
    reading: str
    issues: tuple[ValidationIssue, ...] = ()


def read_table(path: str | os.PathLike, name: str, encoding: str | None = None, *,
               limits: Limits = DEFAULT) -> TextTable:
    """Whatever holds responses: a workbook, a CSV file or an ODK Central zip, judged by its
    bytes (never its extension) after :func:`surveys.reading.filesafety.inspect_file`'s checks.
    ``reading`` is empty for a workbook; ``encoding`` applies to CSV text only. Every sheet
    must fit ``limits`` (rows, columns, cells)."""
    inspection = inspect_file(path, name, text_ok=True, limits=limits)
    if inspection.kind == "csv":
        return read_csv(path, name, encoding, limits=limits)
    if inspection.kind == "csv-zip":
        return read_csv_zip(path, name, inspection, encoding, limits=limits)
    return TextTable(read_workbook(path, display_name=name, inspection=inspection, limits=limits), "")


def read_csv(path: str | os.PathLike, name: str, encoding: str | None = None, *,
             limits: Limits = DEFAULT) -> TextTable:
    """The CSV file at ``path`` (``name`` is what messages call it)."""
    with open(path, "rb") as handle:
        data = handle.read()
    sheet, reading, issues = read_csv_bytes(data, name, name, encoding, limits=limits)
    return TextTable((sheet,), f"CSV, {reading}", tuple(issues))


def read_csv_zip(path: str | os.PathLike, name: str, inspection: Inspection,
                 encoding: str | None = None, *, limits: Limits = DEFAULT) -> TextTable:
    """The main table of an ODK Central export; repeat tables are reported, not read.
    ``inspection`` is what :func:`surveys.reading.filesafety.inspect_file` found (sizes checked)."""
    main, repeats = [], []
    with zipfile.ZipFile(path) as archive:
        for member in inspection.tables:
            data = archive.read(member)
            header = _first_line(data).lower()
            (repeats if b"parent_key" in header else main).append((member, data))
    if not main:
        raise UnreadableFile(name, "the zip holds only repeat tables (each has a PARENT_KEY column): "
                             "include the main table of the export")
    if len(main) > 1:
        listed = ", ".join(member for member, _ in main)
        raise UnreadableFile(name, f"the zip holds several main tables ({listed}): import each form's "
                             "export on its own")
    member, data = main[0]
    sheet_name = member.rsplit("/", 1)[-1]
    sheet, reading, issues = read_csv_bytes(data, name, sheet_name, encoding, limits=limits)
    for table, _ in repeats:
        issues.append(ValidationIssue(name, table.rsplit("/", 1)[-1], None, (
            "repeat table: answers inside a repeat come several to a respondent and are not analysed"),
            "warning"))
    return TextTable((sheet,), f"ODK Central export, table {sheet_name}: CSV, {reading}", tuple(issues))


def _first_line(data: bytes) -> bytes:
    end = data.find(b"\n")
    return data[: end if end >= 0 else len(data)]


def read_csv_bytes(data: bytes, file: str, sheet: str, encoding: str | None, *, limits: Limits = DEFAULT
                   ) -> tuple[Sheet, str, list[ValidationIssue]]:
    """(sheet, how it was read, problems) for the bytes of one CSV file. Its lines are
    counted before parsing, and parsing stops at a record wider than ``limits`` allow."""
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    problem = sheet_size_problem(sheet, lines, 1, limits)
    if problem:
        raise UnreadableFile(file, problem)
    issues: list[ValidationIssue] = []
    say = lambda r, c, message, severity="error": issues.append(  # noqa: E731
        ValidationIssue(file, sheet, cell_ref(r, c) if r is not None else None, message, severity))
    try:
        declared = codec(encoding) if encoding else None
    except ValueError as exc:
        raise UnreadableFile(file, str(exc)) from None
    chosen = declared or bom_encoding(data)
    if chosen == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        chosen = "utf-8-sig"
    text = None
    if chosen is None or chosen.startswith("utf-8"):
        try:
            text = data.decode(chosen or "utf-8")
            chosen = chosen or "utf-8"
        except UnicodeDecodeError:
            pass
    if text is None and chosen is not None and not _ascii_compatible(chosen):
        text = data.decode(chosen, errors="replace")
    if text is not None:
        rows, separator = _parse(text, say, limits)
        decoded = Decoded("", chosen, detected=not declared)
    elif chosen is not None:  # declared, or a byte-order mark, but the bytes disagree somewhere
        rows, separator = _parse(data.decode("latin-1"), say, limits)
        rows = _decode_cells(rows, "utf-8" if chosen == "utf-8-sig" else chosen, say)
        decoded = Decoded("", chosen, detected=not declared)
    else:
        rows, separator = _parse(data.decode("latin-1"), say, limits)
        decoded, rows = _legacy(rows, say)
    rows = _ragged(rows, say)
    if decoded.doubt:
        say(None, None, f"the text encoding was uncertain: read as {decoded.name}, though it could be "
            f"{Decoded('', decoded.doubt).name}; if names or comments look wrong, import again declaring the "
            f"encoding (--encoding {decoded.doubt})", "warning")
    reading = f"{decoded.describe()}, {_NAMES[separator]}-separated"
    rows, cleaned = clean_cells(rows)
    return Sheet(sheet, tuple(rows), cleaned=cleaned), reading, issues


def _ascii_compatible(encoding: str) -> bool:
    return "utf-16" not in encoding and "utf-32" not in encoding


def _parse(text: str, say, limits: Limits = DEFAULT) -> tuple[list[tuple], str]:
    """Records of ``text`` as tuples of str (``None`` for empty values), and the separator.
    A record wider than ``limits.columns``, or one that takes the table past its cells, ends
    the reading with an error at that record."""
    lines = [line for line in _LINE.findall(text) if line]
    separator, skipped = None, 0
    if lines and _SEP_HINT.match(lines[0]):
        separator, lines, skipped = _SEP_HINT.match(lines[0]).group(1), lines[1:], 1
    separator = separator or _separator(lines)
    rows: list[tuple] = []
    cells = 0
    feed = iter(lines)
    reader = csv.reader(feed, delimiter=separator, quotechar='"', doublequote=True, strict=True)
    start = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            col, what = _locate(lines[start:], separator, skipped + start + 1)
            if what is None and "field larger" in str(exc):
                what = (f"a value longer than {csv.field_size_limit():,} characters, far more than any answer "
                        "(spreadsheets hold 32,767 per cell); nothing after it was read")
            say(len(rows), col, what or f"the CSV is damaged here ({exc}); nothing after it was read")
            break
        start = reader.line_num
        cells += len(record)
        if len(record) > limits.columns:
            say(len(rows), limits.columns, f"this row has {len(record):,} values: at most {limits.columns:,} columns "
                "are read (one per item, option and attribute); nothing after it was read")
            break
        if cells > limits.sheet_cells:
            say(len(rows), 0, f"the table passes {limits.sheet_cells:,} cells at this row: more than a consultation "
                "needs; nothing after it was read")
            break
        rows.append(tuple(value if value != "" else None for value in record))
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows, separator


def _separator(lines: list[str]) -> str:
    """The separator that gives the sampled records the most columns, all of one width."""
    sample = lines[:_SAMPLE]
    best, best_key = ",", (-1, -1)
    for separator in SEPARATORS:
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=separator, quotechar='"') if r]
        except csv.Error:
            continue
        if not widths:
            continue
        mode, count = Counter(widths).most_common(1)[0]
        key = (count if mode > 1 else 0, mode)
        if key > best_key:
            best, best_key = separator, key
    return best


def _locate(lines: list[str], separator: str, line_number: int) -> tuple[int, str | None]:
    """(column, message) of what breaks the record that starts ``lines``, on line ``line_number``."""
    text = "".join(lines)
    col, quoted, at_start, i = 0, False, True, 0
    opened = (0, 0)
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1: i + 2] == '"':
                    i += 2
                    continue
                quoted = False
                following = text[i + 1: i + 2]
                if following not in (separator, "\r", "\n", ""):
                    rest = text[i + 1:].splitlines()[0][:20]
                    return col, (f"a quoted value ends here but text follows its closing quote ('{rest}'): "
                                 "quote the whole value, doubling any quote inside it")
        elif ch == '"' and at_start:
            quoted, opened = True, (col, i)
        elif ch == separator:
            col += 1
            at_start = True
            i += 1
            continue
        elif ch in "\r\n":
            break
        at_start = False
        i += 1
    if quoted:
        line = line_number + text[: opened[1]].count("\n")
        return opened[0], ("a quote opens this value and is never closed, so everything after it "
                           f"(from line {line} of the file on) would be read as one value: "
                           "close the quote, or double any quote inside a quoted value")
    return col, None


def _decode_cells(rows: list[tuple], encoding: str, say) -> list[tuple]:
    """Cells parsed from the Latin-1 view, decoded in ``encoding``; undecodable ones reported."""
    out = []
    for r, row in enumerate(rows):
        if all(v is None or v.isascii() for v in row):
            out.append(row)
            continue
        cells = []
        for c, value in enumerate(row):
            if value is None or value.isascii():
                cells.append(value)
                continue
            raw = value.encode("latin-1")
            try:
                cells.append(raw.decode(encoding))
            except UnicodeDecodeError as exc:
                say(r, c, f"this value is not valid {encoding} (byte 0x{raw[exc.start]:02X}): the file was "
                    "declared or detected as this encoding; save it again in one encoding, UTF-8 at best")
                cells.append(raw.decode(encoding, errors="replace"))
        out.append(tuple(cells))
    return out


def _legacy(rows: list[tuple], say) -> tuple[Decoded, list[tuple]]:
    """Decode a file that is not UTF-8 throughout: choose the legacy encoding from its
    non-UTF-8 cells, and refuse cells written in UTF-8 beside them (mixed encodings)."""
    places: dict[bytes, list[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and not value.isascii():
                places.setdefault(value.encode("latin-1"), []).append((r, c))
    utf8 = {raw for raw in places if _utf8(raw) is not None}
    legacy_bytes = [raw for raw in places if raw not in utf8]
    decoded = decode(b"\n".join(legacy_bytes))
    encoding = decoded.encoding
    # A short cell of GB18030 or Windows-1252 can be valid UTF-8 by chance: it counts as
    # UTF-8 only when it reads more plausibly so.
    utf8 = {raw for raw in utf8
            if plausibility(_utf8(raw)) > plausibility(raw.decode(encoding, errors="replace")) + CLOSE}
    if utf8:
        minority_utf8 = len(utf8) <= len(places) - len(utf8)
        wrong = sorted((where for raw in places if (raw in utf8) == minority_utf8 for where in places[raw]))
        r, c = wrong[0]
        other = f"{decoded.name}, like the rest of the file" if minority_utf8 else "UTF-8, like the rest of the file"
        own = "UTF-8" if minority_utf8 else decoded.name
        say(r, c, f"this value is written in {own}, not {other}: the file mixes text encodings "
            f"({len(wrong)} value(s) like this one); save the whole file again in one encoding, UTF-8 at best")
        if not minority_utf8:
            encoding = "utf-8"
    out = []
    for row in rows:
        out.append(tuple(_cell(value, encoding, utf8) for value in row)
                   if any(v is not None and not v.isascii() for v in row) else row)
    return Decoded("", encoding, doubt=decoded.doubt), out


def _cell(value, encoding: str, utf8: set[bytes]):
    if value is None or value.isascii():
        return value
    raw = value.encode("latin-1")
    if raw in utf8:
        return raw.decode("utf-8")
    return raw.decode(encoding, errors="replace")


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _ragged(rows: list[tuple], say) -> list[tuple]:
    """Rows as wide as the table; a row of another width is reported and left out.

    The width is the most common one among non-blank rows; shorter rows before the first
    row of that width are title lines above the header."""
    widths = [len(row) for row in rows if any(v is not None for v in row)]
    if not widths:
        return rows
    counts = Counter(widths)
    first_of = {}
    for w in widths:
        first_of.setdefault(w, len(first_of))
    width = max(counts, key=lambda w: (counts[w], -first_of[w]))  # a tie goes to the header's width
    first = next(r for r, row in enumerate(rows) if len(row) == width)
    out = list(rows)
    for r in range(first + 1, len(rows)):
        row = rows[r]
        if len(row) == width or not any(v is not None for v in row):
            continue
        if len(row) > width:
            say(r, width, f"this row has {len(row)} values but the header row has {width} columns: a "
                "separator inside a value that is not quoted? Quote the value, or remove the extra separator")
        else:
            say(r, len(row), f"this row has {len(row)} values but the header row has {width} columns: "
                "values are missing from its end (a line break inside a value that is not quoted?)")
        out[r] = ()
    return out
