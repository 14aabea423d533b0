"""Time ``analysis.summarize`` on synthetic waves of the default instrument.

Builds a WaveData of N respondents (groups in Council / TCC-PCC / Secretariat / other
proportions, every item answered the way its kind allows, seeded), then reports the time
of a full summary by group and its ratio to one pandas ``groupby(...).value_counts()``
pass over the same answers. Usage: ``python scripts/bench_analysis.py [N ...]``.
"""
from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import summarize  # noqa: E402
from surveys.instruments import default_instrument  # noqa: E402
from surveys.model import Wave  # noqa: E402
from surveys.wavedata import WaveData  # noqa: E402

GROUP_WEIGHTS = {"council": 0.08, "tcc_pcc": 0.6, "secretariat": 0.04, "other": 0.28}
REGIONS = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog")


def synthetic_wave(n: int, seed: int = 42) -> WaveData:
    rng = random.Random(seed)
    instrument = default_instrument()
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
                    instrument, people, answers, f"bench-{n}-{seed}")


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()}, pandas {pd.__version__}, {platform.machine()}")
    print(f"{'respondents':>11} {'answers':>8} {'summary s':>10} {'value_counts s':>15} {'ratio':>7}")
    for n in args.sizes:
        data = synthetic_wave(n)
        merged = data.answers.merge(data.respondents[["respondent", "group"]], on="respondent")
        summarize(data)  # warm-up: imports, caches
        t_summary = best_of(lambda: summarize(data), args.repeat)
        t_counts = best_of(lambda: merged.groupby(["item", "group"])["value"].value_counts(), args.repeat)
        print(f"{n:>11} {len(data.answers):>8} {t_summary:>10.3f} {t_counts:>15.4f} {t_summary / t_counts:>7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
