"""What codes are called, in the reader's language: groups, compare-by variables, filter values,
items, choices, options, countries and questions.

Content is data and keeps its own languages — group, seat, region and yes/no labels from
:mod:`analysis.comparison` and the registry, item and choice labels from the instrument,
state names from the registry; the words around them ("respondent group", "Council
members", "catch-all") come from the catalogue.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from analysis.comparison import value_labels
from surveys.model import GROUP_CODES, pick_label
from surveys.respondents.registry import member_states

from .language import N_, NP_, NPN_, translations

#: Compare-by variables every wave has, as a menu or column title.
BY_TITLES: Mapping[str, str] = {
    "group": N_("Respondent group"), "p5_e10": N_("P5 / E10"), "council_seat": N_("P5 / E10"),
    "region": N_("Regional group"), "tcc_pcc": N_("TCC/PCC or not"), "wave": N_("Wave against wave"),
}
#: The same variables inside a sentence ("Answers are compared by regional group.").
BY_NAMES: Mapping[str, str] = {
    "group": N_("respondent group"), "p5_e10": N_("Council seat (P5 / E10)"),
    "council_seat": N_("Council seat (P5 / E10)"), "region": N_("regional group"),
    "tcc_pcc": N_("troop or police contributor"), "wave": N_("wave"),
}
_FLAGS = {"true": "yes", "false": "no", "yes": "yes", "no": "no"}


#: Characters of a name from a workbook (an attribute, its values, a wave) in a label, legend,
#: heading or sentence; longer ones are shortened with "…" and given whole in the report's
#: annex (:func:`shortened_names`) and in table cells of the data. Drawing a 100,000-character
#: legend took minutes per chart.
NAME_LIMIT = 80
#: Characters of an item's wording in a chart title (a question is a few hundred at most).
WORDING_LIMIT = 500


def shortened(text: object, limit: int = NAME_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with "…" (at a space when one is near)."""
    text = str(text)
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit * 3 // 4 else head).rstrip() + "…"


def shortened_names(summary: Any) -> list[str]:
    """The names from the workbook this summary shows shortened (the compare-by variable and its
    groups), each whole, for the annex."""
    names = [] if summary.by in BY_TITLES else [str(summary.by)]
    names += [str(code) for code in summary.groups]
    return [name for name in dict.fromkeys(names) if len(name) > NAME_LIMIT]


def variable_title(var: str, lang: str) -> str:
    """A compare-by or filter variable as a title ("Regional group"); attributes keep their name."""
    return translations(lang).gettext(BY_TITLES[var]) if var in BY_TITLES else shortened(var)


def variable_name(var: str, lang: str, summary: Any = None) -> str:
    """A variable inside a sentence ("regional group"); an item filter as the item's quoted text."""
    tr = translations(lang)
    if var in BY_NAMES:
        return tr.gettext(BY_NAMES[var])
    item = _item(summary, var)
    if item is not None:
        return quoted(item_label(item, lang), lang)
    return shortened(var)


def quoted(text: str, lang: str) -> str:
    """“text”, with the language's quotation marks."""
    return translations(lang).gettext("“{text}”").format(text=text)


def code_label(column: str, code: object, lang: str) -> str:
    """The name of one value of a respondent column: a group, seat, region or yes/no."""
    code = str(code)
    if column == "tcc_pcc":
        code = _FLAGS.get(code.lower(), code)
    table = value_labels(column)
    return pick_label(table[code], lang) if code in table else shortened(code)


def group_label(summary: Any, code: str, lang: str) -> str:
    """A group of ``summary`` as a label (tables, charts); a catch-all says that it is one."""
    labels = getattr(summary, "group_labels", {}) or {}
    text = shortened(pick_label(labels.get(code) or {}, lang)) or code_label(summary.by, code, lang)
    if code in getattr(summary, "catch_all", ()):
        text = translations(lang).gettext("{label} (catch-all)").format(label=text)
    return text


def group_labels(summary: Any, lang: str, *, counts: bool = False) -> dict[str, str]:
    """Every group's label; with ``counts``, ``n = …`` on a second line (for chart axes)."""
    out = {}
    for code, n in summary.groups.items():
        label = group_label(summary, code, lang)
        out[code] = f"{label}\nn = {n}" if counts else label
    return out


