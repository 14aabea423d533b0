"""``python -m analysis summary|export|deliberation``: the summary of a stored wave as JSON, the
chair's report, or the analysis of a deliberation round.

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

from .deliberation.cli import add_deliberation_command, run_deliberation
from .exports.cli import add_export_command, run_export
from .selection import add_selection_arguments, select
from .text.cli import TEXT_COMMANDS, add_text_commands, run_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Statistics of a Trialogue wave.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="write the summary of a wave as JSON")
    add_selection_arguments(summary, action="summarise")
    summary.add_argument("--json", metavar="FILE", required=True, help="where to write the JSON ('-' for stdout)")
    add_export_command(commands)
    add_text_commands(commands)
    add_deliberation_command(commands)
    return parser


def run_summary(args: argparse.Namespace) -> int:
    from .summary import summarize

    chosen = select(args)
    summary = summarize(chosen.data, by=args.by, filters=chosen.filters, other=chosen.other)
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
        if args.command in TEXT_COMMANDS:
            return run_text(args)
        runs = {"export": run_export, "deliberation": run_deliberation, "summary": run_summary}
        return runs[args.command](args)
    except TrialogueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
    except Exception as exc:  # a user sees one line, never a traceback
        from surveys.cli import unexpected

        return unexpected(exc, "nothing was written")
