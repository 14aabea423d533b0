"""What the surveys library tells a person, in the reader's language (gettext catalogues, Babel).

A message is kept as its English source text with named fields (:class:`Text`) and put
into words only when shown, so one import report reads in English on the command line
and in Chinese on a Chinese dashboard. Source texts are marked with :func:`N_` (and
:func:`NP_` for a singular and plural pair) and translated in
``surveys/locales/<lang>/LC_MESSAGES/surveys.po`` (see ``surveys/locales/README.md``);
a language without a catalogue reads English throughout, fields included, rather than a
sentence in two languages.

Fields are formatted in the reader's language too: a :class:`Group` as its label, a
:class:`Name` as the registry's name of that state, unit or observer, a :class:`Month`
as CLDR's month and year, a :class:`Listing` with the reader's separator, an :class:`Option` as the
interface names it (``--replace`` on the command line, a check box on a page).
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .model import GROUP_LABELS, pick_label

DOMAIN = "surveys"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
#: Languages whose catalogue holds every message; others read English.
LANGUAGES: tuple[str, ...] = ("en", "zh")
#: How many names a summary of a repeated problem lists before "…".
EXAMPLES = 3


def N_(source: str) -> str:
    """Mark ``source`` for the catalogue; it is translated where it is shown."""
    return source


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for the catalogue (the count is the field ``n``)."""
    return singular, plural


def reading_language(lang: str | None) -> str:
    """``lang`` when its catalogue is complete, else English."""
    return lang if lang in LANGUAGES else "en"


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` (the ``.po`` compiled in memory); English source text for "en"."""
    po = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.exists():
        return NullTranslations()
    return compiled(po, lang, DOMAIN)


def compiled(po: Path, lang: str, domain: str) -> Translations:
    """A gettext catalogue compiled in memory from its ``.po`` source (Babel's ``read_po`` + ``write_mo``)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def translate(source: str, lang: str = "en") -> str:
    return translations(reading_language(lang)).gettext(source)


@dataclass(frozen=True)
class Text:
    """A message: English ``source`` with ``{fields}``; ``plural`` set for a counted message."""

    source: str
    fields: tuple[tuple[str, object], ...] = ()
    plural: str | None = None

    @classmethod
    def of(cls, source: str | tuple[str, str], /, **fields: object) -> "Text":
        if isinstance(source, tuple):
            return cls(source[0], tuple(fields.items()), source[1])
        return cls(source, tuple(fields.items()))

    @classmethod
    def plain(cls, text: str) -> "Text":
        """A message that has no translation (from a module whose messages are English only)."""
        return cls("{text}", (("text", text),))

    def field(self, name: str, default: object = None) -> object:
        return next((value for key, value in self.fields if key == name), default)

    def render(self, lang: str = "en", terms: Mapping[str, str] | None = None) -> str:
        """The message in ``lang`` (English when that language has no catalogue)."""
        lang = reading_language(lang)
        catalogue = translations(lang)
        if self.plural is None:
            template = catalogue.gettext(self.source)
        else:
            template = catalogue.ngettext(self.source, self.plural, int(self.field("n", 0)))
        return template.format(**{key: show(value, lang, terms) for key, value in self.fields})

    def __str__(self) -> str:
        return self.render("en")


def show(value: object, lang: str, terms: Mapping[str, str] | None = None) -> str:
    """One field in words: anything with ``render`` renders itself, the rest as text."""
    if value.__class__ is str:  # the usual field: no attribute look-up that fails
        return value
    render = getattr(value, "render", None)
    return render(lang, terms) if render is not None else str(value)


@dataclass(frozen=True)
class Group:
    """A respondent group code, shown as its label (``observer`` marks an "observer" claim)."""

    code: str
    observer: bool = False

    def render(self, lang: str, terms=None) -> str:
        if self.observer:
            return translate(N_("Observer"), lang)
        labels = GROUP_LABELS.get(self.code, {})
        return labels.get(lang) or labels.get("en") or self.code


@dataclass(frozen=True)
class Name:
    """A respondent's canonical (English) name, shown as the registry names it in ``lang``:
    ``names`` holds its names by language (:func:`surveys.respondents.registry.named` fills them;
    a name the registry does not know has none and reads as written)."""

    text: str
    names: tuple[tuple[str, str], ...] = ()

    def render(self, lang: str, terms=None) -> str:
        if lang == "en" or not self.names:
            return self.text
        return pick_label(dict(self.names), lang) or self.text


@dataclass(frozen=True)
class Month:
    """A month of contribution figures: "December 2015", "2015年12月"."""

    day: dt.date

    def render(self, lang: str, terms=None) -> str:
        return format_skeleton("yMMMM", self.day, locale=lang)


@dataclass(frozen=True)
class Option:
    """A way to ask for something, named as the interface names it (default: the CLI option)."""

    name: str

    def render(self, lang: str, terms: Mapping[str, str] | None = None) -> str:
        return (terms or {}).get(self.name) or f"--{self.name.replace('_', '-')}"


# Translators: the separator between listed names (Chinese uses "、").
COMMA = N_(", ")


@dataclass(frozen=True)
class Listing:
    """Names, labels or cells in a row; the first ``limit`` of ``total``, then "…" when there are more."""

    items: tuple[object, ...]
    total: int | None = None
    limit: int | None = EXAMPLES
    separator: str = COMMA

    def render(self, lang: str, terms=None) -> str:
        shown = [show(item, lang, terms) for item in self.items[:self.limit]]
        if (len(self.items) if self.total is None else self.total) > len(shown):
            shown.append("…")
        return translate(self.separator, lang).join(shown)
