"""Builders for real response workbooks (openpyxl, pandas for .ods), for any test to reuse.

``small_instrument()`` is a two-question instrument with every analysed item type and
labels in English and Chinese; ``write_book`` writes sheets of plain rows to .xlsx,
.xlsm or .ods, with hidden sheets where asked.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook

from surveys.model import Choice, ChoiceList, Instrument, Item, Question

Rows = Sequence[Sequence[Any]]


def small_instrument() -> Instrument:
    """q1: a 5-point agreement item and a select_multiple; q2: integer, decimal, date, text."""
    agree = ChoiceList("agree", (
        Choice("1", {"en": "Strongly disagree", "zh": "非常不同意"}),
        Choice("2", {"en": "Disagree", "zh": "不同意"}),
        Choice("3", {"en": "Neither agree nor disagree", "zh": "既不同意也不反对"}),
        Choice("4", {"en": "Agree", "zh": "同意"}),
        Choice("5", {"en": "Strongly agree", "zh": "非常同意"}),
        Choice("dk", {"en": "Don't know", "zh": "不知道"}, missing=True),
    ))
    channels = ChoiceList("channels", (
        Choice("formal_meetings", {"en": "Formal meetings", "zh": "正式会议"}),
        Choice("informal_dialogues", {"en": "Informal dialogues, mission by mission", "zh": "非正式对话"}),
        Choice("field_visits", {"en": "Council field visits", "zh": "安理会实地访问"}),
    ))
    return Instrument(
        form_id="small_test", version="1", title={"en": "Small test", "zh": "小测试"},
        default_language="en", reference_date=dt.date(2015, 12, 11), languages=("en", "zh"),
        questions=(Question("q1", {"en": "Consultation", "zh": "磋商"}),
                   Question("q2", {"en": "Facts", "zh": "事实"})),
        items=(
            Item("q1_overall", "select_one", {"en": "Consultation works well", "zh": "磋商运作良好"},
                 list_name="agree", measure="ordinal", question="q1"),
            Item("q1_channels", "select_multiple", {"en": "Channels to use", "zh": "应使用的渠道"},
                 list_name="channels", question="q1"),
            Item("q2_meetings", "integer", {"en": "Meetings attended", "zh": "参加的会议次数"}, question="q2"),
            Item("q2_share", "decimal", {"en": "Share of time", "zh": "时间占比"}, question="q2"),
            Item("q2_first", "date", {"en": "First meeting", "zh": "首次会议"}, question="q2"),
            Item("q2_comment", "text", {"en": "Comment", "zh": "意见"}, question="q2"),
        ),
        choice_lists={"agree": agree, "channels": channels},
    )


def write_book(path: Path, sheets: Mapping[str, Rows], *, hidden: Sequence[str] = ()) -> Path:
    """Write ``sheets`` (name → rows, in order) to ``path``; the suffix picks .xlsx/.xlsm/.ods."""
    if path.suffix == ".ods":
        return _write_ods(path, sheets)
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_rows(path: Path, rows: Rows, *, sheet: str = "responses") -> Path:
    """One sheet of rows."""
    return write_book(path, {sheet: rows})


def write_large(path: Path, header: Sequence[str], rows: Rows, *, sheet: str = "responses") -> Path:
    """A big sheet in openpyxl's streaming mode (tens of thousands of rows in seconds)."""
    book = Workbook(write_only=True)
    out = book.create_sheet(sheet)
    out.append(list(header))
    for row in rows:
        out.append(list(row))
    book.save(path)
    return path


def _write_ods(path: Path, sheets: Mapping[str, Rows]) -> Path:
    import pandas as pd

    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max((len(r) for r in rows), default=0)
            padded = [list(r) + [None] * (width - len(r)) for r in rows]
            pd.DataFrame(padded).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def fill_template(template: Path, out: Path, answers: Mapping[str, Any]) -> Path:
    """Fill a template from :func:`surveys.reading.template.write_template` as a delegation would.

    ``answers`` maps a row key (``respondent``, ``group``, an item name or ``item/option``)
    to what is typed in that row's answer cell.
    """
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = next(s for s in book.worksheets if str(s["A1"].value or "").startswith("trialogue-template"))
    header = next(row for row in sheet.iter_rows() if row[0].value == "item")
    answer_col = next(c.column for c in header if str(c.value or "").split(" / ")[-1] == "Answer")
    keys = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}
    for key, value in answers.items():
        sheet.cell(keys[key], answer_col, value)
    book.save(out)
    return out
