"""Turn one raw answer cell into the canonical stored answer of its item.

The canonical forms follow the XLSForm conventions (ODK XForms specification, "Data
types"): a select_one holds the choice name; a select_multiple the choice names,
space-separated in choice-list order; integer ``12``; decimal the shortest ``float``
text without a trailing ``.0``; date ISO ``2015-12-11``; text stripped.

What people actually type is read generously where the meaning is certain:

- a choice by name or by label in any language, ``1 – Strongly agree``, ``4.0``;
  "don't know" in any of the six UN languages for the list's don't-know choice;
- numbers with thousands separators or a decimal comma; ``80%`` is 0.8, as Excel
  stores a typed percentage;
- dates as date cells, ISO text, ``2015年12月11日``, or an Excel serial day number in
  1990-2099 (read, with a warning, on the 1900 date system: day 1 is 1900-01-01 and
  serial 60 is the fictitious 1900-02-29, so later serials count from 1899-12-30;
  ECMA-376 Part 1, 18.17.4.1);
- a formula saved without a value, or an error value (``#N/A``), is never an answer.

Each reader returns ``(value, problem, note)``: the canonical value, else the problem
(an error), and perhaps a note (a warning).
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import unicodedata
from typing import Callable

from surveys.model import Instrument, Item

from .formulas import ErrorCell, FormulaCell
from .headers import option_keys, text_key
from .workbook import cell_text

TICKED = frozenset({"1", "true", "yes", "y", "x", "✓", "✔", "☑", "selected", "是", "oui", "sí", "si", "да", "نعم"})
UNTICKED = frozenset({"0", "false", "no", "n", "-", "☐", "否", "non", "нет", "لا"})
#: "Don't know" as typed in the six UN languages (text keys: folded, typographic quotes plain).
DONT_KNOW = frozenset({
    "don't know", "dont know", "do not know", "dk", "d/k", "not sure", "no opinion",
    "不知道", "不清楚", "说不清", "不确定",
    "je ne sais pas", "ne sait pas", "ne sais pas", "nsp", "sans opinion",
    "no sé", "no se", "no sabe", "ns/nc", "не знаю", "затрудняюсь ответить",
    "لا أعرف", "لا اعرف", "لا أدري",
})

_PREFIXED = re.compile(r"^(\S+?)\s*[-–—.):=]\s*(.+)$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_CJK_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_WHOLE_FLOAT = re.compile(r"^([+-]?\d+)\.0+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
#: Excel serial days of 1990-01-01 and 2100-01-01: numbers in between in a date item are dates.
_SERIAL_RANGE = (32874, 73051)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Day 0 of the 1904 date system (ECMA-376 Part 1, 18.17.4.1): 1462 days after the 1900 one.
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
_SHIFT_1904 = (_EXCEL_EPOCH_1904 - _EXCEL_EPOCH).days
#: Most words tried as one choice label in a space-separated list.
_LABEL_WORDS = 24

Reading = tuple[str | None, str | None, str | None]  # (canonical value, problem, note)


def tick_state(value) -> bool | None:
    """True for a ticked option cell, False for an unticked or blank one, None if unclear."""
    if value is True or value is False:
        return value
    key = text_key(value)
    if key in TICKED:
        return True
    if key in UNTICKED or not key:
        return False
    return None


def computed_problem(raw, what: str) -> str | None:
    """The problem of a formula without a value or an error value; ``what`` is what belongs
    in the cell instead ("the answer for q1_overall")."""
    if isinstance(raw, FormulaCell):
        saved = ("has no value saved with it" if raw.placeholder is None else
                 f"was saved with {raw.placeholder} in place of its value")
        return (f"formula {raw} {saved} (the file was written by a program that "
                f"does not calculate formulas): enter {what} itself, or open the file "
                "in Excel or LibreOffice and save it again")
    if isinstance(raw, ErrorCell):
        return f"{raw} is a spreadsheet error, not a value: correct the formula or enter {what} itself"
    return None


def reader(instrument: Instrument, item: Item, *, date1904: bool = False) -> Callable[[object], Reading]:
    """A cached converter from raw cell values to the canonical answer of ``item``;
    ``date1904`` when the workbook counts serial day numbers from 1904-01-01."""
    if item.type == "select_one":
        read = _choice_reader(instrument, item, multiple=False)
    elif item.type == "select_multiple":
        read = _choice_reader(instrument, item, multiple=True)
    elif item.type == "date":
        read = lambda raw: _date(raw, item, date1904)  # noqa: E731 - binds the item for the message
    else:
        plain = {"integer": _integer, "decimal": _decimal}.get(item.type, _text)
        read = lambda raw: plain(raw, item)  # noqa: E731 - binds the item for the message
    cache: dict[tuple[type, object], Reading] = {}

    def cached(raw) -> Reading:
        key = (raw.__class__, raw)
        hit = cache.get(key)
        if hit is None:
            problem = computed_problem(raw, f"the answer for {item.name}")
            hit = cache[key] = (None, problem, None) if problem else read(raw)
        return hit
    return cached


def canonical_decimal(number: float) -> str:
    """``str(float)`` without a trailing ``.0``: 2.50 → ``2.5``, 3.0 → ``3``."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def _expected_choices(instrument: Instrument, item: Item, limit: int = 10) -> str:
    choices = instrument.choices(item)
    if choices is None:
        return "a choice of its list"
    shown = [f"{c.name} ({c.label('en')})" if c.label("en") != c.name else c.name for c in choices.choices]
    more = f" … ({len(shown)} choices)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _choice_keys(instrument: Instrument, item: Item) -> dict[str, str]:
    """Text key → choice name, with "don't know" in every UN language for the list's
    one don't-know choice (a missing choice named ``dk`` or labelled "Don't know")."""
    keys = option_keys(instrument, item.name)
    choices = instrument.choices(item)
    dont_know = [c for c in (choices.choices if choices else ()) if c.missing and (
        text_key(c.name) in DONT_KNOW or any(text_key(label) in DONT_KNOW for label in c.labels.values()))]
    if len(dont_know) == 1:
        for key in DONT_KNOW:
            keys.setdefault(key, dont_know[0].name)
    return keys


