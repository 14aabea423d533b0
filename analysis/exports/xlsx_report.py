"""The summary as an Excel workbook for analysts: one sheet per table, real numbers.

Every sheet has a frozen header row, an autofilter and fitted column widths; numbers stay
numbers with a display format (shares ``0.0%``, p- and q-values ``0.000``), so a reader can
sort, filter and recompute. The README sheet carries the freeze (wave, data version,
settings) and the command that rebuilds the workbook. Every text cell passes through
:func:`analysis.exports.neutralise.neutralise` first — the workbook holds delegations' free
text, and openpyxl writes any string beginning with ``=`` as a live formula.
"""
from __future__ import annotations

import io
from typing import Any, Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import numbers as num
from .findings import ALPHA, Context, ordered_groups
from .neutralise import neutralise
from .report import Report, roster_sizes

#: Display formats by column kind.
FORMATS: Mapping[str, str] = {"int": "0", "pct": "0.0%", "p": "0.000", "dec": "0.00", "text": "@"}
MAX_WIDTH = 60

Column = tuple[str, str]  # (header, kind)


def _value(value: Any, kind: str) -> Any:
    if kind == "text":
        return neutralise(str(value)) if value not in (None, "") else None
    if isinstance(value, bool):
        return value
    return value if num.is_number(value) else None


def add_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    """A sheet with a bold frozen header, an autofilter, number formats and fitted widths."""
    sheet = book.create_sheet(title)
    sheet.append([header for header, _ in columns])
    widths = [len(header) + 2 for header, _ in columns]
    count = 0
    for row in rows:
        count += 1
        sheet.append([_value(v, kind) for v, (_, kind) in zip(row, columns)])
        for i, v in enumerate(row):
            widths[i] = max(widths[i], min(MAX_WIDTH, len(str(v)) + 2) if v is not None else 0)
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


def _ci(pair: Any, i: int) -> Any:
    return pair[i] if isinstance(pair, (list, tuple)) and len(pair) == 2 else None


def _readme(book: Workbook, report: Report, data: Mapping[str, Any]) -> None:
    sheet = book.active
    sheet.title = "README"
    freeze = report.freeze
    lines = [
        ("Trialogue", report.title),
        ("wave", freeze.wave),
        ("data_version", freeze.data_version),
        ("compared_by", freeze.by),
        ("filters", "; ".join(f"{k}={','.join(v)}" for k, v in freeze.filters.items()) or "none"),
        ("language", freeze.lang),
        ("generated_at", freeze.generated_at),
        ("reproduce", report.command),
        ("threshold", f"groups are said to differ when the summary-wide q-value < {ALPHA}"),
        ("sheets", "items, shares, tests, pairwise, options, groups, coverage, common_ground, "
                   "dividing_lines, comments"),
        ("text cells", "text that would start a formula (= + - @ tab CR) is prefixed with ' (OWASP)"),
    ]
    for key, value in lines:
        sheet.append([key, neutralise(str(value))])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 120
    for row in sheet.iter_rows(min_col=1, max_col=1):
        row[0].font = Font(bold=True)


