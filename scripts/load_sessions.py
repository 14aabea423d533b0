"""Load benchmark (a script, not a test): many signed-in readers on one dashboard server.

Starts ``streamlit run dashboard/server.py`` with built-in accounts on a fresh store holding the
demo wave, signs in N accounts (members of ten delegations, and two Secretariat officers), and opens the
Overview for all of them at once, several rounds. The sessions are driven by a lightweight
client speaking Streamlit's own WebSocket protocol (one asyncio connection per session, the
protobuf messages the browser sends and receives, the session cookie in the handshake as a
browser sends it), not by browsers: twenty headless browsers on two cores starve the server
they are meant to measure.

Reports, as JSON on stdout and as a Markdown table with ``--markdown``:

* per session and round, the time from asking for the Overview until its chart reached the
  client, and until the whole page had (the server's "script finished"): median and p95;
* the server's own time per page run (``TRIALOGUE_RUN_LOG``: ``dashboard/runlog.py``);
* the server's resident memory with one session open and with all of them, and per extra session.

Usage: ``.venv/bin/python scripts/load_sessions.py [--sessions 20] [--rounds 3] [--markdown]``.
Only loopback addresses are used; every wait is bounded.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load benchmark password"
DELEGATIONS = ("GHA", "NOR", "BRA", "IND", "NPL", "SEN", "RWA", "EGY", "PAK", "BGD")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """Processor time (user + system) the server has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(folder: Path, sessions: int, secretariat: int) -> tuple[str, list[str]]:
    """A store with the demo wave and ``sessions`` accounts (``secretariat`` of them Secretariat,
    the rest members of delegations); one live session token each."""
    from surveys.access import accounts as acc
    from surveys.demo import load_demo
    from surveys.storage.audit import Actor
    from surveys.storage.store import open_store

    url = f"sqlite:///{folder / 'load.sqlite'}"
    tokens = []
    with open_store(url) as store:
        load_demo(store)
        setup = Actor("load benchmark", "secretariat")
        # The server refuses to start without a Secretariat account, whoever the readers are.
        acc.add_account(store, "administrator", "secretariat", actor=setup, password=PASSWORD)
        for n in range(sessions):
            member = n >= secretariat
            made = acc.add_account(store, f"reader{n:02d}", "member" if member else "secretariat", actor=setup,
                                   delegation=DELEGATIONS[n % len(DELEGATIONS)] if member else None,
                                   password=PASSWORD)
            tokens.append(acc.open_session(store, made))
    return url, tokens


