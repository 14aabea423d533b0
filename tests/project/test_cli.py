"""``python -m surveys`` end to end, as a user runs it: a real process, a real SQLite file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from surveys.demo import write_wide

REPO = Path(__file__).resolve().parents[2]
HEADER = ["respondent", "group", "q1_overall", "q4_e10_role"]


def run(*args: str, db: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "surveys", *args] + (["--db", db] if db else [])
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_import_reports_each_file_and_refuses_repeats_and_bad_input(db, tmp_path):
    good = write_wide(tmp_path / "ghana.xlsx", HEADER, [["Ghana", "tcc_pcc", "2", "4"], ["Chad", "council", "3", "5"]])
    done = run("import", str(good), db=db)
    assert done.returncode == 0, done.stderr
    assert "ghana.xlsx: stored 2 respondent(s), 4 answer(s) in wave wgpko_2015_triangular (import 1)" in done.stdout

    again = run("import", str(good), db=db)
    assert again.returncode == 0 and "ghana.xlsx: unchanged" in again.stdout

    second = write_wide(tmp_path / "ghana-v2.xlsx", HEADER, [["Ghana", "tcc_pcc", "4", "4"]])
    refused = run("import", str(second), db=db)
    assert refused.returncode == 2
    assert "ghana-v2.xlsx, responses!A2: error: Ghana already answered in this wave (ghana.xlsx)" in refused.stderr
    assert "--replace" in refused.stderr
    replaced = run("import", str(second), "--replace", db=db)
    assert replaced.returncode == 0 and "stored 1 respondent(s)" in replaced.stdout

    bad = write_wide(tmp_path / "bad.xlsx", HEADER, [["Nepal", "tcc_pcc", "9", "4"]])
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    failed = run("import", str(bad), str(junk), str(tmp_path / "absent.xlsx"), db=db)
    assert failed.returncode == 2
    for name in ("bad.xlsx, responses!C2", "junk.xlsx", "absent.xlsx"):
        assert name in failed.stderr
    assert "nothing was stored" in failed.stderr

    log = run("imports", db=db)
    assert log.returncode == 0
    outcomes = [line.split("\t")[3] for line in log.stdout.splitlines() if not line.startswith("\t")]
    assert outcomes == ["ok", "unchanged", "refused", "ok", "refused", "refused", "refused"]


def test_respondents_json_lists_groups_answers_and_people(db, tmp_path):
    path = write_wide(tmp_path / "a.xlsx", HEADER, [["Ghana", "tcc_pcc", "2", "4"], ["Chad", "council", "3", None],
                                                   ["Police Division", "secretariat", "3", "dk"]])
    assert run("import", str(path), db=db).returncode == 0
    out = tmp_path / "who.json"
    done = run("respondents", "--json", str(out), db=db)
    assert done.returncode == 0, done.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["groups"] == {"council": 1, "tcc_pcc": 1, "secretariat": 1, "other": 0}
    assert payload["answers"] == 5
    assert payload["respondents"] == [
        {"name": "Ghana", "iso3": "GHA", "group": "tcc_pcc", "answers": 2},
        {"name": "Chad", "iso3": "TCD", "group": "council", "answers": 1},
        {"name": "Police Division", "iso3": None, "group": "secretariat", "answers": 2},
    ]


def test_waves_imports_and_withdraw(db, tmp_path):
    path = write_wide(tmp_path / "a.xlsx", HEADER, [["Ghana", "tcc_pcc", "2", "4"]])
    assert "no waves stored yet" in run("waves", db=db).stdout
    assert run("import", str(path), "--wave", "december", db=db).returncode == 0
    waves = run("waves", db=db).stdout
    assert waves.startswith("december\twgpko_2015_triangular v2015.1\t2015-12-11\t1 respondent(s)\t2 answer(s)")
    done = run("withdraw", "1", db=db)
    assert done.returncode == 0 and "withdrew import 1 (a.xlsx) from wave december" in done.stdout
    assert "\t0 respondent(s)" in run("waves", db=db).stdout
    again = run("withdraw", "1", db=db)
    assert again.returncode == 2 and "outcome 'withdrawn'" in again.stderr
    missing = run("withdraw", "42", db=db)
    assert missing.returncode == 2 and "no import with id 42" in missing.stderr
    unknown = run("respondents", "--wave", "nope", "--json", "-", db=db)
    assert unknown.returncode == 2 and "no wave named 'nope'" in unknown.stderr


def test_instrument_export_then_check(tmp_path):
    out = tmp_path / "instrument.xlsx"
    done = run("instrument", "export", "--out", str(out))
    assert done.returncode == 0 and out.is_file()
    checked = run("instrument", "check", str(out))
    assert checked.returncode == 0, checked.stderr
    assert "valid instrument wgpko_2015_triangular version 2015.1" in checked.stdout
    broken = write_wide(tmp_path / "broken.xlsx", ["type", "name"], [["select_one nolist", "q1"]])
    failed = run("instrument", "check", str(broken))
    assert failed.returncode == 2 and "broken.xlsx" in failed.stderr


def test_template_is_written_and_imports_back_empty_of_errors(db, tmp_path):
    out = tmp_path / "nepal.xlsx"
    done = run("template", "--out", str(out), "--lang", "zh", "--respondent", "Nepal", "--group", "tcc_pcc")
    assert done.returncode == 0, done.stderr
    assert out.is_file() and out.stat().st_size > 0
    bad_group = run("template", "--out", str(out), "--group", "nobody")
    assert bad_group.returncode == 2 and "invalid choice" in bad_group.stderr


def test_contributions_import_stores_months_and_refuses_other_files(db, tmp_path):
    csv = tmp_path / "ranks.csv"
    csv.write_text("ISOCode3,M49_Code,Contributing_Country,Personnel_Contribution_Rank,Female_Personnel,"
                   "Male_Personnel,Total_Uniformed_Personnel,Last_Reporting_Date\n"
                   "NPL,524,Nepal,1,10,90,100,31-Jan-22\nFJI,242,Fiji,2,1,9,10,31-Jan-22\n", encoding="utf-8")
    done = run("contributions", "import", str(csv), db=db)
    assert done.returncode == 0, done.stderr
    assert "2022-01: 2 contributing countries" in done.stdout and "stored 1 month(s)" in done.stdout
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = run("contributions", "import", str(other), db=db)
    assert refused.returncode == 2 and "other.csv: not a contributions file" in refused.stderr


def test_demo_loads_once_and_writes_its_workbook(db, tmp_path):
    first = run("demo", db=db)
    assert first.returncode == 0, first.stderr
    assert "loaded the demo: 54 respondent(s)" in first.stdout
    assert "nothing changed" in run("demo", db=db).stdout
    out = tmp_path / "demo.xlsx"
    assert run("demo", "--out", str(out)).returncode == 0 and out.is_file()


def test_default_database_is_created_under_the_working_directory(tmp_path):
    env_free = dict(os.environ, PYTHONPATH=str(REPO))
    env_free.pop("TRIALOGUE_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "surveys", "waves"], capture_output=True, text=True,
                          cwd=tmp_path, env=env_free, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "trialogue.sqlite").is_file()


@pytest.mark.parametrize("args, message", [
    (["waves", "--db", "not a url"], "not a database URL"),
    (["waves", "--db", "sqlite:///{tmp}/a-file/x.sqlite"], "cannot create the folder"),
    (["import"], "the following arguments are required"),
    (["withdraw", "seven"], "invalid int value"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(args, message, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    done = run(*[arg.format(tmp=tmp_path) for arg in args], cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.strip()
