"""Write an :class:`~surveys.model.Instrument` as an XLSForm workbook.

The counterpart of :func:`surveys.instrument.xlsform.load_instrument` (which re-exports these
names): ``survey``, ``choices`` and ``settings`` sheets with one ``label::Language (code)``
column per language, Trialogue's ``measure``, ``scale`` and ``missing`` columns, and ``date`` and
``form_title::…`` in settings. Written with openpyxl; every text cell is stored as text
so that choice names such as ``1`` stay text in Excel.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Mapping

from surveys.model import Instrument, Item, Question

#: Our codes → the language name written in column headers.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh": "Chinese", "fr": "French", "es": "Spanish",
                                     "ru": "Russian", "ar": "Arabic"}


def _survey_layout(instrument: Instrument) -> list[tuple[str, object]]:
    """The survey rows :func:`write_instrument` writes, in order.

    Items and rows not analysed stand in their sheet order (by ``row``; instrument order,
    items first, when rows are unknown), inside the groups their paths name: a group is
    opened where the first row inside it stands and closed after the last, so a name
    shared by two groups stays in its own group. Repeats, and groups inside them, are
    rows not analysed and written verbatim. Questions without any row inside follow."""
    companions = _or_other_companions(instrument)
    entries: list[tuple[str, object]] = [("item", item) for item in instrument.items]
    entries += [("other", other) for other in instrument.not_analysed if other.name not in companions]
    if all(thing.row is not None for _, thing in entries):
        entries.sort(key=lambda entry: entry[1].row)
    labels = {question.name: question for question in instrument.questions}
    rows: list[tuple[str, object]] = []
    open_: list[tuple[str, bool]] = []  # (name, written verbatim) of the open groups and repeats

    def close_to(depth: int) -> None:
        while len(open_) > depth:
            rows.append(("end", Question(open_.pop()[0])))

    for kind, thing in entries:
        if kind == "other" and thing.type in ("end_group", "end_repeat"):
            while open_ and not open_[-1][1]:
                close_to(len(open_) - 1)
            rows.append((kind, thing))
            if open_:
                open_.pop()
            continue
        parent = thing.path.split("/")[:-1]
        depth = 0
        while depth < min(len(open_), len(parent)) and open_[depth][0] == parent[depth]:
            depth += 1
        close_to(depth)
        for name in parent[depth:]:
            top = not open_
            rows.append(("begin", labels.get(name, Question(name)) if top else Question(name)))
            open_.append((name, False))
        rows.append((kind, thing))
        if kind == "other" and thing.type.split()[0] in ("begin_group", "begin_repeat"):
            open_.append((thing.path.rsplit("/", 1)[-1], True))
    close_to(0)
    opened = {thing.name for kind, thing in rows if kind == "begin"}
    for question in instrument.questions:
        if question.name not in opened:
            rows += [("begin", question), ("end", question)]
    return rows


def _or_other_companions(instrument: Instrument) -> dict[str, Item]:
    """Not-analysed ``NAME_other`` rows that stand for a select's 'or_other' free text."""
    selects = {f"{i.name}_other": i for i in instrument.items if i.list_name}
    return {o.name: selects[o.name] for o in instrument.not_analysed if o.name in selects and o.type == "text"}


def numbered(instrument: Instrument) -> Instrument:
    """``instrument`` with each item's and not-analysed row's ``row`` set to the survey-sheet
    row (1-based, header is row 1) that :func:`write_instrument` gives it."""
    rows: dict[int, int] = {}
    for number, (kind, thing) in enumerate(_survey_layout(instrument), start=2):
        if kind in ("item", "other"):
            rows[id(thing)] = number
    for other in instrument.not_analysed:
        item = _or_other_companions(instrument).get(other.name)
        if item is not None:
            rows[id(other)] = rows[id(item)]
    # Sorted by row, as a load of the written workbook lists them.
    return replace(instrument,
                   items=tuple(sorted((replace(i, row=rows[id(i)]) for i in instrument.items),
                                      key=lambda i: i.row)),
                   not_analysed=tuple(sorted((replace(o, row=rows[id(o)]) for o in instrument.not_analysed),
                                             key=lambda o: o.row)))


def _lang_header(base: str, code: str) -> str:
    return f"{base}::{LANGUAGE_NAMES.get(code, code)} ({code})"


def write_instrument(instrument: Instrument, path: str | os.PathLike) -> None:
    """Write ``instrument`` as an XLSForm workbook (.xlsx) that ``load_instrument`` reads
    back equal to :func:`numbered` ``(instrument)``. Groups are rebuilt from the paths
    (labels are kept for the top-level ones, the questions); every text cell is written as text."""
    from openpyxl import Workbook

    langs = instrument.languages or (instrument.default_language,)
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", *(_lang_header("label", c) for c in langs),
                   *(_lang_header("hint", c) for c in langs), "required", "relevant", "measure", "scale"])
    or_other = {item.name for item in _or_other_companions(instrument).values()}
    for kind, thing in _survey_layout(instrument):
        if kind == "item":
            type_ = f"{thing.type} {thing.list_name}" if thing.list_name else thing.type
            type_ += " or_other" if thing.name in or_other else ""
            survey.append([type_, thing.short_name, *(thing.labels.get(c) for c in langs),
                           *(thing.hints.get(c) for c in langs), "yes" if thing.required else None,
                           thing.relevant, thing.measure, thing.scale])
        elif kind == "begin":
            survey.append(["begin_group", thing.name, *(thing.labels.get(c) for c in langs)])
        elif kind == "end":
            survey.append(["end_group"])
        else:
            survey.append([thing.type, thing.path.rsplit("/", 1)[-1] or None])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(_lang_header("label", c) for c in langs), "missing"])
    for choice_list in instrument.choice_lists.values():
        for choice in choice_list.choices:
            choices.append([choice_list.name, choice.name, *(choice.labels.get(c) for c in langs),
                            "yes" if choice.missing else None])
    settings = book.create_sheet("settings")
    settings.append(["form_title", *(_lang_header("form_title", c) for c in langs), "form_id", "version",
                     "default_language", "date"])
    settings.append([instrument.title.get(instrument.default_language),
                     *(instrument.title.get(c) for c in langs), instrument.form_id, instrument.version,
                     instrument.default_language, instrument.reference_date])
    if instrument.reference_date is not None:
        settings.cell(2, len(langs) + 5).number_format = "yyyy-mm-dd"
    for sheet in (survey, choices, settings):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    book.save(os.fspath(path))
