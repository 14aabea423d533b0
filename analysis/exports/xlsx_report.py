"""The summary as an Excel workbook for analysts: one sheet per table, real numbers.

Sheet names and header rows are in the report's language (catalogue messages with the
contexts ``sheet`` and ``column``), so a Chinese workbook reads as Chinese. The stable,
identifier-safe code of every sheet and column (``items``, ``agree_share`` — the names of
``Summary.to_dict()``) is listed on the README sheet as a column dictionary, code → header,
so a script can map any language's headers back to the same codes; codes also stay as
values in the identifier columns (item, group, choice and option codes).

Shares obey :mod:`analysis.present.disclosure` as every other export does: a group of
fewer than five answers keeps its counts, but its share cells (and their intervals) are
left empty, as the README sheet says.

Every sheet is an Excel table whose header row is marked as such (with its filter buttons),
frozen, with fitted column widths; the workbook declares its language and title; numbers stay
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
from openpyxl.worksheet.table import Table, TableStyleInfo

from analysis.present import numbers as num
from analysis.present.comments import namer, quote_records
from analysis.present.deliberation.audience import results_shown
from analysis.present.deliberation.tables import opinion_rows, vote_rows
from analysis.present.disclosure import SECRETARIAT, Audience, share, shows_group, shows_share, withheld_options
from analysis.present.labels import (
    filters_in_words,
    group_label,
    item_label,
    level_label,
    option_label,
    ordered_groups,
    variable_name,
)
from analysis.present.language import NP_, document_language, is_rtl, translations
from analysis.present.lists import statement_title
from analysis.present.outline import Report
from analysis.present.themes import reliability_records, theme_records
from analysis.present.verdicts import ALPHA, any_differs, option_verdict
from analysis.present.wording import magnitude_text, method_name, reason_text

from .neutralise import neutralise

#: Display formats by column kind.
FORMATS: Mapping[str, str] = {"int": "0", "pct": "0.0%", "p": "0.000", "dec": "0.00", "text": "@"}
MAX_WIDTH = 60
#: Width given to a number column's values (a formatted p-value or share is at most this wide).
NUMBER_WIDTH = 8
#: The sheets in workbook order, by stable code; the title shown is ``sheet_title(lang, code)``.
SHEET_CODES: tuple[str, ...] = ("readme", "items", "shares", "tests", "pairwise", "options", "groups",
                                "coverage", "common_ground", "dividing_lines", "comments")
#: Sheets that follow when the wave has deliberation rounds: one per round, then their opinion groups.
ROUND_SHEET_CODES: tuple[str, ...] = ("round", "opinion_groups")
#: Sheets a report with coded comments adds after those: themes × group, reliability, the quote bank.
CODING_SHEET_CODES: tuple[str, ...] = ("themes", "reliability", "quotes")

#: Sheet titles by stable code (at most 31 characters, none of []:*?/\\ in any language).
SHEETS: Mapping[str, str] = {
    "readme": NP_("sheet", 'README'),
    "items": NP_("sheet", 'Items'),
    "shares": NP_("sheet", 'Shares by choice'),
    "tests": NP_("sheet", 'Tests between groups'),
    "pairwise": NP_("sheet", 'Pairwise comparisons'),
    "options": NP_("sheet", 'Options'),
    "groups": NP_("sheet", 'Groups'),
    "coverage": NP_("sheet", 'Coverage'),
    "common_ground": NP_("sheet", 'Common ground'),
    "dividing_lines": NP_("sheet", 'Dividing lines'),
    "comments": NP_("sheet", 'Comments'),
    # One sheet per deliberation round of the wave, numbered as the report's chapters.
    "round": NP_("sheet", 'Round {number}'),
    "opinion_groups": NP_("sheet", 'Opinion groups'),
    "themes": NP_("sheet", 'Themes by group'),
    "reliability": NP_("sheet", 'Coder agreement'),
    "quotes": NP_("sheet", 'Quotes'),
}
#: Column headers by stable code (the names of ``Summary.to_dict()``).
COLUMNS: Mapping[str, str] = {
    "item": NP_("column", 'Item'),
    "question": NP_("column", 'Question'),
    "kind": NP_("column", 'Kind of item'),
    "label": NP_("column", 'Text'),
    "group": NP_("column", 'Group (code)'),
    "group_label": NP_("column", 'Group'),
    "n": NP_("column", 'Answered (n)'),
    "missing": NP_("column", 'Not answered'),
    "median": NP_("column", 'Median'),
    "iqr": NP_("column", 'Interquartile range'),
    "mean": NP_("column", 'Mean'),
    "sd": NP_("column", 'Standard deviation'),
    "agree_share": NP_("column", 'Share agreeing'),
    "agree_ci95_low": NP_("column", 'Share agreeing, 95% CI low'),
    "agree_ci95_high": NP_("column", 'Share agreeing, 95% CI high'),
    "disagree_share": NP_("column", 'Share disagreeing'),
    "median_ci95_low": NP_("column", 'Median, 95% CI low'),
    "median_ci95_high": NP_("column", 'Median, 95% CI high'),
    "mean_ci95_low": NP_("column", 'Mean, 95% CI low'),
    "mean_ci95_high": NP_("column", 'Mean, 95% CI high'),
    "consensus": NP_("column", 'Consensus (Tastle–Wierman)'),
    "choice": NP_("column", 'Choice (code)'),
    "choice_label": NP_("column", 'Choice'),
    "missing_choice": NP_("column", 'Non-substantive choice'),
    "count": NP_("column", 'Count'),
    "share": NP_("column", 'Share'),
    "option": NP_("column", 'Option (code)'),
    "test": NP_("column", 'Test'),
    "statistic": NP_("column", 'Statistic'),
    "dof": NP_("column", 'Degrees of freedom'),
    "pvalue": NP_("column", 'p-value'),
    "qvalue": NP_("column", 'q-value (whole summary)'),
    "effect_size": NP_("column", 'Effect size'),
    "effect_value": NP_("column", 'Effect size value'),
    "magnitude": NP_("column", 'Magnitude'),
    "differs": NP_("column", 'Groups differ'),
    "reason": NP_("column", 'Reason or note'),
    "a": NP_("column", 'Group A'),
    "b": NP_("column", 'Group B'),
    "pvalue_adjusted": NP_("column", 'p-value, Holm-adjusted'),
    "selected": NP_("column", 'Selected it'),
    "ci95_low": NP_("column", 'Share, 95% CI low'),
    "ci95_high": NP_("column", 'Share, 95% CI high'),
    "qvalue_within_item": NP_("column", 'q-value within the item'),
    "respondents": NP_("column", 'Respondents'),
    "roster": NP_("column", 'Could have answered'),
    "share_of_roster": NP_("column", 'Share of those who could answer'),
    "answered": NP_("column", 'Answered'),
    "answered_share": NP_("column", 'Share answered'),
    "score": NP_("column", 'Consensus score'),
    "difference": NP_("column", 'Gap in share agreeing'),
    "respondent": NP_("column", 'Respondent'),
    "comment": NP_("column", 'Comment'),
    "round": NP_("column", 'Round'),
    "statement": NP_("column", 'Statement'),
    "agree": NP_("column", 'Agree'),
    "disagree": NP_("column", 'Disagree'),
    "pass": NP_("column", 'Pass'),
    "votes": NP_("column", 'Votes (n)'),
    "consensus_agree": NP_("column", 'Group-informed consensus for'),
    "consensus_disagree": NP_("column", 'Group-informed consensus against'),
    "bridging": NP_("column", 'Bridging'),
    "dividing": NP_("column", 'Dividing'),
    "opinion_group": NP_("column", 'Opinion group'),
    "size": NP_("column", 'Delegations in it'),
    "representative": NP_("column", 'Representative statements'),
    "qvalue_round": NP_("column", 'q-value (across the round)'),
    "theme": NP_("column", 'Theme (code)'),
    "level": NP_("column", 'Level of measurement'),
    "alpha": NP_("column", "Krippendorff's alpha"),
    "units": NP_("column", 'Comments compared'),
    "coders": NP_("column", 'Coders'),
    "single_coded": NP_("column", 'Comments coded by one coder'),
    "text": NP_("column", 'Quote'),
    "language": NP_("column", 'Language'),
    "translation": NP_("column", 'Translation'),
    "translation_language": NP_("column", 'Language of the translation'),
}

Column = tuple[str, str]  # (code, kind)
#: One line of the column dictionary: (sheet code, sheet title, column letter, code, header).
Entry = tuple[str, str, str, str, str]


def sheet_title(lang: str, code: str) -> str:
    """The name of sheet ``code`` in ``lang`` (Excel allows 31 characters, none of ``[]:*?/\\``)."""
    return str(translations(lang).pgettext("sheet", SHEETS[code]))


def column_header(lang: str, code: str) -> str:
    """The header of column ``code`` in ``lang``."""
    return str(translations(lang).pgettext("column", COLUMNS[code]))


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
              rows: Iterable[Sequence[Any]], title: str | None = None) -> list[Entry]:
    """A sheet with a bold frozen header in ``lang``, an autofilter, number formats and fitted
    widths; returns its lines of the column dictionary. ``title`` overrides the sheet's name."""
    title = title or sheet_title(lang, code)
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
    sheet.sheet_view.rightToLeft = is_rtl(lang)  # Arabic sheets read from the right, column A first
    # An Excel table: its first row is marked as the header row, which screen readers announce
    # with each cell (and Excel's accessibility checker asks for); it brings the filter buttons.
    # A table needs a row under its header, empty if the sheet has none.
    table = Table(displayName=code, ref=f"A1:{get_column_letter(len(columns))}{count + 1 if count else 2}",
                  headerRowCount=1, tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=True))
    sheet.add_table(table)
    return [(code, title, get_column_letter(i), c, h) for i, ((c, _), h) in enumerate(zip(columns, headers), 1)]


