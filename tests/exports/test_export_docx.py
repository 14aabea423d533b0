"""The Word report, read back with python-docx and compared with the summary it came from."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from analysis.exports import export_report
from analysis.exports.docx_report import custom_properties
from support.exports import cjk_font_or_skip, exported_wave

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("docx"))


@pytest.fixture(scope="module")
def english(wave):
    return export_report(wave.summary, wave.data, "docx", "en", out_name="report-en.docx")


@pytest.fixture(scope="module")
def chinese(wave):
    cjk_font_or_skip()  # a Chinese export refuses to draw charts without Chinese glyphs
    return export_report(wave.summary, wave.data, "docx", "zh", out_name="report-zh.docx")


@pytest.fixture
def reports(english, chinese):
    return {"en": english, "zh": chinese}


def read(blob: bytes):
    return Document(io.BytesIO(blob))


def by_label(summary: dict, lang: str = "en") -> dict[str, dict]:
    return {item["label"][lang]: item for item in summary["items"]}


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def test_headings_follow_the_questions_in_order(reports):
    for lang, pattern in (("en", r"Discussion question (\d)"), ("zh", r"讨论问题(\d)")):
        headings = [p.text for p in read(reports[lang]).paragraphs if p.style.name == "Heading 1"]
        numbers = [int(m.group(1)) for h in headings for m in [re.search(pattern, h)] if m]
        assert numbers == [1, 2, 3, 4, 5, 6], headings


def test_scale_tables_equal_the_summary(wave, english):
    summary = wave.summary.to_dict()
    items = by_label(summary)
    labels = {code: wave.summary.group_labels[code]["en"] for code in summary["groups"]}
    labels["other"] = "Other (catch-all)"  # the catch-all says that it is one
    codes = {label: code for code, label in labels.items()}
    stages = {lv["name"]: lv["label"]["en"] for i in summary["items"] if i["scale"] == "sequence"
              for lv in i["levels"]}
    checked = 0
    for table in read(english).tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:3] != ["Item", "Group", "n"] or header[4:] != ["Share", "Median"]:
            continue
        # "Agreed" when every scale of the table is one of agreement, else "Upper answers".
        assert header[3] in ("Agreed", "Upper answers"), header
        item = None
        for row in table.rows[1:]:
            label, group, n, agreed, share, median = (c.text for c in row.cells)
            item = items[label] if label else item
            g = item["groups"][codes[group]]
            assert int(n) == g["n"], (item["item"], group)
            if item["scale"] == "sequence":  # a sequence: no upper answers, its median is a stage
                assert (agreed, share) == ("–", "–")
                assert median.strip("“”") in stages.values() or median.startswith("between")
            else:
                assert int(agreed) == round(g["agree_share"] * g["n"]), (item["item"], group)
                assert share == (percent(g["agree_share"]) if g["n"] >= 5 else "–"), (item["item"], group)
                assert float(median) == pytest.approx(g["median"], abs=0.05), (item["item"], group)
            checked += 1
    ordinal_cells = sum(1 for i in summary["items"] if i["kind"] == "ordinal" for g in i["groups"].values())
    assert checked == ordinal_cells


def test_option_tables_equal_the_summary(wave, english):
    summary = wave.summary.to_dict()
    items = by_label(summary)
    checked = 0
    for table in read(english).tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] != ["Item", "Option"]:
            continue
        names = {lab["en"] + (" (catch-all)" if c in wave.summary.catch_all else ""): c
                 for c, lab in wave.summary.group_labels.items()}
        codes = [names[h] for h in header[2:]]
        item = None
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            item = items[cells[0]] if cells[0] else item
            option = next(o for o in item["options"] if o["label"]["en"] == cells[1])
            for code, cell in zip(codes, cells[2:]):
                og = option["groups"][code]
                m = re.fullmatch(r"(\d+)/(\d+)(?: \((\d+)%\))?", cell)
                assert m, cell
                assert (int(m[1]), int(m[2])) == (og["selected"], og["n"])
                assert (m[3] is None) == (og["n"] < 5)
                if m[3] is not None:
                    assert int(m[3]) == round(og["share"] * 100)
                checked += 1
    assert checked > 50


def test_findings_quote_the_summary_and_claim_only_found_differences(wave, english):
    summary = wave.summary.to_dict()
    paragraphs = [p.text for p in read(english).paragraphs]
    claims = 0
    for item in summary["items"]:
        if item["kind"] != "ordinal":
            continue
        (text,) = [p for p in paragraphs if f"On “{item['label']['en']}”" in p]
        for g in item["groups"].values():
            if g["n"] >= 5 and item["scale"] != "sequence":
                k = round(g["agree_share"] * g["n"])
                assert re.search(rf"of the {g['n']} [^;]*? that answered, {k} \({percent(g['agree_share'])}\)", text), text
        differs = item["test"] is not None and item["test"]["qvalue"] < 0.05
        assert ("The groups answered differently" in text) is differs, (item["item"], text)
        claims += differs
    assert claims >= 1  # the demo data has real differences; the check above saw both branches


def test_chinese_text_with_east_asian_fonts_in_styles(chinese):
    document = read(chinese)
    body = "\n".join(p.text for p in document.paragraphs)
    assert len(CJK.findall(body)) > 1000
    assert "在作答的" in body and "部队和警察派遣国" in body
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == "Noto Serif CJK SC"  # the Simplified Chinese face, never JP
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, f"{name}: a theme font would override the East Asian one"
    with zipfile.ZipFile(io.BytesIO(chinese)) as archive:
        assert 'w:eastAsia="zh-CN"' in archive.read("word/styles.xml").decode("utf-8")


def test_charts_are_embedded_images(wave, reports):
    questions_with_scales = {i["question"] for i in wave.summary.to_dict()["items"] if i["kind"] == "ordinal"}
    for blob in reports.values():
        document = read(blob)
        assert len(document.inline_shapes) == len(questions_with_scales)
        # Every chart carries alt text (the picture's description) naming the items it draws.
        descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
        assert all(d and len(d) > 20 and not d.endswith("..") for d in descriptions), descriptions
        images = [p for p in document.part.package.iter_parts() if p.content_type == "image/png"]
        assert len(images) == len(questions_with_scales)
        assert all(img.blob.startswith(b"\x89PNG\r\n\x1a\n") and len(img.blob) > 10_000 for img in images)


def test_freeze_in_properties_and_annex(wave, english):
    data_version = wave.data.data_version
    document = read(english)
    assert document.core_properties.identifier == data_version
    custom = custom_properties(english)
    freeze = json.loads(custom["trialogue_freeze"])
    assert freeze == {**freeze, "wave": "export-test", "data_version": data_version, "by": "group", "lang": "en",
                      "format": "docx"}
    command = ("python -m analysis export --format docx --wave export-test --by group --lang en "
               f"--data-version {data_version} --out report-en.docx")
    assert custom["trialogue_command"] == command
    assert command in [p.text for p in document.paragraphs]


def test_overview_counts_against_the_roster(wave, english):
    overview = next(p.text for p in read(english).paragraphs if p.text.startswith("2.\tSecurity Council"))
    groups = wave.summary.to_dict()["groups"]
    assert f"Security Council: {groups['council']} of 15" in overview
    assert re.search(rf"TCC/PCC: {groups['tcc_pcc']} of \d+", overview)
    assert re.search(rf"Secretariat: {groups['secretariat']} of \d+ \(\d+%\) answered", overview)  # listed with its roster
    assert f"Other (catch-all): {groups['other']} answered." in overview
