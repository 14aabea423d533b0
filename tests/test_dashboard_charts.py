"""Chart builders, checked on ``chart.to_dict()`` from summary items of the contract shape."""
from __future__ import annotations

import copy

import pandas as pd
import pytest

from dashboard import charts, frames
from dashboard.i18n import translations
from surveys.model import Choice, ChoiceList

AGREE5 = ChoiceList("agree5", tuple(
    [Choice(str(i), {"en": en, "zh": zh}) for i, (en, zh) in enumerate(
        [("Strongly disagree", "非常不同意"), ("Disagree", "不同意"), ("Neither", "既不同意也不反对"),
         ("Agree", "同意"), ("Strongly agree", "非常同意")], start=1)]
    + [Choice("dk", {"en": "Don't know", "zh": "不知道"}, missing=True)]))
LABELS = {"council": "Security Council", "tcc_pcc": "TCC/PCC", "secretariat": "Secretariat"}


def ordinal_item() -> dict:
    """An ordinal item as ``Summary.to_dict()`` gives it (groups listed out of display order)."""
    return {
        "item": "q1_timely", "question": "q1", "kind": "ordinal", "label": {"en": "Timely", "zh": "及时"},
        "groups": {
            "tcc_pcc": {"n": 10, "missing": 2, "counts": {"1": 3, "2": 3, "3": 2, "4": 1, "5": 1, "dk": 2},
                        "agree_share": 0.2},
            "council": {"n": 8, "missing": 0, "counts": {"1": 0, "2": 1, "3": 2, "4": 3, "5": 2, "dk": 0},
                        "agree_share": 0.625},
        },
        "test": {"name": "Kruskal-Wallis", "statistic": 5.1, "dof": 1, "pvalue": 0.02, "qvalue": 0.03,
                 "effect_size": {"name": "epsilon2", "value": 0.3, "magnitude": "large"}},
        "test_reason": None,
        "pairwise": [{"a": "council", "b": "tcc_pcc", "statistic": 2.2, "pvalue": 0.02, "pvalue_adjusted": 0.03}],
        "options": [], "group_consensus": 0.6,
        "divergence": {"a": "council", "b": "tcc_pcc", "difference": 0.425, "effect_size": 0.9,
                       "pvalue_adjusted": 0.03},
    }


def multiple_item() -> dict:
    def stats(n, k):
        return {"n": n, "selected": k, "share": k / n, "ci95": [max(0.0, k / n - 0.2), min(1.0, k / n + 0.2)]}
    return {
        "item": "q1_channels", "question": "q1", "kind": "multiple", "label": {"en": "Channels"},
        "groups": {"council": {"n": 8}, "tcc_pcc": {"n": 10}, "secretariat": {"n": 4}},
        "test": None, "test_reason": "per option", "pairwise": [],
        "options": [
            {"option": "formal", "label": {"en": "Formal meetings"},
             "groups": {"secretariat": stats(4, 1), "council": stats(8, 2), "tcc_pcc": stats(10, 7)},
             "test": None, "qvalue": 0.04},
            {"option": "informal", "label": {"en": "Informal dialogues"},
             "groups": {"council": stats(8, 6), "tcc_pcc": stats(10, 9), "secretariat": stats(4, 3)},
             "test": None, "qvalue": 0.6},
        ],
    }


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_likert_neutral_is_centred_and_dont_know_apart():
    segments, dk = frames.likert_frames(ordinal_item(), AGREE5, LABELS)
    for group, part in segments.groupby("group"):
        neutral = part[part["choice"] == "3"].iloc[0]
        assert neutral["start"] == pytest.approx(-neutral["share"] / 2), group
        assert neutral["end"] == pytest.approx(neutral["share"] / 2), group
        assert part["share"].sum() == pytest.approx(1.0)
    # tcc_pcc: 10 substantive answers, 3+3 below neutral, 2 neutral -> bar starts at -(0.6 + 0.1)
    tcc = segments[segments["group"] == "tcc_pcc"].sort_values("order")
    assert tcc["start"].iloc[0] == pytest.approx(-0.7)
    assert "dk" not in set(segments["choice"])
    assert dk.set_index("group").loc["tcc_pcc", "share"] == pytest.approx(2 / 12)
    assert dk.set_index("group").loc["council", "count"] == 0


