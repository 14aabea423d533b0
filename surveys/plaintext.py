"""What text the store may hold, decided once, at import: plain Unicode text, one normal form.

Every text that enters the store passes :func:`clean`: cells of response workbooks, CSV
files, instruments and coding sheets as they are read (:func:`clean_cells`), names,
headers and attribute values as one line (``line=True``), wave names and other
arguments (:func:`argument`). Writers pass what they write through :func:`plain` too,
because a store made before this policy may still hold anything; a report's outline keeps
the closed isolates it puts around numbers in Arabic (:func:`plain_isolated`).

The policy (Unicode Standard Annex #15 for the normal form; W3C "Unicode in XML and
other markup languages" and XML 1.0 §2.2 for characters that are not text):

- NFC normalisation (macOS and some web forms write decomposed accents); silent, as the
  text reads the same.
- Line breaks are one LF: CR LF and CR silently; Word's soft line break (VT, U+000B),
  form feed, NEL (U+0085) and the line and paragraph separators (U+2028, U+2029) become
  LF and are reported.
- Other C0 controls (U+0000–U+001F but tab and LF), DEL and the C1 controls
  (U+0080–U+009F) are removed: no reader means them, PostgreSQL refuses U+0000, XML
  cannot hold them (so neither can Word, Excel or the chart renderer).
- Explicit direction controls (embeddings and overrides U+202A–U+202E, isolates
  U+2066–U+2069) are removed: an unclosed override reverses the text after it
  ("Trojan Source", CVE-2021-42574). The marks LRM, RLM and ALM stay (they order one
  character, Arabic and Hebrew text needs them).
- Zero-width characters that carry no meaning in the six UN languages (ZWSP U+200B, word
  joiner U+2060, byte-order mark U+FEFF, Mongolian vowel separator U+180E) are removed;
  the joiners ZWJ and ZWNJ stay (Arabic and Persian shaping, emoji sequences).
- Lone surrogates become U+FFFD and non-characters (U+FDD0–U+FDEF, U+nFFFE, U+nFFFF)
  are removed: they are not text, and one of them aborts the chart renderer.

Tab stays in multi-line text (answers, comments, labels); a one-line text (a name, a
header, an attribute value, a wave name) has its tabs and line breaks made spaces and
its runs of spaces made one. Removing or replacing anything but CR and spaces is said in
the import report, one warning per kind of cell (:func:`cleaning_issue`).
"""
from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Mapping, NamedTuple, Sequence

from .limits import MAX_CELL_CHARACTERS
from .messages import N_, Listing, Text
from .model import ValidationIssue

#: What cleaning did to a text, as said in the import report.
CHANGES: Mapping[str, str] = {
    "line_break": N_("line breaks from Word or other programs (U+000B, U+000C, U+0085, U+2028, U+2029) read as "
                     "ordinary line breaks"),
    "control": N_("control characters (U+0000–U+001F, U+007F–U+009F) removed"),
    "direction": N_("text direction controls (U+202A–U+202E, U+2066–U+2069), which can make text read out of "
                    "order, removed"),
    "invisible": N_("zero-width characters (U+200B, U+2060, U+FEFF, U+180E) removed"),
    "not_text": N_("characters that are not text (lone surrogates, non-characters such as U+FFFE) removed"),
}
#: Kinds of cell named in the report.
KINDS: Mapping[str, str] = {
    "answer": N_("answer"), "comment": N_("comment"), "respondent": N_("respondent name"),
    "group": N_("group"), "attribute": N_("attribute value"), "header": N_("column header"),
    "label": N_("label"), "cell": N_("cell"),
}
#: The mark :func:`clean_cells` gives a text too long for a cell.
TOO_LONG = "too_long"
CLEANED = N_("this {what} was stored cleaned: {changes}")

_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u2060\ufeff\u180e"
_NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
_CONTROLS = [chr(c) for c in chain(range(0x00, 0x09), range(0x0E, 0x20), range(0x7F, 0xA0))
             if chr(c) not in _LINE_BREAKS]

