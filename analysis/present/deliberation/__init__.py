"""Deliberation rounds in the one voice: who may see what, sentences, tables, charts, the report chapter.

* :mod:`~analysis.present.deliberation.audience` — rights (results, names, whom a reader votes as)
  and :func:`round_for`, the :class:`RoundView` of a round an audience may see;
* :mod:`~analysis.present.deliberation.findings` — bridging and dividing statements, each
  statement's finding, and the chair's question: do the opinion groups follow the
  institutional lines or cut across them?;
* :mod:`~analysis.present.deliberation.tables`, :mod:`~analysis.present.deliberation.charts` —
  frames, printed tables, the diverging bars per statement and the opinion map;
* :mod:`~analysis.present.deliberation.report` — one report chapter per round;
* :mod:`~analysis.present.deliberation.document` — the round's JSON as an audience may read it.
"""
from .audience import RoundView, VoteCell, chooses_delegation, names_shown, results_shown, round_for, voting_delegation
from .document import round_document

__all__ = ["RoundView", "VoteCell", "chooses_delegation", "names_shown", "results_shown", "round_document",
           "round_for", "voting_delegation"]
