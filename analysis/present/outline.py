"""The report as an outline in one language: a list of sections, then the annex.

Word and Markdown (and any later writer: PDF, a right-to-left layout) render the same
:class:`Report`, so they say exactly the same thing, and the sentences are those of the
dashboard (:mod:`analysis.present.findings`, :mod:`analysis.present.lists`). A section is
a heading with an optional lead (the question's text), an intro, numbered paragraphs,
figures (an altair chart with its caption and alt text) and tables; features that add a
chapter add a :class:`Section` to the list: coded themes of the comments (themes × group
with tests, coders' reliability) and the quote bank are two, when the caller passes them.
Paragraph numbers run on through the body (UN document practice); the annex is not
numbered. Building the outline does no I/O; writers render the charts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from . import numbers as num
from .charts import question_chart
from .comments import quote_entries
from .deliberation.audience import round_for
from .deliberation.report import method_paragraphs, round_section
from .disclosure import MIN_SHARE_N, SECRETARIAT, Audience, audience_note, share, small_groups_note
from .findings import item_finding, item_paragraph
from .labels import (
    filters_in_words,
    group_label,
    item_label,
    ordered_groups,
    question_number,
    shortened_names,
    variable_name,
)
from .language import sentences, translations
from .lists import catch_all_note, common_ground_entries, dividing_line_entries, entry_line, question_sentence
from .roster import roster, roster_sizes
from .sections import Figure, Quotation, Section
from .tables import Table, option_table, scale_table
from .themes import item_theme_paragraph, reliability_table, themes_table, thresholds_note
from .verdicts import ALPHA
from .wording import method_name


@dataclass(frozen=True)
class Report:
    lang: str
    body: str
    title: str
    reference: str
    sections: tuple[Section, ...]
    annex: Section
    reproduce: str
    command: str
    freeze: Any
    audience: Audience = field(default=SECRETARIAT)
    #: How many could have answered, per group (the roster at the reference date).
    roster: Mapping[str, int] = field(default_factory=dict)
    #: Whom the report is for, on its cover (:func:`analysis.present.disclosure.audience_note`).
    cover: str = ""
    #: The wave's deliberation rounds as the audience may see them (one chapter each).
    rounds: tuple = ()
    #: The coded themes (``analysis.text.ThemesSummary``) and the quote bank as this audience
    #: may read it (``QuoteEntry`` each), when the report includes them.
    themes: Any = None
    quotes: tuple = ()


def _overview(summary: Any, lang: str, sizes: dict[str, int], audience: Audience) -> list[str]:
    tr = translations(lang)
    total = sum(int(n) for n in summary.groups.values())
    paragraphs = [tr.ngettext("{total} respondent answered the questionnaire.",
                              "{total} respondents answered the questionnaire.", total).format(total=total)]
    lines = []
    for code in ordered_groups(summary, summary.groups):
        n, label = int(summary.groups[code]), group_label(summary, code, lang)
        size = sizes.get(code) if summary.by == "group" else None
        if size:
            figure = share(n, size, None, audience)
            key = (tr.ngettext("{label}: {n} of {roster} ({pct}) answered.", "{label}: {n} of {roster} ({pct}) answered.",
                               n) if figure.mode == "percent" else
                   tr.ngettext("{label}: {n} of {roster} answered.", "{label}: {n} of {roster} answered.", n))
            lines.append(key.format(label=label, n=n, roster=size, pct=num.percent(figure.value, lang)))
        else:
            lines.append(tr.ngettext("{label}: {n} answered.", "{label}: {n} answered.", n).format(label=label, n=n))
    if lines:
        paragraphs.append(sentences(lang, *lines))
    if summary.by != "group":
        paragraphs.append(tr.gettext("Answers are compared by {by}.").format(by=variable_name(summary.by, lang)))
    if summary.filters:
        paragraphs.append(tr.gettext("Only respondents with {filters} are included.").format(
            filters=filters_in_words(summary.filters, lang, summary)))
    if any(0 < int(n) < MIN_SHARE_N for n in summary.groups.values()):
        paragraphs.append(tr.gettext("Groups with fewer than {min_n} respondents are reported as counts only; "
                                     "their answers are no basis for general statements.").format(min_n=MIN_SHARE_N))
    note = catch_all_note(summary, lang)
    if note:
        paragraphs.append(note)
    return paragraphs


def _question_order(summary: Any, instrument: Any) -> list[str]:
    """The note's order (q1 … q6) from the instrument, else as the items come."""
    order = [q.name for q in instrument.questions] if instrument is not None else []
    for item in summary.items:
        if item.question and item.question not in order:
            order.append(item.question)
    return order


