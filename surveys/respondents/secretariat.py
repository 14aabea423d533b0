"""Secretariat units and observers: who answers besides member states.

The Working Group's "triangle" has three corners: the Security Council, the troop- and
police-contributing countries, and the Secretariat (the departments that plan and run
peace operations). Non-member observer States and regional organisations (Holy See,
State of Palestine, African Union, European Union ...) also take part in its meetings and
are counted as ``other``. Their names are read as every respondent's are
(:mod:`surveys.respondents.names`); the tables are project-owned CSV files in
``surveys/respondents/data/`` (names from UN terminology; English and Chinese checked, other
languages best effort).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from surveys.model import UN_LANGUAGES, pick_label
from surveys.respondents.names import (
    EDGE_PUNCTUATION,
    NAME_CACHE_SIZE,
    build_index,
    clean_name,
    lookup,
    read_table,
    resolve,
    split_aliases,
)

__all__ = [
    "Observer",
    "SecretariatEntity",
    "find_observer",
    "find_secretariat",
    "observer_index",
    "observer_named",
    "observers",
    "secretariat_entities",
    "secretariat_index",
    "secretariat_named",
]


@dataclass(frozen=True)
class SecretariatEntity:
    """A department or office of the UN Secretariat (``DPKO``, ``OMA``, ``Police Division`` ...).

    ``names`` holds the name in the six UN languages; ``aliases`` other accepted forms.
    """

    code: str
    names: Mapping[str, str]
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        return pick_label(self.names, lang) or self.code


@dataclass(frozen=True)
class Observer:
    """A non-member observer State (``kind="state"``, with its ISO code) or an organisation."""

    code: str
    kind: str
    names: Mapping[str, str]
    aliases: tuple[str, ...] = field(default=())

    @property
    def iso3(self) -> str | None:
        return self.code if self.kind == "state" else None

    def name(self, lang: str = "en") -> str:
        return pick_label(self.names, lang) or self.code


def _names(row: Mapping[str, str]) -> dict[str, str]:
    return {lang: row[lang] for lang in UN_LANGUAGES if row.get(lang)}


@lru_cache(maxsize=1)
def secretariat_entities() -> tuple[SecretariatEntity, ...]:
    """The Secretariat departments and offices known by name (``secretariat_entities.csv``)."""
    return tuple(SecretariatEntity(row["code"], _names(row), split_aliases(row.get("aliases", "")))
                 for row in read_table("secretariat_entities.csv"))


@lru_cache(maxsize=1)
def observers() -> tuple[Observer, ...]:
    """Observer States and organisations (``observers.csv``)."""
    return tuple(Observer(row["code"], row["kind"], _names(row), split_aliases(row.get("aliases", "")))
                 for row in read_table("observers.csv"))


@lru_cache(maxsize=1)
def secretariat_index() -> dict[str, SecretariatEntity]:
    return build_index(secretariat_entities(), lambda e: (e.code, *e.names.values(), *e.aliases))


@lru_cache(maxsize=1)
def observer_index() -> dict[str, Observer]:
    return build_index(observers(), lambda o: (o.code, *o.names.values(), *o.aliases))


# A unit written with the office or department it belongs to: "Office of Military Affairs,
# DPKO", "OMA/DPO", "Police Division (OROLSI)", "Department of Peacekeeping Operations (DPKO)".
_UNIT_PARTS = re.compile(r"\s*(?:[(),/;]|\s[-–—]\s)\s*")


@lru_cache(maxsize=NAME_CACHE_SIZE)
def secretariat_named(text: str) -> SecretariatEntity | None:
    """The unit a cleaned name (:func:`~surveys.respondents.names.clean_name`) names, else None."""
    index = secretariat_index()
    found = lookup(index, text)
    if found is not None or not _UNIT_PARTS.search(text):
        return found
    parts = [part for part in _UNIT_PARTS.split(text) if part.strip(EDGE_PUNCTUATION)]
    if len(parts) < 2:
        return None
    units = [lookup(index, part) for part in parts]
    # Every part must be a known unit (so "Ghana / DPKO" is not a unit); the first is the
    # most specific, as written ("Police Division" of OROLSI).
    return units[0] if all(unit is not None for unit in units) else None


def find_secretariat(text: str) -> SecretariatEntity | None:
    """The Secretariat entity called ``text`` (acronym or name in any UN language), else None.

    ``"DPKO"``, ``"UN DPKO"``, ``"维持和平行动部"`` and ``"Office of Military Affairs"`` all match;
    so does a unit written with its parent ("OMA/DPO", "Police Division (OROLSI)") when every
    part is a known unit: the first part names the respondent.
    """
    return secretariat_named(clean_name(text))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def observer_named(text: str) -> Observer | None:
    """The observer a cleaned name names, else None."""
    return resolve(lambda name: lookup(observer_index(), name), text)


def find_observer(text: str) -> Observer | None:
    """The observer State or organisation called ``text`` (code or name in any UN language),
    also as its mission or delegation ("Permanent Observer Mission of the Holy See")."""
    return observer_named(clean_name(text))
