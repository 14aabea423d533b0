"""The engine's own words — test names, reasons for not testing, effect sizes — in the reader's language.

The statistics engine names each test in English (``TestResult.method``) and says in
English why a comparison was not run (the constants of :mod:`analysis.items` and the
reasons of the single tests). Here each known name and reason is a catalogue message, so a
Chinese report never switches to English half-way; the Monte Carlo variant of the
Fisher–Freeman–Halton test and the note naming groups left out of a test are matched by
pattern, since they carry numbers and codes. Anything unknown is returned unchanged, so a
new test in the engine still reads correctly in English rather than disappearing.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from analysis import items as engine

from . import numbers as num
from .language import N_, translations

#: Engine test names → catalogue messages (the English text is the engine's own).
METHODS: Mapping[str, str] = {
    "Mann-Whitney U test": N_("Mann–Whitney U test"),
    "Mann-Whitney U test (exact)": N_("Mann–Whitney U test (exact)"),
    "Mann-Whitney U test (normal approximation, tie and continuity corrected)":
        N_("Mann–Whitney U test (normal approximation, tie and continuity corrected)"),
    "Kruskal-Wallis H test (tie-corrected)": N_("Kruskal–Wallis H test (tie-corrected)"),
    "Dunn's test (tie-corrected)": N_("Dunn’s test (tie-corrected)"),
    "Tastle-Wierman consensus": N_("Tastle–Wierman consensus"),
    "Pearson chi-square test of independence": N_("Pearson chi-square test of independence"),
    "Pearson chi-square test of independence (Yates' continuity correction)":
        N_("Pearson chi-square test of independence (Yates’ continuity correction)"),
    "Fisher's exact test": N_("Fisher’s exact test"),
    "Fisher-Freeman-Halton exact test (exact enumeration)":
        N_("Fisher–Freeman–Halton exact test (exact enumeration)"),
}
_MONTE_CARLO = re.compile(r"^Fisher-Freeman-Halton test \(Monte Carlo, (\d+) tables, seed (\d+)\)$")
#: The note of a Monte Carlo p-value (analysis.nominal.fisher_exact_test): its standard error.
_MONTE_CARLO_NOTE = re.compile(r"^Monte Carlo estimate of the p-value, not exact: standard error (\S+) "
                               r"from (\d+) random tables with the observed margins")

#: Engine reasons (without the "comparison not run: " prefix) → catalogue messages.
REASONS: Mapping[str, str] = {
    engine.TOO_FEW_GROUPS.removeprefix(engine.NOT_RUN): N_("fewer than 2 groups have 2 or more answers"),
    engine.NOBODY_ANSWERED.removeprefix(engine.NOT_RUN): N_("nobody answered this item"),
    engine.ONLY_MISSING_ITEM.removeprefix(engine.NOT_RUN):
        N_("every answer was non-substantive (such as “Don’t know”)"),
    engine.NOBODY_CHOSE.removeprefix(engine.NOT_RUN): N_("nobody chose this option"),
    engine.EVERYONE_CHOSE.removeprefix(engine.NOT_RUN): N_("every respondent chose this option"),
    engine.PER_OPTION: N_("tested option by option"),
    engine.NO_RESPONDENTS: N_("no respondents in this group"),
    engine.NO_ANSWERS: N_("no answers"),
    engine.ONLY_MISSING: N_("only non-substantive answers (such as “Don’t know”)"),
    engine.FEW: N_("fewer than 2 answers: described, not tested"),
    "free-text answers are counted, not tested": N_("free-text answers are counted, not tested"),
    "dates are counted, not tested": N_("dates are counted, not tested"),
    "one sample is empty: nothing to compare": N_("one group has no answers, so there is nothing to compare"),
    "expected counts too small for the chi-square approximation":
        N_("expected counts too small for the chi-square approximation"),
    "all answers are the same: no ranks to compare": N_("all answers fell in one category, so there is nothing to compare"),
    "everyone gave the same answer: nothing to compare":
        N_("all answers fell in one category, so there is nothing to compare"),
    "fewer than 2 groups with answers: nothing to compare": N_("fewer than 2 groups have answers"),
}
_LEFT_OUT = re.compile(r"^left out of the test \(fewer than 2 answers\): (.+)$")

#: Printed symbol of each effect size the engine names (APA style).
EFFECT_SYMBOLS: Mapping[str, str] = {
    "epsilon_squared": "ε²", "eta_squared": "η²", "rank_biserial": "r_rb",
    "cramers_v_bias_corrected": "Cramér’s V", "cramers_v": "Cramér’s V", "cohens_h": "Cohen’s h",
    "odds_ratio": "OR", "phi": "φ",
}
MAGNITUDES: Mapping[str, str] = {
    "negligible": N_("negligible"), "small": N_("small"), "medium": N_("medium"), "large": N_("large"),
}


def method_name(name: str, lang: str) -> str:
    """The engine's test name in ``lang`` (unchanged when not known)."""
    tr = translations(lang)
    if name in METHODS:
        return tr.gettext(METHODS[name])
    found = _MONTE_CARLO.match(name)
    if found:
        return tr.gettext("Fisher–Freeman–Halton test (Monte Carlo estimate, {n} tables, seed {seed})").format(
            n=found.group(1), seed=found.group(2))
    return name


def reason_text(reason: str | None, lang: str, group_names: Mapping[str, str] | None = None) -> str:
    """The engine's reason, without its "comparison not run" prefix, in ``lang``; group codes
    in a "left out of the test" note become ``group_names``."""
    tr = translations(lang)
    text = str(reason or "").strip().rstrip(".").removeprefix(engine.NOT_RUN)
    found = _LEFT_OUT.match(text)
    if found:
        codes = [c.strip() for c in found.group(1).split(",")]
        names = tr.gettext(", ").join((group_names or {}).get(c, c) for c in codes)
        return tr.gettext("left out of the test (fewer than 2 answers): {groups}").format(groups=names)
    found = _MONTE_CARLO_NOTE.match(text)
    if found:
        return tr.gettext("Monte Carlo estimate of the p-value, not exact: standard error {se} from {n} random "
                          "tables with the observed margins").format(se=found.group(1), n=found.group(2))
    return tr.gettext(REASONS[text]) if text in REASONS else text


def magnitude_text(magnitude: str | None, lang: str) -> str | None:
    if magnitude is None or magnitude not in MAGNITUDES:
        return magnitude
    return translations(lang).gettext(MAGNITUDES[magnitude])


def effect_text(name: str | None, value: Any, magnitude: str | None, lang: str) -> str | None:
    """``ε² = 0.21, medium``; None when there is no effect size."""
    if not num.is_number(value):
        return None
    text = f"{EFFECT_SYMBOLS.get(str(name), str(name or ''))} = {num.decimal(value, lang)}"
    words = magnitude_text(magnitude, lang)
    return text + translations(lang).gettext(", ") + words if words else text


def test_effect(test: Any, lang: str) -> str | None:
    return effect_text(test.effect_size_name, test.effect_size, test.effect_size_magnitude, lang)


def reason_of(value: Any) -> str | None:
    """A reason that names why a group has nothing to describe (the engine's constants)."""
    return value if value in (engine.NO_RESPONDENTS, engine.NO_ANSWERS, engine.ONLY_MISSING) else None
