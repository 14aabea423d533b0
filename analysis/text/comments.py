"""The comments of a wave: who wrote them (group, region, seat), in which language, on which question.

Comments are the answers to the instrument's ``text`` items (each question ends with a
comment box). They are selected with the same compare-by variable and filters as every
other statistic (:func:`analysis.comparison.build_comparison`), so a page that filters
the charts filters the comments alike. Respondent names travel with each comment: who
may see them attributed is decided by the confidentiality layer, not here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

import pandas as pd

from surveys.wavedata import WaveData

from ..comparison import build_comparison
from .language import detect_language
from .search import SearchHit, search_texts


@dataclass(frozen=True)
class Comment:
    """One respondent's comment on one item.

    ``group`` is the respondent's value of the compare-by variable (``by``), ``language``
    the detected language (ISO 639-1 or ``und``) with its ``language_confidence``.
    """

    respondent: str
    item: str
    question: str | None
    group: str
    region: str | None
    p5_e10: str | None
    text: str
    language: str
    language_confidence: float

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a comment in a wave: ``(respondent, item)``."""
        return self.respondent, self.item

    def ref(self) -> dict[str, str]:
        """The comment's identity as JSON (``{"respondent", "item"}``)."""
        return {"respondent": self.respondent, "item": self.item}


@dataclass(frozen=True)
class CommentSet:
    """Comments of a wave in instrument order (item by item, respondents in stored order)."""

    wave: str
    by: str
    data_version: str
    group_labels: Mapping[str, Mapping[str, str]]
    comments: tuple[Comment, ...]

    def __iter__(self) -> Iterator[Comment]:
        return iter(self.comments)

    def __len__(self) -> int:
        return len(self.comments)

    def of_item(self, item: str) -> "CommentSet":
        return self._keep([c for c in self.comments if c.item == item])

    def of_question(self, question: str) -> "CommentSet":
        return self._keep([c for c in self.comments if c.question == question])

    def get(self, respondent: str, item: str) -> Comment | None:
        return next((c for c in self.comments if c.key == (respondent, item)), None)

    def search(self, query: str) -> list[tuple[Comment, SearchHit]]:
        """Comments matching ``query`` (see :mod:`analysis.text.search`) with their matched spans."""
        return [(self.comments[hit.index], hit) for hit in search_texts([c.text for c in self.comments], query)]

    def to_frame(self) -> pd.DataFrame:
        columns = ["respondent", "item", "question", "group", "region", "p5_e10", "language",
                   "language_confidence", "text"]
        return pd.DataFrame([{name: getattr(c, name) for name in columns} for c in self.comments], columns=columns)

    def _keep(self, comments: Sequence[Comment]) -> "CommentSet":
        return CommentSet(self.wave, self.by, self.data_version, self.group_labels, tuple(comments))


def comment_items(data: WaveData) -> tuple[str, ...]:
    """Names of the instrument's free-text (comment) items, in instrument order."""
    return tuple(item.name for item in data.instrument.items if item.kind == "text")


def read_comments(data: WaveData, *, by: str = "group", filters: Mapping[str, object] | None = None,
                  items: Sequence[str] | None = None, audience: Any = None) -> CommentSet:
    """Every non-empty comment of ``data`` (of ``items`` if given), with group and language.

    Respondents without a value for ``by`` are left out, as in every summary. For a member or
    viewer (``audience``, an :class:`analysis.present.disclosure.Audience`) only the respondents
    their figures are computed from count, and only a comparison they may reach is accepted
    (:func:`analysis.present.disclosure.disclosed`, as for ``summarize_for``): terms and counts
    drawn from these comments then rest on groups of at least the minimum cell size. Whose
    comment a reader may *read*, and under which name, is the presentation layer's
    (:func:`analysis.present.comments.shown_comments`).
    """
    if audience is not None and not audience.sees_everything:
        from analysis.present.disclosure import seen_by

        data = seen_by(data, audience, by, filters).data
    wanted = set(items) if items is not None else set(comment_items(data))
    comp = build_comparison(data, by, filters)
    answers = comp.answers[comp.answers["item"].isin(wanted)]
    people = data.respondents.set_index("respondent")
    instrument = data.instrument
    order = {name: j for j, name in enumerate(i.name for i in instrument.items)}
    rows = sorted(answers.itertuples(index=False), key=lambda row: order.get(row.item, len(order)))
    comments = []
    for row in rows:
        guess = detect_language(row.value)
        person = people.loc[row.key] if row.key in people.index else None
        comments.append(Comment(
            respondent=row.key, item=row.item, question=instrument.item(row.item).question, group=row.group,
            region=_text(person, "region"), p5_e10=_text(person, "p5_e10"), text=row.value,
            language=guess.code, language_confidence=guess.confidence))
    return CommentSet(data.wave.name, by, data.data_version, comp.labels, tuple(comments))


def _text(person, column: str) -> str | None:
    if person is None or column not in person.index:
        return None
    value = person[column]
    return value if isinstance(value, str) else None

