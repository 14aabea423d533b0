"""Altair chart builders: tidy frame in, ``alt.Chart`` out — for the dashboard and, rendered
to PNG by vl-convert, for the reports.

Colours come from :mod:`analysis.present.palette` (colour-blind safe, one mapping per group),
fonts from :mod:`analysis.present.fonts`, axis titles from the catalogue of ``lang`` and the
item's scale. Every builder takes a ``title`` and a ``description`` (Vega-Lite's own
accessible description, which the dashboard's renderer gives screen readers) and a
``width``: ``"container"`` on screen, pixels on paper. Builders never mutate their input
and import no Streamlit.
"""
from __future__ import annotations

import re
import textwrap
from typing import Any, Literal, Mapping, Sequence

import altair as alt
import pandas as pd

from .disclosure import SECRETARIAT, Audience
from .fonts import chart_font, png_face
from .labels import WORDING_LIMIT, item_label, shortened
from .language import is_rtl, translations
from .palette import (
    BLUES,
    DONT_KNOW,
    GROUP_COLOURS,
    NEUTRAL,
    OKABE_ITO,
    OUTLINE,
    RULE,
    TEXT,
    TRACK,
    category_colours,
    group_colours,
    likert_colours,
    ramp,
    sequence_colours,
    text_on,
)
from .scales import axis_title, is_sequence
from .tables import WITHHELD, heatmap_frame, likert_frames, option_frame, share_frame

__all__ = ["DONT_KNOW", "GROUP_COLOURS", "LINES", "NEUTRAL", "OKABE_ITO", "ONE_LINE", "coverage_chart",
           "group_colours", "heatmap_chart", "item_view", "likert_chart", "likert_colours", "options_chart",
           "question_chart", "png_spec", "render_png", "share_chart", "styled", "wrap_label"]

#: Pixels between the bars and the "Don't know" column.
DK_GAP = 18
#: Width of a report chart's bar area in pixels (rendered at scale 2 it prints sharp at 16 cm).
PNG_WIDTH = 440

Width = "str | int"


