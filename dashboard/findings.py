"""One plain sentence per test result, in the reader's language.

The engine (``analysis.summarize``) decides whether a comparison can be made; when it
cannot (``test`` is null) the sentence says there were too few answers. Otherwise the
sentence names the two most different groups, their shares, the effect's magnitude and
the Benjamini–Hochberg q-value (Benjamini & Hochberg, JRSS B 57(1), 1995).
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from .i18n import N_, is_rtl, translations

ALPHA = 0.05
MAGNITUDES = {
    "negligible": N_("negligible"), "small": N_("small"), "medium": N_("medium"),
    "moderate": N_("moderate"), "large": N_("large"), "very large": N_("very large"),
}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def format_q(q: float | None) -> str:
    """A q-value as people read it: two decimals, three below 0.01, a floor at 0.001."""
    if q is None:
        return "–"
    if q < 0.001:
        return "q < 0.001"
    return f"q = {q:.3f}" if q < 0.01 else f"q = {q:.2f}"


def _q_in(q: float | None, lang: str) -> str:
    """:func:`format_q` for a sentence in ``lang``: in right-to-left text the Latin "q < 0.001"
    is isolated (Unicode LRI … PDI, UAX #9) so the bidi algorithm does not turn it into "0.001 > q"."""
    return _isolated(format_q(q), lang)


def _isolated(text: str, lang: str) -> str:
    return f"\u2066{text}\u2069" if is_rtl(lang) else text


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _magnitude(effect: Mapping[str, Any] | None, lang: str) -> str:
    _ = translations(lang).gettext
    name = (effect or {}).get("magnitude")
    return _(MAGNITUDES[name]) if name in MAGNITUDES else (name or _("unknown"))


def sentence(item: Mapping[str, Any], group_labels: Mapping[str, str], *, lang: str = "en") -> str:
    """What the comparison of groups on ``item`` found, in one sentence."""
    _ = translations(lang).gettext
    test = item.get("test")
    if not test and item.get("kind") == "multiple":
        return _options_summary(item, lang)
    if not test:
        return _("Too few answers to compare.")
    q = _number(test.get("qvalue"))
    magnitude = _magnitude(test.get("effect_size"), lang)
    if q is None or q >= ALPHA:
        return _("No clear difference between groups ({magnitude} effect, {q}).").format(
            magnitude=magnitude, q=_q_in(q, lang))
    divergence = item.get("divergence") or {}
    a, b = divergence.get("a"), divergence.get("b")
    groups = item.get("groups") or {}
    kind = item.get("kind")
    if a in groups and b in groups and kind in ("ordinal", "numeric"):
        metric = "agree_share" if kind == "ordinal" else "median"
        va, vb = _number(groups[a].get(metric)), _number(groups[b].get(metric))
        if va is not None and vb is not None:
            if vb > va:
                a, b, va, vb = b, a, vb, va
            if kind == "numeric":
                text = _("{a} answered higher than {b}: median {va} vs {vb}, {magnitude} effect, {q}.")
            elif _agreement_scale(item):
                text = _("{a} agreed more than {b}: {va} vs {vb}, {magnitude} effect, {q}.")
            else:
                text = _("{a} rated it higher than {b}: {va} vs {vb} in the upper answers, "
                         "{magnitude} effect, {q}.")
            shown = (_share(va), _share(vb)) if kind == "ordinal" else (f"{va:g}", f"{vb:g}")
            return text.format(a=group_labels.get(a, a), b=group_labels.get(b, b), va=shown[0],
                               vb=shown[1], magnitude=magnitude, q=_q_in(q, lang))
    return _("Groups answered differently ({magnitude} effect, {q}).").format(
        magnitude=magnitude, q=_q_in(q, lang))


def option_sentence(option: Mapping[str, Any], group_labels: Mapping[str, str], *,
                    lang: str = "en") -> str | None:
    """For a multi-select option that groups chose at clearly different rates, say which; else None."""
    _ = translations(lang).gettext
    q = _number(option.get("qvalue"))
    groups = option.get("groups") or {}
    shares = {code: _number(stats.get("share")) for code, stats in groups.items()}
    shares = {code: share for code, share in shares.items() if share is not None}
    if q is None or q >= ALPHA or len(shares) < 2:
        return None
    label = option.get("label")
    text = (label.get(lang) or label.get("en")) if isinstance(label, Mapping) else label
    high = max(shares, key=shares.get)
    low = min(shares, key=shares.get)
    return _("{a} chose “{option}” more often than {b}: {va} vs {vb}, {q}.").format(
        a=group_labels.get(high, high), b=group_labels.get(low, low), option=text or option["option"],
        va=_share(shares[high]), vb=_share(shares[low]), q=_q_in(q, lang))


def _agreement_scale(item: Mapping[str, Any]) -> bool:
    """Whether the item's scale is one of agreement (its top answer says "agree")."""
    levels = [level for level in item.get("levels") or [] if not level.get("missing")]
    top = (levels[-1].get("label") or {}).get("en", "") if levels else ""
    return "agree" in top.casefold()


def _options_summary(item: Mapping[str, Any], lang: str) -> str:
    """A multi-select item has a test per option: say whether any option divides the groups."""
    _ = translations(lang).gettext
    tested = [_number(option.get("qvalue")) for option in item.get("options") or []]
    tested = [q for q in tested if q is not None]
    if not tested:
        return _("Too few answers to compare.")
    differing = sum(q < ALPHA for q in tested)
    if not differing:
        return _("No option was chosen at clearly different rates ({q} at the smallest).").format(
            q=_q_in(min(tested), lang))
    return translations(lang).ngettext(
        "{n} option was chosen at clearly different rates:", "{n} options were chosen at clearly different rates:",
        differing).format(n=differing)


def format_p(p: float | None) -> str:
    """An adjusted p-value as :func:`format_q` writes a q-value."""
    return format_q(p).replace("q", "p", 1)


def statement_shares(item: Mapping[str, Any], option: str | None) -> dict[str, tuple[float, int]]:
    """Each group's share agreeing with an ordinal item (or choosing ``option`` of a select
    item) and its number of answers, as the engine's lists read them."""
    if option is None:
        groups = item.get("groups") or {}
        key = "agree_share"
    else:
        found = [o for o in item.get("options") or [] if o.get("option") == option]
        groups = (found[0].get("groups") or {}) if found else {}
        key = "share"
    out = {}
    for code, stats in groups.items():
        share = _number(stats.get(key))
        if share is not None:
            out[code] = (share, int(stats.get("n") or 0))
    return out


def dividing_line(finding: Mapping[str, Any], item: Mapping[str, Any], group_labels: Mapping[str, str], *,
                  lang: str = "en") -> str | None:
    """The numbers behind one dividing line: both groups' shares, the gap in points and the
    Holm-adjusted p-value of Fisher's exact test (the engine's ``divergence``)."""
    _ = translations(lang).gettext
    shares = statement_shares(item, finding.get("option"))
    a, b = finding.get("a"), finding.get("b")
    if a not in shares or b not in shares:
        return None
    va, vb = (round(shares[code][0] * 100) for code in (a, b))
    text = (_("{a} {va} vs {b} {vb} agreeing: a gap of {gap} points, adjusted {p}.")
            if finding.get("option") is None else
            _("{a} {va} vs {b} {vb} chose it: a gap of {gap} points, adjusted {p}."))
    # The gap is the difference of the shares as shown, so the sentence adds up for the reader.
    return text.format(a=group_labels.get(a, a), va=f"{va}%", b=group_labels.get(b, b), vb=f"{vb}%",
                       gap=va - vb, p=_isolated(format_p(_number(finding.get("pvalue_adjusted"))), lang))


def common_ground_line(finding: Mapping[str, Any], item: Mapping[str, Any], group_labels: Mapping[str, str],
                       *, lang: str = "en") -> str | None:
    """The numbers behind one common-ground statement: the lowest share agreeing among the
    groups the engine weighed (2 or more answers) and the group-informed consensus score."""
    _ = translations(lang).gettext
    shares = {code: share for code, (share, n) in statement_shares(item, finding.get("option")).items()
              if n >= 2}
    score = _number(finding.get("score"))
    if not shares or score is None:
        return None
    low = min(shares, key=lambda code: (shares[code], code))
    text = (_("Lowest share agreeing: {group} {share}; consensus score {score}.")
            if finding.get("option") is None else
            _("Lowest share choosing it: {group} {share}; consensus score {score}."))
    return text.format(group=group_labels.get(low, low), share=_share(shares[low]), score=f"{score:.2f}")
