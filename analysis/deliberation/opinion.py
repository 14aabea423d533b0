"""Opinion groups found in the vote matrix, as Pol.is finds them, on a fixed seed.

Following compdemocracy/polis ``math/src/polismath/math/``:

1. **Vote matrix**: participants × statements, agree = 1, disagree = -1; pass and unseen
   are missing (Pol.is stores a pass as 0; Trialogue treats it as no position, as issue 11
   asks). Participants are placed once they voted on min(7, statements) statements
   (``conversation.clj``, ``:in-conv``); the others are listed as unplaced.
2. **Missing values**: replaced by the statement's mean vote (``conversation.clj``, ``:mat``:
   "swap nils for per column average").
3. **PCA** to two components of the centred matrix (``pca.clj``, ``powerit-pca``: centre
   by column means, power iteration with deflation); here the exact eigenvectors of the
   centred matrix's cross-product, the same components without iterating, signs fixed so
   the largest loading is positive.
4. **Sparsity-aware projection** (``pca.clj``, ``sparsity-aware-project-ptpt``): a
   participant's point sums (vote - centre) x loading over the statements they voted on
   only, scaled by sqrt(statements / votes), "which pushes us out from the center", so a
   delegation that voted on few statements is not pulled to the middle.
5. **k-means** on the points for k = 2 … min(5, 2 + n // 12) (``conversation.clj``,
   ``max-k-fn``), k chosen by the mean silhouette (``clusters.clj``, ``silhouette``;
   Rousseeuw 1987). Pol.is always keeps k ≥ 2; Trialogue reports one group when the best
   silhouette is below :data:`STRUCTURE_THRESHOLD`, 0.5, where Kaufman & Rousseeuw (1990,
   *Finding Groups in Data*, p. 88) say a structure is weak and could be artificial.

Deterministic: k-means++ starts drawn with :data:`analysis.results.SEED`, best of
:data:`N_INIT` runs by inertia; clusters numbered by size, then position.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import linalg

from ..results import SEED

#: Below this mean silhouette the best clustering is not taken as structure (one group).
STRUCTURE_THRESHOLD = 0.5
#: Votes (agree, disagree or pass) a participant needs to be placed, capped by the statements.
MIN_VOTES = 7
MAX_K = 5
N_INIT = 10
MAX_ITER = 100


@dataclass(frozen=True)
class OpinionMap:
    """Where participants stand and how they group.

    ``participants`` (placed, in row order) with their ``coordinates`` (n × 2) and ``labels``
    (0 … k-1); ``components`` the two loadings per statement (2 × statements);
    ``silhouettes`` the mean silhouette of each k tried; ``reason`` says why k is 1.
    """

    participants: tuple[str, ...]
    coordinates: np.ndarray
    labels: tuple[int, ...]
    k: int
    silhouette: float
    silhouettes: Mapping[int, float]
    explained_variance: tuple[float, ...]
    components: np.ndarray
    statements: tuple[str, ...]
    unplaced: tuple[str, ...] = ()
    reason: str | None = None
    method: str = ("Pol.is opinion groups: mean-imputed PCA, sparsity-aware projection, k-means with k by "
                   "silhouette")
    threshold: float = STRUCTURE_THRESHOLD
    members: Mapping[int, tuple[str, ...]] = field(default_factory=dict)


def vote_matrix(participants: Sequence[str], statements: Sequence[str],
                votes: Sequence[tuple[str, str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """(values, voted): values 1 agree, -1 disagree, NaN for pass or unseen; voted marks any vote."""
    row = {p: i for i, p in enumerate(participants)}
    col = {s: j for j, s in enumerate(statements)}
    values = np.full((len(participants), len(statements)), np.nan)
    voted = np.zeros(values.shape, dtype=bool)
    code = {"agree": 1.0, "disagree": -1.0, "pass": np.nan}
    for who, what, vote in votes:
        if who in row and what in col:
            values[row[who], col[what]] = code[vote]
            voted[row[who], col[what]] = True
    return values, voted


def pca_project(values: np.ndarray, n_components: int = 2) -> tuple[np.ndarray, np.ndarray, tuple[float, ...]]:
    """(points, components, explained variance ratios) of a vote matrix with NaN for missing."""
    observed = ~np.isnan(values)
    counts = observed.sum(axis=0)
    with np.errstate(invalid="ignore"):
        means = np.where(counts > 0, np.nansum(values, axis=0) / np.maximum(counts, 1), 0.0)
    filled = np.where(observed, values, means)
    centre = filled.mean(axis=0)
    centred_all = filled - centre
    # The right singular vectors of the centred matrix are the eigenvectors of its cross-product
    # (statements × statements, small): only the top ones are computed, which is the same PCA
    # and far cheaper than a full, threaded SVD on a busy machine.
    gram = centred_all.T @ centred_all
    size = gram.shape[0]
    k = min(n_components, size)
    power, vectors = linalg.eigh(gram, subset_by_index=[size - k, size - 1])
    power, vectors = np.clip(power[::-1], 0, None), vectors[:, ::-1]
    components = vectors.T
    signs = np.sign(components[np.arange(components.shape[0]), np.abs(components).argmax(axis=1)])
    components = components * np.where(signs == 0, 1, signs)[:, None]
    centred = np.where(observed, values - centre, 0.0)
    scale = np.sqrt(values.shape[1] / np.maximum(observed.sum(axis=1), 1))
    points = (centred @ components.T) * scale[:, None]
    total = float(np.trace(gram))  # the sum of all eigenvalues: the total variance
    ratios = tuple(float(x) for x in (power / total if total > 0 else np.zeros(k)))
    return points, components, ratios


def kmeans(points: np.ndarray, k: int, *, seed: int = SEED, n_init: int = N_INIT) -> tuple[np.ndarray, float]:
    """Lloyd's k-means, k-means++ starts (Arthur & Vassilvitskii 2007), best of ``n_init`` by inertia."""
    rng = np.random.default_rng(seed)
    best: np.ndarray | None = None
    best_inertia = math.inf
    for _ in range(n_init):
        centres = _plus_plus(points, k, rng)
        labels: Any = None
        for _step in range(MAX_ITER):
            distance = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            new = distance.argmin(axis=1)
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            centres = np.array([points[labels == c].mean(axis=0) if (labels == c).any() else centres[c]
                                for c in range(k)])
        inertia = float(((points - centres[labels]) ** 2).sum())
        if inertia < best_inertia - 1e-12:
            best, best_inertia = labels.copy(), inertia
    assert best is not None  # n_init >= 1 runs always keep one
    return _canonical(points, best, k), best_inertia


