"""The parts of a report chapter: a :class:`Section` with its figures, tables and quotations.

The outline (:mod:`analysis.present.outline`) builds the report from them, and so does every
feature that adds a chapter (a deliberation round, :mod:`analysis.present.deliberation.report`),
without importing the outline that imports it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .tables import Table


@dataclass(frozen=True)
class Figure:
    """A chart of the report: ``key`` names its file (``q1``), ``chart`` is the altair chart the
    writer renders; ``alt_text`` is what a reader who cannot see it is told."""

    key: str
    caption: str
    alt_text: str
    chart: Any


@dataclass(frozen=True)
class Quotation:
    """A quote of the quote bank as printed: the original words, the translation line (or
    None) and the source line, which names a delegation only where the audience may see it."""

    text: str
    translation: str | None
    source: str
    language: str | None = None


@dataclass(frozen=True)
class Section:
    """One chapter: heading, lead (in italics), intro, numbered paragraphs, figures, tables,
    quotations."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    lead: str | None = None
    intro: str | None = None
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    quotes: tuple[Quotation, ...] = ()
