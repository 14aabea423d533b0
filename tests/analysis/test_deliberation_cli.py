"""``python -m analysis deliberation --round NAME --json FILE`` in a real process: votes imported
from a consolidated vote sheet through ``python -m surveys import`` into a real SQLite file,
the JSON read back and checked against a tally by hand."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.cli_imports import REPO, run
from support.rounds_fixtures import ROUND, make_store, sheet

# Seven delegations, three statements; blank = not voted.
VOTES = [
    ["respondent", "group", "s01", "s02", "s03"],
    ["France", "council", "agree", "disagree", "pass"],
    ["United Kingdom", "council", "agree", "disagree", None],
    ["China", "council", "disagree", "disagree", "agree"],
    ["Ghana", "tcc_pcc", "agree", "agree", "pass"],
    ["India", "tcc_pcc", "agree", "agree", "disagree"],
    ["Nepal", "tcc_pcc", "agree", "agree", None],
    ["Department of Peacekeeping Operations", "secretariat", "agree", "pass", "agree"],
]
# By hand, (agree, disagree, pass, n) per group:
HAND_VOTES = {
    "s01": {"council": (2, 1, 0, 3), "tcc_pcc": (3, 0, 0, 3), "secretariat": (1, 0, 0, 1)},
    "s02": {"council": (0, 3, 0, 3), "tcc_pcc": (3, 0, 0, 3), "secretariat": (0, 0, 1, 1)},
    "s03": {"council": (1, 0, 1, 2), "tcc_pcc": (0, 1, 1, 2), "secretariat": (1, 0, 0, 1)},
}
# Group-informed consensus, the product over groups of (A_g + 1) / (S_g + 2) (Pol.is), by hand:
#   s01 agree 3/5 * 4/5 * 2/3 = 8/25     disagree 2/5 * 1/5 * 1/3 = 2/75
#   s02 agree 1/5 * 4/5 * 1/3 = 4/75     disagree 4/5 * 1/5 * 1/3 = 4/75
#   s03 agree 2/4 * 1/4 * 2/3 = 1/12     disagree 1/4 * 2/4 * 1/3 = 1/24
HAND_CONSENSUS = {"s01": (8 / 25, 2 / 75), "s02": (4 / 75, 4 / 75), "s03": (1 / 12, 1 / 24)}


def analysis(*args: str, db: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "analysis", "deliberation", *args, "--db", db],
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deliberation-cli")
    url = f"sqlite:///{folder / 'round.sqlite'}"
    make_store(url, folder).close()
    done = run(sheet(folder / "votes.xlsx", VOTES), db=url)
    assert done.returncode == 0, done.stderr
    assert "stored 19 vote(s) of 7 delegation(s)" in done.stdout
    return url


def test_the_command_writes_the_round_as_counted_by_hand(db, tmp_path):
    out = tmp_path / "round.json"
    done = analysis("--round", ROUND, "--json", str(out), db=db)
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"round", "data_version", "groups", "statements", "opinion_groups"}
    assert doc["round"] == ROUND and len(doc["data_version"]) >= 8
    assert doc["groups"] == {"council": 3, "tcc_pcc": 3, "secretariat": 1}
    votes = {s["id"]: {g: (v["agree"], v["disagree"], v["pass"], v["n"]) for g, v in s["votes"].items()}
             for s in doc["statements"]}
    assert votes == HAND_VOTES
    for statement in doc["statements"]:
        agree, disagree = HAND_CONSENSUS[statement["id"]]
        assert statement["consensus"]["agree"] == pytest.approx(agree, rel=1e-12)
        assert statement["consensus"]["disagree"] == pytest.approx(disagree, rel=1e-12)
        assert {"name", "pvalue", "qvalue"} <= set(statement["test"])
    # s01 has a majority in every group, but the Secretariat's one vote is under the minimum of 3.
    assert [s["bridging"] for s in doc["statements"]] == [False, False, False]
    # Only participants who voted on every statement (min(7, 3) votes, as Pol.is places them) are
    # placed: five of seven, too few to split honestly, so one opinion group without representatives.
    assert doc["opinion_groups"] == [{"id": 1, "size": 5, "by_group": {"council": 2, "tcc_pcc": 2, "secretariat": 1},
                                      "representative": []}]
    text = out.read_text(encoding="utf-8")
    assert not any(row[0] in text for row in VOTES[1:]), "participants are not named without --members"

    # The same document on standard output; --min-cell 1 lets s01 bridge.
    same = analysis("--round", ROUND, "--json", "-", db=db)
    assert json.loads(same.stdout) == doc
    looser = json.loads(analysis("--round", ROUND, "--json", "-", "--min-cell", "1", db=db).stdout)
    assert [s["bridging"] for s in looser["statements"]] == [True, False, False]


def test_the_command_refuses_clearly(db, tmp_path):
    missing = analysis("--round", "no-such-round", "--json", str(tmp_path / "x.json"), db=db)
    assert missing.returncode == 2 and "no-such-round" in missing.stderr
    assert not (tmp_path / "x.json").exists()
    bad = analysis("--round", ROUND, "--json", "-", "--min-cell", "0", db=db)
    assert bad.returncode == 2 and "--min-cell" in bad.stderr
    unwritable = analysis("--round", ROUND, "--json", str(tmp_path / "none" / "x.json"), db=db)
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr


def test_members_read_the_round_as_the_dashboard_shows_it_to_them(db, tmp_path):
    refused = analysis("--round", ROUND, "--json", "-", "--audience", "members", db=db)
    assert refused.returncode == 2 and "not shown to members before it closes" in refused.stderr
    assert not refused.stdout
    named = analysis("--round", ROUND, "--json", "-", "--audience", "members", "--members", db=db)
    assert named.returncode == 2 and "secretariat audience only" in named.stderr
    # The round's setting shows running results to members (on a copy of the store).
    copy = tmp_path / "shown.sqlite"
    copy.write_bytes(Path(db.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    shown = subprocess.run([sys.executable, "-m", "surveys", "round", "results", ROUND, "--while-open", "show",
                            "--db", url], capture_output=True, text=True, cwd=REPO, timeout=300,
                           env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert shown.returncode == 0, shown.stderr
    doc = json.loads(analysis("--round", ROUND, "--json", "-", "--audience", "members", db=url).stdout)
    # The Secretariat's one delegation is under the minimum cell size of 3: left out altogether.
    assert doc["groups"] == {"council": 3, "tcc_pcc": 3}
    votes = {s["id"]: {g: (v["agree"], v["disagree"], v["pass"], v["n"]) for g, v in s["votes"].items()}
             for s in doc["statements"]}
    assert votes["s01"]["council"] == (None, None, 0, 3)  # 2 agree and 1 disagree: both under 3
    assert votes["s01"]["tcc_pcc"] == (3, 0, 0, 3)
    assert votes["s02"] == {"council": (0, 3, 0, 3), "tcc_pcc": (3, 0, 0, 3)}
    assert votes["s03"] == {"council": (None,) * 4, "tcc_pcc": (None,) * 4}  # two votes each: withheld
    counts = [n for s in votes.values() for cell in s.values() for n in cell]
    counts += [n for g in doc["opinion_groups"] for n in [g["size"], *g["by_group"].values()]]
    assert not [n for n in counts if n is not None and 0 < n < 3]
