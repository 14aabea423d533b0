"""Full-text search over comments in six languages, Chinese included.

The query and every comment are folded alike (:mod:`analysis.text.normalise`: case,
accents, Arabic spelling variants, full-width forms). A query is split into terms at
spaces; ``"double quotes"`` keep a phrase together; every term must match (AND).

* A term with Chinese characters matches anywhere (Chinese is written without spaces, so
  ``信息`` finds ``信息共享``).
* An Arabic-script term matches at the start of a word or after the clitics that attach to
  the front of Arabic words (و, ف, ب, ك, ل and the article ال: ``معلومات`` finds
  ``والمعلومات``), never in the middle of another word.
* Any other term matches at the start of a word, so ``consult`` finds ``consultation`` and
  ``consulted`` but ``art`` does not find ``party``.

Matches are reported as spans of the original text, for highlighting as plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .normalise import fold, fold_char, fold_with_offsets, original_span
from .tokens import has_han

_ARABIC = re.compile(r"[\u0600-\u06FF]")
#: Proclitics: conjunction (و ف), preposition (ب ك ل), article (ال); ل + ال is written لل.
_ARABIC_PREFIX = r"(?:[وف])?(?:[بكل])?(?:ال|ل)?"
_QUOTED = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class SearchHit:
    """A comment that matched, with the ``(start, end)`` spans of the original text that matched."""

    index: int
    spans: tuple[tuple[int, int], ...]


def query_terms(query: str) -> list[str]:
    """The folded terms of a query; a quoted phrase is one term."""
    found = []
    for phrase, word in _QUOTED.findall(query or ""):
        term = " ".join(fold(phrase or word).split())
        if term.strip("'\"-"):
            found.append(term)
    return found


def term_pattern(term: str) -> re.Pattern:
    """The pattern a folded term is searched with (see the module docstring)."""
    body = r"\s+".join(re.escape(part) for part in term.split(" "))
    if has_han(term):
        return re.compile(body)
    if _ARABIC.search(term):
        return re.compile(r"(?<![^\W_])" + _ARABIC_PREFIX + "(" + body + ")")
    return re.compile(r"(?<![^\W_])(" + body + ")")


def search_texts(texts: Sequence[str], query: str) -> list[SearchHit]:
    """The texts matching every term of ``query``, in their order, with the matched spans.

    An empty query matches nothing (a caller shows everything without calling this).
    """
    patterns = [term_pattern(term) for term in query_terms(query)]
    if not patterns:
        return []
    hits = []
    for index, text in enumerate(texts):
        folded, offsets = fold_with_offsets(text or "")
        spans: list[tuple[int, int]] = []
        for pattern in patterns:
            found = [m.span(1) if m.re.groups else m.span() for m in pattern.finditer(folded)]
            if not found:
                break
            spans.extend(_whole_marks(text, *original_span(offsets, start, end)) for start, end in found if end > start)
        else:
            hits.append(SearchHit(index, tuple(sorted(set(spans)))))
    return hits


def _whole_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span over the marks that folding dropped after it (Arabic harakat), so a
    highlighted word keeps its vowel signs."""
    while end < len(text) and fold_char(text[end]) == "":
        end += 1
    return start, end


def highlight(text: str, spans: Iterable[tuple[int, int]], mark: tuple[str, str] = ("[", "]")) -> str:
    """``text`` with each span wrapped in ``mark`` (plain text; a page escapes it as text)."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [text[last:start], mark[0], text[start:end], mark[1]]
        last = end
    return "".join(out + [text[last:]])
