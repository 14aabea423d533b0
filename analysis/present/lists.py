"""The ranked lists — common ground and dividing lines — and the question's closing sentence.

One entry per statement of the engine's lists (:func:`analysis.scorecard.common_ground`,
:func:`analysis.scorecard.dividing_lines`), with the numbers behind it, for the Common
ground page and the report alike. Common ground names the groups it counted and those too
small to count, never "every group"; a catch-all group is said to be left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, Share
from .findings import agree_share, option_share
from .labels import (
    code_label,
    group_label,
    item_label,
    option_label,
    ordered_groups,
    pair_label,
    question_number,
    quoted,
)
from .language import sentences, translations
from .scales import agreement, upper_answers
from .verdicts import ALPHA, any_differs, dividing_line_q, tested


@dataclass(frozen=True)
class Entry:
    """One statement of a ranked list: its title (the item, or item — option) and the numbers."""

    item: str
    question: str | None
    option: str | None
    title: str
    detail: str


def statement_title(summary: Any, item_name: str, option: str | None, lang: str) -> str:
    """“Item text”, or “Item text — option” for one option of a select item."""
    item = summary.item(item_name)
    text = item_label(item, lang)
    if option is not None:
        found = next((o for o in item.options if o.option == option), None)
        text = translations(lang).gettext("{item} — {option}").format(
            item=text, option=option_label(found, lang) if found else option)
    return text


def _shares(item: Any, option: str | None, codes, audience: Audience) -> dict[str, Share]:
    if option is None:
        return {c: agree_share(item, c, audience) for c in codes}
    found = next(o for o in item.options if o.option == option)
    return {c: option_share(found, c, audience) for c in codes}


def _joined(names: list[str], lang: str) -> str:
    return translations(lang).gettext(", ").join(names)


def common_ground_entries(summary: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[Entry]:
    """Each common-ground statement with the groups counted, the lowest share and the
    consensus score; groups too small to count are named."""
    tr = translations(lang)
    entries = []
    for finding in summary.common_ground:
        item = summary.item(finding.item)
        shares = _shares(item, finding.option, finding.counted, audience)
        lowest = min(finding.counted, key=lambda c: (shares[c].value if shares[c].value is not None else 2, c))
        groups = _joined([group_label(summary, c, lang) for c in ordered_groups(summary, finding.counted)], lang)
        fields = dict(groups=groups, group=group_label(summary, lowest, lang), share=shares[lowest].text(lang),
                      score=num.decimal(finding.score, lang))
        if finding.option is not None:
            text = tr.gettext("A majority in each of these groups chose it: {groups} (lowest: {group}, {share}); "
                              "group-informed consensus {score}.").format(**fields)
        elif agreement(item):
            text = tr.gettext("A majority in each of these groups agreed: {groups} (lowest: {group}, {share}); "
                              "group-informed consensus {score}.").format(**fields)
        else:
            text = tr.gettext("A majority in each of these groups answered {choices}: {groups} (lowest: {group}, "
                              "{share}); group-informed consensus {score}.").format(
                choices=upper_answers(item, lang), **fields)
        if finding.too_few:
            few = _joined([group_label(summary, c, lang) for c in ordered_groups(summary, finding.too_few)], lang)
            text = sentences(lang, text, tr.ngettext("Too few answers to count (fewer than 2): {groups}.",
                                                     "Too few answers to count (fewer than 2): {groups}.",
                                                     len(finding.too_few)).format(groups=few))
        entries.append(Entry(finding.item, finding.question, finding.option,
                             statement_title(summary, finding.item, finding.option, lang), text))
    return entries


def dividing_line_entries(summary: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[Entry]:
    """Each dividing line: both groups' shares, the gap (when both are percentages), the pair's
    Holm-adjusted p and the item's summary-wide q."""
    tr = translations(lang)
    entries = []
    for finding in summary.dividing_lines:
        item = summary.item(finding.item)
        shares = _shares(item, finding.option, (finding.a, finding.b), audience)
        sa, sb = shares[finding.a], shares[finding.b]
        fields = dict(a=pair_label(summary, finding.a, lang), va=sa.text(lang), b=pair_label(summary, finding.b, lang),
                      vb=sb.text(lang), p=num.relation("p", finding.pvalue_adjusted, lang),
                      q=num.relation("q", dividing_line_q(item, finding.option), lang))
        if finding.option is not None:
            text = tr.gettext("Chose it: {a} {va} against {b} {vb}").format(**fields)
        elif agreement(item):
            text = tr.gettext("Agreed: {a} {va} against {b} {vb}").format(**fields)
        else:
            text = tr.gettext("Answered {choices}: {a} {va} against {b} {vb}").format(
                choices=upper_answers(item, lang), **fields)
        if sa.mode == "percent" and sb.mode == "percent" and sa.value is not None and sb.value is not None:
            # The gap of the shares as shown, so that the sentence adds up for the reader.
            gap = round(sa.value * 100) - round(sb.value * 100)
            text += tr.ngettext(", a gap of {gap} percentage point", ", a gap of {gap} percentage points",
                                gap).format(gap=gap)
        text += tr.gettext(" (Fisher’s exact test, Holm-adjusted {p}; the groups differ overall, {q}).").format(
            **fields)
        entries.append(Entry(finding.item, finding.question, finding.option,
                             statement_title(summary, finding.item, finding.option, lang), text))
    return entries


def entry_line(entry: Entry, lang: str) -> str:
    """A report line: “title” (discussion question 5): detail."""
    return translations(lang).gettext("{title} (discussion question {question}): {detail}").format(
        title=quoted(entry.title, lang), question=question_number(entry.question), detail=entry.detail)


def catch_all_note(summary: Any, lang: str = "en") -> str | None:
    """Why a catch-all group is in the tables but not in the lists."""
    if not summary.catch_all:
        return None
    names = _joined([quoted(code_label(summary.by, c, lang), lang) for c in summary.catch_all], lang)
    return translations(lang).gettext(
        "{groups} gathers respondents outside the institutional groups: it is shown with its numbers, "
        "but not counted in common ground or dividing lines.").format(groups=names)


def question_sentence(summary: Any, question: str, lang: str = "en") -> str | None:
    """The closing sentence of a question: on how many of its tested items the groups differ."""
    tr = translations(lang)
    mine = [it for it in summary.items if it.question == question]
    m = sum(1 for it in mine if tested(it))
    if not m:
        return None
    k = sum(1 for it in mine if any_differs(it))
    if k:
        return tr.ngettext("Of the {m} item of this question that could be tested, the groups answered "
                           "differently on {k}.",
                           "Of the {m} items of this question that could be tested, the groups answered "
                           "differently on {k}.", m).format(m=m, k=k)
    return tr.ngettext("The data do not show a difference between the groups on the {m} item of this "
                       "question that could be tested.",
                       "The data do not show a difference between the groups on any of the {m} items of this "
                       "question that could be tested.", m).format(m=m)


def common_ground_caption(lang: str = "en") -> str:
    """What the common-ground list is, for the page that shows it."""
    return translations(lang).gettext(
        "Statements a majority of each institutional group with 2 or more answers agrees with (or an option each "
        "of them chose), ranked by group-informed consensus: from 0 to 1, high only when every group counted "
        "agrees.")


def dividing_lines_caption(lang: str = "en") -> str:
    """What the dividing-lines list is, with the thresholds it applies."""
    return translations(lang).gettext(
        "Statements on which the groups differ (q below {alpha}) and two groups differ significantly "
        "(Holm-adjusted p below {alpha}), the widest gap first:").format(alpha=num.decimal(ALPHA, lang)).rstrip(":：")
