"""Server memory while people upload: the largest workbook the Upload page accepts, uploaded
ten times from three browser sessions, checked and imported through the page.

    .venv/bin/python scripts/upload_memory.py [--uploads 10] [--sessions 3] [--comment-chars 8500]
                                              [--app-dir DIR]

Starts ``streamlit run`` on a fresh SQLite store, drives headless Chromium (one browser, one
context per session: separate Streamlit sessions) and reads the server's resident memory
from ``/proc/<pid>/status``: before the first upload, its peak (``VmHWM``) and samples every
half second during the uploads, right after the last import, 30 s later, after the sessions
have closed and the server has dropped them, and after its caches are cleared (Streamlit's
own "clear cache" message, sent over its websocket as the app menu does). The workbook:
1,000 respondents (the most a file may hold) answering every item of the default
instrument, each comment ``--comment-chars`` long, so that the file comes close to the 25 MB
``server.maxUploadSize`` (the largest upload the page takes). Each upload goes to a wave of
its own (a wave holds at most 1,000 respondents). The server runs on the loopback address
with XSRF protection off (the websocket client sends no cookie) and drops a closed session
after 10 s instead of 120 s. ``--app-dir`` runs another checkout of the app. Linux only (``/proc``).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def build_workbook(path: Path, respondents: int = 1_000, comment_chars: int = 8_500) -> Path:
    from openpyxl import Workbook

    from surveys.instrument.default import default_instrument

    instrument = default_instrument()
    rng = random.Random(42)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(5000)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.append(["respondent", "group"] + [item.name for item in instrument.items])
    for n in range(respondents):
        row = [f"Participant {n + 1:04d}", "other"]
        for item in instrument.items:
            if item.type == "text":
                text, length = [], 0
                while length < comment_chars:
                    text.append(rng.choice(words))
                    length += len(text[-1]) + 1
                row.append(" ".join(text)[:comment_chars])
            elif item.type == "select_multiple":
                row.append(instrument.choices(item).choices[0].name)
            else:
                row.append(rng.choice(instrument.choices(item).choices).name)
        sheet.append(row)
    book.save(path)
    return path


def rss(pid: int) -> dict[str, float]:
    """Resident memory and its peak so far, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def clear_caches(port: int) -> None:
    """Streamlit's "clear cache" (``st.cache_data`` and ``st.cache_resource`` of the whole server)."""
    import asyncio

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    async def send() -> None:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      open_timeout=60) as socket:
            message = BackMsg()
            message.clear_cache = True
            await socket.send(message.SerializeToString())
            await asyncio.sleep(2)
    asyncio.run(send())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--comment-chars", type=int, default=8_500)
    parser.add_argument("--app-dir", type=Path, default=REPO)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="trialogue-memory-") as folder:
        folder = Path(folder)
        workbook = build_workbook(folder / "consultation.xlsx", comment_chars=args.comment_chars)
        size = workbook.stat().st_size / 2**20
        print(f"workbook: {size:.1f} MB, 1,000 respondents", flush=True)
        if size > 25:
            raise SystemExit("the workbook is larger than the server takes (25 MB): lower --comment-chars")
        url = f"sqlite:///{folder / 'store.sqlite'}"
        port = free_port()
        env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "PYTHONPATH": str(args.app_dir)}
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port",
                                   str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                                   "--browser.gatherUsageStats", "false", "--server.enableXsrfProtection", "false",
                                   "--server.disconnectedSessionTTL", "10"], cwd=args.app_dir, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.5)
            samples: list[float] = []
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    samples.append(rss(server.pid)["VmRSS"])
                    time.sleep(0.5)

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                pages = []
                for _ in range(args.sessions):
                    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                    page.set_default_timeout(600_000)
                    page.goto(f"{base}/upload")
                    page.get_by_text("Import history").wait_for()
                    pages.append(page)
                time.sleep(3)
                before = rss(server.pid)
                print(f"before: {before['VmRSS']:.0f} MB resident ({args.sessions} sessions open on the Upload page)",
                      flush=True)
                thread = threading.Thread(target=sample, daemon=True)
                thread.start()
                started = time.monotonic()
                for n in range(args.uploads):
                    page = pages[n % args.sessions]
                    wave = page.get_by_label("Import into wave", exact=True).and_(page.locator("input"))
                    wave.fill(f"memory {n + 1}")
                    wave.press("Enter")
                    page.wait_for_timeout(500)
                    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(workbook))
                    try:
                        page.get_by_text("All files are clean").wait_for(timeout=300_000)
                    except Exception:
                        page.screenshot(path=str(REPO / "upload-memory-failure.png"), full_page=True)
                        raise
                    page.get_by_role("button", name="Import", exact=True).click()
                    page.get_by_text(f"Imported 1,000 respondents into wave memory {n + 1}").or_(
                        page.get_by_text(f"Imported 1000 respondents into wave memory {n + 1}")).wait_for()
                    print(f"  upload {n + 1} (session {n % args.sessions + 1}): {rss(server.pid)['VmRSS']:.0f} MB "
                          f"after {time.monotonic() - started:.0f} s", flush=True)
                right_after = rss(server.pid)
                time.sleep(30)
                settled = rss(server.pid)
                browser.close()
            time.sleep(25)  # past the 10 s a closed session is kept for
            closed = rss(server.pid)
            clear_caches(port)
            time.sleep(5)
            cleared = rss(server.pid)
            done.set()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\n| moment | resident memory (MB) |\n| --- | ---: |")
    print(f"| before the first upload | {before['VmRSS']:.0f} |")
    print(f"| during the uploads: median / highest sample | {statistics.median(samples):.0f} / {max(samples):.0f} |")
    print(f"| peak (VmHWM) | {settled['VmHWM']:.0f} |")
    print(f"| right after the last import | {right_after['VmRSS']:.0f} |")
    print(f"| 30 s later, sessions open | {settled['VmRSS']:.0f} |")
    print(f"| sessions closed and dropped | {closed['VmRSS']:.0f} |")
    print(f"| caches cleared | {cleared['VmRSS']:.0f} |")
    print(f"\n{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
