"""A round's JSON as an audience may read it: ``python -m analysis deliberation --audience``.

The shape is the library's (:meth:`analysis.deliberation.RoundAnalysis.to_dict`, issue 11);
what members and viewers read of it is the :class:`~analysis.present.deliberation.audience.RoundView`
the dashboard and the reports draw from — the same whole cells, the same withheld counts —
so the file and the pages never disagree. A withheld figure is ``null``, never a zero.
"""
from __future__ import annotations

from typing import Any

from ..disclosure import shows_group
from .audience import VOTES, RoundView, shown_groups
from .findings import composition

#: The JSON's name of each vote (the library's field for a pass is ``passes``).
_KEYS = {"agree": "agree", "disagree": "disagree", "pass": "pass"}


def round_document(view: RoundView, *, detail: bool = False, members: bool = False) -> dict[str, Any]:
    """The JSON of ``view`` (see the module doc). ``members`` names each opinion group's
    delegations and is the secretariat's only (ValueError otherwise)."""
    if view.audience.sees_everything:
        return view.analysis.to_dict(detail=detail, members=members)
    if members:
        raise ValueError("opinion groups' members are named for the secretariat only")
    out = view.analysis.to_dict(detail=detail)
    out["groups"] = dict(shown_groups(view))
    for statement in out["statements"]:
        for code, votes in statement["votes"].items():
            cell = view.cell(statement["id"], code)
            votes.update({_KEYS[v]: cell.counts[v] for v in VOTES}, n=cell.n)
            shares = statement.get("shares", {}).get(code)
            for vote in VOTES if shares else ():
                if cell.counts[vote] is None:
                    shares[_KEYS[vote]] = {"share": None, "ci95": None}
    for group, counts in zip(out["opinion_groups"], composition(view)):
        if shows_group(group["size"], view.audience):
            group["by_group"] = dict(counts)
        else:
            group["size"], group["by_group"], group["representative"] = None, {}, []
    return out
