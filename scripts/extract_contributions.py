"""Regenerate surveys/respondents/data/contributions_<yyyy-mm>.csv from the UN's monthly PDF reports.

One-off, reproducible extraction of per-country uniformed personnel (troops, police,
experts on mission) from two UN Peacekeeping monthly reports:

* "UN Mission's Summary detailed by Country", month of report 31-Dec-15 (46 pages),
* "Contribution of Uniformed Personnel to UN by Mission, Country, and Personnel Type",
  as of 31/07/2025 (30 pages).

Needs ``pdftotext`` (poppler-utils) on PATH; it is not a runtime dependency. Every country
subtotal (2015) and every mission total plus the grand total (2025) printed in the report is
checked against the sum of the rows read, so a parsing slip stops the script.

Usage: python scripts/extract_contributions.py DEC2015.pdf JUL2025.pdf
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from surveys.respondents.registry import find_state  # noqa: E402

# Personnel type in the report -> our category. Staff officers are military (2025 report);
# in 2015 they were counted inside "Contingent Troop".
CATEGORY = {"Contingent Troop": "troops", "Troops": "troops", "Staff Officer": "troops",
            "Formed Police Units": "police", "Individual Police": "police",
            "Experts on Mission": "experts"}
_TYPES = "|".join(map(re.escape, CATEGORY))


def pdf_text(path: Path, *, layout: bool) -> list[str]:
    mode = "-layout" if layout else "-raw"
    out = subprocess.run(["pdftotext", mode, str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8").splitlines()


def number(text: str) -> int:
    return int(text.replace(",", ""))


def iso3_of(name: str) -> str:
    state = find_state(name)
    if state is None:
        raise SystemExit(f"country {name!r} is not in the member-state registry")
    return state.iso3


def parse_2015(path: Path) -> dict[str, dict[str, int]]:
    """Layout text: a country name at column 0 opens a block; indented rows carry
    ``[MISSION] Description M F Total``; deeply indented ``Name n`` lines are subtotals."""
    detail = re.compile(rf"^\s+(?:\S+\s+)?({_TYPES})\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$")
    subtotal = re.compile(r"^\s{20,}(\S.*?)\s+([\d,]+)\s*$")
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    country: str | None = None
    checked = 0
    for line in pdf_text(path, layout=True):
        if not line.strip() or line.lstrip().startswith(("UN Mission's", "detailed by", "Month of Report",
                                                          "Country ", "Page ")):
            continue
        if match := detail.match(line):
            kind, male, female, total = match.groups()
            assert number(male) + number(female) == number(total), line
            totals[iso3_of(country)][CATEGORY[kind]] += number(total)
        elif not line[0].isspace():
            country = line.strip()
        elif (match := subtotal.match(line)) and country and match.group(1) == country:
            assert sum(totals[iso3_of(country)].values()) == number(match.group(2)), (country, line)
            checked += 1
    assert checked == len(totals), f"checked {checked} country subtotals for {len(totals)} countries"
    return totals


def parse_2025(path: Path) -> dict[str, dict[str, int]]:
    """Raw text: a mission code opens a block; rows are ``[Country] Type Male Female Total``;
    a country that has several rows stands alone on the line before them."""
    detail = re.compile(rf"^(?:(.+?) )?({_TYPES}) ([\d,]+) ([\d,]+) ([\d,]+)$")
    total_row = re.compile(r"^(Total \S+|Grand Total) ([\d,]+) ([\d,]+) ([\d,]+)$")
    skip = ("Contribution of Uniformed", "by Mission, Country", "Experts on Mission, Formed",
            "As of:", "Mission Country Personnel", "Report Generated On")
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    country: str | None = None
    mission_sum = grand_sum = 0
    for line in pdf_text(path, layout=False):
        line = line.strip()
        if not line or line.startswith(skip):
            continue
        if match := total_row.match(line):
            expected = number(match.group(4))
            if match.group(1) == "Grand Total":
                assert grand_sum == expected, (grand_sum, expected)
            else:
                assert mission_sum == expected, (line, mission_sum)
                mission_sum = 0
        elif match := detail.match(line):
            named, kind, male, female, total = match.groups()
            country = named or country
            assert number(male) + number(female) == number(total), line
            totals[iso3_of(country)][CATEGORY[kind]] += number(total)
            mission_sum += number(total)
            grand_sum += number(total)
        elif re.fullmatch(r"[A-Z]{4,}", line):
            country = None  # a new mission
        else:
            country = line
    return totals


def write_csv(totals: dict[str, dict[str, int]], target: Path, header: str) -> None:
    lines = [f"# {text}" for text in header.splitlines()] + ["iso3,troops,police,experts"]
    for iso3 in sorted(totals):
        row = totals[iso3]
        lines.append(f"{iso3},{row['troops']},{row['police']},{row['experts']}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    data = ROOT / "surveys" / "respondents" / "data"
    write_csv(parse_2015(Path(argv[0])), data / "contributions_2015-12.csv",
              "month: 2015-12-31\nsource: UN Peacekeeping, \"UN Mission's Summary detailed by Country\", "
              "month of report 31-Dec-15\n"
              "generated by scripts/extract_contributions.py; troops include staff officers; "
              "police = formed police units + individual police; experts = experts on mission")
    write_csv(parse_2025(Path(argv[1])), data / "contributions_2025-07.csv",
              "month: 2025-07-31\nsource: UN Peacekeeping, \"Contribution of Uniformed Personnel to UN "
              "by Mission, Country, and Personnel Type\", as of 31/07/2025\n"
              "generated by scripts/extract_contributions.py; troops = troops + staff officers; "
              "police = formed police units + individual police; experts = experts on mission")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
