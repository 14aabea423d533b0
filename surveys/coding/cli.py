"""``python -m surveys codebook|coding|quotes …``: the coding of open-ended answers from the command line."""
from __future__ import annotations

import argparse


def add_commands(commands, db: argparse.ArgumentParser) -> None:
    """Register ``codebook import|export``, ``coding import|template`` and ``quotes import|export``."""
    cmd = commands.add_parser("codebook", help="define the themes comments are coded with")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser("import", parents=[db], help="import a codebook sheet (themes per comment item)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--wave", metavar="NAME", help="default: the most recent wave")
    exp = sub.add_parser("export", parents=[db], help="write the stored codebook as a sheet")
    exp.add_argument("--out", required=True, metavar="FILE.xlsx")
    exp.add_argument("--wave", metavar="NAME")

    cmd = commands.add_parser("coding", help="coders' themes for each comment")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser("import", parents=[db], help="import a coding sheet (respondent, item, coder, theme)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--wave", metavar="NAME")
    tpl = sub.add_parser("template", parents=[db], help="write a coding sheet with every comment to code")
    tpl.add_argument("--out", required=True, metavar="FILE.xlsx")
    tpl.add_argument("--coder", metavar="NAME", help="pre-fill the coder column")
    tpl.add_argument("--wave", metavar="NAME")

    cmd = commands.add_parser("quotes", help="the quote bank: representative quotes per question and group")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser("import", parents=[db], help="import a quote sheet (replaces the quotes of its items)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--wave", metavar="NAME")
    exp = sub.add_parser("export", parents=[db], help="write the quote bank as a sheet")
    exp.add_argument("--out", required=True, metavar="FILE.xlsx")
    exp.add_argument("--wave", metavar="NAME")


def run(args, store) -> int:
    from . import sheets_out
    from .imports import import_codebook, import_codings, import_quotes

    notes: list = []
    if args.command == "codebook" and args.action == "import":
        codebook = import_codebook(store, args.file, wave=args.wave, notes=notes)
        print(f"{args.file}: stored {len(codebook.themes)} theme(s) for {', '.join(codebook.items)}")
    elif args.command == "coding" and args.action == "import":
        report = import_codings(store, args.file, wave=args.wave, notes=notes)
        if report.unchanged:
            print(f"{args.file}: unchanged, these codings are already stored")
        else:
            print(f"{args.file}: stored {report.rows} coding(s) for {report.units} comment(s) × coder "
                  f"({report.replaced_units} replaced earlier codings)")
    elif args.command == "quotes" and args.action == "import":
        quotes = import_quotes(store, args.file, wave=args.wave, notes=notes)
        print(f"{args.file}: stored {len(quotes)} quote(s)")
    else:
        writer = {("codebook", "export"): sheets_out.write_codebook, ("coding", "template"): sheets_out.write_coding_template,
                  ("quotes", "export"): sheets_out.write_quotes}[(args.command, args.action)]
        kwargs = {"coder": args.coder} if args.command == "coding" else {}
        count = writer(store, args.out, wave=args.wave, **kwargs)
        print(f"wrote {args.out} ({count} row(s))")
    for note in notes:  # what the text policy cleaned, cell by cell
        print(f"warning: {note}")
    return 0
