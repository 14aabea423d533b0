"""Altair chart builders: tidy frame in, ``alt.Chart`` out.

One colour mapping for groups (:data:`GROUP_COLOURS`, from the Okabe–Ito colour-blind-safe
palette: Okabe & Ito, "Color Universal Design", 2008) so a group looks the same on every page;
diverging Likert colours run vermillion → grey → blue, which stay distinct under the common
colour-vision deficiencies. Builders never mutate their input and import no Streamlit; axis
titles come from the catalogue of ``lang`` and the chart font covers its script.
"""
from __future__ import annotations

import re
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
#: Pixels between the bars and the "Don't know" column.
DK_GAP = 18


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


#: Vega draws an array label as lines; labels carry their line breaks as "\n".
LINES = "split(datum.label, '\\n')"
#: Legends keep one line: "Security Council\nn = 15" reads "Security Council (n = 15)".
ONE_LINE = "replace(datum.label, regexp('\\n(.*)'), ' ($1)')"
_WIDE = re.compile(r"[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60]")


def wrap_label(text: str, width: int = 40, lines: int = 2) -> str:
    """``text`` broken into at most ``lines`` lines of about ``width`` columns, "…" when cut.

    Chinese and other wide characters count two columns and may break anywhere; other
    scripts break between words. Lines are joined with "\n" for :data:`LINES`.
    """
    text = " ".join(str(text).split())
    wide = len(_WIDE.findall(text)) > len(text) / 3
    tokens = list(text) if wide else text.split(" ")
    step = 2 if wide else 1
    out, line = [], ""
    for token in tokens:
        joined = (line + token) if wide or not line else f"{line} {token}"
        if line and len(joined) * step > width:
            out.append(line)
            line = token.strip() if wide else token
        else:
            line = joined
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width // step - 1)].rstrip() + "…"
    return "\n".join(out)


def _wrapped(frame: pd.DataFrame, column: str, width: int, lines: int = 2) -> pd.Series:
    return frame[column].map(lambda text: wrap_label(text, width, lines))


