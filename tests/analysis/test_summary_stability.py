"""The same answers give the same summary: two separate runs, two separate processes.

Covers the demo wave and the default instrument's round trip (template → filled by
delegations → import), through the same command-line entry points a user runs.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.workbooks import fill_template
from surveys.instrument.default import default_instrument
from surveys.reading.template import write_template

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    done = subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def summary_json(url: str, out: Path, seed: str) -> dict:
    # A different hash seed per process: nothing may depend on set or dict-of-str ordering.
    run("-m", "analysis", "summary", "--db", url, "--json", str(out), env_extra={"PYTHONHASHSEED": seed})
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data.pop("generated_at")
    return data


def test_demo_summary_is_the_same_in_two_stores_and_two_runs(tmp_path):
    first, second = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    run("-m", "surveys", "demo", "--db", first)
    run("-m", "surveys", "demo", "--db", second)
    a = summary_json(first, tmp_path / "a.json", "1")
    b = summary_json(second, tmp_path / "b.json", "2")
    assert a["data_version"] == b["data_version"]
    assert len(a["items"]) == len(default_instrument().items)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


DELEGATIONS = {
    "China": {"q1_overall": "4", "q1_timely": "Agree", "q3_start": "2", "q4_e10_role": "3",
              "q1_channels/formal_meetings": "x", "q1_channels/informal_dialogues": "x",
              "q5_preferred_format": "combination", "q1_comment": "Informal dialogues work best."},
    "Chad": {"q1_overall": "3", "q1_timely": "Disagree", "q3_start": "1", "q4_e10_role": "Strongly agree",
             "q1_channels/informal_dialogues": "x", "q5_preferred_format": "informal"},
    "Bangladesh": {"q1_overall": "2", "q1_timely": "Strongly disagree", "q3_start": "1", "q4_e10_role": "Agree",
                   "q1_channels/field_visits": "x", "q5_preferred_format": "informal"},
    "Nepal": {"q1_overall": "2", "q1_timely": "Disagree", "q3_start": "2", "q4_e10_role": "Agree",
              "q1_channels/secretariat_briefings": "x", "q5_preferred_format": "combination"},
    "Rwanda": {"q1_overall": "1", "q1_timely": "Don't know", "q3_start": "1", "q4_e10_role": "4",
               "q5_preferred_format": "informal"},
    "Office of Military Affairs": {"group": "secretariat", "q1_overall": "3", "q1_timely": "Neither agree nor disagree",
                                  "q3_start": "2", "q4_e10_role": "Agree", "q5_preferred_format": "formal"},
}


def test_default_instrument_round_trip_summary_is_stable(tmp_path):
    instrument = default_instrument()
    files = []
    for name, answers in DELEGATIONS.items():
        template = tmp_path / f"template-{len(files)}.xlsx"
        group = answers.get("group")
        write_template(instrument, template, lang="en", respondent=name, group=group)
        files.append(fill_template(template, tmp_path / f"answers-{len(files)}.xlsx",
                                   {k: v for k, v in answers.items() if k != "group"}))
    url = f"sqlite:///{tmp_path / 'round.sqlite'}"
    run("-m", "surveys", "import", *map(str, files), "--db", url)

    a = summary_json(url, tmp_path / "a.json", "3")
    b = summary_json(url, tmp_path / "b.json", "4")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    # The round trip kept what the delegations typed.
    assert a["groups"] == {"council": 2, "tcc_pcc": 3, "secretariat": 1}
    overall = next(item for item in a["items"] if item["item"] == "q1_overall")
    assert overall["groups"]["council"]["counts"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 0}
    assert overall["groups"]["tcc_pcc"]["counts"] == {"1": 1, "2": 2, "3": 0, "4": 0, "5": 0}
    timely = next(item for item in a["items"] if item["item"] == "q1_timely")
    assert timely["groups"]["tcc_pcc"]["missing"] == 1  # Rwanda's "Don't know"
