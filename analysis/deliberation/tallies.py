"""Per statement and institutional group: the votes, their shares, whether groups differ,
and where the whole triangle stands together (bridging) or apart (dividing).

Group-informed consensus follows Pol.is (compdemocracy/polis, ``math/src/polismath/math/
conversation.clj``, ``:group-aware-consensus``): the product over groups of
(A_g + 1) / (S_g + 2), A_g the agrees and S_g the votes cast in group g. S_g counts passes
too: Pol.is tallies S with ``(agg-bucket-votes-for-tid bid-to-pid raw-rating-mat number?
tid)`` in ``:votes-base``, and a pass is stored as 0, a number (only unseen is nil). The
same product with disagrees measures consensus against a statement. Here the groups are the
institutional groups of the round (Council, TCC/PCC, Secretariat, others), not opinion groups.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..consensus import DivergenceResult, divergence
from ..intervals import wilson_bounds
from ..multiplicity import bh_adjust
from ..nominal import independence_test
from ..results import ConfidenceInterval, TestResult
from ..scorecard import DIFFER_Q

#: Default minimum cell size: a group needs this many votes on a statement before the
#: statement can bridge (issue 10 decides the product-wide minimum in one place).
MIN_CELL = 3
VOTE_KINDS = ("agree", "disagree", "pass")


@dataclass(frozen=True)
class GroupVotes:
    """One group's votes on one statement; shares of the votes cast with Wilson intervals."""

    agree: int
    disagree: int
    passes: int
    n: int
    agree_share: float
    agree_ci95: ConfidenceInterval
    disagree_share: float
    disagree_ci95: ConfidenceInterval
    pass_share: float
    pass_ci95: ConfidenceInterval


@dataclass(frozen=True)
class StatementResult:
    """Everything said about one statement of a round.

    ``consensus_agree`` / ``consensus_disagree``: the Pol.is group-informed consensus for and
    against; ``test``: agree / disagree / pass by group (chi-square, or an exact test when
    the table is small), ``qvalue`` its Benjamini-Hochberg q across the round; ``divergence``
    the pair of groups whose shares agreeing differ most (Holm-adjusted exact tests).
    """

    id: str
    question: str
    texts: Mapping[str, str]
    votes: Mapping[str, GroupVotes]
    total: GroupVotes
    consensus_agree: float
    consensus_disagree: float
    test: TestResult | None
    test_reason: str | None
    qvalue: float
    divergence: DivergenceResult | None
    bridging: bool
    dividing: bool


def group_votes(agree: int, disagree: int, passes: int) -> GroupVotes:
    n = agree + disagree + passes
    counts = np.array([agree, disagree, passes])
    low, high = wilson_bounds(counts, np.full(3, n))
    shares = counts / n if n else np.full(3, math.nan)
    cis = [ConfidenceInterval(float(lo), float(hi)) for lo, hi in zip(low, high)]
    return GroupVotes(int(agree), int(disagree), int(passes), int(n), float(shares[0]), cis[0],
                      float(shares[1]), cis[1], float(shares[2]), cis[2])


def polis_consensus(successes: Sequence[int], votes: Sequence[int]) -> float:
    """Pol.is group-informed consensus: the product over groups of (successes + 1) / (votes + 2)."""
    a = np.asarray(successes, dtype=float)
    s = np.asarray(votes, dtype=float)
    return float(np.prod((a + 1) / (s + 2))) if a.size else math.nan


def tally(statements, counts: Mapping[str, Mapping[str, Sequence[int]]], groups: Sequence[str], *,
          min_cell: int = MIN_CELL) -> tuple[StatementResult, ...]:
    """Results for ``statements`` from ``counts[statement][group] = (agree, disagree, pass)``.

    A statement is **bridging** when every group of the round has at least ``min_cell``
    votes on it and a majority of each group's votes agree (each factor of the consensus
    product above 1/2), with at least two groups; **dividing** when the groups' votes
    differ (q < 0.05 across the round) and a pair of groups differs in its share agreeing
    (Holm-adjusted exact test below 0.05), as the survey's dividing lines are found.
    """
    rows = []
    for statement in statements:
        by_group = {g: group_votes(*counts.get(statement.id, {}).get(g, (0, 0, 0))) for g in groups}
        agree = [v.agree for v in by_group.values()]
        disagree = [v.disagree for v in by_group.values()]
        n = [v.n for v in by_group.values()]
        total = group_votes(sum(agree), sum(disagree), sum(v.passes for v in by_group.values()))
        test, reason = _test(by_group)
        div = divergence(agree, n, list(groups)) if sum(m >= 2 for m in n) >= 2 else None
        bridging = len(groups) >= 2 and all(v.n >= min_cell and 2 * v.agree > v.n for v in by_group.values())
        rows.append([statement, by_group, total, polis_consensus(agree, n), polis_consensus(disagree, n), test,
                     reason, div, bridging])
    q = bh_adjust([r[5].pvalue if r[5] is not None else math.nan for r in rows])
    out = []
    for (statement, by_group, total, c_agree, c_disagree, test, reason, div, bridging), qv in zip(rows, q):
        dividing = bool(test is not None and qv < DIFFER_Q and div is not None
                        and div.pvalue_adjusted < DIFFER_Q)
        out.append(StatementResult(statement.id, statement.question, dict(statement.texts), by_group, total,
                                   c_agree, c_disagree, test, reason, float(qv), div, bridging, dividing))
    return tuple(out)


def _test(by_group: Mapping[str, GroupVotes]) -> tuple[TestResult | None, str | None]:
    """Agree / disagree / pass by group, over the groups with at least 2 votes (as the survey's items)."""
    table = np.array([[v.agree, v.disagree, v.passes] for v in by_group.values() if v.n >= 2])
    if table.shape[0] < 2:
        return None, "fewer than 2 groups with 2 or more votes: no test"
    result = independence_test(table)
    if not math.isfinite(result.pvalue):
        return None, result.reason
    return result, None
