"""A questionnaire with seven groups (six numbered, one named otherwise) and a wave of it,
imported through the real XLSForm loader and importer into a fresh SQLite store."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.workbooks import write_rows
from surveys.instrument.xlsform import load_instrument, write_instrument
from surveys.model import Choice, ChoiceList, Instrument, Item, Question
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

WAVE = "seven-2016"
#: Group name -> its label: q1 … q6 with topics unlike the default's, and a seventh named otherwise.
GROUPS = {
    "q1": "Briefings before mandate renewals", "q2": "Access to mission reports", "q3": "Force generation",
    "q4": "Police contributors", "q5": "Field visits", "q6": "Follow-up in the Fifth Committee",
    "followup": "Anything the Working Group should take up next year",
}
DELEGATIONS = (
    ("China", "council"), ("France", "council"), ("Russian Federation", "council"),
    ("United Kingdom", "council"), ("United States", "council"), ("Angola", "council"), ("Chile", "council"),
    ("Nepal", "tcc_pcc"), ("Bangladesh", "tcc_pcc"), ("Rwanda", "tcc_pcc"), ("Ethiopia", "tcc_pcc"),
    ("Pakistan", "tcc_pcc"), ("India", "tcc_pcc"),
)


def seven_group_instrument() -> Instrument:
    agree = ChoiceList("agree", tuple(Choice(str(n), {"en": label}) for n, label in enumerate(
        ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"), 1)))
    return Instrument(
        form_id="seven_groups", version="1", title={"en": "Seven groups"}, default_language="en",
        reference_date=dt.date(2015, 12, 11), languages=("en",),
        questions=tuple(Question(name, {"en": label}) for name, label in GROUPS.items()),
        items=tuple(Item(f"{name}_view", "select_one", {"en": f"{label}: it works well"}, list_name="agree",
                         measure="ordinal", question=name) for name, label in GROUPS.items()),
        choice_lists={"agree": agree},
    )


def seven_group_store(folder: Path) -> str:
    """The URL of a fresh store holding :data:`WAVE`: the seven-group form written as XLSForm and
    read back, and thirteen delegations' answers (each item's answers differ by group)."""
    form = folder / "seven.xlsx"
    write_instrument(seven_group_instrument(), form)
    instrument = load_instrument(form)
    header = ["respondent", "group", *(f"{name}_view" for name in GROUPS)]
    rows = [header] + [[name, group, *(str(1 + (i + k + (2 if group == "council" else 0)) % 5)
                                      for k in range(len(GROUPS)))]
                       for i, (name, group) in enumerate(DELEGATIONS)]
    answers = write_rows(folder / "answers.xlsx", rows)
    url = f"sqlite:///{folder / 'seven.sqlite'}"
    with open_store(url) as store:
        report = import_files(store, [answers], wave=WAVE, instrument=instrument)
        assert report.ok, [str(issue) for issue in report.issues]
    return url
