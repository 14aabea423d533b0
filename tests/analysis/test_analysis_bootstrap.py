"""The BCa interval for the mean: agreement with scipy's independent implementation on tied
answers, and the estimate inside its interval whatever the answers (hypothesis).

scipy.stats.bootstrap resamples answers one by one; bootstrap_mean_ci_counts draws level
counts from a multinomial. Both estimate the same ideal-bootstrap interval, so they must
agree within Monte Carlo error. On answers with few levels the bootstrap means sit on a grid
(step: level gap / n) and with 200,000 resamples an endpoint is one grid point, unless the
BCa level falls within Monte Carlo error of a step of the bootstrap CDF; two scipy runs with
different seeds show where that happens, and there ours must lie between them. (The old
strict "<" count in the bias correction missed scipy by one to three grid steps on every
one of these samples.)
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from analysis import bootstrap_mean_ci, bootstrap_mean_ci_counts, summarize
from analysis.results import DegenerateDataWarning
from support.waves import make_wave

TIED = [
    [5, 5, 4, 4, 4, 3],
    [1, 5],
    [1, 1, 5],
    [3, 3, 4],
    [2, 2, 2, 2, 5],
    [2, 3, 3, 3, 3, 3, 3, 3, 3, 4],
    [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5],
    [4] * 12 + [5] * 3 + [1],
    [1] * 30 + [2] * 5 + [5] * 2,
]
RESAMPLES = 200_000


def _within_scipy_runs(got: float, runs: list[float]) -> bool:
    return min(runs) - 1e-9 <= got <= max(runs) + 1e-9


@pytest.mark.parametrize("answers", TIED)
def test_counts_bootstrap_agrees_with_scipy_bca(answers):
    x = np.asarray(answers, dtype=float)
    runs = [stats.bootstrap((x,), np.mean, method="BCa", n_resamples=RESAMPLES,
                            rng=np.random.default_rng(seed)).confidence_interval for seed in (1, 2)]
    levels, counts = np.unique(x, return_counts=True)
    ours = bootstrap_mean_ci_counts(levels, counts, n_resamples=RESAMPLES).confidence_interval
    assert _within_scipy_runs(ours.low, [r.low for r in runs]), (ours, runs)
    assert _within_scipy_runs(ours.high, [r.high for r in runs]), (ours, runs)


@pytest.mark.parametrize("answers", TIED)
def test_both_bootstrap_paths_agree(answers):
    # The per-answer path (scipy underneath) and the counts path on the same answers, at
    # the summary's size: one grid step apart at most.
    x = np.asarray(answers, dtype=float)
    levels, counts = np.unique(x, return_counts=True)
    a = bootstrap_mean_ci(x, n_resamples=1999).confidence_interval
    b = bootstrap_mean_ci_counts(levels, counts, n_resamples=1999).confidence_interval
    step = np.diff(levels).min() / x.size
    assert a.low == pytest.approx(b.low, abs=step + 1e-9) and a.high == pytest.approx(b.high, abs=step + 1e-9)


COUNTS = st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=7).filter(
    lambda c: sum(c) >= 2 and sum(1 for v in c if v) >= 2)


@settings(max_examples=150, deadline=None)
@given(COUNTS, st.sampled_from([199, 1999]), st.integers(min_value=0, max_value=2**31))
def test_the_mean_lies_inside_its_interval(counts, resamples, seed):
    levels = np.arange(1, len(counts) + 1, dtype=float)
    res = bootstrap_mean_ci_counts(levels, counts, n_resamples=resamples, seed=seed)
    low, high = res.confidence_interval
    assert low <= res.estimate <= high
    assert levels[np.asarray(counts) > 0].min() <= low and high <= levels[np.asarray(counts) > 0].max()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda v: round(v, 2)),
                          st.integers(min_value=1, max_value=9)), min_size=2, max_size=8, unique_by=lambda t: t[0]))
def test_the_mean_lies_inside_its_interval_on_decimal_levels(pairs):
    levels = np.array([v for v, _ in pairs])
    counts = np.array([c for _, c in pairs])
    res = bootstrap_mean_ci_counts(levels, counts, n_resamples=999)
    assert res.confidence_interval.low <= res.estimate <= res.confidence_interval.high


def test_constant_and_single_answers_have_no_interval():
    with pytest.warns(DegenerateDataWarning, match="all answers are the same"):
        assert np.isnan(bootstrap_mean_ci_counts([1, 2, 3], [0, 7, 0]).confidence_interval.low)
    with pytest.warns(DegenerateDataWarning, match="fewer than 2"):
        assert np.isnan(bootstrap_mean_ci_counts([1, 2, 3], [0, 1, 0]).confidence_interval.low)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["council", "tcc_pcc", "secretariat"]),
                          st.sampled_from(["1", "2", "3", "4", "5"])), min_size=4, max_size=40))
def test_every_group_mean_in_a_summary_lies_inside_its_interval(answers):
    rows = [{"respondent": f"R{i}", "group": g, "q1_useful": v} for i, (g, v) in enumerate(answers)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        item = summarize(make_wave(rows)).item("q1_useful")
    for group in item.groups.values():
        if group.mean_ci95 is not None and not np.isnan(group.mean_ci95.low):
            assert group.mean_ci95.low <= group.mean <= group.mean_ci95.high
