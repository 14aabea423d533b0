"""The network algorithm against the definition of the Fisher-Freeman-Halton p-value.

For small tables every table with the observed margins can be listed; their probabilities
prod r_i! prod c_j! / (n! prod x_ij!) are computed here in exact rational arithmetic, and
the p-value is the sum over the tables no more probable than the observed one. The network
algorithm (which never lists the tables) must give the same number, whatever the shape.
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from analysis.fisher import fisher_freeman_halton
from analysis.fisher_network import network_pvalue


def _compositions(total: int, caps: list[int]):
    if len(caps) == 1:
        if total <= caps[0]:
            yield (total,)
        return
    for x in range(min(total, caps[0]) + 1):
        for rest in _compositions(total - x, caps[1:]):
            yield (x, *rest)


def _tables(rows: list[int], cols: list[int]):
    if len(rows) == 1:
        yield (tuple(cols),)
        return
    for first in _compositions(rows[0], cols):
        for rest in _tables(rows[1:], [c - x for c, x in zip(cols, first)]):
            yield (first, *rest)


def _definition(table) -> float:
    t = np.asarray(table)
    rows, cols = [int(v) for v in t.sum(axis=1)], [int(v) for v in t.sum(axis=0)]
    scale = Fraction(math.prod(map(math.factorial, rows)) * math.prod(map(math.factorial, cols)),
                     math.factorial(sum(rows)))

    def prob(tab):
        return scale / math.prod(math.factorial(x) for row in tab for x in row)

    observed = prob(t.tolist())
    return float(sum(p for tab in _tables(rows, cols) if (p := prob(tab)) <= observed))


# Small enough to list every table (at most a few tens of thousands) in a test.
TABLES = st.integers(min_value=2, max_value=4).flatmap(
    lambda r: st.integers(min_value=2, max_value=4).flatmap(
        lambda c: st.lists(st.lists(st.integers(min_value=0, max_value=4), min_size=c, max_size=c),
                           min_size=r, max_size=r))).filter(lambda t: sum(map(sum, t)) <= 16 + 4 * (len(t) < 4))


@settings(max_examples=80, deadline=None)
@given(TABLES)
def test_network_algorithm_matches_the_definition(table):
    t = np.asarray(table)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if min(t.shape, default=0) < 2:
        assert network_pvalue(table) == 1.0
        return
    assert network_pvalue(table) == pytest.approx(_definition(t), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("table", [
    [[3, 0, 0], [0, 3, 0], [0, 0, 3]],   # the least probable table: ties with its permutations
    [[1, 1, 1], [1, 1, 1], [1, 1, 1]],   # the most probable: p = 1
    [[2, 2, 0], [0, 2, 2], [2, 0, 2]],
    [[5, 0, 0, 1], [0, 4, 1, 0], [1, 0, 3, 1]],
])
def test_ties_and_extremes(table):
    assert network_pvalue(table) == pytest.approx(_definition(table), rel=1e-9)
    assert fisher_freeman_halton(table).pvalue == pytest.approx(_definition(table), rel=1e-9)


def test_permuting_rows_and_columns_changes_nothing():
    table = np.array([[4, 1, 0, 2], [1, 5, 2, 0], [0, 2, 4, 1]])
    expected = network_pvalue(table)
    for rows in itertools.permutations(range(3)):
        for cols in [(3, 2, 1, 0), (1, 0, 3, 2)]:
            assert network_pvalue(table[list(rows)][:, list(cols)]) == pytest.approx(expected, rel=1e-12)


def test_work_bound_returns_none_quickly_for_a_large_wave():
    # A 10,000-respondent wave with a Council of 15, 110 contributors and 30 Secretariat
    # units on five options: far beyond any exact computation; the bound says so at once.
    table = [[3, 4, 2, 3, 3], [20, 25, 20, 25, 20], [6, 6, 6, 6, 6], [2000, 1900, 2000, 1945, 2000]]
    assert network_pvalue(table) is None
    res = fisher_freeman_halton(table)
    assert not res.exact and res.method == "Monte Carlo" and res.standard_error > 0
