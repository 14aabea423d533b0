"""Coded themes of comments in words and tables: "Timing was raised by 8 of 12 … and 2 of 10 Council members."

Themes × group come out of the engine as a multiple-choice item (one option per theme, see
:mod:`analysis.text.themes`), so they follow the same rules as every other finding: each
number is a count of the summary (comments with the agreed theme, comments coded, per
group); a difference between groups is mentioned only under the theme's summary-wide
q-value (:func:`analysis.present.verdicts.option_verdict`). Counts only, never shares: a
group's coded comments are few.

Tables of themes × group give counts with shares through the disclosure rule, and each
theme's test; reliability (Krippendorff's alpha per item and theme) is read against
Krippendorff's own thresholds, 0.667 and 0.800, named as his.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, share, shows_count, shows_group, small_groups_note
from .labels import OF_THE_N, group_label, group_noun, item_label, option_label, ordered_groups, question_code, quoted
from .language import N_, sentences, translations
from .tables import Table
from .verdicts import ALPHA, DIFFER, NOT_SHOWN, NOT_TESTED, option_verdict

if TYPE_CHECKING:
    import pandas as pd


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
    name = theme or option_label(option, lang)
    if option.groups and all(g.n and not g.selected for g in option.groups.values() if g.n):
        if any(g.n for g in option.groups.values()):
            return tr.gettext("No coded comment raised {theme}.").format(theme=quoted(name, lang))
        return None
    parts = []
    for code in ordered_groups(summary, option.groups):
        counts = option.groups[code]
        if not counts.n or not shows_group(counts.n, audience) or not shows_count(counts.selected, audience):
            continue
        parts.append(tr.gettext("{k} of {n} {noun}").format(
            k=counts.selected, n=counts.n, noun=group_noun(summary, code, counts.n, lang, OF_THE_N)))
    if not parts:
        return None
    said = tr.gettext("{theme} was raised by {parts}.").format(theme=name, parts=_joined(parts, lang))
    verdict = option_verdict(option)
    if verdict.differs:
        said = sentences(lang, said, tr.gettext("The groups differ ({q}).").format(q=num.relation("q", verdict.q, lang)))
    return said


def theme_findings(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[str]:
    """:func:`theme_finding` for every theme of a theme item (an ``ItemSummary``), most raised first."""
    options = sorted(item.options, key=lambda o: -sum(g.selected for g in o.groups.values()))
    found = [theme_finding(summary, o, lang=lang, audience=audience) for o in options]
    return [sentence for sentence in found if sentence]


# --- themes × group as a table ------------------------------------------------------------------

def comments_title(item: Any, lang: str = "en") -> str:
    """A comment item named by its question: "Comments on Q1" (its own label when it has no question)."""
    if not item.question:
        return item_label(item.summary, lang)
    return translations(lang).gettext("Comments on {question}").format(question=question_code(item.question, lang))


def _test_cell(option: Any, lang: str) -> str:
    """The theme's test in a table cell: "differ (q = 0.012)", "not shown (q = 0.41)", "not tested"."""
    tr = translations(lang)
    verdict = option_verdict(option)
    if verdict.status == DIFFER:
        return tr.gettext("differ ({q})").format(q=num.relation("q", verdict.q, lang))
    if verdict.status == NOT_SHOWN:
        return tr.gettext("not shown ({q})").format(q=num.relation("q", verdict.q, lang))
    return tr.gettext("not tested")


def themes_table(summary: Any, item: Any, lang: str, caption: str, audience: Audience = SECRETARIAT) -> Table | None:
    """One comment item's themes × group: per theme, how many of each group's coded comments
    raised it ("8/12 (67%)", "2/3", withheld under the minimum cell size for members), and
    the theme's test across groups (its summary-wide q). ``item`` is an
    :class:`analysis.text.themes.ItemThemes`; ``summary`` the ``ThemesSummary``."""
    tr = translations(lang)
    stats = item.summary
    codes = ordered_groups(summary, {c for o in stats.options for c in o.groups})
    rows, small = [], False
    for j, option in enumerate(stats.options):
        figures = [share(option.groups[c].selected, option.groups[c].n, option.groups[c].share, audience)
                   if c in option.groups else share(None, 0) for c in codes]
        small = small or any(f.mode in ("count", "withheld") for f in figures)
        rows.append((comments_title(item, lang) if j == 0 else "", option_label(option, lang),
                     *(f.fraction(lang) for f in figures), _test_cell(option, lang)))
    if not rows:
        return None
    header = (tr.gettext("Item"), tr.gettext("Theme"), *(group_label(summary, c, lang) for c in codes),
              tr.gettext("Groups differ"))
    notes = [tr.gettext("Each cell: comments raising the theme of the group's coded comments. A theme counts for a "
                        "comment when more than half of its coders gave it. Groups differ only where the theme's "
                        "test across groups has a q-value below {alpha}.").format(alpha=num.decimal(ALPHA, lang))]
    if small:
        notes.append(small_groups_note(lang, audience))
    return Table(caption, header, tuple(rows), sentences(lang, *notes))


