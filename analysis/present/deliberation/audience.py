"""Who may do and see what in a deliberation round, and the part of a round an audience sees.

The rules, decided here once for the dashboard's pages and the reports:

* **Results.** The secretariat always sees a round's results. Members see them once the
  round is closed, or while it is open when the round's setting shows running results
  (default off, so early votes do not anchor later ones). Viewers see published results
  only: those of closed rounds.
* **Names.** Only the secretariat sees who voted how (attributed votes, the names on the
  opinion map and in opinion groups); everyone else sees pseudonymous points.
* **Votes and statements.** A member votes, and submits statements, as its own delegation
  only; the secretariat may enter a delegation's votes (as it imports vote sheets). Which
  role opens the Vote and Moderation pages at all (viewers do not vote, only the secretariat
  moderates) is ``dashboard.access.PAGE_ROLES``, the dashboard's one page guard.
* **Minimum cell size** (:mod:`analysis.present.disclosure`). For members and viewers a
  round is analysed from whole cells only (:func:`round_for`): an institutional group with
  fewer than k delegations in the round is left out altogether (no points, no counts, not
  in any total or test), and a group's votes on a statement are left out of that
  statement's figures when fewer than k of them voted on it (the cell is said to be
  withheld, never shown as empty). Within a shown cell, counts under k are withheld with
  a partner, and so are opinion-group cells under k — the one rule of
  :func:`analysis.present.disclosure.withheld_options` and its table form
  :func:`~analysis.present.disclosure.withheld_table`. :func:`round_document` is the JSON of
  the view (``python -m analysis deliberation --audience``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from analysis.deliberation import MIN_CELL, RoundAnalysis, analyse_round

from ..disclosure import SECRETARIAT, Audience, shows_group, withheld_options

VOTES: tuple[str, ...] = ("agree", "disagree", "pass")


# --- rights --------------------------------------------------------------------------------

def results_shown(round_: Any, audience: Audience = SECRETARIAT) -> bool:
    """Whether ``audience`` may see the results of ``round_`` (a :class:`surveys.rounds.model.Round`) now."""
    if audience.sees_everything:
        return True
    if audience.role == "viewer":
        return not round_.is_open
    return bool(round_.results_visible)


def names_shown(audience: Audience = SECRETARIAT) -> bool:
    """Whether ``audience`` may see who voted how (attributed votes, names on the opinion map)."""
    return audience.sees_everything


def chooses_delegation(audience: Audience = SECRETARIAT) -> bool:
    """Whether ``audience`` names the delegation it votes for (the secretariat entering a
    delegation's votes); a member always votes as its own."""
    return audience.sees_everything


def voting_delegation(audience: Audience, chosen: str | None = None) -> str | None:
    """Whom ``audience`` votes as: a member only as its own delegation (whatever it asks for),
    the secretariat as the delegation it ``chosen``, a viewer nobody."""
    if audience.role == "member":
        return audience.delegation or None
    if audience.sees_everything:
        return chosen or None
    return None


# --- the audience's view of a round --------------------------------------------------------

@dataclass(frozen=True)
class RoundView:
    """A round's analysis as ``audience`` may see it: the cells (statement, group) whose votes
    were withheld, and the institutional groups left out for having fewer than k delegations."""

    analysis: RoundAnalysis
    audience: Audience = SECRETARIAT
    withheld_cells: frozenset[tuple[str, str]] = frozenset()
    withheld_groups: tuple[str, ...] = ()
    #: The round itself (:class:`surveys.rounds.model.Round`): open or closed, its setting.
    round: Any = None

    @property
    def floor(self) -> int:
        return self.audience.min_cell

    def cell(self, statement: str, group: str) -> "VoteCell":
        votes = self.analysis.statement(statement).votes[group]
        if (statement, group) in self.withheld_cells:
            return VoteCell(None, {v: None for v in VOTES}, False, self.floor)
        counts = (votes.agree, votes.disagree, votes.passes)
        hidden = withheld_options(counts, self.audience)
        return VoteCell(votes.n, {v: None if gone else c for v, c, gone in zip(VOTES, counts, hidden)}, True,
                        self.floor, sum(c for c, gone in zip(counts, hidden) if gone))


@dataclass(frozen=True)
class VoteCell:
    """One group's votes on one statement as they may be shown: ``n`` (None when the cell is
    withheld), each vote's count (None when withheld) and how many votes were pooled out."""

    n: int | None
    counts: Mapping[str, int | None]
    shown: bool
    floor: int = MIN_CELL
    pooled: int = 0


def round_for(data: Any, audience: Audience = SECRETARIAT, *, min_cell: int = MIN_CELL) -> RoundView:
    """The analysis of ``data`` (a :class:`surveys.rounds.model.RoundVotes`) that ``audience``
    may see: everything for the secretariat; for members and viewers, whole cells only (the
    rule of this module). ``min_cell`` is the votes a group needs before a statement bridges."""
    if audience.sees_everything:
        return RoundView(analyse_round(data, min_cell=min_cell), audience, round=data.round)
    k = audience.min_cell
    people = data.participants
    sizes = people["group"].value_counts()
    small = tuple(g for g in data.groups if 0 < int(sizes.get(g, 0)) < k)
    kept = people[~people["group"].isin(small)]
    group_of = dict(zip(kept["participant"], kept["group"]))
    votes = data.votes[data.votes["participant"].isin(group_of)]
    groups = tuple(g for g in data.groups if g not in small)
    whole = replace(data, participants=kept.reset_index(drop=True), votes=votes.reset_index(drop=True), groups=groups)
    # Cells of fewer than k votes leave their statement's counts, consensus and test.
    cell = votes.assign(group=votes["participant"].map(group_of)).groupby(["statement", "group"]).size()
    thin = frozenset((s, g) for (s, g), n in cell.items() if 0 < n < k)
    mapped = analyse_round(whole, min_cell=min_cell)
    if not thin:
        return RoundView(mapped, audience, frozenset(), small, data.round)
    keep = [(s, group_of[p]) not in thin for p, s in zip(votes["participant"], votes["statement"])]
    tallied = analyse_round(replace(whole, votes=votes[keep].reset_index(drop=True)), min_cell=min_cell)
    return RoundView(replace(mapped, statements=tallied.statements), audience, thin, small, data.round)


def shown_groups(view: RoundView) -> Mapping[str, int | None]:
    """The round's institutional groups with their number of delegations (None when withheld)."""
    return {g: (n if shows_group(n, view.audience) else None) for g, n in view.analysis.groups.items()}


@dataclass(frozen=True)
class GroupNames:
    """What :mod:`analysis.present.labels` reads of a summary, for a round's institutional groups."""

    groups: Mapping[str, int] = field(default_factory=dict)
    by: str = "group"
    group_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    catch_all: tuple[str, ...] = ()
