"""Read the long layout: one row per item, as the response template is laid out.

The long form is written by :func:`surveys.reading.template.write_template` (or is any sheet
with ``item`` and ``answer`` columns): keys in the ``item`` column (item names, labels in
any language, ``item/option`` for a tick row), values in the ``answer`` column, and
``respondent`` and ``group`` either as key rows or as columns; ``consent`` as a key row.
"""
from __future__ import annotations

from typing import Sequence

from surveys.model import Instrument, ValidationIssue
from surveys.plaintext import plain

from .headers import CONSENT_HEADERS, GROUP_HEADERS, RESPONDENT_HEADERS, HeaderIndex, header_key, text_key
from .parsed import ParsedResponses, RawRow, RawValue, blank
from .workbook import Cell, Sheet, cell_ref, cell_text, cleaning_report

#: Rows searched for a header; title blocks above a header are a few rows at most.
HEADER_SEARCH_ROWS = 40
#: First cell of a template's hidden key column: ``trialogue-template <form_id> <version> <lang>``.
TEMPLATE_MARKER = "trialogue-template"
#: Headers of the answer column of a long sheet (the template writes the English one beside).
ANSWER_HEADERS: tuple[str, ...] = ("answer", "答复", "回答", "réponse", "respuesta", "ответ", "الإجابة")


def long_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(row, {role: column}) of a long sheet's header: an ``item`` and an ``answer`` column."""
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        roles: dict[str, int] = {}
        for c, value in enumerate(row):
            if not isinstance(value, str):
                continue
            key = header_key(value)
            if key == "item" and "item" not in roles:
                roles["item"] = c
            elif "answer" not in roles and any(key == w or key.startswith(w + " /") or key.endswith("/ " + w)
                                               for w in ANSWER_HEADERS):
                roles["answer"] = c
            elif key in RESPONDENT_HEADERS and "respondent" not in roles:
                roles["respondent"] = c
            elif key in GROUP_HEADERS and "group" not in roles:
                roles["group"] = c
        if "item" in roles and "answer" in roles:
            return r, roles
    return None


def read_long(sheet: Sheet, found: tuple[int, dict[str, int]], instrument: Instrument,
               index: HeaderIndex, name: str) -> ParsedResponses:
    header_row, roles = found
    item_col, answer_col = roles["item"], roles["answer"]
    issues: list[ValidationIssue] = []
    form = None
    marker = cell_text(sheet.rows[0][item_col]) if sheet.rows and sheet.rows[0] else ""
    if marker.startswith(TEMPLATE_MARKER):
        parts = marker.split()
        form = parts[1] if len(parts) > 1 else None
        if form and form != instrument.form_id:
            issues.append(ValidationIssue(name, sheet.name, cell_ref(0, item_col),
                                          f"this template was made for form '{form}', not "
                                          f"'{instrument.form_id}': download the template of this wave"))
    # The key rows `respondent` / `group` hold the file's respondent; columns override them.
    file_respondent, file_group, file_consent = ("", None), ("", None), (None, None)
    order: list[str] = []
    collected: dict[str, dict] = {}
    label_queues = {key: list(items) for key, items in index.labels.items()}
    for r, row in enumerate(sheet.rows):
        if r == header_row or item_col >= len(row):
            continue
        key = text_key(row[item_col])
        value = row[answer_col] if answer_col < len(row) else None
        ref = cell_ref(r, answer_col)
        if key in RESPONDENT_HEADERS:
            file_respondent = (plain(cell_text(value), line=True), ref)
            continue
        if key in GROUP_HEADERS:
            file_group = (plain(cell_text(value), line=True), ref)
            continue
        if key in CONSENT_HEADERS:
            file_consent = (value, ref)
            continue
        if r < header_row or not key or blank(value):
            continue
        item, option = _long_item(key, index, label_queues)
        if item is None:
            issues.append(ValidationIssue(name, sheet.name, cell_ref(r, item_col),
                                          f"'{cell_text(row[item_col])}' is not an item of form "
                                          f"{instrument.form_id}: keep the template's item column as it was"))
            continue
        who = _cell_pair(row, roles.get("respondent"), r)
        group = _cell_pair(row, roles.get("group"), r)
        entry = collected.get(who[0])
        if entry is None:
            order.append(who[0])
            entry = collected[who[0]] = {"who": who, "group": group, "values": []}
        if not entry["group"][0] and group[0]:
            entry["group"] = group
        entry["values"].append(RawValue(item, value, ref, option))
    if "respondent" not in roles and file_respondent[1] is None:
        issues.append(ValidationIssue(name, sheet.name, cell_ref(header_row, item_col),
                                      "no respondent: add a row 'respondent' above the header, or a "
                                      "'respondent' column, holding the delegation's name"))
    kinds = {answer_col: "answer", **{roles[role]: role for role in ("respondent", "group") if role in roles}}
    issues.extend(cleaning_report(sheet, name, kinds, (header_row,), header_row + 1))
    rows = []
    for who_text in order or [""]:
        entry = collected.get(who_text, {"who": ("", None), "group": ("", None), "values": []})
        who = entry["who"] if who_text else file_respondent
        group = entry["group"] if entry["group"][0] else file_group
        rows.append(RawRow(who[0], who[1], group[0], group[1], {}, tuple(entry["values"]),
                           consent=file_consent[0], consent_cell=file_consent[1]))
    return ParsedResponses(name, sheet.name, "template", tuple(rows), tuple(issues), form=form)


def _cell_pair(row: Sequence[Cell], col: int | None, r: int) -> tuple[str, str | None]:
    if col is None or col >= len(row) or blank(row[col]):
        return "", None
    return plain(cell_text(row[col]), line=True), cell_ref(r, col)


def _long_item(key: str, index: HeaderIndex, label_queues: dict[str, list[str]]) -> tuple[str | None, str | None]:
    if key in index.names:
        return index.names[key], None
    item, option, _ = index.tick(key, by_label=False)
    if option:
        return item, option
    name, _shared = index.find(key)
    if name:
        return name, None
    queue = label_queues.get(key)
    if queue:
        return (queue.pop(0) if len(queue) > 1 else queue[0]), None
    item, option, _ = index.tick(key, by_label=True)
    return (item, option) if option else (None, None)
