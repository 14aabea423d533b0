"""The reports are accessible documents, read back as a screen reader's software reads them.

Word: the document's language and every run's (by script), real headings in order, table
header rows marked and repeated, alt text stating each chart's finding, right to left in
Arabic. PDF (through LibreOffice, skipped without it): tagged, with the document language,
headings, table header cells, figures with that alt text, right-to-left writing mode in
Arabic; in Russian, Arabic and Chinese every font embedded is a face the report names (no
fallback face) and every character of the text has a glyph in the face named for its script
(no tofu).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from analysis.exports import export_report
from analysis.exports.pdf_report import docx_to_pdf, soffice
from analysis.present.findings import item_finding
from analysis.present.language import ARABIC, HAN, document_language, script_of
from support.exports import cjk_font_or_skip, exported_wave

LANGS = ("en", "zh", "ru", "ar")


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("a11y"))


@pytest.fixture(scope="module")
def word(wave):
    """The Word report in each language, as bytes."""
    cjk_font_or_skip()
    return {lang: export_report(wave.summary, wave.data, "docx", lang) for lang in LANGS}


def _runs(document):
    body = document.element.body
    return body.iter(qn("w:r"))


def _text(run) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


@pytest.mark.parametrize("lang", LANGS)
def test_word_document_language_and_every_run_tagged_by_script(word, lang):
    document = Document(io.BytesIO(word[lang]))
    assert document.core_properties.language == document_language(lang)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    tag = defaults.find(qn("w:lang"))
    assert tag.get(qn("w:val")) == document_language(lang)
    assert tag.get(qn("w:eastAsia")) == "zh-CN" and tag.get(qn("w:bidi")) == "ar-SA"
    seen = set()
    for run in _runs(document):
        text = _text(run)
        if not text.strip():
            continue
        rpr = run.find(qn("w:rPr"))
        lang_tag = rpr.find(qn("w:lang")) if rpr is not None else None
        assert lang_tag is not None, text
        scripts = {script_of(c) for c in text} - {None}
        assert len(scripts) <= 1, f"one script per run: {text!r}"
        script = scripts.pop() if scripts else None
        seen.add(script)
        if script == ARABIC:
            assert rpr.find(qn("w:rtl")) is not None and lang_tag.get(qn("w:bidi")) == "ar-SA", text
        elif script == HAN:
            assert lang_tag.get(qn("w:eastAsia")) == "zh-CN", text
            assert rpr.find(qn("w:rFonts")).get(qn("w:hint")) == "eastAsia"
        elif script is not None:
            expected = document_language("ru") if script == "cyrillic" else (
                document_language(lang) if lang in ("en", "fr", "es") else document_language("en"))
            assert lang_tag.get(qn("w:val")) == expected, (text, lang_tag.attrib)
    own = {"en": "latin", "zh": HAN, "ru": "cyrillic", "ar": ARABIC}[lang]
    assert own in seen and (lang == "en" or "latin" in seen)  # mixed scripts are tagged apart


@pytest.mark.parametrize("lang", LANGS)
def test_word_headings_are_real_styles_in_order(word, lang):
    document = Document(io.BytesIO(word[lang]))
    styles = [p.style.name for p in document.paragraphs if p.text.strip()]
    headings = [s for s in styles if s == "Title" or s.startswith("Heading")]
    assert headings[0] == "Title" and styles.index("Title") <= 1
    levels = [int(s.split()[-1]) for s in headings[1:]]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels  # never skips a level
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(chapters) >= 9  # overview, six questions, common ground, dividing lines, annex


@pytest.mark.parametrize("lang", LANGS)
def test_word_tables_mark_and_repeat_their_header_row_and_keep_it_with_the_first_rows(word, lang):
    document = Document(io.BytesIO(word[lang]))
    assert document.tables
    for table in document.tables:
        rows = table._tbl.tr_lst
        header = rows[0].trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert all(p.paragraph_format.keep_with_next for p in table.rows[0].cells[0].paragraphs)
        assert table.rows[1].cells[0].paragraphs[0].paragraph_format.keep_with_next is not None
        assert rows[1].trPr.find(qn("w:tblHeader")) is None  # only the header is a header
        if lang == "ar":
            assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None


def test_chinese_word_tables_use_full_width_punctuation(word):
    """GB/T 15834-2011: brackets, commas, semicolons and colons in Chinese text are full-width."""
    document = Document(io.BytesIO(word["zh"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(re.search("[（），；：]", text) for text in cells)  # the tables have such punctuation
    assert not [text for text in cells if re.search(r"[(),;:]", text)]


@pytest.mark.parametrize("lang", LANGS)
def test_word_charts_have_alt_text_stating_their_findings(wave, word, lang):
    document = Document(io.BytesIO(word[lang]))
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    drawn = {item.question: [] for item in wave.summary.items}
    for item in wave.summary.items:
        if item.kind == "ordinal" and any(g.n for g in item.groups.values()):
            drawn[item.question].append(item_finding(wave.summary, item, lang).verdict)
    expected = [v for v in drawn.values() if v]
    assert len(descriptions) == len(expected)
    for description, verdicts in zip(descriptions, expected):
        for verdict in verdicts:
            assert verdict in description, (description, verdict)


def test_arabic_word_report_reads_right_to_left(word):
    document = Document(io.BytesIO(word["ar"]))
    normal = document.styles["Normal"].element.pPr
    assert normal.find(qn("w:bidi")) is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    # The reproduce command stays a left-to-right line of code.
    assert document.paragraphs[-1].text.startswith("python -m analysis export")
    assert document.paragraphs[-1]._p.pPr.find(qn("w:bidi")).get(qn("w:val")) == "0"


# --- PDF through LibreOffice ---------------------------------------------------------------

needs_office = pytest.mark.skipif(soffice() is None or shutil.which("pdffonts") is None,
                                  reason="LibreOffice (soffice) or pdffonts (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def pdfs(word, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for lang in ("zh", "ru", "ar"):
        docx = folder / f"report-{lang}.docx"
        docx.write_bytes(word[lang])
        out[lang] = docx_to_pdf(docx, folder)
    return out


def _structure(pdf: Path):
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    elements = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            elements.append(node)
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return root, elements


@needs_office
@pytest.mark.parametrize("lang", ["zh", "ru", "ar"])
def test_pdf_is_tagged_with_language_headings_tables_and_figures(word, pdfs, lang):
    root, elements = _structure(pdfs[lang])
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == document_language(lang)
    kinds = [str(e["/S"]) for e in elements]
    assert kinds.count("/H1") >= 9 and "/Table" in kinds and "/TH" in kinds and "/TD" in kinds
    figures = [e for e in elements if e["/S"] == "/Figure"]
    alts = [str(f.get("/Alt", "")) for f in figures]
    document = Document(io.BytesIO(word[lang]))
    expected = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alts == expected  # each figure carries the Word picture's alt text
    if lang == "ar":
        info = subprocess.run(["pdfinfo", "-struct", str(pdfs[lang])], capture_output=True, text=True,
                              check=True).stdout
        assert info.count("/WritingMode /RlTb") > 100 and "/WritingMode /LrTb" not in info.split("H1")[1][:2000]


def _fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name without its subset prefix, embedded) per font of the PDF (pdffonts)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        parts = line.split()
        name = parts[0].split("+", 1)[-1]
        embedded = parts[-5] == "yes"
        fonts.append((name, embedded))
    return fonts


#: The faces a report in each language may contain: those it names (and Liberation, the
#: metric twin of Times New Roman and Courier New). Anything else is LibreOffice's fallback
#: for a character the named face lacks.
FACES = {"ru": ("LiberationSerif", "LiberationMono"),
         "ar": ("LiberationSerif", "LiberationMono", "Amiri"),
         "zh": ("LiberationSerif", "LiberationMono", "NotoSerifCJK", "NotoSansCJK")}


def _face_file(family: str) -> tuple[str, int]:
    out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", family], capture_output=True, text=True,
                         check=True).stdout
    path, index = out.split("|")
    return path, int(index or 0)


def _cmap(family: str) -> set[int]:
    from fontTools.ttLib import TTFont

    path, index = _face_file(family)
    font = TTFont(path, fontNumber=index, lazy=True)
    return set(font.getBestCmap())


@needs_office
@pytest.mark.parametrize("lang", ["ru", "ar", "zh"])
def test_pdf_without_tofu_every_font_a_named_face_every_character_covered(word, pdfs, lang):
    fonts = _fonts(pdfs[lang])
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    strays = [name for name, _ in fonts if not name.startswith(FACES[lang])]
    assert not strays, f"fallback faces in the {lang} PDF: {strays}"
    # Every character of the report's text has a glyph in the face named for its script.
    from analysis.present.fonts import DOCUMENT_COMPLEX_SCRIPT, DOCUMENT_EAST_ASIAN, DOCUMENT_LATIN

    faces = {None: DOCUMENT_LATIN, "latin": DOCUMENT_LATIN, "cyrillic": DOCUMENT_LATIN,
             ARABIC: DOCUMENT_COMPLEX_SCRIPT.get("ar"), HAN: DOCUMENT_EAST_ASIAN["zh"][0]}
    cmaps = {}
    document = Document(io.BytesIO(word[lang]))
    missing = set()
    for run in _runs(document):
        for char in _text(run):
            if char in "\t\n\u2066\u2069" or char.isspace():
                continue
            face = faces[script_of(char)]
            if face not in cmaps:
                cmaps[face] = _cmap(face)
            if ord(char) not in cmaps[face]:
                missing.add((face, char))
    assert not missing, sorted(missing)[:20]