#: Every character the policy acts on (CR included: it becomes LF).
_ACT = re.compile("[" + re.escape("".join(_CONTROLS) + "\r" + _LINE_BREAKS + _DIRECTION + _INVISIBLE
                                  + "".join(_NONCHARACTERS)) + "\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_KIND_OF: dict[str, str] = {
    **dict.fromkeys(_LINE_BREAKS, "line_break"), **dict.fromkeys(_CONTROLS, "control"),
    **dict.fromkeys(_DIRECTION, "direction"), **dict.fromkeys(_INVISIBLE, "invisible"),
    **dict.fromkeys(_NONCHARACTERS, "not_text"),
}
_TABLE = {ord(ch): ("\n" if kind == "line_break" else None) for ch, kind in _KIND_OF.items()}
_TABLE[ord("\r")] = "\n"
_LINE_SPACE = re.compile(r"[\t\n ]*[\t\n][\t\n ]*| {2,}")


class Cleaned(NamedTuple):
    """A text as the store keeps it, and what was changed (keys of :data:`CHANGES`)."""

    text: str
    changes: frozenset[str] = frozenset()


def needs_cleaning(text: str) -> bool:
    """Whether :func:`clean` would change ``text`` in multi-line form (a cheap test)."""
    if text.isascii():
        return not text.isprintable() and _ACT.search(text) is not None
    return _ACT.search(text) is not None or not unicodedata.is_normalized("NFC", text)


def clean(text: str, *, line: bool = False) -> Cleaned:
    """``text`` under the policy; ``line`` for a one-line text (names, headers, arguments)."""
    changes: frozenset[str] = frozenset()
    if _ACT.search(text) is not None:
        found = set(_ACT.findall(text))
        changes = frozenset(_KIND_OF[ch] for ch in found if ch in _KIND_OF)
        if "\r" in found:
            text = text.replace("\r\n", "\n")
        if any("\ud800" <= ch <= "\udfff" for ch in found):
            text = _SURROGATES.sub("\ufffd", text)
            changes |= {"not_text"}
        text = text.translate(_TABLE)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if line:
        text = _LINE_SPACE.sub(" ", text).strip()
    return Cleaned(text, changes)


def plain(text: object, *, line: bool = False) -> str:
    """The text of ``text`` under the policy, without the record of changes (for writers)."""
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    if text.isascii() and text.isprintable() and not (line and ("  " in text or text != text.strip())):
        return text
    return clean(text, line=line).text if (line or needs_cleaning(text)) else text


#: JSON text that holds (raw or as \\u escapes) a character the policy acts on: a store written
#: before the policy, read back (:meth:`surveys.storage.store.Store.load_wave`).
_JSON_ESCAPE = re.compile(r"\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|[dD][89a-fA-F]|202[a-eA-E]"
                       r"|206[6-9]|[fF][fF][fF][eEfF]|[fF][dD][dDeE]|[fF][eE][fF][fF]|200[bB]|2060|180[eE])")


def json_needs_cleaning(text: str) -> bool:
    """Whether ``text`` (JSON, or plain text) may hold text the policy would change: controls,
    direction marks, lone surrogates …, raw or as JSON escapes. NFC is not looked at."""
    if "\\u" in text and _JSON_ESCAPE.search(text) is not None:
        return True
    return not (text.isascii() and text.isprintable()) and _ACT.search(text) is not None


#: A left-to-right isolate (LRI … PDI) holding no direction control or line break.
_ISOLATE = re.compile("\u2066([^\u202a-\u202e\u2066-\u2069\n]*)\u2069")


def plain_isolated(text: object) -> str:
    """:func:`plain`, keeping each closed left-to-right isolate (LRI … PDI): the software puts
    them around numbers and formulas in Arabic (``analysis.present.language.isolate``, UAX #9)
    so that ``q = 0.03`` reads in order; a closed isolate cannot reorder the text around it,
    unlike the unclosed controls the policy removes."""
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    if "\u2066" not in text:
        return plain(text)
    parts = _ISOLATE.split(text)  # outside, inside, outside, …
    return "".join(f"\u2066{plain(part)}\u2069" if index % 2 else plain(part) for index, part in enumerate(parts))


def plain_tree(value, *, isolates: bool = False):
    """``value`` with every text inside it (keys, items, fields of frozen dataclasses) made
    :func:`plain`: for what was stored before the policy, and for writers' whole outlines
    (``isolates``: keeping the software's closed isolates, :func:`plain_isolated`)."""
    import dataclasses

    if isinstance(value, str):
        return plain_isolated(value) if isolates else plain(value)
    if isinstance(value, dict):
        return {plain_tree(key, isolates=isolates): plain_tree(item, isolates=isolates) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(plain_tree(item, isolates=isolates) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: plain_tree(getattr(value, f.name), isolates=isolates)
                                             for f in dataclasses.fields(value) if f.init})
    return value


