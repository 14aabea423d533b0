"""Krippendorff's alpha against Krippendorff's own worked example and an independent implementation."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.reliability import krippendorff_alpha, reliability_matrix
from analysis.results import DegenerateDataWarning

N = np.nan
#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers
#: (A-D) value twelve units, with missing values. Rows are observers, columns units 1-12.
WORKED_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize("level, expected", [
    ("nominal", 0.743),   # Krippendorff (2011), section C.b: alpha = 0.743
    ("ordinal", 0.815),   # section E: ordinal alpha = 0.815
    ("interval", 0.849),  # section E: interval alpha = 0.849
    ("ratio", 0.797),     # section E: ratio alpha = 0.797
])
def test_worked_example_to_three_decimals(level, expected):
    result = krippendorff_alpha(WORKED_EXAMPLE, level)
    assert round(result.statistic, 3) == expected
    # Unit 12 has one value only (observer B): not pairable, left out; 40 pairable values in 11 units.
    assert (result.units, result.pairable_values, result.single_coded, result.coders) == (11, 40, 1, 4)


def test_a_single_coded_unit_changes_nothing():
    """Pairable values only: adding units that one coder coded leaves alpha as it was."""
    more = np.array(WORKED_EXAMPLE, dtype=float)
    extra = np.full((4, 3), np.nan)
    extra[0, 0], extra[2, 1], extra[3, 2] = 1, 5, 4
    widened = np.hstack([more, extra])
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha(widened, level).statistic == pytest.approx(
            krippendorff_alpha(WORKED_EXAMPLE, level).statistic, abs=1e-12)
    assert krippendorff_alpha(widened).single_coded == 4


def test_nominal_alpha_is_not_simple_agreement():
    """Two coders agreeing on 8 of 10 binary units: 80 % agreement, but alpha corrects for chance
    (Krippendorff 2011, nominal formula: alpha = 1 - (n-1) * o_01*2 / (2 n_0 n_1))."""
    a = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    # By hand: n = 20 pairable values, n_1 = 6 + 4 = 10, n_0 = 10, o_01 = o_10 = 2 (units 5 and 9);
    # alpha = 1 - (n - 1)(o_01 + o_10) / (n_0 n_1 + n_1 n_0) = 1 - 19 * 4 / 200 = 0.62.
    assert krippendorff_alpha([a, b]).statistic == pytest.approx(0.62)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_agrees_with_the_independent_krippendorff_package(seed, level):
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(seed)
    coders, units = rng.integers(2, 7), rng.integers(5, 60)
    truth = rng.integers(1, 6, size=units)
    noise = rng.random((coders, units)) < 0.3
    data = np.where(noise, rng.integers(1, 6, size=(coders, units)), truth).astype(float)
    data[rng.random((coders, units)) < 0.25] = np.nan
    if (np.sum(~np.isnan(data), axis=0) >= 2).sum() == 0 or np.unique(data[~np.isnan(data)]).size < 2:
        pytest.skip("degenerate draw")
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data, level).statistic == pytest.approx(expected, abs=1e-9)


def test_no_pairable_unit_and_no_variation_are_nan_with_a_reason():
    with pytest.warns(DegenerateDataWarning):
        lonely = krippendorff_alpha([[1, N, N], [N, 2, N]])
    assert math.isnan(lonely.statistic) and "two or more coders" in lonely.reason
    with pytest.warns(DegenerateDataWarning):
        same = krippendorff_alpha([[1, 1, 1], [1, 1, 1]])
    assert math.isnan(same.statistic) and "do not vary" in same.reason


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level must be one of"):
        krippendorff_alpha(WORKED_EXAMPLE, "cardinal")


def test_reliability_matrix_from_a_tidy_frame():
    tidy = pd.DataFrame({"coder": ["a", "a", "b", "b", "c"], "unit": [1, 2, 1, 2, 2], "value": [1, 0, 1, 1, 0]})
    matrix, coders, units = reliability_matrix(tidy)
    assert coders == ("a", "b", "c") and units == (1, 2)
    assert np.isnan(matrix[2, 0]) and matrix[1, 1] == 1
    with pytest.raises(ValueError, match="more than one value"):
        reliability_matrix(pd.concat([tidy, tidy.iloc[:1]]))
