"""How a written respondent name is read, for every kind of respondent alike.

First one dictionary look-up of the name key (:func:`name_key`: case-, space-, punctuation- and
accent-insensitive); only on a miss the written forms around a name are taken off
(:func:`resolve`) — a mission or delegation ("Permanent Mission of Ghana to the United Nations",
"Ghana's Permanent Mission", "Mission permanente du Sénégal", "加纳常驻联合国代表团", "وفد غانا"),
a trailing role in brackets ("Ghana (TCC)") — and an inverted long form is put back in order
("Congo (Democratic Republic of the)"). The registry (member states), the Secretariat units and
the observers each keep an index built here (:func:`build_index`) and search it with
:func:`lookup`; their tables are project-owned CSV files read by :func:`read_table`.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Mapping, TypeVar

__all__ = [
    "EDGE_PUNCTUATION", "NAME_CACHE_SIZE", "PARENTHETICAL", "build_index", "clean_name", "lookup", "may_unwrap",
    "name_form", "name_key", "name_words", "read_table", "resolve", "split_aliases", "unwrap",
]

# Leading words that do not change what a name refers to ("the Netherlands", "UN DPKO").
_NOISE_PREFIXES = ("the", "un", "united nations", "联合国")
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼ"), None)
_TO_APOSTROPHE = dict.fromkeys(map(ord, "’‘`´ʼ"), "'")
# Said around a name, not part of it: quotes, full stops, list punctuation, footnote stars.
EDGE_PUNCTUATION = " \t.,;:!?*\"'“”«»„-–—_·"


# How many distinct texts the name caches keep: every respondent name of a large import (10,000
# and more) passes through them in two or three forms (as written, cleaned, without a prefix).
NAME_CACHE_SIZE = 1 << 17


class _Letters(dict):
    """How :meth:`str.translate` reads each character of a decomposed name, filled on first
    sight: letters and digits stay, combining marks go, anything else separates words."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)[0]
        value = None if category == "M" else char if category in "LN" else " "
        self[code] = value
        return value


_LETTERS = _Letters()
# ASCII is already NFKC and NFKD; its letters and digits are exactly [a-z0-9] once lowered.
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_form(text: str) -> tuple[str, tuple[str, ...]]:
    """The key and the words of a name, computed once (see :func:`name_key`, :func:`name_words`).

    Unicode normalisation forms NFKC then NFKD (Unicode Standard Annex #15); letters (L*) and
    numbers (N*) make words, marks (M*) are dropped, every other character ends a word.
    """
    text = text or ""
    if text.isascii():
        text = text.replace("&", " and ").replace("'", "").replace("`", "").lower()
        words = tuple(_ASCII_WORD.findall(text))
    else:
        text = unicodedata.normalize("NFKC", text).replace("&", " and ").translate(_APOSTROPHES)
        words = tuple(unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS).split())
    return "".join(words), words


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, casefolded, accents and punctuation dropped (see :func:`name_key`)."""
    return name_form(text)[1]


def name_key(text: str) -> str:
    """The matching key of a name: case-, space-, punctuation- and accent-insensitive.

    ``"Côte d’Ivoire"``, ``"COTE D'IVOIRE"`` and ``"cote d ivoire"`` share one key, as do
    full-width and ASCII brackets in Chinese ("刚果（金）"). Letters of every script are kept;
    combining marks (accents, Arabic vowel signs) are dropped after NFKD decomposition;
    punctuation and spaces are removed; ``&`` reads as "and".
    """
    return name_form(text)[0]


@lru_cache(maxsize=NAME_CACHE_SIZE)
def clean_name(text: str) -> str:
    """``text`` as the cache key of a look-up: NFKC, casefolded, one apostrophe, single
    spaces, brackets in ASCII, no punctuation or quotes around it (``"Ghana."`` → ``ghana``)."""
    text = text or ""
    if text.isascii():  # the same steps: ASCII is NFKC already, its one odd apostrophe is "`"
        text = text.replace("`", "'").lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_TO_APOSTROPHE).casefold()
    return " ".join(text.split()).strip(EDGE_PUNCTUATION)


# What a text starts with when _strip_prefix has something to take off (a quick test first).
_PREFIX_STARTS = tuple(prefix + " " for prefix in _NOISE_PREFIXES) + ("联合国",)


def _strip_prefix(text: str) -> str | None:
    """``text`` without a leading "the"/"UN"/"United Nations", or None if it has none."""
    words = " ".join((text or "").split())
    folded = words.casefold()
    if not (folded.startswith(_PREFIX_STARTS) or words.startswith("联合国")):
        return None
    for prefix in _NOISE_PREFIXES:
        if folded.startswith(prefix + " ") or (prefix == "联合国" and words.startswith(prefix)):
            return words[len(prefix):].strip()
    return None


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the project data file ``surveys/respondents/data/<name>`` (``#`` lines are comments)."""
    text = resources.files("surveys.respondents").joinpath("data", name).read_text(encoding="utf-8")
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


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _lookup_keys(text: str) -> tuple[str, str | None]:
    """The key of ``text`` and of ``text`` without its leading "the"/"UN" (None if it has none):
    read once per text, though every index (states, units, observers) is searched with them."""
    shorter = _strip_prefix(text)
    return name_key(text), name_key(shorter) if shorter else None


