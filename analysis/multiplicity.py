"""Adjusting p-values for many tests: Benjamini-Hochberg (false discovery rate) and Holm.

NaN p-values (tests that were not run) stay NaN and do not count as tests, so a skipped
comparison never makes the others look weaker.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class AdjustedPValues:
    """Raw and adjusted p-values, in the order given."""

    method: str
    pvalue: tuple[float, ...]
    pvalue_adjusted: tuple[float, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"p_value": self.pvalue, "p_value_adjusted": self.pvalue_adjusted})


def _adjust_finite(pvalues, adjust) -> np.ndarray:
    """Apply ``adjust`` to the finite p-values only; NaN (tests not run) stay NaN and don't count."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = adjust(p[ok])
    return out


def _bh(pv: np.ndarray) -> np.ndarray:
    m = pv.size
    order = np.argsort(pv)[::-1]  # largest first, for the running minimum
    ranked = pv[order] * m / np.arange(m, 0, -1)
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, np.minimum.accumulate(ranked))
    return adjusted


def _holm(pv: np.ndarray) -> np.ndarray:
    m = pv.size
    order = np.argsort(pv)
    stepped = pv[order] * (m - np.arange(m))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(stepped))
    return adjusted


def bh_adjust(pvalues) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) as an array; see :func:`benjamini_hochberg`."""
    return _adjust_finite(pvalues, _bh)


def holm_adjust(pvalues) -> np.ndarray:
    """Holm step-down adjusted p-values as an array; see :func:`holm`."""
    return _adjust_finite(pvalues, _holm)


def benjamini_hochberg(pvalues) -> AdjustedPValues:
    """Benjamini-Hochberg step-up adjustment controlling the false discovery rate.

    Benjamini & Hochberg (1995), JRSS B 57:289-300; same values as R ``p.adjust(p, "BH")``.
    """
    p = np.asarray(pvalues, dtype=float)
    return AdjustedPValues("Benjamini-Hochberg", tuple(p.tolist()), tuple(bh_adjust(p).tolist()))


def holm(pvalues) -> AdjustedPValues:
    """Holm (1979) step-down adjustment controlling the family-wise error rate.

    Holm, Scand. J. Statist. 6:65-70; same values as R ``p.adjust(p, "holm")``.
    """
    p = np.asarray(pvalues, dtype=float)
    return AdjustedPValues("Holm", tuple(p.tolist()), tuple(holm_adjust(p).tolist()))
