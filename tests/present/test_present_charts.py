"""Chart builders of the one layer, checked on ``chart.to_dict()`` from real summaries, and
rendered to PNG as the reports do."""
from __future__ import annotations

import copy

import pandas as pd
import pytest

from analysis import summarize
from analysis.present import charts, fonts, palette
from analysis.present.charts import item_view, question_chart, render_png
from analysis.present.labels import one_line
from analysis.present.language import translations
from analysis.present.tables import heatmap_frame, likert_frames, option_frame, share_frame
from support.crafted import counts, item_wave
from support.exports import cjk_font_or_skip

LIKERT = {"tcc_pcc": counts(**{"1": 3, "2": 3, "3": 2, "4": 1, "5": 1, "dk": 2}),
          "council": counts(**{"2": 1, "3": 2, "4": 3, "5": 2})}


def summary_of(groups=None, **kw):
    summary = summarize(item_wave(groups or LIKERT, **kw))
    return summary, summary.item("q1_item")


def test_likert_neutral_is_centred_and_dont_know_apart():
    summary, item = summary_of()
    segments, dk = likert_frames(summary, item)
    for group, part in segments.groupby("group"):
        neutral = part[part["choice"] == "3"].iloc[0]
        assert neutral["start"] == pytest.approx(-neutral["share"] / 2), group
        assert neutral["end"] == pytest.approx(neutral["share"] / 2), group
        assert part["share"].sum() == pytest.approx(1.0)
    # TCC/PCC: 10 substantive answers, 3+3 below neutral, 2 neutral -> the bar starts at -(0.6 + 0.1)
    tcc = segments[segments["group"] == "tcc_pcc"].sort_values("order")
    assert tcc["start"].iloc[0] == pytest.approx(-0.7)
    assert "dk" not in set(segments["choice"])
    assert dk.set_index("group").loc["tcc_pcc", "share"] == pytest.approx(2 / 12)
    assert dk.set_index("group").loc["council", "count"] == 0


def test_likert_chart_spec_colours_order_and_dont_know_column():
    summary, item = summary_of()
    chart, _frame = item_view(summary, item, title="Timely")
    spec = chart.to_dict()
    bars_layer, centre, aside, heading = spec["layer"]
    bars = bars_layer["encoding"]
    assert bars["x"]["field"] == "start" and bars["x2"]["field"] == "end"
    assert bars["color"]["scale"]["domain"] == ["Strongly disagree", "Disagree", "Neither agree nor disagree",
                                                "Agree", "Strongly agree"]
    assert bars["color"]["scale"]["range"] == palette.likert_colours(5)
    assert bars["color"]["scale"]["range"][2] == palette.NEUTRAL
    # Groups in the fixed order (Council first), whatever the order of the answers.
    # A group nobody in which responded is listed with 0, with no bar.
    assert bars["y"]["sort"] == ["Security Council\nn = 8", "TCC/PCC\nn = 10", "Secretariat\nn = 0"]
    assert bars["x"]["title"] == "Share of answers (disagree ← → agree)"
    assert {t["field"] for t in bars["tooltip"]} >= {"count", "share_text"}
    assert bars["y"]["axis"]["labelExpr"] == charts.LINES and bars["y"]["axis"]["labelLimit"] >= 200
    assert spec["width"] == "container" and spec["height"] == {"step": 40}
    assert bars["x"]["axis"]["values"] == [-1, -0.5, 0, 0.5, 1]
    assert aside["mark"]["type"] == "text" and aside["mark"]["color"] == palette.DONT_KNOW
    assert aside["encoding"]["x"] == {"value": "width"} and aside["mark"]["dx"] > 0
    values = spec["datasets"][aside["data"]["name"]]
    assert {row["group_label"]: row["text"] for row in values} == {"Security Council\nn = 8": "0",
                                                                  "TCC/PCC\nn = 10": "2 (17%)", "Secretariat\nn = 0": "0"}
    assert spec["datasets"][heading["data"]["name"]] == [{"text": "Don't know"}]


@pytest.mark.parametrize("kind, title", [
    ("quality5", "Share of answers (poor ← → good)"),
    ("stages", "Share of answers (earliest stage ← → latest stage)"),
])
def test_the_axis_follows_what_the_scale_measures(kind, title):
    answers = {"council": counts(**{"1": 2, "2": 3, "3": 3}), "tcc_pcc": counts(**{"3": 4, "4": 4})}
    summary, item = summary_of(answers, kind=kind)
    spec = item_view(summary, item)[0].to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["title"] == title
    if kind == "stages":  # a sequence stacks from 0 to 1 in one hue, no centre line
        assert bars["x"]["scale"]["domain"] == [0, 1] and len(spec["layer"]) == 3
        assert bars["color"]["scale"]["range"] == palette.sequence_colours(4)
    else:
        assert bars["x"]["scale"]["domain"] == [-1, 1]