# --- how reliably the coders agree ------------------------------------------------------------------

#: Krippendorff (2004, p. 241): rely on alpha of at least 0.800; between 0.667 and 0.800
#: draw tentative conclusions only; below 0.667, none.
RELIABLE, TENTATIVE = 0.800, 0.667


def alpha_reading(alpha: float | None, lang: str = "en") -> str:
    """What an alpha means by Krippendorff's standard, the thresholds stated as his."""
    tr = translations(lang)
    if not num.is_number(alpha):
        return tr.gettext("not computable")
    if alpha >= RELIABLE:
        return tr.gettext("reliable (α ≥ {high})").format(high=num.decimal(RELIABLE, lang, 3))
    if alpha >= TENTATIVE:
        return tr.gettext("tentative conclusions only ({low} ≤ α < {high})").format(
            low=num.decimal(TENTATIVE, lang, 3), high=num.decimal(RELIABLE, lang, 3))
    return tr.gettext("unreliable (α < {low})").format(low=num.decimal(TENTATIVE, lang, 3))


def thresholds_note(lang: str = "en") -> str:
    """Krippendorff's thresholds, named as his."""
    return translations(lang).gettext(
        "Krippendorff’s alpha: 1 is perfect agreement, 0 agreement no better than chance. Krippendorff (2004) "
        "relies on variables with α ≥ {high}, and accepts {low} ≤ α < {high} for tentative conclusions only. "
        "Comments coded by one coder only are left out of alpha, as the method prescribes.").format(
        high=num.decimal(RELIABLE, lang, 3), low=num.decimal(TENTATIVE, lang, 3))


def reliability_sentence(item: Any, lang: str = "en") -> str:
    """How reliably the coders agree on one item's codebook, in one or two sentences."""
    tr = translations(lang)
    rel = item.reliability
    if not num.is_number(rel.alpha_nominal):
        said = tr.gettext("Coders’ agreement cannot be computed yet: no comment was coded by two coders "
                          "whose codes vary.") if rel.units == 0 or rel.coders < 2 else tr.gettext(
            "Coders’ agreement cannot be computed: the codes do not vary.")
    else:
        said = tr.ngettext(
            "Coders’ agreement on the codebook: Krippendorff’s α = {alpha}, {reading}, from {units} comment coded "
            "by two or more of {coders} coders.",
            "Coders’ agreement on the codebook: Krippendorff’s α = {alpha}, {reading}, from {units} comments coded "
            "by two or more of {coders} coders.", rel.units).format(
            alpha=num.decimal(rel.alpha_nominal, lang, 3), reading=alpha_reading(rel.alpha_nominal, lang),
            units=rel.units, coders=rel.coders)
    if rel.single_coded:
        said = sentences(lang, said, tr.ngettext(
            "{n} comment coded by one coder only is left out of alpha.",
            "{n} comments coded by one coder only are left out of alpha.", rel.single_coded).format(n=rel.single_coded))
    return said


LEVEL_NAMES: dict[str, str] = {"nominal": N_("nominal"), "ordinal": N_("ordinal"), "interval": N_("interval")}


def reliability_rows(items: Any, lang: str = "en") -> list[tuple[str, str, str, str, str, str]]:
    """Per comment item (``ItemThemes`` each): the pooled alpha of the codebook, then each
    theme's (item, theme, level, alpha, reading, comments compared)."""
    tr = translations(lang)
    rows = []
    for item in items:
        rel = item.reliability
        rows.append((comments_title(item, lang), tr.gettext("All themes (pooled)"), tr.gettext(LEVEL_NAMES["nominal"]),
                     num.decimal(rel.alpha_nominal, lang, 3), alpha_reading(rel.alpha_nominal, lang), str(rel.units)))
        for theme in item.themes:
            alpha = rel.per_theme.get(theme.code)
            level = rel.per_theme_level.get(theme.code, "nominal")
            rows.append(("", theme.label(lang), tr.gettext(LEVEL_NAMES.get(level, level)),
                         num.decimal(alpha, lang, 3), alpha_reading(alpha, lang), str(rel.units)))
    return rows


