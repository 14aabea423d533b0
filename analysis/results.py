"""Result objects shared by every statistic: frozen, picklable, and tidy as a DataFrame.

Field names follow scipy (``statistic``, ``pvalue``, ``dof``) so that a reader who knows
scipy knows these; ``to_frame()`` gives identifier-safe column names (``p_value``,
``ci95_low``) because pingouin found that spaces and dots in column names hurt users.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields
from typing import NamedTuple

import pandas as pd

#: Seed of every resampling step, so the same answers always give the same numbers.
#: (The date of the Working Group's ninth thematic discussion, 11 December 2015.)
SEED = 20151211


class ConfidenceInterval(NamedTuple):
    """A two-sided interval; NaN bounds when it cannot be computed (see the result's ``reason``)."""

    low: float
    high: float


class DegenerateDataWarning(RuntimeWarning):
    """Raised as a warning when data cannot support a statistic (n too small, constant answers)."""


def degenerate(reason: str) -> str:
    """Warn about degenerate input the way scipy does, and hand the reason back for the result."""
    warnings.warn(reason, DegenerateDataWarning, stacklevel=3)
    return reason


def magnitude(value: float, thresholds: tuple[float, float, float]) -> str | None:
    """Label an absolute effect size with conventional cut-offs (small, medium, large)."""
    if value is None or not math.isfinite(value):
        return None
    size = abs(value)
    small, medium, large = thresholds
    if size >= large:
        return "large"
    if size >= medium:
        return "medium"
    if size >= small:
        return "small"
    return "negligible"


@dataclass(frozen=True)
class TestResult:
    """One hypothesis test.

    ``method`` names the test exactly as used (e.g. "Fisher's exact test"), ``effect_size_name``
    names the effect size (``epsilon_squared``, ``rank_biserial``, ``cramers_v_bias_corrected``);
    ``reason`` says why the statistic is NaN, or carries a caveat worth printing beside it.
    ``pvalue_standard_error`` is set when the p-value is a Monte Carlo estimate (the method
    then says "Monte Carlo"); exact and asymptotic p-values leave it None.
    """

    method: str
    statistic: float = math.nan
    pvalue: float = math.nan
    dof: float | None = None
    effect_size: float = math.nan
    effect_size_name: str | None = None
    effect_size_magnitude: str | None = None
    n: int = 0
    n_missing: int = 0
    reason: str | None = None
    pvalue_standard_error: float | None = None

    def to_frame(self) -> pd.DataFrame:
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        row["p_value"] = row.pop("pvalue")
        return pd.DataFrame([row])


@dataclass(frozen=True)
class IntervalResult:
    """A point estimate with its interval; ``method`` names how the interval was found."""

    estimate: float
    confidence_interval: ConfidenceInterval
    n: int
    method: str
    confidence_level: float = 0.95
    reason: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{
            "estimate": self.estimate, "ci95_low": self.confidence_interval.low,
            "ci95_high": self.confidence_interval.high, "n": self.n, "method": self.method,
            "confidence_level": self.confidence_level, "reason": self.reason,
        }])


@dataclass(frozen=True)
class PairComparison:
    """One pair of a post-hoc comparison; ``pvalue_adjusted`` is adjusted within the family."""

    a: str
    b: str
    statistic: float
    pvalue: float
    pvalue_adjusted: float


@dataclass(frozen=True)
class PairwiseResult:
    """All pairs of a post-hoc comparison."""

    method: str
    adjustment: str
    pairs: tuple[PairComparison, ...] = ()
    reason: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"a": p.a, "b": p.b, "statistic": p.statistic, "p_value": p.pvalue,
              "p_value_adjusted": p.pvalue_adjusted} for p in self.pairs],
            columns=["a", "b", "statistic", "p_value", "p_value_adjusted"],
        )