def _choice_reader(instrument: Instrument, item: Item, *, multiple: bool) -> Callable[[object], Reading]:
    keys = _choice_keys(instrument, item)
    names = [c.name for c in instrument.choices(item).choices] if instrument.choices(item) else []

    def one(text: str) -> str | None:
        key = text_key(text)
        if key in keys:
            return keys[key]
        whole = _WHOLE_FLOAT.match(key)  # "4.0": a code that went through a text conversion
        if whole and str(int(whole.group(1))) in keys:
            return keys[str(int(whole.group(1)))]
        match = _PREFIXED.match(key)  # "1 – Strongly agree": the code and its label must agree
        if match and keys.get(match.group(1)) is not None and keys.get(match.group(2)) == keys[match.group(1)]:
            return keys[match.group(1)]
        return None

    def read(raw) -> Reading:
        if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            return None, (f"{cell_text(raw)} is a date, not one of the choices of {item.name}: "
                          f"expected one of {_expected_choices(instrument, item)}"), None
        text = cell_text(raw)
        whole = one(text)
        if whole is not None:
            return whole, None, None
        if not multiple:
            return None, (f"'{text}' is not in the list for {item.name}: "
                          f"expected one of {_expected_choices(instrument, item)}"), None
        chosen, unknown = _split_choices(text, one)
        if unknown:
            listed = ", ".join(f"'{u}'" for u in unknown)
            return None, (f"{listed} {'is not an option' if len(unknown) == 1 else 'are not options'} of "
                          f"{item.name}: expected options from {_expected_choices(instrument, item)}, "
                          "separated by commas"), None
        return " ".join(name for name in names if name in chosen), None, None
    return read


def _split_choices(text: str, one: Callable[[str], str | None]) -> tuple[set[str], list[str]]:
    """Choices listed in one cell: labels split on , ; and new lines, names on spaces."""
    parts = [part for part in re.split(r"[,;\n\r，；、]+", text) if part.strip()]
    # Longest run of parts first: a label may itself contain a comma.
    return _longest_runs(parts, ",", len(parts), one, lambda part: _split_words(part.split(), one))