def start(url: str, port: int, run_log: Path) -> subprocess.Popen:
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "TRIALOGUE_AUTH": "accounts",
           "TRIALOGUE_RUN_LOG": str(run_log), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/server.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(run_log.with_suffix(".err"), "w"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start within 120 s:\n" + run_log.with_suffix(".err").read_text()[-2000:])


class Session:
    """One reader: a WebSocket to the server, signed in by its session cookie."""

    def __init__(self, port: int, token: str):
        self.port, self.token, self.ws = port, token, None

    async def open(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            additional_headers={"Cookie": f"trialogue_session={self.token}",
                                "Origin": f"http://127.0.0.1:{self.port}"}, open_timeout=60)

    async def overview(self, timeout: float = 120) -> tuple[float, float]:
        """Ask for the Overview; (seconds until its chart arrived, seconds until the run finished)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = ""
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        chart = None
        deadline = started + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and chart is None and forward.delta.WhichOneof("type") == "new_element":
                if forward.delta.new_element.WhichOneof("type") in ("arrow_vega_lite_chart", "vega_lite_chart"):
                    chart = time.perf_counter() - started
            elif kind == "script_finished":
                finished = time.perf_counter() - started
                if chart is None:  # the sign-in form or a refusal: not a signed-in Overview
                    raise RuntimeError("the Overview's chart never arrived: is the session signed in?")
                return chart, finished

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


async def measure(port: int, tokens: list[str], rounds: int, pid: int, stagger: float, secretariat: int) -> dict:
    first = Session(port, tokens[0])
    await first.open()
    cold = await first.overview()  # the first reader fills the caches
    await asyncio.sleep(1.0)
    one = rss_mb(pid)
    others = [Session(port, token) for token in tokens[1:]]
    await asyncio.gather(*(s.open() for s in others))
    everyone = [first, *others]
    # The first reader of the other role (a member's figures are its own summary) fills its caches too.
    warm = [await everyone[secretariat].overview()] if 0 < secretariat < len(everyone) else []
    rng = random.Random(20151211)

    async def after(delay: float, session: Session):
        await asyncio.sleep(delay)
        return await session.overview()

    def stats(charts: list[float], finishes: list[float], cpu: float) -> dict:
        return {"samples": len(charts), "server_cpu_per_load_s": round(cpu / len(charts), 3),
                "chart_median_s": round(statistics.median(charts), 3), "chart_p95_s": round(p95(charts), 3),
                "page_median_s": round(statistics.median(finishes), 3), "page_p95_s": round(p95(finishes), 3)}

    found = {}
    for name, window in (("burst", 0.0), ("staggered", stagger)):
        charts, finishes = [], []
        cpu = cpu_seconds(pid)
        for number in range(rounds):
            # burst: every session asks at the same instant; staggered: each at a random moment of the window
            started = cpu_seconds(pid)
            results = await asyncio.gather(*(after(rng.uniform(0, window), s) for s in everyone))
            charts += [c for c, _ in results]
            finishes += [f for _, f in results]
            if name == "burst":  # the first burst is most sessions' first Overview; later ones are reruns
                found[f"burst_round_{number + 1}"] = stats([c for c, _ in results], [f for _, f in results],
                                                          cpu_seconds(pid) - started)
        found[name] = stats(charts, finishes, cpu_seconds(pid) - cpu)
    await asyncio.sleep(1.0)
    all_open = rss_mb(pid)
    await asyncio.gather(*(s.close() for s in everyone))
    return {"cold_first_overview_s": round(cold[1], 3),
            "cold_first_overview_other_role_s": round(warm[0][1], 3) if warm else None, **found,
            "rss_one_session_mb": round(one, 1), "rss_all_sessions_mb": round(all_open, 1),
            "mb_per_extra_session": round((all_open - one) / max(1, len(tokens) - 1), 2)}


def server_runs(run_log: Path) -> dict:
    times = [float(line) for line in run_log.read_text().splitlines() if line.strip()]
    return {"server_runs": len(times), "server_run_median_s": round(statistics.median(times), 3),
            "server_run_p95_s": round(p95(times), 3)} if times else {}


def markdown(result: dict) -> str:
    rows = [("signed-in sessions (of them the Secretariat's; the rest members of ten delegations)",
             f"{result['sessions']} ({result['secretariat']})"),
            ("first Overview after start (cold caches): the Secretariat's, then a member's",
             f"{result['cold_first_overview_s']} s, {result['cold_first_overview_other_role_s']} s")]
    for name, what in (("burst", "all sessions ask at the same instant"),
                       ("staggered", f"each session asks at a random moment of {result['stagger']} s")):
        found = result[name]
        rows += [(f"{name} ({what}), {found['samples']} page loads: Overview chart reached the client, "
                  "median / p95", f"{found['chart_median_s']} s / {found['chart_p95_s']} s"),
                 (f"{name}: whole Overview reached the client, median / p95",
                  f"{found['page_median_s']} s / {found['page_p95_s']} s"),
                 (f"{name}: server processor time per Overview load (all its threads)",
                  f"{found['server_cpu_per_load_s']} s")]
        if name == "burst":
            for number in range(1, result["rounds"] + 1):
                part = result[f"burst_round_{number}"]
                first = " (most sessions' first Overview)" if number == 1 else ""
                rows.append((f"burst {number}{first}: Overview chart reached the client, median / p95; "
                             "server processor time per load",
                             f"{part['chart_median_s']} s / {part['chart_p95_s']} s; {part['server_cpu_per_load_s']} s"))
    rows += [("server time per page run (all runs), median / p95",
              f"{result.get('server_run_median_s')} s / {result.get('server_run_p95_s')} s"),
             ("server memory, one session / all sessions",
              f"{result['rss_one_session_mb']} MB / {result['rss_all_sessions_mb']} MB"),
             ("memory per extra session", f"{result['mb_per_extra_session']} MB"),
             ("machine load average (1 min) at the start / at the end",
              f"{result['load_average_at_start']:.1f} / {result['load_average_at_end']:.1f}")]
    return "\n".join(["| measure | value |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--secretariat", type=int, default=2,
                        help="how many of the sessions are the Secretariat's (the rest: members; default 2)")
    parser.add_argument("--stagger", type=float, default=10.0,
                        help="seconds over which the staggered rounds spread the sessions' requests (default 10)")
    parser.add_argument("--markdown", action="store_true", help="also print the Markdown table of docs/")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    with tempfile.TemporaryDirectory(prefix="trialogue-load-") as folder:
        folder = Path(folder)
        url, tokens = prepare(folder, args.sessions, args.secretariat)
        port, run_log = free_port(), folder / "runs.tsv"
        server = start(url, port, run_log)
        try:
            result = asyncio.run(asyncio.wait_for(measure(port, tokens, args.rounds, server.pid, args.stagger,
                                                          args.secretariat),
                                                  timeout=1800))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        result = {"sessions": args.sessions, "secretariat": args.secretariat, "rounds": args.rounds,
                  "stagger": args.stagger, **result,
                  **server_runs(run_log), "load_average_at_start": load_at_start,
                  "load_average_at_end": os.getloadavg()[0]}
    print(json.dumps(result, indent=1))
    if args.markdown:
        print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
