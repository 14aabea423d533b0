"""Accounts, sign-ins, sessions, settings, attribution, consent and the audit log, on real
SQLite stores and through the real command line."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from support.workbooks import fill_template, write_book
from surveys.access import accounts as acc
from surveys.access.attribution import ONE_WAY, attribution, set_attribution
from surveys.access.settings import min_cell, set_setting
from surveys.demo import DEMO_WAVE, load_demo
from surveys.errors import TrialogueError
from surveys.instrument.default import default_instrument
from surveys.reading.template import write_template
from surveys.storage import schema as t
from surveys.storage.audit import Actor, entries, imported
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
ADMIN = Actor("admin", "secretariat")
PASSWORD = "correct horse battery"


@pytest.fixture
def store(sqlite_url):
    with open_store(sqlite_url) as opened:
        yield opened


def cli(*args: str, db: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "surveys", *args, "--db", db], input=stdin, capture_output=True,
                          text=True, cwd=REPO, timeout=120, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_passwords_are_stored_as_argon2id_and_never_in_clear(store):
    acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(t.accounts.c.password_hash)).scalar_one()
        dump = json.dumps([list(map(str, row)) for table in t.metadata.sorted_tables
                           for row in conn.execute(sa.select(table))])
    assert stored.startswith("$argon2id$v=19$") and PASSWORD not in stored
    assert PASSWORD not in dump  # nowhere in any table, the audit log included
    assert acc.sign_in(store, "alice", PASSWORD, client="127.0.0.1").ok
    assert not acc.sign_in(store, "alice", PASSWORD + "x", client="127.0.0.1").ok


def test_accounts_know_their_role_and_delegation(store):
    member = acc.add_account(store, "ghana", "member", actor=ADMIN, delegation="Ghana", password=PASSWORD)
    assert (member.role, member.delegation) == ("member", "GHA")
    with pytest.raises(TrialogueError, match="belongs to one delegation"):
        acc.add_account(store, "nobody", "member", actor=ADMIN, password=PASSWORD)
    with pytest.raises(TrialogueError, match="not a member state"):
        acc.add_account(store, "x", "member", actor=ADMIN, delegation="Atlantis", password=PASSWORD)
    with pytest.raises(TrialogueError, match="unknown role"):
        acc.add_account(store, "y", "chair", actor=ADMIN, password=PASSWORD)
    with pytest.raises(TrialogueError, match="too short"):
        acc.add_account(store, "z", "viewer", actor=ADMIN, password="short")
    with pytest.raises(TrialogueError, match="already exists"):
        acc.add_account(store, "ghana", "viewer", actor=ADMIN, password=PASSWORD)
    assert acc.set_role(store, "ghana", "viewer", actor=ADMIN).delegation is None
    assert acc.set_role(store, "ghana", "member", actor=ADMIN, delegation="NOR").delegation == "NOR"


def test_failed_sign_ins_slow_down_per_account_across_processes(store, sqlite_url):
    acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
    for _ in range(acc.FREE_FAILURES):
        assert acc.sign_in(store, "alice", "wrong password!", client="10.0.0.1").reason == "wrong"
    # Four more failures (written as the store would, a second apart) make the wait 16 s: the
    # checks below fall well inside it however slow the machine is.
    with store.engine.begin() as conn:
        conn.execute(t.sign_in_failures.insert(), [{"account": "alice", "client": "10.0.0.1",
                                                    "failed_at": t.now() - dt.timedelta(seconds=4 - n)}
                                                   for n in range(4)])
    # Another process (a second app server) sees the same failures: it is the store that counts.
    with open_store(sqlite_url) as other:
        slowed = acc.sign_in(other, "alice", PASSWORD, client="10.0.0.2")
    assert slowed.reason == "slowed" and 10 <= slowed.wait <= 16  # even the right password waits
    # Once the wait has passed, the right password works and the account's count starts again.
    with store.engine.begin() as conn:
        conn.execute(t.sign_in_failures.update().values(failed_at=t.now() - dt.timedelta(seconds=60)))
    assert acc.sign_in(store, "alice", PASSWORD, client="10.0.0.2").ok
    assert acc.sign_in(store, "alice", "wrong again!!", client="10.0.0.2").reason == "wrong"
    assert acc.wait_after(3, 3) == 1 and acc.wait_after(6, 3) == 8 and acc.wait_after(40, 3) == acc.MAX_WAIT


def test_failed_sign_ins_slow_down_per_client_whatever_the_account(store):
    for n in range(acc.CLIENT_FREE_FAILURES):
        assert acc.sign_in(store, f"guess{n}", "whatever it is", client="203.0.113.9").reason == "wrong"
    assert acc.sign_in(store, "another", "whatever it is", client="203.0.113.9").reason == "slowed"
    assert acc.sign_in(store, "another", "whatever it is", client="198.51.100.1").reason == "wrong"
    actions = [e.action for e in entries(store)]
    assert actions.count("sign_in_failed") == acc.CLIENT_FREE_FAILURES + 1 and "sign_in_slowed" in actions


def test_sessions_expire_end_when_idle_and_when_the_role_changes(store):
    alice = acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
    token = acc.open_session(store, alice)
    assert acc.session_account(store, token) == alice
    with store.engine.connect() as conn:
        assert token not in str(conn.execute(sa.select(t.account_sessions)).all())  # only its digest
    assert acc.session_account(store, token + "x") is None
    with store.engine.begin() as conn:  # idle for two hours
        conn.execute(t.account_sessions.update().values(last_seen_at=t.now() - dt.timedelta(hours=2)))
    assert acc.session_account(store, token) is None
    token = acc.open_session(store, alice, hours=0.0001)
    with store.engine.begin() as conn:
        conn.execute(t.account_sessions.update().values(expires_at=t.now() - dt.timedelta(seconds=1)))
    assert acc.session_account(store, token) is None
    token = acc.open_session(store, alice)
    acc.set_role(store, "alice", "viewer", actor=ADMIN)
    assert acc.session_account(store, token) is None
    token = acc.open_session(store, acc.account(store, "alice"))
    acc.close_session(store, token)
    assert acc.session_account(store, token) is None


def test_the_audit_log_is_append_only_in_the_database(store):
    acc.add_account(store, "alice", "secretariat", actor=ADMIN, password=PASSWORD)
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.exec_driver_sql(statement)
    assert [(e.actor, e.action, e.subject) for e in entries(store)] == [("admin", "account_added", "alice")]


def test_settings_are_stored_checked_and_audited(store):
    assert min_cell(store) == 3
    assert set_setting(store, "min_cell", "5", actor=ADMIN) == 5
    assert min_cell(store) == 5
    with pytest.raises(TrialogueError, match="out of range"):
        set_setting(store, "min_cell", 1, actor=ADMIN)
    change = entries(store, action="setting_changed")[0]
    assert (change.subject, change.details) == ("min_cell", {"before": 3, "after": 5})


def _template(tmp_path, name: str, consent, comment: str) -> Path:
    path = tmp_path / f"{name}.xlsx"
    write_template(default_instrument(), path, lang="zh", respondent=name)
    return fill_template(path, tmp_path / f"{name}-filled.xlsx",
                         {"consent": consent, "q1_overall": "4", "q1_comment": comment})


def test_consent_is_read_from_the_template_and_a_column_and_stored_per_respondent(store, tmp_path):
    files = [_template(tmp_path, "Norway", "是", "Named, please."), _template(tmp_path, "Ghana", "否", "Not named."),
             _template(tmp_path, "Brazil", None, "Not said.")]
    wide = write_book(tmp_path / "wide.xlsx", {"responses": [["respondent", "consent", "q1_overall"],
                                                             ["Peru", "yes", 3], ["Chile", "No", 2]]})
    report = import_files(store, [*files, wide])
    assert report.ok, [str(i) for i in report.issues]
    data = store.load_wave()
    assert dict(data.consent) == {"Norway": True, "Ghana": False, "Peru": True, "Chile": False}
    assert "consent" not in data.respondents.columns  # not a variable to compare by
    bad = write_book(tmp_path / "bad.xlsx", {"responses": [["respondent", "consent", "q1_overall"], ["Fiji", "maybe", 3]]})
    refused = import_files(store, [bad])
    assert not refused.ok
    assert any(i.cell == "B2" and "not a consent answer" in i.message for i in refused.issues)


def test_a_change_of_consent_alone_makes_a_new_data_version(store, tmp_path):
    first = write_book(tmp_path / "a.xlsx", {"responses": [["respondent", "consent", "q1_overall"], ["Peru", "no", 3]]})
    assert import_files(store, [first]).ok
    before = store.data_version()
    again = write_book(tmp_path / "b.xlsx", {"responses": [["respondent", "consent", "q1_overall"], ["Peru", "yes", 3]]})
    assert import_files(store, [again], replace=True).ok
    assert store.data_version() != before and store.load_wave().consent == {"Peru": True}


def test_anonymous_drops_names_for_good_and_new_imports_too(store, tmp_path):
    assert load_demo(store).ok
    from surveys.coding import load_codings, load_quotes

    assert attribution(store, DEMO_WAVE) == "attributed"
    names = set(store.load_wave(DEMO_WAVE).respondents["respondent"])
    version = store.data_version(DEMO_WAVE)
    before = store.load_wave(DEMO_WAVE)
    change = set_attribution(store, DEMO_WAVE, "anonymous", actor=ADMIN)
    assert change.names_dropped == len(names)
    after = store.load_wave(DEMO_WAVE)
    assert not names & set(after.respondents["respondent"]) and after.respondents["iso3"].isna().all()
    assert after.data_version == store.data_version(DEMO_WAVE) != version
    # Groups, seats and answers stay: the statistics do not change.
    assert sorted(after.respondents["group"]) == sorted(before.respondents["group"])
    assert sorted(after.answers["value"]) == sorted(before.answers["value"])
    assert not names & {c.respondent for c in load_codings(store, DEMO_WAVE)}
    assert not names & {q.respondent for q in load_quotes(store, DEMO_WAVE)}
    assert not any(name in message for r in store.imports(DEMO_WAVE) for message in r.messages for name in names
                   if len(name) > 4)
    with pytest.raises(TrialogueError, match="cannot come back"):
        set_attribution(store, DEMO_WAVE, "attributed", actor=ADMIN)
    late = write_book(tmp_path / "late.xlsx", {"responses": [["respondent", "q1_overall"], ["Iceland", 3]]})
    assert import_files(store, [late], wave=DEMO_WAVE).ok
    assert "Iceland" not in set(store.load_wave(DEMO_WAVE).respondents["respondent"])
    assert "anonymous" in ONE_WAY and "cannot be undone" in ONE_WAY
    assert entries(store, action="attribution_changed")[0].details["names_dropped"] == len(names)


def test_imports_withdrawals_replacements_and_group_reassignments_are_audited(store, tmp_path):
    first = write_book(tmp_path / "a.xlsx", {"responses": [["respondent", "group", "q1_overall"], ["Ghana", "", 3]]})
    import_files(store, [first], actor=ADMIN)
    second = write_book(tmp_path / "b.xlsx", {"responses": [["respondent", "group", "q1_overall"],
                                                            ["Ghana", "other", 4]]})
    again = import_files(store, [second], replace=True, actor=ADMIN)
    store.withdraw_import(again.files[0].import_id, actor=ADMIN)
    log = {e.action: e for e in entries(store)}
    assert log["import"].details["data_version"] and log["replacement"].details["replaced"] == ["Ghana"]
    assert (log["group_reassigned"].subject, log["group_reassigned"].details["before"],
            log["group_reassigned"].details["after"]) == ("Ghana", "tcc_pcc", "other")
    assert log["withdrawal"].details["restored"] == 1



def test_an_import_and_its_audit_entries_are_one_transaction(store, tmp_path, monkeypatch):
    """A failure while writing the audit entries stores nothing: no import without its entries."""
    import surveys.storage.importer as importer

    book = write_book(tmp_path / "a.xlsx", {"responses": [["respondent", "q1_overall"], ["Ghana", 3]]})

    def broken(conn, report, actor):
        raise sa.exc.OperationalError("INSERT INTO audit_log", {}, Exception("disk full"))

    monkeypatch.setattr(importer, "record_import", broken)
    refused = import_files(store, [book], actor=ADMIN)
    assert not refused.ok and any("disk full" in str(issue) for issue in refused.files[0].errors)
    assert not store.waves()  # the new wave, its answers and the import went back with the entries
    assert [e.action for e in entries(store)] == ["import_refused"]
    monkeypatch.undo()
    stored = import_files(store, [book], actor=ADMIN)
    assert stored.ok and [e.action for e in entries(store)] == ["import", "import_refused"]
    assert entries(store, action="import")[0].details["import_id"] == stored.files[0].import_id
    # imported() keeps writing the same entries in a transaction of its own, for callers that
    # import without an actor
    imported(store, stored, ADMIN)
    assert [e.action for e in entries(store)][:1] == ["import"]

def test_the_command_line_manages_users_settings_attribution_and_writes_the_audit(sqlite_url, tmp_path):
    assert cli("users", "add", "alice", "--role", "secretariat", "--password-stdin", db=sqlite_url,
               stdin=PASSWORD + "\n").returncode == 0
    done = cli("users", "add", "ghana", "--role", "member", "--delegation", "Ghana", "--password-stdin",
               db=sqlite_url, stdin=PASSWORD + "\n")
    assert done.returncode == 0 and PASSWORD not in done.stdout + done.stderr
    assert cli("users", "add", "v@example.org", "--role", "viewer", db=sqlite_url).returncode == 0
    listed = cli("users", "list", db=sqlite_url).stdout.splitlines()
    assert listed == ["alice\tsecretariat\t-\tpassword", "ghana\tmember\tGHA\tpassword",
                      "v@example.org\tviewer\t-\topenid"]
    assert cli("users", "set-role", "ghana", "viewer", db=sqlite_url).returncode == 0
    assert cli("users", "remove", "v@example.org", db=sqlite_url).returncode == 0
    bad = cli("users", "set-role", "nobody", "viewer", db=sqlite_url)
    assert bad.returncode == 2 and "no account named 'nobody'" in bad.stderr
    assert cli("settings", "set", "min_cell", "4", db=sqlite_url).returncode == 0
    assert cli("demo", db=sqlite_url).returncode == 0
    refused = cli("attribution", "set", "anonymous", db=sqlite_url)
    assert refused.returncode == 2 and "cannot be undone" in refused.stderr
    assert cli("attribution", "set", "non-attributed", db=sqlite_url).returncode == 0
    out = tmp_path / "audit.json"
    assert cli("audit", "--json", str(out), db=sqlite_url).returncode == 0
    log = json.loads(out.read_text(encoding="utf-8"))
    # The demo brings its deliberation round, created (and audited) by the person at the command line.
    assert [e["action"] for e in log] == ["account_added"] * 3 + ["role_changed", "account_removed",
                                                                  "setting_changed", "round_created",
                                                                  "attribution_changed"]
    assert all(e["actor"].endswith("(command line)") and e["at"].endswith("Z") for e in log)
    assert PASSWORD not in out.read_text(encoding="utf-8")
    only = json.loads(cli("audit", "--json", "-", "--action", "role_changed", db=sqlite_url).stdout)
    assert [e["subject"] for e in only] == ["ghana"]