def _annex(summary: Any, lang: str, audience: Audience, themes: Any = None) -> tuple[str, ...]:
    tr = translations(lang)
    names: list[str] = []
    for item in summary.items:
        for test in [item.test] + [o.test for o in item.options]:
            if test is not None and method_name(test.method, lang) not in names:
                names.append(method_name(test.method, lang))
    alpha = num.decimal(ALPHA, lang)
    paragraphs = [
        tr.gettext("Tests used between groups: {tests}.").format(tests=tr.gettext("; ").join(names)) if names
        else tr.gettext("No test between groups could be run on these data."),
        tr.gettext("The p-value of every test (each item, and each option of a multiple-choice item) is corrected "
                   "for testing many at once: q-values control the false discovery rate across the whole report "
                   "(Benjamini–Hochberg). Pairwise comparisons between groups are Holm-adjusted within each item."),
        tr.gettext("Groups are said to differ only when the test ran and its q-value is below {alpha}; a pair of "
                   "groups is named only when its own Holm-adjusted p-value is below {alpha}, with its own effect "
                   "size. A q-value of {alpha} or more means the data do not show a difference, not that there is "
                   "none.").format(alpha=alpha),
        tr.gettext("The upper answers are the top two choices of a scale of four or more points (the top one of a "
                   "shorter scale): “agreed” on an agreement scale, the choices named on other scales. A sequence of "
                   "stages has no upper answers and is summarised by its median stage. The count is the group's "
                   "share times the number that answered."),
        tr.gettext("Common ground lists statements with which a majority of each institutional group with 2 or more "
                   "answers agreed, ranked by group-informed consensus; dividing lines list statements on which the "
                   "groups differ (overall test, q-value below {alpha}) and two groups differ significantly (Fisher’s "
                   "exact test, Holm-adjusted p below {alpha}), ranked by the gap in share.").format(alpha=alpha),
        small_groups_note(lang, audience),
        *((tr.gettext("Coded comments: each coder records the themes of the codebook a comment raises (or none). "
                      "A theme counts for a comment when more than half of the comment’s coders gave it. Themes × "
                      "group are tested as the options of a multiple-choice item are, with Benjamini–Hochberg q-values across "
                      "every theme of the wave."),
           thresholds_note(lang)) if themes is not None and themes.items else ()),
        tr.gettext("Data version: {version} (wave {wave}, compared by {by}, language {lang}).").format(
            version=summary.data_version or num.DASH, wave=summary.wave or num.DASH,
            by=variable_name(summary.by, lang), lang=lang),
    ]
    long_names = shortened_names(summary)
    if long_names:
        paragraphs.append(tr.gettext("Names from the workbooks shortened in this report, in full: {names}.").format(
            names=tr.gettext("; ").join(long_names)))
    return tuple(paragraphs)


def _figure(summary: Any, question: str, items: Sequence[Any], lang: str, number: int,
            audience: Audience) -> Figure | None:
    tr = translations(lang)
    caption = tr.gettext("Figure {number}. Answers by group, discussion question {question}").format(
        number=number, question=question_number(question))
    drawn = [it for it in items if it.kind == "ordinal" and any(g.n for g in it.groups.values())]
    if not drawn:
        return None
    # The alt text states what the chart shows: the items drawn, then each item's finding.
    alt_text = sentences(lang, tr.gettext("Bars of the answers of each group to: {items}.").format(
        items=tr.gettext("; ").join(item_label(it, lang).rstrip(".。") for it in drawn)), *(
        tr.gettext("{item}: {finding}").format(item=item_label(it, lang).rstrip(".。?？"),
                                               finding=item_finding(summary, it, lang, audience).verdict)
        for it in drawn))
    chart = question_chart(summary, drawn, lang, audience, description=alt_text)
    return Figure(question, caption, alt_text, chart) if chart is not None else None


