"""Workbooks as other software writes them, for tests: hand-built Office Open XML packages
and LibreOffice conversions.

``xlsx_package`` builds the zip itself, so each test can vary one thing other writers do
differently from openpyxl (ECMA-376 Part 1): inline strings, cells and rows without
``r``, a namespace prefix on every element (``<x:worksheet>``, as .NET writers do), the
Strict namespaces, absolute relationship targets, a chart sheet first, no ``docProps``,
the 1904 date system. ``convert`` runs LibreOffice headless with a private profile, so
parallel tests never share one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Sequence

TRANSITIONAL = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
STRICT = ("http://purl.oclc.org/ooxml/spreadsheetml/main",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def xlsx_package(path: Path, sheet_data: str, *, shared: str | None = None, namespaces=TRANSITIONAL,
                 prefix: str = "", target: str = "worksheets/sheet1.xml", workbook_pr: str = "",
                 styles: str | None = None, chart_first: bool = False, doc_props: bool = True,
                 sheet_name: str = "data") -> Path:
    """A one-worksheet package whose ``<sheetData>`` holds ``sheet_data`` (written with ``prefix``)."""
    main, rel = namespaces
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{main}" xmlns:r="{rel}"'
    sheets = f'<{p}sheet name="{sheet_name}" sheetId="1" r:id="rId1"/>'
    rels = [("rId1", "worksheet", target)]
    types = [("/xl/workbook.xml", "sheet.main+xml"), ("/xl/worksheets/sheet1.xml", "worksheet+xml")]
    parts = {"xl/worksheets/sheet1.xml": f"<{p}worksheet {ns}><{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>"}
    if shared is not None:
        rels.append(("rId3", "sharedStrings", "sharedStrings.xml"))
        types.append(("/xl/sharedStrings.xml", "sharedStrings+xml"))
        parts["xl/sharedStrings.xml"] = f"<{p}sst {ns}>{shared}</{p}sst>"
    if styles is not None:
        rels.append(("rId4", "styles", "styles.xml"))
        types.append(("/xl/styles.xml", "styles+xml"))
        parts["xl/styles.xml"] = f"<{p}styleSheet {ns}>{styles}</{p}styleSheet>"
    if chart_first:
        sheets = f'<{p}sheet name="Chart1" sheetId="2" r:id="rId2"/>' + sheets
        rels.append(("rId2", "chartsheet", "chartsheets/sheet1.xml"))
        types.append(("/xl/chartsheets/sheet1.xml", "chartsheet+xml"))
        parts["xl/chartsheets/sheet1.xml"] = (f'<{p}chartsheet {ns}><{p}sheetViews><{p}sheetView '
                                              f'workbookViewId="0"/></{p}sheetViews></{p}chartsheet>')
    parts["xl/workbook.xml"] = f"<{p}workbook {ns}>{workbook_pr}<{p}sheets>{sheets}</{p}sheets></{p}workbook>"
    parts["xl/_rels/workbook.xml.rels"] = _relationships(
        (rid, f"{rel}/{kind}", where) for rid, kind, where in rels)
    parts["_rels/.rels"] = _relationships([("rId1", f"{rel}/officeDocument", "xl/workbook.xml")])
    overrides = "".join(f'<Override PartName="{name}" ContentType="{_TYPE}{kind}"/>' for name, kind in types)
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{_CONTENT_TYPES}"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/>{overrides}</Types>')
    if doc_props:
        parts["docProps/app.xml"] = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                                     '2006/extended-properties"><Application>Generator</Application></Properties>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name in ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]:
            book.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + parts[name])
    return path


def _relationships(items) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
    return f'<Relationships xmlns="{_PACKAGE_RELS}">{body}</Relationships>'


def text(value: str, prefix: str = "", ref: str | None = None) -> str:
    """An inline-string cell (``t="inlineStr"``), as streaming writers produce."""
    p = f"{prefix}:" if prefix else ""
    r = f' r="{ref}"' if ref else ""
    return f'<{p}c{r} t="inlineStr"><{p}is><{p}t>{value}</{p}t></{p}is></{p}c>'


def number(value, prefix: str = "", ref: str | None = None, style: int | None = None) -> str:
    p = f"{prefix}:" if prefix else ""
    r = f' r="{ref}"' if ref else ""
    s = f' s="{style}"' if style is not None else ""
    return f"<{p}c{r}{s}><{p}v>{value}</{p}v></{p}c>"


def row(*cells: str, prefix: str = "", ref: int | None = None) -> str:
    p = f"{prefix}:" if prefix else ""
    r = f' r="{ref}"' if ref else ""
    return f"<{p}row{r}>{''.join(cells)}</{p}row>"


#: cellXfs 1 is a date format, so a number in a cell of style 1 is a date (18.8.30).
DATE_STYLES = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
               '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>')


def soffice() -> str | None:
    """The LibreOffice binary, if there is one with Calc (a Writer-only install cannot convert)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        return None
    program = Path(os.path.realpath(found)).parent
    return found if (program / "libsclo.so").exists() or (program / "scalc").exists() else None


def convert(files: Sequence[Path], fmt: str, out: Path) -> list[Path]:
    """Convert ``files`` in one LibreOffice run to ``fmt`` (``xls``, ``ods`` or ``xlsx``) in ``out``."""
    filters = {"xls": "xls:MS Excel 97", "ods": "ods:calc8", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = dict(os.environ, HOME=profile)
        done = subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                               "--convert-to", filters[fmt], "--outdir", str(out), *map(str, files)],
                              capture_output=True, text=True, env=env, timeout=180)
    converted = [out / f"{path.stem}.{fmt}" for path in files]
    missing = [path.name for path in converted if not path.exists()]
    assert not missing, (missing, done.stdout, done.stderr)
    return converted
