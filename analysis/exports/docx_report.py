"""The report as a Word document in UN document style (python-docx).

Layout follows the look of UN documents: A4, Times New Roman, the issuing body on top, a
bold title, roman-numbered chapter headings, body paragraphs numbered on through the
document with a hanging indent, tables in a small size with rules, an unnumbered annex.

Chinese needs a font setting python-docx has no API for: the East Asian slot of ``w:rFonts``
(``w:eastAsia``). Without it Word picks the template's theme font for CJK text and
LibreOffice a random fallback. :func:`style_document` writes it into ``docDefaults`` and into
the Normal, Title, Heading and Caption styles, and removes the theme-font attributes that
would override it (ECMA-376 Part 1, §17.3.2.26 rFonts).
"""
from __future__ import annotations

import io
import struct
from xml.sax.saxutils import escape
from typing import Mapping

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.present.numbers import long_date
from analysis.present.outline import Report, Section
from analysis.present.tables import Table

LATIN_FONT = "Times New Roman"
MONO_FONT = "Courier New"
#: East Asian fonts per language: body (Song/Ming) and headings (Hei). SimSun and SimHei are
#: the faces of UN Chinese documents; readers without them get their system's CJK default.
EAST_ASIAN_FONTS: Mapping[str, tuple[str, str]] = {"zh": ("SimSun", "SimHei"), "ja": ("MS Mincho", "MS Gothic"),
                                                   "ko": ("Batang", "Dotum")}