def styled(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Top-level config: a font for the language's script, quiet views, and text in
    :data:`~analysis.present.palette.TEXT` (14.8:1 on white) instead of the dashboard
    theme's grey (#808495, 3.7:1) for titles, axes, legends and labels."""
    font = chart_font(lang)
    return (chart.configure(font=font).configure_view(stroke=None)
            .configure_title(font=font, anchor="start", fontSize=14, color=TEXT, subtitleColor=TEXT)
            .configure_axis(labelFont=font, titleFont=font, labelColor=TEXT, titleColor=TEXT)
            .configure_legend(labelFont=font, titleFont=font, orient="bottom", labelColor=TEXT, titleColor=TEXT)
            .configure_text(color=TEXT))


def _ordered(frame: pd.DataFrame, column: str) -> list[str]:
    return list(dict.fromkeys(frame[column].tolist()))


def _props(title: Any, description: str | None, width: Any, height: Any) -> dict[str, Any]:
    """Size, title and the description Vega gives screen readers as the chart's name (the
    title's text when no finding is given, never Vega's "Vega visualization")."""
    props = {"title": title, "width": width, "height": height}
    text = description or _title_text(title)
    if text:
        props["description"] = text
    return props


def _title_text(title: Any) -> str:
    text = title.text if isinstance(title, alt.TitleParams) else title
    if isinstance(text, (list, tuple)):
        text = " ".join(map(str, text))
    return "" if text is None or text is alt.Undefined else str(text)


def _one_line(column: pd.Series) -> pd.Series:
    return column.map(lambda label: str(label).replace("\n", " "))


def _x_scale(domain: Sequence[float], lang: str) -> alt.Scale:
    """A share axis, running right to left on a right-to-left page (its start on the right)."""
    return alt.Scale(domain=list(domain), reverse=is_rtl(lang))


def _label_side(lang: str) -> Literal["left", "right"]:
    """Where category labels stand: at the start of the line, the right in Arabic."""
    return "right" if is_rtl(lang) else "left"


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


def _legend_columns(labels: Sequence[str]) -> int:
    """Legend columns under a chart: all in one row for short labels, fewer for long ones (stages)."""
    longest = max((len(label) for label in labels), default=0)
    return 1 if longest > 40 else 2 if longest > 22 else max(1, len(labels))


def _choice_colours(frame: pd.DataFrame, palette) -> tuple[list[str], list[str]]:
    """Legend labels and colours of a frame's choices, each coloured by its place on the whole
    scale; the pooled answers withheld from members and viewers (``tables.WITHHELD``, placed
    after the last choice) in grey, so a choice left out of every bar moves no colour."""
    order = frame.drop_duplicates("choice").sort_values("order")
    pooled = order["choice"] == WITHHELD
    real = order[~pooled]
    size = int(order.loc[pooled, "order"].iloc[0]) if pooled.any() else len(real)
    size = max(size, int(real["order"].max()) + 1 if len(real) else 0)
    colours = palette(size)
    found = [colours[int(o)] for o in real["order"]]
    return (real["choice_label"].tolist() + order.loc[pooled, "choice_label"].tolist(),
            found + [DONT_KNOW] * int(pooled.sum()))


def likert_chart(segments: pd.DataFrame, dont_know: pd.DataFrame, *, lang: str = "en", title: Any = "",
                 description: str | None = None, axis: str | None = None, diverging: bool = True,
                 width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """Stacked bars per group: diverging around the neutral answer for an opinion scale, from
    0 to 1 for a sequence of stages; "Don't know" counted in a column beside the bars
    (outside the share axis, so it never competes with it). On a right-to-left page the
    axis runs from the right, group labels stand on the right and "Don't know" on the left."""
    _ = translations(lang).gettext
    rtl = is_rtl(lang)
    groups = _ordered(dont_know, "group_label") or _ordered(segments, "group_label")  # every group, even with 0
    labels, colours = _choice_colours(segments, likert_colours if diverging else sequence_colours)
    y = alt.Y("group_label:N", sort=groups, title=None,
              axis=alt.Axis(labelExpr=LINES, labelLimit=220, labelPadding=8, ticks=False, domain=False,
                            orient=_label_side(lang)))
    if diverging:
        x_axis = alt.Axis(values=[-1, -0.5, 0, 0.5, 1], labelExpr="format(abs(datum.value), '.0%')")
        domain = [-1, 1]
    else:
        x_axis = alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format="%")
        domain = [0, 1]
    # What a screen reader says for each bar (Vega-Lite's own would list raw field names).
    data = segments.assign(said=_one_line(segments["group_label"]) + ": " + segments["choice_label"] + ", "
                           + segments["share_text"])
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("start:Q", scale=_x_scale(domain, lang), axis=x_axis,
                title=axis or _("Share of answers (lower ← → higher)")),
        x2="end:Q",
        y=y,
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(labelLimit=0, symbolType="square", columns=_legend_columns(labels))),
        order=alt.Order("order:Q"),
        description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share_text:N", title=_("Share"))],
    )
    layers = [bars]
    if diverging:
        layers.append(alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=RULE, aria=False).encode(
            x=alt.X("x:Q", scale=_x_scale(domain, lang))))
    # x = "width" is the far edge of the plot (x = 0 the near one on a right-to-left page);
    # the text sits beyond it, and "fit" sizing shrinks the bars so the column stays inside the page.
    align: Literal["left", "right"]
    edge, align, gap = (alt.value(0), "right", -DK_GAP) if rtl else (alt.value("width"), "left", DK_GAP)
    asked = dont_know.assign(said=_one_line(dont_know["group_label"]) + ": " + _("Don't know") + ", "
                             + dont_know["text"])
    aside = alt.Chart(asked).mark_text(align=align, dx=gap, color=DONT_KNOW, fontSize=12).encode(
        x=edge, y=alt.Y("group_label:N", sort=groups), text="text:N", description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("count:Q", title=_("Don't know")),
                 alt.Tooltip("answered:Q", title=_("Answers")),
                 alt.Tooltip("text:N", title=_("Share"))])
    heading = alt.Chart(pd.DataFrame({"text": [_("Don't know")]})).mark_text(
        align=align, baseline="bottom", dx=gap, dy=-4, color=DONT_KNOW, fontWeight="bold",
        fontSize=11, aria=False).encode(x=edge, y=alt.value(0), text="text:N")
    return alt.layer(*layers, aside, heading).properties(**_props(title, description, width, alt.Step(40)))


