"""What each column of any response sheet holds: the header matching of every layout.

Wide sheets, KoboToolbox and ODK exports, long templates and vote sheets all come here to
read their header rows. People head their columns in many ways, and KoboToolbox / ODK exports add their own
conventions (KoboToolbox help, "Exporting and downloading your data"; ODK Central,
"Submission data export"):

- item names, bare or behind group paths (``q1/q1_overall``; the export settings also
  allow ``.`` or ``;`` as the group separator);
- item labels in any language of the instrument instead of names (Kobo's "labels"
  export), where several items may share a label and are then taken in form order;
- one tick column per option of a select_multiple (``q1/q1_channels/field_visits``,
  ``q1_channels.field_visits``, ``q1_channels Field visits``), holding 1/0 or TRUE/FALSE;
- metadata columns (``start``, ``_uuid``, ``meta/instanceID`` …), also after R's name
  mangling (``X_uuid``, ``X.U.FEFF.start`` for a byte-order mark).

:func:`match_columns` turns a header row into :class:`Column` roles. Anything that is
neither an item nor reserved nor metadata becomes a respondent attribute.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from surveys.model import Instrument, ValidationIssue

from .workbook import Cell, cell_ref, cell_text

#: Metadata columns of KoboToolbox and ODK exports (never items, never attributes).
METADATA: frozenset[str] = frozenset({
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
    "username", "email", "audit", "_id", "_uuid", "_submission_time", "_index",
    "_validation_status", "__version__", "_version_", "_status", "_submitted_by", "_tags",
    "_notes", "_attachments", "_geolocation", "_parent_index", "_parent_table_name",
    "_submission__id", "_xform_id_string", "_duration", "_media_count", "_total_media",
    "instanceid", "instancename", "deprecatedid", "formhub/uuid", "meta/instanceid",
    "meta/instancename", "meta/deprecatedid", "meta/rootuuid", "key", "submissiondate",
    "submitterid", "submittername", "attachmentspresent", "attachmentsexpected",
    "reviewstate", "edits", "formversion", "status",
})
#: Metadata that identifies one submission; used as the respondent text when a Kobo
#: export has no respondent column, so each row can still be reported and checked.
SUBMISSION_IDS: tuple[str, ...] = ("_uuid", "meta/instanceid", "instanceid", "key", "_id", "_index")

#: Headers of the respondent and group columns, in the six UN languages.
RESPONDENT_HEADERS: frozenset[str] = frozenset({
    "respondent", "respondents", "delegation", "member state", "country", "respondent name",
    "受访者", "答复方", "代表团", "会员国", "répondant", "délégation", "état membre", "pays",
    "encuestado", "delegación", "estado miembro", "país", "респондент", "делегация",
    "государство-член", "страна", "المجيب", "الوفد", "الدولة العضو", "البلد",
})
GROUP_HEADERS: frozenset[str] = frozenset({
    "group", "respondent group", "组别", "类别", "群体", "groupe", "grupo", "группа",
    "المجموعة", "الفئة",
})

#: Headers (and template key rows) of the answer "may other delegations see our comments
#: with our name?", in the six UN languages; see :func:`consent_value`.
CONSENT_HEADERS: frozenset[str] = frozenset({
    "consent", "attribution consent", "consent to attribution", "named", "同意", "同意署名",
    "consentement", "consentimiento", "согласие", "الموافقة",
})
_CONSENT_YES = frozenset({"yes", "y", "true", "1", "x", "✓", "oui", "sí", "si", "да", "是", "同意", "نعم"})
_CONSENT_NO = frozenset({"no", "n", "false", "0", "non", "нет", "否", "不同意", "لا"})


def consent_value(value: Cell) -> bool | None:
    """``True`` for yes (in any of the six languages, ``x``, ``1``, ``TRUE``), ``False`` for no,
    ``None`` for a blank cell; raises ``ValueError`` for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    key = text_key(value)
    if not key:
        return None
    first = key.split(" / ")[0]  # the template's drop-down reads "是 / Yes"
    if key in _CONSENT_YES or first in _CONSENT_YES:
        return True
    if key in _CONSENT_NO or first in _CONSENT_NO:
        return False
    raise ValueError(key)


#: Characters that separate group paths, and an item from its option in tick headers.
PATH_SEPARATORS = "/.;:"
#: Group separators of item paths in headers: ODK Central and Briefcase write ``group-name``.
ENDING_SEPARATORS = "/.;:-"
_OPTION_SEPARATORS = "/.;: -–—"
_R_BOM = "x.u.feff."


