"""The shared deployment: one PostgreSQL database behind several app processes.

* the schema of issue 10 (migration 0005) upgrades a store that holds a wave without changing
  its answers or data version, on SQLite and PostgreSQL, and downgrades again;
* the audit log is append-only in the database itself on PostgreSQL too;
* failed sign-ins counted by one process slow the next attempt in another;
* two app servers on one PostgreSQL database both notice an import made by a third process
  (the live refresh reads the store's data version, not a process's memory).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from support.accounts import PASSWORD
from support.pgserver import fresh_database
from support.workbooks import write_book
from surveys.access import accounts as acc
from surveys.demo import DEMO_WAVE, demo_workbook, load_demo
from surveys.storage import schema as t
from surveys.storage.audit import Actor, entries
from surveys.storage.importer import import_files
from surveys.storage.store import alembic_config, open_store

ADMIN = Actor("admin", "secretariat")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return fresh_database(request.getfixturevalue("postgres_url"), f"access_{os.getpid()}_{time.monotonic_ns() % 10**6}")


def test_the_access_migration_keeps_a_wave_and_its_data_version(store_url, tmp_path):
    from alembic import command

    workbook = demo_workbook(tmp_path / "demo.xlsx") or tmp_path / "demo.xlsx"
    with open_store(store_url) as store:
        assert import_files(store, [workbook]).ok
        before = store.load_wave()
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0004")
            columns = {c["name"] for c in sa.inspect(conn).get_columns("waves")}
            assert "attribution" not in columns and "audit_log" not in sa.inspect(conn).get_table_names()
        with store.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    with open_store(store_url) as store:
        after = store.load_wave()
        assert after.data_version == before.data_version == store.data_version()
        assert after.attribution == "attributed" and dict(after.consent) == {}
        assert len(after.answers) == len(before.answers)
        acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(t.audit_log.delete())
        assert len(entries(store)) == 1


@pytest.mark.postgres
def test_the_audit_log_is_append_only_on_a_fresh_postgresql_store(postgres_url):
    url = fresh_database(postgres_url, "appendonly")
    with open_store(url) as store:
        acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                with store.engine.begin() as conn:
                    conn.exec_driver_sql(statement)
        assert [e.action for e in entries(store)] == ["account_added"]


@pytest.mark.postgres
def test_failed_sign_ins_counted_in_one_process_slow_another(postgres_url):
    url = fresh_database(postgres_url, "throttle")
    with open_store(url) as store:
        acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
    # Another process fails six times, waiting out each slow-down as anyone must (1, 2, 4 s); the
    # wait after the sixth is 8 s, so the check below falls well inside it on a slow machine.
    code = ("import sys, time; from surveys.access.accounts import sign_in; from surveys.storage.store import open_store\n"
            "s = open_store(sys.argv[1]); seen = []\n"
            "while seen.count('wrong') < 6:\n"
            "    got = sign_in(s, 'alice', sys.argv[2], client='198.51.100.4'); seen.append(got.reason)\n"
            "    time.sleep(got.wait)\n"
            "print(' '.join(seen))")
    done = subprocess.run([sys.executable, "-c", code, url, "wrong password"], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.getcwd()), timeout=300)
    outcomes = done.stdout.split()
    assert outcomes[:acc.FREE_FAILURES] == ["wrong"] * acc.FREE_FAILURES and "slowed" in outcomes, done.stderr
    with open_store(url) as store:
        attempt = acc.sign_in(store, "alice", PASSWORD, client="192.0.2.9")
    assert attempt.reason == "slowed" and attempt.wait > 3


@pytest.mark.browser
@pytest.mark.postgres
def test_two_app_servers_on_one_database_both_see_an_import_made_elsewhere(postgres_url, tmp_path):
    from support.browser import CHROMIUM, CHROMIUM_ARGS, free_port, respondents_counted, settle, start_server, stop

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed")
    from playwright.sync_api import sync_playwright

    url = fresh_database(postgres_url, "live")
    with open_store(url) as store:
        assert load_demo(store).ok
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "PYTHONPATH": os.getcwd()}
    env.pop("TRIALOGUE_AUTH", None)
    ports = [free_port(), free_port()]
    servers = [start_server(env, port) for port in ports]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for port in ports:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(90_000)
                page.goto(f"http://127.0.0.1:{port}/")
                settle(page)
                assert respondents_counted(page, 54) == 54
                pages.append(page)
            late = write_book(tmp_path / "late.xlsx", {"responses": [["respondent", "q1_overall"], ["Tonga", 4]]})
            done = subprocess.run([sys.executable, "-m", "surveys", "import", str(late), "--wave", DEMO_WAVE,
                                   "--db", url], env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            for page in pages:  # each server's live check finds the new data version in the database
                page.get_by_text(re.compile(r"updated \d\d:\d\d — 1 new response")).wait_for(timeout=90_000)
                assert respondents_counted(page, 55, timeout=60) == 55
            browser.close()
    finally:
        for server in servers:
            stop(server)


# Ten delegations' workbooks imported by ten processes released at one moment, into a wave none
# of them finds (each would create it), and two workbooks of one delegation racing each other.
RACING = ("Brazil", "Ghana", "Norway", "India", "Nepal", "Senegal", "Rwanda", "Egypt", "Pakistan", "Bangladesh")
RACE_WAVE = "race_wave"


def _import_when_released(url: str, path: str, release, results) -> None:
    """A process of its own: wait for the start signal, import ``path``, report each file's outcome."""
    try:
        with open_store(url) as store:
            assert release.wait(300), "never released"
            report = import_files(store, [path], wave=RACE_WAVE)
            results.put((path, [(f.outcome, [str(i) for i in f.issues]) for f in report.files]))
    except BaseException as error:  # the parent reports it instead of waiting for a silent process
        results.put((path, [("error", [f"{error.__class__.__name__}: {error}"])]))


