"""Which language a comment is written in, offline.

Detection uses Lingua (``lingua-language-detector``), whose n-gram models ship inside the
wheel, so nothing is downloaded at run time. It is restricted to the six UN languages plus
Portuguese and German (languages delegations also write in); fewer candidates make short
texts more reliable (Lingua's own evaluation shows accuracy falling as candidate sets
grow). A text too short or too mixed to tell gets ``und`` (undetermined, ISO 639-2), never
a guess shown as a fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from surveys.model import UN_LANGUAGES

#: Languages a comment can be detected as (ISO 639-1), UN languages first.
DETECTED_LANGUAGES: tuple[str, ...] = UN_LANGUAGES + ("pt", "de")
UNDETERMINED = "und"
#: Below this confidence (Lingua's relative confidence, 0-1) the language is undetermined.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class LanguageGuess:
    """``code`` is an ISO 639-1 code of :data:`DETECTED_LANGUAGES` or ``und``."""

    code: str
    confidence: float


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in DETECTED_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


@lru_cache(maxsize=4096)
def detect_language(text: str) -> LanguageGuess:
    """The language of ``text``, or ``und`` with the best confidence when unsure.

    Text without letters (numbers, symbols, a document symbol like ``A/70/357``) is
    ``und`` with confidence 0.
    """
    if not any(ch.isalpha() for ch in text or ""):
        return LanguageGuess(UNDETERMINED, 0.0)
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return LanguageGuess(UNDETERMINED, 0.0)
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return LanguageGuess(code if best.value >= MIN_CONFIDENCE else UNDETERMINED, float(best.value))


def detect_languages(texts: Iterable[str]) -> list[LanguageGuess]:
    """:func:`detect_language` of each text (cached: a repeated text is detected once)."""
    return [detect_language(text) for text in texts]