def _themes_section(themes: Any, lang: str, audience: Audience, table_no: int) -> Section:
    """The chapter on coded themes: per comment item what was raised by which group, with each
    theme's test, and how reliably the coders agree."""
    tr = translations(lang)
    tables: list[Table] = []
    for item in themes.items:  # numbered by the tables the chapter holds, with no gaps
        table = themes_table(themes, item, lang, tr.gettext("Table {number}. Themes raised in the comments by group, "
                                                            "discussion question {question}").format(
            number=table_no + len(tables) + 1, question=question_number(item.question)), audience)
        if table is not None:
            tables.append(table)
    reliability = reliability_table(themes.items, lang, tr.gettext("Table {number}. Coders’ agreement (Krippendorff’s "
                                                             "alpha)").format(number=table_no + len(tables) + 1))
    if reliability is not None:
        tables.append(reliability)
    return Section("themes", tr.gettext("Themes in the comments"),
                   tuple(item_theme_paragraph(themes, item, lang, audience) for item in themes.items),
                   intro=tr.gettext("The Secretariat coded the comments with a codebook of themes; several coders "
                                    "coded the same comments. A theme counts for a comment when more than half of "
                                    "its coders gave it, and each theme is compared across groups as a "
                                    "multiple-choice item is (q-values across every theme)."),
                   tables=tuple(tables))


def _quotes_section(entries: Sequence[Any], summary: Any, lang: str, audience: Audience, data: Any) -> Section:
    tr = translations(lang)
    quotes = tuple(Quotation(e.text, e.translation_line(lang), e.source(summary, lang, data), e.language)
                   for e in entries)
    intro = tr.gettext("Passages the Secretariat chose as representative of each group, in the original language, "
                       "with a translation where one was entered.")
    if not audience.sees_everything:
        intro = sentences(lang, intro, tr.gettext("A delegation is named only where it consented to be named."))
    return Section("quotes", tr.gettext("Representative quotes"),
                   () if quotes else (tr.gettext("No quote has been chosen yet."),), intro=intro, quotes=quotes)


