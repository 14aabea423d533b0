"""The frames behind a round's charts and the tables printed beside them.

One frame feeds the dashboard's chart, its "Show the numbers" table and the report's PNG,
so what is drawn and what is read out are one thing. Every count passes through the
:class:`~analysis.present.deliberation.audience.RoundView` (cells and counts under k
withheld from members and viewers; shares only for five votes or more). Pure functions.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import pandas as pd

from surveys.respondents.registry import find_observer, find_secretariat, find_state

from .. import numbers as num
from ..disclosure import share, shows_group, small_groups_note
from ..labels import code_label, question_code
from ..language import sentences, translations
from ..tables import Table
from .audience import VOTES, RoundView, names_shown
from .findings import apart, composition, statement_text, vote_word

VOTE_FRAME_COLUMNS = ("statement", "group", "group_label", "vote", "vote_label", "order", "count", "share",
                      "share_text", "start", "end", "said")
ASIDE_COLUMNS = ("statement", "group", "group_label", "count", "text", "said")
POINT_COLUMNS = ("participant", "x", "y", "group", "group_label", "opinion_group", "opinion_label", "said")
HULL_COLUMNS = ("opinion_group", "opinion_label", "order", "x", "y")


def votes_withheld_text(lang: str, k: int) -> str:
    return translations(lang).ngettext("fewer than {k} vote", "fewer than {k} votes", k).format(k=k)


def _axis_label(code: str, n: int | None, lang: str, k: int) -> str:
    return f"{code_label('group', code, lang)}\n" + (f"n = {n}" if n is not None else votes_withheld_text(lang, k))


def vote_frames(view: RoundView, statement: str, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """One statement's diverging bars (agree to the right of zero, disagree to the left, each a
    share of the group's votes) and the passes counted apart, one row per group."""
    tr = translations(lang)
    segments, aside = [], []
    for code in view.analysis.statement(statement).votes:
        cell = view.cell(statement, code)
        label = _axis_label(code, cell.n, lang, view.floor)
        name = label.replace("\n", ", ")
        if not cell.shown:
            text = votes_withheld_text(lang, view.floor)
            aside.append((statement, code, label, math.nan, text, f"{name}: {text}"))
            continue
        for order, (vote, sign) in enumerate((("disagree", -1), ("agree", 1))):
            count = cell.counts[vote]
            if count is None or not cell.n:
                continue
            part = count / cell.n
            text = share(count, cell.n, part, view.audience).text(lang)
            start, end = (0.0, part) if sign > 0 else (-part, 0.0)
            segments.append((statement, code, label, vote, vote_word(vote, lang), order, count, part, text, start, end,
                             f"{name}: {vote_word(vote, lang)}, {text}"))
        passes = cell.counts["pass"]
        withheld = tr.gettext("withheld: fewer than {k} each").format(k=view.floor)
        if passes is None:
            text = withheld
        else:
            text = share(passes, cell.n, None, view.audience).text(lang) if passes else "0"
            if cell.pooled:
                text = tr.gettext("; ").join((text, withheld))
        aside.append((statement, code, label, math.nan if passes is None else passes, text,
                      f"{name}: {vote_word('pass', lang)}, {text}"))
    return (pd.DataFrame(segments, columns=list(VOTE_FRAME_COLUMNS)),
            pd.DataFrame(aside, columns=list(ASIDE_COLUMNS)))


def local_name(name: str, lang: str) -> str:
    """A delegation's stored (English) name in ``lang``, from the registry when it knows it."""
    for find in (find_state, find_secretariat, find_observer):
        found = find(name)
        if found is not None:
            return found.name(lang)
    return name


def opinion_label(group_id: int, lang: str) -> str:
    return translations(lang).gettext("Opinion group {id}").format(id=group_id)


def map_frames(view: RoundView, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The opinion map: one point per placed delegation (named only for the secretariat) and
    the outline of each opinion group (its convex hull, closed)."""
    o = view.analysis.opinion
    named = names_shown(view.audience) and view.analysis.attributed
    groups = view.analysis.participant_groups
    points = []
    for who, (x, y), label in zip(o.participants, np.asarray(o.coordinates).reshape(-1, 2), o.labels):
        code = groups.get(who, "other")
        group_name = code_label("group", code, lang)
        name = local_name(who, lang) if named else ""
        opinion = opinion_label(label + 1, lang) if o.k > 1 else ""
        said = ", ".join(part for part in (name, group_name, opinion) if part)
        points.append((name, float(x), float(y), code, group_name, label + 1, opinion, said))
    frame = pd.DataFrame(points, columns=list(POINT_COLUMNS))
    hulls = []
    if o.k > 1:
        for group_id in sorted(frame["opinion_group"].unique()):
            mine = frame[frame["opinion_group"] == group_id][["x", "y"]].to_numpy()
            for order, (x, y) in enumerate(convex_hull(mine)):
                hulls.append((int(group_id), opinion_label(int(group_id), lang), order, x, y))
    return frame, pd.DataFrame(hulls, columns=list(HULL_COLUMNS))


def convex_hull(points: np.ndarray) -> list[tuple[float, float]]:
    """The hull's corners in order, the first repeated at the end (Andrew's monotone chain,
    1979); two distinct points give their segment, one point nothing."""
    unique = sorted({(round(float(x), 9), round(float(y), 9)) for x, y in points})
    if len(unique) < 2:
        return []
    if len(unique) == 2:
        return unique

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    ring = lower[:-1] + upper[:-1]
    return ring + ring[:1]


def cell_text(view: RoundView, statement: str, group: str, lang: str) -> str:
    """A table cell: ``9 · 3 · 2`` (agree · disagree · pass), a dash for a withheld count."""
    cell = view.cell(statement, group)
    if not cell.shown:
        return votes_withheld_text(lang, view.floor)
    return " · ".join(num.DASH if cell.counts[v] is None else str(cell.counts[v]) for v in VOTES)


def statements_table(view: RoundView, lang: str, caption: str, ids: Sequence[str] | None = None) -> Table:
    """The statements ranked by consensus: id, question, text, consensus for and against, and
    each group's agree · disagree · pass."""
    tr = translations(lang)
    groups = list(view.analysis.groups)
    chosen = [s for s in view.analysis.ranked if ids is None or s.id in ids]
    rows = tuple((s.id, question_code(s.question, lang), statement_text(s, lang),
                  num.decimal(s.consensus_agree, lang), num.decimal(s.consensus_disagree, lang),
                  *(cell_text(view, s.id, g, lang) for g in groups), _marks(s, lang)) for s in chosen)
    header = (tr.gettext("Statement"), tr.gettext("Question"), tr.gettext("Text"), tr.gettext("Consensus for"),
              tr.gettext("Consensus against"), *(code_label("group", g, lang) for g in groups), tr.gettext("Finding"))
    note = tr.gettext("Each group's votes: agree · disagree · pass.")
    if not view.audience.sees_everything:
        note = sentences(lang, note, small_groups_note(lang, view.audience))
    return Table(caption, header, rows, note)