def test_small_groups_show_counts_in_tooltips_and_labels():
    summary, item = summary_of({"council": counts(**{"4": 6, "2": 2}), "secretariat": counts(**{"4": 3, "2": 1})})
    segments, _dk = likert_frames(summary, item)
    secretariat = segments[(segments["group"] == "secretariat") & (segments["choice"] == "4")].iloc[0]
    council = segments[(segments["group"] == "council") & (segments["choice"] == "4")].iloc[0]
    assert secretariat["share_text"] == "3 of 4" and council["share_text"] == "75%"


def test_likert_colours_diverge_symmetrically():
    colours = palette.likert_colours(5)
    assert colours[0] == "#D55E00" and colours[-1] == "#0072B2"
    assert len(palette.likert_colours(4)) == 4 and palette.NEUTRAL not in palette.likert_colours(4)
    assert palette.likert_colours(7)[3] == palette.NEUTRAL


def _options_summary():
    return summary_of({"council": ["alpha beta"] * 6 + ["beta"] * 2, "tcc_pcc": ["alpha"] * 7 + ["beta"] * 3,
                       "secretariat": ["alpha"] * 3 + ["beta"]}, kind="options")


def test_group_colours_are_one_mapping_across_charts():
    summary, item = _options_summary()
    spec = charts.options_chart(option_frame(summary, item)).to_dict()
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"])) == {
        "Security Council\nn = 8": palette.GROUP_COLOURS["council"], "TCC/PCC\nn = 10": palette.GROUP_COLOURS["tcc_pcc"],
        "Secretariat\nn = 4": palette.GROUP_COLOURS["secretariat"]}
    cover = pd.DataFrame({"group": ["tcc_pcc", "council"], "group_label": ["TCC/PCC", "Security Council"],
                          "responded": [30, 15], "universe": [110, 15]})
    scale = charts.coverage_chart(cover).to_dict()["layer"][1]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["TCC/PCC"] == palette.GROUP_COLOURS["tcc_pcc"]
    extra = palette.group_colours(["council", "a", "b"])
    assert extra[0] == palette.GROUP_COLOURS["council"] and len(set(extra)) == 3


def test_options_chart_has_wilson_interval_rules_and_group_offsets():
    summary, item = _options_summary()
    table = option_frame(summary, item)
    assert list(table[table["option"] == "alpha"]["group"]) == ["council", "tcc_pcc", "secretariat"]
    # Intervals only where the share is a percentage: the Secretariat's 4 answers are a count.
    secretariat = table[(table["option"] == "alpha") & (table["group"] == "secretariat")].iloc[0]
    assert secretariat["share_text"] == "3 of 4" and secretariat["ci_low"] != secretariat["ci_low"]
    spec = charts.options_chart(table).to_dict()
    bars, rules = spec["layer"]
    assert bars["encoding"]["yOffset"]["field"] == "group_label"
    assert rules["encoding"]["x"]["field"] == "ci_low" and rules["encoding"]["x2"]["field"] == "ci_high"
    assert bars["encoding"]["y"]["sort"][:2] == ["Alpha", "Beta"]


def test_chinese_titles_and_cjk_font():
    summary, item = summary_of()
    segments, dk = likert_frames(summary, item, "zh")
    assert "非常同意" in set(segments["choice_label"])
    chart = charts.likert_chart(segments, dk, lang="zh", title="及时", axis="x")
    spec = charts.styled(chart, "zh").to_dict()
    assert spec["title"] == "及时"
    assert spec["datasets"][spec["layer"][3]["data"]["name"]] == [{"text": "不知道"}]
    assert item_view(summary, item, "zh")[0].to_dict()["layer"][0]["encoding"]["x"]["title"] == \
        translations("zh").gettext("Share of answers (disagree ← → agree)") == "回答比例（不同意 ← → 同意）"
    assert "Noto Sans CJK SC" in spec["config"]["font"]


def test_heatmap_spec_marks_and_counts():
    summary, _item = summary_of({"council": counts(**{"5": 8, "4": 4}), "tcc_pcc": counts(**{"2": 8, "1": 4}),
                                 "secretariat": counts(**{"4": 1, "2": 3})})
    frame = heatmap_frame(summary)
    spec = charts.heatmap_chart(frame).to_dict()
    cells, text = spec["layer"]
    assert cells["encoding"]["color"]["field"] == "value"
    assert cells["encoding"]["x"]["axis"]["labelExpr"] == charts.LINES
    assert cells["encoding"]["x"]["axis"]["labelOverlap"] is False
    values = spec["datasets"][next(iter(spec["datasets"]))]
    shown = {row["group"]: row["text"] for row in values}
    assert shown == {"council": "100% ◆", "tcc_pcc": "0% ◆", "secretariat": "1 of 4"}


