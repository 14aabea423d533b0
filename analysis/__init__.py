"""What the answers say: statistics for Trialogue waves (no I/O, no Streamlit).

``summarize(data, by="group")`` builds a :class:`Summary`; the single statistics are
importable on their own (one public function per computation, scipy-style results);
``read_comments``, ``distinctive_terms`` and ``summarize_themes`` read the open-ended answers.
"""
from surveys.lazy import exports

#: Where each public name lives. Imported on first use: the statistics need scipy and pandas,
#: which ``python -m analysis --help`` (and any caller of one submodule) should not wait for.
_HOMES = {
    "UnknownVariable": "comparison",
    **dict.fromkeys(("cohens_h", "distinctions", "divergence", "group_informed_consensus", "tastle_wierman"),
                    "consensus"),
    **dict.fromkeys(("bootstrap_mean_ci", "bootstrap_mean_ci_counts", "median_ci", "wilson_interval"), "intervals"),
    **dict.fromkeys(("benjamini_hochberg", "holm"), "multiplicity"),
    **dict.fromkeys(("chi_square_independence", "cramers_v_bias_corrected", "fisher_exact_test",
                     "independence_test"), "nominal"),
    **dict.fromkeys(("dunn", "kruskal_wallis", "mann_whitney"), "ordinal"),
    **dict.fromkeys(("ConfidenceInterval", "IntervalResult", "PairwiseResult", "TestResult"), "results"),
    **dict.fromkeys(("Summary", "summarize"), "summary"),
    **dict.fromkeys(("distinctive_terms", "read_comments", "summarize_themes"), "text"),
}

__all__ = [
    "ConfidenceInterval", "IntervalResult", "PairwiseResult", "Summary", "TestResult", "UnknownVariable",
    "benjamini_hochberg", "bootstrap_mean_ci", "bootstrap_mean_ci_counts", "chi_square_independence",
    "cohens_h", "cramers_v_bias_corrected", "distinctions", "divergence", "dunn", "fisher_exact_test",
    "group_informed_consensus", "holm", "independence_test", "kruskal_wallis", "mann_whitney", "median_ci",
    "distinctive_terms", "read_comments", "summarize", "summarize_themes", "tastle_wierman", "wilson_interval",
]


__getattr__ = exports(__name__, _HOMES)