def _marks(result: Any, lang: str) -> str:
    tr = translations(lang)
    marks = [tr.gettext("bridging")] if result.bridging else []
    marks += [tr.gettext("dividing")] if result.dividing else []
    return tr.gettext(", ").join(marks) or num.DASH


def opinion_groups_table(view: RoundView, lang: str, caption: str) -> Table | None:
    """Each opinion group: its size, its make-up by institutional group and its representative
    statements (ids, agreed + or disagreed −). None without opinion groups."""
    if view.analysis.opinion.k < 2:
        return None
    tr = translations(lang)
    groups = list(view.analysis.groups)
    rows = []
    for group, counts in zip(view.analysis.opinion_groups, composition(view)):
        shown = shows_group(group.size, view.audience)
        reps = representative_ids(group)
        rows.append((opinion_label(group.id, lang), str(group.size) if shown else votes_withheld_text(lang, view.floor),
                     *(num.DASH if counts[g] is None else str(counts[g]) for g in groups),
                     reps if shown else num.DASH))
    header = (tr.gettext("Opinion group"), tr.gettext("Delegations"), *(code_label("group", g, lang) for g in groups),
              tr.gettext("Representative statements"))
    note = tr.gettext("Representative statements (Polis repness): + the group agreed more than the others, − it "
                      "disagreed more.")
    if not view.audience.sees_everything:
        note = sentences(lang, note, tr.gettext("Counts under {k} are withheld, with one more where they could be "
                                                "worked out from the totals.").format(k=view.floor))
    return Table(caption, header, tuple(rows), note)


def representative_ids(group: Any) -> str:
    """``s11+ s10−``: the statements that set an opinion group apart, + agreed, − disagreed."""
    return " ".join(f"{r.statement}{'+' if r.repful_for == 'agree' else '−'}" for r in apart(group))


def table_frame(table: Table) -> pd.DataFrame:
    """A printed table as a frame for the dashboard (its header as the column names)."""
    return pd.DataFrame(list(table.rows), columns=list(table.header))


def vote_rows(view: RoundView, lang: str = "en") -> list[list]:
    """The workbook's rows of a round, one per statement and group, ranked by consensus: round,
    statement, question, text, group, its label, agree, disagree, pass, n, share agreeing
    (five votes or more), consensus for and against, the test, p, q, bridging, dividing.
    Withheld cells and counts are None."""
    from ..wording import method_name

    a = view.analysis
    rows = []
    for s in a.ranked:
        test = s.test
        for code in s.votes:
            cell = view.cell(s.id, code)
            counts = [cell.counts[v] for v in VOTES]
            agree = cell.counts["agree"]
            figure = share(agree, cell.n, None, view.audience) if cell.shown and agree is not None else None
            rows.append([a.round, s.id, s.question, statement_text(s, lang), code, code_label("group", code, lang),
                         *counts, cell.n, figure.shown if figure is not None else None,
                         s.consensus_agree, s.consensus_disagree, method_name(test.method, lang) if test else None,
                         test.pvalue if test else None, s.qvalue if test else None, s.bridging, s.dividing])
    return rows


def opinion_rows(view: RoundView, lang: str = "en") -> list[list]:
    """The workbook's rows of a round's opinion groups, one per opinion group and institutional
    group: round, opinion group, its size, group, label, count (None when withheld), the
    representative statements (+ agreed, − disagreed)."""
    a = view.analysis
    if a.opinion.k < 2:
        return []
    rows = []
    for group, counts in zip(a.opinion_groups, composition(view)):
        shown = shows_group(group.size, view.audience)
        reps = representative_ids(group)
        for code, n in counts.items():
            rows.append([a.round, group.id, group.size if shown else None, code, code_label("group", code, lang),
                         n if shown else None, reps if shown else None])
    return rows
