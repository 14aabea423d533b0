"""Importing codebooks, coding sheets and quote sheets: all or nothing, every problem named by cell.

Sheet layouts (headers in any case; extra columns are ignored):

* **codebook** (sheet ``themes``): ``item`` (a comment item, or a question whose comment
  item is meant: ``q1``), ``theme`` (a code: letters, digits, ``_``), ``label`` and/or
  ``label::English (en)``, ``label::中文 (zh)`` …, optional ``level`` (``nominal``,
  default; ``ordinal``; ``interval``), optional ``values`` (the scale of an ordinal theme,
  lowest first, separated by spaces; or the categories of a nominal one), optional
  ``description`` / ``description::… (xx)`` (when to apply the theme).
* **codings** (sheet ``codings``): ``respondent``, ``item``, ``coder``, ``theme``, optional
  ``value``; one row per theme a coder gave a comment. ``theme`` ``none`` (or ``-``)
  records that the coder read the comment and found no theme in it (it then counts as
  "absent" for every theme in reliability); a row with an empty ``theme`` is a comment
  not coded yet and is skipped (so a half-filled coding template imports safely).
  ``value`` is required for scaled themes.
* **quotes** (sheet ``quotes``): ``respondent``, ``item``, optional ``text`` (an excerpt of
  the comment; empty: the whole comment), ``language`` (of the original; empty: detected
  when read), ``translation``, ``translation_language`` (default ``en``), ``group``
  (default: the respondent's), ``consent`` (yes/no/empty: not known), ``note``.

Respondents are named as stored, or by any name or ISO code the registry knows.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

from surveys.respondents.names import name_key
from surveys.respondents.registry import find_state

from ..model import GROUP_CODES, ValidationIssue
from .model import LEVELS, Codebook, Coding, Quote, Theme
from .sheets import InvalidCodingSheet, Table, read_table
from .storage import CodingReport, load_codebook, save_codebook, save_codings, save_quotes

_CODE = re.compile(r"^[^\W\d][\w.\-]*$")
#: What a coder writes in ``theme`` for "read, and no theme of the codebook applies".
NO_THEME = ("none", "-")
_YES = {"yes", "y", "true", "1", "oui", "sí", "si", "да", "是", "نعم"}
_NO = {"no", "n", "false", "0", "non", "нет", "否", "لا"}


class WaveComments:
    """What validation checks a sheet against: the wave's items, respondents and comments."""

    def __init__(self, data):
        self.instrument = data.instrument
        self.items = {item.name: item for item in data.instrument.items}
        people = data.respondents
        self.groups = dict(zip(people["respondent"], people["group"]))
        self._keys = {name_key(name): name for name in self.groups}
        by_iso = people.dropna(subset=["iso3"])
        self._iso = dict(zip(by_iso["iso3"], by_iso["respondent"]))
        texts = data.answers[data.answers["item"].isin([i for i, it in self.items.items() if it.kind == "text"])]
        self.comments = {(r, i): v for r, i, v in zip(texts["respondent"], texts["item"], texts["value"])
                         if str(v).strip()}

    def respondent(self, text: str) -> str | None:
        found = self._keys.get(name_key(text))
        if found is None:
            state = find_state(text)
            found = self._iso.get(state.iso3) if state is not None else None
        return found

    def item(self, text: str) -> tuple[str | None, str | None]:
        """(comment item name, problem)."""
        name = text.strip()
        if name in self.items:
            if self.items[name].kind != "text":
                return None, f"{name} is not a comment item (it is a {self.items[name].type} question)"
            return name, None
        comments = [i.name for i in self.instrument.items_of(name) if i.kind == "text"]
        if len(comments) == 1:
            return comments[0], None
        known = ", ".join(i.name for i in self.items.values() if i.kind == "text")
        return None, f"{name!r} is not an item of the instrument (comment items: {known})"


def theme_problem(code: str, level: str, values: tuple[str, ...]) -> tuple[str, str] | None:
    """What is wrong with a theme's code, level or scale, as (column, message); None when nothing."""
    if not _CODE.match(code):
        return "theme", (f"{code!r} is not a theme code (letters, digits and _ , starting with a letter, "
                         "e.g. information_sharing)")
    if level not in LEVELS:
        return "level", f"{level!r} is not a level of measurement (expected {', '.join(LEVELS)})"
    if level == "ordinal" and len(values) < 2:
        return "values", "an ordinal theme needs its scale: two or more values, lowest first, separated by spaces"
    if level == "interval" and values:
        return "values", "an interval theme takes numbers; leave values empty"
    if len(set(values)) != len(values):
        return "values", "a value is listed twice in the scale"
    return None