def xlsx_bytes(data: Mapping[str, Any], report: Report, wave_data: Any = None) -> bytes:
    """The workbook of ``data`` (a ``Summary.to_dict()``) with ``report``'s freeze and labels."""
    ctx: Context = report.context
    items = list(data.get("items") or ())
    book = Workbook()
    _readme(book, report, data)

    def label(item: Mapping[str, Any]) -> str:
        return ctx.item_label(item)

    add_sheet(book, "items", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("label", "text"), ("group", "text"),
        ("group_label", "text"), ("n", "int"), ("missing", "int"), ("median", "dec"), ("iqr", "dec"),
        ("mean", "dec"), ("sd", "dec"), ("agree_share", "pct"), ("agree_ci95_low", "pct"),
        ("agree_ci95_high", "pct"), ("disagree_share", "pct"), ("median_ci95_low", "dec"),
        ("median_ci95_high", "dec"), ("mean_ci95_low", "dec"), ("mean_ci95_high", "dec"), ("consensus", "p"),
    ], ([i["item"], i.get("question"), i.get("kind"), label(i), code, ctx.group_label(code), g.get("n"),
         g.get("missing"), g.get("median"), g.get("iqr"), g.get("mean"), g.get("sd"), g.get("agree_share"),
         _ci(g.get("agree_ci95"), 0), _ci(g.get("agree_ci95"), 1), g.get("disagree_share"),
         _ci(g.get("median_ci95"), 0), _ci(g.get("median_ci95"), 1), _ci(g.get("mean_ci95"), 0),
         _ci(g.get("mean_ci95"), 1), g.get("consensus")]
        for i in items if i.get("kind") not in ("text", "date")
        for code in ordered_groups(i.get("groups") or {}, ctx.by) for g in [i["groups"][code]]))

    add_sheet(book, "shares", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("choice", "text"), ("choice_label", "text"),
        ("missing_choice", "text"), ("count", "int"), ("share", "pct"),
    ], ([i["item"], i.get("question"), code, lv["name"], ctx.level_label(i, lv["name"]),
         "yes" if lv.get("missing") else "no", (g.get("counts") or {}).get(lv["name"]),
         (g.get("shares") or {}).get(lv["name"])]
        for i in items if i.get("kind") in ("ordinal", "nominal")
        for code in ordered_groups(i.get("groups") or {}, ctx.by) for g in [i["groups"][code]]
        for lv in i.get("levels") or ()))

    def test_rows():
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
                yield [i["item"], i.get("question"), i.get("kind"), option, t.get("name"), t.get("statistic"),
                       t.get("dof"), t.get("pvalue"), q, t.get("n"), e.get("name"), e.get("value"),
                       e.get("magnitude"), ("yes" if q < ALPHA else "no") if num.is_number(q) else None,
                       reason or t.get("note")]

    add_sheet(book, "tests", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("test", "text"),
        ("statistic", "dec"), ("dof", "dec"), ("pvalue", "p"), ("qvalue", "p"), ("n", "int"),
        ("effect_size", "text"), ("effect_value", "dec"), ("magnitude", "text"), ("differs", "text"),
        ("reason", "text"),
    ], test_rows())

    add_sheet(book, "pairwise", [
        ("item", "text"), ("question", "text"), ("a", "text"), ("b", "text"), ("statistic", "dec"),
        ("pvalue", "p"), ("pvalue_adjusted", "p"),
    ], ([i["item"], i.get("question"), p.get("a"), p.get("b"), p.get("statistic"), p.get("pvalue"),
         p.get("pvalue_adjusted")] for i in items for p in i.get("pairwise") or ()))

    add_sheet(book, "options", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("label", "text"),
        ("group", "text"), ("n", "int"), ("selected", "int"), ("share", "pct"), ("ci95_low", "pct"),
        ("ci95_high", "pct"), ("qvalue", "p"), ("qvalue_within_item", "p"),
    ], ([i["item"], i.get("question"), i.get("kind"), o.get("option"), ctx.option_label(o), code,
         og.get("n"), og.get("selected"), og.get("share"), _ci(og.get("ci95"), 0), _ci(og.get("ci95"), 1),
         (o.get("test") or {}).get("qvalue"), o.get("qvalue")]
        for i in items for o in i.get("options") or ()
        for code in ordered_groups(o.get("groups") or {}, ctx.by) for og in [o["groups"][code]]))

    wave = getattr(wave_data, "wave", None)
    roster = roster_sizes(getattr(wave, "reference_date", None)) if ctx.by == "group" else {}
    groups = data.get("groups") or {}
    add_sheet(book, "groups", [
        ("group", "text"), ("label", "text"), ("respondents", "int"), ("roster", "int"), ("share_of_roster", "pct"),
    ], ([code, ctx.group_label(code), groups[code], roster.get(code),
         groups[code] / roster[code] if roster.get(code) else None] for code in ordered_groups(groups, ctx.by)))

    add_sheet(book, "coverage", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("answered", "int"), ("missing", "int"),
        ("answered_share", "pct"),
    ], ([i["item"], i.get("question"), code, g.get("n"), g.get("missing"),
         g["n"] / (g["n"] + g["missing"]) if num.is_number(g.get("n")) and num.is_number(g.get("missing"))
         and g["n"] + g["missing"] else None]
        for i in items for code in ordered_groups(i.get("groups") or {}, ctx.by) for g in [i["groups"][code]]))

    add_sheet(book, "common_ground", [("item", "text"), ("question", "text"), ("option", "text"),
                                      ("label", "text"), ("score", "p")],
              ([e.get("item"), e.get("question"), e.get("option"), _statement(e, items, ctx), e.get("score")]
               for e in data.get("common_ground") or ()))
    add_sheet(book, "dividing_lines", [("item", "text"), ("question", "text"), ("option", "text"),
                                       ("label", "text"), ("a", "text"), ("b", "text"), ("difference", "pct"),
                                       ("pvalue_adjusted", "p")],
              ([e.get("item"), e.get("question"), e.get("option"), _statement(e, items, ctx), e.get("a"),
                e.get("b"), e.get("score"), e.get("pvalue_adjusted")] for e in data.get("dividing_lines") or ()))
    add_sheet(book, "comments", [("respondent", "text"), ("group", "text"), ("question", "text"),
                                 ("item", "text"), ("comment", "text")], comment_rows(wave_data))
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

