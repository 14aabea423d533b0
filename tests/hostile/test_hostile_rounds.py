"""Deliberation rounds meet the same text policy and limits as answers: vote sheets and
statement workbooks through the command line (stored cleaned and said, or refused with the
reason, the same on SQLite and PostgreSQL), and names and texts typed as arguments."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli_imports import REPO, refused, run
from support.hostile import LINK, LONG, PIXEL, _inline, _raw_xlsx, _xlsxwriter
from support.pgserver import fresh_database
from support.rounds_fixtures import ROUND, make_store
from surveys import rounds
from surveys.storage.store import open_store


def surveys(*args: str, db: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "surveys", *args, "--db", db], capture_output=True, text=True,
                          cwd=REPO, timeout=300, env=dict(os.environ, PYTHONPATH=str(REPO), TRIALOGUE_DEBUG=""))
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def cleaned_votes(folder: Path) -> list[Path]:
    """Control characters in a delegation's name and in votes (XlsxWriter writes them as Excel does)."""
    return [_xlsxwriter(folder / "votes.xlsx", [["respondent", "s01", "s02"], ["Gha\x00na", "agree\x01", "pass\x0b"],
                                                ["Fra\u202ence", "disagree", None]], sheet="votes")]


def long_name_votes(folder: Path) -> list[Path]:
    return [_xlsxwriter(folder / "votes.xlsx", [["respondent", "group", "s01"],
                                                ["Institute " + "n" * 390, "other", "agree"]], sheet="votes")]


def many_delegations(folder: Path) -> list[Path]:
    path = folder / "votes.csv"
    path.write_text("respondent,group,s01\n" + "".join(f"Participant {n},other,agree\n" for n in range(1_001)),
                    encoding="utf-8")
    return [path]


def million_rows(folder: Path) -> list[Path]:
    def rows():
        yield '<row r="1">' + _inline("A1", "respondent") + _inline("B1", "s01") + "</row>"
        for r in range(2, 1_000_002):
            yield f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>' + _inline(f"B{r}", "agree") + "</row>"
    return [_raw_xlsx(folder / "million.xlsx", rows())]


#: name → (files, stored?, what the report says)
VOTE_CASES = {
    "controls": (cleaned_votes, True, (
        "votes.xlsx, sheet votes: warning: 4 cells with the same problem (A2, B2, C2, …); the first: this cell "
        "was stored cleaned: control characters",)),
    "long name": (long_name_votes, False, ("votes.xlsx, votes!A2: error: respondent name of 400 characters: "
                                           "at most 300",)),
    "1,001 delegations": (many_delegations, False, (
        "votes.csv: error: sheet 'votes.csv' holds the votes of 1,001 delegations: at most 1,000 per file",
        "--max-respondents")),
    "a million rows": (million_rows, False, (
        "million.xlsx: error: sheet 'responses' has 1,000,001 rows: a file may hold at most 1,000 respondents",)),
}


def vote_outcome(case: str, url: str, folder: Path) -> subprocess.CompletedProcess:
    build, stored, says = VOTE_CASES[case]
    make_store(url, folder).close()
    done = run(*build(folder), db=url)
    if stored:
        assert done.returncode == 0, done.stderr
    else:
        refused(done)
    for piece in says:
        assert piece in done.stdout + done.stderr, (piece, done.stderr)
    with open_store(url) as store:
        history = rounds.vote_history(store, ROUND)
    if stored:
        assert sorted((v.respondent, v.statement, v.vote) for v in history) == [
            ("France", "s01", "disagree"), ("Ghana", "s01", "agree"), ("Ghana", "s02", "pass")]
    else:
        assert not history
    return done


@pytest.mark.parametrize("case", list(VOTE_CASES))
def test_a_hostile_vote_sheet_is_stored_cleaned_or_refused(case, tmp_path):
    vote_outcome(case, f"sqlite:///{tmp_path / 'votes.sqlite'}", tmp_path)


@pytest.mark.postgres
@pytest.mark.parametrize("case", list(VOTE_CASES))
def test_a_hostile_vote_sheet_has_the_same_outcome_on_postgresql(case, postgres_url, tmp_path):
    (tmp_path / "lite").mkdir()
    (tmp_path / "pg").mkdir()
    on_sqlite = vote_outcome(case, f"sqlite:///{tmp_path / 'lite' / 'votes.sqlite'}", tmp_path / "lite")
    on_postgres = vote_outcome(case, fresh_database(postgres_url, "hostile_votes"), tmp_path / "pg")
    assert (on_postgres.returncode, on_postgres.stdout, on_postgres.stderr) == (
        on_sqlite.returncode, on_sqlite.stdout, on_sqlite.stderr)


