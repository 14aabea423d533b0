"""The registry tests' shared data: the reference folder's files and a month of contributions."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from surveys.respondents.contributions import ContributionMonth, Personnel

SHARED = Path(__file__).resolve().parents[3] / "shared"


DEC_2015 = dt.date(2015, 12, 31)


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"reference file {path} is absent (fresh clone): nothing to check against")
    return path


# Figures for the tests below: Ethiopia and Chad contribute, Iceland does not.
FIGURES = [ContributionMonth(dt.date(2015, 12, 31), "test", {
    "ETH": Personnel(troops=8170, police=32, experts=94), "TCD": Personnel(troops=1148),
    "CHN": Personnel(troops=2839), "ISL": Personnel()})]
