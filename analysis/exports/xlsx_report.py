"""The summary as an Excel workbook for analysts: one sheet per table, real numbers.

Sheet names and header rows are in the report's language (the ``sheet_*`` and ``column_*``
entries of the wording catalogues), so a Chinese workbook reads as Chinese. The stable,
identifier-safe code of every sheet and column (``items``, ``agree_share`` — the names of
``Summary.to_dict()``) is listed on the README sheet as a column dictionary, code → header,
so a script can map any language's headers back to the same codes; codes also stay as
values in the identifier columns (item, group, choice and option codes).

Every sheet has a frozen header row, an autofilter and fitted column widths; numbers stay
numbers with a display format (shares ``0.0%``, p- and q-values ``0.000``), so a reader can
sort, filter and recompute. The README sheet carries the freeze (wave, data version,
settings) and the command that rebuilds the workbook. Every text cell passes through
:func:`analysis.exports.neutralise.neutralise` first — the workbook holds delegations' free
text, and openpyxl writes any string beginning with ``=`` as a live formula.
"""
from __future__ import annotations

import io
import unicodedata
from typing import Any, Iterable, Mapping, Sequence

from babel import Locale, UnknownLocaleError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import numbers as num
from .findings import ALPHA, Context, ordered_groups
from .neutralise import neutralise
from .report import Report, filters_in_words, roster_sizes, variable_name
from .wording import CATALOGUES, text
from .wording.methods import method_name, reason_text

#: Display formats by column kind.
FORMATS: Mapping[str, str] = {"int": "0", "pct": "0.0%", "p": "0.000", "dec": "0.00", "text": "@"}
MAX_WIDTH = 60
#: Width given to a number column's values (a formatted p-value or share is at most this wide).
NUMBER_WIDTH = 8
#: The sheets in workbook order, by stable code; the title shown is ``sheet_title(lang, code)``.
SHEET_CODES: tuple[str, ...] = ("readme", "items", "shares", "tests", "pairwise", "options", "groups",
                                "coverage", "common_ground", "dividing_lines", "comments")

Column = tuple[str, str]  # (code, kind)
#: One line of the column dictionary: (sheet code, sheet title, column letter, code, header).
Entry = tuple[str, str, str, str, str]


def sheet_title(lang: str, code: str) -> str:
    """The name of sheet ``code`` in ``lang`` (Excel allows 31 characters, none of ``[]:*?/\\``)."""
    return text(lang, f"sheet_{code}")


def column_header(lang: str, code: str) -> str:
    """The header of column ``code`` in ``lang``."""
    return text(lang, f"column_{code}")


