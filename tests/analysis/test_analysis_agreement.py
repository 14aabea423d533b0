"""Agreement across groups: group-informed consensus, Cohen's h, divergence and what sets a
group apart — against published values and the definitions' closed forms, never this code's output."""
from __future__ import annotations

import math

import pytest

from analysis import cohens_h, distinctions, divergence, group_informed_consensus, summarize
from analysis.results import DegenerateDataWarning
from support.waves import council_wave

# Wikipedia, "Fisher's exact test", worked example (men/women studying: 1 of 12 vs 9 of 12);
# R: fisher.test(matrix(c(1, 11, 9, 3), nrow = 2))  "p-value = 0.002759"
FISHER_STUDYING_P = 0.002759


def test_group_informed_consensus_is_the_geometric_mean_of_smoothed_agreement():
    # The definition, by hand: (8 + 1) / (10 + 2) = 3/4 and (1 + 1) / (4 + 2) = 1/3;
    # geometric mean sqrt(3/4 * 1/3) = sqrt(1/4) = 1/2 exactly.
    res = group_informed_consensus([8, 1], [10, 4])
    assert res.statistic == pytest.approx(0.5, abs=1e-12)
    assert res.n == 14
    # One group of 3 that all agree: (3 + 1) / (3 + 2) = 0.8 (no geometric mean needed).
    assert group_informed_consensus([3], [3]).statistic == pytest.approx(0.8, abs=1e-12)
    # Groups without answers do not count: still 1/2, not pulled towards 1/2 by a (0+1)/(0+2) term.
    assert group_informed_consensus([8, 1, 0], [10, 4, 0]).statistic == pytest.approx(0.5, abs=1e-12)


def test_group_informed_consensus_with_no_answers_says_why():
    with pytest.warns(DegenerateDataWarning):
        res = group_informed_consensus([0, 0], [0, 0])
    assert math.isnan(res.statistic) and res.reason


def test_cohens_h_closed_form():
    # Cohen (1988), ch. 6: h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2)); for 0.5 and 0.25 that is
    # pi/2 - pi/3 = pi/6 = 0.5235988 (R: pwr::ES.h(0.5, 0.25) = 0.5235988).
    assert cohens_h(0.5, 0.25) == pytest.approx(0.5235988, abs=1e-7)
    # 1 and 0: pi (the largest possible h).
    assert cohens_h(1.0, 0.0) == pytest.approx(math.pi, abs=1e-12)


def test_divergence_names_the_higher_group_with_fishers_p():
    res = divergence([1, 9], [12, 12], ["men", "women"])
    assert (res.a, res.b) == ("women", "men")
    assert res.difference == pytest.approx(8 / 12)
    assert res.pvalue == pytest.approx(FISHER_STUDYING_P, abs=5e-7)
    # One pair only: the Holm adjustment leaves p as it is.
    assert res.pvalue_adjusted == pytest.approx(FISHER_STUDYING_P, abs=5e-7)
    assert res.effect_size_magnitude == "large"


def test_divergence_adjusts_over_all_pairs():
    # Three groups, three pairs; the largest gap (a vs c, 1/12 vs 5/6) is picked after looking
    # at all three, so its p is Holm-adjusted: smallest p times 3.
    res = divergence([1, 4, 10], [12, 6, 12], ["a", "b", "c"])
    assert (res.a, res.b) == ("c", "a")
    assert res.pvalue_adjusted == pytest.approx(min(1.0, 3 * res.pvalue))


def test_divergence_needs_two_groups_with_two_answers():
    with pytest.warns(DegenerateDataWarning):
        res = divergence([1, 1], [1, 5], ["a", "b"])
    assert res.a is None and "fewer than 2 groups" in res.reason


def test_a_group_is_compared_with_everyone_else_pooled():
    # Group a (1 of 12) against b and c pooled (4 + 5 of 6 + 6 = 9 of 12): the Wikipedia table.
    found = {d.group: d for d in distinctions([1, 4, 5], [12, 6, 6], ["a", "b", "c"])}
    assert found["a"].share == pytest.approx(1 / 12)
    assert found["a"].rest_share == pytest.approx(9 / 12)
    assert found["a"].pvalue == pytest.approx(FISHER_STUDYING_P, abs=5e-7)
    # R: fisher.test(matrix(c(3, 1, 1, 3), nrow = 2)) "p-value = 0.4857" (?fisher.test, TeaTasting):
    tea = {d.group: d for d in distinctions([3, 1], [4, 4], ["x", "y"])}
    assert tea["x"].pvalue == pytest.approx(0.4857, abs=5e-5)


def test_summary_sets_groups_apart_on_scales_and_on_each_option():
    out = summarize(council_wave()).to_dict()
    useful = next(i for i in out["items"] if i["item"] == "q1_useful")
    assert {d["group"] for d in useful["distinctive"]} >= {"council", "tcc_pcc"}
    formats = next(i for i in out["items"] if i["item"] == "q5_formats")
    for option in formats["options"]:
        assert set(option["distinctive"][0]) == {"group", "share", "rest_share", "pvalue"}
        council = next(d for d in option["distinctive"] if d["group"] == "council")
        assert council["share"] == option["groups"]["council"]["share"]
