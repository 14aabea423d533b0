"""The reader's language in this Streamlit session; the catalogues themselves are the library's.

Every text a person reads comes from the one set of gettext catalogues of
:mod:`analysis.present.language` (dashboard and reports alike). This module only knows
which language the session chose: :func:`language`, and :func:`_` / :func:`ngettext`
translate into it.
"""
from __future__ import annotations

from analysis.present.language import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, N_, is_rtl, translations  # noqa: F401

#: Session-state key of the language selector (shared with the sidebar widget).
LANGUAGE_KEY = "lang"


def language() -> str:
    """The language chosen in this session (English outside a Streamlit run)."""
    import streamlit as st  # late import: usable without a session

    try:
        lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    except Exception:  # no script run context (plain Python, a test of a builder)
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` into the session's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count, using the language's plural rule."""
    return translations(language()).ngettext(singular, plural, n)
