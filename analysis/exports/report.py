"""The report as an outline in one language: headings, numbered paragraphs, tables, annex.

Word and Markdown render the same :class:`Report`, so both say exactly the same thing.
Paragraph numbers run on through the whole body (UN document practice); the annex is not
numbered. Building the outline does no I/O; charts are rendered by the writers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from surveys.model import GROUP_LABELS, Instrument, pick_label
from surveys.registry import REGION_LABELS

from analysis.comparison import YES_NO_LABELS

from . import numbers as num
from .findings import (ALPHA, MIN_N, Context, common_ground_lines, dividing_line_lines, item_paragraph,
                       ordered_groups, question_number, question_sentence)
from .freeze import Freeze, freeze_of
from .wording import CATALOGUES, text
from .wording.methods import method_name

#: Members of the Security Council (Charter of the United Nations, Article 23).
COUNCIL_SIZE = 15
CHARTED_KINDS = frozenset({"ordinal"})


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str | None = None


@dataclass(frozen=True)
class Section:
    """One discussion question: heading, question text, numbered findings, chart and tables."""

    question: str
    heading: str
    question_text: str
    paragraphs: tuple[str, ...]
    items: tuple[Mapping[str, Any], ...]
    figure_caption: str | None
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Report:
    lang: str
    body: str
    title: str
    reference: str
    overview_heading: str
    overview: tuple[str, ...]
    sections: tuple[Section, ...]
    common_ground_heading: str
    common_ground_intro: str
    common_ground: tuple[str, ...]
    dividing_lines_heading: str
    dividing_lines_intro: str
    dividing_lines: tuple[str, ...]
    annex_heading: str
    annex: tuple[str, ...]
    reproduce: str
    command: str
    freeze: Freeze
    context: Context


def as_dict(summary: Any) -> Mapping[str, Any]:
    """A ``Summary`` or its ``to_dict()``; exports read the documented JSON shape only."""
    return summary.to_dict() if hasattr(summary, "to_dict") else summary


def roster_sizes(reference_date: dt.date | None) -> dict[str, int]:
    """How many could have answered per group: 15 Council members, and the countries that
    contributed uniformed personnel in the month of the reference date without a Council seat."""
    sizes = {"council": COUNCIL_SIZE}
    if reference_date is None:
        return sizes
    try:
        from surveys.contributions import builtin_months, contributors_on
        from surveys.registry import council_seats

        contributors = contributors_on(builtin_months(), reference_date)
        seats = council_seats(reference_date.year)
    except (ImportError, LookupError, ValueError):
        return sizes
    if contributors:
        sizes["tcc_pcc"] = len(set(contributors) - set(seats))
    return sizes


def variable_name(lang: str, var: str, items: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """A compare-by or filter variable in words ("regional group"); an item filter as the item's
    quoted text (``items`` maps item codes to the summary's items); an attribute keeps its name."""
    key = f"by_{var}"
    if key in CATALOGUES["en"]:
        return text(lang, key)
    item = (items or {}).get(var)
    if item is not None:
        return text(lang, "quoted", text=pick_label(item.get("label") or {}, lang) or str(var))
    return str(var)


def value_name(lang: str, var: str, value: object, items: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """One value of a filter variable in words (group, seat, region and yes/no codes, an item's
    choice labels); others as given."""
    code = str(value)
    if var == "group" and code in GROUP_LABELS:
        return pick_label(GROUP_LABELS[code], lang)
    if var in ("p5_e10", "council_seat") and f"label_{code}" in CATALOGUES["en"]:
        return text(lang, f"label_{code}")
    if var == "region" and code in REGION_LABELS:
        return pick_label(REGION_LABELS[code], lang)
    if var == "tcc_pcc" and code in YES_NO_LABELS:
        return pick_label(YES_NO_LABELS[code], lang)
    item = (items or {}).get(var) or {}
    for choice in list(item.get("levels") or ()) + [{"name": o.get("option"), "label": o.get("label")}
                                                      for o in item.get("options") or ()]:
        if str(choice.get("name")) == code:
            return pick_label(choice.get("label") or {}, lang) or code
    return code


def filters_in_words(lang: str, filters: Mapping[str, Any], items: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """``regional group = WEOG; respondent group = Security Council, …`` in ``lang``."""
    return text(lang, "clause_sep").join(
        f"{variable_name(lang, var, items)} = "
        f"{text(lang, 'comma').join(value_name(lang, var, x, items) for x in (v if isinstance(v, (list, tuple)) else [v]))}"
        for var, v in filters.items())


def _overview(summary: Mapping[str, Any], ctx: Context, roster: Mapping[str, int]) -> list[str]:
    groups = summary.get("groups") or {}
    lang = ctx.lang
    paragraphs = [text(lang, "overview_total", total=sum(int(n) for n in groups.values()))]
    lines = []
    for code in ordered_groups(groups, ctx.by):
        n, label = int(groups[code]), ctx.group_label(code)
        size = roster.get(code) if ctx.by == "group" else None
        if size:
            lines.append(text(lang, "overview_group_roster", label=label, n=n, roster=size,
                              pct=num.percent(n / size, lang)))
        else:
            lines.append(text(lang, "overview_group", label=label, n=n))
    if lines:
        paragraphs.append(text(lang, "space").join(lines))
    if ctx.by != "group":
        paragraphs.append(text(lang, "overview_by", by=variable_name(lang, ctx.by)))
    filters = summary.get("filters") or {}
    if filters:
        items = {i.get("item"): i for i in summary.get("items") or ()}
        paragraphs.append(text(lang, "overview_filters", filters=filters_in_words(lang, filters, items)))
    if any(0 < int(n) < MIN_N for n in groups.values()):
        paragraphs.append(text(lang, "overview_small", min_n=MIN_N))
    return paragraphs


def _scale_table(items: Sequence[Mapping[str, Any]], ctx: Context, caption: str) -> Table | None:
    """Ordinal and numeric items: n, agreed, share and median per group."""
    lang, rows, small = ctx.lang, [], False
    for item in items:
        if item.get("kind") not in ("ordinal", "numeric"):
            continue
        first = True
        groups = item.get("groups") or {}
        for code in ordered_groups(groups, ctx.by):
            g = groups[code]
            n = int(g.get("n") or 0)
            if n == 0:
                continue
            ordinal = item.get("kind") == "ordinal"
            agreed = num.agreed_count(g.get("agree_share"), n) if ordinal else None
            withheld = n < MIN_N
            small = small or (withheld and ordinal)
            rows.append((ctx.item_label(item) if first else "", ctx.group_label(code), str(n),
                         num.count(agreed), num.DASH if withheld else num.percent(g.get("agree_share"), lang),
                         num.median(g.get("median"), lang)))
            first = False
    if not rows:
        return None
    header = tuple(text(lang, k) for k in ("col_item", "col_group", "col_n", "col_agreed", "col_share", "col_median"))
    return Table(caption, header, tuple(rows), text(lang, "table_note_small", min_n=MIN_N) if small else None)


def option_cell(selected: object, n: object, share: object, lang: str) -> str:
    """``9/12 (75%)``; ``2/3`` for a group smaller than MIN_N; a dash when nobody answered."""
    if not num.is_number(n) or not n:
        return num.DASH
    cell = f"{num.count(selected)}/{num.count(n)}"
    return cell if n < MIN_N else f"{cell} ({num.percent(share, lang)})"


def _option_table(items: Sequence[Mapping[str, Any]], ctx: Context, caption: str) -> Table | None:
    """Select items: per option, how many of each group chose it."""
    lang, rows, small = ctx.lang, [], False
    codes: list[str] = []
    for item in items:
        if item.get("kind") in ("nominal", "multiple"):
            codes += [c for c in ordered_groups(item.get("groups") or {}, ctx.by) if c not in codes]
    for item in items:
        if item.get("kind") not in ("nominal", "multiple"):
            continue
        first = True
        for option in item.get("options") or ():
            per = option.get("groups") or {}
            cells = tuple(option_cell((per.get(c) or {}).get("selected"), (per.get(c) or {}).get("n"),
                                      (per.get(c) or {}).get("share"), lang) for c in codes)
            small = small or any(0 < int((per.get(c) or {}).get("n") or 0) < MIN_N for c in codes)
            rows.append((ctx.item_label(item) if first else "", ctx.option_label(option)) + cells)
            first = False
    if not rows:
        return None
    header = (text(lang, "col_item"), text(lang, "col_option")) + tuple(ctx.group_label(c) for c in codes)
    return Table(caption, header, tuple(rows), text(lang, "table_note_small", min_n=MIN_N) if small else None)


def _question_order(summary: Mapping[str, Any], instrument: Instrument | None) -> list[str]:
    """The note's order (q1 … q6) from the instrument, else as the items come."""
    order = [q.name for q in instrument.questions] if instrument is not None else []
    for item in summary.get("items") or ():
        if item.get("question") and item["question"] not in order:
            order.append(item["question"])
    return order


def _annex(summary: Mapping[str, Any], ctx: Context) -> list[str]:
    lang = ctx.lang
    names: list[str] = []
    for item in summary.get("items") or ():
        for test in [item.get("test")] + [o.get("test") for o in item.get("options") or ()]:
            if test and test.get("name") and method_name(lang, test["name"]) not in names:
                names.append(method_name(lang, str(test["name"])))
    return [
        text(lang, "annex_tests", tests=text(lang, "clause_sep").join(names)) if names
        else text(lang, "annex_tests_none"),
        text(lang, "annex_correction"),
        text(lang, "annex_threshold", alpha=num.decimal(ALPHA, lang), min_n=MIN_N),
        text(lang, "annex_agree"),
        text(lang, "annex_common", alpha=num.decimal(ALPHA, lang)),
        text(lang, "annex_version", version=summary.get("data_version") or num.DASH,
             wave=summary.get("wave") or num.DASH, by=variable_name(lang, summary.get("by") or "group"),
             lang=lang),
    ]


def build_report(summary: Any, lang: str = "en", *, instrument: Instrument | None = None,
                 reference_date: dt.date | None = None, fmt: str = "docx",
                 out_name: str | None = None) -> Report:
    """The outline of the Working Group report for ``summary`` in ``lang``.

    ``instrument`` supplies the question texts and their order (q1 … q6); ``reference_date``
    the wave's date (for the reference line and the TCC/PCC roster).
    """
    summary = as_dict(summary)
    ctx = Context.of(summary, lang)
    freeze = freeze_of(summary, fmt, lang)
    items = list(summary.get("items") or ())
    sections, figure, table_no = [], 0, 0
    for q in _question_order(summary, instrument):
        mine = tuple(i for i in items if i.get("question") == q)
        if not mine:
            continue
        paragraphs = [p for p in (item_paragraph(i, ctx) for i in mine) if p]
        closing = question_sentence(mine, (summary.get("questions") or {}).get(q), ctx)
        if closing:
            paragraphs.append(closing)
        charted = any(i.get("kind") in CHARTED_KINDS and any(int(g.get("n") or 0) for g in (i.get("groups") or {}).values())
                      for i in mine)
        caption = None
        if charted:
            figure += 1
            caption = text(lang, "figure", number=figure, question=question_number(q))
        tables = []
        for build in (_scale_table, _option_table):
            table = build(mine, ctx, text(lang, "table", number=table_no + 1, question=question_number(q)))
            if table is not None:
                table_no += 1
                tables.append(table)
        question_text = q
        if instrument is not None:
            try:
                question_text = instrument.question(q).label(lang)
            except KeyError:
                pass
        sections.append(Section(q, text(lang, "question_heading", number=question_number(q)), question_text,
                                tuple(paragraphs), mine, caption, tuple(tables)))
    date = reference_date or (instrument.reference_date if instrument is not None else None)
    reference = text(lang, "reference", wave=summary.get("wave") or num.DASH,
                     date=num.long_date(date, lang) if date else num.DASH,
                     version=summary.get("data_version") or num.DASH,
                     generated=num.long_date(summary.get("generated_at"), lang))
    return Report(
        lang=lang, body=text(lang, "body"), title=text(lang, "title"), reference=reference,
        overview_heading=text(lang, "overview"),
        overview=tuple(_overview(summary, ctx, roster_sizes(date))),
        sections=tuple(sections),
        common_ground_heading=text(lang, "common_ground"),
        common_ground_intro=text(lang, "common_ground_intro"),
        common_ground=tuple(common_ground_lines(summary, ctx)) or (text(lang, "none_found"),),
        dividing_lines_heading=text(lang, "dividing_lines"),
        dividing_lines_intro=text(lang, "dividing_lines_intro"),
        dividing_lines=tuple(dividing_line_lines(summary, ctx)) or (text(lang, "none_found"),),
        annex_heading=text(lang, "annex"), annex=tuple(_annex(summary, ctx)),
        reproduce=text(lang, "annex_reproduce"), command=freeze.command(out_name),
        freeze=freeze, context=ctx)
