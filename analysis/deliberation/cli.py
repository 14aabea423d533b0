"""``python -m analysis deliberation``: a round's analysis as JSON (registered by :mod:`analysis.cli`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from surveys.errors import TrialogueError

from .tallies import MIN_CELL


def add_deliberation_command(commands) -> None:
    cmd = commands.add_parser("deliberation", help="write the analysis of a deliberation round as JSON")
    cmd.add_argument("--db", metavar="URL", help="database URL (default: TRIALOGUE_DATABASE_URL or data/)")
    cmd.add_argument("--round", required=True, metavar="NAME", help="the round to analyse")
    cmd.add_argument("--json", required=True, metavar="FILE", help="where to write the JSON ('-' for stdout)")
    cmd.add_argument("--min-cell", type=int, default=None, metavar="K",
                     help="votes each group needs on a statement before it can bridge (default: the store's "
                          f"minimum cell size, {MIN_CELL} unless the secretariat changed it)")
    cmd.add_argument("--audience", default="secretariat", choices=("secretariat", "members", "viewers"),
                     help="whom the JSON is for: members and viewers read the round as the dashboard shows it "
                          "to them (groups and cells under the minimum cell size left out, counts under it withheld)")
    cmd.add_argument("--detail", action="store_true",
                     help="add shares with Wilson intervals, the dividing pair and the opinion map's figures")
    # Secretariat only: names who is in which opinion group (refused with another --audience).
    cmd.add_argument("--members", action="store_true",
                     help="secretariat only: list each opinion group's delegations by name")


def run_deliberation(args: argparse.Namespace) -> int:
    # Members and viewers read the round as the presentation layer shows it to them, the one
    # place that decides what an audience sees (the dashboard's pages and the reports use it too).
    from analysis.exports.access import audience_named
    from analysis.present.deliberation import results_shown, round_document, round_for
    from surveys.access.settings import min_cell
    from surveys.rounds.ledger import load_round
    from surveys.storage.store import open_store

    if args.min_cell is not None and args.min_cell < 1:
        raise TrialogueError("--min-cell must be at least 1")
    if args.members and args.audience != "secretariat":
        raise TrialogueError("--members names delegations: it is for the secretariat audience only")
    with open_store(args.db) as store:
        data = load_round(store, args.round, attributed=args.members)
        k = args.min_cell if args.min_cell is not None else min_cell(store)
    audience = audience_named(args.audience, k)
    if not results_shown(data.round, audience):
        raise TrialogueError(f"round {data.round.name} is open and its results are not shown to {args.audience} "
                             "before it closes (python -m surveys round results NAME --while-open show)")
    document = round_document(round_for(data, audience, min_cell=k), detail=args.detail, members=args.members)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    if args.json == "-":
        sys.stdout.write(text + "\n")
        return 0
    try:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise TrialogueError(f"{args.json}: cannot write the JSON file ({exc.strerror})") from None
    return 0