def _language_name(lang: str) -> str:
    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


#: The README sheet's freeze rows, by code.
README_LABELS: Mapping[str, str] = {
    "wave": NP_("readme", "Wave"), "data_version": NP_("readme", "Data version"),
    "compared_by": NP_("readme", "Compared by"), "filters": NP_("readme", "Filters"),
    "language": NP_("readme", "Language"), "generated_at": NP_("readme", "Generated at"),
    "reproduce": NP_("readme", "To reproduce"), "threshold": NP_("readme", "Threshold"),
    "small_groups": NP_("readme", "Small groups"), "text_cells": NP_("readme", "Text cells"),
}


def _readme(sheet: Any, report: Report, summary: Any, dictionary: Sequence[Entry]) -> None:
    """The freeze (code, label, value, value in words) and the column dictionary."""
    lang, freeze = report.lang, report.freeze
    tr = translations(lang)
    filters = "; ".join(f"{k}={','.join(v)}" for k, v in freeze.filters.items())
    filters_words = filters_in_words(freeze.filters, lang, summary) or tr.gettext("none")
    freeze_rows = [
        ("wave", freeze.wave, None), ("data_version", freeze.data_version, None),
        ("compared_by", freeze.by, variable_name(freeze.by, lang)), ("filters", filters or None, filters_words),
        ("language", freeze.lang, _language_name(lang)),
        ("generated_at", freeze.generated_at, num.long_date(freeze.generated_at, lang)),
        ("reproduce", report.command, None),
        ("threshold", ALPHA, tr.gettext("Groups are said to differ when the summary-wide q-value is below {alpha}.")
         .format(alpha=num.decimal(ALPHA, lang))),
        ("small_groups", None, tr.gettext("Shares (and their intervals) of groups of fewer than 5 answers are left "
                                          "empty; their counts are kept.")),
        ("text_cells", None, tr.gettext("Text that would start a formula (= + - @, tab, carriage return) is "
                                        "prefixed with ' (OWASP).")),
    ]
    bold = []
    sheet.append([neutralise(report.title)])
    bold.append(sheet.max_row)
    if report.cover:
        sheet.append([report.cover])
        bold.append(sheet.max_row)
    sheet.append([])
    sheet.append([tr.pgettext("readme", "Code"), tr.pgettext("readme", "Label"), tr.pgettext("readme", "Value"),
                  tr.pgettext("readme", "In words")])
    bold.append(sheet.max_row)
    for code, value, words in freeze_rows:
        sheet.append([code, tr.pgettext("readme", README_LABELS[code]),
                      neutralise(value) if isinstance(value, str) else value, neutralise(words) if words else None])
    sheet.append([])
    sheet.append([tr.gettext("Column dictionary: each header of this workbook and its stable code")])
    bold.append(sheet.max_row)
    sheet.append([tr.pgettext("readme", "Sheet code"), tr.pgettext("readme", "Sheet"), tr.pgettext("readme", "Column"),
                  tr.pgettext("readme", "Code"), tr.pgettext("readme", "Label")])
    bold.append(sheet.max_row)
    for entry in dictionary:
        sheet.append([neutralise(v) for v in entry])
    for row in bold:
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 30, 70, 24, 40)):
        sheet.column_dimensions[letter].width = width


