"""Every sentence about one item, for the dashboard and the reports alike.

The sentences obey :mod:`analysis.present.verdicts` (a difference only under the summary-wide
q, a pair only under its own Holm-adjusted p, with its own effect size) and
:mod:`analysis.present.disclosure` (percentages only for groups of five answers or more).
They never assert absence: a test that finds nothing is reported as "the data do not show
a difference", with its q-value.

* :func:`verdict_sentence` — what the test between groups says (the question page's lead
  sentence, and the heart of the report's paragraph);
* :func:`option_sentences` — the options of a multiple-choice item, one by one;
* :func:`group_clauses` and :func:`group_notes` — what each group answered, and why a group
  has nothing to count (no answers, only "Don't know");
* :func:`item_paragraph` — the report's numbered paragraph: lead, clauses, verdict, options.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis import items as engine

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, Share, share, shows_group
from .labels import (
    OF_THE_N,
    THE_N,
    THE_ONE,
    group_noun,
    item_label,
    level_label,
    option_label,
    ordered_groups,
    pair_label,
    quoted,
)
from .language import sentences, translations
from .scales import agreement, is_opinion, is_sequence, median_stage, positive_verb, upper_answers
from .verdicts import DIFFER, NOT_SHOWN, NOT_TESTED, Pair, Verdict, item_verdict, option_verdict
from .wording import effect_text, method_name, reason_of, reason_text, test_effect


def _tr(lang: str):
    return translations(lang)


def sentence_case(text: str) -> str:
    """A sentence that may start with a group's noun ("troop- and police-contributing
    countries …") begins with a capital letter (a no-op for scripts without case)."""
    return text[:1].upper() + text[1:] if text else text


def _names(summary: Any, lang: str) -> dict[str, str]:
    return {code: pair_label(summary, code, lang) for code in summary.groups}


def agree_share(item: Any, code: str, audience: Audience = SECRETARIAT) -> Share:
    """A group's share in the upper answers of an opinion scale, as it may be shown."""
    g = item.groups.get(code)
    if g is None or g.agree_share is None or not g.n:
        return share(None, 0)
    return share(round(g.agree_share * g.n), g.n, g.agree_share, audience)


def option_share(option: Any, code: str, audience: Audience = SECRETARIAT) -> Share:
    """A group's share choosing one option, as it may be shown."""
    g = option.groups.get(code)
    if g is None or not g.n:
        return share(None, 0)
    return share(g.selected, g.n, g.share, audience)


def _stat(symbol: str, value: float | None, lang: str, method: str | None = None) -> str:
    """``Kruskal–Wallis H test (tie-corrected), q = 0.012`` (method optional)."""
    rel = num.relation(symbol, value, lang)
    return f"{method}{_tr(lang).gettext(', ')}{rel}" if method else rel


# --- the verdict on one item or option -------------------------------------------------------

def _test_part(verdict: Verdict, lang: str) -> str:
    parts = _stat("q", verdict.q, lang, method_name(verdict.test.method, lang))
    effect = test_effect(verdict.test, lang)
    return parts + (_tr(lang).gettext("; ") + effect if effect else "")


def _pair_method(pair: Pair, lang: str) -> str:
    tr = _tr(lang)
    method = tr.gettext("Fisher’s exact test") if pair.method == "fisher" else tr.gettext("Dunn’s test")
    text = tr.gettext("{method}, Holm-adjusted {p}").format(method=method,
                                                              p=num.relation("p", pair.pvalue_adjusted, lang))
    effect = effect_text("cohens_h", pair.effect_size, pair.magnitude, lang) if pair.method == "fisher" else None
    return text + (tr.gettext("; ") + effect if effect else "")


def _pair_values(summary: Any, item: Any, pair: Pair, lang: str, audience: Audience,
                 option: Any = None) -> tuple[str, str]:
    """Both groups' figures as they may be shown: shares, or medians (stages for a sequence)."""
    if pair.method == "fisher":
        if option is not None:
            return option_share(option, pair.a, audience).text(lang), option_share(option, pair.b, audience).text(lang)
        return agree_share(item, pair.a, audience).text(lang), agree_share(item, pair.b, audience).text(lang)
    values = []
    for g in (pair.a, pair.b):
        stats = item.groups[g]
        if not shows_group(stats.n, audience):
            values.append(share(None, stats.n, audience=audience).text(lang) if stats.n else num.DASH)
        elif is_sequence(item):
            values.append(median_stage(item, stats.median, lang) or num.DASH)
        else:
            values.append(num.median(stats.median, lang))
    return values[0], values[1]


