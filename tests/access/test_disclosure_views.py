"""Complementary suppression, as a property over data and over every view a member can reach.

The claim (analysis/present/disclosure.py, docs/confidentiality.md): whatever views a member
or viewer combines — a filter and its complement, a group and the total, one compare-by
variable and another, a view and its filters — sums and differences of what they show never
isolate fewer than k respondents. The test does not trust the rule's own idea of an atom: it
enumerates every view the rule lets through, collects the respondents behind every figure
shown (each group of each view, and each view's total), and groups respondents by the exact
set of figures they are counted in. Any linear combination of the figures is constant on
these classes, so the finest thing a member can compute is a class; every class must hold at
least k respondents. A control shows the check finds the leak when the rule is switched off.
"""
from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from analysis.comparison import build_comparison
from analysis.present.disclosure import (
    SECRETARIAT,
    Audience,
    ViewRefused,
    disclosed,
    share,
    summarize_for,
    withheld_options,
)
from surveys.model import Choice, ChoiceList, Instrument, Item, Question, Wave
from surveys.wavedata import RESPONDENT_COLUMNS, WaveData

GROUPS = ("council", "tcc_pcc", "secretariat", "other")
REGIONS = ("african", "asia_pacific", "weog", None)
AGREE = ChoiceList("agree", tuple(Choice(str(i), {"en": f"level {i}"}) for i in range(1, 6)))
INSTRUMENT = Instrument("views", "1", {"en": "Views"}, "en", dt.date(2015, 12, 11), ("en",),
                        (Question("q1", {"en": "Q1"}),),
                        (Item("q1_item", "select_one", {"en": "Item"}, "agree", "ordinal", "q1"),),
                        {"agree": AGREE})

person = st.fixed_dictionaries({
    "group": st.sampled_from(GROUPS),
    "region": st.sampled_from(REGIONS),
    "seat": st.sampled_from(("p5", "e10", None)),
    "tcc_pcc": st.booleans(),
    "level": st.sampled_from(("ambassador", "expert", None)),
    "answer": st.integers(1, 5),
})


def wave(people: list[dict], name: str = "views") -> WaveData:
    rows, answers = [], []
    for i, p in enumerate(people):
        row = {c: None for c in RESPONDENT_COLUMNS}
        seat = p["seat"] if p["group"] == "council" else None
        row.update(respondent=f"{name}-{i}", group=p["group"], region=p["region"], council_seat=seat,
                   p5_e10=seat or "non_member", tcc_pcc=p["tcc_pcc"], wave=name, level=p["level"])
        rows.append(row)
        answers.append({"respondent": f"{name}-{i}", "item": "q1_item", "value": str(p["answer"])})
    frame = pd.DataFrame(rows, columns=[*RESPONDENT_COLUMNS, "level"])
    return WaveData(Wave(name, "views", "1", dt.date(2015, 12, 11)), INSTRUMENT, frame,
                    pd.DataFrame(answers, columns=["respondent", "item", "value"]), f"v-{name}-{len(rows)}")


def values_of(data: WaveData, var: str) -> list[str]:
    comp = build_comparison(data, var)
    return [g for g in comp.groups if comp.sizes.get(g)]


def reachable_views(data: WaveData, audience: Audience):
    """Every (by, filters) the rule lets ``audience`` see: each allowed compare-by variable with no
    filter, one filter, or two filters, each filter any non-empty set of values (so a filter and
    its complement are both there)."""
    seen = disclosed(data, audience)
    variables = seen.variables
    choices = {var: values_of(seen.data, var) for var in variables}
    selections = {var: [set(c) for r in range(1, len(vals) + 1) for c in itertools.combinations(vals, r)]
                  for var, vals in choices.items()}
    for by in variables:
        yield seen, by, {}
        for size in (1, 2):
            for chosen in itertools.combinations(variables, size):
                for picks in itertools.product(*(selections[v] for v in chosen)):
                    yield seen, by, dict(zip(chosen, map(sorted, picks)))


def published_cells(data: WaveData, audience: Audience, k: int) -> list[frozenset[str]]:
    """The respondents behind each figure shown in every reachable view: each group the view
    shows (n ≥ k for members; every group for the secretariat) and the view's total."""
    cells = []
    for seen, by, filters in reachable_views(data, audience):
        seen.check(by, filters)  # the rule itself lets it through
        comp = build_comparison(seen.data, by, filters or None)
        members = comp.answers.groupby("group")["key"].apply(frozenset)
        shown = [keys for keys in members if audience.sees_everything or len(keys) >= k]
        cells.extend(shown)
        if shown:
            cells.append(frozenset().union(*members))
    return cells


def finest_classes(cells: list[frozenset[str]]) -> list[int]:
    """Sizes of the classes of respondents counted in exactly the same published figures."""
    signature: dict[str, list[int]] = {}
    for j, cell in enumerate(cells):
        for key in cell:
            signature.setdefault(key, []).append(j)
    classes: dict[tuple[int, ...], int] = {}
    for sig in signature.values():
        classes[tuple(sig)] = classes.get(tuple(sig), 0) + 1
    return list(classes.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, min_size=0, max_size=36), k=st.integers(2, 5))