def options_chart(frame: pd.DataFrame, *, lang: str = "en", title: Any = "", description: str | None = None,
                  width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """Grouped bars of the share selecting each option, with 95% Wilson intervals."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    data = frame.assign(option_text=_wrapped(frame, "option_label", 34, 3),
                        said=frame["option_label"] + " – " + _one_line(frame["group_label"]) + ": "
                        + frame["share_text"])
    options = _ordered(data, "option_text")
    base = alt.Chart(data).encode(
        y=alt.Y("option_text:N", sort=options, title=None,
                axis=alt.Axis(labelExpr=LINES, labelLimit=240, labelPadding=8, ticks=False,
                              orient=_label_side(lang))),
        yOffset=alt.YOffset("group_label:N", sort=groups),
    )
    bars = base.mark_bar().encode(
        x=alt.X("share:Q", scale=_x_scale([0, 1], lang), axis=alt.Axis(format="%"),
                title=_("Share selecting the option")),
        color=alt.Color("group_label:N", sort=groups, title=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes)),
                        legend=alt.Legend(labelExpr=ONE_LINE, labelLimit=0, symbolType="square")),
        description="said:N",
        tooltip=[alt.Tooltip("option_label:N", title=_("Option")),
                 alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("selected:Q", title=_("Selected")),
                 alt.Tooltip("n:Q", title=_("Answers")),
                 alt.Tooltip("share_text:N", title=_("Share")),
                 alt.Tooltip("ci_low:Q", title=_("Lower 95% bound"), format=".0%"),
                 alt.Tooltip("ci_high:Q", title=_("Upper 95% bound"), format=".0%")],
    )
    intervals = base.mark_rule(color=RULE, aria=False).encode(x="ci_low:Q", x2="ci_high:Q")
    return alt.layer(bars, intervals).properties(
        **_props(title, description, width, alt.Step(14, **{"for": "offset"})))


def share_chart(frame: pd.DataFrame, *, lang: str = "en", title: Any = "", description: str | None = None,
                width: Any = "container") -> alt.Chart:
    """Stacked shares of each answer per group (nominal items)."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    labels, colours = _choice_colours(frame, category_colours)
    data = frame.assign(said=_one_line(frame["group_label"]) + ": " + frame["choice_label"] + ", "
                        + frame["share_text"])
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("share:Q", stack="zero", scale=_x_scale([0, 1], lang),
                axis=alt.Axis(format="%"), title=_("Share of answers")),
        y=alt.Y("group_label:N", sort=groups, title=None,
                axis=alt.Axis(labelExpr=LINES, labelLimit=220, labelPadding=8, ticks=False, domain=False,
                              orient=_label_side(lang))),
        color=alt.Color("choice_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(labelLimit=0, columns=1, symbolType="square")),
        order=alt.Order("order:Q"),
        description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("choice_label:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share_text:N", title=_("Share"))],
    ).properties(**_props(title, description, width, alt.Step(40)))


def heatmap_domain(frame: pd.DataFrame, metric: str) -> list[float]:
    """The value range the heatmap's colours span: 0 to 1 for shares, the medians' own range."""
    if metric == "agree_share":
        return [0.0, 1.0]
    values = frame["value"].dropna()
    low, high = (float(values.min()), float(values.max())) if not values.empty else (0.0, 1.0)
    return [low, high if high > low else low + 1.0]


