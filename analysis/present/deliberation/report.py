"""A deliberation round as a chapter of the report: one :class:`~analysis.present.outline.Section`
per round of the wave, with the same sentences, tables and charts as the dashboard.

The chapter says who voted, the bridging statements, the dividing statements, and whether the
opinion groups follow the institutional lines, with a figure of the bridging and dividing
statements' votes by group, the opinion map, and tables of every statement and of the
opinion groups. For an audience that may not see a round's results yet it says so and
nothing more.
"""
from __future__ import annotations

from typing import Sequence

from .. import numbers as num
from ..language import sentences, translations
from ..sections import Figure, Section
from .audience import RoundView, results_shown
from .charts import map_chart, statements_figure
from .findings import (
    bridging_caption,
    bridging_entries,
    dividing_caption,
    dividing_entries,
    entry_line,
    opinion_answer,
    opinion_group_lines,
    participation,
    results_pending,
    round_status,
)
from .tables import opinion_groups_table, statements_table


def round_section(view: RoundView, lang: str, key: str, *, figure: int = 0, table: int = 0):
    """The chapter of one round; ``figure`` and ``table`` are the numbers used so far in the
    report (captions continue them). Returns an :class:`~analysis.present.sections.Section`."""
    tr = translations(lang)
    a = view.analysis
    heading = tr.gettext("Deliberation round {name}").format(name=a.round)
    found = view.round
    intro = sentences(lang, participation(view, lang), round_status(found, lang, view.audience),
                      tr.gettext("Data version of the round: {version}.").format(version=a.data_version or num.DASH))
    if not results_shown(found, view.audience):
        return Section(key, heading, (results_pending(found, lang, view.audience),), intro=participation(view, lang))
    if not sum(a.groups.values()):
        return Section(key, heading, (tr.gettext("No votes have been cast in this round yet."),), intro=intro)
    paragraphs = [bridging_caption(lang, a.min_cell)]
    paragraphs += [entry_line(e, lang) for e in bridging_entries(view, lang)] or [
        tr.gettext("No statement has a majority of every institutional group behind it with the votes so far.")]
    paragraphs.append(dividing_caption(lang))
    paragraphs += [entry_line(e, lang) for e in dividing_entries(view, lang)] or [
        tr.gettext("No statement divides the groups with the votes so far.")]
    paragraphs.append(opinion_answer(view, lang))
    paragraphs += opinion_group_lines(view, lang)
    figures = []
    chosen = [s.id for s in a.bridging] + [s.id for s in a.dividing]
    if chosen:
        alt_text = tr.gettext("Votes of each institutional group on the bridging and dividing statements: {ids}; "
                              "agreement to the right, disagreement to the left.").format(ids=", ".join(chosen))
        chart = statements_figure(view, chosen, lang, description=alt_text)
        figures.append(Figure(f"{key}-statements", tr.gettext(
            "Figure {number}. Votes by group on the bridging and dividing statements, round {name}").format(
            number=figure + 1, name=a.round), alt_text, chart))
    opinion = map_chart(view, lang, width=440, description=opinion_answer(view, lang))
    if opinion is not None:
        figures.append(Figure(f"{key}-map", tr.gettext("Figure {number}. Opinion map, round {name}").format(
            number=figure + len(figures) + 1, name=a.round), opinion_answer(view, lang), opinion))
    tables = [statements_table(view, lang, tr.gettext("Table {number}. Statements by consensus, round {name}").format(
        number=table + 1, name=a.round))]
    groups = opinion_groups_table(view, lang, tr.gettext("Table {number}. Opinion groups, round {name}").format(
        number=table + 2, name=a.round))
    if groups is not None:
        tables.append(groups)
    return Section(key, heading, tuple(paragraphs), intro=intro, figures=tuple(figures), tables=tuple(tables))


def method_paragraphs(views: Sequence[RoundView], lang: str) -> tuple[str, ...]:
    """The annex's account of the deliberation analysis (only when the report has rounds)."""
    if not views:
        return ()
    tr = translations(lang)
    return (tr.gettext(
        "Deliberation rounds: each delegation votes agree, disagree or pass on short statements. Per statement and "
        "institutional group the votes are counted; the groups are compared with a chi-square test, or Fisher’s "
        "exact test where the table is small, with Benjamini–Hochberg q-values across the round. Group-informed "
        "consensus follows Polis: the product over the groups of (agrees + 1) / (votes + 2), passes counted as "
        "votes. Opinion groups are found from the votes as Polis finds them (principal components of the vote "
        "matrix, k-means with the number of groups chosen by the mean silhouette); below a mean silhouette of 0.5 "
        "no groups are claimed. Whether they follow the institutional lines is tested on the table of opinion "
        "group by institutional group."),)

