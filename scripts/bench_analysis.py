"""Time ``analysis.summarize`` on synthetic waves of the default instrument.

Builds a WaveData of N respondents (every item answered the way its kind allows, seeded)
with one of two group structures:

- ``proportional``: Council / TCC-PCC / Secretariat / other in proportions 0.08 / 0.60 /
  0.04 / 0.28 (a Council of 800 at 10,000 respondents: every group large);
- ``realistic``: the Working Group's own structure, a Council of 15, 110 TCC/PCCs and 30
  Secretariat units, everyone else "other" (small groups: Cochran's rule fails and the
  exact tests run).

Each case runs in ``--processes`` fresh Python processes; each process builds the wave,
times its first summary (``first s``: lazy imports and caches included), then ``--repeat``
more, and one pandas ``groupby(["item", "group"])["value"].value_counts()`` pass over the
same answers as the baseline. The table shows medians over processes of each process's
median: wall-clock seconds, processor seconds (``cpu s``, less sensitive to other work on
the machine), and the ratio of the summary to the baseline.

Usage: ``python scripts/bench_analysis.py [--sizes 200 10000] [--structures proportional
realistic] [--repeat 5] [--processes 5]``.
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
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import summarize
from surveys.instrument.default import default_instrument
from surveys.model import Wave
from surveys.wavedata import WaveData

GROUP_WEIGHTS = {"council": 0.08, "tcc_pcc": 0.6, "secretariat": 0.04, "other": 0.28}
#: The Working Group's real structure: a Council of 15, about 110 contributors, a few
#: dozen Secretariat units; every other respondent is "other".
REALISTIC_SIZES = {"council": 15, "tcc_pcc": 110, "secretariat": 30}
REGIONS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog")


def realistic_groups(n: int, rng: random.Random) -> list[str]:
    """15 Council members, 110 TCC/PCCs, 30 Secretariat units, everyone else "other"
    (fewer of each, in the same order, when n is below 155), shuffled."""
    groups = []
    for code, size in REALISTIC_SIZES.items():
        groups += [code] * min(size, n - len(groups))
    groups += ["other"] * (n - len(groups))
    rng.shuffle(groups)
    return groups


def synthetic_wave(n: int, seed: int = 42, structure: str = "proportional") -> WaveData:
    rng = random.Random(seed)
    instrument = default_instrument()
    if structure == "realistic":
        groups = realistic_groups(n, rng)
    else:
        groups = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()), k=n)
    people = pd.DataFrame({
        "respondent": [f"R{i:05d}" for i in range(n)], "group": groups, "iso3": None,
        "region": [rng.choice(REGIONS) for _ in range(n)], "council_seat": None,
        "p5_e10": ["non_member"] * n, "tcc_pcc": [g == "tcc_pcc" for g in groups], "wave": "bench",
    })
    rows = []
    for i, group in enumerate(groups):
        shift = {"council": 1, "tcc_pcc": -1}.get(group, 0)
        for item in instrument.items:
            if rng.random() < 0.08:  # some items left blank
                continue
            choices = instrument.choices(item)
            kind = item.kind
            if kind == "ordinal":
                subst = [c.name for c in choices.substantive]
                missing = [c.name for c in choices.choices if c.missing]
                if missing and rng.random() < 0.05:
                    value = rng.choice(missing)
                else:
                    value = subst[min(len(subst) - 1, max(0, rng.randrange(len(subst)) + shift))]
            elif kind == "nominal":
                value = rng.choice([c.name for c in choices.choices])
            elif kind == "multiple":
                names = [c.name for c in choices.choices]
                value = " ".join(rng.sample(names, rng.randint(1, min(3, len(names)))))
            elif kind == "numeric":
                value = str(rng.randint(0, 12))
            elif kind == "text":
                if rng.random() < 0.7:
                    continue
                value = "A comment."
            else:
                value = "2015-12-11"
            rows.append((f"R{i:05d}", item.name, value))
    answers = pd.DataFrame(rows, columns=["respondent", "item", "value"])
    return WaveData(Wave("bench", instrument.form_id, instrument.version, instrument.reference_date),
                    instrument, people, answers, f"bench-{structure}-{n}-{seed}")


def _timed(fn, repeat: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def _tests_by_route(summary) -> dict[str, int]:
    """How the r x c and two-column Fisher tests of the summary were computed."""
    routes = {"exact": 0, "Monte Carlo": 0}
    for item in summary.items:
        for test in [item.test, *(o.test for o in item.options)]:
            if test is not None and "Freeman-Halton" in test.method:
                routes["Monte Carlo" if "Monte Carlo" in test.method else "exact"] += 1
    return routes


def measure(n: int, structure: str, repeat: int) -> dict:
    """One process's measurements of one case."""
    data = synthetic_wave(n, structure=structure)
    merged = data.answers.merge(data.respondents[["respondent", "group"]], on="respondent")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate-data warnings of small groups
        first_wall, _ = _timed(lambda: summarize(data), 1)
        walls, cpus = _timed(lambda: summarize(data), repeat)
        routes = _tests_by_route(summarize(data))
    counts, _ = _timed(lambda: merged.groupby(["item", "group"])["value"].value_counts(), repeat)
    return {"n": n, "structure": structure, "answers": len(data.answers), "first": first_wall[0],
            "wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "counts": statistics.median(counts), "routes": routes}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[200, 10_000])
    parser.add_argument("--structures", nargs="+", choices=["proportional", "realistic"],
                        default=["proportional", "realistic"])
    parser.add_argument("--repeat", type=int, default=5, help="summaries timed per process")
    parser.add_argument("--processes", type=int, default=5, help="fresh processes per case")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        for structure in args.structures:
            for n in args.sizes:
                print(json.dumps(measure(n, structure, args.repeat)), flush=True)
        return 0
    print(f"python {platform.python_version()}, pandas {pd.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"{'structure':>12} {'respondents':>11} {'answers':>8} {'first s':>8} {'summary s':>10} {'cpu s':>7} "
          f"{'value_counts s':>15} {'ratio':>6}  Fisher tests (exact / Monte Carlo)")
    for structure in args.structures:
        for n in args.sizes:
            runs = []
            for _ in range(args.processes):
                done = subprocess.run([sys.executable, __file__, "--child", "--sizes", str(n), "--structures",
                                       structure, "--repeat", str(args.repeat)],
                                      capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            med = {k: statistics.median(r[k] for r in runs) for k in ("first", "wall", "cpu", "counts")}
            routes = runs[0]["routes"]
            print(f"{structure:>12} {n:>11} {runs[0]['answers']:>8} {med['first']:>8.3f} {med['wall']:>10.3f} "
                  f"{med['cpu']:>7.3f} {med['counts']:>15.4f} {med['wall'] / med['counts']:>6.0f}  "
                  f"{routes['exact']} / {routes['Monte Carlo']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
