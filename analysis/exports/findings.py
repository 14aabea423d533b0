"""Key findings written from the numbers: one numbered paragraph per item, in any catalogue language.

The wording obeys three rules the Chair's office asked for:

* every figure in a sentence is a figure of the summary (a share, and the count it implies:
  share × number that answered, see :func:`analysis.exports.numbers.agreed_count`);
* a group of fewer than :data:`MIN_N` answers is reported as a count ("of the 3 Secretariat
  units that answered, 2 agreed"), never as a percentage that reads like a general claim;
* groups are said to differ only when the engine ran a test and its q-value (false discovery
  rate across items, Benjamini & Hochberg 1995) is below :data:`ALPHA`; otherwise the
  sentence says no difference was shown, and never that one was.

The functions take a ``Summary.to_dict()`` item and return finished sentences; the Word and
Markdown writers share them through :mod:`analysis.exports.report`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from surveys.model import GROUP_CODES, GROUP_LABELS, pick_label

from analysis.scorecard import DIFFER_Q

from . import numbers as num
from .wording import CATALOGUES, noun, text
from .wording.methods import method_name, reason_text

#: Significance threshold for q-values: the engine's own, so report and dashboard agree.
ALPHA = DIFFER_Q
#: Groups smaller than this are reported as counts, without percentages.
MIN_N = 5

#: Printed symbol of each effect size name the engine uses.
EFFECT_SYMBOLS: Mapping[str, str] = {
    "epsilon_squared": "ε²", "eta_squared": "η²", "rank_biserial": "r_rb",
    "cramers_v_bias_corrected": "Cramér’s V", "cramers_v": "Cramér’s V", "cohens_h": "Cohen’s h",
    "odds_ratio": "OR", "phi": "φ",
}
_P_E10 = {"p5": "label_p5", "e10": "label_e10", "non_member": "label_non_member"}


@dataclass(frozen=True)
class Context:
    """What wording needs besides an item's numbers: language, compare-by variable, group labels."""

    lang: str
    by: str = "group"
    group_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, summary: Mapping[str, Any], lang: str) -> "Context":
        return cls(lang, str(summary.get("by") or "group"), summary.get("group_labels") or {})

    def group_label(self, code: str) -> str:
        """The display label of one group of the compare-by variable."""
        if self.by == "group" and code in GROUP_LABELS:
            return pick_label(GROUP_LABELS[code], self.lang)
        if self.by in ("p5_e10", "council_seat") and code in _P_E10:
            return text(self.lang, _P_E10[code])
        return pick_label(self.group_labels.get(code) or {}, self.lang) or str(code)

    def group_noun(self, code: str, n: int) -> str:
        """The group as a counted noun: "Council members", "respondents in WEOG"."""
        if self.by == "group" and code in GROUP_LABELS:
            return noun(self.lang, f"noun_{code}", n)
        key = "respondent_in" if n == 1 else "respondents_in"
        return text(self.lang, key, label=self.group_label(code))

    def pair_label(self, code: str) -> str:
        """A group named as one side of a comparison: "Council members", "WEOG"."""
        if self.by == "group" and code in GROUP_LABELS:
            return noun(self.lang, f"noun_{code}", 2)
        return self.group_label(code)

    def item_label(self, item: Mapping[str, Any]) -> str:
        return pick_label(item.get("label") or {}, self.lang) or str(item.get("item", ""))

    def level_label(self, item: Mapping[str, Any], name: str) -> str:
        """The label of choice ``name`` of an item (from the summary's ``levels``)."""
        for level in item.get("levels") or ():
            if level.get("name") == name:
                return pick_label(level.get("label") or {}, self.lang) or str(name)
        return str(name)

    def option_label(self, option: Mapping[str, Any]) -> str:
        return pick_label(option.get("label") or {}, self.lang) or str(option.get("option"))

    def join(self, *sentences: str) -> str:
        return text(self.lang, "space").join(s for s in sentences if s)