def display_width(value: object) -> int:
    """Width of a text in character cells: East Asian wide and full-width characters take two
    (Unicode Standard Annex #11), so a Chinese column is not cut in half."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _value(value: Any, kind: str) -> Any:
    if kind == "text":
        return neutralise(str(value)) if value not in (None, "") else None
    if isinstance(value, bool):
        return value
    return value if num.is_number(value) else None


def add_sheet(book: Workbook, lang: str, code: str, columns: Sequence[Column],
              rows: Iterable[Sequence[Any]]) -> list[Entry]:
    """A sheet with a bold frozen header in ``lang``, an autofilter, number formats and fitted
    widths; returns its lines of the column dictionary."""
    title = sheet_title(lang, code)
    sheet = book.create_sheet(title)
    headers = [column_header(lang, c) for c, _ in columns]
    sheet.append([neutralise(h) for h in headers])
    widths = [display_width(h) + 2 for h in headers]
    count = 0
    for row in rows:
        count += 1
        sheet.append([_value(v, kind) for v, (_, kind) in zip(row, columns)])
        for i, (v, (_, kind)) in enumerate(zip(row, columns)):
            if v is not None:
                widths[i] = max(widths[i], min(MAX_WIDTH, display_width(v) + 2 if kind == "text" else NUMBER_WIDTH))
    for i, (_, kind) in enumerate(columns, start=1):
        if kind != "text":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = FORMATS[kind]
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, widths[i - 1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, count + 1)}"
    return [(code, title, get_column_letter(i), c, h) for i, ((c, _), h) in enumerate(zip(columns, headers), 1)]


def _ci(pair: Any, i: int) -> Any:
    return pair[i] if isinstance(pair, (list, tuple)) and len(pair) == 2 else None


def _language_name(lang: str) -> str:
    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


def _readme(sheet: Any, report: Report, data: Mapping[str, Any], dictionary: Sequence[Entry]) -> None:
    """The freeze (code, label, value, value in words) and the column dictionary."""
    lang, freeze = report.lang, report.freeze
    filters = "; ".join(f"{k}={','.join(v)}" for k, v in freeze.filters.items())
    items = {i.get("item"): i for i in data.get("items") or ()}
    filters_words = filters_in_words(lang, freeze.filters, items) or text(lang, "readme_filters_none")
    freeze_rows = [
        ("wave", freeze.wave, None), ("data_version", freeze.data_version, None),
        ("compared_by", freeze.by, variable_name(lang, freeze.by)), ("filters", filters or None, filters_words),
        ("language", freeze.lang, _language_name(lang)),
        ("generated_at", freeze.generated_at, num.long_date(freeze.generated_at, lang)),
        ("reproduce", report.command, None),
        ("threshold", ALPHA, text(lang, "readme_threshold_text", alpha=num.decimal(ALPHA, lang))),
        ("text_cells", None, text(lang, "readme_text_cells_text")),
    ]
    bold = []
    sheet.append([neutralise(report.title)])
    bold.append(sheet.max_row)
    sheet.append([])
    sheet.append([text(lang, k) for k in ("readme_code", "readme_label", "readme_value", "readme_words")])
    bold.append(sheet.max_row)
    for code, value, words in freeze_rows:
        sheet.append([code, text(lang, f"readme_{code}"), neutralise(value) if isinstance(value, str) else value,
                      neutralise(words) if words else None])
    sheet.append([])
    sheet.append([text(lang, "readme_columns")])
    bold.append(sheet.max_row)
    sheet.append([text(lang, k) for k in ("readme_sheet_code", "readme_sheet", "readme_column", "readme_code",
                                          "readme_label")])
    bold.append(sheet.max_row)
    for entry in dictionary:
        sheet.append([neutralise(v) for v in entry])
    for row in bold:
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 30, 70, 24, 40)):
        sheet.column_dimensions[letter].width = width


def _yes_no(flag: bool | None, lang: str) -> str | None:
    return None if flag is None else text(lang, "value_yes" if flag else "value_no")


def _magnitude(value: Any, lang: str) -> Any:
    key = f"magnitude_{value}"
    return text(lang, key) if key in CATALOGUES["en"] else value


def _test_rows(items: Sequence[Mapping[str, Any]], lang: str) -> Iterable[list[Any]]:
    for i in items:
        tests = [(None, i.get("test"), i.get("test_reason"))] + [
            (o.get("option"), o.get("test"), o.get("test_reason")) for o in i.get("options") or ()
            if o.get("test") or i.get("kind") == "multiple"]
        for option, t, reason in tests:
            if option is None and t is None and i.get("kind") == "multiple":
                continue
            t = t or {}
            e = t.get("effect_size") or {}
            q = t.get("qvalue")
            note = reason or t.get("note")
            yield [i["item"], i.get("question"), i.get("kind"), option,
                   method_name(lang, t["name"]) if t.get("name") else None, t.get("statistic"), t.get("dof"),
                   t.get("pvalue"), q, t.get("n"), e.get("name"), e.get("value"), _magnitude(e.get("magnitude"), lang),
                   _yes_no(q < ALPHA, lang) if num.is_number(q) else None, reason_text(lang, note) if note else None]


def xlsx_bytes(data: Mapping[str, Any], report: Report, wave_data: Any = None) -> bytes:
    """The workbook of ``data`` (a ``Summary.to_dict()``) with ``report``'s freeze, labels and language."""
    ctx: Context = report.context
    lang = report.lang
    items = list(data.get("items") or ())
    book = Workbook()
    readme = book.active
    readme.title = sheet_title(lang, "readme")
    dictionary: list[Entry] = []

    def add(code: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
        dictionary.extend(add_sheet(book, lang, code, columns, rows))

    def groups_of(mapping: Mapping[str, Any] | None) -> list[str]:
        return ordered_groups(mapping or {}, ctx.by)

    add("items", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("label", "text"), ("group", "text"),
        ("group_label", "text"), ("n", "int"), ("missing", "int"), ("median", "dec"), ("iqr", "dec"),
        ("mean", "dec"), ("sd", "dec"), ("agree_share", "pct"), ("agree_ci95_low", "pct"),
        ("agree_ci95_high", "pct"), ("disagree_share", "pct"), ("median_ci95_low", "dec"),
        ("median_ci95_high", "dec"), ("mean_ci95_low", "dec"), ("mean_ci95_high", "dec"), ("consensus", "p"),
    ], ([i["item"], i.get("question"), i.get("kind"), ctx.item_label(i), code, ctx.group_label(code), g.get("n"),
         g.get("missing"), g.get("median"), g.get("iqr"), g.get("mean"), g.get("sd"), g.get("agree_share"),
         _ci(g.get("agree_ci95"), 0), _ci(g.get("agree_ci95"), 1), g.get("disagree_share"),
         _ci(g.get("median_ci95"), 0), _ci(g.get("median_ci95"), 1), _ci(g.get("mean_ci95"), 0),
         _ci(g.get("mean_ci95"), 1), g.get("consensus")]
        for i in items if i.get("kind") not in ("text", "date")
        for code in groups_of(i.get("groups")) for g in [i["groups"][code]]))

    add("shares", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("choice", "text"), ("choice_label", "text"),
        ("missing_choice", "text"), ("count", "int"), ("share", "pct"),
    ], ([i["item"], i.get("question"), code, lv["name"], ctx.level_label(i, lv["name"]),
         _yes_no(bool(lv.get("missing")), lang), (g.get("counts") or {}).get(lv["name"]),
         (g.get("shares") or {}).get(lv["name"])]
        for i in items if i.get("kind") in ("ordinal", "nominal")
        for code in groups_of(i.get("groups")) for g in [i["groups"][code]]
        for lv in i.get("levels") or ()))

    add("tests", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("test", "text"),
        ("statistic", "dec"), ("dof", "dec"), ("pvalue", "p"), ("qvalue", "p"), ("n", "int"),
        ("effect_size", "text"), ("effect_value", "dec"), ("magnitude", "text"), ("differs", "text"),
        ("reason", "text"),
    ], _test_rows(items, lang))

    add("pairwise", [
        ("item", "text"), ("question", "text"), ("a", "text"), ("b", "text"), ("statistic", "dec"),
        ("pvalue", "p"), ("pvalue_adjusted", "p"),
    ], ([i["item"], i.get("question"), p.get("a"), p.get("b"), p.get("statistic"), p.get("pvalue"),
         p.get("pvalue_adjusted")] for i in items for p in i.get("pairwise") or ()))

    add("options", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("label", "text"),
        ("group", "text"), ("n", "int"), ("selected", "int"), ("share", "pct"), ("ci95_low", "pct"),
        ("ci95_high", "pct"), ("qvalue", "p"), ("qvalue_within_item", "p"),
    ], ([i["item"], i.get("question"), i.get("kind"), o.get("option"), ctx.option_label(o), code,
         og.get("n"), og.get("selected"), og.get("share"), _ci(og.get("ci95"), 0), _ci(og.get("ci95"), 1),
         (o.get("test") or {}).get("qvalue"), o.get("qvalue")]
        for i in items for o in i.get("options") or ()
        for code in groups_of(o.get("groups")) for og in [o["groups"][code]]))

    wave = getattr(wave_data, "wave", None)
    roster = roster_sizes(getattr(wave, "reference_date", None)) if ctx.by == "group" else {}
    groups = data.get("groups") or {}
    add("groups", [
        ("group", "text"), ("label", "text"), ("respondents", "int"), ("roster", "int"), ("share_of_roster", "pct"),
    ], ([code, ctx.group_label(code), groups[code], roster.get(code),
         groups[code] / roster[code] if roster.get(code) else None] for code in groups_of(groups)))

    add("coverage", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("answered", "int"), ("missing", "int"),
        ("answered_share", "pct"),
    ], ([i["item"], i.get("question"), code, g.get("n"), g.get("missing"),
         g["n"] / (g["n"] + g["missing"]) if num.is_number(g.get("n")) and num.is_number(g.get("missing"))
         and g["n"] + g["missing"] else None]
        for i in items for code in groups_of(i.get("groups")) for g in [i["groups"][code]]))

    add("common_ground", [("item", "text"), ("question", "text"), ("option", "text"), ("label", "text"),
                          ("score", "p")],
        ([e.get("item"), e.get("question"), e.get("option"), _statement(e, items, ctx), e.get("score")]
         for e in data.get("common_ground") or ()))
    add("dividing_lines", [("item", "text"), ("question", "text"), ("option", "text"), ("label", "text"),
                           ("a", "text"), ("b", "text"), ("difference", "pct"), ("pvalue_adjusted", "p")],
        ([e.get("item"), e.get("question"), e.get("option"), _statement(e, items, ctx), e.get("a"),
          e.get("b"), e.get("score"), e.get("pvalue_adjusted")] for e in data.get("dividing_lines") or ()))
    add("comments", [("respondent", "text"), ("group", "text"), ("question", "text"), ("item", "text"),
                     ("comment", "text")], comment_rows(wave_data))
    _readme(readme, report, data, dictionary)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _statement(entry: Mapping[str, Any], items: Sequence[Mapping[str, Any]], ctx: Context) -> str:
    from .findings import statement_label

    return statement_label(entry, {i["item"]: i for i in items}, ctx)


def comment_rows(wave_data: Any) -> list[list[Any]]:
    """Free-text answers (respondent, group, question, item, text) in instrument order."""
    if wave_data is None:
        return []
    text_items = [i for i in wave_data.instrument.items if i.kind == "text"]
    if not text_items:
        return []
    order = {i.name: n for n, i in enumerate(text_items)}
    answers = wave_data.answers[wave_data.answers["item"].isin(order)]
    groups = dict(zip(wave_data.respondents["respondent"], wave_data.respondents["group"]))
    questions = {i.name: i.question for i in text_items}
    rows = [[r, groups.get(r), questions.get(item), item, value]
            for r, item, value in answers[["respondent", "item", "value"]].itertuples(index=False)
            if isinstance(value, str) and value.strip()]
    return sorted(rows, key=lambda row: (order[row[3]], str(row[1]), str(row[0])))

