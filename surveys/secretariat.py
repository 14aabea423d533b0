"""Secretariat units and observers: who answers besides member states.

The Working Group's "triangle" has three corners: the Security Council, the troop- and
police-contributing countries, and the Secretariat (the departments that plan and run
peace operations). Non-member observer States and regional organisations (Holy See,
State of Palestine, African Union, European Union ...) also take part in its meetings and
are counted as ``other``.

This module also owns the name-matching rule (:func:`name_key`) that ``registry`` uses for
member states, so that every kind of respondent is matched the same way. The tables are
project-owned CSV files in ``surveys/data/`` (names from UN terminology; English and
Chinese checked, other languages best effort).
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Mapping, TypeVar

from surveys.model import UN_LANGUAGES, pick_label

__all__ = [
    "Observer",
    "SecretariatEntity",
    "find_observer",
    "find_secretariat",
    "name_key",
    "observers",
    "secretariat_entities",
]

# Leading words that do not change what a name refers to ("the Netherlands", "UN DPKO").
_NOISE_PREFIXES = ("the", "un", "united nations", "联合国")
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼ"), None)


def name_key(text: str) -> str:
    """The matching key of a name: case-, space-, punctuation- and accent-insensitive.

    ``"Côte d’Ivoire"``, ``"COTE D'IVOIRE"`` and ``"cote d ivoire"`` share one key, as do
    full-width and ASCII brackets in Chinese ("刚果（金）"). Letters of every script are kept;
    combining marks (accents, Arabic vowel signs) are dropped after NFKD decomposition;
    punctuation and spaces are removed; ``&`` reads as "and".
    """
    text = unicodedata.normalize("NFKC", text or "").replace("&", " and ")
    text = text.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    words: list[str] = []
    word: list[str] = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):
            continue
        if category[0] in "LN":
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return "".join(words)


def _strip_prefix(text: str) -> str | None:
    """``text`` without a leading "the"/"UN"/"United Nations", or None if it has none."""
    words = " ".join((text or "").split())
    for prefix in _NOISE_PREFIXES:
        if words.casefold().startswith(prefix + " ") or (prefix == "联合国" and words.startswith(prefix)):
            return words[len(prefix):].strip()
    return None


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the project data file ``surveys/data/<name>`` (``#`` lines are comments)."""
    text = resources.files("surveys").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def split_aliases(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split("|") if part.strip())


T = TypeVar("T")


def build_index(entries: Iterable[T], names_of: Callable[[T], Iterable[str]]) -> dict[str, T]:
    """Map every name key of every entry to the entry; a key shared by two entries is a data bug."""
    index: dict[str, T] = {}
    for entry in entries:
        for name in names_of(entry):
            key = name_key(name)
            if not key:
                continue
            if index.get(key, entry) is not entry:
                raise ValueError(f"name {name!r} is ambiguous in the registry data")
            index[key] = entry
    return index


def lookup(index: Mapping[str, T], text: str) -> T | None:
    """Find ``text`` in ``index``, also without a leading "the", "UN" or "United Nations"."""
    found = index.get(name_key(text))
    if found is None:
        shorter = _strip_prefix(text)
        if shorter:
            found = index.get(name_key(shorter))
    return found


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
def _secretariat_index() -> dict[str, SecretariatEntity]:
    return build_index(secretariat_entities(), lambda e: (e.code, *e.names.values(), *e.aliases))


@lru_cache(maxsize=1)
def _observer_index() -> dict[str, Observer]:
    return build_index(observers(), lambda o: (o.code, *o.names.values(), *o.aliases))


def find_secretariat(text: str) -> SecretariatEntity | None:
    """The Secretariat entity called ``text`` (acronym or name in any UN language), else None.

    ``"DPKO"``, ``"UN DPKO"``, ``"维持和平行动部"`` and ``"Office of Military Affairs"`` all match.
    """
    return lookup(_secretariat_index(), text)


def find_observer(text: str) -> Observer | None:
    """The observer State or organisation called ``text`` (code or name in any UN language)."""
    return lookup(_observer_index(), text)
