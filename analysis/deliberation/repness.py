"""What sets each opinion group apart: Pol.is' representative statements.

Ported from compdemocracy/polis ``math/src/polismath/math/repness.clj`` (statistics in
``stats.clj``). For each group and statement, with n_a agrees, n_d disagrees and n_s votes
(passes included: ``count-votes`` counts every non-missing vote) in the group:

- p_a = (n_a + 1) / (n_s + 2), and its test ``prop-test``: 2 sqrt(n_s + 1) ((n_a + 1) /
  (n_s + 1) - 1/2);
- the **representativeness** r_a = p_a / p_a(rest), the same smoothed share among everyone
  in the other groups, with the two-proportion z test ``two-prop-test`` (each count plus 1);
- the same for disagreement.

Selection (``select-rep-comments``): a statement is representative when both z values of
agreement (or of disagreement) exceed 1.2816 (one-sided 90 %, ``z-sig-90?``); the best
five by r × z_r × p × z_p are kept, agreements first, with the group's "best agree"
statement in front; a group with none keeps its single best statement by test.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

Z90 = 1.2816
KEEP = 5


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart, and whether by agreeing or disagreeing with it."""

    statement: str
    repful_for: str  # agree or disagree
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


def prop_test(successes, n):
    """Pol.is ``prop-test``: a one-sample z for a share above 1/2, counts plus one."""
    s, m = np.asarray(successes, float) + 1, np.asarray(n, float) + 1
    return 2 * np.sqrt(m) * (s / m - 0.5)


def two_prop_test(succ_in, succ_out, pop_in, pop_out):
    """Pol.is ``two-prop-test``: the pooled two-proportion z, every count plus one (0 when the pooled share is 1)."""
    s1, s2 = np.asarray(succ_in, float) + 1, np.asarray(succ_out, float) + 1
    n1, n2 = np.asarray(pop_in, float) + 1, np.asarray(pop_out, float) + 1
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (s1 / n1 - s2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.where(pooled == 1, 0.0, z)


def representative_statements(statements: Sequence[str], counts: np.ndarray) -> dict[int, tuple[Representative, ...]]:
    """Each group's representative statements.

    ``counts[g, j]`` = (agrees, disagrees, votes) of group g on statement j (shape G × S × 3).
    """
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=0)
    out = {}
    for g in range(counts.shape[0]):
        na, nd, ns = counts[g, :, 0], counts[g, :, 1], counts[g, :, 2]
        rest_a, rest_d, rest_s = (total - counts[g]).T
        stats = {
            "na": na, "nd": nd, "ns": ns,
            "pa": (na + 1) / (ns + 2), "pd": (nd + 1) / (ns + 2),
            "pat": prop_test(na, ns), "pdt": prop_test(nd, ns),
            "ra": ((na + 1) / (ns + 2)) / ((rest_a + 1) / (rest_s + 2)),
            "rd": ((nd + 1) / (ns + 2)) / ((rest_d + 1) / (rest_s + 2)),
            "rat": two_prop_test(na, rest_a, ns, rest_s), "rdt": two_prop_test(nd, rest_d, ns, rest_s),
        }
        out[g] = _select(statements, [{k: float(v[j]) for k, v in stats.items()} for j in range(len(statements))])
    return out


def _finalise(statement: str, s: Mapping[str, float]) -> Representative:
    if s["rat"] > s["rdt"]:
        return Representative(statement, "agree", int(s["na"]), int(s["ns"]), s["pa"], s["pat"], s["ra"], s["rat"])
    return Representative(statement, "disagree", int(s["nd"]), int(s["ns"]), s["pd"], s["pdt"], s["rd"], s["rdt"])


def _beats_best_agree(s: Mapping[str, float], best: Mapping[str, float] | None) -> bool:
    if s["na"] == 0 and s["nd"] == 0:
        return False
    if best is not None and best["ra"] > 1.0:
        return s["ra"] * s["rat"] * s["pa"] * s["pat"] > best["ra"] * best["rat"] * best["pa"] * best["pat"]
    if best is not None:
        return s["pa"] * s["pat"] > best["pa"] * best["pat"]
    return s["pat"] > Z90 or (s["ra"] > 1.0 and s["pa"] > 0.5)


def _select(statements: Sequence[str], stats: Sequence[Mapping[str, float]]) -> tuple[Representative, ...]:
    sufficient: list[Representative] = []
    best: Representative | None = None
    best_agree: tuple[str, Mapping[str, float]] | None = None
    for statement, s in zip(statements, stats):
        if (s["rat"] > Z90 and s["pat"] > Z90) or (s["rdt"] > Z90 and s["pdt"] > Z90):
            sufficient.append(_finalise(statement, s))
        if not sufficient and (best is None or max(s["rat"], s["rdt"]) > best.repness_test):
            best = _finalise(statement, s)
        if _beats_best_agree(s, best_agree[1] if best_agree else None):
            best_agree = (statement, s)
    head = []
    if best_agree is not None:
        # Finalised like any other (agree or disagree, whichever test is larger), as Pol.is does.
        head = [_finalise(*best_agree)]
    if not sufficient:
        return tuple(head or ([best] if best else []))
    chosen = sorted((r for r in sufficient if not head or r.statement != head[0].statement),
                    key=lambda r: -r.metric)
    chosen = (head + chosen)[:KEEP]
    return tuple([r for r in chosen if r.repful_for == "agree"] + [r for r in chosen if r.repful_for == "disagree"])