def test_likert_chart_spec_colours_order_and_panels():
    segments, dk = frames.likert_frames(ordinal_item(), AGREE5, LABELS)
    spec = charts.likert_chart(segments, dk, title="Timely").to_dict()
    bars_layer, centre, aside, heading = spec["layer"]
    bars = bars_layer["encoding"]
    assert bars["x"]["field"] == "start" and bars["x2"]["field"] == "end"
    assert bars["color"]["scale"]["domain"] == ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
    assert bars["color"]["scale"]["range"] == charts.likert_colours(5)
    assert bars["color"]["scale"]["range"][2] == charts.NEUTRAL
    # Groups in the fixed order (Council first), although the summary listed TCC/PCC first.
    assert bars["y"]["sort"] == ["Security Council", "TCC/PCC"]
    assert {t["field"] for t in bars["tooltip"]} >= {"count", "share"}
    # Group names are drawn whole, the count on a second line, and the chart fills its column.
    assert bars["y"]["axis"]["labelExpr"] == charts.LINES and bars["y"]["axis"]["labelLimit"] >= 200
    assert spec["width"] == "container" and spec["height"] == {"step": 40}
    assert bars["x"]["axis"]["values"] == [-1, -0.5, 0, 0.5, 1]  # few ticks, no "100%0%" collisions
    # "Don't know" is a column of counts right of the plot (x = the plot's right edge), with a heading.
    assert aside["mark"]["type"] == "text" and aside["mark"]["color"] == charts.DONT_KNOW
    assert aside["encoding"]["x"] == {"value": "width"} and aside["mark"]["dx"] > 0
    assert heading["encoding"]["x"] == {"value": "width"}
    values = spec["datasets"][aside["data"]["name"]]
    assert {row["group_label"]: row["text"] for row in values} == {"Security Council": "0", "TCC/PCC": "2 (17%)"}
    assert spec["datasets"][heading["data"]["name"]] == [{"text": "Don't know"}]


def test_likert_colours_diverge_symmetrically():
    colours = charts.likert_colours(5)
    assert colours[0] == "#D55E00" and colours[-1] == "#0072B2"
    assert len(charts.likert_colours(4)) == 4 and charts.NEUTRAL not in charts.likert_colours(4)
    assert charts.likert_colours(7)[3] == charts.NEUTRAL


def test_group_colours_are_one_mapping_across_charts():
    table = frames.option_frame(multiple_item(), LABELS)
    options = charts.options_chart(table).to_dict()
    colour = _layers(options)[0]["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"])) == {
        "Security Council": charts.GROUP_COLOURS["council"], "TCC/PCC": charts.GROUP_COLOURS["tcc_pcc"],
        "Secretariat": charts.GROUP_COLOURS["secretariat"]}
    cover = pd.DataFrame({"group": ["tcc_pcc", "council"], "group_label": ["TCC/PCC", "Security Council"],
                          "responded": [30, 15], "universe": [110, 15]})
    spec = charts.coverage_chart(cover).to_dict()
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["TCC/PCC"] == charts.GROUP_COLOURS["tcc_pcc"]
    # Unknown codes (workbook attributes) get distinct Okabe-Ito colours not used by known codes.
    extra = charts.group_colours(["council", "a", "b"])
    assert extra[0] == charts.GROUP_COLOURS["council"] and len(set(extra)) == 3


def test_options_chart_has_wilson_interval_rules_and_group_offsets():
    table = frames.option_frame(multiple_item(), LABELS)
    assert list(table[table["option"] == "formal"]["group"]) == ["council", "tcc_pcc", "secretariat"]
    spec = charts.options_chart(table).to_dict()
    bars, rules = spec["layer"]
    assert bars["encoding"]["yOffset"]["field"] == "group_label"
    assert rules["mark"]["type"] == "rule"
    assert rules["encoding"]["x"]["field"] == "ci_low" and rules["encoding"]["x2"]["field"] == "ci_high"
    assert bars["encoding"]["y"]["sort"] == ["Formal meetings", "Informal dialogues"]


def test_chinese_titles_and_cjk_font():
    segments, dk = frames.likert_frames(ordinal_item(), AGREE5, LABELS, lang="zh")
    assert "非常同意" in set(segments["choice_label"])
    spec = charts.styled(charts.likert_chart(segments, dk, lang="zh", title="及时"), "zh").to_dict()
    assert spec["title"] == "及时"
    assert spec["datasets"][spec["layer"][3]["data"]["name"]] == [{"text": "不知道"}]
    assert spec["layer"][0]["encoding"]["x"]["title"] == \
        translations("zh").gettext("Share of answers (disagree ← → agree)") != "Share of answers (disagree ← → agree)"
    assert "Noto Sans CJK SC" in spec["config"]["font"]