#: w:lang value for the East Asian slot.
EAST_ASIAN_LANG: Mapping[str, str] = {"zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
PICTURE_WIDTH_CM = 16.0
PICTURE_MAX_HEIGHT_CM = 21.0


def _rfonts(rpr, latin: str, east_asia: str | None) -> None:
    """Set the fonts of an ``w:rPr``: Latin slots, and the East Asian slot when given."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # theme fonts win over named ones; drop them
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)


def _black(rpr) -> None:
    colour = rpr.find(qn("w:color"))
    if colour is not None:
        rpr.remove(colour)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "000000")
    rpr.append(colour)


def style_document(document, lang: str) -> None:
    """UN look: Times New Roman, black headings, and East Asian fonts for CJK languages."""
    body_ea, heading_ea = EAST_ASIAN_FONTS.get(lang, (None, None))
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rfonts(rpr_default, LATIN_FONT, body_ea)
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is not None and lang in EAST_ASIAN_LANG:
        lang_el.set(qn("w:eastAsia"), EAST_ASIAN_LANG[lang])
    if lang_el is not None:
        lang_el.set(qn("w:val"), {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU",
                                  "ar": "ar-SA"}.get(lang, "en-GB"))
    sizes = {"Normal": 11, "Title": 16, "Heading 1": 12, "Heading 2": 11, "Caption": 9}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        _rfonts(rpr, LATIN_FONT, heading_ea if name.startswith(("Heading", "Title")) else body_ea)
        if name != "Normal":
            _black(rpr)
    document.styles["Title"].font.bold = True
    document.styles["Caption"].font.bold = True
    title_ppr = document.styles["Title"].element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.1


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.3))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)


def _numbered(document, number: int, text: str) -> None:
    """A body paragraph numbered the UN way: number at the margin, text on a hanging indent."""
    paragraph = document.add_paragraph(f"{number}.\t{text}")
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-1.0)
    fmt.tab_stops.add_tab_stop(Cm(1.0))
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (PNG spec §11.2.2)."""
    return struct.unpack(">II", png[16:24])


def _picture(document, png: bytes, caption: str, alt_text: str) -> None:
    document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    width_px, height_px = _png_size(png)
    width = PICTURE_WIDTH_CM
    if height_px / width_px * width > PICTURE_MAX_HEIGHT_CM:
        width = PICTURE_MAX_HEIGHT_CM * width_px / height_px
    shape = document.add_picture(io.BytesIO(png), width=Cm(width))
    # The picture's description (wp:docPr/@descr) is what Word and screen readers call alt text.
    shape._inline.docPr.set("descr", alt_text)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _table(document, table: Table) -> None:
    document.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric_from = 2  # the first two columns hold labels; the rest numbers
    for i, title in enumerate(table.header):
        cell = grid.rows[0].cells[i]
        cell.text = title
        run = cell.paragraphs[0].runs[0]
        run.font.bold, run.font.size = True, Pt(8.5)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(values):
            cells[i].text = value
            paragraph = cells[i].paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if i >= numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(8.5)
    widths = [Cm(5.5), Cm(3.2)] + [Cm((16.4 - 8.7) / max(1, len(table.header) - 2))] * (len(table.header) - 2)
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = width  # the grid widths LibreOffice reads
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width  # the cell widths Word reads
    if table.note:
        note = document.add_paragraph(table.note)
        note.runs[0].font.size, note.runs[0].font.italic = Pt(8.5), True


def _heading(document, number: int, text: str) -> None:
    document.add_heading(f"{ROMAN[number - 1] if number <= len(ROMAN) else number}.\t{text}", level=1)


def _section(document, section: Section, chapter: int, number: int, charts: Mapping[str, bytes]) -> int:
    """One chapter: heading, lead, intro, numbered paragraphs, figures, tables; returns the
    last paragraph number (numbering runs on across chapters)."""
    _heading(document, chapter, section.heading)
    if section.lead:
        document.add_paragraph(section.lead).runs[0].font.italic = True
    if section.intro:
        document.add_paragraph(section.intro)
    for text in section.paragraphs:
        number += 1
        _numbered(document, number, text)
    for figure in section.figures:
        if charts.get(figure.key):
            _picture(document, charts[figure.key], figure.caption, figure.alt_text)
    for table in section.tables:
        _table(document, table)
    return number


def docx_bytes(report: Report, charts: Mapping[str, bytes] | None = None) -> bytes:
    """The Word document of ``report``; ``charts`` maps a figure's key (``q1``) to its PNG."""
    charts = charts or {}
    document = Document()
    style_document(document, report.lang)
    _page(document)
    body = document.add_paragraph(report.body)
    body.runs[0].font.bold, body.runs[0].font.size = True, Pt(10)
    document.add_paragraph(report.title, style="Title")
    if report.cover:
        cover = document.add_paragraph(report.cover)
        cover.runs[0].font.bold = True
    reference = document.add_paragraph(report.reference)
    reference.runs[0].font.italic, reference.runs[0].font.size = True, Pt(9.5)
    number = 0
    for chapter, section in enumerate(report.sections, start=1):
        number = _section(document, section, chapter, number, charts)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(report.annex.heading, level=1)
    for text in report.annex.paragraphs:
        document.add_paragraph(text)
    document.add_paragraph(report.reproduce)
    command = document.add_paragraph()
    run = command.add_run(report.command)
    run.font.name, run.font.size = MONO_FONT, Pt(8.5)

    _properties(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _properties(document, report: Report) -> None:
    """The freeze in the file's properties, so the numbers can be traced from the file alone.

    Core properties hold at most 255 characters each, so the full freeze (settings JSON and the
    reproduce command) also goes into custom properties (``docProps/custom.xml``, ECMA-376
    Part 1, §22.3), which Word shows under File > Properties > Custom.
    """
    props, freeze = document.core_properties, report.freeze
    props.title = report.title[:255]
    props.subject = f"{freeze.wave} ({freeze.by})"[:255]
    props.author = "Trialogue"
    props.identifier = freeze.data_version[:255]
    props.language = report.lang
    props.keywords = f"wave={freeze.wave}; data_version={freeze.data_version}; by={freeze.by}; lang={freeze.lang}"[:255]
    props.comments = report.command if len(report.command) <= 255 else "python -m analysis export … (see the annex)"
    props.category = long_date(freeze.generated_at, "en")[:255]
    _custom_properties(document, {"trialogue_freeze": freeze.settings_json(), "trialogue_command": report.command})


def _custom_properties(document, values: Mapping[str, str]) -> None:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2))  # pid 0 and 1 are reserved
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Properties xmlns="{ns}" xmlns:vt="{vt}">{entries}</Properties>').encode("utf-8")
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties(blob: bytes) -> dict[str, str]:
    """Read the custom properties back from a .docx (how tests and users find the freeze)."""
    import zipfile

    from defusedxml import ElementTree

    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return {}
        root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    return {prop.get("name"): "".join(prop.itertext()) for prop in root}
