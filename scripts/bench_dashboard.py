"""Time every dashboard page under AppTest, cold and warm, at 200 and 10,000 respondents.

    .venv/bin/python scripts/bench_dashboard.py [--sizes 200 10000] [--repeat 5]

Each size gets its own SQLite store: the 54 demo respondents plus further participants
(group "other") whose answers repeat the demo rows, imported through the real importer.
"Cold" is the first run after clearing Streamlit's caches (store, frames, summary all
rebuilt); "warm" the median of repeated reruns. The Export page writes its reports only on
request: the rows "export: prepare docx" and "export: prepare csv" time the click on
"Prepare the report" (cold: report not yet cached; warm: the same report again). Times are reported in seconds and as a
ratio to the rerun of an empty page, so numbers compare across machines. Prints a
Markdown table (the one in docs/benchmarks-dashboard.md).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAGES = ("overview.py", "q1", "q5", "compare.py", "common_ground.py", "upload.py", "export.py", "template.py")
#: Reports the Export page writes on request and the benchmark times: the Chair's Word report
#: and the answers CSV (one row per answer, the one that grows with respondents).
REPORTS = ("docx", "csv")
QUESTION_SCRIPT = ("from dashboard import sidebar\nfrom dashboard.pages.question import render\n"
                   "sidebar.render()\nrender({name!r})\n")


def build_store(folder: Path, size: int) -> str:
    from surveys.demo import DEMO_WAVE, demo_rows, write_wide
    from surveys.importer import import_files
    from surveys.store import open_store

    header, rows = demo_rows()
    extra = []
    for number in range(max(0, size - len(rows))):
        row = list(rows[number % len(rows)])
        row[0], row[1] = f"Participant {number + 1}", "other"
        extra.append(row)
    path = write_wide(folder / f"bench-{size}.xlsx", header, list(rows) + extra)
    url = f"sqlite:///{folder / f'bench-{size}.sqlite'}"
    with open_store(url) as store:
        report = import_files(store, [path], wave=DEMO_WAVE)
    if not report.ok:
        raise SystemExit(f"benchmark data refused: {report.issues[:3]}")
    return url


def app_for(page: str):
    from streamlit.testing.v1 import AppTest

    if page.startswith("q"):
        return AppTest.from_string(QUESTION_SCRIPT.format(name=page), default_timeout=600)
    at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=600)
    at.run()
    at.switch_page(f"dashboard/pages/{page}")
    return at


def timed(at) -> float:
    start = time.perf_counter()
    at.run()
    if at.exception:
        raise SystemExit(f"page failed: {[e.message for e in at.exception]}")
    return time.perf_counter() - start


def measure(page: str, repeat: int) -> tuple[float, float]:
    import streamlit as st

    at = app_for(page)  # file pages first run the default page to register the navigation
    st.cache_data.clear()
    st.cache_resource.clear()
    cold = timed(at)
    warm = statistics.median(timed(at) for _ in range(repeat))
    return cold, warm


def measure_prepare(fmt: str, repeat: int) -> tuple[float, float]:
    """The Export page's "Prepare the report" click for one format, cold and warm."""
    import streamlit as st

    at = app_for("export.py")
    at.run()
    at.selectbox(key="export_format_en").set_value(fmt)
    at.run()
    st.cache_data.clear()
    st.cache_resource.clear()
    at.run()  # the page itself, so the click below times the report alone

    def click() -> float:
        at.button(key="export_prepare").click()
        elapsed = timed(at)
        if len(at.get("download_button")) < 3:  # JSON, results CSV, and the report just written
            raise SystemExit(f"no {fmt} report was offered")
        return elapsed

    cold = click()
    warm = statistics.median(click() for _ in range(repeat))
    return cold, warm


def empty_rerun(repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.write('')")
    at.run()
    return statistics.median(timed(at) for _ in range(max(repeat, 10)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    baseline = empty_rerun(args.repeat)
    print(f"empty page rerun: {baseline * 1000:.1f} ms\n")
    print("| respondents | page | cold (s) | warm (s) | cold / empty | warm / empty |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        for size in args.sizes:
            os.environ["TRIALOGUE_DATABASE_URL"] = build_store(Path(folder), size)
            rows = [(page.removesuffix(".py"), lambda page=page: measure(page, args.repeat)) for page in PAGES]
            rows += [(f"export: prepare {fmt}", lambda fmt=fmt: measure_prepare(fmt, args.repeat))
                     for fmt in REPORTS]
            for name, run in rows:
                cold, warm = run()
                print(f"| {size:,} | {name} | {cold:.2f} | {warm:.3f} | "
                      f"{cold / baseline:.0f} | {warm / baseline:.0f} |", flush=True)


if __name__ == "__main__":
    main()