def argument(text: str, what: str, longest: int) -> str:
    """A name typed as an argument or in a form (a wave name): NFC, one line, at most
    ``longest`` characters, and nothing the policy would remove. Raises ``TrialogueError``
    saying what is wrong, rather than storing a name other than the one typed."""
    from .errors import TrialogueError

    cleaned = clean(text, line=True)
    if cleaned.changes - {"line_break"}:
        found = next(ch for ch in text if ch in _KIND_OF or "\ud800" <= ch <= "\udfff")
        raise TrialogueError(f"{what} holds an invisible or control character (U+{ord(found):04X}) at position "
                             f"{text.index(found) + 1}: type the name again without it")
    if not cleaned.text:
        raise TrialogueError(f"{what} is empty: give a name")
    if len(cleaned.text) > longest:
        raise TrialogueError(f"{what} has {len(cleaned.text):,} characters: at most {longest:,}")
    return cleaned.text


def clean_cells(rows: Sequence[Sequence[object]]) -> tuple[list[tuple], dict[tuple[int, int], frozenset[str]]]:
    """Every text cell of a sheet under the policy (multi-line form).

    Returns the rows (unchanged objects where nothing needed cleaning) and the changes made,
    by 0-based (row, column); a text longer than a spreadsheet cell holds
    (:data:`~surveys.limits.MAX_CELL_CHARACTERS`) is marked ``too_long`` for the reader of
    the sheet to refuse. The distinct values of the sheet are tested first, in bulk, so a
    clean sheet costs one pass of C code and a test per distinct text.
    """
    distinct = set(chain.from_iterable(rows))
    dirty = {value: result for value in distinct if value.__class__ is str and (
        len(value) > MAX_CELL_CHARACTERS or needs_cleaning(value))
             for result in [_cell(value)]}
    if not dirty:
        return rows if isinstance(rows, list) else list(rows), {}
    cleaned: dict[tuple[int, int], frozenset[str]] = {}
    out = []
    for r, row in enumerate(rows):
        if not any(value.__class__ is str and value in dirty for value in row):
            out.append(row)
            continue
        cells = list(row)
        for c, value in enumerate(cells):
            if value.__class__ is str and value in dirty:
                result = dirty[value]
                cells[c] = result.text
                if result.changes:
                    cleaned[(r, c)] = result.changes
        out.append(tuple(cells))
    return out, cleaned


def _cell(value: str) -> Cleaned:
    result = clean(value)
    if len(result.text) > MAX_CELL_CHARACTERS:
        return Cleaned(result.text, result.changes | {TOO_LONG})
    return result


def cleaning_text(kind: str, changes: frozenset[str]) -> Text | None:
    """The report's words for one cleaned cell of ``kind`` (a key of :data:`KINDS`); None
    when nothing was cleaned (only ``too_long``)."""
    listed = tuple(Text.of(CHANGES[change]) for change in CHANGES if change in changes)
    if not listed:
        return None
    return Text.of(CLEANED, what=Text.of(KINDS.get(kind, KINDS["cell"])),
                   changes=Listing(listed, limit=None, separator=N_("; ")))


TOO_LONG_TEXT = N_("this {what} has {n} characters: a cell holds at most {limit} (a spreadsheet's own limit); "
                   "shorten it, or put the full text in an annex")


def too_long_text(kind: str, length: int) -> Text:
    """The report's words for a text longer than a cell holds."""
    return Text.of(TOO_LONG_TEXT, what=Text.of(KINDS.get(kind, KINDS["cell"])), n=f"{length:,}",
                   limit=f"{MAX_CELL_CHARACTERS:,}")


def cell_issues(file: str, sheet: str | None, cell: str | None, kind: str, changes: frozenset[str],
                length: int = 0) -> list[ValidationIssue]:
    """What the report says of one cell :func:`clean_cells` marked: an error when its text is
    too long for a cell, a warning (kind ``cleaned_<kind>``) when it was cleaned."""
    issues = []
    if TOO_LONG in changes:
        text = too_long_text(kind, length)
        issues.append(ValidationIssue(file, sheet, cell, str(text), "error", text, "too_long"))
    said = cleaning_text(kind, changes)
    if said is not None:
        issues.append(ValidationIssue(file, sheet, cell, str(said), "warning", said, f"cleaned_{kind}"))
    return issues
