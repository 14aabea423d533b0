"""The report as a Word document in UN document style (python-docx).

Layout follows the look of UN documents: A4, Times New Roman, the issuing body on top, a
bold title, roman-numbered chapter headings, body paragraphs numbered on through the
document with a hanging indent, tables in a small size with rules, an unnumbered annex.

Chinese needs a font setting python-docx has no API for: the East Asian slot of ``w:rFonts``
(``w:eastAsia``). Without it Word picks the template's theme font for CJK text and
LibreOffice a random fallback. :func:`style_document` writes it into ``docDefaults`` and into
the Normal, Title, Heading and Caption styles, and removes the theme-font attributes that
would override it (ECMA-376 Part 1, §17.3.2.26 rFonts). The faces named are those the set-up
installs: Times New Roman (Liberation Serif has its metrics), the Simplified Chinese faces of
Noto CJK (named SC, and every Chinese run tagged ``zh-CN``, so no reader gets the Japanese
glyph forms), Amiri for Arabic.

Accessibility (WCAG 2.1 as it applies to documents, and PDF/UA through LibreOffice's tagged
export): the document's language in ``docDefaults`` and every run tagged with the language
of its script (:func:`analysis.present.language.script_runs`); real heading styles; table
header rows marked (``w:tblHeader``, repeated on each page) and kept with the first rows;
every chart with alt text stating its finding. An Arabic report reads right to left: bidi
paragraphs, ``w:rtl`` runs, tables with ``w:bidiVisual`` and a right-to-left section.
"""
from __future__ import annotations

import io
import struct
from typing import Mapping
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.present.fonts import DOCUMENT_COMPLEX_SCRIPT, DOCUMENT_EAST_ASIAN, DOCUMENT_LATIN, DOCUMENT_MONO
from analysis.present.language import ARABIC, HAN, document_language, is_rtl, run_language, script_runs
from analysis.present.numbers import long_date
from analysis.present.outline import Quotation, Report, Section
from analysis.present.tables import Table

#: The faces named (analysis.present.fonts): Word without them uses its own default for the
#: run's language (zh-CN, ar-SA).
LATIN_FONT, MONO_FONT = DOCUMENT_LATIN, DOCUMENT_MONO
EAST_ASIAN_FONTS: Mapping[str, tuple[str, str]] = DOCUMENT_EAST_ASIAN
COMPLEX_SCRIPT_FONTS: Mapping[str, str] = DOCUMENT_COMPLEX_SCRIPT
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
PICTURE_WIDTH_CM = 16.0
PICTURE_MAX_HEIGHT_CM = 21.0


def _rfonts(rpr, latin: str, east_asia: str | None, complex_script: str | None = None) -> None:
    """Set the fonts of an ``w:rPr``: Latin slots, the East Asian and complex-script slots when given."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # theme fonts win over named ones; drop them
    for slot in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:cs"), complex_script or latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)


#: Child order of the elements this writer adds to (ECMA-376 Part 1: CT_RPr, CT_PPr,
#: CT_TrPr, CT_TblPr, CT_SectPr); Word refuses a file whose children are out of order.
_ORDER: Mapping[str, tuple[str, ...]] = {
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
              "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight",
              "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
}


def _child(parent, tag: str):
    """``parent``'s child ``tag``, created in its schema place if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    name = next(key for key in _ORDER if qn(key) == parent.tag)
    order = _ORDER[name]
    later = set(order[order.index(tag) + 1:])
    anchor = next((el for el in parent if any(el.tag == qn(t) for t in later)), None)
    if anchor is not None:
        anchor.addprevious(found)
    else:
        parent.append(found)
    return found


def _tag_language(rpr, lang: str) -> None:
    """The document's languages in ``w:lang``: the report's own, and the languages its other
    scripts take (ECMA-376 Part 1, §17.3.2.20: val for Latin and Cyrillic, eastAsia, bidi)."""
    tag = _child(rpr, "w:lang")
    own = document_language(lang)
    tag.set(qn("w:val"), own)  # LibreOffice takes the PDF's /Lang from it; Latin runs carry their own tag
    tag.set(qn("w:eastAsia"), document_language("zh"))
    tag.set(qn("w:bidi"), document_language("ar"))


def _black(rpr) -> None:
    rpr._remove_color()
    rpr.get_or_add_color().set(qn("w:val"), "000000")


