"""Languages of the dashboard: gettext catalogues managed with Babel.

Every text a person reads comes from ``dashboard/locales/<lang>/LC_MESSAGES/messages.po``
(extracted with ``pybabel extract``, see ``dashboard/locales/README.md``). The compiled
``.mo`` files are committed; when one is missing (a partial checkout) the ``.po`` is compiled
in memory so a fresh clone always starts. Plural forms follow each language's CLDR rule
through ``ngettext``.

The pure part (:func:`translations`) is used by the chart builders; :func:`language`,
:func:`_` and :func:`ngettext` read the language chosen in the current Streamlit session.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from surveys.messages import compiled

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

#: Languages offered, in the order shown; every one has a catalogue.
LANGUAGES: tuple[str, ...] = ("en", "zh", "fr", "es", "ru", "ar")
#: Each language named in itself, so a reader can find their own.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "zh": "中文", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية",
}
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"
#: Session-state key of the language selector (shared with the sidebar widget).
LANGUAGE_KEY = "lang"

#: Chart fonts: Vega renders text itself, so a CJK or Arabic face must be named for those scripts.
FONTS: dict[str, str] = {
    "zh": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
    "ar": "Noto Sans Arabic, Noto Naskh Arabic, Arial, sans-serif",
}
DEFAULT_FONT = "Source Sans Pro, Noto Sans, Arial, sans-serif"


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The catalogue for ``lang``; English source text when there is none.

    Loads the compiled ``.mo``; if it is absent, compiles the ``.po`` in memory
    (Babel's ``read_po`` + ``write_mo``) rather than failing.
    """
    if lang not in LANGUAGES:
        return NullTranslations()
    mo = catalogue_path(lang, ".mo")
    if mo.exists():
        with mo.open("rb") as handle:
            return Translations(fp=handle, domain=DOMAIN)
    po = catalogue_path(lang)
    if not po.exists():
        return NullTranslations()
    return compiled(po, lang, DOMAIN)


def font_for(lang: str) -> str:
    return FONTS.get(lang, DEFAULT_FONT)


def is_rtl(lang: str) -> bool:
    return lang in RIGHT_TO_LEFT


def language() -> str:
    """The language chosen in this session (English outside a Streamlit run)."""
    import streamlit as st  # late import: the chart builders use this module without a session

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


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet (translated where shown)."""
    return message
