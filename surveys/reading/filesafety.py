"""Refuse hostile or broken files before any spreadsheet parser sees them.

Uploaded workbooks come from many hands. Before parsing, :func:`check_file` looks at
the bytes themselves, within a fixed memory and time budget, and refuses with a
one-line reason (:class:`surveys.errors.UnreadableFile`) anything that is

- not a spreadsheet at all (PDF, Word, empty, and for an instrument CSV or text),
  judged by the file's signature, never its extension; responses may also be CSV text
  (no NUL bytes) or a zip of CSV files (an ODK Central export), checked like a workbook's
  zip for bombs, damage and encryption;
- an encrypted workbook: Office keeps a password-protected ``.xlsx`` in an OLE2
  container with an ``EncryptedPackage`` stream ([MS-OFFCRYPTO] 2.3.4.4); an
  encrypted ``.ods`` lists ``encryption-data`` in its manifest;
- truncated or damaged: the zip central directory is missing, a member's data is
  cut short, or its CRC-32 does not match;
- a decompression bomb: too many members, too much declared uncompressed data, an
  extreme compression ratio, or a member that inflates past its declared size;
- an XML entity trick (billion laughs, external entities): any ``<!DOCTYPE`` or
  ``<!ENTITY`` in an XML part. Spreadsheet XML never needs a DTD;
- larger than a consultation needs: a sheet with more rows, columns or cells than
  :mod:`surveys.limits` allows, measured from the XML by :mod:`surveys.reading.extents` (a parser
  would allocate the whole rectangle of a sheet, whatever few values it holds);
- a binary workbook (``.xlsb``), whose sheets cannot be measured before parsing.

Zip members are inflated by this module itself, in bounded chunks, so the size a
member really inflates to is measured rather than taken from its header. While it is at
it, :func:`inspect_file` notes which XML parts hold formulas or error values, so that
:mod:`surveys.reading.formulas` need not inflate the workbook a second time to find out.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass

from surveys.errors import UnreadableFile
from surveys.limits import DEFAULT, Limits, sheet_size_problem

from .extents import PartExtent, exact_extent, inflated, ods_extents, sheet_names, xls_extents
from .formulas import may_compute

NOT_SPREADSHEET = "not a spreadsheet: expected .xlsx, .xlsm, .xls or .ods"
NOT_RESPONSES = ("not a spreadsheet or CSV file: expected .xlsx, .xlsm, .xls, .ods, .csv, or an ODK Central "
                 "export (.zip of CSV files)")
ENCRYPTED = "encrypted (password-protected) workbook: save it without a password"
DAMAGED = "truncated or damaged workbook: open it in Excel or LibreOffice and save it again"

#: Largest file accepted on disk; consultation workbooks are a few hundred kB.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Largest total of uncompressed zip members, and of any one member.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 150 * 1024 * 1024
#: A member inflating more than this ratio is a bomb, once it is big enough to matter
#: (sheet XML compresses about 10-30:1; small members of repeated markup may go higher).
MAX_RATIO = 100
RATIO_FLOOR = 4 * 1024 * 1024
MAX_MEMBERS = 10_000

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_CHUNK = 64 * 1024
_XML_TRICKS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


@dataclass(frozen=True)
class Inspection:
    """What :func:`inspect_file` found: the format, and the zip parts that mention
    formulas or error values (empty for .xls, and for workbooks of plain values)."""

    kind: str
    computed_parts: frozenset[str] = frozenset()
    #: The CSV members of a zip of CSV files (kind ``csv-zip``), in archive order.
    tables: tuple[str, ...] = ()


#: Bytes looked at to tell text from binary data.
TEXT_PROBE = 64 * 1024
_BINARY_SUFFIXES = (".bin", ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".tif", ".tiff", ".bmp")


def check_file(path: str | os.PathLike, display_name: str | None = None, *, limits: Limits = DEFAULT) -> None:
    """Raise :class:`UnreadableFile` unless ``path`` is a workbook that is safe to parse."""
    inspect_file(path, display_name, limits=limits)


def file_kind(path: str | os.PathLike, display_name: str | None = None) -> str:
    """Check the file as :func:`check_file` does and name its format.

    Returns ``"xlsx"`` (also .xlsm/.xlsb: any Office Open XML workbook), ``"ods"`` or
    ``"xls"``.
    """
    return inspect_file(path, display_name).kind


def inspect_file(path: str | os.PathLike, display_name: str | None = None, *,
                 text_ok: bool = False, limits: Limits = DEFAULT) -> Inspection:
    """Check the file as :func:`check_file` does; name its format and the parts with formulas.

    With ``text_ok`` (responses, not instruments) a text file is accepted as kind ``csv``
    and a zip of CSV files (an ODK Central export) as kind ``csv-zip``, under the same
    size limits and, for the zip, the same bomb, damage and encryption checks. Every sheet
    of a workbook must fit ``limits`` (rows, columns, cells); a CSV's lines are counted
    by its reader."""
    name = display_name or os.path.basename(os.fspath(path))
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UnreadableFile(name, "file not found") from None
    except IsADirectoryError:
        raise UnreadableFile(name, "is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(name, f"cannot be opened ({exc.strerror or exc.__class__.__name__})") from None
    if size == 0:
        raise UnreadableFile(name, "empty file: " + NOT_SPREADSHEET)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(name, f"file is {size // 2**20} MB; files over "
                             f"{MAX_FILE_BYTES // 2**20} MB are refused")
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path, name, text_ok, limits)
    if head == _OLE_MAGIC:
        kind = _check_ole(path, name, size)
        with open(path, "rb") as handle:
            _check_extents(name, xls_extents(handle.read()) or {}, limits)
        return Inspection(kind)
    if len(head) < 8 and (_OLE_MAGIC.startswith(head) or any(m.startswith(head[:4]) for m in _ZIP_MAGIC)):
        raise UnreadableFile(name, DAMAGED)
    if text_ok:
        return Inspection(_check_text(path, name))
    raise UnreadableFile(name, NOT_SPREADSHEET + _looks_like(head))


def _check_text(path, name: str) -> str:
    """A CSV is text: no NUL bytes (unless UTF-16, which Excel's "Unicode text" writes) and
    none of the signatures of documents that are not tables."""
    with open(path, "rb") as handle:
        probe = handle.read(TEXT_PROBE)
    utf16 = probe.startswith((b"\xff\xfe", b"\xfe\xff"))
    stripped = probe.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in probe and not utf16:
        raise UnreadableFile(name, NOT_RESPONSES + " (this is binary data, not text)")
    if stripped.startswith((b"%PDF", b"{\\rtf", b"<")):
        raise UnreadableFile(name, NOT_RESPONSES + _looks_like(stripped[:8]))
    return "csv"


def _looks_like(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return " (this is a PDF document)"
    if head.startswith((b"{\\rtf",)):
        return " (this is an RTF document)"
    if head.lstrip().startswith((b"<?xml", b"<")):
        return " (this is an XML or HTML file; save it from Excel as .xlsx)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return " (this looks like text or CSV; save it from Excel as .xlsx)"


# --- zip containers: xlsx, xlsm, xlsb, ods ---------------------------------------------

def _check_extents(name: str, extents, limits: Limits) -> None:
    for sheet, (rows, columns) in extents.items():
        problem = sheet_size_problem(sheet, rows, columns, limits)
        if problem:
            raise UnreadableFile(name, problem)


def _check_zip(path, name: str, text_ok: bool = False, limits: Limits = DEFAULT) -> Inspection:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(name, DAMAGED) from None
    with archive, open(path, "rb") as raw:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnreadableFile(name, f"zip holds {len(members)} parts (limit {MAX_MEMBERS}): refused as unsafe")
        names = {m.filename for m in members}
        tables = tuple(m.filename for m in members if m.filename.lower().endswith(".csv")
                       and not m.filename.rsplit("/", 1)[-1].startswith("."))
        if text_ok and tables and "[Content_Types].xml" not in names and "mimetype" not in names:
            kind = "csv-zip"
        else:
            kind = _zip_kind(archive, names, name, text_ok)
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise UnreadableFile(name, ENCRYPTED)
            if member.file_size > MAX_MEMBER_UNCOMPRESSED:
                raise UnreadableFile(name, _bomb(member.filename, member.file_size))
            total += member.file_size
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise UnreadableFile(name, f"declares {total // 2**20} MB or more of uncompressed data "
                                     f"(limit {MAX_TOTAL_UNCOMPRESSED // 2**20} MB): refused as a decompression bomb")
            if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise UnreadableFile(name, _bomb(member.filename, member.file_size, member.compress_size))
        measured = {member.filename: PartExtent() for member in members if kind == "xlsx" and _is_xml_part(member.filename)}
        kept = {"xl/workbook.xml": None, "xl/_rels/workbook.xml.rels": None}
        computed = frozenset(member.filename for member in members
                             if _inflate_member(raw, member, name, measured.get(member.filename), kept))
        if kind == "xlsx":
            _check_xlsx_extents(raw, archive, name, measured, kept, limits)
        elif kind == "ods" and "content.xml" in names:
            _check_extents(name, ods_extents(archive.read("content.xml")), limits)
    return Inspection(kind, computed if kind != "csv-zip" else frozenset(), tables if kind == "csv-zip" else ())


def _check_xlsx_extents(raw, archive: zipfile.ZipFile, name: str, measured: dict[str, PartExtent],
                        kept: dict, limits: Limits) -> None:
    """Every worksheet part within ``limits``; a part whose quick measure leaves doubt (cells
    without references, or many columns over an unknown number of rows) is measured exactly."""
    sheets = sheet_names(kept["xl/workbook.xml"], kept["xl/_rels/workbook.xml.rels"])
    for part, extent in measured.items():
        rows, columns = extent.bounds()
        if extent.unreferenced or sheet_size_problem("", rows, columns, limits):
            rows, columns = exact_extent(inflated(raw, archive.getinfo(part)))
        problem = sheet_size_problem(sheets.get(part, part), rows, columns, limits)
        if problem:
            raise UnreadableFile(name, problem)


def _zip_kind(archive: zipfile.ZipFile, names: set[str], name: str, text_ok: bool = False) -> str:
    if "[Content_Types].xml" in names:
        if "xl/workbook.bin" in names:
            raise UnreadableFile(name, "binary Excel workbook (.xlsb), whose sheets cannot be checked before "
                                 "reading: save it from Excel as .xlsx")
        if any(n.startswith("xl/workbook.") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            raise UnreadableFile(name, NOT_SPREADSHEET + " (this is a Word document)")
        if any(n.startswith("ppt/") for n in names):
            raise UnreadableFile(name, NOT_SPREADSHEET + " (this is a PowerPoint presentation)")
        raise UnreadableFile(name, NOT_SPREADSHEET)
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size > 200:
            raise UnreadableFile(name, NOT_SPREADSHEET)
        try:
            mimetype = archive.read(info).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error, NotImplementedError):
            raise UnreadableFile(name, DAMAGED) from None
        if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            if _ods_encrypted(archive, names, name):
                raise UnreadableFile(name, ENCRYPTED)
            return "ods"
    if text_ok:
        raise UnreadableFile(name, NOT_RESPONSES + " (a zip archive holding neither a workbook nor CSV files)")
    raise UnreadableFile(name, NOT_SPREADSHEET + " (a zip archive that is not a workbook)")


def _ods_encrypted(archive: zipfile.ZipFile, names: set[str], name: str) -> bool:
    """ODF marks each encrypted part in its manifest with ``<manifest:encryption-data>``."""
    if "META-INF/manifest.xml" not in names:
        return False
    info = archive.getinfo("META-INF/manifest.xml")
    if info.file_size > 4 * 1024 * 1024:
        raise UnreadableFile(name, _bomb(info.filename, info.file_size))
    try:
        return b"encryption-data" in archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error, NotImplementedError):
        raise UnreadableFile(name, DAMAGED) from None


def _bomb(member: str, size: int, compressed: int | None = None) -> str:
    ratio = f" from {compressed} bytes" if compressed is not None else ""
    return (f"part {member} inflates to {size // 2**20} MB{ratio}: refused as a decompression bomb")


def _inflate_member(raw, member: zipfile.ZipInfo, name: str, extent: PartExtent | None = None,
                    kept: dict | None = None) -> bool:
    """Inflate one member in bounded chunks: measure its real size, verify its CRC-32,
    and scan XML parts for DTDs and entity declarations. True when an XML part mentions
    a formula or an error value. ``extent`` is fed the part's text; a member named in
    ``kept`` (small workbook parts) has its text put there."""
    raw.seek(member.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise UnreadableFile(name, DAMAGED)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(member.header_offset + 30 + name_len + extra_len)
    if member.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise UnreadableFile(name, f"part {member.filename} uses an unsupported zip compression method "
                             f"({member.compress_type}): save the workbook again from Excel")
    scan = _is_xml_part(member.filename)
    left = member.compress_size
    produced, crc, tail, computed = 0, 0, b"", False
    limit = member.file_size
    keep = [] if kept is not None and member.filename in kept and member.file_size <= 4 * 1024 * 1024 else None
    while True:
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        elif left > 0:
            data = raw.read(min(_CHUNK, left))
            if not data:
                raise UnreadableFile(name, DAMAGED)
            left -= len(data)
        else:
            break
        try:
            out = inflater.decompress(data, _CHUNK) if inflater is not None else data
        except zlib.error:
            raise UnreadableFile(name, DAMAGED) from None
        produced += len(out)
        if produced > limit:
            raise UnreadableFile(name, f"part {member.filename} inflates past its declared size: "
                                 "refused as a decompression bomb")
        crc = zlib.crc32(out, crc)
        if scan and out:
            window = tail + out
            # "!" is rare in workbook XML and found by a fast byte search: it settles most chunks.
            if b"!" in window and any(trick in window for trick in _XML_TRICKS):
                raise UnreadableFile(name, f"part {member.filename} declares a DTD or XML entities "
                                     "(<!DOCTYPE/<!ENTITY), which workbooks never need: refused as unsafe")
            computed = computed or may_compute(window)
            if extent is not None:
                extent.feed(window)
            if keep is not None:
                keep.append(out)
            tail = window[-24:]
        if inflater is not None and inflater.eof:
            break
    if inflater is not None and not inflater.eof:
        raise UnreadableFile(name, DAMAGED)
    if produced != member.file_size or crc != member.CRC:
        raise UnreadableFile(name, DAMAGED)
    if keep is not None:
        kept[member.filename] = b"".join(keep)
    return computed


def _is_xml_part(filename: str) -> bool:
    return not filename.lower().endswith(_BINARY_SUFFIXES + (".csv",)) and not filename.endswith("/")


# --- OLE2 compound files: legacy .xls, and encrypted Office Open XML ---------------------

_ENDOFCHAIN, _FREESECT = 0xFFFFFFFE, 0xFFFFFFFF


def _check_ole(path, name: str, size: int) -> str:
    """Read the compound file's directory ([MS-CFB] 2.2, 2.6) and decide by stream names."""
    try:
        with open(path, "rb") as handle:
            streams = _ole_stream_names(handle, size)
    except (struct.error, ValueError, IndexError):
        raise UnreadableFile(name, DAMAGED) from None
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return _raise(name, ENCRYPTED)
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return _raise(name, NOT_SPREADSHEET + " (an older Office document that is not a workbook)")


def _raise(name: str, reason: str) -> str:
    raise UnreadableFile(name, reason)


def _ole_stream_names(handle, size: int) -> set[str]:
    header = handle.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    sector = 1 << shift
    n_sectors = max(0, size // sector - 1) + 1
    first_dir, = struct.unpack_from("<I", header, 0x30)
    first_difat, n_difat = struct.unpack_from("<II", header, 0x44)

    def read_sector(index: int) -> bytes:
        if index >= n_sectors:
            raise ValueError("sector out of range")
        handle.seek((index + 1) * sector)
        data = handle.read(sector)
        if len(data) < sector:
            raise ValueError("truncated sector")
        return data

    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _ENDOFCHAIN]
    next_difat, seen = first_difat, 0
    while next_difat < _ENDOFCHAIN and seen <= n_difat and seen < n_sectors:
        entries = struct.unpack(f"<{sector // 4}I", read_sector(next_difat))
        fat_sectors += [s for s in entries[:-1] if s < _ENDOFCHAIN]
        next_difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for index in fat_sectors[: n_sectors]:
        fat += struct.unpack(f"<{sector // 4}I", read_sector(index))

    names, current, visited = set(), first_dir, set()
    while current < _ENDOFCHAIN:
        if current in visited or current >= len(fat):
            raise ValueError("broken directory chain")
        visited.add(current)
        block = read_sector(current)
        for offset in range(0, sector, 128):
            entry = block[offset: offset + 128]
            length = struct.unpack_from("<H", entry, 0x40)[0]
            if entry[0x42] in (1, 2) and 2 <= length <= 64:
                names.add(entry[: length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names
