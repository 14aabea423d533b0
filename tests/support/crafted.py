"""Crafted waves with known statistical traps, as real files through the real importer.

An XLSForm instrument (written with openpyxl, loaded back with ``load_instrument``) and two
wide response workbooks of real delegations (the 2015 Council, contributors of December
2015, Secretariat units), imported with ``import_files`` into a fresh SQLite store:

* wave ``crafted`` (Council 12, TCC/PCC 12, Secretariat 4):
  - ``q1_channels``: option ``alpha`` differs within its item (p ≈ 0.007, within-item BH
    q ≈ 0.03) but not across the summary (summary-wide q ≥ 0.05); ``epsilon`` nobody ticks;
  - ``q1_small_p``: p ≈ 0.02 but summary-wide q ≥ 0.05;
  - ``q1_no_pair``: groups differ clearly (Kruskal–Wallis) but the largest gap in the share
    agreeing (Council 2 of 12 against 0 of 12) is far from significant after Holm;
  - ``q1_clear``: groups differ and Council against TCC/PCC is supported (11 of 12 against 1 of 12);
  - ``q1_dont_know``: every Secretariat unit answered "Don't know";
  - ``q1_blank``: nobody answered;
  - ``q1_start``: a sequence of stages (``scale`` = sequence);
  - ``q2_filler_*``: thirty items every group answers alike (p = 1), so that the
    summary-wide correction has many tests to correct for;
* wave ``crafted-empty`` (Council 10, TCC/PCC 10, no Secretariat unit): an empty group.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from support.workbooks import write_rows
from surveys.demo import E10, P5, TCC_PCC
from surveys.instrument.xlsform import load_instrument, write_instrument
from surveys.model import Choice, ChoiceList, Instrument, Item, Question
from surveys.respondents.secretariat import secretariat_entities
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

if TYPE_CHECKING:
    from surveys.wavedata import WaveData

WAVE, EMPTY_WAVE = "crafted", "crafted-empty"
FILLERS = 30
COUNCIL = (P5 + E10)[:12]
CONTRIBUTORS = TCC_PCC[:12]
SECRETARIAT_UNITS = 4


def crafted_instrument() -> Instrument:
    agree = ChoiceList("agree5", tuple(
        [Choice(str(i), {"en": en, "zh": zh}) for i, (en, zh) in enumerate(
            [("Strongly disagree", "非常不同意"), ("Disagree", "不同意"), ("Neither agree nor disagree", "既不同意也不反对"),
             ("Agree", "同意"), ("Strongly agree", "非常同意")], start=1)]
        + [Choice("dk", {"en": "Don't know", "zh": "不知道"}, missing=True)]))
    stages = ChoiceList("stages", tuple(Choice(str(i), {"en": en, "zh": zh}) for i, (en, zh) in enumerate(
        [("Before the assessment", "评估之前"), ("During the assessment", "评估期间"),
         ("During negotiation", "谈判期间"), ("After authorisation", "授权之后")], start=1)))
    options = ChoiceList("options", tuple(Choice(name, {"en": name.capitalize(), "zh": zh}) for name, zh in (
        ("alpha", "甲"), ("beta", "乙"), ("gamma", "丙"), ("delta", "丁"), ("epsilon", "戊"))))

    def ordinal(name: str, en: str, question: str = "q1", list_name: str = "agree5", scale: str | None = None) -> Item:
        return Item(name, "select_one", {"en": en, "zh": "关于" + en}, list_name, "ordinal", question, scale=scale)

    items = [
        Item("q1_channels", "select_multiple", {"en": "Channels to use", "zh": "应使用的渠道"}, "options",
             question="q1"),
        ordinal("q1_small_p", "Consultation is timely"),
        ordinal("q1_no_pair", "Views are reflected"),
        ordinal("q1_clear", "Meetings are useful"),
        ordinal("q1_dont_know", "Briefings are early"),
        ordinal("q1_blank", "Nobody knows this"),
        ordinal("q1_start", "When should dialogue begin?", list_name="stages", scale="sequence"),
    ] + [ordinal(f"q2_filler_{i:02d}", f"Filler statement {i}", "q2") for i in range(FILLERS)]
    return Instrument(
        form_id="crafted", version="1", title={"en": "Crafted", "zh": "构造"}, default_language="en",
        reference_date=dt.date(2015, 12, 11), languages=("en", "zh"),
        questions=(Question("q1", {"en": "Traps", "zh": "陷阱"}), Question("q2", {"en": "Fillers", "zh": "填充"})),
        items=tuple(items), choice_lists={"agree5": agree, "stages": stages, "options": options})


def _answers(n: int, pattern: list[Any]) -> list[Any]:
    """``pattern`` repeated to ``n`` answers."""
    return [pattern[i % len(pattern)] for i in range(n)]


def _wave_rows(groups: dict[str, tuple[str, ...]]) -> tuple[list[str], list[list[Any]]]:
    instrument = crafted_instrument()
    names = [item.name for item in instrument.items]
    header = ["respondent", "group", *names]
    sizes = {g: len(people) for g, people in groups.items()}
    columns: dict[str, dict[str, list[Any]]] = {g: {} for g in groups}
    patterns = {
        # Council, TCC/PCC, Secretariat (Secretariat answers only in the first wave).
        "q1_small_p": ([4, 4, 4, 5, 3, 4, 4, 5, 3, 4, 4, 4], [3, 3, 4, 2, 3, 4, 3, 2, 4, 3, 3, 4], [3, 4, 3, 4]),
        "q1_no_pair": ([4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2], [2, 3, 2, 3]),
        "q1_clear": ([5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 2], [1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 4, 2], [3, 3, 4, 2]),
        "q1_dont_know": ([4, 3, 4, 2, 4, 3], [2, 3, 2, 4, 2, 3], ["dk"]),
        "q1_start": ([3, 3, 4, 3, 3, 4], [1, 1, 2, 1, 1, 2], [2, 1, 2, 2]),
    }
    for g, people in groups.items():
        at = {"council": 0, "tcc_pcc": 1, "secretariat": 2}[g]
        n = sizes[g]
        col = columns[g]
        for name, pattern in patterns.items():
            col[name] = _answers(n, pattern[at])
        col["q1_blank"] = [None] * n
        for i in range(FILLERS):
            col[f"q2_filler_{i:02d}"] = _answers(n, [2, 3, 4, 5])
        ticks = [set() for _ in range(n)]
        # alpha: Council 8 of 12, TCC/PCC 1 of 12, Secretariat 2 of 4; beta..delta alike everywhere.
        alpha = {"council": 8, "tcc_pcc": 1, "secretariat": 2}[g] * n // {"council": 12, "tcc_pcc": 12,
                                                                         "secretariat": 4}[g]
        for i in range(n):
            if i < alpha:
                ticks[i].add("alpha")
            if i % 2 == 0:
                ticks[i].add("beta")
            if i % 2 == 1:
                ticks[i].add("gamma")
            if i % 4 in (0, 3):
                ticks[i].add("delta")
        col["q1_channels"] = [" ".join(o for o in ("alpha", "beta", "gamma", "delta") if o in t) for t in ticks]
    rows = []
    for g, people in groups.items():
        for i, person in enumerate(people):
            rows.append([person, g, *(columns[g][name][i] for name in names)])
    return header, rows


@dataclass(frozen=True)
class CraftedStore:
    url: str
    store: Any
    instrument: Instrument


def crafted_store(folder: Path) -> CraftedStore:
    """A fresh SQLite store in ``folder`` holding both crafted waves, imported from real files."""
    write_instrument(crafted_instrument(), folder / "crafted-form.xlsx")
    instrument = load_instrument(folder / "crafted-form.xlsx")
    units = tuple(u.name("en") for u in secretariat_entities()[:SECRETARIAT_UNITS])
    url = f"sqlite:///{folder / 'crafted.sqlite'}"
    store = open_store(url)
    for wave, groups in ((WAVE, {"council": COUNCIL, "tcc_pcc": CONTRIBUTORS, "secretariat": units}),
                         (EMPTY_WAVE, {"council": COUNCIL[:10], "tcc_pcc": CONTRIBUTORS[:10]})):
        header, rows = _wave_rows(groups)
        path = write_rows(folder / f"{wave}.xlsx", [header, *rows])
        report = import_files(store, [path], wave=wave, instrument=instrument)
        assert report.ok, [str(i) for i in report.issues if i.severity == "error"]
    return CraftedStore(url, store, instrument)


# --- small in-memory waves for wording tests ------------------------------------------------

QUALITY = ChoiceList("quality5", tuple(Choice(str(i), {"en": en, "zh": zh}) for i, (en, zh) in enumerate(
    [("Very poor", "很差"), ("Poor", "较差"), ("Fair", "一般"), ("Good", "较好"), ("Very good", "很好")], start=1)))


def counts(**per_choice: int) -> list[str]:
    """Answers from counts per choice name: ``counts(**{"4": 6, "2": 9})``."""
    return [name for name, k in per_choice.items() for _ in range(k)]


def item_wave(groups: dict[str, list[str]], *, kind: str = "agree5", by: str = "group",
              label: str = "Consultations take place early enough") -> "WaveData":
    """A one-item wave built in memory: ``groups`` maps a group code (of ``by``) to its answers
    (choice names; ``None`` for a blank). ``kind``: ``agree5``, ``quality5``, ``stages``
    (a sequence), ``options`` (select_multiple, answers space-separated) or ``integer``."""
    import pandas as pd

    from surveys.model import Wave
    from surveys.wavedata import RESPONDENT_COLUMNS, WaveData

    base = crafted_instrument()
    lists = {**base.choice_lists, "quality5": QUALITY}
    if kind == "options":
        item = Item("q1_item", "select_multiple", {"en": label, "zh": "磋商"}, "options", question="q1")
    elif kind == "integer":
        item = Item("q1_item", "integer", {"en": label, "zh": "磋商"}, question="q1")
    else:
        item = Item("q1_item", "select_one", {"en": label, "zh": "磋商进行得足够早"}, kind, "ordinal", "q1",
                    scale="sequence" if kind == "stages" else None)
    instrument = Instrument("memory", "1", {"en": "Memory"}, "en", dt.date(2015, 12, 11), ("en", "zh"),
                            (Question("q1", {"en": "Q1", "zh": "问题1"}),), (item,), lists)
    people, answers = [], []
    for code, values in groups.items():
        for i, value in enumerate(values):
            name = f"{code}-{i}"
            person = {c: None for c in RESPONDENT_COLUMNS}
            person.update(respondent=name, group=code if by == "group" else "other", p5_e10="non_member",
                          wave="memory")
            if by != "group":
                person[by] = code
            people.append(person)
            if value is not None:
                answers.append({"respondent": name, "item": "q1_item", "value": str(value)})
    return WaveData(Wave("memory", "memory", "1", dt.date(2015, 12, 11)), instrument, pd.DataFrame(people),
                    pd.DataFrame(answers, columns=["respondent", "item", "value"]), f"v{len(answers)}")
