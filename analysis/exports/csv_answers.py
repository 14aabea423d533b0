"""The long answers table as CSV for analysts: one row per respondent × answered item.

UTF-8 with a byte-order mark, because Excel reads a CSV without one in the system code page
and turns Chinese names into mojibake; CRLF line ends (RFC 4180). Every text cell goes
through :func:`analysis.exports.neutralise.neutralise` — this file carries delegations'
comments verbatim, and a spreadsheet opening it would run ``=HYPERLINK(...)`` as a formula.
"""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from analysis.present.disclosure import SECRETARIAT, Audience
from analysis.present.tables import results_frame
from surveys.wavedata import RESPONDENT_COLUMNS

from .neutralise import neutralise

if TYPE_CHECKING:
    import pandas as pd

BOM = "\ufeff"
ANSWER_FIELDS: tuple[str, ...] = ("question", "item", "item_label", "kind", "value", "value_label")
#: The freeze, on every row: a CSV has no other place for it, and rows travel alone.
FREEZE_FIELDS: tuple[str, ...] = ("data_version",)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def answer_rows(wave_data: Any, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the long table, in respondent order then instrument item order."""
    instrument = wave_data.instrument
    attributes = list(wave_data.attributes)
    header = list(RESPONDENT_COLUMNS) + attributes + list(ANSWER_FIELDS) + list(FREEZE_FIELDS)
    version = _text(getattr(wave_data, "data_version", ""))
    people = wave_data.respondents.set_index("respondent", drop=False)
    order = {item.name: n for n, item in enumerate(instrument.items)}
    items = {item.name: item for item in instrument.items}
    answers = wave_data.answers.assign(_order=wave_data.answers["item"].map(order).fillna(len(order)))
    answers = answers.sort_values(["respondent", "_order"], kind="stable")
    rows = []
    person_cache: dict[str, list[str]] = {}
    for respondent, item_name, value in answers[["respondent", "item", "value"]].itertuples(index=False):
        if respondent not in person_cache:
            record = people.loc[respondent] if respondent in people.index else None
            person_cache[respondent] = [_text(record[c]) if record is not None and c in record else ""
                                        for c in header[:len(RESPONDENT_COLUMNS) + len(attributes)]]
            if record is not None and not person_cache[respondent][0]:
                person_cache[respondent][0] = _text(respondent)
        item = items.get(item_name)
        rows.append(person_cache[respondent] + [
            _text(item.question if item else ""), _text(item_name), item.label(lang) if item else "",
            item.kind if item else "", _text(value), _value_label(instrument, item, _text(value), lang), version])
    return header, rows


def _value_label(instrument: Any, item: Any, value: str, lang: str) -> str:
    """Choice labels of a select answer (several joined by "; "); other answers unchanged."""
    if item is None or item.kind not in ("ordinal", "nominal", "multiple"):
        return value
    choices = instrument.choices(item)
    if choices is None:
        return value
    names = value.split() if item.kind == "multiple" else [value]
    return "; ".join(choices.get(n).label(lang) if choices.get(n) else n for n in names)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def answers_csv_bytes(wave_data: Any, lang: str = "en") -> bytes:
    """The CSV file's bytes: BOM, header, rows; text cells neutralised."""
    header, rows = answer_rows(wave_data, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    value_at, kind_at = header.index("value"), header.index("kind")
    for row in rows:
        safe = [neutralise(v) for v in row]
        if row[kind_at] == "numeric" and _is_number(row[value_at]):
            safe[value_at] = row[value_at]  # a validated number ("-3") stays a number
        writer.writerow(safe)
    return (BOM + out.getvalue()).encode("utf-8")


def results_csv_bytes(summary: Any, audience: Audience = SECRETARIAT) -> bytes:
    """The results table (one row per item and group, :func:`analysis.present.tables.results_frame`)
    as UTF-8 CSV with a byte-order mark; text cells neutralised, since item labels come from
    instruments other teams write."""
    frame = results_frame(summary, audience)
    text = frame.select_dtypes(include=["object", "string"]).columns
    frame[text] = frame[text].map(neutralise)
    return frame.to_csv(index=False).encode("utf-8-sig")


def answers_of(wave_data: Any, iso3: str, lang: str = "en") -> pd.DataFrame:
    """One delegation's own answers (question, item label, answer label) in instrument order: what
    a member sees of its own submission (:func:`analysis.present.disclosure.own_answers_visible`)."""
    import pandas as pd

    people = wave_data.respondents
    names = set(people.loc[people["iso3"] == iso3, "respondent"])
    instrument = wave_data.instrument
    items = {item.name: item for item in instrument.items}
    order = {item.name: n for n, item in enumerate(instrument.items)}
    rows = sorted(((order.get(i, len(order)), items.get(i), i, _text(v))
                   for r, i, v in wave_data.answers[["respondent", "item", "value"]].itertuples(index=False)
                   if r in names), key=lambda row: row[0])
    return pd.DataFrame([{"question": item.question if item else "", "item": item.label(lang) if item else name,
                          "answer": _value_label(instrument, item, value, lang)} for _, item, name, value in rows],
                        columns=["question", "item", "answer"])
