"""One voice: the dashboard and the chair's report state the same findings, only as far as the tests support.

Crafted waves (tests/support/crafted.py: real XLSForm and response workbooks through the real
importer into SQLite) hold the traps the issue measured. Each check reads the verdict
straight from the engine's numbers (the oracle: summary-wide q, Holm-adjusted pair p) and
compares it with what the dashboard says — through the functions its pages call and through
AppTest runs of the question and Compare pages — and with the English Markdown report,
item by item.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from analysis import summarize
from analysis.exports import export_report
from analysis.present.findings import item_finding, verdict_sentence
from analysis.present.lists import common_ground_entries, dividing_line_entries
from analysis.present.markdown import md_escape
from analysis.present.tables import heatmap_frame, scale_table
from support.crafted import EMPTY_WAVE, WAVE, crafted_store
from surveys.storage.store import URL_VARIABLE

ALPHA = 0.05
REPO = Path(__file__).resolve().parents[2]
#: Sentences that assert absence: non-significance must never be read as "no difference".
ABSENCE = re.compile(r"did not differ|do not differ|does not differ|none of the \d+ items|none of the options|"
                     r"no option differed|same answer|no difference (?:exists|between)|there is no difference|"
                     r"were the same|did not answer differently", re.I)
QUESTION_SCRIPT = """
from dashboard import sidebar
from dashboard.pages.question import render
sidebar.render()
render({name!r})
"""


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    return crafted_store(tmp_path_factory.mktemp("crafted"))


@pytest.fixture(scope="module")
def data(crafted):
    return crafted.store.load_wave(WAVE)


@pytest.fixture(scope="module")
def summary(data):
    return summarize(data)


@pytest.fixture(scope="module")
def markdown(summary, data):
    return export_report(summary, data, "md", "en", out_name="crafted.md").decode("utf-8")


def _q(summary, name):
    return summary.item(name).qvalue


def test_the_waves_hold_the_traps(summary, crafted):
    """The engine's own numbers: each trap is what the module docstring says (else the checks prove nothing)."""
    alpha = next(o for o in summary.item("q1_channels").options if o.option == "alpha")
    assert alpha.test.pvalue < 0.01 and alpha.qvalue < ALPHA <= alpha.summary_qvalue
    small = summary.item("q1_small_p")
    assert small.test.pvalue < ALPHA <= small.qvalue
    no_pair = summary.item("q1_no_pair")
    assert no_pair.qvalue < ALPHA and no_pair.divergence.pvalue_adjusted >= ALPHA
    clear = summary.item("q1_clear")
    assert clear.qvalue < ALPHA and clear.divergence.pvalue_adjusted < ALPHA
    secretariat = summary.item("q1_dont_know").groups["secretariat"]
    assert secretariat.n == 0 and secretariat.counts["dk"] == 4
    assert "Don't know" in secretariat.reason  # the true reason, not "no answers"
    assert summary.item("q1_blank").test_reason.endswith("nobody answered this item")
    epsilon = next(o for o in summary.item("q1_channels").options if o.option == "epsilon")
    assert epsilon.test is None and epsilon.test_reason.endswith("nobody chose this option")
    empty = summarize(crafted.store.load_wave(EMPTY_WAVE))
    assert empty.groups["secretariat"] == 0  # listed with 0, not absent


def _claims(text: str) -> dict[str, bool]:
    return {"differ": "answered differently" in text or "at different rates" in text and "chose" in text,
            "pair": bool(re.search(r"more often than|answered higher than|later stage than", text))}


def _oracle(summary, name: str) -> dict[str, bool]:
    """What may be claimed, from the engine's numbers alone."""
    item = summary.item(name)
    if item.kind == "multiple":
        differ = any(o.test is not None and o.summary_qvalue < ALPHA for o in item.options)
        pair = any(o.test is not None and o.summary_qvalue < ALPHA and o.divergence is not None
                   and o.divergence.pvalue_adjusted < ALPHA for o in item.options)
        return {"differ": differ, "pair": pair}
    differ = item.test is not None and item.qvalue < ALPHA
    if item.scale == "sequence":
        pair = differ and min(p.pvalue_adjusted for p in item.pairwise) < ALPHA
    else:
        pair = differ and item.divergence is not None and item.divergence.pvalue_adjusted < ALPHA
    return {"differ": differ, "pair": pair}


