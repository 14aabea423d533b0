"""The deliberation analysis against hand computation and independent implementations.

Consensus and counts are checked on a fixture round computed by hand; opinion groups on
rounds with two planted camps that cut across the institutional groups (adjusted Rand index
from scikit-learn) and on rounds without structure; the silhouette and PCA against
scikit-learn; Pol.is' z statistics against hand arithmetic.
"""
from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from scipy import special

from analysis.deliberation import analyse_round
from analysis.deliberation.opinion import pca_project, silhouette, vote_matrix
from analysis.deliberation.repness import prop_test, two_prop_test
from support.deliberation_fixtures import GROUPS, VOTES, planted_camps, round_votes

sklearn_metrics = pytest.importorskip("sklearn.metrics")



@pytest.fixture(scope="module")
def fixture_analysis():
    return analyse_round(round_votes(GROUPS, VOTES, ["s1", "s2", "s3"]))


def test_counts_per_statement_and_group_match_the_hand_tally(fixture_analysis):
    votes = {s.id: {g: (v.agree, v.disagree, v.passes, v.n) for g, v in s.votes.items()}
             for s in fixture_analysis.statements}
    assert votes == {
        "s1": {"council": (3, 1, 0, 4), "tcc_pcc": (4, 0, 1, 5), "secretariat": (3, 0, 0, 3)},
        "s2": {"council": (0, 4, 0, 4), "tcc_pcc": (5, 0, 0, 5), "secretariat": (1, 1, 1, 3)},
        "s3": {"council": (0, 0, 2, 2), "tcc_pcc": (1, 1, 0, 2), "secretariat": (0, 0, 0, 0)},
    }
    assert fixture_analysis.groups == {"council": 4, "tcc_pcc": 5, "secretariat": 3}


# Pol.is (compdemocracy/polis, math/src/polismath/math/conversation.clj, :group-aware-consensus):
# product over groups of (A_g + 1) / (S_g + 2); S_g counts passes (:votes-base tallies :S with
# `number?`, and a pass is stored as 0). By hand:
#   s1 agree    = (3+1)/(4+2) * (4+1)/(5+2) * (3+1)/(3+2) = 4/6 * 5/7 * 4/5 = 80/210 = 8/21
#   s1 disagree = (1+1)/6 * (0+1)/7 * (0+1)/5               =  2/210 = 1/105
#   s2 agree    = (0+1)/6 * (5+1)/7 * (1+1)/5               = 12/210 = 2/35
#   s2 disagree = (4+1)/6 * (0+1)/7 * (1+1)/5               = 10/210 = 1/21
#   s3 agree    = (0+1)/(2+2) * (1+1)/(2+2) * (0+1)/(0+2)   = 1/4 * 2/4 * 1/2 = 1/16
#   s3 disagree = 1/4 * 2/4 * 1/2                           = 1/16
#   (s3: the council's two passes make its factor 1/4, not 1/2: passes count as votes cast)
HAND_CONSENSUS = {"s1": (8 / 21, 1 / 105), "s2": (2 / 35, 1 / 21), "s3": (1 / 16, 1 / 16)}


@pytest.mark.parametrize("statement", sorted(HAND_CONSENSUS))
def test_group_informed_consensus_matches_the_hand_computation(fixture_analysis, statement):
    found = fixture_analysis.statement(statement)
    agree, disagree = HAND_CONSENSUS[statement]
    assert found.consensus_agree == pytest.approx(agree, rel=1e-12)
    assert found.consensus_disagree == pytest.approx(disagree, rel=1e-12)


def test_bridging_needs_a_majority_and_min_cell_votes_in_every_group(fixture_analysis):
    # s1: 2*3 > 4, 2*4 > 5, 2*3 > 3 and every group has >= 3 votes. s2: the council's 0 of 4.
    # s3: the Secretariat cast no vote.
    assert [s.id for s in fixture_analysis.bridging] == ["s1"]
    assert not fixture_analysis.statement("s2").bridging and not fixture_analysis.statement("s3").bridging
    # With a minimum cell of 4 the Secretariat's 3 votes are too few.
    stricter = analyse_round(round_votes(GROUPS, VOTES, ["s1", "s2", "s3"]), min_cell=4)
    assert stricter.bridging == ()


