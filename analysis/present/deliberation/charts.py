"""A round's charts: a diverging bar per statement by group, and the opinion map.

Builders take the frames of :mod:`analysis.present.deliberation.tables` and return altair
charts, with a ``title``, a ``description`` (the finding, for screen readers) and a
``width`` like every builder of :mod:`analysis.present.charts`; colours from the palette.
"""
from __future__ import annotations

from typing import Any, Literal, Sequence

import altair as alt
import pandas as pd

from surveys.model import GROUP_CODES

from ..charts import DK_GAP, LINES, PNG_WIDTH, _label_side, _props, _wrap_title, _x_scale
from ..language import is_rtl, translations
from ..palette import DONT_KNOW, RULE, VOTE_COLOURS, group_colours
from .audience import RoundView
from .findings import statement_text, vote_word
from .tables import map_frames, vote_frames

#: Height of the opinion map in pixels.
MAP_HEIGHT = 360


def _ordered(frame: pd.DataFrame, column: str) -> list[str]:
    return list(dict.fromkeys(frame[column].tolist()))


def votes_chart(segments: pd.DataFrame, aside: pd.DataFrame, *, lang: str = "en", title: Any = "",
                description: str | None = None, width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """One statement's votes by group: agree on the reading side's end of zero, disagree on its
    start (each a share of the group's votes), passes counted in a column beside the bars. On a
    right-to-left page, as the survey's bars (:func:`analysis.present.charts.likert_chart`), the
    axis runs from the right: agree to the left, group labels on the right, passes on the left."""
    _ = translations(lang).gettext
    rtl = is_rtl(lang)
    groups = _ordered(aside, "group_label")  # every group, withheld ones included
    words = [vote_word("disagree", lang), vote_word("agree", lang)]
    y = alt.Y("group_label:N", sort=groups, title=None,
              axis=alt.Axis(labelExpr=LINES, labelLimit=220, labelPadding=8, ticks=False, domain=False,
                            orient=_label_side(lang)))
    bars = alt.Chart(segments).mark_bar().encode(
        x=alt.X("start:Q", scale=_x_scale([-1, 1], lang),
                axis=alt.Axis(values=[-1, -0.5, 0, 0.5, 1], labelExpr="format(abs(datum.value), '.0%')"),
                title=_("Share of the group's votes (disagree ← → agree)")),
        x2="end:Q",
        y=y,
        color=alt.Color("vote_label:N", sort=words, title=None,
                        scale=alt.Scale(domain=words, range=[VOTE_COLOURS["disagree"], VOTE_COLOURS["agree"]]),
                        legend=alt.Legend(symbolType="square", labelLimit=0)),
        description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")),
                 alt.Tooltip("vote_label:N", title=_("Vote")),
                 alt.Tooltip("count:Q", title=_("Count")),
                 alt.Tooltip("share_text:N", title=_("Share"))],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=RULE, aria=False).encode(
        x=alt.X("x:Q", scale=_x_scale([-1, 1], lang)))
    # Passes stand beyond the plot on the reader's far side (the left in Arabic).
    align: Literal["left", "right"]
    edge, align, gap = (alt.value(0), "right", -DK_GAP) if rtl else (alt.value("width"), "left", DK_GAP)
    passes = alt.Chart(aside).mark_text(align=align, dx=gap, color=DONT_KNOW, fontSize=12).encode(
        x=edge, y=alt.Y("group_label:N", sort=groups), text="text:N", description="said:N",
        tooltip=[alt.Tooltip("group_label:N", title=_("Group")), alt.Tooltip("text:N", title=vote_word("pass", lang))])
    heading = alt.Chart(pd.DataFrame({"text": [vote_word("pass", lang)]})).mark_text(
        align=align, baseline="bottom", dx=gap, dy=-4, color=DONT_KNOW, fontWeight="bold", fontSize=11,
        aria=False).encode(x=edge, y=alt.value(0), text="text:N")
    return alt.layer(bars, zero, passes, heading).properties(**_props(title, description, width, alt.Step(34)))


def opinion_map_chart(points: pd.DataFrame, hulls: pd.DataFrame, *, lang: str = "en", title: Any = "",
                      description: str | None = None, width: Any = "container",
                      height: int = MAP_HEIGHT) -> alt.LayerChart | alt.FacetChart:
    """Delegations as points placed by their votes (the first two principal components),
    coloured by institutional group, each opinion group outlined by its convex hull. A point
    is named in its tooltip only when the frame names it (the secretariat's map)."""
    _ = translations(lang).gettext
    codes = [c for c in GROUP_CODES if c in set(points["group"])] + sorted(set(points["group"]) - set(GROUP_CODES))
    labels = [points.loc[points["group"] == c, "group_label"].iloc[0] for c in codes]
    tooltip = [alt.Tooltip("group_label:N", title=_("Group"))]
    if (points["opinion_label"] != "").any():
        tooltip.append(alt.Tooltip("opinion_label:N", title=_("Opinion group")))
    if (points["participant"] != "").any():
        tooltip.insert(0, alt.Tooltip("participant:N", title=_("Delegation")))
    x = alt.X("x:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=16))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=16))
    dots = alt.Chart(points).mark_circle(size=80, opacity=0.9).encode(
        x=x, y=y,
        color=alt.Color("group_label:N", sort=labels, title=None,
                        scale=alt.Scale(domain=labels, range=group_colours(codes)),
                        legend=alt.Legend(symbolType="circle", labelLimit=0)),
        description="said:N", tooltip=tooltip)
    layers = [dots]
    if not hulls.empty:
        layers.insert(0, alt.Chart(hulls).mark_line(interpolate="linear-closed", color=RULE, strokeDash=[5, 3],
                                                    strokeWidth=1.5, aria=False).encode(
            x=x, y=y, detail="opinion_group:N", order="order:Q"))
        tops = hulls.sort_values("y").groupby("opinion_group", as_index=False).last()
        layers.append(alt.Chart(tops).mark_text(dy=-10, fontWeight="bold", fontSize=12, color=RULE).encode(
            x=x, y=y, text="opinion_label:N"))
    return alt.layer(*layers).properties(**_props(title, description, width, height))


def round_chart(view: RoundView, statement: str, lang: str = "en", *, title: Any = "",
                description: str | None = None, width: Any = "container") -> alt.LayerChart | alt.FacetChart:
    """The diverging bars of one statement, straight from the view."""
    segments, aside = vote_frames(view, statement, lang)
    return votes_chart(segments, aside, lang=lang, title=title, description=description, width=width)


def map_chart(view: RoundView, lang: str = "en", *, title: Any = "", description: str | None = None,
              width: Any = "container") -> alt.LayerChart | alt.FacetChart | None:
    """The opinion map of the view, or None when nobody is placed on it."""
    points, hulls = map_frames(view, lang)
    if points.empty:
        return None
    return opinion_map_chart(points, hulls, lang=lang, title=title, description=description, width=width)


def statements_figure(view: RoundView, ids: Sequence[str], lang: str = "en", *, description: str | None = None,
                      width: int = PNG_WIDTH) -> alt.VConcatChart | None:
    """The report's figure of a round: one diverging bar chart per statement of ``ids``,
    stacked, each titled with the statement's text. None without statements."""
    charts = [round_chart(view, sid, lang, width=width, title=alt.TitleParams(
        _wrap_title(f"{sid} · {statement_text(view.analysis.statement(sid), lang)}", lang), fontSize=11,
        anchor="start")) for sid in ids]
    if not charts:
        return None
    combined = alt.vconcat(*charts, spacing=18)
    return combined.properties(description=description) if description else combined