def pair_sentence(summary: Any, item: Any, verdict: Verdict, lang: str, audience: Audience = SECRETARIAT,
                  option: Any = None) -> str | None:
    """The pair a difference may be pinned on — or, when the largest gap is not supported by
    its own adjusted p, that no single pair is shown to differ. None without a difference."""
    tr = _tr(lang)
    if verdict.status != DIFFER or verdict.largest is None:
        return None
    pair = verdict.largest
    names = _names(summary, lang)
    if option is None and item.kind == "nominal" and item.divergence_option is not None:
        option = next((o for o in item.options if o.option == item.divergence_option), None)
    va, vb = _pair_values(summary, item, pair, lang, audience, option)
    fields = dict(a=names.get(pair.a, pair.a), b=names.get(pair.b, pair.b), va=va, vb=vb,
                  details=_pair_method(pair, lang))
    if not pair.supported:
        if pair.method == "dunn":
            return tr.gettext("No single pair of groups is shown to differ on its own ({details}, the "
                              "smallest).").format(**fields)
        return tr.gettext("No single pair of groups is shown to differ on its own: the largest gap, "
                          "{a} {va} against {b} {vb}, has {details}.").format(**fields)
    if pair.method == "dunn":
        if is_sequence(item):
            return tr.gettext("{a} placed it at a later stage than {b}: median {va} against {vb} "
                              "({details}).").format(**fields)
        return tr.gettext("{a} answered higher than {b}: median {va} against {vb} ({details}).").format(**fields)
    if option is not None and item.kind == "multiple":
        return tr.gettext("{a} selected it more often than {b}: {va} against {vb} ({details}).").format(**fields)
    if option is not None:
        return tr.gettext("{a} chose {choice} more often than {b}: {va} against {vb} ({details}).").format(
            choice=quoted(option_label(option, lang), lang), **fields)
    if agreement(item):
        return tr.gettext("{a} agreed more often than {b}: {va} against {vb} ({details}).").format(**fields)
    return tr.gettext("{a} answered {choices} more often than {b}: {va} against {vb} ({details}).").format(
        choices=upper_answers(item, lang), **fields)


