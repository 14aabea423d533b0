"""Every statistic against values published by independent software (R, its packages) or papers.

No expected number here comes from this code or from scipy run on this machine; each
carries its source in a comment. Data sets are R's built-in ones (airquality, chickwts,
mtcars), typed in from R's datasets package.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import (
    benjamini_hochberg,
    bootstrap_mean_ci_counts,
    chi_square_independence,
    cramers_v_bias_corrected,
    dunn,
    fisher_exact_test,
    holm,
    kruskal_wallis,
    mann_whitney,
    median_ci,
    tastle_wierman,
    wilson_interval,
)
from analysis.fisher import fisher_freeman_halton

# R datasets::airquality, Ozone by Month with NA rows removed (116 values).
OZONE = {
    5: [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37],
    6: [29, 71, 39, 23, 21, 37, 20, 12, 13],
    7: [135, 49, 32, 64, 40, 77, 97, 97, 85, 10, 27, 7, 48, 35, 61, 79, 63, 16, 80, 108, 20, 52, 82, 50, 64, 59],
    8: [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85],
    9: [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, 14,
        18, 20],
}
# R datasets::chickwts (71 chicks).
CHICKWTS = {
    "horsebean": [179, 160, 136, 227, 217, 168, 108, 124, 143, 140],
    "linseed": [309, 229, 181, 141, 260, 203, 148, 169, 213, 257, 244, 271],
    "soybean": [243, 230, 248, 327, 329, 250, 193, 271, 316, 267, 199, 171, 158, 248],
    "sunflower": [423, 340, 392, 339, 341, 226, 320, 295, 334, 322, 297, 318],
    "meatmeal": [325, 257, 303, 315, 380, 153, 263, 242, 206, 344, 258],
    "casein": [368, 390, 379, 260, 404, 318, 352, 359, 216, 222, 283, 332],
}
# R datasets::ToothGrowth, len by dose (supp VC then OJ, ten animals per dose).
TOOTH_LEN = {
    0.5: [4.2, 11.5, 7.3, 5.8, 6.4, 10, 11.2, 11.2, 5.2, 7, 15.2, 21.5, 17.6, 9.7, 14.5, 10, 8.2, 9.4, 16.5, 9.7],
    1: [16.5, 16.5, 15.2, 17.3, 22.5, 17.3, 13.6, 14.5, 18.8, 15.5, 19.7, 23.3, 23.6, 26.4, 20, 25.2, 25.8, 21.2,
        14.5, 27.3],
    2: [23.6, 18.5, 33.9, 25.5, 26.4, 32.5, 26.7, 21.5, 23.3, 29.5, 25.5, 26.4, 22.4, 24.5, 24.8, 30.9, 26.4, 27.3,
        29.4, 23],
}
# R datasets::mtcars, mpg and am.
MPG = [21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7,
       32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4]
AM = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]


def _long(groups: dict):
    values = np.concatenate([np.asarray(v, float) for v in groups.values()])
    labels = np.concatenate([[str(k)] * len(v) for k, v in groups.items()])
    return values, labels


# --- Kruskal-Wallis and epsilon-squared -------------------------------------------------

def test_kruskal_wallis_with_ties_airquality():
    values, labels = _long(OZONE)
    res = kruskal_wallis(values, labels)
    # R: kruskal.test(Ozone ~ Month, data = airquality)
    #    "Kruskal-Wallis chi-squared = 29.267, df = 4, p-value = 6.901e-06" (R stats help page example)
    assert res.statistic == pytest.approx(29.267, abs=5e-4)
    assert res.dof == 4
    assert res.pvalue == pytest.approx(6.901e-06, rel=1e-3)
    assert res.n == 116
    # epsilon-squared: rcompanion::epsilonSquared computes e2 = KW$statistic / (n - 1)
    # (rcompanion R/epsilonSquared.r), i.e. R's H above over 115 (published output for
    # epsilon-squared itself: test_epsilon_squared_effectsize_toothgrowth).
    assert res.effect_size == pytest.approx(29.267 / 115, abs=1e-5)
    assert res.effect_size_name == "epsilon_squared"


def test_kruskal_wallis_chickwts():
    values, labels = _long(CHICKWTS)
    res = kruskal_wallis(values, labels)
    # R: kruskal.test(weight ~ feed, chickwts)
    #    "Kruskal-Wallis chi-squared = 37.343, df = 5, p-value = 5.113e-07"
    assert res.statistic == pytest.approx(37.343, abs=5e-4)
    assert res.dof == 5
    assert res.pvalue == pytest.approx(5.113e-07, rel=1e-3)
    # rcompanion's e2 = KW$statistic / (n - 1) on R's H: 37.343 / 70
    assert res.effect_size == pytest.approx(37.343 / 70, abs=1e-5)


def test_epsilon_squared_effectsize_toothgrowth():
    values, labels = _long(TOOTH_LEN)
    res = kruskal_wallis(values, labels)
    # R: kruskal.test(len ~ dose, data = ToothGrowth)
    #    "Kruskal-Wallis chi-squared = 40.669, df = 2, p-value = 1.475e-09"
    assert res.statistic == pytest.approx(40.669, abs=5e-4)
    assert res.pvalue == pytest.approx(1.475e-09, rel=1e-3)
    # R: effectsize::rank_epsilon_squared(len ~ dose, ToothGrowth) = 0.689303987542, the
    # value rstatix pins for kruskal_effsize(len ~ dose, method = "epsilon2") "from
    # effectsize 1.x" (rstatix tests/testthat/test-rank_effsize_methods.R). effectsize
    # computes H / ((n^2 - 1) / (n + 1)), the same estimator as ours and rcompanion's.
    assert res.effect_size == pytest.approx(0.689303987542, abs=1e-9)
    # rstatix's default eta2[H] = (H - k + 1)/(n - k) is a different estimator (0.6784024
    # in the same file): ours must not be it.
    assert res.effect_size != pytest.approx(0.6784024, abs=1e-3)


# --- Dunn with Holm ---------------------------------------------------------------------

# R: library(FSA); dunnTest(weight ~ feed, chickwts)   (default method = "holm", two-sided)
#   Comparison            Z          P.unadj        P.adj
FSA_DUNN_CHICKWTS = [
    ("casein", "horsebean", 4.8130692, 1.486298e-06, 2.080817e-05),
    ("casein", "linseed", 3.3082926, 9.386670e-04, 1.032534e-02),
    ("horsebean", "linseed", -1.6587360, 9.716899e-02, 5.830140e-01),
    ("casein", "meatmeal", 1.4157560, 1.568470e-01, 6.273879e-01),
    ("horsebean", "meatmeal", -3.3640591, 7.680508e-04, 9.216610e-03),
    ("linseed", "meatmeal", -1.8198180, 6.878673e-02, 4.815071e-01),
    ("casein", "soybean", 2.4999221, 1.242206e-02, 9.937650e-02),
    ("horsebean", "soybean", -2.6020934, 9.265660e-03, 8.339094e-02),
    ("linseed", "soybean", -0.9332554, 3.506881e-01, 7.013763e-01),
    ("meatmeal", "soybean", 0.9741450, 3.299846e-01, 9.899537e-01),
    ("casein", "sunflower", -0.1829698, 8.548217e-01, 8.548217e-01),
    ("horsebean", "sunflower", -4.9875241, 6.115798e-07, 9.173698e-06),
    ("linseed", "sunflower", -3.4912624, 4.807439e-04, 6.249670e-03),
    ("meatmeal", "sunflower", -1.5947040, 1.107784e-01, 5.538922e-01),
    ("soybean", "sunflower", -2.6897988, 7.149510e-03, 7.149510e-02),
]


def _holm_binds() -> set[int]:
    """Rows of the FSA table where Holm's running maximum changes the value: there
    dunn.test (behind FSA), which omits the maximum, and R p.adjust differ. Found from the
    published unadjusted p-values alone."""
    raw = [row[3] for row in FSA_DUNN_CHICKWTS]
    order = sorted(range(len(raw)), key=raw.__getitem__)
    binds, running = set(), 0.0
    for rank, i in enumerate(order):
        step = raw[i] * (len(raw) - rank)
        if step < running:
            binds.add(i)
        running = max(running, step)
    return binds


def test_dunn_holm_matches_fsa_dunntest():
    values, labels = _long(CHICKWTS)
    res = dunn(values, labels, p_adjust="holm")
    got = {frozenset((p.a, p.b)): p for p in res.pairs}
    assert len(got) == 15
    for a, b, z, p, p_adj in FSA_DUNN_CHICKWTS:
        pair = got[frozenset((a, b))]
        sign = 1 if pair.a == a else -1
        assert sign * pair.statistic == pytest.approx(z, abs=1e-6), (a, b)
        assert pair.pvalue == pytest.approx(p, rel=1e-5), (a, b)
        # We follow p.adjust (monotone adjusted p-values, Holm 1979); where the running
        # maximum binds, ours is the larger one.
        if FSA_DUNN_CHICKWTS.index((a, b, z, p, p_adj)) not in _holm_binds():
            assert pair.pvalue_adjusted == pytest.approx(p_adj, rel=1e-5), (a, b)
        else:
            assert pair.pvalue_adjusted >= p_adj - 1e-9


# --- Mann-Whitney U and rank-biserial ----------------------------------------------------

def test_mann_whitney_exact_r_help_example():
    # R ?wilcox.test: x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46)
    #                 y <- c(1.15, 0.88, 0.90, 0.74, 1.21); wilcox.test(x, y, alternative = "g")
    #   "Wilcoxon rank sum exact test  W = 35, p-value = 0.1272"
    x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    y = [1.15, 0.88, 0.90, 0.74, 1.21]
    res = mann_whitney(x, y, alternative="greater")
    assert "exact" in res.method
    assert res.statistic == 35
    assert res.pvalue == pytest.approx(0.1272, abs=5e-5)


def test_mann_whitney_asymptotic_with_ties_airquality():
    # R ?wilcox.test: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))
    #   "Wilcoxon rank sum test with continuity correction  W = 127.5, p-value = 0.0001208"
    res = mann_whitney(OZONE[5], OZONE[8])
    assert "continuity" in res.method
    assert res.statistic == 127.5
    assert res.pvalue == pytest.approx(0.0001208, rel=5e-4)
    # rank-biserial r = 2W/(n1 n2) - 1 (effectsize::rank_biserial's definition, whose
    # published output is checked in test_rank_biserial_effectsize_mtcars) on R's
    # W = 127.5 with n1 = n2 = 26: 255/676 - 1 = -0.6228.
    assert res.effect_size == pytest.approx(-0.623, abs=5e-4)


def test_rank_biserial_effectsize_mtcars():
    mpg, am = np.array(MPG), np.array(AM)
    res = mann_whitney(mpg[am == 0], mpg[am == 1])
    # R: wilcox.test(mpg ~ am, data = mtcars)  "W = 42, p-value = 0.001871"
    assert res.statistic == 42
    assert res.pvalue == pytest.approx(0.001871, rel=5e-4)
    # R: effectsize::rank_biserial(mpg ~ am, data = mtcars)  "r (rank biserial) = -0.66"
    #    (effectsize reference page example)
    assert res.effect_size == pytest.approx(-0.66, abs=5e-3)
    assert res.effect_size_name == "rank_biserial"


# --- Chi-square, Cramer's V, Fisher ------------------------------------------------------

def test_chi_square_party_gender():
    # R ?chisq.test (Agresti 2007, p. 39): M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477)))
    #   "X-squared = 30.07, df = 2, p-value = 2.954e-07"
    res = chi_square_independence([[762, 327, 468], [484, 239, 477]])
    assert res.statistic == pytest.approx(30.07, abs=5e-3)
    assert res.dof == 2
    assert res.pvalue == pytest.approx(2.954e-07, rel=1e-3)
    # Bergsma (2013) eq. 3, worked by hand from R's chi-square (n = 2757, r = 2, k = 3):
    # phi2+ = 30.07/2757 - 2/2756 = 0.0101810; k~ = 3 - 4/2756 = 2.998549; r~ = 2 - 1/2756
    # V~ = sqrt(phi2+ / min(k~ - 1, r~ - 1)) = sqrt(0.0101810 / 0.999637) = 0.10092
    assert res.effect_size == pytest.approx(0.10092, abs=5e-5)
    assert res.effect_size_name == "cramers_v_bias_corrected"


@pytest.mark.parametrize("table, statistic, pvalue", [
    # R 4.2.2: chisq.test(matrix(c(12, 5, 7, 7), 2))  X-squared = 0.6411202639, p = 0.4233054243
    ([[12, 7], [5, 7]], 0.6411202639, 0.4233054243),
    # R 4.2.2: chisq.test(matrix(c(5, 5, 5, 6), 2))  every |O - E| below 0.5: X-squared = 0, p = 1
    ([[5, 5], [5, 6]], 0.0, 1.0),
])
def test_chi_square_yates_2x2_as_r(table, statistic, pvalue):
    res = chi_square_independence(table)
    assert "Yates" in res.method and res.dof == 1
    assert res.statistic == pytest.approx(statistic, abs=1e-9)
    assert res.pvalue == pytest.approx(pvalue, abs=1e-9)


def test_bias_corrected_cramers_v_clickhouse():
    # ClickHouse documentation, aggregate functions cramersV and cramersVBiasCorrected
    # (Bergsma 2013 correction, as linked from the page), current Japanese and Russian
    # pages of docs/.../reference/cramersvbiascorrected.md:
    #   SELECT cramersV(a, b), cramersVBiasCorrected(a, b)
    #   FROM (SELECT number % 10 AS a, number % 4 AS b FROM numbers(150))
    #   -> 0.5798088336225178 | 0.5305112825189074
    # (older English pages print 0.4117/0.3337 from before a fix; sqrt(1/3) = 0.577 is the
    # plain V of this near-balanced parity table, so the newer numbers are the right ones.)
    table = np.zeros((10, 4))
    for number in range(150):
        table[number % 10, number % 4] += 1
    assert cramers_v_bias_corrected(table, bias_correct=False) == pytest.approx(0.5798088336225178, abs=1e-12)
    assert cramers_v_bias_corrected(table) == pytest.approx(0.5305112825189074, abs=1e-12)


@pytest.mark.parametrize("table, expected", [
    # rcompanion::cramerV(matrix(c(7, 9, 12, 8), nrow = 2))      "Cramer V 0.1617"
    ([[7, 12], [9, 8]], 0.1617),
    # rcompanion::cramerV(matrix(c(6, 9, 8, 5, 12, 9), nrow = 2)) "Cramer V 0.1775"
    ([[6, 8, 12], [9, 5, 9]], 0.1775),
])
def test_cramers_v_uncorrected_rcompanion(table, expected):
    assert cramers_v_bias_corrected(table, bias_correct=False) == pytest.approx(expected, abs=5e-5)


def test_bias_corrected_v_never_exceeds_classic_v():
    # Bergsma (2013): the correction subtracts the expected phi^2 under independence.
    for table in ([[7, 12], [9, 8]], [[6, 8, 12], [9, 5, 9]], [[762, 327, 468], [484, 239, 477]]):
        assert cramers_v_bias_corrected(table) <= cramers_v_bias_corrected(table, bias_correct=False)


def test_fisher_2x2_tea_tasting():
    # R ?fisher.test: TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2); fisher.test(TeaTasting)
    #   two-sided "p-value = 0.4857"
    res = fisher_exact_test([[3, 1], [1, 3]])
    assert res.pvalue == pytest.approx(0.4857, abs=5e-5)
    assert res.method == "Fisher's exact test"


def test_fisher_2x2_convictions():
    # R ?fisher.test: Convictions <- matrix(c(2, 10, 15, 3), nrow = 2); fisher.test(Convictions)
    #   two-sided "p-value = 0.0005367" (R 4.2.2 to 10 digits: 0.0005367241191)
    res = fisher_exact_test([[2, 15], [10, 3]])
    assert res.method == "Fisher's exact test"
    assert res.pvalue == pytest.approx(0.0005367241191, rel=1e-9)
    assert res.statistic == pytest.approx(2 * 3 / (15 * 10))  # the sample odds ratio


# R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), options(digits = 10), as printed by
#   format(fisher.test(t)$p.value, digits = 10)
# for t <- rbind(...) of each row below (rows as written here). Two-column tables are
# computed by R with the same FEXACT network algorithm as larger ones.
R_TWO_SIDED = [
    # R ?fisher.test: TeaTasting, two-sided "p-value = 0.4857"
    ([[3, 1], [1, 3]], 0.4857, {"abs": 5e-5}),
    # R: fisher.test(matrix(c(21, 3, 14, 10), nrow = 2, byrow = TRUE))  "p-value = 0.04899"
    #    (output pasted in RaphaFang/SDU-DataScience-2025, 803_statistic/t_test/fisher_test.R)
    ([[21, 3], [14, 10]], 0.04899, {"abs": 5e-6}),
    # R 4.2.2: rbind(c(6,11), c(44,76), c(1,3), c(16,33)) -> 0.9777660288 (options by group)
    ([[6, 11], [44, 76], [1, 3], [16, 33]], 0.9777660288, {"rel": 1e-9}),
    # R 4.2.2: rbind(c(3,1,4,0,2), c(1,6,2,7,3)) -> 0.02157837165
    ([[3, 1, 4, 0, 2], [1, 6, 2, 7, 3]], 0.02157837165, {"rel": 1e-9}),
    # R 4.2.2: rbind(c(2,9), c(5,3), c(0,6), c(4,4), c(7,1)) -> 0.003222804165
    ([[2, 9], [5, 3], [0, 6], [4, 4], [7, 1]], 0.003222804165, {"rel": 1e-9}),
]


@pytest.mark.parametrize("table, expected, tolerance", R_TWO_SIDED)
def test_two_row_and_two_column_tables_are_exact_as_r(table, expected, tolerance):
    res = fisher_freeman_halton(table)
    assert res.exact and res.method == "enumeration"
    assert res.pvalue == pytest.approx(expected, **tolerance)
    # rows and columns swapped: the same p-value
    assert fisher_freeman_halton(np.array(table).T).pvalue == pytest.approx(expected, **tolerance)
    # the network algorithm, made to take the table instead, agrees with R as well
    network = fisher_freeman_halton(table, max_exact=0)
    assert network.exact and network.method == "network algorithm"
    assert network.pvalue == pytest.approx(expected, **tolerance)


# r x c tables (both sides above two): R's exact p-values.
R_RXC = [
    # R ?fisher.test: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4)
    #   fisher.test(Job)  # 0.7827  (Agresti 2002, p. 57); R 4.2.2 to 10 digits: 0.7826849389
    pytest.param(np.array([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]).T, 0.7826849389,
                 id="Job"),
    # R ?fisher.test: "6th example in Mehta & Patel's JASA paper",
    #   MP6 <- rbind(c(1,2,2,1,1,0,1), c(2,0,0,2,3,0,0), c(0,1,1,1,2,7,3), c(1,1,2,0,0,0,1),
    #                c(0,1,1,1,1,0,0)); fisher.test(MP6)  "p-value = 0.03929"
    #   R 4.2.2 to 10 digits: 0.03928964366
    pytest.param([[1, 2, 2, 1, 1, 0, 1], [2, 0, 0, 2, 3, 0, 0], [0, 1, 1, 1, 2, 7, 3], [1, 1, 2, 0, 0, 0, 1],
                  [0, 1, 1, 1, 1, 0, 0]], 0.03928964366, id="MP6"),
    # Very small p-values, where the old Monte Carlo floor 1/(B + 1) = 1e-4 hid them.
    # R 4.2.2: rbind(c(6,1,0,0), c(1,5,1,0), c(0,1,6,1), c(0,0,1,6)) -> 1.492444256e-07
    pytest.param([[6, 1, 0, 0], [1, 5, 1, 0], [0, 1, 6, 1], [0, 0, 1, 6]], 1.492444256e-07, id="tiny-4x4"),
    # R 4.2.2: rbind(c(6,1,0,0), c(1,6,1,0), c(0,1,6,1), c(0,0,1,6)) -> 5.044285201e-08
    pytest.param([[6, 1, 0, 0], [1, 6, 1, 0], [0, 1, 6, 1], [0, 0, 1, 6]], 5.044285201e-08, id="tiny-4x4-b"),
    # R 4.2.2: rbind(c(7,1,0,0,0), c(0,5,2,0,0), c(1,0,6,1,0), c(0,0,1,5,2)) -> 2.496973606e-08
    pytest.param([[7, 1, 0, 0, 0], [0, 5, 2, 0, 0], [1, 0, 6, 1, 0], [0, 0, 1, 5, 2]], 2.496973606e-08,
                 id="tiny-4x5"),
    # R 4.2.2: rbind(c(5,1,0,0), c(1,5,1,0), c(0,1,5,1)) -> 0.0007395640136
    pytest.param([[5, 1, 0, 0], [1, 5, 1, 0], [0, 1, 5, 1]], 0.0007395640136, id="3x4"),
    # Consultation-sized tables: four groups (a Council of 15, 30 contributors, a few
    # Secretariat units, others) on four options. R 4.2.2 needs a larger workspace than its
    # default for these: fisher.test(t, workspace = 2e7).
    # rbind(c(10,3,1,1), c(2,4,18,6), c(0,1,0,4), c(1,2,2,5)) -> 3.129719825e-06
    pytest.param([[10, 3, 1, 1], [2, 4, 18, 6], [0, 1, 0, 4], [1, 2, 2, 5]], 3.129719825e-06, id="groups-a"),
    # rbind(c(9,3,2,1), c(2,6,16,6), c(0,1,1,3), c(1,3,2,4)) -> 0.001037036988
    pytest.param([[9, 3, 2, 1], [2, 6, 16, 6], [0, 1, 1, 3], [1, 3, 2, 4]], 0.001037036988, id="groups-b"),
    # rbind(c(5,4,3,3), c(9,14,6,11), c(1,0,2,1), c(4,6,3,2)) -> 0.7898732454 (default workspace)
    pytest.param([[5, 4, 3, 3], [9, 14, 6, 11], [1, 0, 2, 1], [4, 6, 3, 2]], 0.7898732454, id="groups-c"),
    # 100 answers on five options; R's default workspace fails ("FEXACT error 6. LDKEY=622 is
    # too small for this problem"); fisher.test(t, workspace = 2e7) -> 0.7524405799
    pytest.param([[4, 4, 3, 2, 2], [5, 8, 15, 12, 10], [3, 1, 2, 1, 3], [6, 5, 7, 3, 4]], 0.7524405799,
                 id="groups-100"),
]


@pytest.mark.parametrize("table, expected", R_RXC)
def test_fisher_freeman_halton_rxc_is_exact_as_r(table, expected):
    res = fisher_exact_test(table)
    assert res.method == "Fisher-Freeman-Halton exact test (exact enumeration)"
    assert res.pvalue_standard_error is None and res.reason is None
    # R prints 10 significant digits; the network algorithm agrees to about 1e-10.
    assert res.pvalue == pytest.approx(expected, rel=1e-8)
    assert fisher_freeman_halton(np.array(table).T).pvalue == pytest.approx(expected, rel=1e-8)


def test_fisher_rxc_beyond_the_work_bound_is_named_monte_carlo():
    # The 100-answer table above (R exact: 0.7524405799) with too small a bound on the
    # exact computation: a Monte Carlo estimate, named so, with its standard error, within
    # three standard errors of R's exact value.
    table = [[4, 4, 3, 2, 2], [5, 8, 15, 12, 10], [3, 1, 2, 1, 3], [6, 5, 7, 3, 4]]
    mc = fisher_freeman_halton(table, max_work=10_000, n_resamples=40_000)
    assert not mc.exact and mc.method == "Monte Carlo" and mc.n_resamples == 40_000
    assert mc.standard_error == pytest.approx(math.sqrt(mc.pvalue * (1 - mc.pvalue) / 40_000))
    assert abs(mc.pvalue - 0.7524405799) < 3 * mc.standard_error
    # the probability of the observed table is exact either way
    assert mc.table_probability == pytest.approx(fisher_freeman_halton(table).table_probability, rel=1e-9)


def test_monte_carlo_result_never_calls_itself_exact(monkeypatch):
    import analysis.nominal as nominal
    from analysis import fisher

    table = [[4, 4, 3, 2, 2], [5, 8, 15, 12, 10], [3, 1, 2, 1, 3], [6, 5, 7, 3, 4]]
    monkeypatch.setattr(nominal, "fisher_freeman_halton",
                        lambda t, **kw: fisher.fisher_freeman_halton(t, max_work=10_000, **kw))
    res = fisher_exact_test(table)
    assert res.method == "Fisher-Freeman-Halton test (Monte Carlo, 9999 tables, seed 20151211)"
    assert "exact test" not in res.method
    assert res.pvalue_standard_error == pytest.approx(math.sqrt(res.pvalue * (1 - res.pvalue) / 9999))
    assert "Monte Carlo estimate" in res.reason and "not exact" in res.reason
    assert abs(res.pvalue - 0.7524405799) < 3 * res.pvalue_standard_error
    # seeded: the same estimate every time
    assert fisher_exact_test(table).pvalue == res.pvalue


# --- Intervals ---------------------------------------------------------------------------

@pytest.mark.parametrize("successes, n, low, high", [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
    # of seven methods", Statist. Med. 17:857-872, Table I, method 3 (score interval
    # without continuity correction), examples (a)-(d):
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_newcombe_table(successes, n, low, high):
    res = wilson_interval(successes, n)
    assert res.confidence_interval.low == pytest.approx(low, abs=5e-5)
    assert res.confidence_interval.high == pytest.approx(high, abs=5e-5)


def test_wilson_zero_successes_starts_at_zero():
    # Wilson (1927): with no successes the lower bound is exactly 0.
    assert wilson_interval(0, 20).confidence_interval.low == 0.0


def test_median_ci_order_statistics_n10():
    # Campbell & Gardner, BMJ 1988; Statistics with Confidence, table 18.4: for n = 10 the
    # 95% interval for the median runs from the 2nd to the 9th ordered value (97.9% cover).
    res = median_ci([3, 9, 1, 7, 5, 2, 10, 4, 8, 6])
    assert tuple(res.confidence_interval) == (2.0, 9.0)


# Nair (1940), Sankhya 4:551-558, as tabled by Dixon & Massey (1969) and reproduced in
# "Table 5. Confidence limits for the median" (en.wikisource.org/wiki/Page:Sm_all_cc.pdf/38):
# for N answers the interval runs from the k-th to the (N - k + 1)-th ordered value.
NAIR_K95 = {6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3, 13: 3, 14: 3, 15: 4, 16: 4, 17: 5, 18: 5, 19: 5,
            20: 6, 21: 6, 22: 6, 23: 7, 24: 7, 25: 8, 26: 8, 27: 8, 28: 9, 29: 9, 30: 10, 31: 10, 32: 10,
            33: 11, 34: 11, 35: 12, 36: 12, 37: 13, 38: 13, 39: 13, 40: 14, 41: 14, 42: 15, 43: 15, 44: 16,
            45: 16, 46: 16, 47: 17, 48: 17, 49: 18, 50: 18, 51: 19, 52: 19, 53: 19, 54: 20, 55: 20, 56: 21,
            57: 21, 58: 22, 59: 22, 60: 22, 61: 23, 62: 23, 63: 24, 64: 24, 65: 25}
NAIR_K99 = {8: 1, 9: 1, 10: 1, 11: 1, 12: 2, 13: 2, 14: 2, 15: 3, 16: 3, 17: 3, 18: 4, 19: 4, 20: 4, 21: 5,
            22: 5, 23: 5, 24: 6, 25: 6, 26: 7, 27: 7, 28: 7, 29: 8, 30: 8, 31: 8, 32: 9, 33: 9, 34: 10,
            35: 10, 36: 10, 37: 11, 38: 11, 39: 12, 40: 12, 41: 12, 42: 13, 43: 13, 44: 14, 45: 14, 46: 14,
            47: 15, 48: 15, 49: 16, 50: 16, 51: 16, 52: 17, 53: 17, 54: 18, 55: 18, 56: 18, 57: 19, 58: 19,
            59: 20, 60: 20, 61: 21, 62: 21, 63: 21, 64: 22, 65: 22}


@pytest.mark.parametrize("confidence, table", [(0.95, NAIR_K95), (0.99, NAIR_K99)])
def test_median_ci_nair_table(confidence, table):
    rng = np.random.default_rng(0)
    for n, k in table.items():
        values = rng.permutation(np.arange(1, n + 1))  # the i-th ordered value is i
        res = median_ci(values, confidence=confidence)
        assert tuple(res.confidence_interval) == (k, n - k + 1), (n, confidence)


def test_median_ci_nair_table_has_no_99_interval_below_eight():
    # Nair's table prints "-" for the 99% interval at N = 6 and 7.
    for n in (6, 7):
        with pytest.warns(RuntimeWarning, match="too few"):
            assert math.isnan(median_ci(np.arange(n), confidence=0.99).confidence_interval.low)


def test_median_ci_refuses_five_answers():
    with pytest.warns(RuntimeWarning, match="too few"):
        res = median_ci([1, 2, 3, 4, 5])
    assert math.isnan(res.confidence_interval.low) and "too few" in res.reason


# BCa for the mean of tied answers, worked by hand from the ideal bootstrap (B -> infinity):
# resampling [5, 5, 4, 4, 4, 3] is drawing six answers from {3: 1/6, 4: 1/2, 5: 1/3}, so the
# resample mean has the exact multinomial distribution, with CDF (R: x <- expand.grid of
# the counts, or by hand) 3.5 -> 0.018990, 11/3 -> 0.069466, 4 -> 0.378258,
# 25/6 -> 0.610511, 4.5 -> 0.935871, 14/3 -> 0.986283.
#   z0 = qnorm((P(mean* < 25/6) + P(mean* <= 25/6)) / 2) = qnorm(0.494385) = -0.014077
#        (ties counted half, as scipy.stats.bootstrap's _percentile_of_score)
#   a  = sum(d^3) / (6 sum(d^2)^1.5) over the jackknife means = -0.015532 (E&T eq. 14.15)
#   alpha1 = pnorm(z0 + (z0 - 1.959964) / (1 - a (z0 - 1.959964))) = 0.020155
#   alpha2 = pnorm(z0 + (z0 + 1.959964) / (1 - a (z0 + 1.959964))) = 0.969585
# and the CDF first reaches 0.020155 at 11/3 and 0.969585 at 14/3: the interval is
# [11/3, 14/3]. With B = 200,000 the empirical CDF at 3.5 has standard error 0.0003, four of
# them below alpha1, so the Monte Carlo interval is the ideal one. scipy 1.17
# stats.bootstrap((x,), np.mean, method="BCa", n_resamples=99999) prints the same
# (3.6667, 4.6667); the old strict "<" count gave (3.333, 4.5).
# [1, 5]: the resample mean is 1, 3, 5 with probabilities 1/4, 1/2, 1/4; z0 = qnorm(1/2) = 0
# and a = 0 (symmetric jackknife), so the BCa interval is the 2.5%-97.5% percentile
# interval [1, 5] with the mean 3 in its middle (strict "<" gave [1, 3]).
@pytest.mark.parametrize("answers, low, high", [
    ([5, 5, 4, 4, 4, 3], 11 / 3, 14 / 3),
    ([1, 5], 1.0, 5.0),
])
def test_bca_mean_interval_ideal_bootstrap_on_tied_answers(answers, low, high):
    levels, counts = np.unique(answers, return_counts=True)
    res = bootstrap_mean_ci_counts(levels, counts, n_resamples=200_000)
    assert res.estimate == pytest.approx(np.mean(answers))
    assert tuple(res.confidence_interval) == pytest.approx((low, high), abs=1e-9)
    # The summary's 1,999 resamples: within Monte Carlo error, i.e. at most one atom (1/n)
    # from the ideal endpoints, and never excluding the mean.
    small = bootstrap_mean_ci_counts(levels, counts, n_resamples=1999)
    assert small.confidence_interval.low == pytest.approx(low, abs=1 / len(answers) + 1e-9)
    assert small.confidence_interval.high == pytest.approx(high, abs=1 / len(answers) + 1e-9)
    assert small.confidence_interval.low <= np.mean(answers) <= small.confidence_interval.high


# --- Multiplicity ------------------------------------------------------------------------

BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
           0.4262, 0.5719, 0.6528, 0.7590, 1.0000]


def test_benjamini_hochberg_1995_example():
    # Benjamini & Hochberg (1995), sec. 4 (Neuhaus et al. data); R p.adjust(p, "BH") gives
    # 0.0015 0.0030 0.0095 0.035625 for the four smallest, which are the four rejected at 0.05.
    q = benjamini_hochberg(BH_1995).pvalue_adjusted
    assert q[:4] == pytest.approx([0.0015, 0.0030, 0.0095, 0.035625])
    assert sum(v <= 0.05 for v in q) == 4


def test_benjamini_hochberg_small_r_example():
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH")  ->  0.02 0.04 0.04 0.02
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]).pvalue_adjusted == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_holm_against_fsa_unadjusted_values():
    # Holm on FSA's unadjusted Dunn p-values reproduces FSA's adjusted ones where the
    # running maximum does not bind (see test_dunn_holm_matches_fsa_dunntest).
    raw = [row[3] for row in FSA_DUNN_CHICKWTS]
    adjusted = holm(raw).pvalue_adjusted
    binds = _holm_binds()
    assert len(binds) < 5
    for i, (row, got) in enumerate(zip(FSA_DUNN_CHICKWTS, adjusted)):
        if i not in binds:
            assert got == pytest.approx(row[4], rel=1e-5)


def test_adjustment_ignores_tests_not_run():
    q = benjamini_hochberg([0.01, float("nan"), 0.04]).pvalue_adjusted
    assert math.isnan(q[1]) and q[0] == pytest.approx(0.02) and q[2] == pytest.approx(0.04)


# --- Tastle-Wierman consensus ------------------------------------------------------------

def test_tastle_wierman_agrmt_example():
    # R: agrmt::consensus(c(30, 40, 210, 130, 530, 50, 10))  "0.7256876" (agrmt help page)
    assert tastle_wierman([30, 40, 210, 130, 530, 50, 10]).statistic == pytest.approx(0.7256876, abs=1e-7)


@pytest.mark.parametrize("counts, expected", [
    ([50, 0, 0, 0, 50], 0.0),   # Tastle & Wierman (2007): even split between the extremes -> 0
    ([0, 0, 100, 0, 0], 1.0),   # all in one category -> 1
    ([0, 0, 0, 0, 10], 1.0),
])
def test_tastle_wierman_paper_limits(counts, expected):
    assert tastle_wierman(counts).statistic == pytest.approx(expected, abs=1e-12)
