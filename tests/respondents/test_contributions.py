"""TCC/PCC figures: built-in months from the UN's reports, open-data CSV readers, month choice."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from surveys.errors import UnreadableFile
from surveys.respondents.contributions import (
    ContributionMonth,
    Personnel,
    builtin_months,
    contributors_on,
    month_for,
    read_contributions_file,
)
from surveys.respondents.registry import find_state

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
PEACEKEEPING = SHARED / "data" / "peacekeeping"


def shared_file(name: str) -> Path:
    path = PEACEKEEPING / name
    if not path.is_file():
        pytest.skip(f"reference file {path} is absent (fresh clone): nothing to check against")
    return path


def by_month() -> dict[dt.date, ContributionMonth]:
    return {m.month: m for m in builtin_months()}


# --- built-in months --------------------------------------------------------------------------

def test_builtin_months_are_december_2015_and_july_2025():
    assert list(by_month()) == [dt.date(2015, 12, 31), dt.date(2025, 7, 31)]
    for month in builtin_months():
        assert month.source
        assert all(find_state(iso3) is not None for iso3 in month.personnel), month.month


@pytest.mark.parametrize("country, total", [
    # "UN Mission's Summary detailed by Country", 31-Dec-15: country subtotal lines.
    ("ARG", 362),   # page 1, "Argentina 362"
    ("BGD", 8496),  # page 3, "Bangladesh 8,496"
    ("CHN", 3045),  # page 10, "China 3,045"
    ("ETH", 8296),  # page 13, "Ethiopia 8,296"
])
def test_december_2015_country_totals(country, total):
    assert by_month()[dt.date(2015, 12, 31)].personnel[country].total == total


def test_december_2015_by_personnel_type():
    # Whole report, by description (shared/data/peacekeeping README, an independent parse):
    # Contingent Troop 91,383; Formed Police Units 9,470 + Individual Police 4,388; Experts 1,847.
    month = by_month()[dt.date(2015, 12, 31)]
    assert sum(p.troops for p in month.personnel.values()) == 91383
    assert sum(p.police for p in month.personnel.values()) == 9470 + 4388
    assert sum(p.experts for p in month.personnel.values()) == 1847
    assert month.total == 107088


def test_july_2025_grand_total_and_one_country():
    month = by_month()[dt.date(2025, 7, 31)]
    # "Contribution of Uniformed Personnel to UN ...", as of 31/07/2025, page 30: "Grand Total ... 61127".
    assert month.total == 61127
    # Ireland: Staff Officer 2 (UNDOF, page 12), Staff Officer 7 + Troops 337 (UNIFIL, page 15);
    # Individual Police 12 (page 13); Experts on Mission 0 (page 2) + 13 (page 28).
    assert month.personnel["IRL"] == Personnel(troops=2 + 7 + 337, police=12, experts=0 + 13)
    # README of the report: 118 contributing countries are listed (Ukraine with zeros only).
    assert len(month.personnel) == 118
    assert "UKR" in month.personnel and "UKR" not in month.contributors


def test_builtin_csvs_regenerate_from_the_pdfs(tmp_path, monkeypatch):
    pdf_2015 = shared_file("UN_country_contributions_2015_12.pdf")
    pdf_2025 = shared_file("UN_country_contributions_2025_07.pdf")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    spec = importlib.util.spec_from_file_location("extract_contributions", REPO / "scripts" / "extract_contributions.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for parse, pdf, name in ((script.parse_2015, pdf_2015, "contributions_2015-12.csv"),
                             (script.parse_2025, pdf_2025, "contributions_2025-07.csv")):
        target = tmp_path / name
        script.write_csv(parse(pdf), target, "x")
        committed = (REPO / "surveys" / "respondents" / "data" / name).read_text(encoding="utf-8")
        body = [line for line in committed.splitlines() if not line.startswith("#")]
        assert target.read_text(encoding="utf-8").splitlines()[1:] == body, name


# --- choosing the month --------------------------------------------------------------------------

def _month(day: dt.date, **people: int) -> ContributionMonth:
    return ContributionMonth(day, "test", {iso3: Personnel(troops=n) for iso3, n in people.items()})


MONTHS = [_month(dt.date(2015, 12, 31), ETH=10, ISL=0), _month(dt.date(2020, 6, 30), NPL=5),
          _month(dt.date(2025, 7, 31), IRL=3)]


@pytest.mark.parametrize("when, expected, noted", [
    (dt.date(2015, 12, 31), {"ETH"}, False),
    (dt.date(2019, 1, 1), {"ETH"}, False),
    (dt.date(2020, 6, 30), {"NPL"}, False),
    (dt.date(2030, 1, 1), {"IRL"}, False),
    (dt.date(2010, 1, 1), {"ETH"}, True),  # before every month: the earliest, noted
])
def test_contributors_on(when, expected, noted):
    assert contributors_on(MONTHS, when) == frozenset(expected)
    month, note = month_for(reversed(MONTHS), when)
    assert (note is not None) == noted
    if noted:
        assert "2015-12-31" in note


def test_no_months():
    assert contributors_on([], dt.date(2020, 1, 1)) == frozenset()
    assert month_for([], dt.date(2020, 1, 1)) == (None, "no contribution figures are loaded")


# --- reading open-data files -------------------------------------------------------------------

def test_read_un_ranking_file():
    months = read_contributions_file(shared_file("odp_contributionranks_2022-01-31.csv"))
    assert len(months) == 1
    month = months[0]
    assert month.month == dt.date(2022, 1, 31)  # Last_Reporting_Date 31-Jan-22
    assert len(month.personnel) == 122          # README: 122 data rows
    assert month.total == 75252                 # README: sum of totals 75,252
    assert month.personnel["BGD"].total == 6403  # first data row: BGD ... 6403


def test_read_ipi_month_file():
    path = shared_file("ipi_current_month_2014-03-31.csv")
    months = read_contributions_file(path)
    assert [m.month for m in months] == [dt.date(2014, 3, 31)]
    month = months[0]
    assert len(month.personnel) == 122  # README: 122 contributors
    assert month.total == 97811         # README: sum of Total = 97,811
    # The file's own Total column, per contributor, against our troops + police + experts.
    expected = defaultdict(int)
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            expected[row["Contributor_ISO-3"]] += int(float(row["Total"])) if row["Total"] != "NA" else 0
    assert {k: p.total for k, p in month.personnel.items()} == dict(expected)


def test_ranking_with_bom_crlf_and_several_months(tmp_path):
    path = tmp_path / "ranks.csv"
    text = ("ISOCode3,M49_Code,Contributing_Country,Personnel_Contribution_Rank,Female_Personnel,"
            "Male_Personnel,Total_Uniformed_Personnel,Last_Reporting_Date\r\n"
            "NPL,524,Nepal,1,300,5000,\"5,300\",31-Jan-22\r\n"
            "CIV,384,Côte d’Ivoire,2,1,9,10,31-Jan-22\r\n"
            "\r\n"
            "NPL,524,Nepal,1,1,1,2,28-Feb-22\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    months = read_contributions_file(path)
    assert [m.month for m in months] == [dt.date(2022, 1, 31), dt.date(2022, 2, 28)]
    assert months[0].personnel == {"NPL": Personnel(troops=5300), "CIV": Personnel(troops=10)}
    assert months[1].total == 2


def test_ipi_layout_with_na_and_aggregates(tmp_path):
    path = tmp_path / "ipi.csv"
    path.write_text(
        "Date,Contributor,Contributor_ISO-3,Mission,Experts_on_Mission,Formed_Police_Units,"
        "Individual_Police,Civilian_Police,Troops,Observers,Total\n"
        "2014-03-31,Ghana,GHA,UNMIL,2,NA,5,5,700,2,707\n"
        "2014-03-31,Ghana,GHA,UNIFIL,NA,NA,NA,NA,870,NA,870\n"
        # an older row with only the aggregate columns filled
        "2014-03-31,Fiji,FJI,UNDOF,NA,NA,NA,12,NA,3,15\n", encoding="utf-8")
    month = read_contributions_file(path)[0]
    assert month.personnel["GHA"] == Personnel(troops=1570, police=5, experts=2)
    assert month.personnel["FJI"] == Personnel(troops=0, police=12, experts=3)


def test_unknown_layout_is_refused_with_the_expected_columns(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("Country,Budget\nNepal,3\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_contributions_file(path)
    message = str(caught.value)
    assert message.startswith("budget.csv: not a contributions file")
    assert "ISOCode3" in message and "Contributor_ISO-3" in message and "found Country, Budget" in message
    assert "\n" not in message


@pytest.mark.parametrize("row, expected", [
    ("NPL,Nepal,lots,31-Jan-22", "row 2, column Total_Uniformed_Personnel: expected a number of personnel, found 'lots'"),
    ("NPL,Nepal,-4,31-Jan-22", "row 2, column Total_Uniformed_Personnel: expected a whole number"),
    ("Nepal,Nepal,4,31-Jan-22", "row 2, column ISOCode3: expected an ISO 3166 alpha-3 country code"),
    ("NPL,Nepal,4,January", "row 2, column Last_Reporting_Date: expected a date"),
])
def test_bad_cells_are_refused_with_row_and_column(tmp_path, row, expected):
    path = tmp_path / "ranks.csv"
    path.write_text(f"ISOCode3,Contributing_Country,Total_Uniformed_Personnel,Last_Reporting_Date\n{row}\n",
                    encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_contributions_file(path, display_name="ranks upload.csv")
    assert str(caught.value).startswith("ranks upload.csv: ")
    assert expected in str(caught.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="nothing.csv: cannot read the file"):
        read_contributions_file(tmp_path / "nothing.csv")