def heatmap_chart(frame: pd.DataFrame, *, lang: str = "en", metric: str = "agree_share", title: Any = "",
                  description: str | None = None, width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """Items × groups coloured by the metric; a ◆ and an outline mark the groups of the pair
    the tests support (the frame's ``differs``, from :func:`analysis.present.verdicts.marked_groups`).
    Each label is black or white, whichever contrasts more with its own cell's colour
    (:func:`analysis.present.palette.text_on`), so every label reaches 4.5:1."""
    _ = translations(lang).gettext
    share = metric == "agree_share"
    value_title = _("Share in the upper answers") if share else _("Median")
    domain = heatmap_domain(frame, metric)
    # Column headers: the group name wrapped to a cell's width, its "n = …" line kept.
    header = {label: "\n".join([wrap_label(label.split("\n")[0], 14, lines=3), *label.split("\n")[1:]])
              for label in frame["group_label"].unique()}
    data = frame.assign(
        group_text=frame["group_label"].map(header),
        item_text=_wrapped(frame, "item_label", 56),
        text=[t + (" ◆" if d else "") for t, d in zip(frame["text"], frame["differs"])],
        ink=[text_on(ramp(v, BLUES, *domain)) if v == v else TEXT for v in frame["value"]])
    data = data.assign(said=data["item_label"] + " – " + _one_line(data["group_label"]) + ": " + data["text"])
    groups = _ordered(data, "group_text")
    if is_rtl(lang):
        groups = groups[::-1]  # the first group at the right, where a right-to-left reader starts
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
                axis=alt.Axis(labelExpr=LINES, labelLimit=360, ticks=False, domain=False, labelPadding=8,
                              orient=_label_side(lang))),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("value:Q", scale=alt.Scale(domain=domain, range=list(BLUES), interpolate="rgb"),
                        title=value_title,
                        legend=alt.Legend(format="%" if share else "", orient="left" if is_rtl(lang) else "right",
                                          gradientLength=160)),
        stroke=alt.condition("datum.differs", alt.value(OUTLINE), alt.value(None)),
        strokeWidth=alt.condition("datum.differs", alt.value(2), alt.value(0)),
        description="said:N",
        tooltip=[alt.Tooltip("item_label:N", title=_("Item")),
                 alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("text:N", title=value_title),
                 alt.Tooltip("n:Q", title=_("Answers"))],
    )
    # The label's own colour (no scale), kept apart from the cells' colour scale.
    labels = base.mark_text(fontSize=12, aria=False).encode(text="text:N", color=alt.Color("ink:N", scale=None))
    return alt.layer(cells, labels).resolve_scale(color="independent").properties(
        **_props(title, description, width, alt.Step(40)))


def coverage_chart(frame: pd.DataFrame, *, lang: str = "en", title: Any = "", description: str | None = None,
                   width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """Respondents per group against the group's roster (frame: group, group_label, responded,
    universe)."""
    _ = translations(lang).gettext
    groups = _ordered(frame, "group_label")
    codes = _ordered(frame, "group")
    rtl = is_rtl(lang)
    data = frame.assign(text=[f"{int(r)} / {int(u)}" if u == u and u else f"{int(r)}"
                              for r, u in zip(frame["responded"], frame["universe"])],
                        end=[max(r, u if u == u else 0) for r, u in zip(frame["responded"], frame["universe"])])
    data = data.assign(said=data["group_label"] + ": " + data["text"])
    base = alt.Chart(data).encode(y=alt.Y("group_label:N", sort=groups, title=None,
                                          axis=alt.Axis(labelLimit=220, ticks=False, domain=False,
                                                        orient=_label_side(lang))))
    scale = alt.Scale(reverse=rtl)
    universe = base.mark_bar(color=TRACK, aria=False).encode(
        x=alt.X("universe:Q", title=_("Respondents of the whole group"), scale=scale,
                axis=alt.Axis(format="d", tickMinStep=1)))
    responded = base.mark_bar().encode(
        x=alt.X("responded:Q", scale=scale),
        color=alt.Color("group_label:N", sort=groups, legend=None,
                        scale=alt.Scale(domain=groups, range=group_colours(codes))),
        description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("responded:Q", title=_("Responded")),
                 alt.Tooltip("universe:Q", title=_("Whole group"))],
    )
    text = base.mark_text(align="right" if rtl else "left", dx=-6 if rtl else 6, fontSize=12, color=TEXT,
                          aria=False).encode(x=alt.X("end:Q", scale=scale), text="text:N")
    return alt.layer(universe, responded, text).properties(**_props(title, description, width, alt.Step(34)))


def item_view(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT, *,
              title: Any = "", description: str | None = None, width: Any = "container"
              ) -> tuple[alt.TopLevelMixin | None, pd.DataFrame]:
    """The chart of one item and the frame it draws (the "numbers" beside it): an ordinal
    scale as its scale reads (diverging, or stacked stages), a multiple-choice item's options,
    a nominal item's shares, a numeric item's medians. The chart is None when there is
    nothing to draw.

    Unless given, the title is "Answers by group" and the description (the chart's name for
    screen readers) is the item's finding, the sentence the page and the report print."""
    if not title:
        title = translations(lang).gettext("Answers by group")
    if description is None:
        from .findings import item_finding

        description = item_finding(summary, item, lang, audience).verdict
    kw = dict(lang=lang, title=title, description=description, width=width)
    if item.kind == "ordinal":
        segments, dont_know = likert_frames(summary, item, lang, audience)
        if segments.empty and not dont_know["count"].any():
            return None, segments
        return likert_chart(segments, dont_know, axis=axis_title(item, lang), diverging=not is_sequence(item),
                            **kw), segments
    if item.kind == "multiple":
        frame = option_frame(summary, item, lang, audience)
        return (options_chart(frame, **kw) if not frame.empty else None), frame
    if item.kind == "nominal":
        frame = share_frame(summary, item, lang, audience)
        return (share_chart(frame, **kw) if not frame.empty else None), frame
    if item.kind == "numeric":
        frame = heatmap_frame(_one_item(summary, item), lang, metric="median", audience=audience)
        frame = frame[frame["text"] != ""]
        return (heatmap_chart(frame, metric="median", **kw) if not frame.empty else None), frame
    return None, pd.DataFrame()