def excerpt_problem(text: str, comment: str, respondent: str, item: str) -> str | None:
    """Why ``text`` cannot be a quote of ``comment`` (a quote is the comment's own words), or None."""
    if _squeezed(text) not in _squeezed(comment):
        return (f"not found in {respondent}'s comment on {item}: a quote must be the comment's own words "
                "(copy the passage from it)")
    return None


def _require(table: Table, row, column: str, issues: list) -> str:
    value = row.get(column)
    if not value:
        issues.append(table.issue(row, column, f"{column} is empty"))
    return value


def _raise(issues: list[ValidationIssue]) -> None:
    if issues:
        raise InvalidCodingSheet(issues)


# --- codebook ---------------------------------------------------------------------------------

def read_codebook(path: str | os.PathLike, wave: WaveComments, *, display_name: str | None = None,
                  notes: list[ValidationIssue] | None = None) -> Codebook:
    """The codebook of a workbook, checked against the wave's instrument (see the module docstring);
    what the text policy cleaned is added to ``notes``."""
    table = read_table(path, sheet_names=("themes", "codebook"), required=("item", "theme"),
                       display_name=display_name, notes=notes)
    issues: list[ValidationIssue] = []
    themes: list[Theme] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        item_text, code = _require(table, row, "item", issues), _require(table, row, "theme", issues)
        if not item_text or not code:
            continue
        item, problem = wave.item(item_text)
        if problem:
            issues.append(table.issue(row, "item", problem))
            continue
        if (item, code) in seen and _CODE.match(code):
            issues.append(table.issue(row, "theme", f"theme {code} of {item} is listed twice "
                                                    f"(also row {seen[(item, code)]})"))
            continue
        level = (row.get("level") or "nominal").lower()
        values = tuple(row.get("values").split())
        problem = theme_problem(code, level, values)
        if problem:
            issues.append(table.issue(row, *problem))
            continue
        seen[(item, code)] = row.number
        labels = table.texts(row, "label") or {"en": code}
        themes.append(Theme(item, code, labels, level, values, table.texts(row, "description")))
    if not themes and not issues:
        issues.append(table.issue(None, None, "the codebook lists no theme"))
    _raise(issues)
    return Codebook(tuple(themes))


def import_codebook(store, path: str | os.PathLike, *, wave: str | None = None,
                    display_name: str | None = None, notes: list[ValidationIssue] | None = None) -> Codebook:
    """Read, check and store a codebook (replacing the themes of the items it lists)."""
    codebook = read_codebook(path, WaveComments(store.load_wave(wave)), display_name=display_name, notes=notes)
    save_codebook(store, codebook, wave=wave)
    return codebook


# --- codings ----------------------------------------------------------------------------------

def read_codings(path: str | os.PathLike, wave: WaveComments, codebook: Codebook, *,
                 display_name: str | None = None, notes: list[ValidationIssue] | None = None) -> list[Coding]:
    """The codings of a coding sheet, checked against the wave's comments and the codebook; what
    the text policy cleaned is added to ``notes``."""
    table = read_table(path, sheet_names=("codings", "coding"), required=("respondent", "item", "coder", "theme"),
                       display_name=display_name, notes=notes)
    issues: list[ValidationIssue] = []
    codings: list[Coding] = []
    seen: dict[tuple, int] = {}
    for row in table.rows:
        if not row.get("theme"):
            continue  # not coded yet
        who, item_text, coder = (_require(table, row, c, issues) for c in ("respondent", "item", "coder"))
        if not (who and item_text and coder):
            continue
        respondent = wave.respondent(who)
        if respondent is None:
            issues.append(table.issue(row, "respondent", f"{who!r} is not a respondent of this wave"))
            continue
        item, problem = wave.item(item_text)
        if problem:
            issues.append(table.issue(row, "item", problem))
            continue
        if (respondent, item) not in wave.comments:
            issues.append(table.issue(row, "respondent", f"{respondent} wrote no comment on {item}"))
            continue
        known = codebook.of_item(item)
        if not known:
            issues.append(table.issue(row, "item", f"{item} has no codebook yet; import one first with "
                                                   "`python -m surveys codebook import FILE`"))
            continue
        code, value = row.get("theme"), row.get("value") or None
        code = None if code.lower() in NO_THEME else code
        theme = codebook.theme(item, code) if code else None
        if code and theme is None:
            issues.append(table.issue(row, "theme", f"{code!r} is not a theme of {item} "
                                                    f"(themes: {', '.join(t.code for t in known)})"))
            continue
        problem = _value_problem(theme, value) if code else ("a value needs a theme" if value else None)
        if problem:
            issues.append(table.issue(row, "value", problem))
            continue
        key = (respondent, item, coder, code or None)
        if key in seen:
            issues.append(table.issue(row, "theme", f"duplicate row: {coder} already gave {respondent}'s comment "
                                                    f"on {item} the theme {code or '(none)'} in row {seen[key]}"))
            continue
        seen[key] = row.number
        codings.append(Coding(respondent, item, coder, code or None, value))
    if not codings and not issues:
        issues.append(table.issue(None, None, "the sheet holds no coding"))
    _raise(issues)
    return codings


