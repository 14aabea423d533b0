"""A deliberation round in words: where the triangle stands together, where it parts, and
whether the opinion groups follow the institutional lines or cut across them.

The sentences follow :mod:`analysis.present.verdicts` (groups differ only under q < 0.05
across the round; a pair is named only under its own Holm-adjusted p < 0.05; "the data do
not show" rather than "there is no") and :mod:`analysis.present.disclosure` through the
:class:`~analysis.present.deliberation.audience.RoundView` they read (shares for five votes
or more, cells and counts under k withheld from members and viewers). The chair's question
about opinion groups is answered from their make-up, tested for independence of
institutional group, and from the mean silhouette of the split (Kaufman & Rousseeuw 1990:
below 0.5 a structure is weak and could be artificial, so no groups are claimed).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveys.model import pick_label

from .. import numbers as num
from ..disclosure import Share, share, shows_group, withheld_table
from ..labels import code_label, pair_label, question_number, quoted
from ..language import NP_, sentences, translations
from ..verdicts import ALPHA
from ..wording import effect_text, method_name, test_effect
from .audience import GroupNames, RoundView, results_shown

#: The three votes as words (context "vote"), in the order they are shown.
VOTE_WORDS = {"agree": NP_("vote", "Agree"), "disagree": NP_("vote", "Disagree"), "pass": NP_("vote", "Pass")}
#: How the opinion groups relate to the institutional groups (:func:`opinion_verdict`).
FOLLOW, PARTLY, ACROSS, NOT_COMPARED, NO_GROUPS = "follow", "partly", "across", "not_compared", "no_groups"


def vote_word(vote: str, lang: str) -> str:
    return str(translations(lang).pgettext("vote", VOTE_WORDS[vote]))


def statement_text(result: Any, lang: str) -> str:
    """A statement's text in ``lang`` (else English, else any language it has), else its id."""
    return pick_label(result.texts, lang) or result.id


def names(view: RoundView) -> GroupNames:
    return GroupNames(dict(view.analysis.groups))


def group_subject(view: RoundView, code: str, lang: str) -> str:
    """An institutional group as the subject of a sentence ("Council members")."""
    return pair_label(names(view), code, lang)


def agree_share(view: RoundView, statement: str, group: str) -> Share:
    """A group's share agreeing with a statement, as the view's audience may see it."""
    cell = view.cell(statement, group)
    if not cell.shown:
        return Share(None, 0, None, "withheld", view.floor)
    assert cell.n is not None  # a cell on show has its count
    if cell.counts["agree"] is None:
        return Share(None, cell.n, None, "withheld", view.floor)
    return share(cell.counts["agree"], cell.n, None, view.audience)


def share_text(figure: Share, lang: str) -> str:
    """A share as a sentence gives it: "75%", "3 of 4", or "withheld" (a cell or count under k)."""
    if figure.mode == "withheld":
        return translations(lang).gettext("withheld")
    return figure.text(lang)


@dataclass(frozen=True)
class Entry:
    """One statement of a list: its id, question, text and the numbers behind it."""

    statement: str
    question: str
    title: str
    detail: str


# --- the round as a whole ----------------------------------------------------------------------

def round_status(round_: Any, lang: str, audience=None) -> str:
    """Open or closed, and what that means for the figures shown."""
    tr = translations(lang)
    if not round_.is_open:
        return tr.gettext("The round closed on {date}; its figures are final.").format(
            date=num.long_date(round_.closed_at, lang))
    if audience is not None and not results_shown(round_, audience):
        return results_pending(round_, lang, audience)
    return tr.gettext("The round is open: votes are still being cast and these figures may change.")


def results_pending(round_: Any, lang: str, audience) -> str:
    """What stands in place of the results an audience may not see yet."""
    tr = translations(lang)
    if audience.role == "viewer":
        return tr.gettext("Results of this round are published when it closes.")
    return tr.gettext("Results are shown after the round closes, so that early votes do not anchor later ones.")


def participation(view: RoundView, lang: str) -> str:
    """How many delegations voted on how many statements, by institutional group."""
    tr = translations(lang)
    a = view.analysis
    total = sum(a.groups.values())
    parts = [tr.gettext("{group}: {count}").format(group=code_label("group", g, lang), count=n)
             for g, n in a.groups.items()]
    text = tr.ngettext("{n} delegation voted on {m} statements", "{n} delegations voted on {m} statements",
                       total).format(n=total, m=len(a.statements))
    text = tr.gettext("{text} ({groups}).").format(text=text, groups=tr.gettext("; ").join(parts)) if parts \
        else text + "."
    if view.withheld_groups:
        text = sentences(lang, text, tr.gettext("Groups of fewer than {k} delegations are left out: {groups}.").format(
            k=view.floor, groups=tr.gettext(", ").join(code_label("group", g, lang) for g in view.withheld_groups)))
    return text