def test_a_statements_workbook_is_stored_cleaned_and_markdown_kept_as_text(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    make_store(url, tmp_path).close()
    path = _xlsxwriter(tmp_path / "statements.xlsx", [
        ["id", "question", "text::English (en)", "text::Arabic (ar)"],
        ["h1", "q1", f"Consult\x0bearly {PIXEL} {LINK}", "\u202eتشاور"],
        ["h2", "q5", "Plain\x01 text", None]], sheet="statements")
    done = surveys("round", "create", "hostile", "--wave", "demo-2015", "--statements", str(path), db=url)
    assert done.returncode == 0, done.stderr
    assert ("statements.xlsx, sheet statements: warning: 3 cells with the same problem (C2, D2, C3); the first: "
            "this cell was stored cleaned: line breaks from Word") in done.stderr
    with open_store(url) as store:
        texts = {s.id: dict(s.texts) for s in rounds.round_statements(store, "hostile")}
    assert texts == {"h1": {"en": f"Consult early {PIXEL} {LINK}", "ar": "تشاور"}, "h2": {"en": "Plain text"}}


def test_a_statement_longer_than_a_cell_is_refused_with_its_cell(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    make_store(url, tmp_path).close()
    path = _raw_xlsx(tmp_path / "statements.xlsx", [
        '<row r="1">' + _inline("A1", "id") + _inline("B1", "question") + _inline("C1", "text") + "</row>",
        '<row r="2">' + _inline("A2", "h1") + _inline("B2", "q1") + _inline("C2", "x" * LONG) + "</row>"])
    done = surveys("round", "create", "long", "--wave", "demo-2015", "--statements", str(path), db=url)
    assert done.returncode == 2
    assert "statements.xlsx, responses!C2: error: this cell has 100,000 characters: a cell holds at most 32,767" \
        in done.stderr
    with open_store(url) as store:
        assert [r.name for r in rounds.rounds(store)] == [ROUND]


@pytest.mark.parametrize("args, said", [
    (("create", "Round\x07 2", "--wave", "demo-2015", "--statements", "{statements}"),
     "the round name holds an invisible or control character (U+0007) at position 6"),
    (("create", "r" * 250, "--wave", "demo-2015", "--statements", "{statements}"),
     "the round name has 250 characters: at most 200"),
    (("translate", ROUND, "s01", "--lang", "fr", "Consulter\x01 tôt"),
     "the translation holds an invisible or control character (U+0001) at position 10"),
    (("submit", ROUND, "--respondent", "Ghana", "--question", "q1", "Hear\u202e us"),
     "the statement holds an invisible or control character (U+202E) at position 5"),
    (("moderate", ROUND, "s01", "reject", "--reason", "off\x1b[31m topic"),
     "the reason holds an invisible or control character (U+001B) at position 4"),
])
def test_names_and_texts_typed_as_arguments_are_refused_unless_plain_text(args, said, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    make_store(url, tmp_path).close()
    statements = _xlsxwriter(tmp_path / "statements.xlsx", [["id", "question", "text"], ["h1", "q1", "Fine"]],
                             sheet="statements")
    with open_store(url) as store:
        before = (rounds.get_round(store, ROUND).data_version, [r.name for r in rounds.rounds(store)],
                  {s.id: dict(s.texts) for s in rounds.round_statements(store, ROUND)})
    done = surveys("round", *(a.format(statements=statements) for a in args), db=url)
    assert done.returncode != 0 and said in done.stderr, done.stderr
    with open_store(url) as store:
        assert before == (rounds.get_round(store, ROUND).data_version, [r.name for r in rounds.rounds(store)],
                          {s.id: dict(s.texts) for s in rounds.round_statements(store, ROUND)})


def test_a_statement_typed_with_word_s_soft_line_break_is_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    make_store(url, tmp_path).close()
    done = surveys("round", "submit", ROUND, "--respondent", "Ghana", "--question", "q1", f"Hear\x0bus {PIXEL}",
                   db=url)
    assert done.returncode == 0, done.stderr
    with open_store(url) as store:
        submitted = [s for s in rounds.round_statements(store, ROUND) if s.origin == "delegation"]
    assert [dict(s.texts) for s in submitted] == [{"en": f"Hear us {PIXEL}"}]
