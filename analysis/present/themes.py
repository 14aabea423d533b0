"""Findings about coded themes of comments, in words: "Timing was raised by 8 of 12 … and 2 of 10 Council members."

Themes × group come out of the engine as a multiple-choice item (one option per theme, see
:mod:`analysis.text.themes`), so they follow the same rules as every other finding: each
number is a count of the summary (comments with the agreed theme, comments coded, per
group); a difference between groups is mentioned only under the theme's summary-wide
q-value (:func:`analysis.present.verdicts.option_verdict`). Counts only, never shares: a
group's coded comments are few.
"""
from __future__ import annotations

from typing import Any

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, shows_count, shows_group
from .labels import OF_THE_N, group_noun, option_label, ordered_groups
from .language import sentences, translations
from .verdicts import option_verdict


def _joined(parts: list[str], lang: str) -> str:
    tr = translations(lang)
    if len(parts) <= 1:
        return "".join(parts)
    return tr.gettext("{first} and {last}").format(first=tr.gettext(", ").join(parts[:-1]), last=parts[-1])


def theme_finding(summary: Any, option: Any, *, theme: str | None = None, lang: str = "en",
                  audience: Audience = SECRETARIAT) -> str | None:
    """One sentence for one theme (an option of a theme item): how many coded comments of each
    group raised it; None when no group has a coded comment. ``summary`` names the groups
    (a :class:`analysis.text.themes.ThemesSummary` or :class:`analysis.summary.Summary`)."""
    tr = translations(lang)
    parts = []
    for code in ordered_groups(summary, option.groups):
        counts = option.groups[code]
        if not counts.n or not shows_group(counts.n, audience) or not shows_count(counts.selected, audience):
            continue
        parts.append(tr.gettext("{k} of {n} {noun}").format(
            k=counts.selected, n=counts.n, noun=group_noun(summary, code, counts.n, lang, OF_THE_N)))
    if not parts:
        return None
    said = tr.gettext("{theme} was raised by {parts}.").format(theme=theme or option_label(option, lang),
                                                                parts=_joined(parts, lang))
    verdict = option_verdict(option)
    if verdict.differs:
        said = sentences(lang, said, tr.gettext("The groups differ ({q}).").format(q=num.relation("q", verdict.q, lang)))
    return said


def theme_findings(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[str]:
    """:func:`theme_finding` for every theme of a theme item (an ``ItemSummary``), most raised first."""
    options = sorted(item.options, key=lambda o: -sum(g.selected for g in o.groups.values()))
    found = [theme_finding(summary, o, lang=lang, audience=audience) for o in options]
    return [sentence for sentence in found if sentence]
