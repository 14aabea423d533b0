"""Chinese reports of the demo wave carry no untranslated English prose.

The demo wave goes through the real importer into a temporary SQLite store and through
``analysis.summarize``; the Markdown and Word reports are then scanned for Latin words of
four or more letters. What may stay in Latin letters is listed below, each for a reason:

* the YAML front matter and the fenced command line — machine-readable freeze, by design;
* the wave name and the data version (identifiers a reader copies);
* roman chapter numbers (UN document practice in every language);
* the surnames in the names of statistical methods (Kruskal-Wallis, Benjamini–Hochberg …),
  which Chinese statistics texts also leave in Latin letters, and the printed names of the
  effect-size symbols "Cramér’s V" and "Cohen’s h" (APA style) beside ε², η² and φ.

Everything else — test names, reasons, effect-size magnitudes, group, level and filter
labels — must come from the catalogues.
"""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from analysis import summarize
from analysis.exports import build_report
from analysis.exports.docx_report import docx_bytes
from analysis.exports.markdown_report import markdown_text
from analysis.present.language import translations
from analysis.present.wording import METHODS, REASONS, method_name, reason_text
from surveys.demo import load_demo
from surveys.storage.store import open_store

#: Authors' names inside method names (see the module docstring), and nothing else.
EPONYMS = frozenset({"Kruskal", "Wallis", "Mann", "Whitney", "Fisher", "Freeman", "Halton", "Pearson", "Yates",
                     "Holm", "Benjamini", "Hochberg", "Cohen", "Cohen’s", "Cramér", "Cramér’s", "Dunn", "Tastle",
                     "Wierman", "OWASP"})
ROMAN = re.compile(r"^[IVXLC]+$")
WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’]{3,}")

SETTINGS = [
    pytest.param("group", {}, id="by-group"),
    pytest.param("tcc_pcc", {}, id="by-contributor"),  # two groups: Mann-Whitney, chi-square with Yates
    pytest.param("region", {"group": ["council", "tcc_pcc"]}, id="by-region-filtered"),
    pytest.param("p5_e10", {"q1_overall": ["4", "5"], "tcc_pcc": "yes"}, id="by-seat-item-filter"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('wording') / 'demo.sqlite'}")
    load_demo(store)
    return store.load_wave()


def untranslated(text: str, data) -> list[str]:
    """Latin words of four or more letters outside the allowed places (module docstring)."""
    text = text.replace(data.data_version, " ").replace(data.wave.name, " ")
    return sorted({w for w in WORD.findall(text) if w not in EPONYMS and not ROMAN.match(w)})


def _report(demo, by, filters):
    summary = summarize(demo, by=by, filters=filters)
    return build_report(summary, "zh", data=demo, fmt="md", out_name="report.md")


@pytest.mark.parametrize("by, filters", SETTINGS)
def test_chinese_markdown_report_has_no_english_prose(demo, by, filters):
    markdown = markdown_text(_report(demo, by, filters))
    body = markdown.split("---\n", 2)[2]  # after the front matter
    body = re.sub(r"```.*?```", " ", body, flags=re.S)  # the reproduce command
    assert "讨论问题1" in body and "在作答的" in body  # it is the Chinese report
    leftovers = untranslated(body, demo)
    assert not leftovers, f"English left in the zh report ({by}, {filters}): {leftovers}"


@pytest.mark.parametrize("by, filters", SETTINGS[1:3])
def test_chinese_word_report_has_no_english_prose(demo, by, filters):
    report = _report(demo, by, filters)
    document = Document(io.BytesIO(docx_bytes(report, {})))
    texts = [p.text for p in document.paragraphs if p.text != report.command]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    leftovers = untranslated("\n".join(texts), demo)
    assert not leftovers, f"English left in the zh Word report ({by}, {filters}): {leftovers}"


def test_item_filter_is_written_with_the_item_and_choice_labels(demo):
    report = _report(demo, "group", {"q1_overall": ["4", "5"]})
    overview = " ".join(report.sections[0].paragraphs)
    assert "q1_overall" not in overview and "仅包括“" in overview, overview
    labels = {c.name: c.label("zh") for c in demo.instrument.choices(demo.instrument.item("q1_overall")).choices}
    assert labels["4"] in overview and labels["5"] in overview, overview


@pytest.mark.parametrize("lang", ["zh", "fr", "es", "ru", "ar"])
def test_every_test_name_and_reason_is_translated(lang):
    tr = translations(lang)
    for message in list(METHODS.values()) + list(REASONS.values()):
        assert tr.gettext(message) != message, (lang, message)


@pytest.mark.parametrize("engine, zh", [
    ("comparison not run: fewer than 2 groups have 2 or more answers", "有2个及以上答复的组不足2个"),
    ("left out of the test (fewer than 2 answers): secretariat", "未纳入检验（答复少于2个）：秘书处"),
    ("one sample is empty: nothing to compare", "有一组没有答复，无可比较"),
    ("comparison not run: nobody answered this item", "无人回答此项目"),
])
def test_engine_reasons_in_chinese(engine, zh):
    assert reason_text(engine, "zh", {"secretariat": "秘书处"}) == zh
    assert not reason_text(engine, "en").startswith("comparison not run")  # the sentence already says so


def test_pairwise_and_consensus_methods_in_chinese():
    assert method_name("Dunn's test (tie-corrected)", "zh") == "Dunn检验（结校正）"
    assert method_name("Tastle-Wierman consensus", "zh") == "Tastle–Wierman共识度"
