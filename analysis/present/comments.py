"""Comments, distinctive terms and the quote bank as one reader may see them.

Comments are individual answers, so who reads them decides what is shown, here and only
here (the rules are :mod:`analysis.present.disclosure`'s):

* **Which comments.** The secretariat reads every comment; a member reads the comments of
  the respondents its figures are computed from (:func:`~analysis.present.disclosure.disclosed`:
  a group of fewer than ``Audience.min_cell`` respondents is left out, as in every figure);
  a viewer reads none — comments are not published aggregates. Terms and themes for a
  member are computed from the same respondents (``read_comments(..., audience=)``,
  ``summarize_themes(..., audience=)``).
* **Whose name.** A comment or quote carries its delegation's name only where
  :func:`~analysis.present.disclosure.comment_author` allows: the secretariat, the
  delegation itself, or a delegation that consented (a quote's own consent first). An
  unnamed comment shows no region either, which could narrow it down to a delegation.
* **Distinctive terms** (:func:`terms_by_group`, also behind the command line's JSON). For
  members a term must be used in at least ``min_cell`` of a group's comments, groups with
  fewer comments than that are left out, and the comments behind a term are not named.

Comment texts, quotes and translations are workbook text: they come back here as plain
strings (search matches marked with :data:`HIGHLIGHT`, never Markdown or HTML), for a page
to show as text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, comment_author, disclosed
from .labels import code_label, country_name, group_label, question_code
from .language import N_, translations

#: Marks around a search match inside a comment shown as text (not characters comments use).
HIGHLIGHT: tuple[str, str] = ("⟦", "⟧")
UNDETERMINED = "und"


@dataclass(frozen=True)
class ShownComment:
    """A comment as one reader may see it. ``author`` is the name shown beside it (None:
    unattributed), ``region`` only with a name; ``key`` is the comment's (respondent, item),
    for the secretariat's own pages (coding, quotes) — never shown to anyone else;
    ``spans`` are search matches in ``text``."""

    key: tuple[str, str]
    item: str
    question: str | None
    group: str
    text: str
    language: str
    author: str | None
    region: str | None
    spans: tuple[tuple[int, int], ...] = ()

    def highlighted(self) -> str:
        """The text with every search match between :data:`HIGHLIGHT` marks (plain text)."""
        out, last = [], 0
        for start, end in sorted(self.spans):
            if start < last:
                continue
            out += [self.text[last:start], HIGHLIGHT[0], self.text[start:end], HIGHLIGHT[1]]
            last = end
        return "".join(out + [self.text[last:]])


def _iso3(data: Any) -> dict[str, str]:
    """respondent -> ISO alpha-3 code, for the respondents that have one (read once per call)."""
    people = data.respondents
    if "iso3" not in people:
        return {}
    return {r: code for r, code in zip(people["respondent"], people["iso3"]) if isinstance(code, str)}


def readable_respondents(data: Any, audience: Audience = SECRETARIAT) -> frozenset[str]:
    """Whose comments ``audience`` may read (see the module docstring)."""
    if audience.sees_everything:
        return frozenset(data.respondents["respondent"])
    if audience.role != "member":
        return frozenset()
    return frozenset(disclosed(data, audience).data.respondents["respondent"])


def namer(data: Any, audience: Audience = SECRETARIAT) -> Callable[..., str | None]:
    """``author(respondent, consent=None)``: the name ``audience`` may see beside a respondent's
    comment or quote (``consent``: the quote's own; else the delegation's, when the wave records
    it), by :func:`~analysis.present.disclosure.comment_author`. The wave is read once."""
    iso = _iso3(data)
    consents = dict(getattr(data, "consent", {}) or {})
    attribution = getattr(data, "attribution", "attributed")

    def author(respondent: str, consent: bool | None = None) -> str | None:
        agreed = consent if consent is not None else consents.get(respondent)
        return comment_author(audience, respondent, iso3=iso.get(respondent), consent=agreed, attribution=attribution)

    return author


def shown_comments(found: Iterable[Any], data: Any, audience: Audience = SECRETARIAT) -> list[ShownComment]:
    """The comments of ``found`` that ``audience`` may read, named as the rule allows.

    ``found`` holds :class:`analysis.text.Comment` objects, or ``(comment, hit)`` pairs from
    ``CommentSet.search`` (the hit's spans are kept for highlighting)."""
    readable, author_of = readable_respondents(data, audience), namer(data, audience)
    shown = []
    for entry in found:
        comment, hit = entry if isinstance(entry, tuple) else (entry, None)
        if comment.respondent not in readable:
            continue
        author = author_of(comment.respondent)
        shown.append(ShownComment(comment.key, comment.item, comment.question, comment.group, comment.text,
                                  comment.language, author, comment.region if author else None,
                                  tuple(hit.spans) if hit is not None else ()))
    return shown


# --- names of languages and the table of comments -----------------------------------------------

@lru_cache(maxsize=64)
def language_name(code: str | None, lang: str = "en") -> str:
    """A detected language's name in ``lang`` ("chinois"); "undetermined" for ``und``."""
    from babel import Locale

    if not code or code == UNDETERMINED:
        return translations(lang).gettext("undetermined")
    try:
        names = Locale.parse(num.LOCALES.get(lang, "en_GB")).languages
    except (ValueError, TypeError):
        return code
    return names.get(code, code)


#: Column headings of the comment table, in its order.
COMMENT_COLUMNS: Mapping[str, str] = {
    "question": N_("Question"), "group": N_("Group"), "region": N_("Regional group"), "language": N_("Language"),
    "author": N_("Delegation"), "comment": N_("Comment"),
}


def display_name(author: str | None, data: Any, lang: str = "en", *, iso: Mapping[str, str] | None = None) -> str:
    """A name shown beside a comment or quote: a member state's UN short name in ``lang``, a
    Secretariat unit or observer as stored; a dash when unattributed. ``iso``: the wave's
    respondent -> ISO code, when the caller names many."""
    if author is None:
        return num.DASH
    if iso is None:
        iso = _iso3(data) if data is not None else {}
    return country_name(iso.get(author), author, lang)


def display_names(shown: Sequence[ShownComment], data: Any, lang: str = "en") -> list[str]:
    """:func:`display_name` of each comment's author, the wave read once."""
    iso = _iso3(data)
    return [display_name(c.author, data, lang, iso=iso) for c in shown]


def shown_names(respondents: Iterable[str], data: Any, audience: Audience = SECRETARIAT, lang: str = "en") -> list[str]:
    """The name ``audience`` sees beside each respondent's comment, in ``lang`` (a dash where
    unattributed): :func:`namer` and :func:`display_name` for a plain table of comments."""
    author, iso = namer(data, audience), _iso3(data)
    return [display_name(author(r), data, lang, iso=iso) for r in respondents]


def comment_frame(shown: Sequence[ShownComment], summary: Any, lang: str = "en", data: Any = None) -> pd.DataFrame:
    """The table of comments (question, group, region, language, delegation, comment) with
    translated headings; matches marked in the text. ``summary`` names the groups (a
    ``CommentSet`` or any object with ``by`` and ``group_labels``), ``data`` the delegations."""
    tr = translations(lang)
    names = display_names(shown, data, lang) if data is not None else [display_name(c.author, None) for c in shown]
    rows = [(question_code(c.question, lang) if c.question else "", group_label(summary, c.group, lang),
             code_label("region", c.region, lang) if c.region else num.DASH, language_name(c.language, lang),
             name, c.highlighted()) for c, name in zip(shown, names)]
    return pd.DataFrame(rows, columns=[tr.gettext(h) for h in COMMENT_COLUMNS.values()])


def attribution_note(audience: Audience = SECRETARIAT, lang: str = "en") -> str:
    """What the reader is told about names beside comments."""
    tr = translations(lang)
    if audience.sees_everything:
        return tr.gettext("You see every comment with its delegation's name. Members see names only of their own "
                          "delegation and of delegations that consented to be named.")
    return tr.gettext("Comments carry a delegation's name only for your own delegation and for delegations that "
                      "consented to be named; comments of groups of fewer than {k} respondents are not shown.").format(
        k=audience.min_cell)


def search_note(query: str, n: int, lang: str = "en") -> str:
    """"3 comments match “信息”; matches are marked ⟦ ⟧." """
    tr = translations(lang)
    return tr.ngettext("{n} comment matches {query}; matches are marked {marks}.",
                       "{n} comments match {query}; matches are marked {marks}.", n).format(
        n=n, query=tr.gettext("“{text}”").format(text=query), marks=" ".join(HIGHLIGHT))


# --- distinctive terms ------------------------------------------------------------------------

#: A term must be used in at least this many of a group's comments to be listed.
MIN_TERM_COMMENTS = 2
TERM_COLUMNS: Mapping[str, str] = {
    "group": N_("Group"), "term": N_("Term"), "count": N_("Comments of the group using it"),
    "count_rest": N_("Comments of the other groups using it"), "zscore": N_("z-score"),
}


def term_floor(audience: Audience = SECRETARIAT) -> int:
    """How many of a group's comments must use a term for ``audience`` to see it."""
    return MIN_TERM_COMMENTS if audience.sees_everything else max(MIN_TERM_COMMENTS, audience.min_cell)


def terms_by_group(result: Any, audience: Audience = SECRETARIAT, k: int = 10) -> dict[str, list[Any]]:
    """The distinctive terms ``audience`` may see, by group: the ``k`` highest z-scores of each
    group, each used in at least :func:`term_floor` of its comments; for members and viewers
    only groups of at least ``min_cell`` comments."""
    floor = term_floor(audience)
    return {g: result.top(g, k, min_count=floor) for g, n in result.groups.items()
            if audience.sees_everything or n >= audience.min_cell}


def listed_terms(result: Any, audience: Audience = SECRETARIAT, k: int = 10) -> list[Any]:
    """:func:`terms_by_group` as one list, group by group."""
    return [t for terms in terms_by_group(result, audience, k).values() for t in terms]


def terms_frame(result: Any, summary: Any, lang: str = "en", audience: Audience = SECRETARIAT,
                k: int = 10) -> pd.DataFrame:
    """Term, group, comments of the group and of the others using it, and its z-score
    (weighted log-odds, Monroe et al. 2008), per group, highest first."""
    tr = translations(lang)
    rows = [(group_label(summary, t.group, lang), t.term, t.count, t.count_rest, num.decimal(t.zscore, lang))
            for t in listed_terms(result, audience, k)]
    return pd.DataFrame(rows, columns=[tr.gettext(h) for h in TERM_COLUMNS.values()])


def terms_note(result: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> str:
    """How to read the table (the method and the floor)."""
    tr = translations(lang)
    if result.single_term:
        return tr.gettext("No distinctive terms: the comments on this question hold a single term.")
    if result.reason:
        return tr.gettext("No distinctive terms: fewer than two groups have comments on this question.")
    return tr.gettext("Terms that set a group's comments apart from the other groups' comments, by the weighted "
                      "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008); a "
                      "z-score above 1.96 is a clear difference. Each term is used in at least {k} of the group's "
                      "comments.").format(k=term_floor(audience))


def term_comments(result: Any, group: str, term: str, comments: Any, data: Any,
                  audience: Audience = SECRETARIAT) -> list[ShownComment]:
    """The comments of ``group`` that use ``term`` (one listed for ``audience``), as it may read them,
    the term marked where it stands in the text."""
    from analysis.text import search_texts

    listed = {(t.group, t.term): t for t in listed_terms(result, audience, k=len(result.terms) or 1)}
    found = listed.get((group, term))
    if found is None:
        return []
    keys = set(found.comments)
    chosen = [c for c in comments if c.key in keys]
    shown = shown_comments(chosen, data, audience)
    marked = []
    for comment in shown:
        hit = search_texts([comment.text], f'"{term}"')
        spans = hit[0].spans if hit else ()
        marked.append(ShownComment(comment.key, comment.item, comment.question, comment.group, comment.text,
                                   comment.language, comment.author, comment.region, spans))
    return marked


# --- the quote bank ---------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteEntry:
    """A quote as a reader may see it: the original and its language, the translation typed
    beside it, and the name shown (None: unattributed)."""

    item: str
    question: str | None
    group: str
    text: str
    language: str | None
    translation: str | None
    translation_language: str | None
    author: str | None
    key: tuple[str, str] | None = None  # the secretariat's own pages only

    def source(self, summary: Any, lang: str = "en", data: Any = None) -> str:
        """"— Ghana (TCC/PCC), Q1" or, unattributed, "— TCC/PCC, Q1"."""
        tr = translations(lang)
        group = group_label(summary, self.group, lang)
        question = question_code(self.question, lang) if self.question else self.item
        if self.author is None:
            return tr.gettext("— {group}, {question}").format(group=group, question=question)
        return tr.gettext("— {name} ({group}), {question}").format(name=display_name(self.author, data, lang),
                                                                    group=group, question=question)

    def translation_line(self, lang: str = "en") -> str | None:
        if not self.translation:
            return None
        return translations(lang).gettext("Translation ({language}): {text}").format(
            language=language_name(self.translation_language or "en", lang), text=self.translation)


def quote_entries(quotes: Iterable[Any], data: Any, audience: Audience = SECRETARIAT) -> list[QuoteEntry]:
    """The quote bank (``surveys.coding.Quote`` each) as ``audience`` may read it: quotes of
    respondents it may read, named as the rule allows (the quote's consent, else the
    delegation's)."""
    readable, author_of = readable_respondents(data, audience), namer(data, audience)
    questions = {item.name: item.question for item in data.instrument.items}
    entries = []
    for quote in quotes:
        if quote.respondent not in readable:
            continue
        author = author_of(quote.respondent, quote.consent)
        language = quote.language
        if not language:
            from analysis.text import detect_language

            language = detect_language(quote.text).code
        entries.append(QuoteEntry(quote.item, questions.get(quote.item), quote.group, quote.text, language,
                                  quote.translation, quote.translation_language, author,
                                  (quote.respondent, quote.item) if audience.sees_everything else None))
    return entries


QUOTE_COLUMNS: Mapping[str, str] = {
    "question": N_("Question"), "group": N_("Group"), "quote": N_("Quote"), "language": N_("Language"),
    "translation": N_("Translation"), "author": N_("Delegation"),
}


def quote_records(entries: Sequence[QuoteEntry]) -> list[list[Any]]:
    """The quote bank for a spreadsheet: item, question, group, text, language, translation,
    its language, and the respondent only where named."""
    return [[e.item, e.question, e.group, e.text, e.language, e.translation, e.translation_language, e.author]
            for e in entries]


def quote_frame(entries: Sequence[QuoteEntry], summary: Any, lang: str = "en", data: Any = None) -> pd.DataFrame:
    """The quote bank as a table with translated headings (names only where allowed)."""
    tr = translations(lang)
    rows = [(question_code(e.question, lang) if e.question else e.item, group_label(summary, e.group, lang), e.text,
             language_name(e.language, lang), e.translation or num.DASH, display_name(e.author, data, lang))
            for e in entries]
    return pd.DataFrame(rows, columns=[tr.gettext(h) for h in QUOTE_COLUMNS.values()])
