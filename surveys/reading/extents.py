"""How large each sheet of a workbook is, found from its bytes before any spreadsheet parser runs.

A spreadsheet parser gives each sheet a rectangle from A1 to its farthest value and
allocates all of it: one value in A1 and one in XFD1048576 make 17 billion cells, and the
allocation aborts the whole server process. So the extent of every sheet is measured
from the file itself and checked against :mod:`surveys.limits` first.

- Office Open XML (``.xlsx``, ``.xlsm``): while :mod:`surveys.reading.filesafety` inflates each XML
  part, :class:`PartExtent` notes the cell references that reach column AA or row 10,000
  (two byte searches, exact where it matters) and cells written without a reference
  (which a parser places one after another). A part with such cells, or with a wide but
  short-looking extent, is measured exactly by :func:`exact_extent`, reading it again.
  Sheet names come from ``xl/workbook.xml`` and its relationships.
- OpenDocument (``.ods``): rows and cells carry repeat counts (``number-rows-repeated``),
  so a file of a few hundred bytes can declare a million rows; :func:`ods_extents` walks
  ``content.xml`` and counts what a parser would expand (empty trailing repeats do not count).
- Legacy ``.xls``: xlrd reads the cells sparsely and gives each sheet's used rows and columns.
- CSV: lines are counted before parsing (:func:`surveys.reading.csvfile.read_csv_bytes`).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

#: References with two or more column letters (AA on) or a row of five digits (10,000 on):
#: below both, a sheet is at most 26 columns by 9,999 rows, and needs no exact measure.
_FAR = re.compile(rb'r="(?:[A-Za-z]{2,}|[A-Za-z]?\d{5})')
#: A cell without a reference (``<c>``, ``<c t="s">``): placed after the one before it.
_UNREFERENCED = re.compile(rb'<c(?:>| (?:[^r]|r[^=]))')
_REF = re.compile(rb'r="([A-Za-z]*)(\d*)')
_TOKEN = re.compile(rb'<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>')
_ATTR_R = re.compile(rb'\br="([A-Za-z]*)(\d*)"')
#: Rows and columns below these need no exact count (see _FAR).
NEAR_ROWS, NEAR_COLUMNS = 9_999, 26


def column_number(letters: bytes | str) -> int:
    """``A`` → 1, ``AA`` → 27, ``XFD`` → 16,384 (case-insensitive)."""
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class PartExtent:
    """What the byte scan of one XML part found (fed chunk by chunk, windows may overlap)."""

    max_row: int = 0
    max_column: int = 0
    unreferenced: bool = False
    seen_far: bool = False

    def feed(self, window: bytes) -> None:
        # Both patterns start with a literal ('r="', '<c'), which the regular expression engine
        # looks for first: one pass of each over the window.
        far = set(_FAR.findall(window))
        if far:
            self.seen_far = True
            for ref in far:
                letters, digits = _REF.match(ref).groups()
                if len(letters) >= 2:
                    self.max_column = max(self.max_column, column_number(letters))
                if len(digits) >= 5:
                    self.max_row = max(self.max_row, int(digits))
        if not self.unreferenced and _UNREFERENCED.search(window):
            self.unreferenced = True

    def bounds(self) -> tuple[int, int]:
        """(rows, columns) this part may span: exact above :data:`NEAR_ROWS` and
        :data:`NEAR_COLUMNS`, those bounds below them."""
        return max(self.max_row, NEAR_ROWS), max(self.max_column, NEAR_COLUMNS)


def exact_extent(xml_chunks) -> tuple[int, int]:
    """(rows, columns) a parser gives a worksheet part: the farthest row and column holding a
    cell, cells and rows without a reference counted one after the one before, as
    calamine and Excel place them. ``xml_chunks`` yields the inflated part in pieces."""
    row = col = max_row = max_col = 0
    tail = b""
    for chunk in xml_chunks:
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:
            data, tail = data[:cut], data[cut:]
        else:
            tail = b""
        for closing, tag, attrs in _TOKEN.findall(data):
            if closing:
                continue
            ref = _ATTR_R.search(attrs) if b'r="' in attrs else None
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
                continue
            self_closing = attrs.endswith(b"/")
            if ref and ref.group(1):
                col = column_number(ref.group(1))
                if ref.group(2):
                    row = int(ref.group(2))
            else:
                col += 1
            if not self_closing:  # an empty cell (``<c r="A1" s="2"/>``) holds no value
                max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


def inflated(raw, member, chunk: int = 64 * 1024):
    """The inflated bytes of zip ``member`` (already checked) read from ``raw``, in pieces."""
    import struct
    import zipfile

    raw.seek(member.header_offset)
    header = raw.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(member.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if member.compress_type == zipfile.ZIP_DEFLATED else None
    left = member.compress_size
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = raw.read(min(chunk, left))
            left -= len(data)
            if not data:
                return
        yield inflater.decompress(data, chunk) if inflater is not None else data


_SHEET = re.compile(rb'<(?:[\w.-]+:)?sheet\b[^>]*>')
_NAME = re.compile(rb'\bname="([^"]*)"')
_RID = re.compile(rb'\b[\w.-]+:id="([^"]*)"')
_REL = re.compile(rb'<(?:[\w.-]+:)?Relationship\b[^>]*>')
_ID = re.compile(rb'\bId="([^"]*)"')
_TARGET = re.compile(rb'\bTarget="([^"]*)"')


def sheet_names(workbook_xml: bytes | None, rels_xml: bytes | None) -> dict[str, str]:
    """Zip part → sheet name, from ``xl/workbook.xml`` and ``xl/_rels/workbook.xml.rels``."""
    if not workbook_xml or not rels_xml:
        return {}
    targets = {}
    for tag in _REL.findall(rels_xml):
        rid, target = _ID.search(tag), _TARGET.search(tag)
        if rid and target:
            path = target.group(1).decode("utf-8", "replace")
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else "xl/" + path
    names = {}
    for tag in _SHEET.findall(workbook_xml):
        name, rid = _NAME.search(tag), _RID.search(tag)
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = _unescape(name.group(1).decode("utf-8", "replace"))
    return names


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


# --- OpenDocument ----------------------------------------------------------------------------

_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_TABLE_NAME = re.compile(rb'table:name="([^"]*)"')
_VALUE = re.compile(rb'value-type=|<text:')


@dataclass
class _OdsTable:
    name: str
    rows: int = 0
    columns: int = 0
    row: int = 0
    extents: list = field(default_factory=list)


def ods_extents(content: bytes) -> dict[str, tuple[int, int]]:
    """Sheet name → (rows, columns) as a parser expands ``content.xml``: repeated rows and
    cells count as often as they repeat when they hold a value, not when they are empty."""
    tables: dict[str, tuple[int, int]] = {}
    table: _OdsTable | None = None
    row_start = row_repeat = 0
    col = row_width = 0
    pending_cell = None  # (repeat, offset where its content starts) of an open cell
    for match in _ODS_TOKEN.finditer(content):
        closing, tag, attrs, empty = match.groups()
        if tag == b"table":
            if closing and table is not None:
                tables[table.name] = (table.rows, table.columns)
                table = None
            elif not closing:
                name = _TABLE_NAME.search(attrs)
                table = _OdsTable(_unescape(name.group(1).decode("utf-8", "replace")) if name else "")
            continue
        if table is None:
            continue
        if tag == b"table-row":
            if closing:
                if row_width:
                    table.rows = max(table.rows, row_start + row_repeat - 1)
                    table.columns = max(table.columns, row_width)
                table.row = row_start + row_repeat - 1
                continue
            repeat = _ROWS_REPEATED.search(attrs)
            row_start, row_repeat = table.row + 1, int(repeat.group(1)) if repeat else 1
            col = row_width = 0
            if empty:
                table.row = row_start + row_repeat - 1
            continue
        # a cell
        if closing:
            if pending_cell is not None:
                repeat, start = pending_cell
                if _VALUE.search(content, start, match.start()):
                    row_width = col
                pending_cell = None
            continue
        repeat = _COLUMNS_REPEATED.search(attrs)
        count = int(repeat.group(1)) if repeat else 1
        col += count
        if b"value-type=" in attrs:
            row_width = col
        if not empty:
            pending_cell = (count, match.end())
    return tables


# --- legacy .xls -----------------------------------------------------------------------------

def xls_extents(data: bytes) -> dict[str, tuple[int, int]] | None:
    """Sheet name → (rows, columns) of a BIFF workbook as xlrd reads it (sparse rows, blank
    cells left out), or None when xlrd cannot read it (the parser will say why)."""
    try:
        import xlrd

        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
        extents = {}
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            width = max((sheet.row_len(r) for r in range(sheet.nrows)), default=0)
            extents[sheet.name] = (sheet.nrows, width)
            book.unload_sheet(index)
        return extents
    except Exception:  # a damaged file is the parser's to report
        return None