def test_builders_do_not_mutate_their_input():
    summary, item = summary_of()
    segments, dk = likert_frames(summary, item)
    frozen = segments.copy(), copy.deepcopy(dk)
    charts.likert_chart(segments, dk)
    pd.testing.assert_frame_equal(segments, frozen[0])
    pd.testing.assert_frame_equal(dk, frozen[1])


def test_nominal_shares_stack_per_group():
    summary = summarize(item_wave(LIKERT))
    nominal = summary.item("q1_item").__class__(**{**summary.item("q1_item").__dict__, "kind": "nominal"})
    frame = share_frame(summary, nominal)
    assert frame.groupby("group")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert frame[frame["choice"] == "dk"]["order"].min() == 5  # "Don't know" last
    spec = charts.share_chart(frame).to_dict()
    assert spec["encoding"]["x"]["stack"] == "zero" and spec["encoding"]["order"]["field"] == "order"


def test_wrap_label_breaks_words_and_wide_characters():
    assert charts.wrap_label("Short") == "Short"
    text = "Overall, how do you rate current consultation among the Council, TCCs/PCCs and the Secretariat?"
    lines = charts.wrap_label(text, 40).split("\n")
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines) and lines[-1].endswith("…")
    assert charts.wrap_label("与部队和警察派遣国的正式会议效果如何", 20, lines=3).split("\n") == \
        ["与部队和警察派遣国的", "正式会议效果如何"]


def test_coverage_labels_are_whole_numbers_beyond_both_bars():
    cover = pd.DataFrame({"group": ["council", "other"], "group_label": ["Security Council", "Other"],
                          "responded": [15, 5], "universe": [15.0, 0.0]})
    spec = charts.coverage_chart(cover).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [row["text"] for row in values] == ["15 / 15", "5"]
    assert [row["end"] for row in values] == [15, 5]


def test_one_line_labels():
    assert one_line("Security Council\nn = 15") == "Security Council (n = 15)"
    assert one_line("Security Council") == "Security Council"


def test_heatmap_headers_wrap_and_clear_the_cells():
    summary, _item = summary_of()
    frame = heatmap_frame(summary, "ar")
    spec = charts.heatmap_chart(frame, lang="ar").to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    headers = spec["layer"][0]["encoding"]["x"]["sort"]
    assert headers[1] == "البلدان\nالمساهمة بقوات\nوبأفراد شرطة\nn = 12"  # name wrapped, then respondents
    assert axis["labelPadding"] == 6 + 13 * 3


def test_question_chart_stacks_one_chart_per_ordinal_item_and_renders():
    quality = summarize(item_wave(LIKERT, kind="quality5"))
    agree = summarize(item_wave(LIKERT))
    chart = question_chart(agree, [agree.item("q1_item")], description="Bars of the answers")
    spec = chart.to_dict()
    assert len(spec["vconcat"]) == 1 and spec["description"] == "Bars of the answers"
    assert spec["vconcat"][0]["title"]["text"] == ["Consultations take place early enough"]
    png = render_png(question_chart(quality, [quality.item("q1_item")]))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_chinese_png_uses_a_cjk_font():
    family = cjk_font_or_skip()
    summary, item = summary_of()
    assert fonts.png_font("zh") == family and fonts.chart_font("zh").startswith(family)
    assert render_png(question_chart(summary, [item], "zh"), "zh").startswith(b"\x89PNG")


def test_chinese_without_cjk_font_fails_loudly(monkeypatch):
    monkeypatch.setattr(fonts, "_fc_list", lambda script: [])
    monkeypatch.delenv("TRIALOGUE_CJK_FONT_DIR", raising=False)
    fonts.installed_font.cache_clear()
    try:
        with pytest.raises(fonts.MissingFont, match="fonts-noto-cjk"):
            fonts.png_font("zh")
        assert fonts.png_font("en") is None  # other languages unaffected
        assert "Noto Sans CJK SC" in fonts.chart_font("zh")  # the dashboard still names the usual faces
    finally:
        fonts.installed_font.cache_clear()