def reliability_table(items: Any, lang: str, caption: str) -> Table | None:
    """Krippendorff's alpha of comment items (``ItemThemes`` each), pooled and per theme, each
    with its reading."""
    tr = translations(lang)
    rows = reliability_rows(items, lang)
    if not rows:
        return None
    header = (tr.gettext("Item"), tr.gettext("Theme"), tr.gettext("Level"), tr.gettext("Krippendorff’s α"),
              tr.gettext("Reading"), tr.gettext("Comments compared"))
    return Table(caption, header, tuple(rows), thresholds_note(lang))


def item_theme_paragraph(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> str:
    """One comment item in a report paragraph: what was raised by whom, and how reliably coded."""
    tr = translations(lang)
    found = theme_findings(summary, item.summary, lang, audience)
    lead = tr.ngettext("{label}: {coded} of {n} comment coded.", "{label}: {coded} of {n} comments coded.",
                       item.n_comments).format(label=comments_title(item, lang), coded=item.n_coded,
                                               n=item.n_comments)
    if not found:
        found = [tr.gettext("No theme has been agreed for a comment yet.")]
    return sentences(lang, lead, *found, reliability_sentence(item, lang))


def theme_records(summary: Any, audience: Audience = SECRETARIAT) -> list[list[Any]]:
    """Themes × group for a spreadsheet, one row per item, theme and group: item, question,
    theme, group, coded comments (n), comments raising it, share, the theme's summary-wide
    q-value, and whether the groups differ. Counts, shares and n the audience may not see are
    None; shares only where they may be percentages."""
    rows = []
    for item in summary.items:
        for option in item.summary.options:
            verdict = option_verdict(option)
            for code in ordered_groups(summary, option.groups):
                stats = option.groups[code]
                figure = share(stats.selected, stats.n, stats.share, audience)
                rows.append([item.item, item.question, option.option, code,
                             stats.n if shows_group(stats.n, audience) else None,
                             figure.k if figure.mode in ("percent", "count") else None, figure.shown,
                             verdict.q, verdict.differs if verdict.status != NOT_TESTED else None])
    return rows


def reliability_records(summary: Any) -> list[list[Any]]:
    """Krippendorff's alpha for a spreadsheet: item, theme (empty: pooled over the codebook),
    level, alpha, comments compared, coders, comments coded by one coder only."""
    rows = []
    for item in summary.items:
        rel = item.reliability
        rows.append([item.item, None, "nominal", rel.alpha_nominal, rel.units, rel.coders, rel.single_coded])
        rows += [[item.item, theme.code, rel.per_theme_level.get(theme.code, "nominal"),
                  rel.per_theme.get(theme.code), rel.units, rel.coders, rel.single_coded] for theme in item.themes]
    return rows


def codebook_frame(themes: Any, lang: str = "en") -> pd.DataFrame:
    """A codebook (``surveys.coding.Theme`` each) for the screen: code, its label in each of the six
    languages, level, scale and when to apply it."""
    import pandas as pd

    from .language import LANGUAGE_NAMES, LANGUAGES

    tr = translations(lang)
    columns = [tr.gettext("Theme (code)"), *(LANGUAGE_NAMES[code] for code in LANGUAGES), tr.gettext("Level"),
               tr.gettext("Values"), tr.gettext("Description")]
    rows = [(t.code, *(t.labels.get(code, "") for code in LANGUAGES), tr.gettext(LEVEL_NAMES.get(t.level, t.level)),
             " ".join(t.values), t.description.get(lang) or t.description.get("en", "")) for t in themes]
    return pd.DataFrame(rows, columns=columns)


def theme_choice(theme: Any, lang: str = "en") -> str:
    """A theme as a choice in a list: its label in ``lang`` and, on a scale, its values."""
    label = theme.label(lang)
    return f"{label} ({' < '.join(theme.values)})" if theme.level == "ordinal" and theme.values else label