def ordered_groups(groups: Mapping[str, Any], by: str) -> list[str]:
    """Group codes in display order: the fixed order of respondent groups, else as given."""
    codes = list(groups)
    if by == "group":
        return [c for c in GROUP_CODES if c in groups] + [c for c in codes if c not in GROUP_CODES]
    return codes


def scale(item: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The substantive levels of an ordinal item, in scale order."""
    levels = [lv for lv in item.get("levels") or () if not lv.get("missing")]
    return sorted(levels, key=lambda lv: lv.get("rank") or 0)


def positive_levels(item: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The levels a share "agreeing" counts: the top two of a scale of four or more points,
    the top one of a shorter scale (the engine's rule, analysis.items)."""
    levels = scale(item)
    top = 2 if len(levels) >= 4 else 1
    return levels[-top:] if levels else []


def _verbs(item: Mapping[str, Any], ctx: Context) -> tuple[str, str, str]:
    """(plural verb, one-answer-yes verb, one-answer-no verb) for an ordinal item."""
    positive = positive_levels(item)
    words = " ".join(str(lv.get("name")) + " " + pick_label(lv.get("label") or {}, "en")
                     for lv in positive).lower()
    if not positive or "agree" in words:
        return (text(ctx.lang, "verb_agree"), text(ctx.lang, "verb_agree_one_yes"),
                text(ctx.lang, "verb_agree_one_no"))
    choices = text(ctx.lang, "or").join(text(ctx.lang, "quoted", text=ctx.level_label(item, lv["name"]))
                                        for lv in positive)
    return (text(ctx.lang, "verb_positive", choices=choices),
            text(ctx.lang, "verb_positive_one_yes", choices=choices),
            text(ctx.lang, "verb_positive_one_no", choices=choices))


def _clause(ctx: Context, code: str, n: int, k: int, share: object, verb: str, verb_one: str) -> str:
    noun_text = ctx.group_noun(code, n)
    if n == 1:
        return text(ctx.lang, "clause_one", noun=noun_text, verb_one=verb_one)
    key = "clause_small" if n < MIN_N else "clause"
    return text(ctx.lang, key, n=n, noun=noun_text, k=k, pct=num.percent(share, ctx.lang), verb=verb)


def _group_n(group: Mapping[str, Any] | None) -> int:
    n = (group or {}).get("n")
    return int(n) if num.is_number(n) else 0


def group_clauses(item: Mapping[str, Any], ctx: Context) -> list[str]:
    """One clause per group that answered, e.g. "of the 12 … that answered, 9 (75%) agreed"."""
    kind = item.get("kind")
    groups = item.get("groups") or {}
    clauses: list[str] = []
    if kind == "ordinal":
        verb, yes, no = _verbs(item, ctx)
    for code in ordered_groups(groups, ctx.by):
        g, n = groups[code], _group_n(groups[code])
        if n == 0:
            continue
        if kind == "ordinal":
            k = num.agreed_count(g.get("agree_share"), n)
            if k is None:
                continue
            clauses.append(_clause(ctx, code, n, k, g.get("agree_share"), verb, yes if k else no))
            if verb != text(ctx.lang, "verb_agree"):
                verb = text(ctx.lang, "verb_positive_again")  # name the choices once per paragraph
        elif kind == "nominal":
            counts, shares = g.get("counts") or {}, g.get("shares") or {}
            if not shares:  # shares hold the substantive choices only ("don't know" left out)
                continue
            choice = max(shares, key=lambda c: counts.get(c, 0))  # first of ties, in scale order
            label = ctx.level_label(item, choice)
            share = shares[choice]
            clauses.append(_clause(ctx, code, n, int(counts[choice]), share,
                                   text(ctx.lang, "verb_chose", choice=label),
                                   text(ctx.lang, "verb_chose_one", choice=label)))
        elif kind == "multiple":
            picks = [(o, (o.get("groups") or {}).get(code) or {}) for o in item.get("options") or ()]
            picks = [(o, og) for o, og in picks if num.is_number(og.get("selected"))]
            if not picks:
                continue
            option, og = max(picks, key=lambda p: p[1]["selected"])
            label = ctx.option_label(option)
            clauses.append(_clause(ctx, code, n, int(og["selected"]), og.get("share"),
                                   text(ctx.lang, "verb_selected", choice=label),
                                   text(ctx.lang, "verb_selected_one", choice=label)))
        elif kind == "numeric":
            label = ctx.group_label(code)
            clauses.append(text(ctx.lang, "numeric_clause", noun_cap=label,
                                median=num.median(g.get("median"), ctx.lang), n=n))
    return clauses


def _q(test: Mapping[str, Any] | None) -> float | None:
    q = (test or {}).get("qvalue")
    return float(q) if num.is_number(q) else None


def tested(item: Mapping[str, Any]) -> bool:
    """True when the engine ran a between-group test for the item (or one of its options)."""
    return _q(item.get("test")) is not None or any(_q(o.get("test")) is not None
                                                   for o in item.get("options") or ())


def differs(item: Mapping[str, Any]) -> bool:
    """True only when a test ran and its summary-wide q-value is below ALPHA: the one
    condition for saying that groups differ (the item's test, else any option's test)."""
    q = _q(item.get("test"))
    if q is not None:
        return q < ALPHA
    return any((_q(o.get("test")) or 1.0) < ALPHA for o in item.get("options") or ())


def difference_sentence(item: Mapping[str, Any], ctx: Context) -> str:
    """What the between-group test says, without claiming more than it found."""
    lang = ctx.lang
    test = item.get("test")
    if test is None and any(o.get("test") for o in item.get("options") or ()):
        return _options_sentence(item, ctx)
    if _q(test) is None:
        reason = item.get("test_reason") or num.DASH
        return text(lang, "not_tested", reason=reason_text(lang, reason))
    if _q(test) >= ALPHA:
        return text(lang, "no_differ", q=num.relation("q", test["qvalue"], lang))
    details = [method_name(lang, str(test.get("name") or "")), num.relation("q", test["qvalue"], lang)]
    effect = test.get("effect_size") or {}
    if num.is_number(effect.get("value")):
        symbol = EFFECT_SYMBOLS.get(str(effect.get("name")), str(effect.get("name") or ""))
        size = f"{symbol} = {num.decimal(effect['value'], lang)}"
        if f"magnitude_{effect.get('magnitude')}" in CATALOGUES["en"]:
            size += text(lang, "comma") + text(lang, f"magnitude_{effect['magnitude']}")
        details.append(size)
    sentence = text(lang, "differ", details=text(lang, "clause_sep").join(d for d in details if d))
    pair = _clearest_pair(item)
    if pair is not None:
        sentence = ctx.join(sentence, text(lang, "differ_pair", a=ctx.pair_label(pair[0]),
                                           b=ctx.pair_label(pair[1]), p=num.relation("p", pair[2], lang)))
    return sentence


def _clearest_pair(item: Mapping[str, Any]) -> tuple[str, str, float] | None:
    """The pair of groups with the smallest adjusted p below ALPHA (post-hoc), if any."""
    pairs = [(str(p["a"]), str(p["b"]), p["pvalue_adjusted"]) for p in item.get("pairwise") or ()
             if num.is_number(p.get("pvalue_adjusted")) and p["pvalue_adjusted"] < ALPHA]
    return min(pairs, key=lambda p: p[2]) if pairs else None


def _options_sentence(item: Mapping[str, Any], ctx: Context) -> str:
    """Select-multiple items are tested option by option; name the options whose q < ALPHA."""
    qs = [(o, _q(o.get("test"))) for o in item.get("options") or () if _q(o.get("test")) is not None]
    found = [text(ctx.lang, "differ_option", option=ctx.option_label(o), q=num.relation("q", q, ctx.lang))
             for o, q in qs if q < ALPHA]
    if found:
        return ctx.join(*found)
    return text(ctx.lang, "no_differ_options", q=num.relation("q", min(q for _, q in qs), ctx.lang))


def item_paragraph(item: Mapping[str, Any], ctx: Context) -> str | None:
    """The numbered paragraph for one item, or None when nobody answered it."""
    label = ctx.item_label(item)
    if item.get("kind") in ("text", "date"):
        n = sum(_group_n(g) for g in (item.get("groups") or {}).values())
        return text(ctx.lang, "text_item", label=label, n=n) if n and item.get("kind") == "text" else None
    clauses = group_clauses(item, ctx)
    if not clauses:
        return None
    body = text(ctx.lang, "item_lead", label=label) + text(ctx.lang, "clause_sep").join(clauses)
    return ctx.join(body + text(ctx.lang, "sentence_end"), difference_sentence(item, ctx))


def question_sentence(items: Sequence[Mapping[str, Any]], question: Mapping[str, Any] | None,
                      ctx: Context) -> str | None:
    """On how many of a question's tested items the groups differ (the engine's count)."""
    n_tested = sum(1 for i in items if tested(i))
    if not n_tested:
        return None
    k = (question or {}).get("n_items_differ")
    k = int(k) if num.is_number(k) else sum(1 for i in items if differs(i))
    if k == 0:
        return text(ctx.lang, "question_differ_none", n=n_tested)
    return text(ctx.lang, "question_differ", n=n_tested, k=k)


def statement_label(entry: Mapping[str, Any], items: Mapping[str, Mapping[str, Any]], ctx: Context) -> str:
    """An item's label, with the option's label for a statement about one option."""
    item = items.get(entry.get("item"), entry)
    label = ctx.item_label(item)
    if entry.get("option"):
        options = {o.get("option"): o for o in item.get("options") or ()}
        option = options.get(entry["option"])
        label += " — " + (ctx.option_label(option) if option else str(entry["option"]))
    return label


def common_ground_lines(summary: Mapping[str, Any], ctx: Context) -> list[str]:
    items = {i["item"]: i for i in summary.get("items") or ()}
    return [text(ctx.lang, "common_ground_item", label=statement_label(e, items, ctx),
                 question=question_number(e.get("question")), score=num.decimal(e.get("score"), ctx.lang))
            for e in summary.get("common_ground") or ()]


def dividing_line_lines(summary: Mapping[str, Any], ctx: Context) -> list[str]:
    """Dividing lines; "answered differently" only where the summary-wide q-value says so."""
    items = {i["item"]: i for i in summary.get("items") or ()}
    lines = []
    for e in summary.get("dividing_lines") or ():
        item = items.get(e.get("item"), {})
        gap = num.decimal(100 * e["score"], ctx.lang, 0) if num.is_number(e.get("score")) else num.DASH
        fields = dict(label=statement_label(e, items, ctx), question=question_number(e.get("question")),
                      a=ctx.pair_label(str(e.get("a"))), b=ctx.pair_label(str(e.get("b"))),
                      gap=text(ctx.lang, "points", n=gap))
        q = _statement_q(item, e.get("option"))
        key = ("dividing_item_untested" if q is None else
               "dividing_item_differ" if q < ALPHA else "dividing_item_chance")
        lines.append(text(ctx.lang, key, q=num.relation("q", q, ctx.lang), **fields))
    return lines


def _statement_q(item: Mapping[str, Any], option: str | None) -> float | None:
    """The summary-wide q-value behind a statement: the option's own test, else the item's."""
    for o in item.get("options") or ():
        if option is not None and o.get("option") == option and _q(o.get("test")) is not None:
            return _q(o.get("test"))
    return _q(item.get("test"))


def question_number(name: object) -> str:
    """``q3`` → ``3`` (the note numbers its questions); other names are kept."""
    s = str(name or "")
    return s[1:] if s[:1].lower() == "q" and s[1:].isdigit() else s