@dataclass(frozen=True)
class Column:
    """One column of the answer sheet.

    ``role``: ``respondent``, ``group``, ``item`` (one answer per cell), ``tick``
    (one option of a select_multiple: ``option`` names it), ``check`` (a tick column of
    an item that has its own column too), ``repeat`` (a flattened repeat-group column:
    ``item`` names the repeat; not analysed), ``attribute`` or ``ignored``.
    """

    index: int
    role: str
    header: str
    item: str | None = None
    option: str | None = None


#: Invisible characters that copy-paste from web pages and Word leaves inside text:
#: zero-width space, non-joiner and joiner, word joiner, soft hyphen, byte-order mark.
#: Typographic quotes (Word turns ' into ’) compare as plain ones.
_INVISIBLE = {**dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff")),
              **dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4"), "'"),
              **dict.fromkeys(map(ord, "\u201c\u201d"), '"')}


def text_key(value: Cell) -> str:
    """The text used to compare headers, labels and answers: NFKC (full-width ``４`` is
    ``4``, a no-break space a space), case-folded, single-spaced, invisible characters removed."""
    text = value if isinstance(value, str) else cell_text(value)
    return " ".join(unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold().split())


def header_key(value: Cell) -> str:
    """:func:`text_key` of a header, without R's byte-order-mark mangling or a trailing colon."""
    key = text_key(value).strip("\ufeff").rstrip(":*").strip()
    return key[len(_R_BOM):] if key.startswith(_R_BOM) else key


def tails(key: str) -> list[str]:
    """The header and every ending after a path separator (``a/b/c`` → ``a/b/c``, ``b/c``, ``c``)."""
    return [key] + [key[i + 1:] for i, ch in enumerate(key) if ch in PATH_SEPARATORS and key[i + 1:]]


_REPEAT_INDEX = re.compile(r"^(.*?)\[\d+\]")


def repeat_index(key: str) -> str | None:
    """The repeat group of a column that Ona and ODK flatten with an index
    (``household/members[2]/age`` → ``household/members``), else None."""
    match = _REPEAT_INDEX.match(key)
    return match.group(1) if match and match.group(1) else None


def path_tails(key: str) -> list[str]:
    """:func:`tails` at every group separator the exports use, ODK Central's ``-`` included."""
    return [key] + [key[i + 1:] for i, ch in enumerate(key) if ch in ENDING_SEPARATORS and key[i + 1:]]


def _has_path(key: str) -> bool:
    return any(ch in key for ch in PATH_SEPARATORS)


def is_metadata(key: str) -> bool:
    # `_submission__id`, `_submission__uuid` …: a repeat group's link back to its submission.
    if key in METADATA or key.startswith(("meta/", "meta-", "formhub/", "__", "_submission_")):
        return True
    for prefix in ("x_", "x."):  # R turns `_uuid` into `X_uuid` and `__version__` into `X__version__`
        if key.startswith(prefix) and is_metadata("_" + key[2:]):
            return True
    return False