def test_no_combination_of_reachable_views_isolates_fewer_than_k_respondents(people, k):
    data = wave(people)
    audience = Audience("member", "GHA", k)
    cells = published_cells(data, audience, k)
    assert all(size >= k for size in finest_classes(cells)), finest_classes(cells)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, min_size=0, max_size=30), k=st.integers(2, 4))
def test_views_the_rule_refuses_are_refused_and_the_summary_counts_what_the_cells_hold(people, k):
    data = wave(people)
    audience = Audience("member", "GHA", k)
    seen = disclosed(data, audience)
    for var in ("group", "p5_e10", "region", "tcc_pcc", "level"):
        if var in seen.variables:
            summary = summarize_for(data, audience, by=var)
            comp = build_comparison(seen.data, var)
            assert {g: n for g, n in summary.groups.items() if n} == {g: n for g, n in comp.sizes.items() if n}
            assert all(n == 0 or n >= k for n in summary.groups.values())
        else:
            with pytest.raises(ViewRefused):
                summarize_for(data, audience, by=var)
            with pytest.raises(ViewRefused):
                summarize_for(data, audience, filters={var: ["x"]})
    with pytest.raises(ViewRefused):  # an answer is never a filter for members
        summarize_for(data, audience, filters={"q1_item": ["5"]})


def test_the_check_finds_the_leak_when_the_rule_is_off():
    """Four Council members, one of them from the WEOG: the Council's total minus its
    non-WEOG part is that one delegation's answer. The secretariat may see it; the check
    must see it too, or it proves nothing."""
    people = [dict(group="council", region=r, seat="e10", tcc_pcc=False, level=None, answer=a)
              for r, a in (("african", 4), ("african", 2), ("african", 5), ("weog", 1))]
    people += [dict(group="tcc_pcc", region="african", seat=None, tcc_pcc=True, level=None, answer=3)] * 4
    data = wave(people)
    assert min(finest_classes(published_cells(data, SECRETARIAT, 3))) == 1
    member = Audience("member", "GHA", 3)
    assert "region" not in disclosed(data, member).variables
    assert min(finest_classes(published_cells(data, member, 3))) >= 3


def test_a_group_smaller_than_k_is_left_out_of_every_total():
    """Two observers answered: members see no 'other' group, and no total that includes them."""
    people = [dict(group="council", region="weog", seat="p5", tcc_pcc=False, level=None, answer=5)] * 5
    people += [dict(group="other", region="weog", seat=None, tcc_pcc=False, level=None, answer=1)] * 2
    data = wave(people)
    member = Audience("member", "GHA", 3)
    summary = summarize_for(data, member)
    assert "other" not in summary.groups and summary.item("q1_item").groups["council"].n == 5
    assert {g for g, n in summary.groups.items() if n} == {"council"}  # the others listed as silent: truly so
    assert disclosed(data, member).withheld == 2
    assert "other" in summarize_for(data, SECRETARIAT).groups


def test_waves_compared_keep_each_waves_atoms():
    first = wave([dict(group="council", region="weog", seat="p5", tcc_pcc=False, level=None, answer=4)] * 4
                 + [dict(group="secretariat", region=None, seat=None, tcc_pcc=False, level=None, answer=2)] * 2,
                 "first")
    second = wave([dict(group="council", region="weog", seat="p5", tcc_pcc=False, level=None, answer=1)] * 3,
                  "second")
    member = Audience("member", "GHA", 3)
    summary = summarize_for(first, member, by="wave", other=second)
    assert dict(summary.groups) == {"first": 4, "second": 3}  # the two Secretariat units are left out
    with pytest.raises(ViewRefused):
        summarize_for(first, Audience("viewer", None, 3), by="wave", other=second)


def test_viewers_see_the_published_comparison_only():
    data = wave([dict(group="council", region="weog", seat="p5", tcc_pcc=False, level="expert", answer=4)] * 6)
    viewer = Audience("viewer", None, 3)
    assert disclosed(data, viewer).variables == ("group",)
    assert summarize_for(data, viewer).groups["council"] == 6
    for by, filters in (("p5_e10", None), ("group", {"group": ["council"]})):
        with pytest.raises(ViewRefused, match="viewer|not available"):
            summarize_for(data, viewer, by=by, filters=filters)


@given(counts=st.lists(st.integers(0, 12), min_size=1, max_size=7), k=st.integers(2, 5))
def test_a_distribution_never_shows_a_small_count_nor_lets_one_be_subtracted(counts, k):
    audience = Audience("member", "GHA", k)
    hidden = withheld_options(counts, audience)
    shown = [c for c, h in zip(counts, hidden) if not h]
    assert all(c == 0 or c >= k for c in shown)
    if sum(hidden) == 1:  # one withheld count alone is the total minus the rest: only when nothing else is there
        assert not any(c > 0 for c in shown)
    for c, n in ((c, sum(counts)) for c in counts):
        figure = share(c, n, audience=audience)
        assert figure.mode in ("none", "withheld") or c == 0 or c >= k
    assert withheld_options(counts, SECRETARIAT) == (False,) * len(counts)
