"""How numbers are written, per language (Babel locale data, CLDR), on screen and on paper.

One place decides rounding, so that the dashboard's sentences, its tables and tooltips, the
Word and Markdown reports and the Excel notes always show the same figure for the same
summary value: shares as whole percentages, p- and q-values to three decimals (``< 0.001``
below that, APA style), test statistics and effect sizes to two, medians to one decimal
with a trailing ``.0`` dropped.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from .language import isolate

if TYPE_CHECKING:
    from typing_extensions import TypeIs

#: Babel locale per report language; English uses UN (British) date order, "11 December 2015".
LOCALES: dict[str, str] = {"en": "en_GB", "zh": "zh_Hans_CN", "fr": "fr_FR", "es": "es_ES",
                           "ru": "ru_RU", "ar": "ar"}
#: Long dates as UN documents write them where Babel's pattern differs: Russian "11 декабря
#: 2015 года" (CLDR's "11 декабря 2015 г." would end a sentence in "г..").
LONG_DATES: dict[str, str] = {"ru": "d MMMM y 'года'"}
#: Shown where a number does not exist (test not run, share withheld for a small group).
DASH = "–"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def is_number(value: object) -> TypeIs[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def percent(share: object, lang: str = "en") -> str:
    """``0.75`` → ``75%`` (``75 %`` in French, Spanish, Russian); a dash when there is no number."""
    if not is_number(share):
        return DASH
    return format_percent(share, locale=_locale(lang))  # the locale's own pattern: "75 %" in French


def decimal(value: object, lang: str = "en", places: int = 2) -> str:
    if not is_number(value):
        return DASH
    return format_decimal(value, format="0." + "0" * places if places else "0", locale=_locale(lang))


def probability(value: object, lang: str = "en") -> str:
    """A p- or q-value to three decimals; ``< 0.001`` below that (APA style)."""
    if not is_number(value):
        return DASH
    if value < 0.001:
        return "< " + decimal(0.001, lang, 3)
    return decimal(value, lang, 3)


def median(value: object, lang: str = "en") -> str:
    """A median or similar, one decimal with ``.0`` dropped (``4``, ``3.5``)."""
    if not is_number(value):
        return DASH
    rounded = round(float(value), 1)
    return decimal(rounded, lang, 0 if rounded == int(rounded) else 1)


def count(value: object) -> str:
    return str(int(value)) if is_number(value) else DASH


def agreed_count(share: object, n: object) -> int | None:
    """How many answered on the positive side: the share times the number that answered."""
    if not (is_number(share) and is_number(n)):
        return None
    return int(round(float(share) * int(n)))


def long_date(value: object, lang: str = "en") -> str:
    """A date (or ISO text) written out in the language, ``11 December 2015`` / ``2015年12月11日``."""
    if isinstance(value, str):
        text = value
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return DASH
    return format_date(value, format=LONG_DATES.get(lang, "long"), locale=_locale(lang))


def relation(symbol: str, value: object, lang: str = "en") -> str:
    """``q = 0.012``, ``q < 0.001`` or ``q = –``: a probability with its symbol, isolated
    inside right-to-left text (see :func:`analysis.present.language.isolate`)."""
    written = probability(value, lang)
    return isolate(f"{symbol} {written}" if written.startswith("<") else f"{symbol} = {written}", lang)


def number(value: object, lang: str = "en") -> str:
    """A value as read (``3``, ``2.5``): integers bare, others to two decimals at most."""
    if not is_number(value):
        return DASH
    if float(value) == int(value):
        return format_decimal(int(value), locale=_locale(lang))
    return format_decimal(value, format="0.##", locale=_locale(lang))
