"""``python -m analysis export``: write the Chair's report or its tables from a stored wave.

Hooked into the analysis command line by ``add_export_command(subparsers)``; ``run_export``
does the work and records the export in the store's log, so that any number in the file can
be traced back to the data version and settings that produced it.
"""
from __future__ import annotations

import argparse
import sys

from analysis.present.freeze import FORMATS, record
from analysis.present.language import REPORT_LANGUAGES as LANGUAGES
from analysis.selection import add_selection_arguments, select
from surveys.errors import TrialogueError

from .access import AUDIENCES, audience_named, check_download


def add_export_command(subparsers) -> argparse.ArgumentParser:
    """Add the ``export`` sub-command to an argparse ``add_subparsers()`` object."""
    export = subparsers.add_parser(
        "export", help="write the report (docx, pdf, md), the tables (xlsx) or the answers (csv) of a wave",
        description="Write the Working Group report or its tables. The file records the data version "
                    "and settings, and prints the command that rebuilds it.")
    export.add_argument("--format", required=True, choices=FORMATS, dest="format",
                        help="docx (Word report), pdf (tagged PDF of the Word report, needs LibreOffice), "
                             "md (Markdown report), xlsx (tables), csv (answers)")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the file")
    export.add_argument("--lang", default="en", choices=LANGUAGES, help="report language (default: en)")
    export.add_argument("--audience", default="secretariat", choices=AUDIENCES,
                        help="whom the file is for: secretariat (default; individual answers, every figure) or "
                             "members (figures for fewer than the minimum cell size withheld, no names)")
    add_selection_arguments(export, action="export")
    export.add_argument("--data-version", metavar="HASH", dest="data_version",
                        help="refuse to export unless the stored answers still have this data version "
                             "(the reproduce command printed in every export sets it)")
    export.add_argument("--coding-version", metavar="HASH", dest="coding_version",
                        help="refuse to export unless the stored codebook, codings and quotes still have this "
                             "coding version (set by the reproduce command of a report with coded comments)")
    export.set_defaults(handler=run_export)
    return export


def wave_rounds(store, wave: str) -> list:
    """The wave's deliberation rounds, pseudonymous (a report names no delegation's votes)."""
    from surveys.rounds.ledger import load_round, rounds

    return [load_round(store, found.name) for found in rounds(store, wave)]


def run_export(args: argparse.Namespace) -> int:
    """Export as ``args`` say; raises :class:`TrialogueError` with a one-line message on bad input."""
    from . import write_report

    chosen = select(args)
    store, data = chosen.store, chosen.data
    if args.data_version and args.data_version != data.data_version:
        raise TrialogueError(
            f"wave {data.wave.name}: the stored answers have changed since that export (data version "
            f"{data.data_version[:12]}…, expected {args.data_version[:12]}…); the numbers would differ. "
            "Drop --data-version to export the current answers.")
    from analysis.present.disclosure import summarize_for
    from surveys.access.settings import min_cell

    audience = audience_named(args.audience, min_cell(store))
    check_download(args.format, audience)
    summary = summarize_for(data, audience, by=args.by, filters=chosen.filters, other=chosen.other)
    themes, quotes, version = _coding(store, data, args, chosen.filters, audience)
    freeze = write_report(summary, data, args.format, args.out, args.lang, months=store.contribution_months(),
                          audience=audience, rounds=wave_rounds(store, data.wave.name), themes=themes,
                          quotes=quotes, coding_version=version)
    record(store, freeze, str(args.out))
    print(f"wrote {args.out} (wave {freeze.wave}, data version {freeze.data_version[:12]}, for the "
          f"{freeze.audience})", file=sys.stdout)
    return 0


def _coding(store, data, args: argparse.Namespace, filters, audience) -> tuple:
    """The coded themes for ``audience`` (None without a codebook), the quote bank and their coding
    version for a report; nothing for the answers CSV or a comparison of waves (themes are
    compared within one)."""
    from surveys.coding import coding_version, load_codebook, load_codings, load_quotes

    if args.by == "wave" or args.format == "csv":
        return None, None, None
    wave = data.wave.name
    version = coding_version(store, wave)
    if args.coding_version and args.coding_version != version:
        raise TrialogueError(
            f"wave {wave}: the codebook, codings or quotes have changed since that export (coding version "
            f"{version[:12]}…, expected {args.coding_version[:12]}…). Drop --coding-version to export the current "
            "coding.")
    codebook = load_codebook(store, wave)
    themes = None
    if codebook.themes:
        from analysis.text import summarize_themes

        themes = summarize_themes(data, codebook, load_codings(store, wave), by=args.by, filters=filters,
                                  audience=audience)
    return themes, load_quotes(store, wave), version
