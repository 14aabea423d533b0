"""Altair chart builders: tidy frame in, ``alt.Chart`` out.

One colour mapping for groups (:data:`GROUP_COLOURS`, from the Okabe–Ito colour-blind-safe
palette: Okabe & Ito, "Color Universal Design", 2008) so a group looks the same on every page;
diverging Likert colours run vermillion → grey → blue, which stay distinct under the common
colour-vision deficiencies. Builders never mutate their input and import no Streamlit; axis
titles come from the catalogue of ``lang`` and the chart font covers its script.
"""
from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

from .i18n import font_for, translations

OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
NEUTRAL = "#BBBBBB"
DONT_KNOW = "#8C8C8C"
#: Fixed colours for every code a compare-by can produce; anything else cycles OKABE_ITO.
GROUP_COLOURS: dict[str, str] = {
    "council": "#0072B2", "tcc_pcc": "#E69F00", "secretariat": "#009E73", "other": "#CC79A7",
    "p5": "#0072B2", "e10": "#56B4E9", "non_member": "#E69F00",
    "african": "#E69F00", "asia_pacific": "#D55E00", "eastern_european": "#56B4E9",
    "latin_american_caribbean": "#009E73", "weog": "#0072B2",
}
_NEGATIVE, _POSITIVE = "#D55E00", "#0072B2"


def group_colours(codes: Sequence[str]) -> list[str]:
    """The colour of each group code, fixed for known codes, cycling Okabe–Ito otherwise."""
    spare = [c for c in OKABE_ITO if c not in {GROUP_COLOURS.get(code) for code in codes}]
    colours, extra = [], 0
    for code in codes:
        if code in GROUP_COLOURS:
            colours.append(GROUP_COLOURS[code])
        else:
            colours.append(spare[extra % len(spare)] if spare else OKABE_ITO[extra % 8])
            extra += 1
    return colours


def _tint(colour: str, amount: float) -> str:
    """``colour`` blended towards white by ``amount`` (0 = unchanged)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def likert_colours(k: int) -> list[str]:
    """``k`` diverging colours, strongest disagreement first; grey in the middle of odd scales."""
    half = k // 2
    steps = [0.6 * i / (half - 1) for i in range(half)] if half > 1 else [0.0] * half
    negative = [_tint(_NEGATIVE, t) for t in steps]
    positive = [_tint(_POSITIVE, t) for t in reversed(steps)]
    return negative + ([NEUTRAL] if k % 2 else []) + positive


def styled(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Top-level config: a font for the language's script and quiet views."""
    font = font_for(lang)
    return (chart.configure(font=font).configure_view(stroke=None)
            .configure_title(font=font, anchor="start", fontSize=14)
            .configure_axis(labelFont=font, titleFont=font)
            .configure_legend(labelFont=font, titleFont=font, orient="bottom"))


def _ordered(frame: pd.DataFrame, column: str) -> list[str]:
    return list(dict.fromkeys(frame[column].tolist()))


def likert_chart(segments: pd.DataFrame, dont_know: pd.DataFrame, *, lang: str = "en",
                 title: str = "") -> alt.HConcatChart:
    """Diverging stacked bars centred on the neutral answer, with "Don't know" beside them."""
    _ = translations(lang).gettext
    groups = _ordered(segments, "group_label")
    order = segments.drop_duplicates("choice").sort_values("order")
    labels = order["choice_label"].tolist()
    y = alt.Y("group_label:N", sort=groups, title=None)
    bars = alt.Chart(segments).mark_bar().encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="%", labelExpr="format(abs(datum.value), '.0%')"),
                title=_("Share of answers (disagree ← → agree)")),
        x2="end:Q",
        y=y,
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=likert_colours(len(labels)))),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")],
    )
    centre = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    aside = alt.Chart(dont_know).mark_bar(color=DONT_KNOW).encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"),
                title=_("Don't know")),
        y=alt.Y("group_label:N", sort=groups, title=None, axis=None),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("answered:Q", title=_("Answers")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")],
    ).properties(width=110)
    main = alt.layer(bars, centre).properties(width="container")
    return alt.hconcat(main, aside, spacing=12).properties(title=title)