TRAPS = ("q1_channels", "q1_small_p", "q1_no_pair", "q1_clear", "q1_dont_know", "q1_blank", "q1_start")


@pytest.mark.parametrize("name", TRAPS)
def test_dashboard_sentence_claims_only_what_the_tests_support(summary, name):
    finding = item_finding(summary, summary.item(name), "en")
    text = " ".join((finding.verdict, *finding.options, *finding.notes))
    assert _claims(text) == _oracle(summary, name), text
    assert not ABSENCE.search(text), text


def test_each_trap_is_worded_as_the_numbers_allow(summary):
    en = {name: item_finding(summary, summary.item(name), "en") for name in TRAPS}
    channels = summary.item("q1_channels")
    smallest = min(o.summary_qvalue for o in channels.options if o.test is not None)
    # The option's within-item q (0.03) is never the basis of a claim; its summary-wide q is quoted.
    assert en["q1_channels"].verdict == ("The data do not show a difference between the groups for any of the "
                                         f"4 options tested (smallest q = {smallest:.3f}).")
    assert en["q1_channels"].options == ("Not compared: “Epsilon” (nobody chose this option).",)
    assert f"q = {_q(summary, 'q1_small_p'):.3f}" in en["q1_small_p"].verdict
    assert en["q1_small_p"].verdict.startswith("The data do not show a difference between the groups (")
    no_pair = en["q1_no_pair"].verdict
    assert no_pair.startswith("The groups answered differently (")
    assert "No single pair of groups is shown to differ on its own: the largest gap, Council members 17% against " \
           "troop- and police-contributing countries 0%, has Fisher’s exact test, Holm-adjusted p = 1.000" in no_pair
    clear = summary.item("q1_clear")
    said = en["q1_clear"].verdict
    # The pair carries its own effect size (Cohen's h of the pair), not the overall ε².
    assert (f"Council members agreed more often than troop- and police-contributing countries: 92% against 8% "
            f"(Fisher’s exact test, Holm-adjusted p {_p(clear.divergence.pvalue_adjusted)}; "
            f"Cohen’s h = {clear.divergence.effect_size:.2f}, large).") in said, said
    assert said.count("ε²") == 1 and f"ε² = {clear.test.effect_size:.2f}" in said.split("Council members")[0]
    assert en["q1_dont_know"].notes == ("All 4 Secretariat units that responded answered “Don't know”.",)
    assert en["q1_blank"].verdict == "No test between groups was run: nobody answered this item."
    assert "placed it at a later stage than" in en["q1_start"].verdict
    assert "median “During negotiation” against “Before the assessment”" in en["q1_start"].verdict


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"= {value:.3f}"


def test_compare_marks_follow_the_verdicts(summary):
    frame = heatmap_frame(summary, "en")
    marked = {(row.item, row.group) for row in frame.itertuples() if row.differs}
    assert marked == {("q1_clear", "council"), ("q1_clear", "tcc_pcc")}
    # Sequence items have no share to colour; the Secretariat's 4 answers are a count, uncoloured.
    assert "q1_start" not in set(frame["item"])
    secretariat = frame[(frame["item"] == "q1_clear") & (frame["group"] == "secretariat")].iloc[0]
    assert secretariat["text"] == "1 of 4" and secretariat["value"] != secretariat["value"]  # NaN


def test_markdown_report_says_what_the_dashboard_says_item_by_item(summary, markdown):
    body = markdown.split("---\n", 2)[2]
    assert not ABSENCE.search(body), ABSENCE.search(body)
    paragraphs = re.findall(r"^\d+\. (On .+)$", body, re.M)
    for name in TRAPS + ("q2_filler_00",):
        item = summary.item(name)
        label = md_escape(item.label["en"])
        (paragraph,) = [p for p in paragraphs if p.startswith(f"On “{label}”")]
        verdict = verdict_sentence(summary, item, "en")
        if name == "q1_blank":  # nothing to count: the reason leads the paragraph
            assert verdict.endswith(": nobody answered this item.") and "nobody answered this item" in paragraph
        else:
            assert md_escape(verdict) in paragraph, (name, paragraph)
        assert _claims(paragraph) == _oracle(summary, name), (name, paragraph)
    # Every item is mentioned, including the one nobody answered, with its true reason.
    blank = [p for p in paragraphs if p.startswith("On “Nobody knows this”")]
    assert blank == ["On “Nobody knows this”: nobody answered this item, so the groups could not be compared."]
    dont_know = next(p for p in paragraphs if p.startswith("On “Briefings are early”"))
    assert "all 4 Secretariat units that responded answered “Don't know”" in dont_know


