"""Member-state names beyond the dictionary: ISO alpha-2 codes ("gh"), official long forms
("Reino de España", "République du Sénégal"), "St" for "Saint".

A two-letter text is only ever an alpha-2 code or a listed abbreviation ("UK"); a code that
also names an observer or a unit ("AU", "UA", "DM") or reads as a missing value ("NA") is
refused with a reason. The rest is used by :func:`surveys.respondents.registry.find_state` only
after the dictionary look-up missed. The member-state table itself (:func:`member_states`,
:func:`state_index`) is kept here, so the registry imports this module and never the reverse.

An official long form is an official-form head ("Republic of", "République du", "Reino de",
"Federal Republic of", "State of", "Республика", "جمهورية" ...) followed by a state's name. The
head is taken off when the rest is a state's name *and* no other state could be meant: a
rival is another state with a name that holds the rest's words (or longer words starting with
them: "Dominica" in "Dominican Republic", "Niger" in "Nigeria") beside a word of the head.
So "Democratic Republic of Congo" is not the Congo (the Democratic Republic of the Congo
has "Democratic" and "Republic" beside "Congo"), "Republic of Dominica" matches nothing, and
"Democratic Republic of Korea" is neither Korea; "République de Guinée" is Guinea, because no
other Guinea's name holds "République". "State of Palestine" stays an observer: "Palestine"
is no member state's name. Ambiguity matches nothing: the caller then reports an unknown
respondent, which is safer than a wrong country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from surveys.model import UN_LANGUAGES, pick_label
from surveys.respondents.names import (
    build_index,
    clean_name,
    lookup,
    name_form,
    name_key,
    name_words,
    read_table,
    split_aliases,
)
from surveys.respondents.secretariat import find_observer, find_secretariat

__all__ = ["MemberState", "alpha2_state", "ambiguous_code", "is_code_like", "member_states", "official_form", "saint",
           "state_index"]

# Head nouns of official long forms. English, French and Spanish put "of"/"de" before the
# name; Russian and Arabic put the name right after the noun (with adjectives around it).
_CONNECTED_NOUNS = frozenset(map(name_key, (
    "republic", "kingdom", "state", "states", "commonwealth", "principality", "sultanate", "duchy",
    "federation", "union", "confederation", "emirate", "république", "royaume", "état", "états",
    "principauté", "sultanat", "grand-duché", "duché", "fédération", "confédération", "república",
    "reino", "estado", "estados", "principado", "sultanato", "ducado", "federación", "mancomunidad",
    "confederación")))
_BARE_NOUNS = frozenset(map(name_key, (
    "республика", "королевство", "государство", "княжество", "султанат", "федерация",
    "جمهورية", "الجمهورية", "مملكة", "المملكة", "دولة", "سلطنة", "إمارة", "اتحاد")))
_CONNECTORS = frozenset(("of", "the", "de", "du", "des", "del", "la", "los", "las", "l", "d"))
# Words that tell no state from another when they sit in a head.
_STOPWORDS = _CONNECTORS | {"le", "el", "and", "et", "y", "и"}
_HEAD_LIMIT = 6
# A head word's key is part of the whole text's key, so a text whose key holds none of them has no head.
_HEAD_KEYS = re.compile("|".join(map(re.escape, sorted(_CONNECTED_NOUNS | _BARE_NOUNS, key=len, reverse=True))))
_ELISION = re.compile(r"\b([dl]')\s*")
_SAINT = re.compile(r"^(?:st|ste)\.?\s+")


@dataclass(frozen=True)
class MemberState:
    """A UN member state: ISO 3166-1 alpha-3 (and alpha-2) code, UN short names by language, regional group."""

    iso3: str
    names: Mapping[str, str]
    region: str
    aliases: tuple[str, ...] = ()
    alpha2: str = ""

    def name(self, lang: str = "en") -> str:
        return pick_label(self.names, lang) or self.iso3


@lru_cache(maxsize=1)
def member_states() -> tuple[MemberState, ...]:
    """The 193 member states, in the order of ``member_states.csv`` (English name)."""
    return tuple(MemberState(row["iso3"], {lang: row[lang] for lang in UN_LANGUAGES},
                             row["region"], split_aliases(row.get("aliases", "")), row["alpha2"])
                 for row in read_table("member_states.csv"))


@lru_cache(maxsize=1)
def state_index() -> dict[str, MemberState]:
    """Every name key of every member state (ISO alpha-3, the six UN names, aliases) -> the state."""
    return build_index(member_states(), lambda s: (s.iso3, *s.names.values(), *s.aliases))


def is_code_like(text: str) -> bool:
    key = name_form(text)[0]
    return len(key) == 2 and key.isascii() and key.isalpha()


def alpha2_state(text: str) -> MemberState | None:
    """The state whose ISO alpha-2 code (or two-letter abbreviation, "UK") is ``text``."""
    key = name_key(text)
    return None if key in _unsafe_alpha2() else (_alpha2_index().get(key) or state_index().get(key))


@lru_cache(maxsize=1)
def _alpha2_index() -> dict[str, MemberState]:
    return {state.alpha2.casefold(): state for state in member_states()}


@lru_cache(maxsize=1)
def _unsafe_alpha2() -> frozenset[str]:
    """Alpha-2 codes that mean something else too: an observer or a Secretariat unit ("AU",
    African Union; "UA", Union africaine; "DM", Department of Management), or "NA", the
    missing-value mark of R and pandas (not Namibia)."""
    codes = {key for key in _alpha2_index() if find_observer(key) or find_secretariat(key)}
    return frozenset(codes | {"na"})


def ambiguous_code(text: str) -> str | None:
    """Why ``text`` is refused as an alpha-2 code, if it is one that also means something else."""
    cleaned = clean_name(text)
    # Cleaning ASCII only takes off what name_key drops anyway, so the cleaned text (already read
    # by find_state) tells as well whether ``text`` is code-like; other scripts are read as written.
    if not is_code_like(cleaned if text.isascii() else text):
        return None
    key = name_key(cleaned)
    if key not in _unsafe_alpha2():
        return None
    state = _alpha2_index()[key]
    other = find_observer(key) or find_secretariat(key)
    if other is None:
        return f"{text.strip()!r} reads as a missing value, not the ISO code of {state.name('en')}"
    return (f"{text.strip()!r} is ambiguous: the ISO code of {state.name('en')} and "
            f"{other.name('en')}; write the name in full")


def saint(text: str) -> MemberState | None:
    """``"St Kitts and Nevis"``, ``"St. Lucia"``: "St" read as "Saint"."""
    match = _SAINT.match(text)
    return lookup(state_index(), "saint " + text[match.end():]) if match else None


def official_form(text: str) -> MemberState | None:
    """The state named after an official-form head in cleaned ``text``, else None (also when
    another state could be meant)."""
    if not _HEAD_KEYS.search(name_key(text)):
        return None
    tokens = _ELISION.sub(r"\1 ", text).split()
    keys = [name_key(token) for token in tokens[:_HEAD_LIMIT]]
    if not any(key in _CONNECTED_NOUNS or key in _BARE_NOUNS for key in keys):
        return None
    found: dict[str, MemberState] = {}
    for size in range(1, min(len(tokens), _HEAD_LIMIT + 1)):
        head = keys[:size]
        connected = any(word in _CONNECTED_NOUNS for word in head) and head[-1] in _CONNECTORS
        if not connected and not any(word in _BARE_NOUNS for word in head):
            continue
        rest = " ".join(tokens[size:])
        state = lookup(state_index(), rest)
        if state is None:
            continue
        significant = frozenset(head) - _STOPWORDS
        if any(extra & significant for extra in _rivals(state.iso3, name_words(rest))):
            return None
        found[state.iso3] = state
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1)
def _all_names() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((state.iso3, " " + " ".join(words), words) for state in member_states()
                 for words in map(name_words, (*state.names.values(), *state.aliases)) if words)


@lru_cache(maxsize=4096)
def _rivals(iso3: str, words: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """For every name of another state that holds ``words`` in a row (each word, or a longer
    word starting with it): that name's other words."""
    rivals = []
    width = len(words)
    for other, text, name in _all_names():
        if other == iso3 or not words or " " + words[0] not in text:
            continue  # the substring test is a quick filter: no word of the name starts like words[0]
        for start in range(len(name) - width + 1):
            if all(name[start + i].startswith(word) for i, word in enumerate(words)):
                rivals.append(frozenset(name[:start] + name[start + width:]) - _STOPWORDS)
                break
    return tuple(rivals)