def _plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        distance = ((points[:, None, :] - np.array(centres)[None]) ** 2).sum(axis=2).min(axis=1)
        total = distance.sum()
        pick = rng.choice(len(points), p=distance / total) if total > 0 else rng.integers(len(points))
        centres.append(points[pick])
    return np.array(centres, dtype=float)


def _canonical(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Clusters renumbered by size (largest first), then by their centre's first coordinate."""
    used = [c for c in range(k) if (labels == c).any()]
    order = sorted(used, key=lambda c: (-(labels == c).sum(), points[labels == c, 0].mean(),
                                        points[labels == c, 1].mean()))
    renamed = np.empty_like(labels)
    for new, old in enumerate(order):
        renamed[labels == old] = new
    return renamed


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Rousseeuw 1987); a point alone in its cluster scores 0."""
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    clusters = np.unique(labels)
    if clusters.size < 2:
        return math.nan
    member = labels[:, None] == clusters[None, :]
    sums = distance @ member
    sizes = member.sum(axis=0)
    own = np.searchsorted(clusters, labels)
    own_size = sizes[own]
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[np.arange(len(points)), own] / np.maximum(own_size - 1, 1)
        others = np.where(member, np.inf, sums / sizes[None, :])
        b = others.min(axis=1)
        s = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    s = np.where(np.isfinite(s), s, 0.0)
    return float(s.mean())


def opinion_map(participants: Sequence[str], statements: Sequence[str], votes: Sequence[tuple[str, str, str]],
                *, seed: int = SEED, threshold: float = STRUCTURE_THRESHOLD) -> OpinionMap:
    """Place ``participants`` by their ``votes`` (participant, statement, vote) and group them."""
    values, voted = vote_matrix(participants, statements, votes)
    needed = min(MIN_VOTES, len(statements))
    placed = voted.sum(axis=1) >= max(needed, 1)
    who = tuple(p for p, keep in zip(participants, placed) if keep)
    unplaced = tuple(p for p, keep in zip(participants, placed) if not keep)
    values = values[placed]
    empty = np.zeros((0, 2))

    def single(reason: str, points=empty, components=np.zeros((0, len(statements))), ratios=()) -> OpinionMap:
        return OpinionMap(who, points, tuple([0] * len(who)), 1 if who else 0, math.nan, {}, ratios, components,
                          tuple(statements), unplaced, reason, threshold=threshold,
                          members={0: who} if who else {})

    if len(who) < 4 or len(statements) < 2:
        return single(f"{len(who)} participant(s) placed and {len(statements)} statement(s): too few to look "
                      "for opinion groups (needs 4 participants and 2 statements)")
    points, components, ratios = pca_project(values)
    distinct = len(np.unique(np.round(points, 9), axis=0))
    top = min(MAX_K, 2 + len(who) // 12, distinct)
    if top < 2:
        return single("every placed participant voted alike: one opinion group", points, components, ratios)
    fits = {k: kmeans(points, k, seed=seed)[0] for k in range(2, top + 1)}
    scores = {k: silhouette(points, labels) for k, labels in fits.items()}
    best = max(scores, key=lambda k: (scores[k], -k))
    if not scores[best] >= threshold:
        return OpinionMap(who, points, tuple([0] * len(who)), 1, scores[best], scores, ratios, components,
                          tuple(statements), unplaced,
                          f"no clear opinion groups: the best split (k = {best}) has a mean silhouette of "
                          f"{scores[best]:.2f}, below {threshold} (weak structure that could be artificial, "
                          "Kaufman & Rousseeuw 1990)", threshold=threshold, members={0: who})
    labels = fits[best]
    members = {c: tuple(p for p, label in zip(who, labels) if label == c) for c in range(best)}
    return OpinionMap(who, points, tuple(int(x) for x in labels), best, scores[best], scores, ratios, components,
                      tuple(statements), unplaced, None, threshold=threshold, members=members)
