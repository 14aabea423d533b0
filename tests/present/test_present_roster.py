"""One roster for the Overview page and the reports: stored contribution months count in both."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.cli import main
from analysis.present.roster import roster, roster_sizes
from support.app import APP
from surveys.demo import DEMO_WAVE, TCC_PCC, load_demo
from surveys.respondents.contributions import read_contributions_file
from surveys.respondents.registry import council_seats, find_state
from surveys.storage.store import URL_VARIABLE, open_store

#: States outside the 2015 Council that did not answer the demo, listed as contributors too.
EXTRA = ("Finland", "Portugal", "Peru", "Mexico", "Viet Nam", "Thailand", "Zimbabwe", "Sweden", "Norway", "Austria")


@pytest.fixture
def store_with_months(tmp_path):
    """The demo wave, and a November 2015 contributions file the Secretariat imported (40 TCC/PCCs)."""
    url = f"sqlite:///{tmp_path / 'roster.sqlite'}"
    store = open_store(url)
    load_demo(store)
    codes = [find_state(name).iso3 for name in TCC_PCC + EXTRA]
    path = tmp_path / "ranks.csv"
    rows = [f"{iso},{i},{iso},{i + 1},1,99,100,30-Nov-15" for i, iso in enumerate(codes)]
    path.write_text("ISOCode3,M49_Code,Contributing_Country,Personnel_Contribution_Rank,Female_Personnel,"
                    "Male_Personnel,Total_Uniformed_Personnel,Last_Reporting_Date\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    store.save_contributions(read_contributions_file(path))
    return url, store


def test_stored_months_change_the_roster(store_with_months):
    _url, store = store_with_months
    data = store.load_wave(DEMO_WAVE)
    seats = council_seats(2015)
    expected = len({find_state(n).iso3 for n in TCC_PCC + EXTRA} - set(seats))
    assert roster_sizes(roster(data.respondents, data.wave.reference_date, store.contribution_months()))["tcc_pcc"] \
        == expected == 40
    assert roster_sizes(roster(data.respondents, data.wave.reference_date, ()))["council"] == 15


def test_overview_and_report_use_the_same_roster(store_with_months, monkeypatch, tmp_path):
    url, _store = store_with_months
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["TCC/PCC"] == "30 / 40", metrics
    out = tmp_path / "report.md"
    assert main(["export", "--db", url, "--format", "md", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert re.search(r"TCC/PCC: 30 of 40 \(75%\) answered\.", text), text[:1500]
