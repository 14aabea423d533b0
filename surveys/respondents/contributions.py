"""Troop- and police-contributing countries: uniformed personnel by country and month.

A member state is a TCC/PCC in a month when the UN's monthly report lists uniformed
personnel from it (troops incl. staff officers, police incl. formed police units, experts on
mission). Like the UN's own contributor ranking, every mission in the report counts,
including the few special political missions with uniformed personnel.

Built-in months (``surveys/respondents/data/contributions_<yyyy-mm>.csv``, regenerated from the UN's
PDF reports by ``scripts/extract_contributions.py``): December 2015 and July 2025.
:func:`read_contributions_file` reads two open-data CSV layouts:

* UN Peacekeeping open-data ranking (``odp_contributionranks.csv``): ``ISOCode3``,
  ``Total_Uniformed_Personnel``, ``Last_Reporting_Date`` (``31-Jan-22``); no split by type,
  so the total is recorded as troops.
* IPI Peacekeeping Database month file: one row per contributor x mission with
  ``Date``, ``Contributor_ISO-3`` and the counts ``Troops``, ``Formed_Police_Units``,
  ``Individual_Police`` (or IPI's ``Inidividual_Police``), ``Civilian_Police``,
  ``Experts_on_Mission``, ``Observers``; ``NA`` means none. ``Civilian_Police`` and
  ``Observers`` repeat the police and expert figures and are used only when the detailed
  columns are empty.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

from surveys.errors import UnreadableFile

__all__ = ["ContributionMonth", "Personnel", "builtin_months", "contributors_on", "month_for",
           "read_contributions_file"]

BUILTIN_FILES = ("contributions_2015-12.csv", "contributions_2025-07.csv")

RANKING_COLUMNS = ("ISOCode3", "Total_Uniformed_Personnel", "Last_Reporting_Date")
IPI_COLUMNS = ("Date", "Contributor_ISO-3", "Troops")
# Column groups in order of preference; see _first_given.
_IPI_POLICE = (("Formed_Police_Units", "Individual_Police", "Inidividual_Police"), ("Civilian_Police",))
_IPI_EXPERTS = (("Experts_on_Mission",), ("Observers",))


@dataclass(frozen=True)
class Personnel:
    """Uniformed personnel from one country in one month."""

    troops: int = 0
    police: int = 0
    experts: int = 0

    @property
    def total(self) -> int:
        return self.troops + self.police + self.experts

    def __add__(self, other: Personnel) -> Personnel:
        return Personnel(self.troops + other.troops, self.police + other.police,
                         self.experts + other.experts)


@dataclass(frozen=True)
class ContributionMonth:
    """Personnel by ISO3 code as of the last day of ``month`` (``month`` is that date)."""

    month: dt.date
    source: str
    personnel: Mapping[str, Personnel] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.personnel.values())

    @property
    def contributors(self) -> frozenset[str]:
        """ISO3 codes with at least one uniformed person deployed."""
        return frozenset(iso3 for iso3, p in self.personnel.items() if p.total > 0)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _parse_builtin(text: str, name: str) -> ContributionMonth:
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta.setdefault(key.strip(), value.strip())
        elif line.strip():
            body.append(line)
    personnel = {row["iso3"]: Personnel(int(row["troops"]), int(row["police"]), int(row["experts"]))
                 for row in csv.DictReader(body)}
    return ContributionMonth(dt.date.fromisoformat(meta["month"]), meta.get("source", name), personnel)


@lru_cache(maxsize=1)
def builtin_months() -> tuple[ContributionMonth, ...]:
    """The months that ship with Trialogue (December 2015, July 2025), oldest first."""
    folder = resources.files("surveys.respondents").joinpath("data")
    return tuple(_parse_builtin(folder.joinpath(name).read_text(encoding="utf-8"), name)
                 for name in BUILTIN_FILES)


def month_for(months: Iterable[ContributionMonth], when: dt.date) -> tuple[ContributionMonth | None, str | None]:
    """The month of figures to use at ``when``, and a note when it is not the usual one.

    The latest month at or before ``when``; if every month is later, the earliest one, with
    a note saying so. ``(None, note)`` when there are no months at all.
    """
    ordered = sorted(months, key=lambda m: m.month)
    if not ordered:
        return None, "no contribution figures are loaded"
    earlier = [m for m in ordered if m.month <= when]
    if earlier:
        return earlier[-1], None
    first = ordered[0]
    return first, (f"no contribution figures at or before {when.isoformat()}; "
                   f"used the earliest month, {first.month.isoformat()}")


def contributors_on(months: Iterable[ContributionMonth], when: dt.date) -> frozenset[str]:
    """ISO3 codes with uniformed personnel deployed in the month used at ``when`` (see :func:`month_for`)."""
    month, _note = month_for(months, when)
    return month.contributors if month else frozenset()


def _count(value: str | None, where: str) -> int:
    text = (value or "").strip().replace(",", "")
    if text in ("", "NA", "N/A", "-"):
        return 0
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{where}: expected a number of personnel, found {value!r}") from None
    if number < 0 or number != int(number):
        raise ValueError(f"{where}: expected a whole number of personnel, found {value!r}")
    return int(number)


def _date(value: str, where: str) -> dt.date:
    text = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d/%m/%Y"):
        try:
            return _month_end(dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    raise ValueError(f"{where}: expected a date such as 31-Jan-22 or 2014-03-31, found {value!r}")


def _iso3(value: str, where: str) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError(f"{where}: expected an ISO 3166 alpha-3 country code, found {value!r}")
    return code


def _read_rows(path: Path, display: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-blank rows with their line numbers in the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(display, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")  # the open-data files start with a byte-order mark
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = []
    for row in reader:
        if any(isinstance(v, str) and v.strip() for v in row.values()):
            rows.append((reader.line_num, row))
    return header, rows


def read_contributions_file(path: str | Path, display_name: str | None = None) -> list[ContributionMonth]:
    """Read a UN open-data ranking CSV or an IPI month CSV into months of figures.

    The layout is recognised by its header. Raises :class:`UnreadableFile` with a one-line
    message naming the file, the row and what was expected; nothing is partly read.
    """
    path = Path(path)
    display = display_name or path.name
    header, rows = _read_rows(path, display)
    try:
        if all(column in header for column in RANKING_COLUMNS):
            return _read_ranking(rows, display)
        if all(column in header for column in IPI_COLUMNS):
            return _read_ipi(rows, header, display)
    except ValueError as exc:
        raise UnreadableFile(display, str(exc)) from None
    raise UnreadableFile(
        display, "not a contributions file: expected the UN ranking columns "
        f"{', '.join(RANKING_COLUMNS)} or the IPI columns {', '.join(IPI_COLUMNS)}, "
        f"Formed_Police_Units, Individual_Police, Experts_on_Mission; found "
        f"{', '.join(header[:8]) or 'no header'}{' ...' if len(header) > 8 else ''}")


def _read_ranking(rows: list[tuple[int, dict[str, str]]], display: str) -> list[ContributionMonth]:
    by_month: dict[dt.date, dict[str, Personnel]] = {}
    for number, row in rows:
        where = f"row {number}"
        month = _date(row.get("Last_Reporting_Date", ""), f"{where}, column Last_Reporting_Date")
        iso3 = _iso3(row.get("ISOCode3", ""), f"{where}, column ISOCode3")
        total = _count(row.get("Total_Uniformed_Personnel"), f"{where}, column Total_Uniformed_Personnel")
        figures = by_month.setdefault(month, {})
        figures[iso3] = figures.get(iso3, Personnel()) + Personnel(troops=total)
    return _months(by_month, f"{display} (UN Peacekeeping contribution ranking; totals only)")


def _read_ipi(rows: list[tuple[int, dict[str, str]]], header: list[str], display: str) -> list[ContributionMonth]:
    by_month: dict[dt.date, dict[str, Personnel]] = {}
    for number, row in rows:
        where = f"row {number}"
        month = _date(row.get("Date", ""), f"{where}, column Date")
        iso3 = _iso3(row.get("Contributor_ISO-3", ""), f"{where}, column Contributor_ISO-3")
        people = Personnel(troops=_count(row.get("Troops"), f"{where}, column Troops"),
                           police=_first_given(row, header, _IPI_POLICE, where),
                           experts=_first_given(row, header, _IPI_EXPERTS, where))
        figures = by_month.setdefault(month, {})
        figures[iso3] = figures.get(iso3, Personnel()) + people
    return _months(by_month, f"{display} (IPI Peacekeeping Database)")


def _first_given(row: Mapping[str, str], header: list[str], choices: tuple[tuple[str, ...], ...],
                 where: str) -> int:
    """The sum of the first group of columns that holds any number in this row.

    IPI repeats figures: ``Civilian_Police`` is formed plus individual police and
    ``Observers`` equals ``Experts_on_Mission``; older months fill only the aggregate.
    Adding every column would count those people twice.
    """
    for columns in choices:
        present = [c for c in columns if c in header and _given(row.get(c))]
        if present:
            return sum(_count(row.get(c), f"{where}, column {c}") for c in present)
    return 0


def _given(value: str | None) -> bool:
    return (value or "").strip() not in ("", "NA", "N/A", "-")


def _months(by_month: dict[dt.date, dict[str, Personnel]], source: str) -> list[ContributionMonth]:
    return [ContributionMonth(month, source, figures) for month, figures in sorted(by_month.items())]
