"""``python -m analysis export``: write the Chair's report or its tables from a stored wave.

Hooked into the analysis command line by ``add_export_command(subparsers)``; ``run_export``
does the work and records the export in the store's log, so that any number in the file can
be traced back to the data version and settings that produced it.
"""
from __future__ import annotations

import argparse
import sys

from surveys.errors import TrialogueError

from .freeze import FORMATS, parse_filter_options, record
from .wording import LANGUAGES


def add_export_command(subparsers) -> argparse.ArgumentParser:
    """Add the ``export`` sub-command to an argparse ``add_subparsers()`` object."""
    export = subparsers.add_parser(
        "export", help="write the report (docx, md), the tables (xlsx) or the answers (csv) of a wave",
        description="Write the Working Group report or its tables. The file records the data version "
                    "and settings, and prints the command that rebuilds it.")
    export.add_argument("--format", required=True, choices=FORMATS, dest="format",
                        help="docx (Word report), md (Markdown report), xlsx (tables), csv (answers)")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
    export.add_argument("--lang", default="en", choices=LANGUAGES, help="report language (default: en)")
    export.add_argument("--wave", metavar="NAME", help="wave to export (default: the latest)")
    export.add_argument("--by", metavar="VAR", default="group",
                        help="compare by: group (default), p5_e10, region, tcc_pcc, a workbook attribute, or wave")
    export.add_argument("--other", metavar="NAME", help="the second wave when --by wave")
    export.add_argument("--filter", metavar="VAR=VALUE", action="append", default=[],
                        help="keep only matching respondents; repeat for several values or variables")
    export.add_argument("--db", metavar="URL", help="database URL (default: TRIALOGUE_DATABASE_URL or data/)")
    export.add_argument("--data-version", metavar="HASH", dest="data_version",
                        help="refuse to export unless the stored answers still have this data version "
                             "(the reproduce command printed in every export sets it)")
    export.set_defaults(handler=run_export)
    return export


def run_export(args: argparse.Namespace) -> int:
    """Export as ``args`` say; raises :class:`TrialogueError` with a one-line message on bad input."""
    from analysis.summary import summarize
    from surveys.store import open_store

    from . import write_report

    try:
        filters = parse_filter_options(args.filter)
    except ValueError as exc:
        raise TrialogueError(str(exc)) from None
    store = open_store(args.db)
    data = store.load_wave(args.wave)
    if args.data_version and args.data_version != data.data_version:
        raise TrialogueError(
            f"wave {data.wave.name}: the stored answers have changed since that export (data version "
            f"{data.data_version[:12]}…, expected {args.data_version[:12]}…); the numbers would differ. "
            "Drop --data-version to export the current answers.")
    other = None
    if args.by == "wave":
        if not args.other:
            raise TrialogueError("--by wave needs --other NAME: the wave to compare with")
        other = store.load_wave(args.other)
    summary = summarize(data, by=args.by, filters={k: list(v) for k, v in filters.items()}, other=other)
    freeze = write_report(summary, data, args.format, args.out, args.lang)
    record(store, freeze, str(args.out))
    print(f"wrote {args.out} (wave {freeze.wave}, data version {freeze.data_version[:12]})", file=sys.stdout)
    return 0