def _yes_no(flag: bool | None, lang: str) -> str | None:
    tr = translations(lang)
    return None if flag is None else (tr.gettext("yes") if flag else tr.gettext("no"))


def _test_rows(summary: Any, lang: str) -> Iterable[list[Any]]:
    names = {code: group_label(summary, code, lang) for code in summary.groups}
    for i in summary.items:
        tests: list[tuple[Any, Any, Any, Any, bool | None]] = (
            [(None, i.test, i.qvalue, i.test_reason, None)] if i.kind != "multiple" else [])
        tests += [(o.option, o.test, o.summary_qvalue, o.test_reason, option_verdict(o).differs)
                  for o in i.options if i.kind == "multiple"]
        for option, t, q, reason, differs in tests:
            note = reason or (t.reason if t is not None else None)
            q = q if t is not None else None
            if differs is None and t is not None:
                differs = any_differs(i)
            yield [i.item, i.question, i.kind, option, method_name(t.method, lang) if t is not None else None,
                   t.statistic if t else None, t.dof if t else None, t.pvalue if t else None, q, t.n if t else None,
                   t.effect_size_name if t else None, t.effect_size if t else None,
                   magnitude_text(t.effect_size_magnitude, lang) if t else None,
                   _yes_no(differs, lang) if t is not None else None,
                   reason_text(note, lang, names) if note else None]