def style_document(document, lang: str) -> None:
    """UN look: Times New Roman, black headings, the script's faces for Chinese and Arabic;
    the document's language; right-to-left paragraphs for Arabic."""
    body_ea, heading_ea = EAST_ASIAN_FONTS.get(lang, (None, None))
    complex_script = COMPLEX_SCRIPT_FONTS.get(lang)
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rfonts(rpr_default, LATIN_FONT, body_ea, complex_script)
    _tag_language(rpr_default, lang)
    sizes = {"Normal": 11, "Title": 16, "Heading 1": 12, "Heading 2": 11, "Caption": 9}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        _rfonts(rpr, LATIN_FONT, heading_ea if name.startswith(("Heading", "Title")) else body_ea, complex_script)
        size_cs = _child(rpr, "w:szCs")
        size_cs.set(qn("w:val"), str(int(size * 2)))  # the complex-script size follows the Latin one
        if name != "Normal":
            _black(rpr)
    if is_rtl(lang):
        _child(document.styles["Normal"].element.get_or_add_pPr(), "w:bidi").set(qn("w:val"), "1")
    document.styles["Title"].font.bold = True
    document.styles["Caption"].font.bold = True
    title_ppr = document.styles["Title"].element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.1


def _page(document, lang: str) -> None:
    section = document.sections[0]
    if is_rtl(lang):  # a right-to-left section: page layout and columns read from the right
        _child(section._sectPr, "w:bidi")
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.3))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)


def write(paragraph, text: str, lang: str, *, bold: bool | None = None, italic: bool | None = None,
          size: float | None = None, font: str | None = None) -> list:
    """Add ``text`` to ``paragraph`` as one run per script, each tagged with its language
    (Arabic runs right to left, Chinese runs zh-CN), all with the given formatting."""
    runs = []
    for script, part in script_runs(text, lang):
        run = paragraph.add_run(part)
        rpr = run._r.get_or_add_rPr()
        tag = _child(rpr, "w:lang")
        if script == ARABIC:
            _child(rpr, "w:rtl")
            tag.set(qn("w:bidi"), run_language(script, lang))
        elif script == HAN:
            _child(rpr, "w:rFonts").set(qn("w:hint"), "eastAsia")
            tag.set(qn("w:eastAsia"), run_language(script, lang))
        else:
            tag.set(qn("w:val"), run_language(script, lang))
        if bold is not None:
            run.font.bold = bold
            rpr.get_or_add_bCs().val = bold  # Arabic and other complex scripts have their own flag
        if italic is not None:
            run.font.italic = italic
            rpr.get_or_add_iCs().val = italic
        if size is not None:
            run.font.size = Pt(size)
            _child(rpr, "w:szCs").set(qn("w:val"), str(int(size * 2)))
        if font is not None:
            run.font.name = font
        runs.append(run)
    return runs


def paragraph(document, text: str, lang: str, style: str | None = None, **formatting):
    """A paragraph of ``text`` (see :func:`write`)."""
    added = document.add_paragraph(style=style)
    write(added, text, lang, **formatting)
    return added