def lookup(index: Mapping[str, T], text: str) -> T | None:
    """Find ``text`` in ``index``, also without a leading "the", "UN" or "United Nations"."""
    key, shorter = _lookup_keys(text)
    found = index.get(key)
    if found is None and shorter is not None:
        found = index.get(shorter)
    return found


# --- the forms written around a name --------------------------------------------------------

_TO_UN = r"(?:\s+(?:to|at|in)\s+(?:the\s+)?(?:united\s+nations|un)\b.*)?"
#: A mission or delegation around the name (group ``name``), in the six UN languages.
#: Russian writes the state in the genitive ("Постоянное представительство Ганы"), which
#: no look-up of nominative names can undo; only the nominative "Делегация: Гана" form is read.
_WRAPPERS = tuple(re.compile(pattern) for pattern in (
    r"^(?:the\s+)?(?:permanent\s+(?:observer\s+)?mission|permanent\s+representative|"
    r"(?:official\s+)?delegation|mission)\s+of\s+(?:the\s+)?(?P<name>.+?)" + _TO_UN + "$",
    r"^(?:the\s+)?(?P<name>.+?)(?:'s|')?\s+(?:permanent\s+(?:observer\s+)?mission|delegation|mission)"
    + _TO_UN + "$",
    r"^(?:mission\s+permanente(?:\s+d'observation)?|délégation|mission)\s+"
    r"(?:de\s+la\s+|de\s+l'\s*|du\s+|des\s+|de\s+|d'\s*)(?P<name>.+?)(?:\s+auprès\s+d.*)?$",
    r"^(?:misión\s+permanente(?:\s+de\s+observación)?|delegación|misión)\s+"
    r"(?:de\s+la\s+|de\s+los\s+|de\s+las\s+|del\s+|de\s+)(?P<name>.+?)(?:\s+ante\s+las?\s+naciones\s+unidas.*)?$",
    r"^(?:делегация|постоянное\s+представительство)\s*[:\-–—]\s*(?P<name>.+)$",
    r"^(?P<name>.+?)\s*(?:常驻联合国代表团|常驻联合国观察员代表团|常驻联合国使团|常驻代表团|常驻团|代表团|使团)$",
    r"^وفد\s+(?P<name>.+)$",
    r"^البعثة\s+الدائمة\s+(?:للمراقب\s+عن\s+)?(?P<name>.+?)(?:\s+لدى\s+الأمم\s+المتحدة.*)?$",
))
# Every mission or delegation form holds one of these words: a text without them is no such form.
_WRAPPER_WORDS = re.compile("mission|representative|delegation|délégation|misión|delegación|делегация|"
                            "представительство|团|وفد|البعثة")