def options_chart(frame: pd.DataFrame, *, lang: str = "en", title: str = "") -> alt.LayerChart:
    """Grouped bars of the share selecting each option, with 95% Wilson intervals."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    options = _ordered(frame, "option_label")
    base = alt.Chart(frame).encode(
        y=alt.Y("option_label:N", sort=options, title=None),
        yOffset=alt.YOffset("group_label:N", sort=groups),
    )
    bars = base.mark_bar().encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"),
                title=_("Share selecting the option")),
        color=alt.Color("group_label:N", sort=groups, title=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes))),
        tooltip=[alt.Tooltip("option_label:N", title=_("Option")),
                 alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("selected:Q", title=_("Selected")),
                 alt.Tooltip("n:Q", title=_("Answers")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%"),
                 alt.Tooltip("ci_low:Q", title=_("Lower 95% bound"), format=".0%"),
                 alt.Tooltip("ci_high:Q", title=_("Upper 95% bound"), format=".0%")],
    )
    intervals = base.mark_rule(color="#333333").encode(x="ci_low:Q", x2="ci_high:Q")
    return alt.layer(bars, intervals).properties(title=title, width="container")


def share_chart(frame: pd.DataFrame, *, lang: str = "en", title: str = "") -> alt.Chart:
    """Stacked shares of each answer per group (nominal items); "Don't know" kinds in grey."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    ordered = frame.drop_duplicates("choice").sort_values("order")
    labels = ordered["choice_label"].tolist()
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))]
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("share:Q", stack="zero", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"), title=_("Share of answers")),
        y=alt.Y("group_label:N", sort=groups, title=None),
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=colours)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")],
    ).properties(title=title, width="container")


def heatmap_chart(frame: pd.DataFrame, *, lang: str = "en", metric: str = "agree_share",
                  title: str = "") -> alt.LayerChart:
    """Items × groups coloured by the metric; a ◆ and an outline mark groups that differ."""
    _ = translations(lang).gettext
    share = metric == "agree_share"
    groups = _ordered(frame, "group_label")
    items = frame.sort_values("order")["item_label"].drop_duplicates().tolist()
    value_title = _("Share agreeing") if share else _("Median")
    data = frame.assign(
        text=[("" if pd.isna(v) else (f"{v:.0%}" if share else f"{v:g}")) + (" ◆" if d else "")
              for v, d in zip(frame["value"], frame["differs"])])
    base = alt.Chart(data).encode(
        x=alt.X("group_label:N", sort=groups, title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("item_label:N", sort=items, title=None, axis=alt.Axis(labelLimit=420)),
    )
    scale = alt.Scale(scheme="blues", domain=[0, 1]) if share else alt.Scale(scheme="blues")
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", scale=scale, title=value_title,
                        legend=alt.Legend(format="%" if share else "")),
        stroke=alt.condition("datum.differs", alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition("datum.differs", alt.value(2), alt.value(0)),
        tooltip=[alt.Tooltip("item_label:N", title=_("Item")),
                 alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("value:Q", title=value_title, format=".0%" if share else ".2f"),
                 alt.Tooltip("n:Q", title=_("Answers")),
                 alt.Tooltip("differs:N", title=_("Differs from another group"))],
    )
    high = 0.6 if share else float(frame["value"].max() or 0) * 0.6
    labels = base.mark_text(fontSize=12).encode(
        text="text:N",
        color=alt.condition(f"datum.value > {high}", alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, labels).properties(title=title, width="container")


def coverage_chart(frame: pd.DataFrame, *, lang: str = "en", title: str = "") -> alt.LayerChart:
    """Respondents per group against the group's universe (frame: group, group_label,
    responded, universe)."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    data = frame.assign(text=[f"{r} / {u}" if u else str(r)
                              for r, u in zip(frame["responded"], frame["universe"])])
    base = alt.Chart(data).encode(y=alt.Y("group_label:N", sort=groups, title=None))
    universe = base.mark_bar(color="#E6E6E6").encode(
        x=alt.X("universe:Q", title=_("Respondents of the whole group")))
    responded = base.mark_bar().encode(
        x="responded:Q",
        color=alt.Color("group_label:N", sort=groups, legend=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes))),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("responded:Q", title=_("Responded")),
                 alt.Tooltip("universe:Q", title=_("Whole group"))],
    )
    text = base.mark_text(align="left", dx=4).encode(x="universe:Q", text="text:N")
    return alt.layer(universe, responded, text).properties(title=title, width="container")