def _split_words(words: list[str], one: Callable[[str], str | None]) -> tuple[set[str], list[str]]:
    """Choices in space-separated words: names, or labels joined by spaces as KoboToolbox's
    "labels" export writes a select_multiple (longest run of words that is a label first)."""
    # A label is a few words: longer runs are not tried (a paragraph stays cheap).
    return _longest_runs(words, " ", _LABEL_WORDS, one, lambda word: (set(), [word]))


def _longest_runs(pieces: list[str], joiner: str, longest: int, one: Callable[[str], str | None],
                  on_miss: Callable[[str], tuple[set[str], list[str]]]) -> tuple[set[str], list[str]]:
    """Read ``pieces`` left to right, taking at each place the longest run (of at most
    ``longest`` pieces, joined by ``joiner``) that ``one`` knows as a choice; a piece that
    starts no known run goes to ``on_miss``. Returns (choices found, unknown texts)."""
    chosen: set[str] = set()
    unknown: list[str] = []
    start = 0
    while start < len(pieces):
        for end in range(min(len(pieces), start + longest), start, -1):
            name = one(joiner.join(pieces[start:end]))
            if name is not None:
                chosen.add(name)
                start = end
                break
        else:
            found, missing = on_miss(pieces[start])
            chosen.update(found)
            unknown.extend(missing)
            start += 1
    return chosen, unknown


def _number_text(raw) -> str:
    text = "".join(unicodedata.normalize("NFKC", cell_text(raw)).split())
    return text.replace(",", "") if _THOUSANDS.match(text) else text


def _integer(raw, item: Item) -> Reading:
    problem = f"'{cell_text(raw)}' is not a whole number: {item.name} expects an integer such as 12"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        return None, problem, None
    if isinstance(raw, int):
        return str(raw), None, None
    if isinstance(raw, float):
        return (str(int(raw)), None, None) if math.isfinite(raw) and raw.is_integer() else (None, problem, None)
    text = _number_text(raw)
    if _INTEGER.match(text):
        return str(int(text.split(".")[0])), None, None
    return None, problem, None


def _decimal(raw, item: Item) -> Reading:
    problem = f"'{cell_text(raw)}' is not a number: {item.name} expects a decimal such as 2.5"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        return None, problem, None
    if isinstance(raw, (int, float)):
        return (canonical_decimal(raw), None, None) if math.isfinite(raw) else (None, problem, None)
    text = _number_text(raw)
    if text.count(",") == 1 and "." not in text:  # decimal comma, as typed in much of the world
        text = text.replace(",", ".")
    percent = text.endswith("%")
    try:
        number = decimal.Decimal(text[:-1] if percent else text)
    except decimal.InvalidOperation:
        return None, problem, None
    number = float(number / 100 if percent else number)
    return (canonical_decimal(number), None, None) if math.isfinite(number) else (None, problem, None)


def _date(raw, item: Item, date1904: bool = False) -> Reading:
    problem = f"'{cell_text(raw)}' is not a date: {item.name} expects a date such as 2015-12-11"
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat(), None, None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        shift = _SHIFT_1904 if date1904 else 0
        if not (math.isfinite(raw) and _SERIAL_RANGE[0] <= raw + shift < _SERIAL_RANGE[1]):
            return None, problem, None
        day = (_EXCEL_EPOCH + dt.timedelta(days=int(raw) + shift)).isoformat()
        system = " (1904 date system, as this workbook uses)" if date1904 else ""
        return day, None, (f"{cell_text(raw)} in {item.name} was read as the Excel date serial number "
                           f"of {day}{system}; format the cell as a date to be sure")
    text = unicodedata.normalize("NFKC", cell_text(raw)) if isinstance(raw, str) else ""
    match = _ISO_DATE.match(text) or _CJK_DATE.match(text)
    if not match:
        return None, problem, None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat(), None, None
    except ValueError:
        return None, problem, None


def _text(raw, item: Item) -> Reading:
    # Excel keeps a typed line break as CR LF (saved as _x000D_ before the LF): store one LF.
    text = cell_text(raw)
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), None, None
