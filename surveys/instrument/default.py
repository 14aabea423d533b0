"""The instrument Trialogue ships: the S/2015/1042 consultation questionnaire.

:func:`default_instrument` builds it from the readable definition in
:mod:`surveys.instrument.wgpko_2015` (English and Chinese) and its wording in the other
four UN languages, :mod:`~surveys.instrument.wgpko_2015_fr_es` and
:mod:`~surveys.instrument.wgpko_2015_ru_ar`; :func:`write_default_instrument` writes it as
an XLSForm workbook that :func:`surveys.instrument.xlsform.load_instrument` reads back equal.
"""
from __future__ import annotations

import os
from functools import lru_cache

from surveys.model import Choice, ChoiceList, Instrument, Item, Question

from . import wgpko_2015 as definition, wgpko_2015_fr_es, wgpko_2015_ru_ar
from .xlsform import numbered, write_instrument

#: The translation modules, each a table of ``(language, language)`` pairs keyed like the definition.
_TRANSLATIONS = (wgpko_2015_fr_es, wgpko_2015_ru_ar)
#: English and Chinese first (the definition's order), then French, Spanish, Russian, Arabic.
_LANGUAGES = definition.LANGUAGES + tuple(code for t in _TRANSLATIONS for code in t.LANGUAGES)


def _texts(pair: tuple[str, ...], table: str | None = None, *keys: str) -> dict[str, str]:
    """``pair`` (English, Chinese) with each translation module's pair at ``table[keys…]``;
    a missing translation is a KeyError here, so an incomplete table never ships."""
    texts = dict(zip(definition.LANGUAGES, pair))
    for module in _TRANSLATIONS if table else ():
        entry = getattr(module, table)
        for key in keys:
            entry = entry[key]
        texts.update(zip(module.LANGUAGES, entry))
    return texts


@lru_cache(maxsize=1)
def default_instrument() -> Instrument:
    """The S/2015/1042 questionnaire (form_id ``wgpko_2015_triangular``), built once.

    Item ``row`` numbers are those of the survey sheet :func:`write_default_instrument`
    writes, so the instrument equals the one loaded back from that workbook.
    """
    lists = {
        name: ChoiceList(name, tuple(
            Choice(entry[0], _texts(entry[1:3], "CHOICE_LISTS", name, entry[0]),
                   bool(entry[3:4] and entry[3]))
            for entry in entries))
        for name, entries in definition.CHOICE_LISTS.items()
    }
    items = tuple(
        Item(name=name, type=type_, labels=_texts(label, "ITEMS", name), list_name=list_name,
             measure=measure, question=question,
             hints=_texts(hint[0], "HINTS", name) if hint else {},
             scale=definition.SCALES.get(list_name) if measure == "ordinal" else None)
        for question, name, type_, list_name, measure, label, *hint in definition.ITEMS
    )
    questions = tuple(Question(name, {**labels, **_texts((), "QUESTIONS", name)})
                      for name, labels in definition.QUESTIONS.items())
    title = {**definition.TITLE, **_texts((), "TITLE")}
    return numbered(Instrument(
        form_id=definition.FORM_ID, version=definition.VERSION, title=title,
        default_language=definition.DEFAULT_LANGUAGE, reference_date=definition.REFERENCE_DATE,
        languages=_LANGUAGES, questions=questions, items=items, choice_lists=lists,
    ))


def write_default_instrument(path: str | os.PathLike) -> None:
    """Write the default instrument as an XLSForm workbook (.xlsx) at ``path``."""
    write_instrument(default_instrument(), path)