def ranking_caption(lang: str) -> str:
    """What the order of the statements means."""
    return translations(lang).gettext(
        "Statements ranked by group-informed consensus (Polis): the product over the institutional groups of "
        "(agrees + 1) / (votes + 2), so a statement ranks high only when every group agrees with it.")


def bridging_caption(lang: str, min_cell: int) -> str:
    return translations(lang).gettext(
        "Bridging statements: a majority of the votes of every institutional group agree, each group with at least "
        "{k} votes on the statement; highest consensus first.").format(k=min_cell)


def dividing_caption(lang: str) -> str:
    return translations(lang).gettext(
        "Dividing statements: the groups' votes differ (q below {alpha} across the round) and two groups differ in "
        "their share agreeing (Fisher’s exact test, Holm-adjusted p below {alpha}); widest gap first.").format(
        alpha=num.decimal(ALPHA, lang))


# --- statements --------------------------------------------------------------------------------

def _test_part(result: Any, lang: str, symbol: str = "q") -> str:
    tr = translations(lang)
    value = result.qvalue if symbol == "q" else result.test.pvalue
    text = f"{method_name(result.test.method, lang)}{tr.gettext(', ')}{num.relation(symbol, value, lang)}"
    effect = test_effect(result.test, lang)
    return text + (tr.gettext("; ") + effect if effect else "")


def statement_finding(view: RoundView, statement: str, lang: str) -> str:
    """Consensus for and against, and what the test between groups says, for one statement."""
    tr = translations(lang)
    s = view.analysis.statement(statement)
    parts = [tr.gettext("Group-informed consensus {agree} for, {disagree} against.").format(
        agree=num.decimal(s.consensus_agree, lang), disagree=num.decimal(s.consensus_disagree, lang))]
    if s.bridging:
        parts.append(tr.gettext("Bridging: a majority of every institutional group agrees."))
    if s.test is None:
        parts.append(tr.gettext("The groups' votes are not compared: fewer than 2 groups have 2 or more votes."))
    elif s.dividing:
        parts.append(dividing_detail(view, statement, lang))
    elif s.qvalue < ALPHA:
        parts.append(tr.gettext("The groups' votes differ ({test}), but no single pair of groups is shown to "
                                "differ on its own.").format(test=_test_part(s, lang)))
    else:
        parts.append(tr.gettext("The data do not show that the groups' votes differ ({test}).").format(
            test=_test_part(s, lang)))
    return sentences(lang, *parts)


def bridging_detail(view: RoundView, statement: str, lang: str) -> str:
    tr = translations(lang)
    s = view.analysis.statement(statement)
    groups = tr.gettext(", ").join(
        tr.gettext("{group} {share}").format(group=group_subject(view, g, lang),
                                             share=share_text(agree_share(view, statement, g), lang))
        for g in s.votes)
    return tr.gettext("A majority of every group agreed: {groups}; group-informed consensus {score}.").format(
        groups=groups, score=num.decimal(s.consensus_agree, lang))


def dividing_detail(view: RoundView, statement: str, lang: str) -> str:
    """Both groups' shares agreeing, the gap, the pair's Holm-adjusted p and the round-wide q
    (the survey's dividing-line sentence, word for word)."""
    tr = translations(lang)
    s = view.analysis.statement(statement)
    d = s.divergence
    assert d is not None and d.a is not None and d.b is not None  # only a dividing statement is described
    sa, sb = agree_share(view, statement, d.a), agree_share(view, statement, d.b)
    text = tr.gettext("Agreed: {a} {va} against {b} {vb}").format(
        a=group_subject(view, d.a, lang), va=share_text(sa, lang), b=group_subject(view, d.b, lang),
        vb=share_text(sb, lang))
    if sa.mode == "percent" and sb.mode == "percent" and sa.value is not None and sb.value is not None:
        gap = round(sa.value * 100) - round(sb.value * 100)
        text += tr.ngettext(", a gap of {gap} percentage point", ", a gap of {gap} percentage points",
                            gap).format(gap=gap)
    return text + tr.gettext(" (Fisher’s exact test, Holm-adjusted {p}; the groups differ overall, {q}).").format(
        p=num.relation("p", d.pvalue_adjusted, lang), q=num.relation("q", s.qvalue, lang))