class HeaderIndex:
    """Lookups from header text to items and options, built once per instrument.

    An item is found by its key, or by any ending of its path at a group boundary, written
    with any of the exports' group separators (``dola/price``, ``dola.price``,
    ``dola-price`` as ODK Central writes it, ``price``). An ending that two questions share
    (``price`` when ``dola`` and ``kifaru`` both ask it) finds neither: such a column is
    matched by a longer ending, or reported as ambiguous.
    """

    def __init__(self, instrument: Instrument):
        self.names = {text_key(item.name): item.name for item in instrument.items}
        self.labels: dict[str, list[str]] = {}
        for item in instrument.items:
            for key in {text_key(label) for label in item.labels.values() if label}:
                self.labels.setdefault(key, []).append(item.name)
        # ending → (item key, or None for a row not analysed, …) of every question it may mean
        self.endings: dict[str, tuple[tuple[str | None, str], ...]] = {}
        for item in instrument.items:
            self._add_endings(item.path, item.name)
        for other in instrument.not_analysed:
            if other.name:
                self._add_endings(other.path, None)
        self.multi_names: list[tuple[str, str]] = []
        self.multi_labels: list[tuple[str, str]] = []
        self.options: dict[str, dict[str, str]] = {}
        for item in instrument.items:
            if item.type != "select_multiple":
                continue
            self.multi_names.extend((ending, item.name) for ending, meant in self.endings.items()
                                    if meant == ((item.name, item.path),))
            self.multi_labels.extend((text_key(lab), item.name) for lab in item.labels.values() if lab)
            self.options[item.name] = option_keys(instrument, item.name)
        # Longest first, so `q1_channels` wins over `q1` for `q1_channels/x`.
        self.multi_names.sort(key=lambda pair: -len(pair[0]))
        self.multi_labels.sort(key=lambda pair: -len(pair[0]))

    def _add_endings(self, path: str, key: str | None) -> None:
        parts = text_key(path).split("/")
        for start in range(len(parts)):
            for separator in ENDING_SEPARATORS:
                ending = separator.join(parts[start:])
                meant = self.endings.get(ending, ())
                if (key, path) not in meant:
                    self.endings[ending] = meant + ((key, path),)

    def find(self, key: str) -> tuple[str | None, tuple[str, ...]]:
        """(item key, ()) for a header naming one item by an ending of its path; (None, paths)
        when its most specific ending is shared by several questions; (None, ()) otherwise.
        A header naming a row not analysed gives (None, ()) too: see :meth:`not_analysed_at`."""
        for tail in path_tails(key):
            meant = self.endings.get(tail)
            if meant is None:
                continue
            if len(meant) == 1:
                return meant[0][0], ()
            if any(item is not None for item, _ in meant):
                return None, tuple(path for _, path in meant)
            return None, ()
        return None, ()

    def not_analysed_at(self, key: str) -> bool:
        """Whether the header names a row not analysed, or one of its split columns."""
        for tail in path_tails(key):
            meant = self.endings.get(tail)
            if meant is not None:
                return all(item is None for item, _ in meant)
        # A split column of a select not analysed (q9/crops/maize, q9.crops.maize).
        return any(key.startswith(ending + separator) for ending, meant in self.endings.items()
                   if all(item is None for item, _ in meant) for separator in "/.")

    def quick_score(self, row: Sequence[Cell]) -> tuple[int, bool]:
        """How many cells of ``row`` look like item headers, and whether one is ``respondent``."""
        score, has_respondent = 0, False
        for value in row:
            if not isinstance(value, str):
                continue
            key = header_key(value)
            if key in RESPONDENT_HEADERS:
                has_respondent = True
            elif key in self.names or key in self.labels or self.find(key) != (None, ()):
                score += 1
            elif any(tail in self.labels for tail in tails(key)[1:]):
                score += 1  # a label behind its group's label (Kobo: "include groups in headers")
            elif any(tail.startswith(name) for tail in (tails(key) if _has_path(key) else (key,))
                     for name, _ in self.multi_names + self.multi_labels):
                # A tick column, headed by the item's name or (Kobo labels export) label,
                # perhaps behind group names (q1/q1_channels/field_visits).
                score += 1
        return score, has_respondent

    def tick(self, key: str, *, by_label: bool) -> tuple[str | None, str | None, str | None]:
        """(item, option, unknown option text) for a tick-column header."""
        prefixes = self.multi_labels if by_label else self.multi_names
        unknown = None
        for tail in tails(key):
            for prefix, item in prefixes:
                if len(tail) <= len(prefix) or not tail.startswith(prefix):
                    continue
                if tail[len(prefix)] not in _OPTION_SEPARATORS:
                    continue
                rest = tail[len(prefix):].strip(_OPTION_SEPARATORS)
                option = self.options[item].get(rest)
                if option:
                    return item, option, None
                unknown = unknown or (item, rest)
        if unknown:
            return unknown[0], None, unknown[1]
        return None, None, None


def option_keys(instrument: Instrument, item_name: str) -> dict[str, str]:
    """Text key → choice name for every choice name and label; names win over labels."""
    choices = instrument.choices(item_name)
    keys: dict[str, str] = {}
    if choices is None:
        return keys
    for choice in choices.choices:
        for label in choice.labels.values():
            if label:
                keys.setdefault(text_key(label), choice.name)
    for choice in choices.choices:
        keys[text_key(choice.name)] = choice.name
    return keys


