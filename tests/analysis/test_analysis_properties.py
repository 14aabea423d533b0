"""Invariants of the statistics, checked on generated data (hypothesis)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from analysis import kruskal_wallis, summarize
from analysis.results import DegenerateDataWarning
from support.waves import make_wave

LEVELS = st.sampled_from(["1", "2", "3", "4", "5"])
GROUPS = st.sampled_from(["council", "tcc_pcc", "secretariat", "other"])
ANSWERS = st.lists(st.tuples(GROUPS, LEVELS), min_size=4, max_size=40)


def _rows(answers, extra_dk=0):
    rows = [{"respondent": f"R{i}", "group": g, "q1_useful": v} for i, (g, v) in enumerate(answers)]
    rows += [{"respondent": f"D{i}", "group": "council", "q1_useful": "dk"} for i in range(extra_dk)]
    return rows


@settings(max_examples=40, deadline=None)
@given(ANSWERS, st.permutations(["a", "b", "c", "d"]))
def test_relabelling_groups_does_not_change_kruskal_wallis(answers, names):
    values = np.array([float(v) for _, v in answers])
    groups = np.array([g for g, _ in answers])
    relabel = dict(zip(["council", "tcc_pcc", "secretariat", "other"], names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        a = kruskal_wallis(values, groups)
        b = kruskal_wallis(values, np.array([relabel[g] for g in groups]))
    assert (np.isnan(a.statistic) and np.isnan(b.statistic)) or a.statistic == pytest.approx(b.statistic)
    assert (np.isnan(a.pvalue) and np.isnan(b.pvalue)) or a.pvalue == pytest.approx(b.pvalue)


@settings(max_examples=25, deadline=None)
@given(ANSWERS)
def test_shares_sum_to_one(answers):
    item = summarize(make_wave(_rows(answers))).item("q1_useful")
    for stats in item.groups.values():
        if stats.n:
            assert sum(stats.shares.values()) == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(ANSWERS, st.integers(min_value=1, max_value=5))
def test_dont_know_answers_do_not_change_ordinal_statistics(answers, extra):
    plain = summarize(make_wave(_rows(answers))).item("q1_useful")
    with_dk = summarize(make_wave(_rows(answers, extra_dk=extra))).item("q1_useful")
    for code, stats in plain.groups.items():
        other = with_dk.groups[code]
        assert (stats.n, stats.median, stats.shares, stats.agree_share) == \
               (other.n, other.median, other.shares, other.agree_share)
    if plain.test is None:
        assert with_dk.test is None
    else:
        assert with_dk.test.statistic == pytest.approx(plain.test.statistic)
        assert with_dk.test.pvalue == pytest.approx(plain.test.pvalue)
