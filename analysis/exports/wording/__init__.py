"""Report wording, one catalogue per language (one module each: ``en.py``, ``zh.py`` …).

Every sentence the Word and Markdown reports print comes from here, so a translator edits
one dict and nothing else. English and Chinese are complete (a test checks that each holds
every key of the English catalogue); French and Spanish are complete too. To add a
language, copy ``en.py``, translate the values, and register it in :data:`CATALOGUES`.
A language without a catalogue, or a key missing from one, falls back to English rather
than failing, and the report's freeze still names the language asked for.

Placeholders are ``str.format`` fields; numbers arrive already formatted (see
:mod:`analysis.exports.numbers`), so the catalogues hold no formatting logic.
"""
from __future__ import annotations

from typing import Mapping

from . import en, es, fr, zh

#: Catalogues by language code; English is the reference every other one is checked against.
CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.CATALOGUE, "zh": zh.CATALOGUE, "fr": fr.CATALOGUE,
                                              "es": es.CATALOGUE}
_EN = en.CATALOGUE
#: Languages whose catalogue is complete (the CLI offers these).
LANGUAGES: tuple[str, ...] = tuple(lang for lang, cat in CATALOGUES.items() if set(cat) >= set(_EN))


def text(lang: str, key: str, /, **fields: object) -> str:
    """The sentence ``key`` in ``lang`` (English when missing), with ``fields`` filled in."""
    catalogue = CATALOGUES.get(lang, _EN)
    template = catalogue[key] if key in catalogue else _EN[key]
    return template.format(**fields) if fields else template


def noun(lang: str, key: str, n: int) -> str:
    """Singular or plural form of a ``singular|plural`` catalogue entry for a count ``n``."""
    singular, _, plural = text(lang, key).partition("|")
    return singular if n == 1 else (plural or singular)


def missing_keys(lang: str) -> list[str]:
    """Keys of the English catalogue that ``lang``'s catalogue lacks (for the completeness test)."""
    return sorted(set(_EN) - set(CATALOGUES.get(lang, {})))
