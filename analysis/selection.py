"""What a command summarises: the store, the wave, the compare-by variable and the filters.

``python -m analysis summary`` and ``python -m analysis export`` take the same options and
must read them the same way, so both call these two functions.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from surveys.errors import TrialogueError

if TYPE_CHECKING:
    from surveys.wavedata import WaveData


def add_selection_arguments(parser: argparse.ArgumentParser, *, action: str) -> None:
    """``--db``, ``--wave``, ``--by``, ``--other`` and ``--filter``; ``action`` completes the
    wave's help text ("wave to summarise")."""
    parser.add_argument("--db", metavar="URL", help="database URL (default: TRIALOGUE_DATABASE_URL or data/)")
    parser.add_argument("--wave", metavar="NAME", help=f"wave to {action} (default: the latest)")
    parser.add_argument("--by", metavar="VAR", default="group",
                        help="compare by: group (default), p5_e10, region, tcc_pcc, a workbook attribute, or wave")
    parser.add_argument("--other", metavar="NAME", help="the second wave when --by wave")
    parser.add_argument("--filter", metavar="VAR=VALUE", action="append", default=[],
                        help="keep only matching respondents; repeat for several values or variables")


@dataclass(frozen=True)
class CommandScope:
    """What one command works on: the open store, the wave's data, the other wave's (``--by
    wave``) and the filters. (The dashboard's reader choice is :class:`dashboard.sidebar.Selection`.)"""

    store: Any
    data: WaveData
    other: WaveData | None
    filters: dict[str, list[str]]


def parse_filters(pairs: list[str] | None) -> dict[str, list[str]]:
    """``["region=african", "region=weog"]`` → ``{"region": ["african", "weog"]}``."""
    result: dict[str, list[str]] = {}
    for pair in pairs or ():
        var, sep, value = pair.partition("=")
        if not sep or not var.strip() or not value.strip():
            raise TrialogueError(f"--filter {pair!r}: expected VARIABLE=VALUE, e.g. --filter region=african")
        result.setdefault(var.strip(), []).append(value.strip())
    return result


def select(args: argparse.Namespace) -> CommandScope:
    """Open the store and load what the options name; one-line errors for what the user can fix."""
    from surveys.plaintext import plain
    from surveys.storage.store import open_store  # here, so that --help works without a database

    # Arguments are text like any other: the store's names passed the same policy.
    for name in ("wave", "by", "other"):
        if getattr(args, name, None):
            setattr(args, name, plain(getattr(args, name), line=True))
    args.filter = [plain(pair, line=True) for pair in args.filter or ()]
    filters = parse_filters(args.filter)
    store = open_store(args.db)
    data = store.load_wave(args.wave)
    other = None
    if args.by == "wave":
        if not args.other:
            raise TrialogueError("--by wave needs --other NAME: the wave to compare with")
        other = store.load_wave(args.other)
    return CommandScope(store, data, other, filters)