def likert_chart(segments: pd.DataFrame, dont_know: pd.DataFrame, *, lang: str = "en",
                 title: str = "") -> alt.LayerChart:
    """Diverging stacked bars centred on the neutral answer; "Don't know" counted in a column
    to the right of the bars (outside the share axis, so it never competes with it)."""
    _ = translations(lang).gettext
    groups = _ordered(segments, "group_label")
    order = segments.drop_duplicates("choice").sort_values("order")
    labels = order["choice_label"].tolist()
    y = alt.Y("group_label:N", sort=groups, title=None,
              axis=alt.Axis(labelExpr=LINES, labelLimit=220, labelPadding=8, ticks=False, domain=False))
    bars = alt.Chart(segments).mark_bar().encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], labelExpr="format(abs(datum.value), '.0%')"),
                title=_("Share of answers (disagree ← → agree)")),
        x2="end:Q",
        y=y,
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=likert_colours(len(labels))),
                        legend=alt.Legend(labelLimit=0, symbolType="square")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")],
    )
    centre = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    counted = dont_know.assign(text=[f"{c} ({s:.0%})" if c else "0"
                                     for c, s in zip(dont_know["count"], dont_know["share"])])
    # x = "width" is the right edge of the plot; the text sits beyond it, and "fit" sizing
    # shrinks the bars so the column stays inside the page.
    aside = alt.Chart(counted).mark_text(align="left", dx=DK_GAP, color=DONT_KNOW, fontSize=12).encode(
        x=alt.value("width"), y=alt.Y("group_label:N", sort=groups), text="text:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("count:Q", title=_("Don't know")),
                 alt.Tooltip("answered:Q", title=_("Answers")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")])
    heading = alt.Chart(pd.DataFrame({"text": [_("Don't know")]})).mark_text(
        align="left", baseline="bottom", dx=DK_GAP, dy=-4, color=DONT_KNOW, fontWeight="bold",
        fontSize=11).encode(x=alt.value("width"), y=alt.value(0), text="text:N")
    return alt.layer(bars, centre, aside, heading).properties(
        title=title, width="container", height=alt.Step(40))


def options_chart(frame: pd.DataFrame, *, lang: str = "en", title: str = "") -> alt.LayerChart:
    """Grouped bars of the share selecting each option, with 95% Wilson intervals."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    data = frame.assign(option_text=_wrapped(frame, "option_label", 34, 3))
    options = _ordered(data, "option_text")
    base = alt.Chart(data).encode(
        y=alt.Y("option_text:N", sort=options, title=None,
                axis=alt.Axis(labelExpr=LINES, labelLimit=240, labelPadding=8, ticks=False)),
        yOffset=alt.YOffset("group_label:N", sort=groups),
    )
    bars = base.mark_bar().encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"),
                title=_("Share selecting the option")),
        color=alt.Color("group_label:N", sort=groups, title=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes)),
                        legend=alt.Legend(labelExpr=ONE_LINE, labelLimit=0, symbolType="square")),
        tooltip=[alt.Tooltip("option_label:N", title=_("Option")),
                 alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("selected:Q", title=_("Selected")),
                 alt.Tooltip("n:Q", title=_("Answers")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%"),
                 alt.Tooltip("ci_low:Q", title=_("Lower 95% bound"), format=".0%"),
                 alt.Tooltip("ci_high:Q", title=_("Upper 95% bound"), format=".0%")],
    )
    intervals = base.mark_rule(color="#333333").encode(x="ci_low:Q", x2="ci_high:Q")
    return alt.layer(bars, intervals).properties(title=title, width="container",
                                                 height=alt.Step(14, **{"for": "offset"}))


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
        y=alt.Y("group_label:N", sort=groups, title=None,
                axis=alt.Axis(labelExpr=LINES, labelLimit=220, labelPadding=8, ticks=False, domain=False)),
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(labelLimit=0, columns=1, symbolType="square")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share:Q", title=_("Share"), format=".0%")],
    ).properties(title=title, width="container", height=alt.Step(40))


def heatmap_chart(frame: pd.DataFrame, *, lang: str = "en", metric: str = "agree_share",
                  title: str = "") -> alt.LayerChart:
    """Items × groups coloured by the metric; a ◆ and an outline mark groups that differ."""
    _ = translations(lang).gettext
    share = metric == "agree_share"
    value_title = _("Share agreeing") if share else _("Median")
    # Column headers: the group name wrapped to a cell's width, its "n = …" line kept.
    header = {label: "\n".join([wrap_label(label.split("\n")[0], 14, lines=3), *label.split("\n")[1:]])
              for label in frame["group_label"].unique()}
    data = frame.assign(
        group_text=frame["group_label"].map(header),
        item_text=_wrapped(frame, "item_label", 56),
        text=[("" if pd.isna(v) else (f"{v:.0%}" if share else f"{v:g}")) + (" ◆" if d else "")
              for v, d in zip(frame["value"], frame["differs"])])
    groups = _ordered(data, "group_text")
    items = data.sort_values("order")["item_text"].drop_duplicates().tolist()
    lines = max((text.count("\n") + 1 for text in groups), default=1)
    base = alt.Chart(data).encode(
        x=alt.X("group_text:N", sort=groups, title=None,
                axis=alt.Axis(labelAngle=0, orient="top", labelExpr=LINES, labelLimit=160,
                              labelFontWeight="bold", ticks=False, domain=False, labelOverlap=False,
                              # Vega grows a top label downwards from its first line: lift it
                              # by the lines below (13 px each) so none runs into the cells.
                              labelPadding=6 + 13 * (lines - 1))),
        y=alt.Y("item_text:N", sort=items, title=None,
                axis=alt.Axis(labelExpr=LINES, labelLimit=360, ticks=False, domain=False, labelPadding=8)),
    )
    scale = alt.Scale(scheme="blues", domain=[0, 1]) if share else alt.Scale(scheme="blues")
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", scale=scale, title=value_title,
                        legend=alt.Legend(format="%" if share else "", orient="right",
                                          gradientLength=160)),
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
    return alt.layer(cells, labels).properties(title=title, width="container", height=alt.Step(40))


def coverage_chart(frame: pd.DataFrame, *, lang: str = "en", title: str = "") -> alt.LayerChart:
    """Respondents per group against the group's universe (frame: group, group_label,
    responded, universe)."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    data = frame.assign(text=[f"{int(r)} / {int(u)}" if u == u and u else f"{int(r)}"
                              for r, u in zip(frame["responded"], frame["universe"])],
                        end=[max(r, u if u == u else 0) for r, u in zip(frame["responded"], frame["universe"])])
    base = alt.Chart(data).encode(y=alt.Y("group_label:N", sort=groups, title=None,
                                          axis=alt.Axis(labelLimit=220, ticks=False, domain=False)))
    universe = base.mark_bar(color="#E6E6E6").encode(
        x=alt.X("universe:Q", title=_("Respondents of the whole group"),
                axis=alt.Axis(format="d", tickMinStep=1)))
    responded = base.mark_bar().encode(
        x="responded:Q",
        color=alt.Color("group_label:N", sort=groups, legend=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes))),
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("responded:Q", title=_("Responded")),
                 alt.Tooltip("universe:Q", title=_("Whole group"))],
    )
    text = base.mark_text(align="left", dx=6, fontSize=12).encode(x="end:Q", text="text:N")
    return alt.layer(universe, responded, text).properties(title=title, width="container",
                                                           height=alt.Step(34))
