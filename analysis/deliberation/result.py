"""A round's analysis as one frozen object, and the JSON of ``python -m analysis deliberation``."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..results import TestResult

# The test and the JSON clean-up exactly as the survey summary writes them.
from ..summary import _json_safe as json_safe, _test_dict
from .opinion import OpinionMap
from .repness import Representative
from .tallies import StatementResult


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: its size, its make-up by institutional group, what sets it apart.

    ``members`` are participant keys: pseudonyms, or names in the secretariat's attributed analysis."""

    id: int
    size: int
    by_group: Mapping[str, int]
    representative: tuple[Representative, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class RoundAnalysis:
    """Everything said about one round; build it with :func:`analysis.deliberation.analyse_round`."""

    round: str
    wave: str
    data_version: str
    closed: bool
    results_visible: bool
    groups: Mapping[str, int]
    statements: tuple[StatementResult, ...]
    opinion: OpinionMap
    opinion_groups: tuple[OpinionGroup, ...]
    min_cell: int
    attributed: bool
    #: Opinion group × institutional group, tested for independence (None without two of each).
    alignment: TestResult | None = None
    #: Each participant's institutional group (participant keys as in ``opinion``).
    participant_groups: Mapping[str, str] = field(default_factory=dict)

    def statement(self, statement_id: str) -> StatementResult:
        for found in self.statements:
            if found.id == statement_id:
                return found
        raise KeyError(statement_id)

    @property
    def ranked(self) -> tuple[StatementResult, ...]:
        """Statements by group-informed consensus for, highest first (ties in round order)."""
        return tuple(sorted(self.statements, key=lambda s: -s.consensus_agree))

    @property
    def bridging(self) -> tuple[StatementResult, ...]:
        """Statements every institutional group stands behind, highest consensus first."""
        return tuple(s for s in self.ranked if s.bridging)

    @property
    def dividing(self) -> tuple[StatementResult, ...]:
        """Statements that divide the groups, the largest gap between a pair of groups first."""
        return tuple(sorted((s for s in self.statements if s.dividing),
                            key=lambda s: -s.divergence.difference if s.divergence else 0.0))

    def to_dict(self, *, detail: bool = False, members: bool = False) -> dict[str, Any]:
        """The JSON of ``python -m analysis deliberation``, exactly the shape of issue 11.

        ``detail`` adds shares with Wilson intervals, the dividing pair and the opinion map's
        figures; ``members`` (secretariat only: attributed) lists each opinion group's members.
        No participant is named otherwise.
        """
        out: dict[str, Any] = {
            "round": self.round, "data_version": self.data_version, "groups": dict(self.groups),
            "statements": [_statement_dict(s, detail) for s in self.statements],
            "opinion_groups": [_group_dict(g, members) for g in self.opinion_groups],
        }
        if detail:
            o = self.opinion
            out["opinion_map"] = {
                "method": o.method, "k": o.k, "silhouette": o.silhouette,
                "silhouettes": {str(k): v for k, v in o.silhouettes.items()}, "threshold": o.threshold,
                "explained_variance": list(o.explained_variance), "placed": len(o.participants),
                "unplaced": len(o.unplaced), "reason": o.reason,
                "alignment": _test_dict(self.alignment, math.nan) if self.alignment is not None else None}
            out["min_cell"] = self.min_cell
            out["closed"] = self.closed
        return json_safe(out)


def _statement_dict(s: StatementResult, detail: bool) -> dict[str, Any]:
    out = {"id": s.id, "question": s.question,
           "votes": {g: {"agree": v.agree, "disagree": v.disagree, "pass": v.passes, "n": v.n}
                     for g, v in s.votes.items()},
           "consensus": {"agree": s.consensus_agree, "disagree": s.consensus_disagree},
           "test": _test_dict(s.test, s.qvalue), "bridging": s.bridging, "dividing": s.dividing}
    if detail:
        out["text"] = dict(s.texts)
        out["test_reason"] = s.test_reason
        out["shares"] = {g: {kind: {"share": share, "ci95": [ci.low, ci.high]}
                             for kind, share, ci in (("agree", v.agree_share, v.agree_ci95),
                                                     ("disagree", v.disagree_share, v.disagree_ci95),
                                                     ("pass", v.pass_share, v.pass_ci95))}
                         for g, v in s.votes.items()}
        d = s.divergence
        out["divergence"] = None if d is None else {
            "a": d.a, "b": d.b, "difference": d.difference, "pvalue": d.pvalue, "pvalue_adjusted": d.pvalue_adjusted,
            "effect_size": {"name": "cohens_h", "value": d.effect_size, "magnitude": d.effect_size_magnitude}}
    return out


def _group_dict(g: OpinionGroup, members: bool) -> dict[str, Any]:
    out = {"id": g.id, "size": g.size, "by_group": dict(g.by_group),
           "representative": [r.statement for r in g.representative]}
    if members:
        out["members"] = list(g.members)
    return out
