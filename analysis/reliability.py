"""Inter-coder reliability: Krippendorff's alpha for nominal, ordinal, interval and ratio data.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (Annenberg School
for Communication, University of Pennsylvania, departmental paper 43): the reliability data
are a coders × units matrix with missing values; only *pairable* values count, that is
values in units that at least two coders coded. A unit coded by one coder only tells
nothing about agreement and is left out, as the method prescribes (its value enters
neither the observed nor the expected disagreement). Each unit with ``m_u`` values adds
every ordered pair of its values, weighted ``1 / (m_u - 1)``, to the coincidence matrix
``o_ck``; with ``n_c`` its margins and ``n`` the number of pairable values,

    alpha = 1 - (n - 1) * sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck

where ``delta2`` is the difference function of the level of measurement (section E of the
paper): nominal 0/1; ordinal ``(sum_{g=c..k} n_g - (n_c + n_k) / 2)^2`` over the ranked
values that occur; interval ``(c - k)^2``; ratio ``((c - k) / (c + k))^2``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .results import degenerate

LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with what it was computed from.

    ``statistic`` is alpha (NaN with ``reason`` when undefined); ``units`` the units with
    pairable values (coded by at least two coders); ``pairable_values`` the values in them
    (``n`` in Krippendorff's notation); ``coders`` the coders who gave any pairable value;
    ``single_coded`` the units left out because only one coder coded them.
    """

    statistic: float
    level: str
    units: int
    pairable_values: int
    coders: int
    single_coded: int
    observed_disagreement: float = math.nan
    expected_disagreement: float = math.nan
    method: str = "Krippendorff's alpha"
    reason: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"alpha": self.statistic, "level": self.level, "units": self.units,
                              "pairable_values": self.pairable_values, "coders": self.coders,
                              "single_coded": self.single_coded, "observed_disagreement": self.observed_disagreement,
                              "expected_disagreement": self.expected_disagreement, "reason": self.reason}])


def _delta2(values: np.ndarray, margins: np.ndarray, level: str) -> np.ndarray:
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(total == 0, 0.0, ((c - k) / np.where(total == 0, 1, total)) ** 2)
        return out
    # Ordinal: the values are sorted, so the cumulative margins give the sums between ranks.
    cum = np.concatenate([[0.0], np.cumsum(margins)])
    i, j = np.meshgrid(np.arange(values.size), np.arange(values.size), indexing="ij")
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    between = cum[hi + 1] - cum[lo]
    return (between - (margins[i] + margins[j]) / 2) ** 2


def krippendorff_alpha(reliability_data: Sequence[Sequence[float]] | np.ndarray, level: str = "nominal"
                       ) -> AlphaResult:
    """Krippendorff's alpha of a coders × units matrix (NaN or None for a missing value).

    Parameters
    ----------
    reliability_data : array-like, shape (coders, units)
        Values given by each coder to each unit. Nominal values may be any numbers coding
        categories; ordinal values must sort in the scale's order (ranks, or the codebook's
        positions); interval and ratio values are the numbers themselves.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, which chooses the difference function.

    Returns
    -------
    AlphaResult
        ``statistic`` is alpha: 1 is perfect agreement, 0 agreement at chance, negative
        systematic disagreement. NaN with a ``reason`` when no unit has two values or the
        pairable values do not vary (expected disagreement 0: alpha is undefined).

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
    for Communication Departmental Papers 43. Worked example (4 coders, 12 units, missing
    values): nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    data = np.array(reliability_data, dtype=float)
    if data.ndim != 2:
        raise ValueError("reliability_data must be a coders × units matrix")
    present = ~np.isnan(data)
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    single = int((per_unit == 1).sum())
    units = int(pairable.sum())
    coders = int(present[:, pairable].any(axis=1).sum())
    if units == 0:
        return AlphaResult(math.nan, level, 0, 0, coders, single,
                           reason=degenerate("no unit was coded by two or more coders: nothing to compare"))
    block = data[:, pairable]
    values = np.unique(block[~np.isnan(block)])
    index = {v: i for i, v in enumerate(values)}
    coincidence = np.zeros((values.size, values.size))
    for u in range(block.shape[1]):
        column = block[:, u]
        given = column[~np.isnan(column)]
        codes = np.array([index[v] for v in given])
        counts = np.bincount(codes, minlength=values.size).astype(float)
        # Every ordered pair of values from different coders: counts ⊗ counts minus self-pairs.
        coincidence += (np.outer(counts, counts) - np.diag(counts)) / (given.size - 1)
    margins = coincidence.sum(axis=1)
    n = margins.sum()
    delta2 = _delta2(values, margins, level)
    observed = float((coincidence * delta2).sum() / n)
    expected = float((np.outer(margins, margins) * delta2).sum() / (n * (n - 1)))
    if expected == 0:
        return AlphaResult(math.nan, level, units, int(n), coders, single, observed, expected,
                           reason=degenerate("the pairable values do not vary: alpha is undefined"))
    return AlphaResult(1.0 - observed / expected, level, units, int(round(n)), coders, single, observed, expected)


def reliability_matrix(codes: pd.DataFrame, *, unit: str = "unit", coder: str = "coder", value: str = "value"
                       ) -> tuple[np.ndarray, tuple, tuple]:
    """A tidy frame (one row per coder × unit value) as the coders × units matrix alpha reads.

    Returns ``(matrix, coders, units)``; a coder who did not code a unit is NaN there. A
    coder with two values for one unit is an error (the unit would count twice).
    """
    if codes.duplicated([coder, unit]).any():
        dup = codes[codes.duplicated([coder, unit], keep=False)].iloc[0]
        raise ValueError(f"coder {dup[coder]!r} gave unit {dup[unit]!r} more than one value")
    wide = codes.pivot(index=coder, columns=unit, values=value)
    return wide.to_numpy(dtype=float), tuple(wide.index), tuple(wide.columns)
