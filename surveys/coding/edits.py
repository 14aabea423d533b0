"""One change at a time, as the Coding page makes them: a theme, one coder's codes of one comment, a quote.

Each function checks its input against the wave and the codebook with the same rules as
the sheet imports (:mod:`surveys.coding.imports`), raises :class:`~surveys.errors.TrialogueError`
with a message saying what to fix, and stores through :mod:`surveys.coding.storage` in one
transaction — so a page cannot store what an import would refuse. Typed text passes the text
policy a sheet's cells pass (:mod:`surveys.plaintext`): labels, values, quotes, translations
and notes are stored cleaned; a coder's name with an invisible or control character is
refused, as a typed wave name is, rather than stored as another name.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from ..errors import TrialogueError
from ..model import GROUP_CODES
from ..plaintext import argument, plain
from .imports import WaveComments, _value_problem, excerpt_problem, theme_problem
from .model import Codebook, Coding, Quote, Theme
from .storage import CodingReport, load_codebook, load_codings, load_quotes, save_codebook, save_codings, save_quotes

#: The longest coder's name accepted (a person's name; the sheet's cells allow more).
MAX_CODER_NAME = 200


def save_theme(store, theme: Theme, *, wave: str | None = None) -> Codebook:
    """Add ``theme`` to its item's codebook, or change the theme with its code (labels, level,
    scale, description), keeping the others and their order. Returns the stored codebook.

    A scale may not drop a value coders have given (their codes would lose their meaning)."""
    checked = WaveComments(store.load_wave(wave))
    item, problem = checked.item(theme.item)
    if problem:
        raise TrialogueError(problem)
    level = (theme.level or "nominal").lower()
    values = tuple(v for v in theme.values if v)
    problem = theme_problem(theme.code, level, values)
    if problem:
        raise TrialogueError(f"theme {theme.code!r}: {problem[1]}")
    labels = {lang: text for lang, text in ((k, plain(v or "", line=True)) for k, v in theme.labels.items()) if text}
    description = {lang: text for lang, text in ((k, plain(v or "").strip()) for k, v in theme.description.items())
                   if text}
    theme = Theme(item, theme.code, labels or {"en": theme.code}, level, values, description)
    if theme.scaled:
        used = {c.value for c in load_codings(store, wave) if c.item == item and c.theme == theme.code and c.value}
        lost = sorted(v for v in used if theme.score(v) is None)
        if lost:
            raise TrialogueError(f"theme {theme.code}: coders gave the value(s) {', '.join(lost)}, which the new scale "
                                 "lacks; keep them in the scale")
    current = load_codebook(store, wave).of_item(item)
    themes = [theme if t.code == theme.code else t for t in current]
    if theme.code not in {t.code for t in current}:
        themes.append(theme)
    save_codebook(store, Codebook(tuple(themes)), wave=wave)
    return load_codebook(store, wave)


def code_comment(store, respondent: str, item: str, coder: str, codes: Mapping[str, str | None], *,
                 wave: str | None = None) -> CodingReport:
    """Store ``coder``'s themes of ``respondent``'s comment on ``item``: ``codes`` maps each theme
    code to its value (None for a theme that takes none); no codes records that the coder read
    the comment and found no theme. Replaces that coder's earlier codes of the comment."""
    if not (coder or "").strip():
        raise TrialogueError("a coding needs the coder's name")
    coder = argument(coder, "the coder's name", MAX_CODER_NAME)
    checked = WaveComments(store.load_wave(wave))
    name, problem = checked.item(item)
    if problem:
        raise TrialogueError(problem)
    if (respondent, name) not in checked.comments:
        raise TrialogueError(f"{respondent} wrote no comment on {name}")
    codebook = load_codebook(store, wave)
    if not codebook.of_item(name):
        raise TrialogueError(f"{name} has no codebook yet: add a theme first")
    codings = []
    for code, value in codes.items():
        theme = codebook.theme(name, code)
        if theme is None:
            raise TrialogueError(f"{code!r} is not a theme of {name} "
                                 f"(themes: {', '.join(t.code for t in codebook.of_item(name))})")
        value = plain(value or "", line=True) or None
        problem = _value_problem(theme, value)
        if problem:
            raise TrialogueError(problem)
        codings.append(Coding(respondent, name, coder, code, value))
    if not codings:
        codings.append(Coding(respondent, name, coder, None))
    return save_codings(store, codings, checked.comments, wave=wave, source="dashboard")


def mark_quote(store, quote: Quote, *, wave: str | None = None) -> tuple[Quote, ...]:
    """Add ``quote`` to the quote bank of its item (a quote of the same passage of the same
    comment is replaced), checked as a quote sheet's row is. Returns the item's quotes."""
    checked = WaveComments(store.load_wave(wave))
    item, problem = checked.item(quote.item)
    if problem:
        raise TrialogueError(problem)
    comment = checked.comments.get((quote.respondent, item))
    if comment is None:
        raise TrialogueError(f"{quote.respondent} wrote no comment on {item}")
    text = " ".join(plain(quote.text or "").split()) or comment
    problem = excerpt_problem(text, comment, quote.respondent, item)
    if problem:
        raise TrialogueError(problem)
    group = quote.group or checked.groups[quote.respondent]
    if group not in GROUP_CODES:
        raise TrialogueError(f"{group!r} is not a group (expected {', '.join(GROUP_CODES)})")
    translation = plain(quote.translation or "").strip() or None
    quote = replace(quote, item=item, text=text if text != " ".join(comment.split()) else comment, group=group,
                    language=(quote.language or "").strip().lower() or None, translation=translation,
                    translation_language=(quote.translation_language or "en").lower() if translation else None,
                    note=plain(quote.note or "").strip() or None)
    kept = [q for q in load_quotes(store, wave) if q.item == item
            and (q.respondent, " ".join(q.text.split())) != (quote.respondent, " ".join(quote.text.split()))]
    save_quotes(store, [*kept, quote], wave=wave, source="dashboard", items=[item])
    return tuple(kept) + (quote,)


def remove_quote(store, quote: Quote, *, wave: str | None = None) -> tuple[Quote, ...]:
    """Take ``quote`` (as loaded) out of the quote bank. Returns the item's remaining quotes."""
    mine = [q for q in load_quotes(store, wave) if q.item == quote.item]
    kept = [q for q in mine if q != quote]
    if len(kept) == len(mine):
        raise TrialogueError(f"that quote of {quote.respondent} on {quote.item} is not in the quote bank any more")
    save_quotes(store, kept, wave=wave, source="dashboard", items=[quote.item])
    return tuple(kept)
