"""The numbers the Common ground page shows beside each ranked entry, on hand-built items."""
from __future__ import annotations

import pytest

from dashboard.findings import common_ground_line, dividing_line, format_p

LABELS = {"council": "Council", "tcc_pcc": "TCC/PCC", "secretariat": "Secretariat", "other": "Other"}

# 9 of 11 Council members agree, 1 of 27 TCC/PCC, 2 of 4 Secretariat, and 1 answer from "other".
ORDINAL = {"item": "q1_views_reflected", "kind": "ordinal", "groups": {
    "council": {"n": 11, "agree_share": 9 / 11}, "tcc_pcc": {"n": 27, "agree_share": 1 / 27},
    "secretariat": {"n": 4, "agree_share": 0.5}, "other": {"n": 1, "agree_share": 0.0}}}
MULTIPLE = {"item": "q1_channels", "kind": "multiple", "groups": {}, "options": [
    {"option": "informal_dialogues", "groups": {
        "council": {"n": 15, "share": 14 / 15}, "tcc_pcc": {"n": 29, "share": 27 / 29},
        "secretariat": {"n": 4, "share": 1.0}}}]}


def test_dividing_line_gives_both_shares_the_gap_and_adjusted_p():
    finding = {"item": "q1_views_reflected", "a": "council", "b": "tcc_pcc", "option": None,
               "score": 9 / 11 - 1 / 27, "pvalue_adjusted": 0.00012}
    assert dividing_line(finding, ORDINAL, LABELS) == \
        "Council 82% vs TCC/PCC 4% agreeing: a gap of 78 points, adjusted p < 0.001."


def test_dividing_line_gap_adds_up_from_the_shares_shown():
    # 45.6% and 12.4% are shown as 46% and 12%; the gap reads 34 (46 - 12), not 33 (33.2 rounded).
    item = {"item": "x", "groups": {"council": {"n": 125, "agree_share": 0.456},
                                    "tcc_pcc": {"n": 125, "agree_share": 0.124}}}
    finding = {"item": "x", "a": "council", "b": "tcc_pcc", "option": None, "pvalue_adjusted": 0.0375}
    assert dividing_line(finding, item, LABELS) == \
        "Council 46% vs TCC/PCC 12% agreeing: a gap of 34 points, adjusted p = 0.04."


def test_dividing_line_of_an_option_says_chose():
    finding = {"item": "q1_channels", "a": "secretariat", "b": "tcc_pcc", "option": "informal_dialogues",
               "pvalue_adjusted": 0.008}
    assert dividing_line(finding, MULTIPLE, LABELS) == \
        "Secretariat 100% vs TCC/PCC 93% chose it: a gap of 7 points, adjusted p = 0.008."


def test_common_ground_names_the_lowest_group_among_those_weighed():
    # "other" has one answer: the engine leaves groups under 2 answers out, and so does the line.
    finding = {"item": "q1_views_reflected", "option": None, "score": 0.6069548573}
    assert common_ground_line(finding, ORDINAL, LABELS) == \
        "Lowest share agreeing: TCC/PCC 4%; consensus score 0.61."
    option = {"item": "q1_channels", "option": "informal_dialogues", "score": 0.8686}
    assert common_ground_line(option, MULTIPLE, LABELS) == \
        "Lowest share choosing it: TCC/PCC 93%; consensus score 0.87."


def test_lines_in_arabic_isolate_the_latin_p_value():
    finding = {"item": "x", "a": "council", "b": "tcc_pcc", "option": None, "pvalue_adjusted": 0.02}
    text = dividing_line(finding, ORDINAL, LABELS, lang="ar")
    assert "\u2066p = 0.02\u2069" in text and "{" not in text, text
    assert dividing_line(finding, ORDINAL, LABELS, lang="zh").startswith("赞同比例：Council 82%")


@pytest.mark.parametrize("finding", [
    {"item": "x", "a": "council", "b": "missing", "option": None, "pvalue_adjusted": 0.01},
    {"item": "x", "a": "council", "b": "tcc_pcc", "option": "not_an_option", "pvalue_adjusted": 0.01},
])
def test_dividing_line_without_both_groups_is_left_out(finding):
    assert dividing_line(finding, ORDINAL, LABELS) is None


@pytest.mark.parametrize("p, text", [(0.00004, "p < 0.001"), (0.0049, "p = 0.005"), (0.0241, "p = 0.02"),
                                     (None, "–")])
def test_format_p(p, text):
    assert format_p(p) == text
