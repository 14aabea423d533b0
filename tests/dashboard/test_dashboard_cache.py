"""The dashboard's caches under concurrent readers (``dashboard/cache.py``).

Twenty sessions rerunning at once after an import all miss the same keys; the server has one
interpreter, so each summary must be computed once and the other sessions must wait for that
result. Streamlit holds one lock per cache key for this; these tests hold the dashboard's
caches to it with real threads, and wait on conditions (every other reader is waiting on the
key's lock), never on the clock.
"""
from __future__ import annotations

import sys
import threading
import time

from analysis.present import disclosure
from analysis.summary import Summary
from dashboard import cache
from surveys.demo import DEMO_WAVE
from surveys.storage.store import Store, open_store

READERS = 8
DEADLINE_S = 120


# Each test has a demo store of its own (conftest's demo_url): the cache keys start with its URL, so no
# other test's entries are hit.


def _waiting_on_a_miss(ident: int) -> bool:
    """Whether thread ``ident`` has missed the cache and waits for (or holds) the key's lock."""
    frame = sys._current_frames().get(ident)
    while frame is not None:
        if frame.f_code.co_name == "_handle_cache_miss":
            return True
        frame = frame.f_back
    return False


def _concurrently(call, threads: list[threading.Thread], readers: int = READERS):
    """Run ``call()`` in ``readers`` threads released together (listed in ``threads`` before any
    starts); their results and errors."""
    start = threading.Barrier(readers)
    results, errors = [None] * readers, []

    def reader(n: int) -> None:
        start.wait(DEADLINE_S)
        try:
            results[n] = call()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)

    threads.extend(threading.Thread(target=reader, args=(n,), daemon=True) for n in range(readers))
    for thread in threads:
        thread.start()
    return results, errors


def _held_until_all_wait(original, threads: list[threading.Thread], calls: list):
    """Wrap ``original`` so its first call returns only once every other reader thread has
    missed the cache too: without one computation per key, each of them would then call it."""

    def held(*args, **kwargs):
        calls.append(threading.get_ident())
        others = [t.ident for t in threads if t.ident != threading.get_ident()]
        assert len(others) == READERS - 1
        deadline = time.monotonic() + DEADLINE_S
        while not all(_waiting_on_a_miss(ident) for ident in others):
            assert time.monotonic() < deadline, "the other readers never reached the cache"
            threading.Event().wait(0.01)  # poll the condition; nothing depends on this interval
        return original(*args, **kwargs)

    return held


def _join(threads) -> None:
    for thread in threads:
        thread.join(DEADLINE_S)
        assert not thread.is_alive(), "a reader never returned"


def test_readers_missing_one_summary_at_once_compute_it_once(demo_url, monkeypatch):
    with open_store(demo_url) as store:
        version = store.data_version(DEMO_WAVE)
    member = ("member", 3)
    calls: list[int] = []
    loads: list[int] = []
    threads: list[threading.Thread] = []
    monkeypatch.setattr(disclosure, "summarize_for",
                        _held_until_all_wait(disclosure.summarize_for, threads, calls))
    load_wave = Store.load_wave
    monkeypatch.setattr(Store, "load_wave", lambda self, *a, **k: loads.append(1) or load_wave(self, *a, **k))

    results, errors = _concurrently(lambda: cache.summary(demo_url, DEMO_WAVE, version, audience=member), threads)
    _join(threads)

    assert not errors, errors
    assert len(calls) == 1, f"{len(calls)} readers computed the same summary"
    assert len(loads) == 1, f"the wave was loaded {len(loads)} times"
    assert all(isinstance(result, Summary) for result in results)
    # Every reader got the one result: the member's summary (groups under k left out), the same for all.
    assert {(r.data_version, tuple(r.groups.items()), len(r.items)) for r in results} == {
        (version, tuple(results[0].groups.items()), len(results[0].items))}


def test_readers_missing_one_wave_at_once_load_it_once(demo_url, monkeypatch):
    with open_store(demo_url) as store:
        version = store.data_version(DEMO_WAVE)
    loads: list[int] = []
    threads: list[threading.Thread] = []
    monkeypatch.setattr(Store, "load_wave", _held_until_all_wait(Store.load_wave, threads, loads))

    results, errors = _concurrently(lambda: cache.wave_data(demo_url, DEMO_WAVE, version), threads)
    _join(threads)

    assert not errors, errors
    assert len(loads) == 1, f"{len(loads)} readers loaded the same wave"
    # A shared resource: every reader holds the very same frames.
    assert len({id(result) for result in results}) == 1
    assert len(results[0].respondents) > 0