def verdict_sentence(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> str:
    """What the comparison of groups on ``item`` shows, in one or two sentences."""
    tr = _tr(lang)
    if item.kind == "multiple":
        return options_headline(summary, item, lang)
    verdict = item_verdict(item)
    if verdict.status == NOT_TESTED:
        return tr.gettext("No test between groups was run: {reason}.").format(
            reason=reason_text(verdict.reason, lang, _names(summary, lang)))
    if verdict.status == NOT_SHOWN:
        return tr.gettext("The data do not show a difference between the groups ({details}).").format(
            details=_test_part(verdict, lang))
    said = tr.gettext("The groups answered differently ({details}).").format(details=_test_part(verdict, lang))
    pair = pair_sentence(summary, item, verdict, lang, audience)
    return sentences(lang, said, sentence_case(pair) if pair else None)


# --- multiple-choice items: one test per option -----------------------------------------------

def _option_verdicts(item: Any) -> list[tuple[Any, Verdict]]:
    return [(o, option_verdict(o)) for o in item.options]


def options_headline(summary: Any, item: Any, lang: str = "en") -> str:
    """What the option-by-option tests of a multiple-choice item show, taken together."""
    tr = _tr(lang)
    found = _option_verdicts(item)
    tested = [(o, v) for o, v in found if v.status != NOT_TESTED]
    if not tested:
        reason = next((v.reason for _, v in found if v.reason), item.test_reason)
        return tr.gettext("No test between groups was run: {reason}.").format(
            reason=reason_text(reason, lang, _names(summary, lang)))
    differing = [o for o, v in tested if v.differs]
    if differing:
        return tr.ngettext("The groups chose {k} of the {m} options tested at different rates.",
                           "The groups chose {k} of the {m} options tested at different rates.",
                           len(tested)).format(k=len(differing), m=len(tested))
    smallest = min(v.q for _, v in tested if v.q is not None)
    return tr.ngettext("The data do not show a difference between the groups for the {m} option tested "
                       "({q}).",
                       "The data do not show a difference between the groups for any of the {m} options "
                       "tested (smallest {q}).", len(tested)).format(m=len(tested),
                                                                     q=num.relation("q", smallest, lang))


def option_sentences(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[str]:
    """One sentence per option the groups chose at different rates, then the options not
    compared and why (nobody chose it, every respondent did, too few answers)."""
    tr = _tr(lang)
    lines = []
    for option, verdict in _option_verdicts(item):
        if not verdict.differs:
            continue
        said = tr.gettext("{option}: the groups chose it at different rates ({details}).").format(
            option=quoted(option_label(option, lang), lang),
            details=_stat("q", verdict.q, lang, method_name(verdict.test.method, lang)))
        pair = pair_sentence(summary, item, verdict, lang, audience, option=option)
        lines.append(sentences(lang, said, sentence_case(pair) if pair else None))
    skipped = [(o, v) for o, v in _option_verdicts(item)
               if v.status == NOT_TESTED and v.reason in (engine.NOBODY_CHOSE, engine.EVERYONE_CHOSE)]
    if skipped and any(v.status != NOT_TESTED for _, v in _option_verdicts(item)):
        names = tr.gettext("; ").join(
            tr.gettext("{option} ({reason})").format(option=quoted(option_label(o, lang), lang),
                                                      reason=reason_text(v.reason, lang)) for o, v in skipped)
        lines.append(tr.gettext("Not compared: {options}.").format(options=names))
    return lines


# --- what each group answered ----------------------------------------------------------------

def _clause(summary: Any, code: str, n: int, figure: Share, verb: str, verb_no: str, lang: str) -> str:
    tr = _tr(lang)
    noun = group_noun(summary, code, n, lang, OF_THE_N)
    if figure.mode == "withheld":
        return tr.gettext("{noun}: {withheld}").format(noun=pair_label(summary, code, lang), withheld=figure.text(lang))
    if n == 1:
        return tr.gettext("the one {noun} that answered {verb}").format(
            noun=group_noun(summary, code, 1, lang, THE_ONE), verb=verb if figure.k else verb_no)
    if figure.mode == "count":
        return tr.ngettext("of the {n} {noun} that answered, {k} {verb}", "of the {n} {noun} that answered, {k} {verb}",
                           n).format(n=n, noun=noun, k=figure.k, verb=verb)
    return tr.ngettext("of the {n} {noun} that answered, {k} ({pct}) {verb}",
                       "of the {n} {noun} that answered, {k} ({pct}) {verb}", n).format(
        n=n, noun=noun, k=figure.k, pct=num.percent(figure.value, lang), verb=verb)


def group_clauses(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[str]:
    """One clause per group that answered, e.g. "of the 12 … that answered, 9 (75%) agreed"."""
    tr = _tr(lang)
    clauses: list[str] = []
    named = False
    for code in ordered_groups(summary, item.groups):
        g = item.groups[code]
        if not g.n:
            continue
        if item.kind == "ordinal" and is_opinion(item):
            figure = agree_share(item, code, audience)
            k = figure.k or 0
            if agreement(item) or not named:
                verb, verb_no = positive_verb(item, lang, k), _negative(item, lang)
                named = not agreement(item)
            else:  # the upper answers are named once per paragraph
                verb, verb_no = tr.ngettext("did so", "did so", k), tr.gettext("did not")
            clauses.append(_clause(summary, code, g.n, figure, verb, verb_no, lang))
        elif item.kind == "ordinal":  # a sequence: the median stage
            noun = group_noun(summary, code, g.n, lang, OF_THE_N)
            if not shows_group(g.n, audience):
                clauses.append(tr.gettext("{noun}: {withheld}").format(
                    noun=pair_label(summary, code, lang), withheld=share(None, g.n, audience=audience).text(lang)))
            elif g.n == 1:
                clauses.append(tr.gettext("the one {noun} that answered chose {stage}").format(
                    noun=group_noun(summary, code, 1, lang, THE_ONE), stage=median_stage(item, g.median, lang)))
            else:
                clauses.append(tr.ngettext("the median answer of the {n} {noun} that answered was {stage}",
                                           "the median answer of the {n} {noun} that answered was {stage}",
                                           g.n).format(n=g.n, noun=noun, stage=median_stage(item, g.median, lang)))
        elif item.kind in ("nominal", "multiple"):
            picks = [(o, o.groups[code]) for o in item.options if code in o.groups]
            if not picks:
                continue
            option, og = max(picks, key=lambda p: p[1].selected)  # first of ties, in list order
            choice = quoted(option_label(option, lang), lang)
            verb = (tr.gettext("chose {choice}") if item.kind == "nominal" else tr.gettext("selected {choice}")).format(
                choice=choice)
            clauses.append(_clause(summary, code, g.n, option_share(option, code, audience), verb, verb, lang))
        elif item.kind == "numeric":
            if not shows_group(g.n, audience):
                continue
            clauses.append(tr.gettext("{group}: median {median} (n = {n})").format(
                group=pair_label(summary, code, lang), median=num.median(g.median, lang), n=g.n))
    return clauses


def _negative(item: Any, lang: str) -> str:
    tr = _tr(lang)
    if agreement(item):
        return tr.gettext("did not agree")
    return tr.gettext("did not answer {choices}").format(choices=upper_answers(item, lang))


def _missing_choices(item: Any, lang: str) -> str:
    tr = _tr(lang)
    labels = [quoted(level_label(item, lv.name, lang), lang) for lv in item.levels if lv.missing]
    return tr.gettext(" or ").join(labels) if labels else tr.gettext("a non-substantive answer")


def _noted(summary: Any, item: Any) -> list[str]:
    """The groups :func:`group_notes` speaks of, in its order."""
    return [code for code in ordered_groups(summary, item.groups)
            if not item.groups[code].n and reason_of(item.groups[code].reason) not in (None, engine.NO_RESPONDENTS)
            and item.kind != "text"]


def group_notes(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> list[str]:
    """Groups with respondents but nothing to count, and why: they left the item blank, or
    answered only "Don't know". (A group nobody in which responded is listed with 0 in the
    overview and the tables.)"""
    tr = _tr(lang)
    notes = []
    for code in _noted(summary, item):
        g = item.groups[code]
        why = reason_of(g.reason)
        size = summary.groups.get(code, 0)
        noun = group_noun(summary, code, size, lang, THE_N)
        if why == engine.ONLY_MISSING:
            notes.append(tr.ngettext("the {n} {noun} that responded answered {choices}",
                                     "all {n} {noun} that responded answered {choices}", size).format(
                n=size, noun=noun, choices=_missing_choices(item, lang)))
        else:
            notes.append(tr.ngettext("the {n} {noun} that responded left this item blank",
                                     "the {n} {noun} that responded left this item blank", size).format(
                n=size, noun=noun))
    return notes


def item_paragraph(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> str:
    """The report's paragraph on one item: what each group answered, what the tests show."""
    tr = _tr(lang)
    label = quoted(item_label(item, lang), lang)
    if item.kind in ("text", "date"):
        n = sum(g.n for g in item.groups.values())
        return tr.ngettext("{label}: {n} written answer; they are listed in the spreadsheet export.",
                           "{label}: {n} written answers; they are listed in the spreadsheet export.", n).format(
            label=label, n=n)
    notes = group_notes(summary, item, lang, audience)
    if not any(g.n for g in item.groups.values()):
        # Nothing to count: say why — only "Don't know" (per group), or nobody answered at all.
        why = [n for code, n in zip(_noted(summary, item), notes)
               if reason_of(item.groups[code].reason) == engine.ONLY_MISSING]
        reason = tr.gettext("; ").join(why) if why else reason_text(engine.NOBODY_ANSWERED, lang)
        return tr.gettext("On {label}: {reason}, so the groups could not be compared.").format(label=label, reason=reason)
    parts = group_clauses(summary, item, lang, audience) + notes
    lead = tr.gettext("On {label}: {clauses}.").format(label=label, clauses=tr.gettext("; ").join(parts))
    said = [lead, verdict_sentence(summary, item, lang, audience)]
    if item.kind == "multiple":
        said += option_sentences(summary, item, lang, audience)
    return sentences(lang, *said)


@dataclass(frozen=True)
class ItemFinding:
    """What the question page prints beside one item's chart."""

    verdict: str
    options: tuple[str, ...]
    notes: tuple[str, ...]


def item_finding(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> ItemFinding:
    """The verdict sentence, the option sentences and the notes on groups with nothing to count."""
    options = option_sentences(summary, item, lang, audience) if item.kind == "multiple" else []
    notes = [sentence_case(note) + _tr(lang).gettext(".") for note in group_notes(summary, item, lang, audience)]
    return ItemFinding(verdict_sentence(summary, item, lang, audience), tuple(options), tuple(notes))
