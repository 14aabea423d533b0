"""The coding of open-ended answers: codebooks, coders' codes and the quote bank.

A codebook holds, per comment item, the themes coders tag comments with (timing,
formality, information sharing …), labelled in several languages. A theme is *nominal*
by default: present or not in a comment. A theme the codebook declares *ordinal* or
*interval* also carries a value on a scale (e.g. how early a delegation wants dialogue to
start, ``before_assessment`` … ``after_authorisation``), and its reliability is computed
at that level. Several coders code the same comments; each :class:`Coding` is one theme
one coder gave one comment (``theme`` None: the coder read the comment and found no theme).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..model import pick_label

LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval")


@dataclass(frozen=True)
class Theme:
    """One code of a comment item's codebook.

    ``values`` are the scale of an ordinal theme in order (an interval theme takes numbers
    and a nominal theme may list categories); ``description`` says when to apply it.
    """

    item: str
    code: str
    labels: Mapping[str, str] = field(default_factory=dict)
    level: str = "nominal"
    values: tuple[str, ...] = ()
    description: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return pick_label(self.labels, lang) or self.code

    @property
    def scaled(self) -> bool:
        """True when coders give the theme a value (ordinal or interval, or nominal categories)."""
        return self.level != "nominal" or bool(self.values)

    def score(self, value: str | None) -> float | None:
        """A coded value as the number reliability reads: its position on an ordinal scale
        (1 = first), the number itself on an interval one, the category's position on a
        nominal one; None when absent or not on the scale."""
        if value is None or value == "":
            return None
        if self.level == "interval":
            try:
                return float(value)
            except ValueError:
                return None
        return float(self.values.index(value) + 1) if value in self.values else None


@dataclass(frozen=True)
class Codebook:
    """Every theme of a wave, item by item, in the order the codebook lists them."""

    themes: tuple[Theme, ...] = ()

    def of_item(self, item: str) -> tuple[Theme, ...]:
        return tuple(theme for theme in self.themes if theme.item == item)

    def theme(self, item: str, code: str) -> Theme | None:
        return next((t for t in self.themes if t.item == item and t.code == code), None)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(theme.item for theme in self.themes))


@dataclass(frozen=True)
class Coding:
    """One coder's theme (and value, for a scaled theme) for one respondent's comment on ``item``."""

    respondent: str
    item: str
    coder: str
    theme: str | None
    value: str | None = None


@dataclass(frozen=True)
class Quote:
    """A passage of a comment the secretariat marked as representative of ``group`` on ``item``.

    ``text`` is in the original language (an excerpt of the comment, or all of it);
    ``translation`` is entered beside it by a person (no translation service is used).
    ``consent`` records whether the delegation agreed to be quoted by name (None: not
    known); whether a reader sees the respondent is decided by the confidentiality rules.
    """

    respondent: str
    item: str
    group: str
    text: str
    language: str | None = None
    translation: str | None = None
    translation_language: str | None = None
    consent: bool | None = None
    note: str | None = None