def _ci(interval: Any, i: int, shown: bool = True) -> Any:
    return interval[i] if shown and interval is not None else None


def xlsx_bytes(summary: Any, report: Report, wave_data: Any = None) -> bytes:
    """The workbook of the frozen ``summary`` with ``report``'s freeze, labels and language."""
    lang, audience = report.lang, report.audience
    book = Workbook()
    readme = book.active
    readme.sheet_view.rightToLeft = is_rtl(report.lang)
    readme.title = sheet_title(lang, "readme")
    book.properties.language = document_language(lang)  # what a screen reader speaks the workbook in
    book.properties.title = report.title
    dictionary: list[Entry] = []

    def add(code: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
        dictionary.extend(add_sheet(book, lang, code, columns, rows))

    def groups_of(item: Any, mapping: Any = None) -> list[tuple[str, Any]]:
        mapping = item.groups if mapping is None else mapping
        return [(code, mapping[code]) for code in ordered_groups(summary, mapping)]

    def visible(n: int) -> bool:
        return shows_group(n, audience)

    add("items", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("label", "text"), ("group", "text"),
        ("group_label", "text"), ("n", "int"), ("missing", "int"), ("median", "dec"), ("iqr", "dec"),
        ("mean", "dec"), ("sd", "dec"), ("agree_share", "pct"), ("agree_ci95_low", "pct"),
        ("agree_ci95_high", "pct"), ("disagree_share", "pct"), ("median_ci95_low", "dec"),
        ("median_ci95_high", "dec"), ("mean_ci95_low", "dec"), ("mean_ci95_high", "dec"), ("consensus", "p"),
    ], ([i.item, i.question, i.kind, item_label(i, lang), code, group_label(summary, code, lang),
         *([g.n, g.missing] if visible(g.n) else [None, None]),
         *([g.median, g.iqr, g.mean, g.sd] if visible(g.n) else [None] * 4),
         *([g.agree_share, _ci(g.agree_ci95, 0), _ci(g.agree_ci95, 1), g.disagree_share]
           if shows_share(g.n, audience) else [None] * 4),
         *([_ci(g.median_ci95, 0), _ci(g.median_ci95, 1), _ci(g.mean_ci95, 0), _ci(g.mean_ci95, 1), g.consensus]
           if visible(g.n) else [None] * 5)]
        for i in summary.items if i.kind not in ("text", "date") for code, g in groups_of(i)))

    add("shares", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("choice", "text"), ("choice_label", "text"),
        ("missing_choice", "text"), ("count", "int"), ("share", "pct"),
    ], ([i.item, i.question, code, lv.name, level_label(i, lv.name, lang), _yes_no(lv.missing, lang),
         (g.counts or {}).get(lv.name) if visible(g.n) and not hidden else None,
         (g.shares or {}).get(lv.name) if shows_share(g.n, audience) and not hidden else None]
        for i in summary.items if i.kind in ("ordinal", "nominal")
        for code, g in groups_of(i)
        for lv, hidden in zip(i.levels, withheld_options([(g.counts or {}).get(lv.name) or 0 for lv in i.levels],
                                                         audience))))

    add("tests", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("test", "text"),
        ("statistic", "dec"), ("dof", "dec"), ("pvalue", "p"), ("qvalue", "p"), ("n", "int"),
        ("effect_size", "text"), ("effect_value", "dec"), ("magnitude", "text"), ("differs", "text"),
        ("reason", "text"),
    ], _test_rows(summary, lang))

    add("pairwise", [
        ("item", "text"), ("question", "text"), ("a", "text"), ("b", "text"), ("statistic", "dec"),
        ("pvalue", "p"), ("pvalue_adjusted", "p"),
    ], ([i.item, i.question, p.a, p.b, p.statistic, p.pvalue, p.pvalue_adjusted]
        for i in summary.items for p in i.pairwise))

    def option_row(i: Any, o: Any, code: str, og: Any) -> list[Any]:
        figure = share(og.selected, og.n, og.share, audience)
        shown = figure.mode == "percent"
        return [i.item, i.question, i.kind, o.option, option_label(o, lang), code, og.n if visible(og.n) else None,
                og.selected if figure.mode in ("percent", "count") else None, figure.shown,
                _ci(og.ci95, 0, shown), _ci(og.ci95, 1, shown),
                o.summary_qvalue if o.test is not None else None, o.qvalue if o.test is not None else None]

    add("options", [
        ("item", "text"), ("question", "text"), ("kind", "text"), ("option", "text"), ("label", "text"),
        ("group", "text"), ("n", "int"), ("selected", "int"), ("share", "pct"), ("ci95_low", "pct"),
        ("ci95_high", "pct"), ("qvalue", "p"), ("qvalue_within_item", "p"),
    ], (option_row(i, o, code, og) for i in summary.items for o in i.options for code, og in groups_of(i, o.groups)))

    sizes = report.roster if summary.by == "group" else {}
    add("groups", [
        ("group", "text"), ("label", "text"), ("respondents", "int"), ("roster", "int"), ("share_of_roster", "pct"),
    ], ([code, group_label(summary, code, lang), n, sizes.get(code), n / sizes[code] if sizes.get(code) else None]
        for code, n in ((c, summary.groups[c]) for c in ordered_groups(summary, summary.groups))))

    add("coverage", [
        ("item", "text"), ("question", "text"), ("group", "text"), ("answered", "int"), ("missing", "int"),
        ("answered_share", "pct"),
    ], ([i.item, i.question, code, *([g.n, g.missing, g.n / (g.n + g.missing) if g.n + g.missing else None]
                                     if visible(g.n) and visible(g.missing) else [None] * 3)]
        for i in summary.items for code, g in groups_of(i)))

    add("common_ground", [("item", "text"), ("question", "text"), ("option", "text"), ("label", "text"),
                          ("score", "p")],
        ([f.item, f.question, f.option, statement_title(summary, f.item, f.option, lang), f.score]
         for f in summary.common_ground))
    add("dividing_lines", [("item", "text"), ("question", "text"), ("option", "text"), ("label", "text"),
                           ("a", "text"), ("b", "text"), ("difference", "pct"), ("pvalue_adjusted", "p")],
        ([f.item, f.question, f.option, statement_title(summary, f.item, f.option, lang), f.a, f.b, f.score,
          f.pvalue_adjusted] for f in summary.dividing_lines))
    add("comments", [("respondent", "text"), ("group", "text"), ("question", "text"), ("item", "text"),
                     ("comment", "text")], comment_rows(wave_data, audience))
    if report.themes is not None:
        add("themes", [("item", "text"), ("question", "text"), ("theme", "text"), ("group", "text"), ("n", "int"),
                       ("selected", "int"), ("share", "pct"), ("qvalue", "p"), ("differs", "text")],
            ([*row[:-1], _yes_no(row[-1], lang)] for row in theme_records(report.themes, audience)))
        add("reliability", [("item", "text"), ("theme", "text"), ("level", "text"), ("alpha", "p"), ("units", "int"),
                            ("coders", "int"), ("single_coded", "int")], reliability_records(report.themes))
    if report.themes is not None or report.quotes:
        add("quotes", [("item", "text"), ("question", "text"), ("group", "text"), ("text", "text"),
                       ("language", "text"), ("translation", "text"), ("translation_language", "text"),
                       ("respondent", "text")], quote_records(report.quotes))
    _round_sheets(book, lang, report, dictionary)
    _readme(readme, report, summary, dictionary)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROUND_COLUMNS: tuple[Column, ...] = (
    ("round", "text"), ("statement", "text"), ("question", "text"), ("label", "text"), ("group", "text"),
    ("group_label", "text"), ("agree", "int"), ("disagree", "int"), ("pass", "int"), ("votes", "int"),
    ("agree_share", "pct"), ("consensus_agree", "p"), ("consensus_disagree", "p"), ("test", "text"),
    ("pvalue", "p"), ("qvalue_round", "p"), ("bridging", "text"), ("dividing", "text"))
