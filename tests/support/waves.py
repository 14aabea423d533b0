"""Small waves built in memory for the statistics tests (one instrument, rows of answers)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from surveys.model import Choice, ChoiceList, Instrument, Item, Question, Wave
from surveys.wavedata import RESPONDENT_COLUMNS, WaveData

AGREE = ChoiceList("agree5", tuple(
    [Choice(str(i), {"en": t, "fr": f}) for i, (t, f) in enumerate(
        [("Strongly disagree", "Pas du tout d'accord"), ("Disagree", "Pas d'accord"), ("Neutral", "Neutre"),
         ("Agree", "D'accord"), ("Strongly agree", "Tout à fait d'accord")], start=1)]
    + [Choice("dk", {"en": "Don't know", "fr": "Ne sait pas"}, missing=True)]))


FORMATS = ChoiceList("formats", (Choice("formal", {"en": "Formal meetings"}),
                                 Choice("informal", {"en": "Informal dialogue"}),
                                 Choice("experts", {"en": "Expert level"})))


TIMING = ChoiceList("timing", (Choice("early", {"en": "Before authorisation"}),
                               Choice("late", {"en": "At renewal"})))


def instrument() -> Instrument:
    return Instrument(
        form_id="test_form", version="1", title={"en": "Test"}, default_language="en",
        reference_date=dt.date(2015, 12, 11), languages=("en", "fr"),
        questions=(Question("q1", {"en": "Consultation"}), Question("q5", {"en": "Formats"})),
        items=(
            Item("q1_useful", "select_one", {"en": "Consultations are useful", "fr": "Les consultations sont utiles"},
                 "agree5", "ordinal", "q1"),
            Item("q1_timing", "select_one", {"en": "When to consult"}, "timing", "nominal", "q1"),
            Item("q1_meetings", "integer", {"en": "Meetings attended"}, question="q1"),
            Item("q1_comment", "text", {"en": "Comments"}, question="q1"),
            Item("q5_formats", "select_multiple", {"en": "Useful formats"}, "formats", question="q5"),
        ),
        choice_lists={"agree5": AGREE, "formats": FORMATS, "timing": TIMING})


def make_wave(rows: list[dict], name: str = "2015", date=dt.date(2015, 12, 11)) -> WaveData:
    """rows: dicts with respondent, group (+ other respondent columns) and item answers."""
    people, answers = [], []
    items = {i.name for i in instrument().items}
    for row in rows:
        person = {c: row.get(c) for c in RESPONDENT_COLUMNS}
        person["p5_e10"] = row.get("p5_e10", "non_member")
        person["wave"] = name
        person.update({k: v for k, v in row.items() if k not in items and k not in RESPONDENT_COLUMNS})
        people.append(person)
        answers += [{"respondent": row["respondent"], "item": k, "value": v}
                    for k, v in row.items() if k in items and v is not None]
    return WaveData(Wave(name, "test_form", "1", date), instrument(), pd.DataFrame(people),
                    pd.DataFrame(answers, columns=["respondent", "item", "value"]), f"v-{name}-{len(answers)}")


def council_wave() -> WaveData:
    rows = []
    council = ["5", "4", "4", "5", "2", "4", "3", "5", "4", "dk"]
    tcc = ["2", "1", "2", "3", "2", "4", "1", "2", "3", "2", "dk", "1"]
    for i, v in enumerate(council):
        rows.append({"respondent": f"C{i}", "group": "council", "p5_e10": "p5" if i < 3 else "e10",
                     "region": "weog" if i % 2 else "african", "q1_useful": v,
                     "q1_timing": "early" if i % 3 else "late", "q1_meetings": str(i % 4),
                     "q1_comment": "More dialogue." if i < 4 else None,
                     "q5_formats": "informal experts" if i % 2 else "formal"})
    for i, v in enumerate(tcc):
        rows.append({"respondent": f"T{i}", "group": "tcc_pcc", "region": "asia_pacific" if i % 2 else "african",
                     "tcc_pcc": True, "q1_useful": v, "q1_timing": "early", "q1_meetings": str(i % 5 + 1),
                     "q5_formats": "informal" if i % 3 else "formal informal"})
    rows.append({"respondent": "DPKO", "group": "secretariat", "q1_useful": "4", "q5_formats": "experts",
                 "q1_comment": "Earlier consultation."})
    return make_wave(rows)