def _race(url: str, paths: list) -> dict[str, list]:
    """Import each of ``paths`` in its own process, all released together; outcomes by path."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: nothing shared with this one
    release, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_import_when_released, args=(url, str(p), release, results)) for p in paths]
    for worker in workers:
        worker.start()
    release.set()
    try:
        found = dict(results.get(timeout=600) for _ in workers)
    finally:
        for worker in workers:
            worker.join(60)
            if worker.is_alive():
                worker.kill()
    return found


def test_ten_imports_in_parallel_processes_lose_and_duplicate_nothing(store_url, tmp_path):
    with open_store(store_url):
        pass  # the schema is made before the race, as a running server would have made it
    books = [write_book(tmp_path / f"{n:02d}.xlsx", {"responses": [["respondent", "q1_overall"], [name, n % 5 + 1]]})
             for n, name in enumerate(RACING)]

    found = _race(store_url, books)

    assert all(outcomes == [("ok", [])] for outcomes in found.values()), found
    with open_store(store_url) as store:
        data = store.load_wave(RACE_WAVE)
        assert sorted(data.respondents["respondent"]) == sorted(RACING)  # nothing lost, nothing twice
        answers = data.answers[data.answers["item"] == "q1_overall"].set_index("respondent")["value"]
        assert {name: int(answers[name]) for name in RACING} == {name: n % 5 + 1 for n, name in enumerate(RACING)}
        assert [w.name for w in store.waves()].count(RACE_WAVE) == 1
        assert [r.outcome for r in store.imports(RACE_WAVE)] == ["ok"] * len(RACING)
        assert store.data_version(RACE_WAVE) == data.data_version


def test_one_delegation_uploaded_twice_at_once_gives_one_import_and_one_clear_refusal(store_url, tmp_path):
    with open_store(store_url):
        pass
    books = [write_book(tmp_path / f"china_{n}.xlsx", {"responses": [["respondent", "q1_overall"], ["China", n]]})
             for n in (2, 4)]

    found = _race(store_url, books)

    outcomes = sorted(found[str(book)][0][0] for book in books)
    assert outcomes == ["ok", "refused"], found
    refusal = next(issues for book in books for outcome, issues in found[str(book)] if outcome == "refused")
    assert any("China already answered in this wave" in issue for issue in refusal), refusal
    kept = next(book for book in books if found[str(book)][0][0] == "ok")
    with open_store(store_url) as store:
        data = store.load_wave(RACE_WAVE)
        assert list(data.respondents["respondent"]) == ["China"]
        stored = data.answers[data.answers["item"] == "q1_overall"]["value"]
        assert [int(v) for v in stored] == [int(kept.stem.split("_")[1])]  # the import that won, whole
        assert sorted(r.outcome for r in store.imports(RACE_WAVE)) == ["ok", "refused"]
