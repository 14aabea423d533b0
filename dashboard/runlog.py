"""How long each page run takes on the server, for the load benchmark (``scripts/load_sessions.py``).

With ``TRIALOGUE_RUN_LOG=FILE`` set, every run of the app (sign-in check, menu, sidebar and
page) appends one line ``seconds`` to FILE; without it, nothing is measured or written.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Iterator

RUN_LOG = "TRIALOGUE_RUN_LOG"


@contextmanager
def timed() -> Iterator[None]:
    target = os.environ.get(RUN_LOG)
    if not target:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:  # a run that stops (a refusal, a rerun) still took its time
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{time.perf_counter() - started:.4f}\n")  # md-safe: a log file, not the page