#: Respondent groups as nouns. Languages inflect a noun differently after "of the N" (Russian
#: genitive), after a bare number and in "the one …", so each use is its own context; a
#: group as the subject of a comparison is a plural of its own.
_NOUNS: Mapping[str, tuple[str, str]] = {
    "council": ("Council member", "Council members"),
    "tcc_pcc": ("troop- or police-contributing country", "troop- and police-contributing countries"),
    "secretariat": ("Secretariat unit", "Secretariat units"),
    "other": ("other participant", "other participants"),
}
#: Where a counted noun stands: "of the {n} {noun} that answered", "the {n} {noun} that
#: responded", "the one {noun} that answered".
OF_THE_N, THE_N, THE_ONE = "of the N", "the N", "the one"
_MARKED = (  # for extraction: every noun in every context, and as a subject
    NPN_("of the N", "Council member", "Council members"), NPN_("the N", "Council member", "Council members"),
    NPN_("the one", "Council member", "Council members"), NP_("subject", "Council members"),
    NPN_("of the N", "troop- or police-contributing country", "troop- and police-contributing countries"),
    NPN_("the N", "troop- or police-contributing country", "troop- and police-contributing countries"),
    NPN_("the one", "troop- or police-contributing country", "troop- and police-contributing countries"),
    NP_("subject", "troop- and police-contributing countries"),
    NPN_("of the N", "Secretariat unit", "Secretariat units"), NPN_("the N", "Secretariat unit", "Secretariat units"),
    NPN_("the one", "Secretariat unit", "Secretariat units"), NP_("subject", "Secretariat units"),
    NPN_("of the N", "other participant", "other participants"),
    NPN_("the N", "other participant", "other participants"),
    NPN_("the one", "other participant", "other participants"), NP_("subject", "other participants"),
    NPN_("of the N", "respondent in {label}", "respondents in {label}"),
    NPN_("the N", "respondent in {label}", "respondents in {label}"),
    NPN_("the one", "respondent in {label}", "respondents in {label}"),
)


def group_noun(summary: Any, code: str, n: int, lang: str, where: str = OF_THE_N) -> str:
    """The group as a counted noun in the phrase ``where`` (:data:`OF_THE_N`, :data:`THE_N`,
    :data:`THE_ONE`): "Council members", "respondents in African Group"."""
    tr = translations(lang)
    if summary.by == "group" and code in _NOUNS:
        singular, plural = _NOUNS[code]
        return tr.npgettext(where, singular, plural, n)
    return tr.npgettext(where, "respondent in {label}", "respondents in {label}", n).format(
        label=group_label(summary, code, lang))


def pair_label(summary: Any, code: str, lang: str) -> str:
    """A group as the subject of a comparison: "Council members", "African Group"."""
    if summary.by == "group" and code in _NOUNS:
        return str(translations(lang).pgettext("subject", _NOUNS[code][1]))
    return group_label(summary, code, lang)


def ordered_groups(summary: Any, codes) -> list[str]:
    """``codes`` in the summary's group order (respondent groups in their fixed order)."""
    order = list(summary.groups)
    if summary.by == "group":
        order = [c for c in GROUP_CODES if c in order] + [c for c in order if c not in GROUP_CODES]
    codes = list(codes)
    return [c for c in order if c in codes] + [c for c in codes if c not in order]


def item_label(item: Any, lang: str) -> str:
    return pick_label(item.label or {}, lang) or item.item


def level_label(item: Any, name: str, lang: str) -> str:
    """The label of choice ``name`` of an item."""
    for level in item.levels:
        if level.name == name:
            return pick_label(level.labels or {}, lang) or name
    for option in item.options:
        if option.option == name:
            return option_label(option, lang)
    return str(name)


def option_label(option: Any, lang: str) -> str:
    return pick_label(option.label or {}, lang) or option.option


def _item(summary: Any, name: str):
    try:
        return summary.item(name) if summary is not None else None
    except KeyError:
        return None


def value_name(var: str, value: object, lang: str, summary: Any = None) -> str:
    """One value of a filter variable in words (group, seat, region, yes/no, an item's choice)."""
    item = _item(summary, var)
    if item is not None:
        return level_label(item, str(value), lang)
    return code_label(var, value, lang)


def filters_in_words(filters: Mapping[str, Any], lang: str, summary: Any = None) -> str:
    """``regional group = WEOG; respondent group = Security Council, …`` in ``lang``."""
    tr = translations(lang)
    parts = []
    for var, values in filters.items():
        values = values if isinstance(values, (list, tuple)) else [values]
        names = tr.gettext(", ").join(value_name(var, v, lang, summary) for v in values)
        parts.append(f"{variable_name(var, lang, summary)} = {names}")
    return tr.gettext("; ").join(parts)


@lru_cache(maxsize=1)
def _states_by_iso3() -> dict[str, Any]:
    return {state.iso3: state for state in member_states()}


def country_name(iso3: str | None, fallback: str, lang: str) -> str:
    """A member state's UN short name in ``lang``; ``fallback`` for anyone else."""
    state = _states_by_iso3().get(iso3 or "")
    return state.name(lang) if state is not None else fallback


def question_number(name: object) -> str:
    """``q3`` → ``3`` (the concept note numbers its questions); other names are kept."""
    s = str(name or "")
    return s[1:] if s[:1].lower() == "q" and s[1:].isdigit() else s


def question_code(name: object, lang: str) -> str:
    """``q3`` → ``Q3`` in the language's own short form (a catalogue entry)."""
    number = question_number(name)
    if number == str(name or ""):
        return str(name or "")
    return translations(lang).gettext("Q{number}").format(number=number)


def one_line(label: str) -> str:
    """A two-line chart label for a table cell: ``Security Council (n = 15)``."""
    head, _sep, tail = str(label).partition("\n")
    return f"{head} ({tail})" if tail else head
