"""Hostile and broken files are refused before parsing, quickly, with a one-line reason.

Every hostile file is built here under tmp_path: decompression bombs (honest and with
forged headers), billion-laughs XML, truncated and corrupted zips, encrypted workbooks
in an OLE2 container ([MS-CFB] layout, [MS-OFFCRYPTO] stream names), and non-workbooks.
"""
from __future__ import annotations

import struct
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from support.zips import forge_uncompressed_size
from surveys.errors import UnreadableFile
from surveys.reading.filesafety import DAMAGED, ENCRYPTED, NOT_SPREADSHEET, check_file, file_kind, inspect_file
from surveys.reading.workbook import read_workbook


def _xlsx(path: Path, rows: int = 30) -> Path:
    book = openpyxl.Workbook()
    for r in range(rows):
        book.active.append([r, f"text {r}", r * 0.5])
    book.save(path)
    return path


def _refused(path: Path, expected: str) -> str:
    """Assert the file is refused in under 2 s, by check_file and by read_workbook alike."""
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as caught:
        check_file(path, "upload.xlsx")
    elapsed = time.perf_counter() - started
    assert elapsed < 2, f"refusal took {elapsed:.2f} s"
    message = str(caught.value)
    assert message.startswith("upload.xlsx: ") and "\n" not in message, message
    assert expected in caught.value.reason, message
    with pytest.raises(UnreadableFile):
        read_workbook(path, display_name="upload.xlsx")
    return caught.value.reason


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy a zip, passing each member's bytes through ``change(name, data)``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info)))
    return target