def _exact_ffh(table: np.ndarray) -> float:
    """Fisher-Freeman-Halton p by brute force: every table with the observed margins."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = table.sum()

    def log_p(t):
        return (special.gammaln(rows + 1).sum() + special.gammaln(cols + 1).sum() - special.gammaln(n + 1)
                - special.gammaln(np.asarray(t) + 1).sum())

    observed, total = log_p(table), 0.0
    for first in itertools.product(*(range(min(r, c) + 1) for r, c in zip(rows, [cols[0]] * 3))):
        for second in itertools.product(*(range(r + 1) for r in rows)):
            third = rows - np.array(first) - np.array(second)
            t = np.stack([first, second, third], axis=1)
            if (third < 0).any() or (t.sum(axis=0) != cols).any():
                continue
            if log_p(t) <= observed + 1e-7:
                total += math.exp(log_p(t))
    return total


def test_dividing_statement_names_the_pair_and_its_tests(fixture_analysis):
    s2 = fixture_analysis.statement("s2")
    assert s2.dividing and not fixture_analysis.statement("s1").dividing
    assert (s2.divergence.a, s2.divergence.b) == ("tcc_pcc", "council")
    # Fisher's exact test of [[5, 0], [0, 4]]: only the observed table is as extreme, p = 1/C(9,4) = 1/126;
    # Holm over the three pairs multiplies the smallest p by 3.
    assert s2.divergence.pvalue == pytest.approx(1 / 126)
    assert s2.divergence.pvalue_adjusted == pytest.approx(3 / 126)
    # The 3 x 3 table is small, so the test is exact (Monte Carlo with a fixed seed); compare with
    # brute-force enumeration of every table with the same margins.
    assert "Fisher-Freeman-Halton" in s2.test.method
    exact = _exact_ffh(np.array([[0, 4, 0], [5, 0, 0], [1, 1, 1]]))
    assert s2.test.pvalue == pytest.approx(exact, abs=0.01)
    assert s2.qvalue < 0.05 and s2.qvalue >= s2.test.pvalue


def test_shares_carry_wilson_intervals(fixture_analysis):
    council = fixture_analysis.statement("s1").votes["council"]
    # Wilson (1927) 95 % score interval for 3 of 4, by hand: z = 1.96, centre (0.75 + z²/8) / (1 + z²/4)
    # = 0.6275, half-width z / (1 + z²/4) * sqrt(0.75 * 0.25 / 4 + z²/64) = 0.3269: 0.3006 to 0.9544.
    assert council.agree_share == 0.75
    assert council.agree_ci95.low == pytest.approx(0.3006, abs=1e-4)
    assert council.agree_ci95.high == pytest.approx(0.9544, abs=1e-4)


def test_json_has_exactly_the_shape_of_the_issue(fixture_analysis):
    doc = json.loads(json.dumps(fixture_analysis.to_dict(), allow_nan=False))
    assert set(doc) == {"round", "data_version", "groups", "statements", "opinion_groups"}
    s1 = doc["statements"][0]
    assert set(s1) == {"id", "question", "votes", "consensus", "test", "bridging", "dividing"}
    assert s1["votes"]["tcc_pcc"] == {"agree": 4, "disagree": 0, "pass": 1, "n": 5}
    assert set(s1["consensus"]) == {"agree", "disagree"}
    assert set(doc["statements"][1]["test"]) >= {"name", "statistic", "dof", "pvalue", "qvalue", "effect_size"}
    for group in doc["opinion_groups"]:
        assert set(group) == {"id", "size", "by_group", "representative"}
    text = json.dumps(doc)
    assert not any(name in text for name in GROUPS), "participants must not be named"


def test_planted_camps_across_the_groups_are_recovered():
    for seed in (1, 2, 3):
        data, camp = planted_camps(seed)
        result = analyse_round(data)
        found = result.opinion
        assert found.k == 2, (seed, found.silhouettes)
        truth = [camp[p] for p in found.participants]
        ari = sklearn_metrics.adjusted_rand_score(truth, list(found.labels))
        print(f"seed {seed}: adjusted Rand index {ari:.3f}, silhouette {found.silhouette:.3f}")
        assert ari >= 0.9, (seed, ari)
        # The camps cut across the institutional lines: every group sits in both opinion groups.
        for group in result.opinion_groups:
            assert all(n >= 2 for n in group.by_group.values()), group.by_group
            assert group.representative, "each opinion group has representative statements"


def test_a_round_without_structure_reports_one_group_honestly():
    for seed in (1, 2, 3, 4):
        data, _ = planted_camps(seed, structure=False)
        result = analyse_round(data)
        found = result.opinion
        assert found.k == 1, (seed, found.silhouettes)
        assert found.silhouette < found.threshold == 0.5
        assert "silhouette" in found.reason
        (only,) = result.opinion_groups
        assert only.size == 60 and only.representative == ()


def test_silhouette_matches_scikit_learn():
    data, _ = planted_camps(5)
    found = analyse_round(data).opinion
    for k in (2, 3):
        from analysis.deliberation.opinion import kmeans
        labels = kmeans(found.coordinates, k)[0]
        assert silhouette(found.coordinates, labels) == pytest.approx(
            sklearn_metrics.silhouette_score(found.coordinates, labels), rel=1e-9)


def test_pca_matches_scikit_learn_and_projection_scales_sparse_voters():
    decomposition = pytest.importorskip("sklearn.decomposition")
    rng = np.random.default_rng(7)
    full = rng.choice([1.0, -1.0], size=(30, 8))
    points, components, ratios = pca_project(full)
    reference = decomposition.PCA(n_components=2, svd_solver="full").fit(full)
    for ours, theirs in zip(components, reference.components_):
        assert np.allclose(np.abs(ours), np.abs(theirs), atol=1e-9)
    assert np.allclose(np.abs(points), np.abs(reference.transform(full)), atol=1e-9)
    assert ratios == pytest.approx(tuple(reference.explained_variance_ratio_), rel=1e-9)
    # A participant who voted on half the statements: missing votes add nothing, and the sum
    # is scaled by sqrt(8 / 4) (Pol.is pca.clj, sparsity-aware-project-ptpt).
    sparse = full.copy()
    sparse[0, 4:] = np.nan
    points, components, _ = pca_project(sparse)
    observed = ~np.isnan(sparse)
    means = np.nanmean(sparse, axis=0)
    centre = np.where(observed, sparse, means).mean(axis=0)
    by_hand = ((sparse[0, :4] - centre[:4]) @ components[:, :4].T) * math.sqrt(8 / 4)
    assert np.allclose(points[0], by_hand)


def test_pass_and_unseen_are_missing_in_the_vote_matrix():
    values, voted = vote_matrix(["a", "b"], ["s1", "s2"], [("a", "s1", "agree"), ("a", "s2", "pass"),
                                                           ("b", "s1", "disagree")])
    assert values[0, 0] == 1 and values[1, 0] == -1
    assert math.isnan(values[0, 1]) and math.isnan(values[1, 1])
    assert voted.tolist() == [[True, True], [True, False]]


def test_polis_z_statistics_match_hand_arithmetic():
    # prop-test (stats.clj): 2 sqrt(n+1) ((a+1)/(n+1) - 1/2); a = 3, n = 4: 2 * sqrt(5) * (4/5 - 1/2) = 1.3416408
    assert float(prop_test(3, 4)) == pytest.approx(2 * math.sqrt(5) * 0.3)
    # two-prop-test: counts + 1: 4/5 vs 2/5, pooled 6/10; z = 0.4 / sqrt(0.6 * 0.4 * (1/5 + 1/5)) = 1.2909944
    assert float(two_prop_test(3, 1, 4, 4)) == pytest.approx(0.4 / math.sqrt(0.096))


def test_the_analysis_is_deterministic():
    data, _ = planted_camps(9)
    first, second = analyse_round(data).to_dict(detail=True), analyse_round(data).to_dict(detail=True)
    assert first == second
