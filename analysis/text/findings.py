"""Findings about coded themes in words: "Timing was raised by 8 of 12 … and 2 of 10 Council members."

Small pure functions over the JSON shape of a theme item (``ThemesSummary.to_dict()``
item, which has the ``options`` of a select-multiple item), so the dashboard and the
reports can call them on what they already hold. Every number in a sentence is a count
of the summary (agreed themes, comments coded per group); a difference between groups is
mentioned only when the theme's test has a q-value below the engine's threshold
(:data:`analysis.scorecard.DIFFER_Q`). The presentation layer owns the final wording and
may replace these templates; the counts and the rule stay here.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from surveys.model import GROUP_LABELS, pick_label

from ..exports.wording import CATALOGUES, noun
from ..scorecard import DIFFER_Q

#: "{theme} was raised by {parts}." in each UN language.
RAISED: Mapping[str, str] = {
    "en": "{theme} was raised by {parts}.",
    "fr": "{theme} : thème soulevé par {parts}.",
    "es": "{theme}: tema planteado por {parts}.",
    "ru": "Тему «{theme}» затронули {parts}.",
    "zh": "{parts}提到“{theme}”。",
    "ar": "أثار موضوع «{theme}» {parts}.",
}
#: One group's count: "8 of 12 Council members".
PART: Mapping[str, str] = {
    "en": "{k} of {n} {noun}", "fr": "{k} sur {n} ({noun})", "es": "{k} de {n} ({noun})",
    "ru": "{k} из {n} ({noun})", "zh": "{n}个{noun}中的{k}个", "ar": "{k} من أصل {n} ({noun})",
}
AND: Mapping[str, str] = {"en": " and ", "fr": " et ", "es": " y ", "ru": " и ", "zh": "和", "ar": " و"}
DIFFER: Mapping[str, str] = {
    "en": " The groups differ (q = {q}).", "fr": " Les groupes diffèrent (q = {q}).",
    "es": " Los grupos difieren (q = {q}).", "ru": " Группы различаются (q = {q}).",
    "zh": "各组之间存在差异（q = {q}）。", "ar": " تختلف المجموعات (q = {q}).",
}
def _noun(code: str, n: int, lang: str, by: str, labels: Mapping[str, Mapping[str, str]]) -> str:
    """The group as a counted noun from the report catalogues ("Council members", "安理会成员"),
    else its label (languages without a catalogue, groups of other compare-by variables)."""
    if by == "group" and code in GROUP_LABELS and lang in CATALOGUES:
        return noun(lang, f"noun_{code}", n)
    table = GROUP_LABELS.get(code) if by == "group" else None
    return pick_label(table or labels.get(code) or {}, lang) or code


def _joined(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    head = ", " if lang != "zh" else "、"
    return head.join(parts[:-1]) + AND.get(lang, AND["en"]) + parts[-1]


def theme_finding(option: Mapping[str, Any], *, theme: str, lang: str = "en", by: str = "group",
                  group_labels: Mapping[str, Mapping[str, str]] | None = None) -> str | None:
    """One sentence for one theme: how many coded comments of each group raised it.

    ``option`` is a theme entry of ``options`` (``{"groups": {code: {"n", "selected"}},
    "qvalue"}``); groups without a coded comment are left out; None when no group has one.
    """
    parts = []
    for code, counts in (option.get("groups") or {}).items():
        n = int(counts.get("n") or 0)
        if n:
            noun = _noun(code, n, lang, by, group_labels or {})
            parts.append(PART.get(lang, PART["en"]).format(k=int(counts.get("selected") or 0), n=n, noun=noun))
    if not parts:
        return None
    sentence = RAISED.get(lang, RAISED["en"]).format(theme=theme, parts=_joined(parts, lang))
    # The q-value over every theme test of the wave when there is one, else over the item's themes.
    q = (option.get("test") or {}).get("qvalue", option.get("qvalue"))
    if isinstance(q, (int, float)) and math.isfinite(q) and q < DIFFER_Q:
        sentence += DIFFER.get(lang, DIFFER["en"]).format(q=f"{q:.3g}" if q >= 0.001 else "< 0.001")
    return sentence


def theme_findings(item: Mapping[str, Any], *, lang: str = "en", by: str = "group",
                   group_labels: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """:func:`theme_finding` for every theme of a theme item, most raised first."""
    options = sorted(item.get("options") or [], key=lambda o: -sum(
        int(g.get("selected") or 0) for g in (o.get("groups") or {}).values()))
    found = [theme_finding(o, theme=pick_label(o.get("label") or {}, lang) or o["option"], lang=lang, by=by,
                           group_labels=group_labels) for o in options]
    return [sentence for sentence in found if sentence]
