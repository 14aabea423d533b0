"""Check parsed answers against the instrument and the registry; report every problem at once.

:func:`validate` turns a :class:`~surveys.layouts.ParsedResponses` into a
:class:`Submission`: respondents classified by :func:`surveys.registry.classify`
(member state, Council seat, TCC/PCC status at the reference date) and answers in
their canonical stored form (the XLSForm conventions, ODK XForms specification
"Data types"):

- select_one: the choice name, given either as the name or as a label in any language
  (``1``, ``Strongly agree``, ``非常同意``, ``1 – Strongly agree``);
- select_multiple: choice names space-separated in choice-list order; a cell may list
  several labels (split on ``,`` ``;`` and new lines) or names (split on spaces); tick
  columns take 1/0, TRUE/FALSE, x or a tick mark;
- integer ``12``; decimal as the shortest ``float`` text without a trailing ``.0``;
  date ISO ``2015-12-11``; text stripped. Blank cells are unanswered.

Nothing stops at the first problem; each :class:`~surveys.model.ValidationIssue` names
file, sheet and cell and says what was expected. Conversions are cached per item and
raw value, and each distinct respondent is classified once, so large sheets stay fast.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from .kobo import option_keys, text_key
from .layouts import ParsedResponses
from .model import GROUP_CODES, GROUP_LABELS, Answer, Instrument, Item, Respondent, ValidationIssue
from .workbook import cell_text

TICKED = frozenset({"1", "true", "yes", "y", "x", "✓", "✔", "☑", "selected", "是", "oui", "sí", "si", "да", "نعم"})
UNTICKED = frozenset({"0", "false", "no", "n", "-", "☐", "否", "non", "нет", "لا"})

_PREFIXED = re.compile(r"^(\S+?)\s*[-–—.):=]\s*(.+)$")
_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$")
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")

Reading = tuple[str | None, str | None]  # (canonical value, problem)


@dataclass(frozen=True)
class Submission:
    """What one file contributes, checked: respondents, answers and every issue found.

    ``cells`` maps each respondent's name to the cell naming it, so that
    :func:`validate_batch` can point at both copies of a duplicate.
    """

    file: str
    sha256: str
    respondents: tuple[Respondent, ...]
    answers: tuple[Answer, ...]
    issues: tuple[ValidationIssue, ...]
    sheet: str | None = None
    cells: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)


def group_code(text: str) -> str | None:
    """The group code for a declared group in any language (``TCC``, ``安全理事会`` …), else None."""
    from .registry import parse_group

    return parse_group(text)


def validate(parsed: ParsedResponses, instrument: Instrument, reference_date: dt.date | None,
             contributions=None) -> Submission:
    """Check every row of ``parsed``; classify respondents as of ``reference_date``."""
    from .registry import classify

    file, sheet = parsed.file, parsed.sheet
    issues = list(parsed.issues)

    def issue(cell: str | None, message: str, severity: str = "error") -> None:
        issues.append(ValidationIssue(file, sheet, cell, message, severity))

    readers = {item.name: _reader(instrument, item) for item in instrument.items}
    multi = {item.name for item in instrument.items if item.type == "select_multiple"}
    classified: dict[tuple[str, str | None], object] = {}
    seen: dict[str, str | None] = {}
    respondents: list[Respondent] = []
    answers: list[Answer] = []
    date = reference_date or instrument.reference_date or dt.date.today()
    # No stored figures (an empty list) means "use the built-in months", not "nobody contributes".
    contributions = contributions or None
    for row in parsed.rows:
        if not row.respondent and not row.values:
            continue  # a note or attribute with nobody and no answers: nothing to store
        cell = row.respondent_cell or (row.values[0].cell if row.values else None)
        declared = None
        if row.group:
            declared = group_code(row.group)
            if declared is None:
                labels = ", ".join(GROUP_LABELS[code]["en"] for code in GROUP_CODES)
                issue(row.group_cell, f"'{row.group}' is not a respondent group: expected one of {labels} "
                      "(or leave it blank)")
        respondent = None
        if not row.respondent and row.respondent_cell is None:
            pass  # no respondent column at all: reported once, by the layout, at the header
        elif not row.respondent:
            issue(cell, "blank respondent: expected the delegation's name (a member state, Secretariat "
                  "entity or observer)")
        else:
            key = (text_key(row.respondent), declared)
            if key not in classified:
                classified[key] = classify(row.respondent, date, declared_group=declared,
                                           contributions=contributions)
            result = classified[key]
            if result.error:
                issue(cell, result.error)
            if result.warning:
                issue(cell, result.warning, "warning")
            respondent = result.respondent if not result.error else None
        if respondent is not None and respondent.name in seen:
            where = seen[respondent.name]
            issue(cell, f"duplicate respondent {respondent.name}: already answers in "
                  f"{sheet}!{where}" if where else f"duplicate respondent {respondent.name}")
            respondent = None
        row_answers = _read_row(row, readers, multi, instrument, issue)
        if respondent is None:
            continue
        seen[respondent.name] = cell
        if row.attributes:
            respondent = replace(respondent, attributes={**respondent.attributes, **row.attributes})
        respondents.append(respondent)
        answers.extend(Answer(respondent.name, item, value) for item, value in row_answers)
    return Submission(file, parsed.sha256, tuple(respondents), tuple(answers), tuple(issues), sheet, dict(seen))


def validate_batch(submissions: Sequence[Submission]) -> tuple[Submission, ...]:
    """The submissions of one upload, with an issue for each respondent found in two files."""
    first: dict[str, tuple[Submission, str | None]] = {}
    result = []
    for submission in submissions:
        extra = []
        for respondent in submission.respondents:
            name = respondent.name
            if name in first:
                other, where = first[name]
                place = f"{other.file}, {other.sheet}!{where}" if other.sheet and where else other.file
                extra.append(ValidationIssue(
                    submission.file, submission.sheet, submission.cells.get(name),
                    f"duplicate respondent {name}: also answers in {place}; each delegation answers once"))
            else:
                first[name] = (submission, submission.cells.get(name))
        result.append(replace(submission, issues=submission.issues + tuple(extra)) if extra else submission)
    return tuple(result)


def _read_row(row, readers, multi, instrument, issue) -> list[tuple[str, str]]:
    """(item, canonical value) for one row, in instrument order; problems go to ``issue``."""
    values: dict[str, str] = {}
    ticks: dict[str, set[str]] = {}
    cells: dict[str, str] = {}
    for raw in row.values:
        if raw.option is not None:
            state = _tick(raw.value)
            if state is None:
                issue(raw.cell, f"'{cell_text(raw.value)}' is not a tick for {raw.item} option "
                      f"{raw.option}: expected 1 or 0, TRUE or FALSE, x, or blank")
            elif state:
                ticks.setdefault(raw.item, set()).add(raw.option)
            else:
                ticks.setdefault(raw.item, set())
            continue
        if raw.item in cells:
            issue(raw.cell, f"{raw.item} is answered twice (also in {cells[raw.item]}): keep one answer")
            continue
        cells[raw.item] = raw.cell
        value, problem = readers[raw.item](raw.value)
        if problem:
            issue(raw.cell, problem)
        elif value:
            values[raw.item] = value
    for item, chosen in ticks.items():
        if chosen and item not in values:
            order = [choice.name for choice in instrument.choices(item).choices]
            values[item] = " ".join(name for name in order if name in chosen)
    order = {item.name: i for i, item in enumerate(instrument.items)}
    return sorted(values.items(), key=lambda pair: order[pair[0]])


def _tick(value) -> bool | None:
    if value is True or value is False:
        return value
    key = text_key(value)
    if key in TICKED:
        return True
    if key in UNTICKED or not key:
        return False
    return None


def _reader(instrument: Instrument, item: Item) -> Callable[[object], Reading]:
    """A cached converter from raw cell values to the canonical answer of ``item``."""
    if item.type == "select_one":
        read = _choice_reader(instrument, item, multiple=False)
    elif item.type == "select_multiple":
        read = _choice_reader(instrument, item, multiple=True)
    else:
        read = {"integer": _integer, "decimal": _decimal, "date": _date}.get(item.type, _text)
        plain = read
        read = lambda raw: plain(raw, item)  # noqa: E731 - binds the item for the message
    cache: dict[tuple[type, object], Reading] = {}

    def cached(raw) -> Reading:
        key = (raw.__class__, raw)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = read(raw)
        return hit
    return cached


def _expected_choices(instrument: Instrument, item: Item, limit: int = 10) -> str:
    choices = instrument.choices(item)
    if choices is None:
        return "a choice of its list"
    shown = [f"{c.name} ({c.label('en')})" if c.label("en") != c.name else c.name for c in choices.choices]
    more = f" … ({len(shown)} choices)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _choice_reader(instrument: Instrument, item: Item, *, multiple: bool) -> Callable[[object], Reading]:
    keys = option_keys(instrument, item.name)
    names = [c.name for c in instrument.choices(item).choices] if instrument.choices(item) else []

    def one(text: str) -> str | None:
        key = text_key(text)
        if key in keys:
            return keys[key]
        match = _PREFIXED.match(key)  # "1 – Strongly agree": the code and its label must agree
        if match and keys.get(match.group(1)) is not None and keys.get(match.group(2)) == keys[match.group(1)]:
            return keys[match.group(1)]
        return None

    def read(raw) -> Reading:
        if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            return None, (f"{cell_text(raw)} is a date, not one of the choices of {item.name}: "
                          f"expected one of {_expected_choices(instrument, item)}")
        text = cell_text(raw)
        whole = one(text)
        if whole is not None:
            return whole, None
        if not multiple:
            return None, (f"'{text}' is not in the list for {item.name}: "
                          f"expected one of {_expected_choices(instrument, item)}")
        chosen, unknown = set(), []
        parts = [part for part in re.split(r"[,;\n\r，；、]+", text) if part.strip()]
        start = 0
        while start < len(parts):
            # Longest run of parts first: a label may itself contain a comma.
            for end in range(len(parts), start, -1):
                name = one(",".join(parts[start:end]))
                if name is not None:
                    chosen.add(name)
                    start = end
                    break
            else:
                for token in parts[start].split():
                    name = one(token)
                    if name is None:
                        unknown.append(token)
                    else:
                        chosen.add(name)
                start += 1
        if unknown:
            listed = ", ".join(f"'{u}'" for u in unknown)
            return None, (f"{listed} {'is not an option' if len(unknown) == 1 else 'are not options'} of "
                          f"{item.name}: expected options from {_expected_choices(instrument, item)}, "
                          "separated by commas")
        return " ".join(name for name in names if name in chosen), None
    return read


def _integer(raw, item: Item) -> Reading:
    problem = f"'{cell_text(raw)}' is not a whole number: {item.name} expects an integer such as 12"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        return None, problem
    if isinstance(raw, int):
        return str(raw), None
    if isinstance(raw, float):
        return (str(int(raw)), None) if math.isfinite(raw) and raw.is_integer() else (None, problem)
    text = "".join(cell_text(raw).split())
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if _INTEGER.match(text):
        return str(int(text.split(".")[0])), None
    return None, problem


def canonical_decimal(number: float) -> str:
    """``str(float)`` without a trailing ``.0``: 2.50 → ``2.5``, 3.0 → ``3``."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def _decimal(raw, item: Item) -> Reading:
    problem = f"'{cell_text(raw)}' is not a number: {item.name} expects a decimal such as 2.5"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        return None, problem
    if isinstance(raw, (int, float)):
        return (canonical_decimal(raw), None) if math.isfinite(raw) else (None, problem)
    text = "".join(cell_text(raw).split())
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:  # decimal comma, as typed in much of the world
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None, problem
    return (canonical_decimal(number), None) if math.isfinite(number) else (None, problem)


def _date(raw, item: Item) -> Reading:
    problem = f"'{cell_text(raw)}' is not a date: {item.name} expects a date such as 2015-12-11"
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat(), None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None
    match = _ISO_DATE.match(cell_text(raw)) if isinstance(raw, str) else None
    if not match:
        return None, problem
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat(), None
    except ValueError:
        return None, problem


def _text(raw, item: Item) -> Reading:
    return cell_text(raw), None
