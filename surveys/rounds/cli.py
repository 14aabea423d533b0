"""``python -m surveys round …``: what the secretariat does with deliberation rounds.

Registered by :mod:`surveys.cli`; problems are one line on stderr with exit status 2.
"""
from __future__ import annotations

import argparse
import sys

from ..model import UN_LANGUAGES


def add_round_command(commands, db: argparse.ArgumentParser) -> None:
    cmd = commands.add_parser("round", help="deliberation rounds: statements, moderation, vote templates")
    sub = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = sub.add_parser("create", parents=[db], help="create a round from a statements workbook")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--wave", required=True, metavar="WAVE", help="the wave the round belongs to")
    create.add_argument("--statements", required=True, metavar="FILE.xlsx",
                        help="sheet 'statements': id, question, text::English (en), text::Chinese (zh) …")
    create.add_argument("--running-results", action="store_true",
                        help="let members see results while the round is open (default: only once it closes)")
    sub.add_parser("list", parents=[db], help="list the rounds with their statements and votes")
    show = sub.add_parser("show", parents=[db], help="a round's statements, their state and vote counts")
    show.add_argument("name", metavar="NAME")
    template = sub.add_parser("template", parents=[db], help="write a delegation's vote template")
    template.add_argument("name", metavar="NAME")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    template.add_argument("--respondent", metavar="NAME", help="pre-fill the delegation")
    template.add_argument("--lang", default="en", choices=UN_LANGUAGES, help="language of the template")
    for action, text in (("close", "close a round: no more votes, results visible"),
                         ("reopen", "reopen a closed round")):
        sub.add_parser(action, parents=[db], help=text).add_argument("name", metavar="NAME")
    moderate = sub.add_parser("moderate", parents=[db], help="accept or reject a statement")
    moderate.add_argument("name", metavar="NAME")
    moderate.add_argument("statement", metavar="STATEMENT")
    moderate.add_argument("decision", choices=("accept", "reject"))
    moderate.add_argument("--reason", metavar="TEXT", help="why it is rejected (required to reject)")
    translate = sub.add_parser("translate", parents=[db], help="add or correct a statement's text in a language")
    translate.add_argument("name", metavar="NAME")
    translate.add_argument("statement", metavar="STATEMENT")
    translate.add_argument("--lang", required=True, choices=UN_LANGUAGES)
    translate.add_argument("text", metavar="TEXT")
    submit = sub.add_parser("submit", parents=[db], help="enter a statement a delegation submitted (waits for "
                                                         "moderation)")
    submit.add_argument("name", metavar="NAME")
    submit.add_argument("--respondent", required=True, metavar="NAME")
    submit.add_argument("--question", required=True, metavar="Q")
    submit.add_argument("--lang", default="en", choices=UN_LANGUAGES)
    submit.add_argument("text", metavar="TEXT")
    draw = sub.add_parser("draw", parents=[db], help="add a statement drawn from a delegation's comment")
    draw.add_argument("name", metavar="NAME")
    draw.add_argument("--respondent", required=True, metavar="NAME")
    draw.add_argument("--item", required=True, metavar="ITEM", help="the comment item, e.g. q1_comment")
    draw.add_argument("--lang", default="en", choices=UN_LANGUAGES)
    draw.add_argument("--text", metavar="TEXT", help="the statement (default: the comment itself)")
    visibility = sub.add_parser("results", parents=[db], help="whether members see results while the round is open")
    visibility.add_argument("name", metavar="NAME")
    visibility.add_argument("--while-open", required=True, choices=("show", "hide"))


def run_round(args, store_of) -> int:
    from . import ledger

    with store_of(args) as store:
        if args.action == "create":
            from surveys.reading.problems import problems

            from .statements import read_statements_reported
            data = store.load_wave(args.wave)
            statements, warnings = read_statements_reported(args.statements, data.instrument, data=data)
            for problem in problems(warnings):
                print(problem.line(), file=sys.stderr)
            found = ledger.create_round(store, args.name, wave=args.wave, statements=statements,
                                        running_results=args.running_results)
            pending = sum(s.state == "pending" for s in statements)
            print(f"created round {found.name} on wave {found.wave}: {len(statements)} statement(s)"
                  + (f", {pending} waiting for moderation" if pending else ""))
        elif args.action == "list":
            found = ledger.rounds(store)
            if not found:
                print("no rounds yet; create one with `python -m surveys round create NAME --wave WAVE "
                      "--statements FILE.xlsx`")
            for r in found:
                data = ledger.load_round(store, r.name)
                state = "open" if r.is_open else f"closed {r.closed_at:%Y-%m-%d}"
                print(f"{r.name}\twave {r.wave}\t{state}\t{len(data.statements)} accepted statement(s)\t"
                      f"{len(data.participants)} delegation(s)\t{len(data.votes)} vote(s)\t"
                      f"data version {r.data_version[:12]}")
        elif args.action == "show":
            _show(store, args.name)
        elif args.action == "template":
            from .votetemplate import write_vote_template
            n = write_vote_template(store, args.name, args.out, lang=args.lang, respondent=args.respondent)
            print(f"wrote {args.out}: {n} statement(s) of round {args.name}")
        elif args.action in ("close", "reopen"):
            found = (ledger.close_round if args.action == "close" else ledger.reopen_round)(store, args.name)
            print(f"round {found.name} is {'open' if found.is_open else 'closed'}")
        elif args.action == "moderate":
            found = ledger.moderate(store, args.name, args.statement, args.decision, args.reason)
            print(f"statement {found.id} is {found.state}" + (f": {found.reason}" if found.reason else ""))
        elif args.action == "translate":
            found = ledger.add_translation(store, args.name, args.statement, args.lang, args.text)
            print(f"statement {found.id} now reads in {', '.join(found.languages)}")
        elif args.action == "submit":
            found = ledger.submit_statement(store, args.name, args.respondent, args.text, question=args.question,
                                            lang=args.lang)
            print(f"statement {found.id} submitted; it waits for moderation (`round moderate {args.name} "
                  f"{found.id} accept`)")
        elif args.action == "draw":
            found = ledger.draw_statement(store, args.name, args.respondent, args.item, text=args.text,
                                          lang=args.lang)
            print(f"statement {found.id} drawn from {found.source.respondent}'s {found.source.item}: "
                  f"{found.text(args.lang)}")
        elif args.action == "results":
            found = ledger.set_running_results(store, args.name, args.while_open == "show")
            print(f"round {found.name}: members {'see' if found.running_results else 'do not see'} results "
                  "while it is open")
    return 0


def _show(store, name: str) -> None:
    from .ledger import get_round, load_round, round_statements

    found = get_round(store, name)
    data = load_round(store, name)
    counts = data.votes.groupby(["statement", "vote"]).size().to_dict() if len(data.votes) else {}
    print(f"round {found.name} on wave {found.wave}: {'open' if found.is_open else 'closed'}; members see "
          f"results {'while open' if found.running_results else 'once closed'}")
    for s in round_statements(store, name):
        tally = " ".join(f"{v} {counts.get((s.id, v), 0)}" for v in ("agree", "disagree", "pass"))
        note = f" ({s.reason})" if s.reason else ""
        print(f"{s.id}\t{s.question}\t{s.state}{note}\t{s.origin}\t{tally}\t{s.text('en')}", file=sys.stdout)