# Arabic joins "for" (لـ) to the name: لغانا → غانا, للسنغال → السنغال.
_ARABIC_FOR = re.compile(r"^ل(ل?)(?=\S)")
PARENTHETICAL = re.compile(r"^(?P<outer>[^()\[\]]+?)\s*[(\[](?P<inner>[^()\[\]]+)[)\]]$")
# How a text that PARENTHETICAL can match ends ("$" also matches before a final newline).
_CLOSING = (")", "]", ")\n", "]\n")
# An inverted long form: "Congo (Democratic Republic of the)", "Bolivie (État plurinational de)".
_INVERTED = re.compile(r"(?:\bof(?:\s+the)?|\bde(?:\s+la|\s+los|\s+las)?|\bdu|\bdes|\bdel|\bd'|\bl')\s*$")
#: Roles written in brackets after a name that say what it does, not who it is.
_ROLES = frozenset(map(name_key, (
    "host", "host country", "host state", "chair", "chairperson", "co-chair", "vice-chair", "president",
    "presidency", "penholder", "rapporteur", "member", "member state", "delegation", "mission",
    "permanent mission", "respondent", "on behalf of", "speaking", "coordinator", "non-council member",
    "observer", "observer state", "permanent observer", "observateur", "observador", "наблюдатель",
    "مراقب", "观察员", "président", "présidence", "pays hôte", "presidente", "presidencia", "país anfitrión", "председатель",
    "председательство", "رئيس", "الرئاسة", "主席", "东道国", "轮值主席")))


def unwrap(text: str) -> str | None:
    """The name inside a mission or delegation form of ``text`` (cleaned), else None."""
    if not _WRAPPER_WORDS.search(text):
        return None
    for pattern in _WRAPPERS:
        match = pattern.match(text)
        if match:
            name = match.group("name").strip(EDGE_PUNCTUATION)
            if pattern is _WRAPPERS[-1]:
                name = _ARABIC_FOR.sub(lambda m: "ال" if m.group(1) else "", name)
            return name or None
    return None


def _bracketed(direct: Callable[[str], T | None], text: str, is_label: Callable[[str], bool]) -> T | None:
    """``"X (Y)"``: X when Y is a role or group label; the long form ``"Y X"`` when Y ends in
    "of"/"de"/"du"…; X when X and Y name the same entry; else None (two names, two entries)."""
    if not text.endswith(_CLOSING):
        return None
    match = PARENTHETICAL.match(text)
    if not match:
        return None
    outer, inner = match.group("outer").strip(EDGE_PUNCTUATION), match.group("inner").strip()
    if name_key(inner) in _ROLES or is_label(inner) or inner.isdigit():
        return direct(outer) or _unwrapped(direct, outer)
    if _INVERTED.search(inner):
        return direct(f"{inner} {outer}")
    first = direct(outer)
    return first if first is not None and direct(inner) is first else None


def _unwrapped(direct: Callable[[str], T | None], text: str) -> T | None:
    inner = unwrap(text)
    return direct(inner) if inner else None


def may_unwrap(text: str) -> bool:
    """True when a rule of :func:`resolve` may take words away from cleaned ``text``: it ends in a
    bracket or holds a mission or delegation word. Every other rule keeps the name's own characters."""
    return text.endswith(_CLOSING) or _WRAPPER_WORDS.search(text) is not None


def resolve(direct: Callable[[str], T | None], text: str,
            is_label: Callable[[str], bool] = lambda _text: False) -> T | None:
    """The entry named by cleaned ``text``: ``direct(text)``, else read through a mission or
    delegation form and a bracketed role, group label or inverted long form (in either order).

    ``direct`` is the look-up of a bare name; ``is_label`` says whether a bracketed text is a
    group label ("TCC", "安理会"). Every rule only removes words that are not part of any name,
    or reorders the name's own words, so none can turn one entry's name into another's.
    """
    found = direct(text)
    # Most misses are plain names: with no mission word and no closing bracket no rule applies.
    if found is not None or not may_unwrap(text):
        return found
    inner = unwrap(text)
    found = direct(inner) if inner else None
    if found is not None:
        return found
    found = _bracketed(direct, text, is_label)
    if found is not None:
        return found
    return _bracketed(direct, inner, is_label) if inner else None
