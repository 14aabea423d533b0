"""Benchmark: import a wide workbook of 10,000 respondents × every default item.

Times the stages of a real import (read + parse, validate, store in a fresh SQLite file),
then ``load_wave`` and ``data_version``, and compares the whole import with a bare
python-calamine read of the same sheet. Target: the import takes at most 3× the bare read.

    .venv/bin/python scripts/bench_import.py [--respondents N] [--repeat 3] [--db URL] [--profile]
    .venv/bin/python scripts/bench_import.py --process [--runs 7] [--app-dir DIR]

``--process`` times whole processes instead, as a person meets them: ``python -m surveys import``
of the same workbook (into an empty store at the newest schema revision, and into a store
that does not exist yet) against a bare python-calamine read of it, each a fresh interpreter;
medians over ``--runs`` runs taken in turn, wall and processor time, and the ratio with the
start-up of a bare interpreter taken off both: (import − bare) / (read − bare). ``--app-dir``
runs the command lines of another checkout (an earlier version, for "before" numbers).

Respondents are synthetic Secretariat units ("Unit 00001" …, declared group
``secretariat``) so that every row classifies; answers are drawn with random.Random(42).
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from surveys.demo import write_wide
from surveys.instrument.default import default_instrument
from surveys.limits import Limits
from surveys.reading.layouts import parse_responses
from surveys.reading.validation import validate
from surveys.storage.importer import import_files
from surveys.storage.store import open_store


def build_workbook(path: Path, respondents: int) -> tuple[int, int]:
    """Write the benchmark sheet; returns (rows, answer cells)."""
    instrument = default_instrument()
    rng = random.Random(42)
    header = ["respondent", "group"] + [item.name for item in instrument.items]
    rows, cells = [], 0
    for n in range(1, respondents + 1):
        row = [f"Unit {n:05d}", "secretariat"]
        for item in instrument.items:
            choices = instrument.choices(item)
            if rng.random() < 0.05:
                value = None
            elif item.type == "text":
                value = rng.choice((None, None, "Consultation comes too late.", "Informal dialogues work."))
            elif item.type == "select_multiple":
                value = " ".join(c.name for c in choices.choices if rng.random() < 0.4) or choices.choices[0].name
            else:
                value = rng.choice(choices.choices).name
            cells += value is not None
            row.append(value)
        rows.append(row)
    write_wide(path, header, rows)
    return len(rows), cells


def best(seconds: list[float]) -> float:
    return min(seconds)


def timed(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return best(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the best is reported")
    parser.add_argument("--db", help="database URL for the store stage (default: a fresh SQLite file per run)")
    parser.add_argument("--profile", action="store_true", help="print the top functions of one full import")
    parser.add_argument("--process", action="store_true", help="time whole processes (see the module's help)")
    parser.add_argument("--runs", type=int, default=7, help="runs per command with --process (median)")
    parser.add_argument("--app-dir", type=Path, default=REPO, help="--process: the checkout whose commands run")
    args = parser.parse_args()
    if args.process:
        return whole_processes(args.respondents, args.runs, args.app_dir)
    limits = Limits.raised(args.respondents)

    from python_calamine import CalamineWorkbook

    instrument = default_instrument()
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        folder = Path(folder)
        path = folder / "bench.xlsx"
        started = time.perf_counter()
        n_rows, n_cells = build_workbook(path, args.respondents)
        print(f"wrote {path.name}: {n_rows} respondents × {len(instrument.items)} items, {n_cells} answers, "
              f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f}s", file=sys.stderr)

        bare, _ = timed(lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_name("responses").to_python(),
                        args.repeat)
        parse, parsed = timed(lambda: parse_responses(path, instrument, limits=limits), args.repeat)
        contributions = open_store(f"sqlite:///{folder / 'c.sqlite'}").contribution_months()
        check, submission = timed(lambda: validate(parsed, instrument, instrument.reference_date, contributions),
                                  args.repeat)
        assert submission.ok, submission.issues[:5]

        runs, loads, versions = [], [], []
        for run in range(args.repeat):
            store = open_store(args.db or f"sqlite:///{folder / f'run{run}.sqlite'}")
            marks = {}
            started = time.perf_counter()
            report = import_files(store, [path], wave=f"bench {run}", limits=limits,
                                  progress=lambda done, total, msg: marks.setdefault(msg, time.perf_counter()))
            ended = time.perf_counter()
            assert report.ok, report.issues[:5]
            runs.append((ended - started, ended - marks["Storing answers"]))
            load, data = timed(lambda: store.load_wave(f"bench {run}"), 1)
            version, _ = timed(lambda: store.data_version(f"bench {run}"), 1)
            assert len(data.answers) == n_cells
            loads.append(load)
            versions.append(version)
            store.close()
        total, store_time = min(runs)
        load, version = best(loads), best(versions)

        if args.profile:
            store = open_store(f"sqlite:///{folder / 'profile.sqlite'}")
            profile = cProfile.Profile()
            profile.runcall(import_files, store, [path], limits=limits)
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)

    print(f"| stage | seconds (best of {args.repeat}) | × bare read |")
    print("| --- | ---: | ---: |")
    for name, seconds in (("bare python-calamine read of the sheet", bare),
                          ("read + parse (`parse_responses`)", parse),
                          ("validate (`validate`)", check),
                          ("store (one transaction, SQLite)", store_time),
                          ("**whole import (`import_files`)**", total),
                          ("`load_wave` afterwards", load),
                          ("`data_version` afterwards", version)):
        print(f"| {name} | {seconds:.3f} | {seconds / bare:.2f} |")
    print(f"\n{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"respondents: {n_rows}, answers stored: {n_cells}; target whole import ≤ 3× bare read: "
          f"{'met' if total <= 3 * bare else 'missed'} ({total / bare:.2f}×)")
    return 0


def run_timed(command: list[str], app: Path = None) -> tuple[float, float]:
    """(wall, processor) seconds of one whole process, run in the checkout ``app``."""
    import resource
    import subprocess

    # As a person runs them: with Python's cache of compiled modules (some shells turn it off).
    app = app or REPO
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(app)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=app, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_processes(respondents: int, runs: int, app: Path = None) -> int:
    import shutil
    import statistics

    python = sys.executable
    app = (app or REPO).resolve()
    # A checkout from before the respondent limits has no option to raise them (nor needs one).
    raise_limit = (["--max-respondents", str(respondents)]
                   if "max-respondents" in (app / "surveys" / "cli.py").read_text() else [])
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        folder = Path(folder)
        path = folder / "bench.xlsx"
        n_rows, n_cells = build_workbook(path, respondents)
        empty = folder / "empty.sqlite"
        open_store(f"sqlite:///{empty}").close()  # an empty store at the newest revision
        read = ("from python_calamine import CalamineWorkbook; "
                f"CalamineWorkbook.from_path({str(path)!r}).get_sheet_by_name('responses').to_python()")
        commands = {
            "bare interpreter (`python -c pass`)": lambda n: [python, "-c", "pass"],
            "bare python-calamine read": lambda n: [python, "-c", read],
            "import into an empty store": lambda n: [python, "-m", "surveys", "import", str(path), "--db",
                                                     f"sqlite:///{_copy(empty, folder / f'run{n}.sqlite')}",
                                                     *raise_limit],
            "import into a store that does not exist yet": lambda n: [
                python, "-m", "surveys", "import", str(path), "--db", f"sqlite:///{folder / f'new{n}.sqlite'}",
                *raise_limit],
            "`python -m surveys --help`": lambda n: [python, "-m", "surveys", "--help"],
            "`python -m analysis --help`": lambda n: [python, "-m", "analysis", "--help"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for name, command in commands.items():  # a first run of each writes the compiled-module caches
            run_timed(command(-1), app)
        for n in range(runs):  # in turn, so that the machine's load falls on every command alike
            for name, command in commands.items():
                times[name].append(run_timed(command(n), app))
        for extra in folder.glob("*.sqlite*"):
            extra.unlink()
        shutil.rmtree(folder, ignore_errors=True)
    median = {name: (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
              for name, found in times.items()}
    bare, read = median["bare interpreter (`python -c pass`)"], median["bare python-calamine read"]
    print(f"{app}: {respondents} respondents, {n_cells} answers; medians of {runs} runs of each whole process\n")
    print("| process | wall (s) | processor (s) | wall − bare, × read | processor − bare, × read |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (wall, cpu) in median.items():
        ratio = [(value - base) / (reference - base) if reference > base else float("nan")
                 for value, base, reference in ((wall, bare[0], read[0]), (cpu, bare[1], read[1]))]
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {ratio[0]:.2f} | {ratio[1]:.2f} |")
    print(f"\n{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def _copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copyfile(source, target)
    return target


REPO = Path(__file__).resolve().parents[1]


if __name__ == "__main__":
    sys.exit(main())
