"""Report charts: the diverging layout, one legend per scale, and a loud failure without CJK fonts."""
from __future__ import annotations

import pytest

from analysis.exports import charts_png
from analysis.exports.charts_png import MissingFont, diverging_rows, question_chart_spec, render_png
from analysis.exports.findings import Context
from test_export_common import cjk_font_or_skip
from test_export_findings import AGREE5, QUALITY5


def item(name: str, levels, counts: dict[str, list[int]]) -> dict:
    return {"item": name, "question": "q1", "kind": "ordinal", "label": {"en": name, "zh": "磋商" + name},
            "levels": levels,
            "groups": {g: {"n": sum(c), "counts": {str(i + 1): v for i, v in enumerate(c)}} for g, c in counts.items()}}


CONSULT = item("timely", AGREE5, {"council": [1, 2, 3, 4, 0], "tcc_pcc": [6, 4, 0, 0, 2]})
OVERALL = item("overall", QUALITY5, {"council": [0, 0, 5, 5, 0]})


def test_bars_diverge_around_the_middle_choice():
    rows = diverging_rows(CONSULT, Context("en"), [(str(i), str(i)) for i in range(1, 6)], "timely")
    council = [r for r in rows if r["group"].startswith("Security Council")]
    # Council: 1, 2, 3, 4, 0 of 10 → left of zero: 0.1 + 0.2 + half of 0.3 = 0.45.
    assert council[0]["x"] == pytest.approx(-0.45)
    assert council[-1]["x2"] == pytest.approx(0.55)
    middle = council[2]
    assert middle["x"] == pytest.approx(-0.15) and middle["x2"] == pytest.approx(0.15)
    assert [r["share"] for r in council] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.0])
    assert council[0]["group"] == "Security Council (n=10)"


def test_items_on_different_scales_get_their_own_panel_and_legend():
    spec = question_chart_spec([CONSULT, OVERALL], Context("en"))
    assert len(spec["vconcat"]) == 2
    domains = [p["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"] for p in spec["vconcat"]]
    assert domains == [[lv["label"]["en"] for lv in AGREE5], [lv["label"]["en"] for lv in QUALITY5]]
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_no_ordinal_item_no_chart():
    assert question_chart_spec([{**CONSULT, "kind": "nominal"}], Context("en")) is None


def test_renders_png():
    png = render_png(question_chart_spec([CONSULT], Context("en")))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_chinese_chart_uses_a_cjk_font():
    family = cjk_font_or_skip()
    spec = question_chart_spec([CONSULT], Context("zh"))
    assert spec["config"]["font"] == family
    assert render_png(spec).startswith(b"\x89PNG")


def test_chinese_without_cjk_font_fails_loudly(monkeypatch):
    monkeypatch.setattr(charts_png, "_fc_list_cjk", lambda: [])
    monkeypatch.delenv("TRIALOGUE_CJK_FONT_DIR", raising=False)
    charts_png.cjk_font.cache_clear()
    try:
        with pytest.raises(MissingFont, match="fonts-noto-cjk"):
            question_chart_spec([CONSULT], Context("zh"))
        assert question_chart_spec([CONSULT], Context("en")) is not None  # other languages unaffected
    finally:
        charts_png.cjk_font.cache_clear()
