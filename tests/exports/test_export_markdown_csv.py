"""The Markdown report (same content as Word) and the CSV of answers (BOM, neutralised)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from analysis.exports import export_report, write_report
from analysis.exports.docx_report import ROMAN
from support.exports import INJECTIONS, cjk_font_or_skip, exported_wave


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("md"))


@pytest.fixture(scope="module")
def markdown(wave, tmp_path_factory):
    folder = tmp_path_factory.mktemp("md-out")
    write_report(wave.summary, wave.data, "md", folder / "report.md", "en")
    return folder


def front_matter(text: str) -> dict:
    block = text.split("---\n")[1]
    return {k: json.loads(v) for k, v in (line.split(": ", 1) for line in block.strip().splitlines())}


def test_front_matter_is_the_freeze(wave, markdown):
    meta = front_matter((markdown / "report.md").read_text(encoding="utf-8"))
    assert meta["data_version"] == wave.data.data_version and meta["wave"] == "export-test"
    assert meta["reproduce"] == ("python -m analysis export --format md --wave export-test --by group --lang en "
                                 f"--data-version {wave.data.data_version} --out report.md")


def test_same_sections_and_numbered_paragraphs(markdown):
    text = (markdown / "report.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[1:7] == [f"{ROMAN[i + 1]}. Discussion question {i + 1}" for i in range(6)]
    assert headings[7:] == ["VIII. Common ground", "IX. Dividing lines", "Annex: methods"]
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), "paragraph numbers must run on"


def test_tables_equal_the_summary(wave, markdown):
    text = (markdown / "report.md").read_text(encoding="utf-8")
    items = {i["label"]["en"]: i for i in wave.summary.to_dict()["items"]}
    codes = {lab["en"] + (" (catch-all)" if c in wave.summary.catch_all else ""): c
             for c, lab in wave.summary.group_labels.items()}
    checked, item = 0, None
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")] if line.startswith("| ") else []
        if len(cells) != 6 or cells[1] not in codes:
            continue
        item = items[cells[0].replace("\\", "")] if cells[0] else item
        g = item["groups"][codes[cells[1]]]
        assert int(cells[2]) == g["n"]
        if item["scale"] == "sequence":  # no upper answers: the median stage instead
            assert cells[3] == cells[4] == "–" and cells[5].startswith(("“", "between"))
        else:
            assert int(cells[3]) == round(g["agree_share"] * g["n"])
        checked += 1
    assert checked > 40


def test_charts_written_beside_and_linked(markdown):
    text = (markdown / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == [f"report-q{i}.png" for i in range(1, 7)]
    assert all((markdown / name).read_bytes().startswith(b"\x89PNG") for name in links)


def test_markdown_bytes_embed_charts(wave):
    cjk_font_or_skip()
    text = export_report(wave.summary, wave.data, "md", "zh").decode("utf-8")
    assert text.count("](data:image/png;base64,") == 6
    assert "讨论问题1" in text and "在作答的" in text


@pytest.fixture(scope="module")
def answers_csv(wave):
    return export_report(wave.summary, wave.data, "csv", "zh")


def test_csv_has_bom_and_chinese(answers_csv):
    assert answers_csv.startswith(b"\xef\xbb\xbf")
    text = answers_csv.decode("utf-8-sig")
    assert "总体而言" in text and "\r\n" in text


def test_csv_is_the_long_answers_table(wave, answers_csv):
    table = list(csv.DictReader(io.StringIO(answers_csv.decode("utf-8-sig"))))
    assert len(table) == len(wave.data.answers)
    assert {"respondent", "group", "item", "value", "value_label", "question"} <= set(table[0])
    groups = dict(zip(wave.data.respondents["respondent"], wave.data.respondents["group"]))
    assert all(row["group"] == groups[row["respondent"]] for row in table)
    # The freeze travels with every row.
    assert {row["data_version"] for row in table} == {wave.data.data_version}


def test_csv_neutralises_injections(answers_csv):
    table = list(csv.DictReader(io.StringIO(answers_csv.decode("utf-8-sig"))))
    values = {row["value"] for row in table}
    for text in INJECTIONS.values():
        assert "'" + text in values and text not in values, text
    for row in table:
        for key, value in row.items():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (key, value)