def _one_item(summary: Any, item: Any) -> Any:
    from dataclasses import replace

    return replace(summary, items=(item,))


def _wrap_title(label: str, lang: str, width: int = 72) -> list[str]:
    label = shortened(label, WORDING_LIMIT)
    if any(_WIDE.match(c) for c in label):  # no spaces to break at; wide glyphs count two
        step = width // 2
        return [label[i:i + step] for i in range(0, len(label), step)]
    return textwrap.wrap(label, width) or [label]


def _item_title(item: Any, lang: str) -> alt.TitleParams:
    """An item's text as a chart title, wrapped; no limit (it is wrapped already, and a line of
    Arabic cut short is drawn garbled). The PNG renderer draws a multi-line Arabic title over
    itself, so a right-to-left title is one line with the rest as a one-line subtitle, set at
    the right."""
    label = item_label(item, lang)
    if is_rtl(lang):
        first, *rest = _wrap_title(label, lang, width=90)
        return alt.TitleParams(first, subtitle=" ".join(rest) if rest else alt.Undefined, fontSize=11,
                               subtitleFontSize=11, subtitleFontWeight="bold", anchor="end", limit=0)
    return alt.TitleParams(_wrap_title(label, lang), fontSize=11, anchor="start", limit=0)


def question_chart(summary: Any, items: Sequence[Any], lang: str = "en", audience: Audience = SECRETARIAT, *,
                   description: str | None = None, width: int = PNG_WIDTH) -> alt.VConcatChart | None:
    """The report's figure of one question: one chart per ordinal item with answers, stacked,
    each titled with the item's text. None when there is nothing to draw."""
    charts: list[Any] = []
    for item in items:
        if item.kind != "ordinal":
            continue
        chart, _frame = item_view(summary, item, lang, audience, title=_item_title(item, lang), width=width)
        if chart is not None:
            charts.append(chart)
    if not charts:
        return None
    combined = alt.vconcat(*charts, spacing=18).resolve_scale(color="independent").resolve_legend(
        color="independent")
    if description:
        combined = combined.properties(description=description)
    return combined


def png_spec(chart: alt.TopLevelMixin, lang: str = "en") -> tuple[dict[str, Any], str | None]:
    """The Vega-Lite spec a PNG of ``chart`` is drawn from, and the font folder it needs
    (raises :class:`analysis.present.fonts.MissingFont` for Chinese without a CJK face)."""
    folder, family = png_face(lang)
    spec: Mapping[str, Any] = styled(chart, lang).to_dict()
    config = dict(spec.get("config") or {})
    config["legend"] = {**config.get("legend", {}), "direction": "horizontal", "columns": 2, "labelLimit": 300}
    if family:
        config["font"] = family
        # Measuring text in a CJK face is slow in vl-convert; tick labels are digits, so they
        # keep the default face and only the labels that need the script pay for it.
        config["axisX"] = {**config.get("axisX", {}), "labelFont": "sans-serif"}
        for part in ("axis", "legend", "title"):
            config[part] = {**config.get(part, {}), "labelFont": family, "titleFont": family}
        config["title"] = {**config["title"], "font": family, "subtitleFont": family}
    return {**spec, "config": config}, folder


def render_png(chart: alt.TopLevelMixin, lang: str = "en", scale: float = 2.0) -> bytes:
    """PNG bytes of ``chart``, drawn offline by vl-convert in a child process
    (:mod:`analysis.present.png`) with the font of ``lang``'s script."""
    from .png import render_specs

    spec, folder = png_spec(chart, lang)
    return render_specs([spec], font_dir=folder, scale=scale)[0]