def bridging_entries(view: RoundView, lang: str) -> list[Entry]:
    return [Entry(s.id, s.question, statement_text(s, lang), bridging_detail(view, s.id, lang))
            for s in view.analysis.bridging]


def dividing_entries(view: RoundView, lang: str) -> list[Entry]:
    return [Entry(s.id, s.question, statement_text(s, lang), dividing_detail(view, s.id, lang))
            for s in view.analysis.dividing]


def entry_line(entry: Entry, lang: str) -> str:
    """A report line: “text” (s09, discussion question 5): detail."""
    return translations(lang).gettext("{title} ({statement}, discussion question {question}): {detail}").format(
        title=quoted(entry.title, lang), statement=entry.statement, question=question_number(entry.question),
        detail=entry.detail)


# --- opinion groups ----------------------------------------------------------------------------

def opinion_verdict(view: RoundView) -> str:
    """:data:`FOLLOW`, :data:`PARTLY`, :data:`ACROSS` (the make-up is not shown to depend on
    institutional group), :data:`NOT_COMPARED` (no test) or :data:`NO_GROUPS` (fewer than two)."""
    a = view.analysis
    if a.opinion.k < 2:
        return NO_GROUPS
    test = a.alignment
    if test is None:
        return NOT_COMPARED
    if not test.pvalue < ALPHA:
        return ACROSS
    return FOLLOW if test.effect_size_magnitude == "large" else PARTLY


def opinion_answer(view: RoundView, lang: str) -> str:
    """The chair's question — do the opinion groups follow the institutional lines or cut across
    them? — answered from the split's silhouette and the groups' make-up."""
    tr = translations(lang)
    o = view.analysis.opinion
    placed = len(o.participants)
    if o.k == 0:
        return tr.gettext("No delegation has voted on enough statements to be placed on the opinion map yet "
                          "(a delegation is placed once it has voted on {m} statements).").format(
            m=min(7, len(view.analysis.statements)))
    if o.k == 1 and not o.silhouettes:
        if len(o.coordinates) == 0:
            return tr.ngettext("Too few votes to look for opinion groups: {n} delegation placed, and at least 4 "
                               "delegations and 2 statements are needed.",
                               "Too few votes to look for opinion groups: {n} delegations placed, and at least 4 "
                               "delegations and 2 statements are needed.", placed).format(n=placed)
        return tr.gettext("Every placed delegation voted alike: they form one opinion group.")
    silhouette = num.decimal(o.silhouette, lang)
    threshold = num.decimal(o.threshold, lang)
    if o.k == 1:
        best = max(o.silhouettes, key=lambda k: o.silhouettes[k])
        return tr.ngettext(
            "No clear opinion groups: the best split of the {n} placed delegation, into {k} groups, has a mean "
            "silhouette of {s}, below {t}, a weak structure that could be artificial. They are read as one group, "
            "so the opinion groups neither follow nor cut across the institutional lines.",
            "No clear opinion groups: the best split of the {n} placed delegations, into {k} groups, has a mean "
            "silhouette of {s}, below {t}, a weak structure that could be artificial. They are read as one group, "
            "so the opinion groups neither follow nor cut across the institutional lines.", placed).format(
            n=placed, k=best, s=silhouette, t=threshold)
    lead = tr.ngettext("The {n} placed delegation forms {k} opinion groups (mean silhouette {s}, at least {t}).",
                       "The {n} placed delegations form {k} opinion groups (mean silhouette {s}, at least {t}).",
                       placed).format(n=placed, k=o.k, s=silhouette, t=threshold)
    verdict = opinion_verdict(view)
    test = view.analysis.alignment
    if verdict == NOT_COMPARED:
        return sentences(lang, lead, tr.gettext("They hold delegations of a single institutional group, so they "
                                                "cannot be compared with the institutional lines."))
    assert test is not None  # compared: the alignment was tested (opinion_verdict)
    details = tr.gettext("{method}, {p}").format(method=method_name(test.method, lang),
                                                   p=num.relation("p", test.pvalue, lang))
    effect = effect_text(test.effect_size_name, test.effect_size, test.effect_size_magnitude, lang)
    details += tr.gettext("; ") + effect if effect else ""
    if verdict == FOLLOW:
        said = tr.gettext("The opinion groups follow the institutional lines: their make-up depends on the "
                          "institutional group ({details}).")
    elif verdict == PARTLY:
        said = tr.gettext("The opinion groups partly follow the institutional lines: their make-up depends on the "
                          "institutional group, but not closely ({details}).")
    else:
        said = tr.gettext("The opinion groups cut across the institutional lines: the data do not show that their "
                          "make-up depends on the institutional group ({details}).")
    mixed = all(sum(1 for n in g.by_group.values() if n) >= 2 for g in view.analysis.opinion_groups)
    return sentences(lang, lead, said.format(details=details),
                     tr.gettext("Every opinion group holds delegations of several institutional groups.")
                     if mixed and verdict != FOLLOW else None)