def _numbered(document, number: int, text: str, lang: str) -> None:
    """A body paragraph numbered the UN way: number at the margin, text on a hanging indent."""
    paragraph_ = paragraph(document, f"{number}.\t{text}", lang)
    fmt = paragraph_.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-1.0)
    fmt.tab_stops.add_tab_stop(Cm(1.0))
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (PNG spec §11.2.2)."""
    return struct.unpack(">II", png[16:24])


def _picture(document, png: bytes, caption: str, alt_text: str, lang: str) -> None:
    paragraph(document, caption, lang, "Caption").paragraph_format.keep_with_next = True
    width_px, height_px = _png_size(png)
    width = PICTURE_WIDTH_CM
    if height_px / width_px * width > PICTURE_MAX_HEIGHT_CM:
        width = PICTURE_MAX_HEIGHT_CM * width_px / height_px
    shape = document.add_picture(io.BytesIO(png), width=Cm(width))
    # The picture's description (wp:docPr/@descr) is what Word and screen readers call alt text.
    shape._inline.docPr.set("descr", alt_text)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


#: Body rows kept on the header's page (with "keep with next"), so a header never ends a page.
KEPT_ROWS = 2


def _row_flags(row, header: bool = False) -> None:
    """A row never split across pages; a header row marked as such and repeated on every page."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit")
    if header:
        _child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def _table(document, table: Table, lang: str) -> None:
    paragraph(document, table.caption, lang, "Caption").paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if is_rtl(lang):  # columns from the right: the label columns first, at the right
        _child(grid._tbl.tblPr, "w:bidiVisual")
    numeric_from = 2  # the first two columns hold labels; the rest numbers
    for i, title in enumerate(table.header):
        cell = grid.rows[0].cells[i]
        head = cell.paragraphs[0]
        write(head, title, lang, bold=True, size=8.5)
        head.paragraph_format.keep_with_next = True
    _row_flags(grid.rows[0], header=True)
    for number, values in enumerate(table.rows):
        row = grid.add_row()
        _row_flags(row)
        for i, value in enumerate(values):
            cell_paragraph = row.cells[i].paragraphs[0]
            write(cell_paragraph, value, lang, size=8.5)
            cell_paragraph.paragraph_format.space_after = Pt(0)
            cell_paragraph.paragraph_format.keep_with_next = number < KEPT_ROWS - 1
            if i >= numeric_from:
                # Numbers line up at the end of the cell, whichever way the table reads.
                cell_paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if is_rtl(lang) else WD_ALIGN_PARAGRAPH.RIGHT
    widths = [Cm(5.5), Cm(3.2)] + [Cm((16.4 - 8.7) / max(1, len(table.header) - 2))] * (len(table.header) - 2)
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = width  # the grid widths LibreOffice reads
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width  # the cell widths Word reads
    if table.note:
        paragraph(document, table.note, lang, size=8.5, italic=True)


def _heading(document, text: str, lang: str, number: int | None = None) -> None:
    """A real heading (style Heading 1), numbered with a roman numeral when ``number`` is given."""
    if number is not None:
        text = f"{ROMAN[number - 1] if number <= len(ROMAN) else number}.\t{text}"
    heading = document.add_heading(level=1)
    write(heading, text, lang)


def _section(document, section: Section, chapter: int, number: int, charts: Mapping[str, bytes], lang: str) -> int:
    """One chapter: heading, lead, intro, numbered paragraphs, figures, tables; returns the
    last paragraph number (numbering runs on across chapters)."""
    _heading(document, section.heading, lang, chapter)
    if section.lead:
        paragraph(document, section.lead, lang, italic=True)
    if section.intro:
        paragraph(document, section.intro, lang)
    for text in section.paragraphs:
        number += 1
        _numbered(document, number, text, lang)
    for figure in section.figures:
        if charts.get(figure.key):
            _picture(document, charts[figure.key], figure.caption, figure.alt_text, lang)
    for table in section.tables:
        _table(document, table, lang)
    for quote in section.quotes:
        _quotation(document, quote)
    return number


def _quotation(document, quote: Quotation) -> None:
    """A quote set off from the text: the original indented, its translation in italics, the source."""
    parts = [(quote.text, False)] + ([(quote.translation, True)] if quote.translation else []) + [(quote.source, False)]
    for j, (text, italic) in enumerate(parts):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.space_after = Pt(8 if j == len(parts) - 1 else 0)
        paragraph.paragraph_format.keep_with_next = j < len(parts) - 1
        run = paragraph.add_run(text)
        run.font.italic = italic
        if j == len(parts) - 1:
            run.font.size = Pt(9.5)


def docx_bytes(report: Report, charts: Mapping[str, bytes] | None = None) -> bytes:
    """The Word document of ``report``; ``charts`` maps a figure's key (``q1``) to its PNG."""
    charts = charts or {}
    lang = report.lang
    document = Document()
    style_document(document, lang)
    _page(document, lang)
    paragraph(document, report.body, lang, bold=True, size=10)
    paragraph(document, report.title, lang, "Title")
    if report.cover:
        paragraph(document, report.cover, lang, bold=True)
    paragraph(document, report.reference, lang, italic=True, size=9.5)
    number = 0
    for chapter, section in enumerate(report.sections, start=1):
        number = _section(document, section, chapter, number, charts, lang)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, report.annex.heading, lang)
    for text in report.annex.paragraphs:
        paragraph(document, text, lang)
    paragraph(document, report.reproduce, lang)
    # The command is a line of Latin text in every report: left to right, tagged English.
    command = paragraph(document, report.command, "en", font=MONO_FONT, size=8.5)
    if is_rtl(lang):
        _child(command._p.get_or_add_pPr(), "w:bidi").set(qn("w:val"), "0")

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
    props.language = document_language(report.lang)
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
