"""Export benchmark: the full Working Group report for 200 respondents.

    .venv/bin/python scripts/bench_export.py [--repeat 3]

Builds a wave of 200 respondents (every UN member state, classified by the registry as
Council member, TCC/PCC or other at the reference date, plus Secretariat units and
observers), each answering like a demo respondent of the same group (``random.Random(42)``),
imports it through the real importer into a throw-away SQLite file, summarises it, and then
times each export: Word and Markdown reports (with their six charts), the Excel tables and
the CSV of answers, in English and Chinese. Prints a Markdown table (first run and best of
``--repeat``) for docs/benchmarks-export.md.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SECRETARIAT = ("Department of Peacekeeping Operations", "Department of Field Support", "Office of Military Affairs",
               "Police Division")
OBSERVERS = ("Holy See", "State of Palestine", "African Union")


def bench_rows(n: int = 200) -> tuple[list[str], list[list]]:
    """``n`` respondents answering like demo respondents of their own group."""
    from surveys.demo import demo_rows
    from surveys.respondents.registry import classify, member_states

    header, demo = demo_rows()
    group_at = header.index("group")
    templates: dict[str, list[list]] = {}
    for row in demo:
        templates.setdefault(row[group_at], []).append(row)
    rng = random.Random(42)
    when = __import__("datetime").date(2015, 12, 11)
    people = [(s.name("en"), classify(s.name("en"), when).respondent.group) for s in member_states()]
    people += [(name, "secretariat") for name in SECRETARIAT] + [(name, "other") for name in OBSERVERS]
    rows = []
    for name, group in people[:n]:
        row = list(rng.choice(templates.get(group) or templates["other"]))
        row[0], row[group_at] = name, group
        rows.append(row)
    return header, rows


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from analysis import summarize
    from analysis.exports import export_report
    from surveys.demo import write_wide
    from surveys.storage.importer import import_files
    from surveys.storage.store import open_store

    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        header, rows = bench_rows()
        path = write_wide(Path(folder) / "bench.xlsx", header, rows)
        store = open_store(f"sqlite:///{folder}/bench.sqlite")
        report = import_files(store, [path], wave="bench-200")
        data = store.load_wave("bench-200")
        print(f"respondents: {len(data.respondents)}, answers: {len(data.answers)} "
              f"({report.files[0].outcome}); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        first, best = timed(lambda: summarize(data), args.repeat)
        summary = summarize(data)
        print("\n| step | first run (s) | best of %d (s) |\n| --- | ---: | ---: |" % args.repeat)
        print(f"| `summarize` (not part of the export) | {first:.2f} | {best:.2f} |")
        for fmt, lang in (("docx", "en"), ("docx", "zh"), ("md", "en"), ("md", "zh"), ("xlsx", "en"),
                          ("csv", "en")):
            first, best = timed(lambda: export_report(summary, data, fmt, lang), args.repeat)
            print(f"| `export_report(…, \"{fmt}\", \"{lang}\")` | {first:.2f} | {best:.2f} |")
        first, best = timed(lambda: export_report(summarize(data), data, "docx", "en"), args.repeat)
        print(f"| `summarize` + Word report, en | {first:.2f} | {best:.2f} |")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
