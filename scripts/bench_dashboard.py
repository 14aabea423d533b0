"""Time every dashboard page under AppTest, cold and warm, at 200 and 10,000 respondents.

    .venv/bin/python scripts/bench_dashboard.py [--sizes 200 10000] [--repeat 5]
    .venv/bin/python scripts/bench_dashboard.py --server [--sessions 10] [--size 200] [--trials 3]
                                                [--app-dir NEW [OLD ...]]

``--server`` measures a real ``streamlit run`` server instead, through a lightweight client
that speaks Streamlit's own websocket protocol (``/_stcore/stream``, the BackMsg/ForwardMsg
protobufs the browser sends and receives): a page run is timed from the request to rerun a
page to the server's "script finished" message, so the browser's drawing is left out and
many sessions cost the machine almost nothing but the server's own work. A run that shows
an error, names an unknown page or draws nothing stops the benchmark. Two measurements, each
on fresh servers (whole processes, nothing imported or cached beforehand): the cold first
page (a fresh server, once it is idle after starting, its first visitor's Overview) and concurrent sessions (``--sessions``
clients at once, each running Overview, Q1, Q5, Compare and Common ground twice in its own
session, after one visitor has been through them: median and 95th percentile of every page
run). Each is repeated ``--trials`` times and the medians over the trials reported.
``--app-dir`` takes several checkouts (an earlier version for the "before" numbers): they
take turns within each trial, each on a store of its own holding the same workbook (imported
by that checkout's own command line), and each is given
as a ratio to the first, so the machine's changing load falls on all alike. XSRF protection
is off for these servers only (the client does not fetch the page that sets the cookie).

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

PAGES = ("overview.py", "q1", "q5", "compare.py", "common_ground.py", "upload.py", "export.py", "template.py",
         "comments.py", "coding.py")
#: Reports the Export page writes on request and the benchmark times: the Chair's Word report
#: and the answers CSV (one row per answer, the one that grows with respondents).
REPORTS = ("docx", "csv")
QUESTION_SCRIPT = ("from dashboard import sidebar\nfrom dashboard.pages.question import render\n"
                   "sidebar.render()\nrender({name!r})\n")


def build_workbook(folder: Path, size: int) -> Path:
    """The 54 demo respondents and further participants (group "other") up to ``size``."""
    from surveys.demo import demo_rows, write_wide

    header, rows = demo_rows()
    extra = []
    for number in range(max(0, size - len(rows))):
        row = list(rows[number % len(rows)])
        row[0], row[1] = f"Participant {number + 1}", "other"
        extra.append(row)
    return write_wide(folder / f"bench-{size}.xlsx", header, list(rows) + extra)


def build_store(folder: Path, size: int) -> str:
    from surveys.demo import DEMO_WAVE
    from surveys.limits import Limits
    from surveys.storage.importer import import_files
    from surveys.storage.store import open_store

    path = build_workbook(folder, size)
    url = f"sqlite:///{folder / f'bench-{size}.sqlite'}"
    with open_store(url) as store:
        report = import_files(store, [path], wave=DEMO_WAVE, limits=Limits.raised(size))
        if report.ok:
            from surveys.demo import load_demo_coding

            load_demo_coding(store)  # the demo codebook, codings and quotes (the Comments and Coding pages)
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


SERVER_PAGES = ("", "q1", "q5", "compare", "common_ground")
#: The pages above that draw charts (a run of them without one is no page run).
CHARTED = ("", "q1", "q5", "compare")


def start_server(app_dir: Path, url: str):
    """A ``streamlit run`` of ``app_dir`` on the store at ``url``; (process, port)."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "PYTHONPATH": str(app_dir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a server runs, with its compiled-module cache
    # The served application where the checkout has one (what scripts/run.sh starts), else the page script.
    entry = "dashboard/server.py" if (app_dir / "dashboard" / "server.py").exists() else "streamlit_app.py"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", entry, "--server.port",
                               str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--server.enableXsrfProtection", "false", "--browser.gatherUsageStats", "false"],
                              cwd=app_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                settle(server.pid)
                return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("streamlit did not start")


def settle(pid: int, quiet: float = 1.0, longest: float = 120) -> None:
    """Wait until the server has done what it does on its own after starting (its processor
    time unchanged for ``quiet`` seconds): a first visitor seldom arrives the instant it answers."""
    def used() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    deadline, last = time.monotonic() + longest, used()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = used()
        if now == last:
            return
        last = now


async def session_runs(port: int, pages, rounds: int = 1) -> list[float]:
    """One session (one websocket): each page of ``pages`` run ``rounds`` times; seconds per run."""
    import websockets
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    times = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120) as socket:
        for _ in range(rounds):
            for page in pages:
                request = BackMsg()
                request.rerun_script.query_string = ""
                request.rerun_script.page_name = page
                started = time.perf_counter()
                await socket.send(request.SerializeToString())
                drawn = set()
                while True:
                    message = ForwardMsg()
                    message.ParseFromString(await socket.recv())
                    kind = message.WhichOneof("type")
                    if kind == "script_finished":
                        break
                    if kind == "page_not_found":
                        raise SystemExit(f"the server has no page {page!r}")
                    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                        element = message.delta.new_element
                        if element.WhichOneof("type") == "exception" or (
                                element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR):
                            raise SystemExit(f"page {page or 'overview'!r} failed: {element}")
                        drawn.add(element.WhichOneof("type"))
                times.append(time.perf_counter() - started)
                if page in CHARTED and "vega_lite_chart" not in drawn or "heading" not in drawn:
                    raise SystemExit(f"page {page or 'overview'!r} drew only {sorted(drawn)}")
    return times