def test_heatmap_marks_groups_that_differ():
    summary = {"items": [ordinal_item(), {**ordinal_item(), "item": "q1_other", "pairwise": [
        {"a": "council", "b": "tcc_pcc", "statistic": 0.1, "pvalue": 0.8, "pvalue_adjusted": 0.9}]}]}
    frame = frames.heatmap_frame(summary, LABELS)
    flagged = frame.set_index(["item", "group"])["differs"]
    assert flagged[("q1_timely", "council")] and flagged[("q1_timely", "tcc_pcc")]
    assert not flagged[("q1_other", "council")]
    spec = charts.heatmap_chart(frame).to_dict()
    cells, text = spec["layer"]
    assert cells["encoding"]["color"]["field"] == "value"
    assert cells["encoding"]["y"]["sort"] == ["Timely"]
    # Column headers: whole group names on lines, none hidden for overlapping.
    assert cells["encoding"]["x"]["axis"]["labelExpr"] == charts.LINES
    assert cells["encoding"]["x"]["axis"]["labelOverlap"] is False
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert any(row["text"].endswith("◆") for row in values)


def test_builders_do_not_mutate_their_input():
    item = ordinal_item()
    before = copy.deepcopy(item)
    segments, dk = frames.likert_frames(item, AGREE5, LABELS)
    frozen = segments.copy()
    charts.likert_chart(segments, dk)
    assert item == before
    pd.testing.assert_frame_equal(segments, frozen)


def test_nominal_shares_stack_per_group():
    item = {**ordinal_item(), "kind": "nominal"}
    frame = frames.share_frame(item, AGREE5, LABELS)
    assert frame.groupby("group")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert frame[frame["choice"] == "dk"]["order"].min() == 5  # "Don't know" last
    spec = charts.share_chart(frame).to_dict()
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert spec["encoding"]["order"]["field"] == "order"


def test_wrap_label_breaks_words_and_wide_characters():
    assert charts.wrap_label("Short") == "Short"
    text = "Overall, how do you rate current consultation among the Council, TCCs/PCCs and the Secretariat?"
    lines = charts.wrap_label(text, 40).split("\n")
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines) and lines[-1].endswith("…")
    assert lines[0] == "Overall, how do you rate current"
    # Chinese has no spaces: break anywhere, a character counting two columns.
    zh = charts.wrap_label("与部队和警察派遣国的正式会议效果如何", 20, lines=3).split("\n")
    assert zh == ["与部队和警察派遣国的", "正式会议效果如何"]


def test_options_chart_wraps_long_option_labels():
    item = multiple_item()
    item["options"][0]["label"] = {"en": "Consultations come too late to influence the Council's decisions"}
    spec = charts.options_chart(frames.option_frame(item, LABELS)).to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["y"]["field"] == "option_text" and bars["y"]["axis"]["labelExpr"] == charts.LINES
    assert bars["y"]["sort"][0] == "Consultations come too late to\ninfluence the Council's decisions"
    assert bars["color"]["legend"]["labelExpr"] == charts.ONE_LINE


def test_coverage_labels_are_whole_numbers_beyond_both_bars():
    cover = pd.DataFrame({"group": ["council", "other"], "group_label": ["Security Council", "Other"],
                          "responded": [15, 5], "universe": [15.0, 0.0]})
    spec = charts.coverage_chart(cover).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [row["text"] for row in values] == ["15 / 15", "5"]
    assert [row["end"] for row in values] == [15, 5]  # "Other" has no roster: text after its own bar
    assert spec["layer"][2]["encoding"]["x"]["field"] == "end"


def test_group_labels_put_n_on_a_second_line():
    from dashboard.labels import group_labels, one_line

    labels = group_labels("group", ["council"], "en", {"council": 15})
    assert labels == {"council": "Security Council\nn = 15"}
    assert one_line(labels["council"]) == "Security Council (n = 15)"
    assert one_line("Security Council") == "Security Council"


def test_heatmap_headers_wrap_and_clear_the_cells():
    summary = {"items": [ordinal_item()]}
    long = {"council": "مجلس الأمن\nn = 8", "tcc_pcc": "البلدان المساهمة بقوات وأفراد شرطة\nn = 10"}
    spec = charts.heatmap_chart(frames.heatmap_frame(summary, long, lang="ar"), lang="ar").to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    headers = spec["layer"][0]["encoding"]["x"]["sort"]
    assert headers[1] == "البلدان\nالمساهمة بقوات\nوأفراد شرطة\nn = 10"  # name wrapped, then n
    assert axis["labelPadding"] == 6 + 13 * 3  # lifted by the three lines under the first