def _compound_file(path: Path, streams: list[str]) -> Path:
    """A minimal OLE2 compound file ([MS-CFB]): header, one FAT sector, one directory sector."""
    end, free, fatsect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)  # minor, major version, byte order, 512 B
    struct.pack_into("<H", header, 0x20, 6)  # mini sector shift
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fatsect, end, *([free] * 126))
    directory = bytearray(512)
    for slot, (name, kind) in enumerate([("Root Entry", 5)] + [(s, 2) for s in streams][:3]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry = slot * 128
        directory[entry: entry + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, entry + 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", directory, entry + 0x44, free, free, free)
    path.write_bytes(bytes(header) + fat + bytes(directory))
    return path


@pytest.mark.parametrize("name, content, hint", [
    ("answers.csv", "country,q1_overall\nChad,4\n".encode(), "text or CSV"),
    ("notes.txt", "Some notes".encode("utf-8"), "text or CSV"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("page.html", b"<html><body><table></table></body></html>", "XML or HTML"),
    ("random.bin", bytes(range(256)) * 4, ""),
])
def test_non_spreadsheets_are_refused_by_signature(tmp_path, name, content, hint):
    path = tmp_path / name
    path.write_bytes(content)
    reason = _refused(path, NOT_SPREADSHEET)
    assert hint in reason


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _refused(path, NOT_SPREADSHEET).startswith("empty file")


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(path, NOT_SPREADSHEET)


def test_word_document_is_named(tmp_path):
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "Word document" in _refused(path, NOT_SPREADSHEET)


def test_truncated_xlsx_is_refused(tmp_path):
    whole = _xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    _refused(path, DAMAGED)


def test_corrupted_member_fails_its_crc(tmp_path):
    path = _xlsx(tmp_path / "book.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    _refused(path, DAMAGED)


def test_declared_gigabyte_member_is_refused_from_the_central_directory(tmp_path):
    path = _xlsx(tmp_path / "bomb.xlsx")
    forge_uncompressed_size(path, "xl/worksheets/sheet1.xml", 1024 ** 3)
    assert "decompression bomb" in _refused(path, "1024 MB")


def test_total_declared_size_is_capped(tmp_path):
    path = _xlsx(tmp_path / "bomb.xlsx")
    forge_uncompressed_size(path, "xl/worksheets/sheet1.xml", 120 * 1024 ** 2)
    forge_uncompressed_size(path, "xl/styles.xml", 120 * 1024 ** 2)
    _refused(path, "refused as a decompression bomb")


def test_extreme_compression_ratio_is_refused(tmp_path):
    """A member of 50 MB of zeros deflates to about 50 kB (ratio ~1000:1)."""
    path = _xlsx(tmp_path / "bomb.xlsx")
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.xml", "w") as member:
            for _ in range(50):
                member.write(zeros)
    assert "decompression bomb" in _refused(path, "xl/media/padding.xml")


def test_member_inflating_past_its_declared_size_is_refused(tmp_path):
    """A forged header claims 1 kB; the deflate stream really holds 3 MB."""
    path = _xlsx(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/extra.xml", b"<a/>" + bytes(3 * 1024 * 1024))
    forge_uncompressed_size(path, "xl/extra.xml", 1000)
    assert "past its declared size" in _refused(path, "decompression bomb")


def test_billion_laughs_in_a_sheet_is_refused(tmp_path):
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
              + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                         for i in range(1, 10))
              + b"]>\n")

    def poison(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return laughs + data.split(b"?>", 1)[-1].replace(b"<c ", b"<c ", 1).replace(b"text 1<", b"&lol9;<")
        return data

    path = _rewrite(_xlsx(tmp_path / "clean.xlsx"), tmp_path / "lol.xlsx", poison)
    reason = _refused(path, "<!DOCTYPE/<!ENTITY")
    assert "xl/worksheets/sheet1.xml" in reason


def test_external_entity_in_shared_strings_is_refused(tmp_path):
    def poison(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml" or name == "xl/workbook.xml":
            return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + \
                data.split(b"?>", 1)[-1]
        return data

    path = _rewrite(_xlsx(tmp_path / "clean.xlsx"), tmp_path / "xxe.xlsx", poison)
    _refused(path, "refused as unsafe")


def test_encrypted_xlsx_in_ole2_container_is_refused(tmp_path):
    path = _compound_file(tmp_path / "locked.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    assert _refused(path, ENCRYPTED) == ENCRYPTED


def test_ole2_document_that_is_not_a_workbook_is_refused(tmp_path):
    path = _compound_file(tmp_path / "letter.doc", ["WordDocument", "1Table"])
    _refused(path, NOT_SPREADSHEET)


def test_ole2_with_workbook_stream_is_taken_for_xls(tmp_path):
    path = _compound_file(tmp_path / "old.xls", ["Workbook"])
    assert file_kind(path) == "xls"
    # The container is well formed but the stream is empty: the reader still refuses it cleanly.
    with pytest.raises(UnreadableFile, match="no worksheets|damaged"):
        read_workbook(path)


def test_truncated_ole2_is_refused(tmp_path):
    path = _compound_file(tmp_path / "cut.xls", ["Workbook"])
    path.write_bytes(path.read_bytes()[:700])
    _refused(path, DAMAGED)


def test_encrypted_ods_is_refused(tmp_path):
    path = tmp_path / "locked.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest><manifest:file-entry manifest:full-path='
                         '"content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>')
        archive.writestr("content.xml", zlib.compress(b"ciphertext"))
    _refused(path, ENCRYPTED)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="file not found"):
        check_file(tmp_path / "nowhere.xlsx")
    with pytest.raises(UnreadableFile, match="folder"):
        check_file(tmp_path)


def test_genuine_workbooks_pass(tmp_path):
    xlsx = _xlsx(tmp_path / "fine.xlsx", rows=2000)
    assert file_kind(xlsx) == "xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "macro-enabled"
    book.save(tmp_path / "fine.xlsm")
    assert file_kind(tmp_path / "fine.xlsm") == "xlsx"
    import pandas as pd

    pd.DataFrame({"a": [1, 2]}).to_excel(tmp_path / "fine.ods", engine="odf", index=False)
    assert file_kind(tmp_path / "fine.ods") == "ods"


def test_shared_workbooks_pass(shared):
    files = sorted(p for p in (shared / "data" / "survey_files").glob("*/*") if p.suffix in (".xlsx", ".xls"))
    assert files
    for path in files:
        started = time.perf_counter()
        assert file_kind(path) in ("xlsx", "xls")
        assert time.perf_counter() - started < 2


def test_inspection_names_the_sheet_parts_holding_formulas(tmp_path):
    # The safety scan notes formulas and error values as it inflates, so the workbook
    # reader parses only those sheets (styles.xml is noted too: "<f" opens <font>).
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = "respondent", "Chile"
    book.create_sheet("sums")["B3"] = "=SUM(A1:A2)"
    book.save(tmp_path / "formula.xlsx")
    def sheets(path):
        found = inspect_file(path)
        return found.kind, {part for part in found.computed_parts if part.startswith("xl/worksheets/")}

    assert sheets(tmp_path / "formula.xlsx") == ("xlsx", {"xl/worksheets/sheet2.xml"})
    del book["sums"]
    book.save(tmp_path / "plain.xlsx")
    assert sheets(tmp_path / "plain.xlsx") == ("xlsx", set())