OPINION_COLUMNS: tuple[Column, ...] = (
    ("round", "text"), ("opinion_group", "int"), ("size", "int"), ("group", "text"), ("group_label", "text"),
    ("count", "int"), ("representative", "text"))


def _round_sheets(book: Workbook, lang: str, report: Report, dictionary: list[Entry]) -> None:
    """A sheet per deliberation round whose results the audience may see (votes by statement
    and group, from the layer's rows), and one sheet of every round's opinion groups."""
    views = [v for v in report.rounds if results_shown(v.round, report.audience)]
    for number, view in enumerate(report.rounds, start=1):
        if view not in views:
            continue
        title = sheet_title(lang, "round").format(number=number)
        rows = [[*row[:16], _yes_no(row[16], lang), _yes_no(row[17], lang)] for row in vote_rows(view, lang)]
        dictionary.extend(add_sheet(book, lang, "round", ROUND_COLUMNS, rows, title=title))
    if views:
        dictionary.extend(add_sheet(book, lang, "opinion_groups", OPINION_COLUMNS,
                                    [row for view in views for row in opinion_rows(view, lang)]))


def comment_rows(wave_data: Any, audience: Audience = SECRETARIAT) -> list[list[Any]]:
    """Free-text answers (respondent, group, question, item, text) in instrument order; the
    respondent only where ``audience`` may see it (:func:`analysis.present.comments.namer`)."""
    if wave_data is None:
        return []
    text_items = [i for i in wave_data.instrument.items if i.kind == "text"]
    if not text_items:
        return []
    order = {i.name: n for n, i in enumerate(text_items)}
    answers = wave_data.answers[wave_data.answers["item"].isin(order)]
    groups = dict(zip(wave_data.respondents["respondent"], wave_data.respondents["group"]))
    author = namer(wave_data, audience)
    questions = {i.name: i.question for i in text_items}
    rows = [[author(r), groups.get(r), questions.get(item), item, value]
            for r, item, value in answers[["respondent", "item", "value"]].itertuples(index=False)
            if isinstance(value, str) and value.strip()]
    return sorted(rows, key=lambda row: (order[row[3]], str(row[1]), str(row[0] or "")))

