"""Votes by Excel: the vote template and consolidated vote sheets through ``python -m surveys
import``, in a real process against a real SQLite file, held to the answers' standard: all or
nothing, every problem named by file, sheet and cell, second submissions refused unless
--replace, history kept."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from support.cli_imports import REPO, refused, run
from support.rounds_fixtures import ROUND, make_store, sheet
from support.workbooks import write_book
from surveys import rounds
from surveys.storage.store import open_store


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'votes.sqlite'}"
    make_store(url, tmp_path).close()
    return url


def surveys(*args, db: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "surveys", *args, "--db", db], capture_output=True, text=True,
                          cwd=REPO, timeout=300, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def state(db: str):
    with open_store(db) as store:
        return (rounds.get_round(store, ROUND).data_version, rounds.vote_history(store, ROUND),
                store.data_version("demo-2015"))


def filled_template(db, tmp_path, lang="zh", respondent="Ghana", votes=("同意", "弃权", None), name="ghana.xlsx"):
    path = tmp_path / name
    assert surveys("round", "template", ROUND, "--out", str(path), "--lang", lang,
                   *(("--respondent", respondent) if respondent else ()), db=db).returncode == 0
    book = load_workbook(path)
    votes_sheet = book.worksheets[1]
    column = 5 if lang != "en" else 4
    for row, vote in zip(range(6, 9), votes):
        votes_sheet.cell(row, column, vote)
    book.save(path)
    return path


def test_a_filled_chinese_vote_template_is_imported_then_unchanged_then_refused_then_replaced(db, tmp_path):
    path = filled_template(db, tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["填写说明 (Instructions)", "表决 (Votes)", "lists"]
    votes_sheet = book.worksheets[1]
    assert votes_sheet["A1"].value == f"trialogue-votes zh {ROUND}" and votes_sheet["C6"].value.startswith("协商")
    assert votes_sheet.data_validations.dataValidation[0].formula1 == "'lists'!$A$2:$A$4"
    assert [c.value for c in book["lists"]["A"]][1:] == ["同意", "不同意", "弃权"]

    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert f"stored 2 vote(s) of 1 delegation(s) in round {ROUND}" in done.stdout
    assert "unchanged" in run(path, db=db).stdout
    version, history, _ = state(db)
    assert [(v.respondent, v.statement, v.vote, v.channel) for v in history] == [
        ("Ghana", "s01", "agree", "template"), ("Ghana", "s02", "pass", "template")]

    second = filled_template(db, tmp_path, votes=("不同意", None, "同意"), name="ghana-2.xlsx")
    refused(run(second, db=db), "ghana-2.xlsx, 表决 (Votes)!E6", "already voted on statement s01", "--replace")
    assert state(db)[0] == version
    assert run(second, db=db, extra=("--replace",)).returncode == 0
    history = state(db)[1]
    assert [(v.statement, v.vote, v.current) for v in history] == [
        ("s01", "agree", False), ("s02", "pass", True), ("s01", "disagree", True), ("s03", "agree", True)]


def test_a_consolidated_sheet_takes_votes_and_labels_in_the_six_languages(db, tmp_path):
    path = sheet(tmp_path / "all.xlsx", [
        ["respondent", "group", "s01", "s02", "s03"],
        ["Ghana", "TCC", "Agree", "同意", "D'accord"],
        ["France", None, "En desacuerdo", "Не согласен", "لا أوافق"],
        ["IND", None, "pass", "弃权", -1],
        ["Brazil", None, None, None, None],  # did not vote: not stored
    ])
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert "stored 9 vote(s) of 3 delegation(s)" in done.stdout
    with open_store(db) as store:
        data = rounds.load_round(store, ROUND, attributed=True)
    got = {(p, s): v for p, s, v in data.votes.itertuples(index=False)}
    assert got[("Ghana", "s03")] == "agree" and got[("France", "s02")] == "disagree"
    assert got[("India", "s03")] == "disagree" and ("Brazil", "s01") not in got


BROKEN = [
    ("unknown statement id", [["respondent", "s01", "s99"], ["Ghana", "agree", "agree"]], "votes!C1",
     "'s99' is not a statement of round r1"),
    ("vote outside agree/disagree/pass", [["respondent", "s01", "s02"], ["Ghana", "agree", "strongly agree"]],
     "votes!C2", "'strongly agree' is not a vote: expected agree, disagree or pass"),
    ("delegation not in the registry", [["respondent", "s01"], ["Ghana", "agree"], ["Atlantis", "agree"]],
     "votes!A3", "unknown respondent 'Atlantis'"),
    ("duplicate delegation", [["respondent", "s01"], ["Ghana", "agree"], ["GHA", "disagree"]], "votes!A3",
     "duplicate delegation Ghana: already votes in votes!A2"),
    ("blank delegation", [["respondent", "s01"], [None, "agree"]], "votes!A2", "blank delegation"),
]


@pytest.mark.parametrize("case, rows, where, message", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_vote_sheet_is_refused_with_the_cell_named_and_nothing_stored(db, tmp_path, case, rows, where,
                                                                               message):
    before = state(db)
    path = sheet(tmp_path / "broken.xlsx", rows)
    refused(run(path, db=db), f"broken.xlsx, {where}: error: {message}")
    assert state(db) == before


def test_votes_for_a_statement_not_accepted_are_refused(db, tmp_path):
    with open_store(db) as store:
        pending = rounds.submit_statement(store, ROUND, "India", "Hear us.", question="q1")
    path = sheet(tmp_path / "pending.xlsx", [["respondent", "s01", pending.id], ["Ghana", "agree", "agree"]])
    before = state(db)
    refused(run(path, db=db), f"pending.xlsx, votes!C2: error: statement {pending.id} is pending, not accepted")
    assert state(db) == before


def test_a_closed_round_refuses_a_vote_template(db, tmp_path):
    path = filled_template(db, tmp_path, lang="en", votes=("Agree", None, None))
    assert surveys("round", "close", ROUND, db=db).returncode == 0
    before = state(db)
    refused(run(path, db=db), "ghana.xlsx, Votes!A1: error: round r1 is closed")
    assert state(db) == before


def test_all_or_nothing_across_answer_and_vote_workbooks(db, tmp_path):
    votes = sheet(tmp_path / "votes.xlsx", [["respondent", "s01"], ["Ghana", "agree"]])
    duplicate = sheet(tmp_path / "again.xlsx", [["respondent", "s01"], ["Ghana", "disagree"]])
    answers = write_book(tmp_path / "answers.xlsx", {"responses": [["respondent", "q1_overall"], ["Chile", 4]]})
    before = state(db)
    refused(run(votes, duplicate, answers, db=db, extra=("--wave", "demo-2015")),
            "again.xlsx, votes!B2: error: duplicate vote: Ghana also votes on statement s01 in votes.xlsx, votes!B2")
    assert state(db) == before
    done = run(votes, answers, db=db, extra=("--wave", "demo-2015"))
    assert done.returncode == 0, done.stderr
    assert "stored 1 vote(s)" in done.stdout and "stored 1 respondent(s)" in done.stdout


def test_withdrawing_a_vote_import_restores_the_votes_it_replaced(db, tmp_path):
    first = sheet(tmp_path / "first.xlsx", [["respondent", "s01"], ["Ghana", "agree"]])
    second = sheet(tmp_path / "second.xlsx", [["respondent", "s01"], ["Ghana", "disagree"]])
    assert run(first, db=db).returncode == 0
    version = state(db)[0]
    assert run(second, db=db, extra=("--replace",)).returncode == 0
    with open_store(db) as store:
        log = store.imports()[-1]
        record = store.withdraw_import(log.id)
        assert "1 vote(s) removed" in record.messages[-1]
        assert rounds.own_votes(store, ROUND, "Ghana") == {"s01": "agree"}
    assert state(db)[0] == version


def test_round_commands_from_a_statements_workbook_to_moderation(db, tmp_path):
    path = write_book(tmp_path / "statements.xlsx", {"statements": [
        ["id", "question", "text::english", "text::Chinese (zh)", "origin", "respondent"],
        ["t1", "q2", "Threat information comes too late.", "威胁信息来得太晚。", None, None],
        ["t2", "q2", "Invite every contributor.", None, "delegation", "Nepal"],
    ]})
    done = surveys("round", "create", "r2", "--wave", "demo-2015", "--statements", str(path), db=db)
    assert done.returncode == 0, done.stderr
    assert "2 statement(s), 1 waiting for moderation" in done.stdout
    assert "r2" in surveys("round", "list", db=db).stdout
    assert surveys("round", "moderate", "r2", "t2", "reject", db=db).returncode == 2
    assert surveys("round", "moderate", "r2", "t2", "accept", db=db).returncode == 0
    assert surveys("round", "translate", "r2", "t2", "--lang", "fr", "Inviter chaque contributeur.",
                   db=db).returncode == 0
    assert surveys("round", "results", "r2", "--while-open", "show", db=db).returncode == 0
    shown = surveys("round", "show", "r2", db=db).stdout
    assert "t2\tq2\taccepted\tdelegation" in shown and "members see results while open" in shown
    # The secretariat's writes are audited, from the command line too.
    from surveys.storage.audit import entries

    with open_store(db) as store:
        audited = [(e.action, e.subject) for e in reversed(entries(store)) if (e.subject or "").startswith("r2")]
        assert all(e.actor.endswith("(command line)") for e in entries(store, action="round_created"))
    assert audited == [("round_created", "r2"), ("statement_moderated", "r2 t2"), ("translation_changed", "r2 t2"),
                       ("round_setting_changed", "r2")]
    missing = surveys("round", "create", "r3", "--wave", "demo-2015", "--statements", str(tmp_path / "no.xlsx"),
                      db=db)
    assert missing.returncode == 2 and "no.xlsx" in missing.stderr


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_vote_templates_in_the_six_languages_read_back(tmp_path, lang):
    from surveys.rounds.model import VOTES, vote_label
    from surveys.rounds.votetemplate import write_vote_template
    from surveys.storage.importer import import_files

    with make_store(f"sqlite:///{tmp_path / 'six.sqlite'}", tmp_path) as store:
        path = tmp_path / f"votes-{lang}.xlsx"
        assert write_vote_template(store, ROUND, path, lang=lang, respondent="Senegal") == 3
        book = load_workbook(path)
        votes_sheet = book.worksheets[1]
        column = 4 if lang == "en" else 5
        labels = [c.value for c in book["lists"]["A"]][1:]
        assert labels == [vote_label(v, lang) for v in VOTES]
        for row, label in zip(range(6, 9), labels):
            votes_sheet.cell(row, column, label)
        book.save(path)
        report = import_files(store, [path])
        assert report.ok, [str(i) for i in report.issues]
        assert rounds.own_votes(store, ROUND, "Senegal") == {"s01": "agree", "s02": "disagree", "s03": "pass"}


def test_a_consolidated_vote_sheet_saved_as_csv_is_read_too(tmp_path):
    from surveys.storage.importer import import_files

    with make_store(f"sqlite:///{tmp_path / 'csv.sqlite'}", tmp_path) as store:
        path = tmp_path / "votes.csv"
        path.write_text("respondent;s01;s02\nGhana;d'accord;弃权\nFrance;disagree;\n", encoding="utf-8")
        report = import_files(store, [path])
        assert report.ok and report.votes == 3, [str(i) for i in report.issues]
        assert rounds.own_votes(store, ROUND, "Ghana") == {"s01": "agree", "s02": "pass"}
