"""What a deliberation round says: where the triangle stands together, where it parts,
and whether opinion groups follow the institutional lines or cut across them.

``analyse_round(data)`` takes a :class:`surveys.rounds.model.RoundVotes` (from
:func:`surveys.rounds.ledger.load_round`) and returns a frozen :class:`RoundAnalysis`;
``RoundAnalysis.to_dict()`` is the JSON of ``python -m analysis deliberation``.
No I/O, deterministic (fixed seeds).
"""
from __future__ import annotations

import warnings

import numpy as np

from surveys.model import GROUP_CODES
from surveys.rounds.model import RoundVotes

from ..nominal import independence_test
from ..results import DegenerateDataWarning, TestResult
from .opinion import STRUCTURE_THRESHOLD, OpinionMap, opinion_map
from .repness import Representative, representative_statements
from .result import OpinionGroup, RoundAnalysis
from .tallies import MIN_CELL, GroupVotes, StatementResult, polis_consensus, tally

__all__ = ["MIN_CELL", "STRUCTURE_THRESHOLD", "GroupVotes", "OpinionGroup", "OpinionMap", "Representative",
           "RoundAnalysis", "StatementResult", "alignment_test", "analyse_round", "polis_consensus"]


def analyse_round(data: RoundVotes, *, min_cell: int = MIN_CELL) -> RoundAnalysis:
    """Analyse a round: per statement and group, group-informed consensus, bridging and
    dividing statements, opinion groups and their representative statements.

    Parameters
    ----------
    data : RoundVotes
        The round's accepted statements and current votes.
    min_cell : int
        Votes every institutional group needs on a statement before it can bridge.
    """
    groups = data.groups or tuple(code for code in GROUP_CODES if code in set(data.participants["group"]))
    people = data.participants["participant"].tolist()
    group_of = dict(zip(people, data.participants["group"].tolist()))
    votes = list(zip(*(data.votes[column].tolist() for column in ("participant", "statement", "vote"))))
    counts: dict[str, dict[str, list[int]]] = {}
    column = {"agree": 0, "disagree": 1, "pass": 2}
    for who, statement, vote in votes:
        counts.setdefault(statement, {}).setdefault(group_of[who], [0, 0, 0])[column[vote]] += 1
    with warnings.catch_warnings():
        # Reasons travel inside the results; the warnings would only repeat them.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        statements = tally(data.statements, counts, groups, min_cell=min_cell)
    ids = [s.id for s in data.statements]
    found = opinion_map(people, ids, votes)
    opinion_groups = _opinion_groups(found, ids, votes, group_of, groups)
    sizes = data.participants["group"].value_counts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        alignment = alignment_test(opinion_groups, groups)
    return RoundAnalysis(data.round.name, data.round.wave, data.data_version, not data.round.is_open,
                         data.round.results_visible, {g: int(sizes.get(g, 0)) for g in groups}, statements,
                         found, opinion_groups, min_cell, data.attributed, alignment, group_of)


def alignment_test(opinion_groups, groups) -> TestResult | None:
    """Whether the opinion groups follow the institutional lines: the opinion group ×
    institutional group table of the placed delegations, tested for independence (chi-square,
    or Fisher–Freeman–Halton exact where Cochran's rule fails) with bias-corrected Cramér's V.

    None with fewer than two opinion groups or fewer than two institutional groups among the
    placed delegations: then there is no table to test.
    """
    if len(opinion_groups) < 2:
        return None
    table = np.array([[g.by_group.get(code, 0) for code in groups] for g in opinion_groups], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return None
    result = independence_test(table)
    return result if np.isfinite(result.pvalue) else None


def _opinion_groups(found: OpinionMap, ids, votes, group_of, groups) -> tuple[OpinionGroup, ...]:
    if found.k == 0:
        return ()
    label = dict(zip(found.participants, found.labels))
    index = {s: j for j, s in enumerate(ids)}
    counts = np.zeros((found.k, len(ids), 3))
    for who, statement, vote in votes:
        if who in label:
            g, j = label[who], index[statement]
            counts[g, j, 2] += 1
            if vote != "pass":
                counts[g, j, 0 if vote == "agree" else 1] += 1
    # One group has nothing to be set apart from: no representative statements.
    reps = representative_statements(ids, counts) if found.k > 1 else {0: ()}
    out = []
    for g in range(found.k):
        members = found.members.get(g, ())
        make_up = {code: sum(group_of[m] == code for m in members) for code in groups}
        out.append(OpinionGroup(g + 1, len(members), make_up, reps[g], members))
    return tuple(out)