def match_columns(header: Sequence[Cell], instrument: Instrument, *, file: str, sheet: str,
                  row: int, index: HeaderIndex | None = None) -> tuple[tuple[Column, ...], list[ValidationIssue]]:
    """Give every cell of the header row (0-based sheet row ``row``) its :class:`Column` role."""
    index = index or HeaderIndex(instrument)
    issues: list[ValidationIssue] = []
    label_queues = {key: list(items) for key, items in index.labels.items()}
    columns: list[Column] = []
    for col, value in enumerate(header):
        text = cell_text(value)
        key = header_key(value)
        if not key:
            columns.append(Column(col, "ignored", text))
            continue
        last = {tails(key)[-1], path_tails(key)[-1]}  # ODK Central writes intro-respondent
        if key in RESPONDENT_HEADERS or last & RESPONDENT_HEADERS:
            columns.append(Column(col, "respondent", text))
        elif key in GROUP_HEADERS or last & GROUP_HEADERS:
            columns.append(Column(col, "group", text))
        elif key in index.names:
            columns.append(Column(col, "item", text, index.names[key]))
        elif is_metadata(key):
            columns.append(Column(col, "ignored", text))
        elif repeat_index(key):
            columns.append(Column(col, "repeat", text, repeat_index(key)))
        else:
            columns.append(_match_path_label_or_tick(col, text, key, index, label_queues,
                                                     file, sheet, row, issues))
    issues.extend(_repeat_columns(columns, file, sheet, row))
    return _resolve_duplicates(columns, file, sheet, row, issues), issues


def _repeat_columns(columns: Sequence[Column], file, sheet, row) -> list[ValidationIssue]:
    """One warning per repeat group flattened into indexed columns: read, not analysed."""
    by_repeat: dict[str, list[Column]] = {}
    for column in columns:
        if column.role == "repeat":
            by_repeat.setdefault(column.item, []).append(column)
    return [ValidationIssue(file, sheet, cell_ref(row, found[0].index), (
        f"{len(found)} column(s) from '{found[0].header}' on hold repeat group '{repeat}': answers inside "
        "a repeat come several to a respondent and are not analysed"), "warning")
        for repeat, found in by_repeat.items()]


def _match_path_label_or_tick(col, text, key, index, label_queues, file, sheet, row, issues) -> Column:
    item, option, unknown = index.tick(key, by_label=False)
    if option:
        return Column(col, "tick", text, item, option)
    name, shared = index.find(key)
    if name:
        return Column(col, "item", text, name)
    if shared:
        issues.append(ValidationIssue(file, sheet, cell_ref(row, col), (
            f"column '{text}' could be any of {', '.join(shared)}: these questions share the name, so head "
            "the column with the group path, as the Kobo and ODK exports do")))
        return Column(col, "ignored", text)
    if index.not_analysed_at(key):
        return Column(col, "ignored", text)
    # A label, perhaps behind its group's label ("Consultation/Overall, how …"); labels may
    # hold the separator themselves, so the longest ending that is a label wins.
    queue = next((label_queues[t] for t in tails(key) if label_queues.get(t)), None)
    if queue:
        return Column(col, "item", text, queue.pop(0) if len(queue) > 1 else queue[0])
    if unknown is None:
        item, option, unknown = index.tick(key, by_label=True)
        if option:
            return Column(col, "tick", text, item, option)
    if unknown is not None:
        choices = ", ".join(sorted(set(index.options[item].values()))[:12])
        issues.append(ValidationIssue(file, sheet, cell_ref(row, col),
                                      f"column '{text}': '{unknown}' is not an option of {item}; "
                                      f"expected one of {choices}"))
        return Column(col, "ignored", text, item)
    return Column(col, "attribute", text)


def _resolve_duplicates(columns: list[Column], file, sheet, row, issues) -> tuple[Column, ...]:
    """One column per item, respondent and group; split ticks give way to the item's own column."""
    first: dict[tuple, Column] = {}
    direct = {c.item for c in columns if c.role == "item"}
    resolved = []
    for column in columns:
        if column.role == "tick" and column.item in direct:
            # Kobo exports select_multiple both ways; the parent column is the answer itself,
            # and its split columns are checked against it.
            resolved.append(Column(column.index, "check", column.header, column.item, column.option))
            continue
        if column.role in ("respondent", "group", "item", "tick"):
            key = (column.role, column.item, column.option)
            if key in first:
                what = column.item or column.role
                issues.append(ValidationIssue(
                    file, sheet, cell_ref(row, column.index),
                    f"column '{column.header}' repeats {what} (already in column "
                    f"{cell_ref(row, first[key].index)}); keep one column per {column.role}"))
                resolved.append(Column(column.index, "ignored", column.header))
                continue
            first[key] = column
        resolved.append(column)
    return tuple(resolved)
