"""Writing the coding sheets back out: the codebook, a coding sheet to fill, the quote bank.

Each written sheet has exactly the layout its import reads (:mod:`surveys.coding.imports`),
so a secretariat can export, edit and import again. Every text cell is written as text
(explicitly typed), so a comment that starts with ``=`` stays words, not a formula, and
reads back unchanged.
"""
from __future__ import annotations

import os
from typing import Sequence

from ..model import UN_LANGUAGES
from .storage import load_codebook, load_codings, load_quotes


def _write(path: str | os.PathLike, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        sheet.append(list(header))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    book.save(os.fspath(path))


def _label_columns(base: str, texts: Sequence) -> list[str]:
    used = [lang for lang in UN_LANGUAGES if any(lang in t for t in texts)]
    return [f"{base}::{lang}" for lang in used]


def write_codebook(store, path: str | os.PathLike, *, wave: str | None = None) -> int:
    """The stored codebook as a ``themes`` sheet. Returns the number of themes."""
    themes = load_codebook(store, wave).themes
    labels = _label_columns("label", [t.labels for t in themes]) or ["label::en"]
    descriptions = _label_columns("description", [t.description for t in themes])
    header = ["item", "theme", *labels, "level", "values", *descriptions]
    rows = [[t.item, t.code, *(t.labels.get(c.split("::")[1], "") for c in labels), t.level, " ".join(t.values),
             *(t.description.get(c.split("::")[1], "") for c in descriptions)] for t in themes]
    _write(path, [("themes", header, rows)])
    return len(rows)


def write_coding_template(store, path: str | os.PathLike, *, wave: str | None = None, coder: str | None = None
                          ) -> int:
    """A ``codings`` sheet with one row per comment of the codebook's items (the coder's existing
    codes filled in, ``theme`` empty where not coded yet: such rows are skipped on import), the
    comment beside it, and a ``themes`` sheet to look codes up in. Returns the rows."""
    data = store.load_wave(wave)
    codebook = load_codebook(store, wave)
    items = codebook.items or tuple(i.name for i in data.instrument.items if i.kind == "text")
    done: dict[tuple[str, str], list] = {}
    for c in load_codings(store, wave):
        if coder and c.coder == coder:
            done.setdefault((c.respondent, c.item), []).append(c)
    answers = data.answers[data.answers["item"].isin(items)]
    rows = []
    for item in items:
        for respondent, text in zip(answers.loc[answers["item"] == item, "respondent"],
                                    answers.loc[answers["item"] == item, "value"]):
            coded = done.get((respondent, item)) or [None]
            for c in coded:
                rows.append([respondent, item, coder or "", (c.theme or "none") if c else "", (c.value or "") if c else "",
                             text])
    themes = [[t.item, t.code, t.label("en"), t.level, " ".join(t.values)] for t in codebook.themes]
    _write(path, [("codings", ["respondent", "item", "coder", "theme", "value", "comment"], rows),
                  ("themes", ["item", "theme", "label", "level", "values"], themes)])
    return len(rows)


def write_quotes(store, path: str | os.PathLike, *, wave: str | None = None) -> int:
    """The quote bank as a ``quotes`` sheet. Returns the number of quotes."""
    quotes = load_quotes(store, wave)
    header = ["respondent", "item", "group", "text", "language", "translation", "translation_language", "consent",
              "note"]
    consent = {True: "yes", False: "no", None: ""}
    rows = [[q.respondent, q.item, q.group, q.text, q.language or "", q.translation or "",
             q.translation_language or "", consent[q.consent], q.note or ""] for q in quotes]
    _write(path, [("quotes", header, rows)])
    return len(rows)