def test_report_and_dashboard_lists_agree(summary, markdown):
    # The engine's dividing lines, the page's entries and the report's lines are the same statements.
    entries = dividing_line_entries(summary, "en")
    assert [e.item for e in entries] == [f.item for f in summary.dividing_lines] == ["q1_clear"]
    body = md_escape(entries[0].detail)
    assert body in markdown
    for entry in common_ground_entries(summary, "en"):
        assert "every group" not in entry.detail
        assert md_escape(entry.detail) in markdown


def test_small_groups_are_counts_everywhere(summary, markdown):
    clear = summary.item("q1_clear")
    table = scale_table(summary, [clear], "en", "t")
    secretariat = next(row for row in table.rows if row[1] == "Secretariat")
    assert secretariat[2:5] == ("4", "1", "–")  # n, in the upper answers, no percentage
    assert "of the 4 Secretariat units that answered, 1 agreed" in markdown


def test_empty_group_is_listed_with_zero(crafted, tmp_path):
    data = crafted.store.load_wave(EMPTY_WAVE)
    text = export_report(summarize(data), data, "md", "en").decode("utf-8")
    assert re.search(r"Secretariat: 0 of \d+ \(0%\) answered\.", text), text[:2000]
    assert "| Meetings are useful | Security Council | 10 |" in text


def _question_app(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_string(QUESTION_SCRIPT.format(name="q1"), default_timeout=120).run()
    at.selectbox(key="wave").set_value(WAVE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_question_page_prints_the_layers_sentences(crafted, summary, monkeypatch):
    at = _question_app(crafted.url, monkeypatch)
    shown = [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    for name in TRAPS:
        finding = item_finding(summary, summary.item(name), "en")
        if name == "q1_blank":
            assert "No answers yet." in captions
        else:
            assert ":material/insights: " + md_escape(finding.verdict) in shown, name
        for line in finding.options + finding.notes:
            assert "– " + md_escape(line) in captions, (name, line)
    text = " ".join(shown + captions)
    assert "Alpha" not in text.replace("“Alpha”", "")  # the option without support is never named alone
    assert not ABSENCE.search(text)


def test_compare_page_marks_only_the_supported_pair(crafted, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, crafted.url)
    at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=120).run()
    at.selectbox(key="wave").set_value(WAVE).run()
    at.switch_page("dashboard/pages/compare.py").run()
    assert not at.exception, [e.message for e in at.exception]
    (chart,) = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    (cells,) = [f for f in frames if {"item", "group", "text"} <= set(f.columns)]
    marked = {(row.item, row.group) for row in cells.itertuples() if row.text.endswith("◆")}
    assert marked == {("q1_clear", "council"), ("q1_clear", "tcc_pcc")}, marked


def test_the_demo_marks_only_what_its_own_page_claims(tmp_path):
    """Compare marked pairs from pairwise p-values alone, while the item's own page said "no
    clear difference". Now a mark needs the item's q and the pair's adjusted p, as the sentence does."""
    from surveys.demo import load_demo
    from surveys.storage.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    load_demo(store)
    demo = summarize(store.load_wave())
    marked = {row.item for row in heatmap_frame(demo, "en").itertuples() if row.differs}
    supported = {it.item for it in demo.items if it.kind == "ordinal" and it.scale != "sequence"
                 and it.test is not None and it.qvalue < ALPHA and it.divergence.pvalue_adjusted < ALPHA}
    assert marked == supported and marked
    # The demo holds the trap: a pair with adjusted p below 0.05 in an item whose q is not.
    trap = [it for it in demo.items if it.kind == "ordinal" and it.test is not None and it.qvalue >= ALPHA
            and it.divergence is not None and it.divergence.pvalue_adjusted < ALPHA]
    assert trap
    for item in trap:
        said = verdict_sentence(demo, item, "en")
        assert item.item not in marked and said.startswith("The data do not show a difference"), said
        assert "more often than" not in said
    for name in marked:
        assert "more often than" in verdict_sentence(demo, demo.item(name), "en")
