"""The instrument Trialogue ships: the S/2015/1042 consultation questionnaire.

:func:`default_instrument` builds it from the readable definition in
:mod:`surveys.instruments.wgpko_2015`; :func:`write_default_instrument` writes it as
an XLSForm workbook that :func:`surveys.xlsform.load_instrument` reads back equal.
"""
from __future__ import annotations

import os
from functools import lru_cache

from ..model import Choice, ChoiceList, Instrument, Item, Question
from ..xlsform import numbered, write_instrument
from . import wgpko_2015 as definition


def _texts(pair: tuple[str, str]) -> dict[str, str]:
    return dict(zip(definition.LANGUAGES, pair))


@lru_cache(maxsize=1)
def default_instrument() -> Instrument:
    """The S/2015/1042 questionnaire (form_id ``wgpko_2015_triangular``), built once.

    Item ``row`` numbers are those of the survey sheet :func:`write_default_instrument`
    writes, so the instrument equals the one loaded back from that workbook.
    """
    lists = {
        name: ChoiceList(name, tuple(Choice(entry[0], _texts(entry[1:3]), bool(entry[3:4] and entry[3]))
                                     for entry in entries))
        for name, entries in definition.CHOICE_LISTS.items()
    }
    items = tuple(
        Item(name=name, type=type_, labels=_texts(label), list_name=list_name, measure=measure,
             question=question, hints=_texts(hint[0]) if hint else {})
        for question, name, type_, list_name, measure, label, *hint in definition.ITEMS
    )
    questions = tuple(Question(name, dict(labels)) for name, labels in definition.QUESTIONS.items())
    return numbered(Instrument(
        form_id=definition.FORM_ID, version=definition.VERSION, title=dict(definition.TITLE),
        default_language=definition.DEFAULT_LANGUAGE, reference_date=definition.REFERENCE_DATE,
        languages=definition.LANGUAGES, questions=questions, items=items, choice_lists=lists,
    ))


def write_default_instrument(path: str | os.PathLike) -> None:
    """Write the default instrument as an XLSForm workbook (.xlsx) at ``path``."""
    write_instrument(default_instrument(), path)
