"""What the answers say: statistics for Trialogue waves (no I/O, no Streamlit).

``summarize(data, by="group")`` builds a :class:`Summary`; the single statistics are
importable on their own (one public function per computation, scipy-style results).
"""
from .comparison import UnknownVariable
from .consensus import cohens_h, distinctions, divergence, group_informed_consensus, tastle_wierman
from .intervals import bootstrap_mean_ci, bootstrap_mean_ci_counts, median_ci, wilson_interval
from .multiplicity import benjamini_hochberg, holm
from .nominal import chi_square_independence, cramers_v_bias_corrected, fisher_exact_test, independence_test
from .ordinal import dunn, kruskal_wallis, mann_whitney
from .results import ConfidenceInterval, IntervalResult, PairwiseResult, TestResult
from .summary import Summary, summarize

__all__ = [
    "ConfidenceInterval", "IntervalResult", "PairwiseResult", "Summary", "TestResult", "UnknownVariable",
    "benjamini_hochberg", "bootstrap_mean_ci", "bootstrap_mean_ci_counts", "chi_square_independence",
    "cohens_h", "cramers_v_bias_corrected", "distinctions", "divergence", "dunn", "fisher_exact_test",
    "group_informed_consensus", "holm", "independence_test", "kruskal_wallis", "mann_whitney", "median_ci",
    "summarize", "tastle_wierman", "wilson_interval",
]
