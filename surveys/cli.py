"""``python -m surveys``: templates, imports, instruments, contributions and the stored waves.

Every command takes ``--db URL`` (else ``$TRIALOGUE_DATABASE_URL``, else
``data/trialogue.sqlite``). Problems are printed one per line on stderr and the exit
status is 2; a traceback is never shown (set ``TRIALOGUE_DEBUG=1`` to see one).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .errors import InvalidInstrument, InvalidResponses, TrialogueError
from .model import GROUP_CODES, UN_LANGUAGES


def build_parser() -> argparse.ArgumentParser:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: $TRIALOGUE_DATABASE_URL, "
                                                 "else sqlite:///data/trialogue.sqlite)")
    parser = argparse.ArgumentParser(
        prog="python -m surveys",
        description="Trialogue surveys: templates, imports, instruments, contributions and stored waves.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cmd = commands.add_parser("template", parents=[db], help="write a response template workbook")
    cmd.add_argument("--out", required=True, metavar="FILE.xlsx")
    cmd.add_argument("--lang", default="en", help="label language: " + ", ".join(UN_LANGUAGES))
    cmd.add_argument("--respondent", metavar="NAME", help="pre-fill the delegation or unit")
    cmd.add_argument("--group", metavar="CODE", choices=GROUP_CODES, help="pre-fill the group")
    cmd.add_argument("--instrument", metavar="FILE", help="XLSForm instrument (default: the shipped one)")

    cmd = commands.add_parser("import", parents=[db], help="import response workbooks, CSV files or ODK Central "
                              "zips (all or nothing)")
    cmd.add_argument("files", nargs="+", metavar="FILE", help=".xlsx, .xlsm, .xls, .ods, .csv, or .zip of CSV files")
    cmd.add_argument("--wave", metavar="NAME", help="wave to import into (default: the instrument's form_id)")
    cmd.add_argument("--instrument", metavar="FILE", help="XLSForm instrument (default: the wave's, else the shipped one)")
    cmd.add_argument("--replace", action="store_true", help="let delegations that already answered submit again")
    cmd.add_argument("--round", metavar="NAME", help="the round of consolidated vote sheets, when their "
                                                     "statement ids fit several rounds")
    cmd.add_argument("--encoding", type=_encoding, metavar="NAME",
                     help="text encoding of CSV files (default: detected; e.g. utf-8, cp1252, gb18030, cp1256, cp1251)")
    cmd.add_argument("--lang", default="en", choices=UN_LANGUAGES,
                     help="language of the report (English and Chinese; other languages read English)")
    cmd.add_argument("--annotate", metavar="DIR", help="write a copy of each file with problems to DIR, "
                                                       "every problem marked in its cell")
    cmd.add_argument("--max-respondents", type=_positive, metavar="N", dest="max_respondents",
                     help="for a consultation larger than the limits allow (1,000 respondents per file and per "
                          "wave): accept up to N; the sheet size limits grow with it")

    cmd = commands.add_parser("instrument", help="check or export an XLSForm instrument")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = sub.add_parser("check", parents=[db], help="check an XLSForm; exit 0 when valid, 2 with errors "
                                                        "(1 with warnings only, under --strict)")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) when there are warnings")
    export = sub.add_parser("export", parents=[db], help="write the shipped instrument as an XLSForm")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")

    cmd = commands.add_parser("contributions", help="store monthly TCC/PCC figures")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    contrib = sub.add_parser("import", parents=[db], help="import a UN or IPI contributions CSV")
    contrib.add_argument("file", metavar="FILE")

    cmd = commands.add_parser("respondents", parents=[db], help="write who answered a wave as JSON")
    cmd.add_argument("--wave", metavar="NAME", help="default: the most recent wave")
    cmd.add_argument("--json", required=True, metavar="FILE", help="output file ('-' for stdout)")

    commands.add_parser("waves", parents=[db], help="list stored waves")
    cmd = commands.add_parser("imports", parents=[db], help="show the import log")
    cmd.add_argument("--wave", metavar="NAME")
    cmd = commands.add_parser("withdraw", parents=[db], help="remove the answers of one import")
    cmd.add_argument("import_id", type=int, metavar="IMPORT_ID")
    cmd = commands.add_parser("demo", parents=[db], help="load the demo wave, or write its workbook with --out")
    cmd.add_argument("--out", metavar="FILE.xlsx")
    from .coding.cli import add_commands as add_coding_commands
    add_coding_commands(commands, db)
    from .rounds.cli import add_round_command
    add_round_command(commands, db)
    from .access.cli import add_commands as add_access_commands
    add_access_commands(commands, db)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _encoding(name: str) -> str:
    from .reading.encodings import codec
    try:
        return codec(name)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except TrialogueError as exc:
        _problems(exc)
        return exc.exit_status
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), file=sys.stderr)
        return 2
    except Exception as exc:  # a user sees one line, never a traceback
        return unexpected(exc, "nothing was changed")


def unexpected(exc: Exception, outcome: str) -> int:
    """Say an unexpected error in one line with ``outcome`` (what it left as it was), never a
    traceback unless ``TRIALOGUE_DEBUG`` asks for one; the exit status 2."""
    if os.environ.get("TRIALOGUE_DEBUG"):
        raise exc
    print(f"unexpected error ({one_line(exc)}); {outcome}. Set TRIALOGUE_DEBUG=1 to see details.", file=sys.stderr)
    return 2


def one_line(exc: Exception) -> str:
    """The exception in one line; a database error without its SQL statement and parameters."""
    orig = getattr(exc, "orig", None)
    if exc.__class__.__module__.startswith("sqlalchemy") and orig is not None:
        exc = orig
    text = (str(exc).splitlines() or [""])[0][:300]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _problems(exc: TrialogueError) -> None:
    issues = getattr(exc, "issues", None)
    if isinstance(exc, (InvalidInstrument, InvalidResponses)) and issues:
        from .reading.problems import problems
        for problem in problems(issues):
            print(problem.line(), file=sys.stderr)
    else:
        for line in str(exc).splitlines() or [exc.__class__.__name__]:
            print(line, file=sys.stderr)


def _store(args):
    from .storage.store import open_store
    return open_store(args.db)


def _instrument(path: str | None, lang: str = "en"):
    """The instrument of the XLSForm at ``path`` (the shipped one without); its warnings, such as
    labels stored cleaned, said on standard error."""
    if path is None:
        from .instrument.default import default_instrument
        return default_instrument()
    from .instrument.xlsform import read_instrument
    from .reading.problems import problems
    instrument, warnings = read_instrument(path)
    for problem in problems(warnings):
        print(problem.line(lang), file=sys.stderr)
    return instrument


def cmd_template(args) -> int:
    from .reading.template import write_template
    write_template(_instrument(args.instrument, args.lang), args.out, lang=args.lang, respondent=args.respondent,
                   group=args.group)
    print(f"wrote {args.out}")
    return 0


def cmd_import(args) -> int:
    from .limits import Limits
    from .messages import N_, Text
    from .storage.importer import import_files
    instrument = _instrument(args.instrument, args.lang) if args.instrument else None
    from .storage.audit import command_line
    with _store(args) as store:
        report = import_files(store, args.files, wave=args.wave, instrument=instrument, replace=args.replace,
                              progress=_progress_line(), encoding=args.encoding, round=args.round,
                              limits=Limits.raised(args.max_respondents), actor=command_line())
    if sys.stderr.isatty():
        print(file=sys.stderr)
    lang = args.lang
    for path, file in zip(args.files, report.files):
        print(report.outcome(file).render(lang), file=sys.stderr if file.outcome == "refused" else sys.stdout)
        if file.reading:
            print(f"  read as {file.reading}", file=sys.stderr if file.outcome == "refused" else sys.stdout)
        for problem in file.problems:
            print(f"  {problem.line(lang, wording=report.wording)}", file=sys.stderr)
        if args.annotate and file.issues:
            _annotate(path, file, Path(args.annotate), lang)
    if not report.ok:
        rounds = {file.round for file in report.files}
        if len(rounds) == 1 and None not in rounds:  # vote files only (their wording is English for now)
            print(f"nothing was stored in round {rounds.pop()}; fix the problems above and import again",
                  file=sys.stderr)
        else:
            print(Text.of(N_("nothing was stored in wave {wave}; fix the problems above and import again"),
                          wave=report.wave).render(lang), file=sys.stderr)
        return 2
    return 0


def _annotate(path: str, file, folder: Path, lang: str) -> None:
    from .messages import N_, Text
    from .reading.annotate import annotate_workbook

    folder.mkdir(parents=True, exist_ok=True)
    copy = annotate_workbook(path, file.issues, folder / f"{Path(file.name).stem}-checked.xlsx", lang=lang)
    print(Text.of(N_("  every problem of {file} is marked in {copy}"), file=file.name, copy=copy).render(lang),
          file=sys.stderr)


def _progress_line():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        print(f"\r[{done}/{total}] {message[:70]:<70}", end="", file=sys.stderr, flush=True)
    return show


def cmd_instrument(args) -> int:
    if args.action == "check":
        from .instrument.xlsform import check_instrument, load_instrument
        from .reading.problems import problems
        issues = check_instrument(args.file)
        for problem in problems(issues):
            print(problem.line(), file=sys.stderr)
        if any(i.severity == "error" for i in issues):
            return 2
        if args.strict and issues:
            print(f"{Path(args.file).name}: {len(issues)} warning(s); --strict makes warnings fail", file=sys.stderr)
            return 1
        instrument = load_instrument(args.file)  # its warnings are said above
        print(f"{Path(args.file).name}: valid instrument {instrument.form_id} version {instrument.version} "
              f"({len(instrument.items)} analysed items)")
        return 0
    from .instrument.xlsform import write_instrument
    write_instrument(_instrument(None), args.out)
    print(f"wrote {args.out}")
    return 0


def cmd_contributions(args) -> int:
    from .respondents.contributions import read_contributions_file
    months = read_contributions_file(args.file)
    with _store(args) as store:
        count = store.save_contributions(months)
    for month in months:
        print(f"{month.month:%Y-%m}: {len(month.personnel)} contributing countries ({month.source})")
    print(f"stored {count} month(s)")
    return 0


def cmd_respondents(args) -> int:
    with _store(args) as store:
        data = store.load_wave(args.wave)
    frame, answers = data.respondents, data.answers
    per_person = answers.groupby("respondent").size().to_dict() if len(answers) else {}
    groups = frame["group"].value_counts().to_dict()
    payload = {
        "groups": {code: int(groups.get(code, 0)) for code in GROUP_CODES},
        "answers": int(len(answers)),
        "respondents": [{"name": row.respondent, "iso3": row.iso3 if isinstance(row.iso3, str) else None,
                         "group": row.group, "answers": int(per_person.get(row.respondent, 0))}
                        for row in frame.itertuples(index=False)],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    if args.json == "-":
        print(text)
    else:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.json}: {len(frame)} respondent(s), {len(answers)} answer(s)")
    return 0


def cmd_waves(args) -> int:
    with _store(args) as store:
        waves = store.waves()
        if not waves:
            print("no waves stored yet; import answers or run `python -m surveys demo`")
        for wave in waves:
            people, answers = store.counts(wave.name)
            ref = wave.reference_date.isoformat() if wave.reference_date else "no reference date"
            print(f"{wave.name}\t{wave.form_id} v{wave.version}\t{ref}\t{people} respondent(s)\t"
                  f"{answers} answer(s)\tdata version {store.data_version(wave.name)[:12]}")
    return 0


def cmd_imports(args) -> int:
    with _store(args) as store:
        records = store.imports(args.wave)
    if not records:
        print("no imports logged yet")
    for r in records:
        print(f"{r.id}\t{r.imported_at:%Y-%m-%d %H:%M}\t{r.wave}\t{r.outcome}\t{r.file_name}\t"
              f"{r.respondents} respondent(s)\t{r.answers} answer(s)")
        for message in r.messages:
            print(f"\t{message}")
    return 0


def cmd_withdraw(args) -> int:
    with _store(args) as store:
        record = store.withdraw_import(args.import_id)
    print(f"withdrew import {record.id} ({record.file_name}) from wave {record.wave}")
    return 0


def cmd_demo(args) -> int:
    from . import demo
    if args.out:
        demo.demo_workbook(args.out)
        print(f"wrote {args.out}")
        return 0
    with _store(args) as store:
        report = demo.load_demo(store)
        if report is None:
            from .rounds.demo import load_demo_round
            # A store filled before rounds existed gets the demo round on its own.
            added = (load_demo_round(store, demo.DEMO_WAVE, demo.demo_respondents())
                     if store.counts(demo.DEMO_WAVE)[0] else None)
            print(f"loaded the demo round {added}" if added else
                  "the demo wave already holds answers; nothing changed")
            return 0
    if not report.ok:
        for issue in report.issues:
            print(issue, file=sys.stderr)
        return 2
    print(f"loaded the demo: {report.respondents} respondent(s), {report.answers} answer(s) in wave {report.wave}")
    return 0


def cmd_coding(args) -> int:
    from .coding.cli import run
    with _store(args) as store:
        return run(args, store)


def cmd_round(args) -> int:
    from .rounds.cli import run_round
    return run_round(args, _store)


def cmd_access(args) -> int:
    from .access.cli import run
    with _store(args) as store:
        return run(args, store)


COMMANDS = {"round": cmd_round, "template": cmd_template, "import": cmd_import, "instrument": cmd_instrument,
            "contributions": cmd_contributions, "respondents": cmd_respondents, "waves": cmd_waves,
            "imports": cmd_imports, "withdraw": cmd_withdraw, "demo": cmd_demo,
            "codebook": cmd_coding, "coding": cmd_coding, "quotes": cmd_coding,
            "users": cmd_access, "audit": cmd_access, "settings": cmd_access, "attribution": cmd_access}
