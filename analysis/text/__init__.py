"""Open-ended answers: reading comments (language, search), distinctive terms by group, coded themes.

No I/O and no Streamlit: pages and commands load a wave (and the coding from
:mod:`surveys.coding`) and call these.

* :func:`read_comments` — every comment with group, region, seat and detected language;
  ``CommentSet.search(query)`` finds comments in any of the six UN languages.
* :func:`distinctive_terms` — weighted log-odds (Monroe, Colaresi & Quinn 2008) per group.
* :func:`summarize_themes` — agreed themes × group through the select-multiple statistics,
  with Krippendorff's alpha per theme and per item.
Findings sentences about themes are the presentation layer's (:mod:`analysis.present.themes`).
"""
from surveys.lazy import exports

#: Where each public name lives, imported on first use (the command line registers the text
#: commands without loading the language models and the statistics).
_HOMES = {
    **dict.fromkeys(("Comment", "CommentSet", "comment_items", "read_comments"), "comments"),
    **dict.fromkeys(("LanguageGuess", "detect_language"), "language"),
    **dict.fromkeys(("SearchHit", "highlight", "search_texts"), "search"),
    **dict.fromkeys(("DistinctiveTerm", "TermsResult", "distinctive_terms", "log_odds_dirichlet"), "terms"),
    **dict.fromkeys(("ItemThemes", "Reliability", "ThemesSummary", "agreed_themes", "item_reliability",
                     "summarize_themes"), "themes"),
}

__all__ = [
    "Comment", "CommentSet", "DistinctiveTerm", "ItemThemes", "LanguageGuess", "Reliability", "SearchHit",
    "TermsResult", "ThemesSummary", "agreed_themes", "comment_items", "detect_language", "distinctive_terms",
    "highlight", "item_reliability", "log_odds_dirichlet", "read_comments", "search_texts", "summarize_themes"]


__getattr__ = exports(__name__, _HOMES)