def build_report(summary: Any, lang: str = "en", *, data: Any = None, instrument: Any = None,
                 reference_date: dt.date | None = None, months: Iterable | None = None, fmt: str = "docx",
                 out_name: str | None = None, audience: Audience = SECRETARIAT, rounds: Sequence[Any] = (),
                 themes: Any = None, quotes: Iterable[Any] | None = None, coding_version: str | None = None) -> Report:
    """The outline of the Working Group report for the frozen ``summary`` in ``lang``.

    ``data`` (the wave's ``WaveData``) supplies the question texts and order, the reference
    date and who answered (for the roster); ``instrument`` and ``reference_date`` stand in
    without it. ``months`` are the contribution months of the TCC/PCC roster (the store's;
    the built-in ones when not given). ``rounds`` are the wave's deliberation rounds
    (:class:`surveys.rounds.model.RoundVotes`), a chapter each, seen as ``audience`` may see them.
    ``themes`` (an ``analysis.text.ThemesSummary``) adds
    the chapter on coded themes; ``quotes`` (``surveys.coding.Quote`` each; needs ``data``)
    the representative quotes, each named only where ``audience`` may see the name;
    ``coding_version`` (of the store's coding) joins the freeze.
    """
    from analysis.present.freeze import freeze_of

    tr = translations(lang)
    if data is not None:
        instrument = instrument or data.instrument
        reference_date = reference_date or data.wave.reference_date
    date = reference_date or (instrument.reference_date if instrument is not None else None)
    sizes: dict[str, int] = {}
    if data is not None and date is not None:
        if months is None:
            from surveys.respondents.contributions import builtin_months

            months = builtin_months()
        sizes = roster_sizes(roster(data.respondents, date, months, lang))
    freeze = freeze_of(summary, fmt, lang, audience, coding_version)
    sections = [Section("overview", tr.gettext("Overview"), tuple(_overview(summary, lang, sizes, audience)))]
    figure_no = table_no = 0
    for q in _question_order(summary, instrument):
        mine = tuple(i for i in summary.items if i.question == q)
        if not mine:
            continue
        paragraphs = [item_paragraph(summary, i, lang, audience) for i in mine]
        closing = question_sentence(summary, q, lang)
        if closing:
            paragraphs.append(closing)
        figures = []
        figure = _figure(summary, q, mine, lang, figure_no + 1, audience)
        if figure is not None:
            figure_no += 1
            figures.append(figure)
        tables = []
        for build in (scale_table, option_table):
            caption = tr.gettext("Table {number}. Answers by group, discussion question {question}").format(
                number=table_no + 1, question=question_number(q))
            table = build(summary, mine, lang, caption, audience)
            if table is not None:
                table_no += 1
                tables.append(table)
        lead = q
        if instrument is not None:
            try:
                lead = instrument.question(q).label(lang)
            except KeyError:
                pass
        sections.append(Section(q, tr.gettext("Discussion question {number}").format(number=question_number(q)),
                                tuple(paragraphs), lead=lead, figures=tuple(figures), tables=tuple(tables)))
    note = catch_all_note(summary, lang)
    common = [entry_line(e, lang) for e in common_ground_entries(summary, lang, audience)]
    sections.append(Section(
        "common_ground", tr.gettext("Common ground"),
        tuple(common) or (tr.gettext("No statement has a majority of each group counted behind it with the answers "
                                     "so far."),),
        intro=sentences(lang, *[tr.gettext(
            "Statements with which a majority of each institutional group with 2 or more answers agreed, the most "
            "widely shared first:"), note])))
    dividing = [entry_line(e, lang) for e in dividing_line_entries(summary, lang, audience)]
    sections.append(Section(
        "dividing_lines", tr.gettext("Dividing lines"),
        tuple(dividing) or (tr.gettext("No statement meets both conditions with the answers so far."),),
        intro=tr.gettext("Statements on which the groups differ (q below {alpha}) and two groups differ significantly "
                         "(Holm-adjusted p below {alpha}), the widest gap first:").format(
            alpha=num.decimal(ALPHA, lang))))
    # The survey's own chapters first (coded comments and quotes), then the deliberation rounds.
    if themes is not None and themes.items:
        sections.append(_themes_section(themes, lang, audience, table_no))
        table_no += len(sections[-1].tables)
    entries: tuple = ()
    if quotes is not None and data is not None:
        entries = tuple(quote_entries(quotes, data, audience))
        if entries or (themes is not None and themes.items):
            sections.append(_quotes_section(entries, themes if themes is not None else summary, lang, audience, data))
            table_no += len(sections[-1].tables)
    views = tuple(round_for(votes, audience) for votes in rounds)
    for number, view in enumerate(views, start=1):
        section = round_section(view, lang, f"round{number}", figure=figure_no, table=table_no)
        figure_no += len(section.figures)
        table_no += len(section.tables)
        sections.append(section)
    reference = tr.gettext("Wave: {wave}. Reference date: {date}. Data version: {version}. Prepared: "
                           "{generated}.").format(wave=summary.wave or num.DASH,
                                                  date=num.long_date(date, lang) if date else num.DASH,
                                                  version=summary.data_version or num.DASH,
                                                  generated=num.long_date(summary.generated_at, lang))
    return Report(
        lang=lang, body=tr.gettext("Working Group on Peacekeeping Operations"),
        title=tr.gettext("Triangular dialogue among the Security Council, troop- and police-contributing countries "
                         "and the Secretariat: results of the consultation"),
        reference=reference, sections=tuple(sections),
        annex=Section("annex", tr.gettext("Annex: methods"),
                      _annex(summary, lang, audience, themes) + method_paragraphs(views, lang)),
        reproduce=tr.gettext("To reproduce this report from the same data, run:"),
        command=freeze.command(out_name), freeze=freeze, audience=audience, roster=sizes,
        cover=audience_note(audience, lang), rounds=views, themes=themes,
        quotes=entries)
