"""``python -m analysis summary|export``: the summary of a stored wave as JSON, or the chair's report.

Problems the user can fix (unknown wave or variable, unreadable database) are printed as
one line on stderr with exit status 2; no traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from surveys.errors import TrialogueError

from .exports.cli import add_export_command, run_export
from .exports.freeze import parse_filter_options
from .summary import summarize


def _parse_filters(pairs: Sequence[str]) -> dict[str, list[str]]:
    try:
        return {k: list(v) for k, v in parse_filter_options(list(pairs)).items()}
    except ValueError as exc:
        raise TrialogueError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Statistics of a Trialogue wave.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="write the summary of a wave as JSON")
    summary.add_argument("--db", metavar="URL", help="database URL (default: TRIALOGUE_DATABASE_URL or data/)")
    summary.add_argument("--wave", metavar="NAME", help="wave to summarise (default: the latest)")
    summary.add_argument("--by", metavar="VAR", default="group",
                         help="compare by: group (default), p5_e10, region, tcc_pcc, an attribute, or wave")
    summary.add_argument("--other", metavar="NAME", help="the second wave when --by wave")
    summary.add_argument("--filter", metavar="VAR=VALUE", action="append", default=[],
                         help="keep only matching respondents; repeat for several values or variables")
    summary.add_argument("--json", metavar="FILE", required=True, help="where to write the JSON ('-' for stdout)")
    add_export_command(commands)
    return parser


def run_summary(args: argparse.Namespace) -> int:
    from surveys.store import open_store  # imported here so --help works without a database

    filters = _parse_filters(args.filter)
    store = open_store(args.db)
    data = store.load_wave(args.wave)
    other = None
    if args.by == "wave":
        if not args.other:
            raise TrialogueError("--by wave needs --other NAME: the wave to compare with")
        other = store.load_wave(args.other)
    summary = summarize(data, by=args.by, filters=filters, other=other)
    text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    if args.json == "-":
        sys.stdout.write(text + "\n")
    else:
        path = Path(args.json)
        try:
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise TrialogueError(f"{path}: cannot write the JSON file ({exc.strerror})") from None
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_export(args) if args.command == "export" else run_summary(args)
    except TrialogueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