def test_chart_text_reaches_4_5_to_1_whatever_the_dashboard_theme():
    """WCAG 1.4.3: titles, axis labels and titles, legends and text marks are set in the one chart
    config, so the dashboard theme's grey (#808495, 3.7:1) never applies."""
    summary, item = summary_of()
    config = charts.styled(item_view(summary, item)[0], "en").to_dict()["config"]
    colours = [config["title"]["color"], config["axis"]["labelColor"], config["axis"]["titleColor"],
               config["legend"]["labelColor"], config["legend"]["titleColor"], config["text"]["color"]]
    for colour in colours + [palette.DONT_KNOW, palette.MUTED_TEXT]:
        assert palette.contrast(colour, "#FFFFFF") >= 4.5, colour
    assert palette.contrast("#808495", "#FFFFFF") < 4.5  # the theme default the config replaces


def test_heatmap_labels_are_black_or_white_by_their_cells_colour():
    summary = summarize(item_wave({"council": counts(**{"1": 1, "5": 9}), "tcc_pcc": counts(**{"1": 5, "5": 5}),
                                   "secretariat": counts(**{"1": 9, "5": 1})}))
    frame = heatmap_frame(summary)
    spec = charts.heatmap_chart(frame).to_dict()
    cells_layer, labels_layer = spec["layer"]
    scale = cells_layer["encoding"]["color"]["scale"]
    assert scale["range"] == list(palette.BLUES) and scale["interpolate"] == "rgb" and scale["domain"] == [0, 1]
    assert labels_layer["encoding"]["color"] == {"field": "ink", "scale": None, "type": "nominal"}
    rows = spec["datasets"][spec["data"]["name"]] if "data" in spec else next(iter(spec["datasets"].values()))
    assert {row["ink"] for row in rows} == {"#000000", "#FFFFFF"}  # a dark cell and light ones
    for row in rows:
        cell = palette.ramp(row["value"], palette.BLUES, 0, 1)
        assert palette.contrast(row["ink"], cell) >= 4.5, row


def test_palette_ramp_matches_vega_rgb_interpolation_at_the_stops():
    assert palette.ramp(0) == palette.BLUES[0] and palette.ramp(1) == palette.BLUES[-1]
    assert palette.ramp(0.5) == palette.BLUES[2]
    # Halfway between the first two stops, channel by channel (d3-interpolate's rgb, gamma 1).
    assert palette.ramp(0.125) == "#DFEBF7"
    # No colour of the ramp leaves both black and white below 4.5:1.
    for step in range(101):
        cell = palette.ramp(step / 100)
        assert palette.contrast(palette.text_on(cell), cell) >= 4.5


def test_every_chart_is_named_by_its_finding_and_its_bars_described_in_words():
    summary, item = summary_of()
    spec = item_view(summary, item)[0].to_dict()
    from analysis.present.findings import item_finding

    assert spec["description"] == item_finding(summary, item).verdict
    assert spec["title"] == "Answers by group"
    bars, centre, aside, heading = spec["layer"]
    assert bars["encoding"]["description"] == {"field": "said", "type": "nominal"}
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["said"].startswith("Security Council n = 8: Strongly disagree, ")
    assert centre["mark"]["aria"] is False and heading["mark"]["aria"] is False
    # A chart without a finding is still named by its title, never "Vega visualization".
    coverage = charts.coverage_chart(pd.DataFrame({"group": ["council"], "group_label": ["Security Council"],
                                                   "responded": [3], "universe": [15]}), title="Respondents")
    assert coverage.to_dict()["description"] == "Respondents"


def test_arabic_charts_run_right_to_left():
    summary, item = summary_of()
    ar = item_view(summary, item, "ar")[0].to_dict()
    en = item_view(summary, item, "en")[0].to_dict()
    bars_ar, bars_en = ar["layer"][0]["encoding"], en["layer"][0]["encoding"]
    assert bars_ar["x"]["scale"]["reverse"] is True and bars_en["x"]["scale"]["reverse"] is False
    assert bars_ar["y"]["axis"]["orient"] == "right" and bars_en["y"]["axis"]["orient"] == "left"
    # "Don't know" stands beyond the plot on the reader's far side: the left in Arabic.
    aside = ar["layer"][2]
    assert aside["encoding"]["x"] == {"value": 0} and aside["mark"]["align"] == "right"
    assert en["layer"][2]["encoding"]["x"] == {"value": "width"}
    heat = charts.heatmap_chart(heatmap_frame(summary, "ar"), lang="ar").to_dict()
    assert heat["layer"][0]["encoding"]["x"]["sort"][0].startswith("أخرى") or \
        heat["layer"][0]["encoding"]["x"]["sort"][-1].startswith("مجلس الأمن")
