"""Benchmark: a deliberation round of 60 statements × 193 delegations, analysed.

Builds a fresh SQLite store with a wave and a round of 60 statements, imports the votes
of all 193 member states from one consolidated vote sheet (two opinion camps across the
institutional groups, 8 % unseen, 6 % passed; ``random.Random(42)``), then times:

- ``load_round`` (store → frames), ``analyse_round`` and the JSON, in this process;
- a member's view of the round (whole cells only, as the Results page computes it);
- the whole process ``python -m analysis deliberation --round … --json …`` (interpreter
  start, imports, database, analysis, file), which is what a user waits for.

Each figure is the median (and range) of ``--repeat`` runs, in wall-clock seconds and in
processor seconds (what the work costs, whatever else shares the machine). Target: the analysis
of the round under 1 s.

    .venv/bin/python scripts/bench_deliberation.py [--repeat 7] [--statements 60]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.deliberation import analyse_round  # noqa: E402
from analysis.present.deliberation import round_for  # noqa: E402
from analysis.present.disclosure import Audience  # noqa: E402
from surveys.demo import write_wide  # noqa: E402
from surveys.respondents.registry import member_states  # noqa: E402
from surveys.rounds import ledger  # noqa: E402
from surveys.rounds.model import Statement  # noqa: E402
from surveys.storage.importer import import_files  # noqa: E402
from surveys.storage.store import open_store  # noqa: E402

ROUND = "bench-round"
WAVE = "bench-wave"


def build(url: str, folder: Path, n_statements: int) -> tuple[int, float]:
    """The store with its round and votes; returns (votes stored, seconds the vote import took)."""
    store = open_store(url)
    seed = write_wide(folder / "seed.xlsx", ["respondent", "q1_overall"], [["Ghana", "3"]])
    assert import_files(store, [seed], wave=WAVE).ok
    statements = [Statement(f"s{j:02d}", f"q{j % 6 + 1}", {"en": f"Statement {j}"}) for j in range(n_statements)]
    ledger.create_round(store, ROUND, wave=WAVE, statements=statements)
    rng = random.Random(42)
    stance = [rng.choice((1, -1)) for _ in statements]
    rows = []
    for state in member_states():
        camp = rng.random() < 0.5
        row = [state.name("en")]
        for j in range(n_statements):
            draw = rng.random()
            if draw < 0.08:
                row.append(None)
            elif draw < 0.14:
                row.append("pass")
            else:
                agree = 0.8 if (stance[j] == 1) == camp else 0.2
                row.append("agree" if rng.random() < agree else "disagree")
        rows.append(row)
    sheet = write_wide(folder / "votes.xlsx", ["respondent"] + [s.id for s in statements], rows)
    start = time.perf_counter()
    report = import_files(store, [sheet])
    took = time.perf_counter() - start
    assert report.ok, [str(i) for i in report.issues[:5]]
    store.close()
    return report.votes, took


def timed(fn, repeat: int) -> list[tuple[float, float]]:
    """(wall, processor) seconds of ``repeat`` calls: on a shared machine the wall time says how
    long a reader waited, the processor time what the work itself costs (this process's threads;
    for a child process, the children's)."""
    times = []
    for _ in range(repeat):
        start, cpu, children = time.perf_counter(), time.process_time(), os.times()
        fn()
        after = os.times()
        spent = time.process_time() - cpu + (after.children_user - children.children_user
                                             + after.children_system - children.children_system)
        times.append((time.perf_counter() - start, spent))
    return times


def line(label: str, times: list[tuple[float, float]]) -> str:
    wall, cpu = [t[0] for t in times], [t[1] for t in times]
    return (f"| {label} | {statistics.median(wall):.3f} | {min(wall):.3f} – {max(wall):.3f} | "
            f"{statistics.median(cpu):.3f} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--statements", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        votes, import_seconds = build(url, Path(folder), args.statements)
        store = open_store(url)
        data = ledger.load_round(store, ROUND)
        analyse_round(data)  # warm-up: imports and caches, as a running dashboard has them
        load = timed(lambda: ledger.load_round(store, ROUND), args.repeat)
        analyse = timed(lambda: analyse_round(data), args.repeat)
        result = analyse_round(data)
        to_json = timed(lambda: json.dumps(result.to_dict(), allow_nan=False), args.repeat)
        both = timed(lambda: analyse_round(ledger.load_round(store, ROUND)), args.repeat)
        # What a member's Results page waits for: the same round from whole cells only.
        member = Audience("member", "NOR")
        members_view = timed(lambda: round_for(ledger.load_round(store, ROUND), member), args.repeat)
        store.close()
        out = Path(folder) / "round.json"
        command = [sys.executable, "-m", "analysis", "deliberation", "--round", ROUND, "--db", url, "--json", str(out)]
        env = dict(os.environ, PYTHONPATH=str(REPO))

        def whole() -> None:
            subprocess.run(command, check=True, cwd=REPO, env=env)

        process = timed(whole, args.repeat)
        baseline = timed(lambda: subprocess.run([sys.executable, "-c", "import analysis.deliberation, "
                                                 "surveys.storage.store"], check=True, cwd=REPO, env=env), args.repeat)
        doc = json.loads(out.read_text())
    load_average = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {load_average:.2f}; {len(data.statements)} statements × {len(data.participants)} "
          f"delegations, {votes} votes (imported from one consolidated sheet in {import_seconds:.2f} s); "
          f"{len(doc['opinion_groups'])} opinion group(s), k = {result.opinion.k}, "
          f"silhouette {result.opinion.silhouette:.2f}")
    print(f"| step (median of {args.repeat}) | wall seconds | range | processor seconds |")
    print("| --- | ---: | ---: | ---: |")
    print(line("`load_round` (store → frames)", load))
    print(line("`analyse_round` (tallies, tests, consensus, opinion groups, representative statements)", analyse))
    print(line("`RoundAnalysis.to_dict()` + JSON", to_json))
    print(line("**load + analyse, in a running process**", both))
    print(line("load + a member's view (`analysis.present.deliberation.round_for`)", members_view))
    print(line("whole process `python -m analysis deliberation --round … --json …`", process))
    print(line("of which: interpreter start and imports alone", baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
