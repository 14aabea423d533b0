"""``python -m analysis themes|terms|comments``: open-ended answers as JSON, for scripts and reports."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from surveys.errors import TrialogueError

from ..selection import add_selection_arguments, select

TEXT_COMMANDS = ("themes", "terms", "comments")


def _audience_argument(cmd) -> None:
    cmd.add_argument("--audience", default="secretariat", choices=("secretariat", "members", "viewers"),
                     help="whom the JSON is for: secretariat (default) or members/viewers (counts under the "
                          "minimum cell size withheld, respondents named only as the confidentiality rules allow)")


def add_text_commands(commands) -> None:
    cmd = commands.add_parser("themes", help="coded themes by group with tests, and coder reliability, as JSON")
    add_selection_arguments(cmd, action="summarise")
    _audience_argument(cmd)
    cmd.add_argument("--lang", default="en", help="language of the findings sentences (default en)")
    cmd.add_argument("--json", metavar="FILE", required=True, help="where to write the JSON ('-' for stdout)")

    cmd = commands.add_parser("terms", help="distinctive terms of each group's comments on one question, as JSON")
    add_selection_arguments(cmd, action="read")
    cmd.add_argument("--question", required=True, metavar="Q", help="a question (q1) or comment item (q1_comment)")
    cmd.add_argument("--top", type=int, default=15, metavar="N", help="terms per group (default 15)")
    _audience_argument(cmd)
    cmd.add_argument("--json", metavar="FILE", required=True, help="where to write the JSON ('-' for stdout)")

    cmd = commands.add_parser("comments", help="comments with group, region and language; optional search")
    add_selection_arguments(cmd, action="read")
    cmd.add_argument("--question", metavar="Q", help="only this question (q1) or comment item")
    cmd.add_argument("--search", metavar="QUERY", help="only comments matching every word (\"quoted phrase\")")
    _audience_argument(cmd)
    cmd.add_argument("--json", metavar="FILE", required=True, help="where to write the JSON ('-' for stdout)")


def _items(data, question: str | None) -> list[str] | None:
    if question is None:
        return None
    texts = [i.name for i in data.instrument.items if i.kind == "text"]
    if question in texts:
        return [question]
    found = [i.name for i in data.instrument.items_of(question) if i.kind == "text"]
    if not found:
        raise TrialogueError(f"--question {question}: no such question or comment item "
                             f"(comment items: {', '.join(texts) or 'none'})")
    return found


def run_text(args: argparse.Namespace) -> int:
    from .comments import read_comments

    if args.by == "wave":
        raise TrialogueError(f"{args.command} compares groups within one wave; --by wave is not available here")
    chosen = select(args)
    from analysis.exports.access import audience_named
    from surveys.access.settings import min_cell

    audience = audience_named(args.audience, min_cell(chosen.store))
    if args.command == "themes":
        from surveys.coding import load_codebook, load_codings

        from .themes import summarize_themes

        codebook = load_codebook(chosen.store, chosen.data.wave.name)
        if not codebook.themes:
            raise TrialogueError(f"wave {chosen.data.wave.name} has no codebook yet; import one with "
                                 "`python -m surveys codebook import FILE`")
        summary = summarize_themes(chosen.data, codebook, load_codings(chosen.store, chosen.data.wave.name),
                                   by=args.by, filters=chosen.filters, audience=audience)
        payload = summary.to_dict(lang=args.lang, audience=audience)
    elif args.command == "terms":
        from .terms import distinctive_terms

        everything = read_comments(chosen.data, by=args.by, filters=chosen.filters, audience=audience)
        items = _items(chosen.data, args.question)
        compared = [c for c in everything if items is None or c.item in items]
        result = distinctive_terms(compared, background=list(everything), by=args.by,
                                   groups=[g for g in everything.group_labels if any(c.group == g for c in compared)])
        payload = {"wave": chosen.data.wave.name, "data_version": chosen.data.data_version,
                   "question": args.question, "items": items, **result.to_dict(k=args.top, audience=audience)}
    else:
        payload = _comments_json(args, chosen, audience)
    _write_json(args.json, payload)
    return 0


def _comments_json(args: argparse.Namespace, chosen, audience) -> dict:
    """The comments ``audience`` may read, named (and placed by region and seat) only as the
    presentation layer's rule allows: an unnamed comment's region or seat could narrow it
    down to a delegation."""
    from analysis.present.comments import shown_comments

    from .comments import read_comments

    found = read_comments(chosen.data, by=args.by, filters=chosen.filters, items=_items(chosen.data, args.question),
                          audience=audience)
    matches = found.search(args.search) if args.search else [(c, None) for c in found]
    shown = {s.key: s for s in shown_comments(matches, chosen.data, audience)}
    rows = []
    for c, hit in matches:
        seen = shown.get(c.key)
        if seen is None:
            continue
        rows.append({"respondent": seen.author, "item": c.item, "question": c.question, "group": c.group,
                     "region": seen.region, "p5_e10": c.p5_e10 if seen.author is not None else None,
                     "language": c.language, "language_confidence": round(c.language_confidence, 3), "text": c.text,
                     "matches": [list(span) for span in hit.spans] if hit else []})
    return {"wave": found.wave, "by": found.by, "data_version": found.data_version, "search": args.search,
            "comments": rows}


def _write_json(target: str, payload) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    path = Path(target)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise TrialogueError(f"{path}: cannot write the JSON file ({exc.strerror})") from None