def composition(view: RoundView) -> list[dict[str, int | None]]:
    """Each opinion group's make-up by institutional group, counts withheld from members and
    viewers under the rule (a count under k, with a partner in its row or column)."""
    groups = list(view.analysis.groups)
    rows = [[g.by_group.get(code, 0) for code in groups] for g in view.analysis.opinion_groups]
    hidden = withheld_table(rows, view.audience) if rows else []
    return [{code: (None if gone else n) for code, n, gone in zip(groups, row, mask)}
            for row, mask in zip(rows, hidden)]


def opinion_group_lines(view: RoundView, lang: str) -> list[str]:
    """One sentence per opinion group: its size, its make-up and what sets it apart (none
    without at least two opinion groups)."""
    tr = translations(lang)
    out: list[str] = []
    if view.analysis.opinion.k < 2:
        return out
    for group, counts in zip(view.analysis.opinion_groups, composition(view)):
        if not shows_group(group.size, view.audience):
            out.append(tr.gettext("Opinion group {id}: fewer than {k} delegations; its make-up and what sets it "
                                  "apart are withheld.").format(id=group.id, k=view.floor))
            continue
        make_up = tr.gettext("; ").join(
            tr.gettext("{group}: {count}").format(group=code_label("group", code, lang),
                                                  count=tr.gettext("withheld") if n is None else n)
            for code, n in counts.items() if n != 0)
        text = tr.ngettext("Opinion group {id}: {n} delegation ({groups}).",
                           "Opinion group {id}: {n} delegations ({groups}).", group.size).format(
            id=group.id, n=group.size, groups=make_up)
        marks = [_representative(view, r, lang) for r in apart(group)]
        if marks:
            text = sentences(lang, text, tr.gettext("It stands apart in how it voted on: {statements}.").format(
                statements=tr.gettext("; ").join(marks)))
        out.append(text)
    return out


def apart(group: Any) -> tuple:
    """The representative statements on which the group does stand apart: Polis' repness
    above 1 (its smoothed share agreeing, or disagreeing, above the other groups'). Polis
    also lists a group's "best agree" statement when nothing sets it apart; that one is left out."""
    return tuple(r for r in group.representative if r.n_success > 0 and r.repness > 1)


def _representative(view: RoundView, rep: Any, lang: str) -> str:
    tr = translations(lang)
    figure = share(rep.n_success, rep.n_trials, None, view.audience)
    text = statement_text(view.analysis.statement(rep.statement), lang)
    said = (tr.gettext("{statement} — agreed, {share}") if rep.repful_for == "agree"
            else tr.gettext("{statement} — disagreed, {share}"))
    return said.format(statement=quoted(text, lang), share=figure.text(lang))


def map_caption(view: RoundView, lang: str) -> str:
    """How to read the opinion map, and whether its points are named for this reader."""
    tr = translations(lang)
    text = tr.gettext("Each point is a delegation, placed by its votes so that delegations that voted alike stand "
                      "close together (the first two principal components of the votes); colours are institutional "
                      "groups, dashed outlines opinion groups.")
    o = view.analysis.opinion
    if o.unplaced:
        text = sentences(lang, text, tr.ngettext(
            "{n} delegation voted on fewer than {m} statements and is not placed.",
            "{n} delegations voted on fewer than {m} statements and are not placed.", len(o.unplaced)).format(
            n=len(o.unplaced), m=min(7, len(view.analysis.statements))))
    if not (view.audience.sees_everything and view.analysis.attributed):
        text = sentences(lang, text, tr.gettext("Points are not named: only the Secretariat sees who voted how."))
    return text


def origin_text(statement: Any, lang: str) -> str:
    """Where a statement came from; the delegation is named only in the secretariat's copy
    (a statement read with ``attributed=True`` carries its source)."""
    tr = translations(lang)
    source = statement.source
    if statement.origin == "comment":
        if source is not None:
            return tr.gettext("drawn from the comment of {delegation} ({item})").format(
                delegation=source.respondent, item=source.item or num.DASH)
        return tr.gettext("drawn from a delegation's comment")
    if statement.origin == "delegation":
        if source is not None:
            return tr.gettext("submitted by {delegation}").format(delegation=source.respondent)
        return tr.gettext("submitted by a delegation")
    return tr.gettext("written by the Secretariat")