def _value_problem(theme: Theme, value: str | None) -> str | None:
    if not theme.scaled:
        return f"theme {theme.code} takes no value (it is present or absent)" if value else None
    if value is None:
        scale = " ".join(theme.values) if theme.values else "a number"
        return f"theme {theme.code} is {theme.level}: give its value ({scale})"
    if theme.score(value) is None:
        expected = ", ".join(theme.values) if theme.values else "a number"
        return f"{value!r} is not a value of theme {theme.code} (expected {expected})"
    return None


def import_codings(store, path: str | os.PathLike, *, wave: str | None = None,
                   display_name: str | None = None, notes: list[ValidationIssue] | None = None) -> CodingReport:
    """Read, check and store a coding sheet (each coder's codes of each comment replace earlier ones)."""
    checked = WaveComments(store.load_wave(wave))
    codings = read_codings(path, checked, load_codebook(store, wave), display_name=display_name, notes=notes)
    return save_codings(store, codings, checked.comments, wave=wave,
                        source=display_name or Path(path).name)


# --- quotes -----------------------------------------------------------------------------------

def _squeezed(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_quotes(path: str | os.PathLike, wave: WaveComments, *, display_name: str | None = None,
                notes: list[ValidationIssue] | None = None) -> list[Quote]:
    """The quotes of a quote sheet; each must be (an excerpt of) a stored comment."""
    table = read_table(path, sheet_names=("quotes",), required=("respondent", "item"), display_name=display_name,
                       notes=notes)
    issues: list[ValidationIssue] = []
    quotes: list[Quote] = []
    for row in table.rows:
        who, item_text = (_require(table, row, c, issues) for c in ("respondent", "item"))
        if not (who and item_text):
            continue
        respondent = wave.respondent(who)
        item, problem = wave.item(item_text)
        if respondent is None or problem:
            issues.append(table.issue(row, "respondent" if respondent is None else "item",
                                      f"{who!r} is not a respondent of this wave" if respondent is None else problem))
            continue
        comment = wave.comments.get((respondent, item))
        if comment is None:
            issues.append(table.issue(row, "respondent", f"{respondent} wrote no comment on {item}"))
            continue
        text = row.get("text") or comment
        problem = excerpt_problem(text, comment, respondent, item)
        if problem:
            issues.append(table.issue(row, "text", problem))
            continue
        group = row.get("group") or wave.groups[respondent]
        if group not in GROUP_CODES:
            issues.append(table.issue(row, "group", f"{group!r} is not a group (expected {', '.join(GROUP_CODES)})"))
            continue
        consent = _consent(row.get("consent"))
        if consent == "?":
            issues.append(table.issue(row, "consent", f"{row.get('consent')!r}: expected yes, no or empty (not known)"))
            continue
        translation = row.get("translation") or None
        quotes.append(Quote(respondent, item, group, text, (row.get("language") or "").lower() or None, translation,
                            (row.get("translation_language") or "en").lower() if translation else None,
                            consent, row.get("note") or None))
    _raise(issues)
    return quotes


def _consent(text: str) -> bool | None | str:
    key = text.strip().lower()
    if not key:
        return None
    return True if key in _YES else False if key in _NO else "?"


def import_quotes(store, path: str | os.PathLike, *, wave: str | None = None,
                  display_name: str | None = None, notes: list[ValidationIssue] | None = None) -> list[Quote]:
    """Read, check and store a quote sheet (the quote bank of the items it names is replaced)."""
    quotes = read_quotes(path, WaveComments(store.load_wave(wave)), display_name=display_name, notes=notes)
    save_quotes(store, quotes, wave=wave, source=display_name or Path(path).name)
    return quotes


def texts_of(data) -> Mapping[tuple[str, str], str]:
    """Every comment of a wave by (respondent, item)."""
    return WaveComments(data).comments