def concurrent_trial(app_dir: Path, url: str, sessions: int) -> list[float]:
    """Every page run of ``sessions`` sessions at once on a fresh server, after one visitor."""
    import asyncio

    server, port = start_server(app_dir, url)
    try:
        asyncio.run(session_runs(port, SERVER_PAGES))  # one visitor first: the caches as a day goes

        async def together():
            return await asyncio.gather(*(session_runs(port, SERVER_PAGES, rounds=2) for _ in range(sessions)))
        return sorted(t for found in asyncio.run(together()) for t in found)
    finally:
        server.terminate()
        server.wait(timeout=30)


def cold_first_page(app_dir: Path, url: str) -> float:
    """The Overview for the first visitor of a fresh server."""
    import asyncio

    server, port = start_server(app_dir, url)
    try:
        return asyncio.run(session_runs(port, ("",)))[0]
    finally:
        server.terminate()
        server.wait(timeout=30)


def app_store(app_dir: Path, workbook: Path, path: Path, size: int) -> str:
    """A store at ``path`` holding ``workbook``, imported by the command line of ``app_dir``."""
    import subprocess

    from surveys.demo import DEMO_WAVE

    url = f"sqlite:///{path}"
    # A checkout from before the respondent limits has no option to raise them (nor needs one).
    raise_limit = (["--max-respondents", str(size)]
                   if "max-respondents" in (app_dir / "surveys" / "cli.py").read_text() else [])
    done = subprocess.run([sys.executable, "-m", "surveys", "import", str(workbook), "--db", url, "--wave", DEMO_WAVE,
                           *raise_limit], cwd=app_dir, env={**os.environ, "PYTHONPATH": str(app_dir)},
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{app_dir}: benchmark data refused: {done.stderr[-1000:]}")
    return url


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_benchmark(app_dirs: list[Path], size: int, sessions: int, trials: int) -> None:
    """Each measure ``trials`` times, the apps taking turns within a trial, so a change in the
    machine's load falls on all of them alike; medians over the trials, and each app's ratio
    to the first (the "before")."""
    loads = [os.getloadavg()[0]]
    cold = {app: [] for app in app_dirs}
    medians = {app: [] for app in app_dirs}
    p95s = {app: [] for app in app_dirs}
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        workbook = build_workbook(Path(folder), size)
        # A store of its own for each app, the same workbook imported by the app's own command
        # line (an earlier checkout knows only the schema revisions of its time).
        urls = {app: app_store(app, workbook, Path(folder) / f"app-{number}.sqlite", size)
                for number, app in enumerate(app_dirs)}
        for trial in range(trials):
            for app in app_dirs:
                cold[app].append(cold_first_page(app, urls[app]))
            for app in app_dirs:
                runs = concurrent_trial(app, urls[app], sessions)
                medians[app].append(statistics.median(runs))
                p95s[app].append(percentile(runs, 0.95))
            loads.append(os.getloadavg()[0])
            print(f"trial {trial + 1}: " + "; ".join(
                f"{app}: cold {cold[app][-1]:.2f} s, median {medians[app][-1]:.2f} s, p95 {p95s[app][-1]:.2f} s"
                for app in app_dirs), file=sys.stderr, flush=True)
    first = app_dirs[0]
    print(f"{size} respondents; {trials} trials; load average {min(loads):.1f}–{max(loads):.1f} over the run\n")
    print("| measure | " + " | ".join(str(app) for app in app_dirs) + " |")
    print("| --- |" + " ---: |" * len(app_dirs))
    for label, values in (("cold first page (Overview), s", cold),
                          (f"{sessions} sessions at once: median page run, s", medians),
                          (f"{sessions} sessions at once: 95th percentile page run, s", p95s)):
        cells = []
        for app in app_dirs:
            value = statistics.median(values[app])
            ratio = value / statistics.median(values[first])
            cells.append(f"{value:.2f}" + ("" if app == first else f" (× {ratio:.2f})"))
        print(f"| {label} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", action="store_true", help="a real server through a websocket client")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--size", type=int, default=200, help="respondents in the --server store")
    parser.add_argument("--trials", type=int, default=3, help="--server: each measure this many times")
    parser.add_argument("--app-dir", type=Path, nargs="+", default=[REPO],
                        help="--server: the checkouts to measure, taking turns (the first is the baseline)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), metavar="PAGE",
                        help="only these pages (default: all; the report clicks with export.py)")
    args = parser.parse_args()
    if args.server:
        server_benchmark(args.app_dir, args.size, args.sessions, args.trials)
        return
    baseline = empty_rerun(args.repeat)
    print(f"empty page rerun: {baseline * 1000:.1f} ms\n")
    print("| respondents | page | cold (s) | warm (s) | cold / empty | warm / empty |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="trialogue-bench-") as folder:
        for size in args.sizes:
            os.environ["TRIALOGUE_DATABASE_URL"] = build_store(Path(folder), size)
            rows = [(page.removesuffix(".py"), lambda page=page: measure(page, args.repeat)) for page in args.pages]
            rows += [(f"export: prepare {fmt}", lambda fmt=fmt: measure_prepare(fmt, args.repeat))
                     for fmt in (REPORTS if "export.py" in args.pages else ())]
            for name, run in rows:
                cold, warm = run()
                print(f"| {size:,} | {name} | {cold:.2f} | {warm:.3f} | "
                      f"{cold / baseline:.0f} | {warm / baseline:.0f} |", flush=True)


if __name__ == "__main__":
    main()
