"""Deliberation rounds: statements, moderation, votes, vote templates and vote imports.

The functions the dashboard and the command line call, importable from here:

- reading: :func:`rounds`, :func:`get_round`, :func:`round_statements`, :func:`load_round`
  (pseudonymous unless ``attributed=True``), :func:`own_votes` and :func:`own_statements` (a delegation's own),
  :func:`vote_history` (attributed: secretariat only);
- the secretariat: :func:`create_round`, :func:`add_statement`, :func:`draw_statement`,
  :func:`moderate`, :func:`add_translation`, :func:`close_round`, :func:`reopen_round`,
  :func:`set_running_results`, :func:`write_vote_template`, :func:`read_statements`;
- delegations: :func:`cast_vote`, :func:`submit_statement`.

Vote workbooks are imported by :func:`surveys.storage.importer.import_files` beside answers.
Modules: ``model`` (dataclasses, vote words), ``tables`` (schema), ``ledger`` (rounds and statements), ``votes``,
``statements`` (statements workbook), ``votetemplate``, ``votesheets`` (import), ``demo``, ``cli``.
"""
from __future__ import annotations

from ..lazy import exports

_EXPORTS = {
    **dict.fromkeys(("rounds", "get_round", "round_statements", "own_statements", "load_round", "create_round",
                     "add_statement", "draw_statement", "moderate", "add_translation", "close_round", "reopen_round",
                     "set_running_results", "submit_statement", "RoundClosed"), "ledger"),
    **dict.fromkeys(("cast_vote", "own_votes", "vote_history"), "votes"),
    **dict.fromkeys(("Round", "Statement", "StatementSource", "RoundVotes", "VoteRecord", "VOTES", "VOTE_LABELS",
                     "parse_vote"), "model"),
    "write_vote_template": "votetemplate",
    "read_statements": "statements",
}
__all__ = sorted(_EXPORTS)


# Lazy, because surveys.storage.schema imports this package's tables while it is itself loading.
__getattr__ = exports(__name__, _EXPORTS)
