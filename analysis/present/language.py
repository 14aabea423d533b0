"""The software's words in six languages: one set of gettext catalogues, for the dashboard and the reports.

Every sentence, heading, label and unit Trialogue writes is an English message id in
``analysis/present/locales/<lang>/LC_MESSAGES/messages.po`` (Babel extracts them from
``analysis/`` and ``dashboard/``, see ``locales/README.md``). Counted phrases go through
``ngettext``, so each language uses its own CLDR plural rule (Arabic has six forms,
Russian three, Chinese one); the same English word that translates differently in two
places carries a context (``pgettext``). What came from the instrument or the registry —
item and choice labels, state names — is data and keeps its own languages.

The compiled ``.mo`` files are committed; when one is missing (a partial checkout) the
``.po`` is compiled in memory, so a fresh clone always starts.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from surveys.messages import compiled

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

#: The six official UN languages, in the order the dashboard offers them.
LANGUAGES: tuple[str, ...] = ("en", "zh", "fr", "es", "ru", "ar")
#: Each language named in itself, so a reader can find their own.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "zh": "中文", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية",
}
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"
#: BCP 47 tags of the page (``<html lang>``): Chinese as Simplified script, so browsers
#: choose Simplified glyph forms and screen readers a Mandarin voice.
HTML_LANGUAGES: dict[str, str] = {"en": "en", "zh": "zh-Hans", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar"}
#: Language tags of documents (Word ``w:lang``, the PDF's ``/Lang``): Word and LibreOffice
#: know a language by language and region; English is UN (British) English.
DOCUMENT_LANGUAGES: dict[str, str] = {"en": "en-GB", "zh": "zh-CN", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU",
                                      "ar": "ar-SA"}


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` (``gettext``, ``ngettext``, ``pgettext``); the English source
    text for an unknown language. Loads the compiled ``.mo``, else compiles the ``.po``."""
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


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet (translated where shown)."""
    return message


def is_rtl(lang: str) -> bool:
    return lang in RIGHT_TO_LEFT


def html_language(lang: str) -> str:
    """The page's ``lang`` attribute for ``lang``."""
    return HTML_LANGUAGES.get(lang, HTML_LANGUAGES[DEFAULT_LANGUAGE])


def html_direction(lang: str) -> str:
    """The page's ``dir`` attribute: ``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if is_rtl(lang) else "ltr"


def document_language(lang: str) -> str:
    """The language tag of a report in ``lang`` (``w:lang``, PDF ``/Lang``)."""
    return DOCUMENT_LANGUAGES.get(lang, DOCUMENT_LANGUAGES[DEFAULT_LANGUAGE])


def isolate(text: str, lang: str) -> str:
    """``text`` (a Latin run such as ``q < 0.001``) isolated inside right-to-left prose with
    Unicode LRI … PDI (UAX #9), so the bidi algorithm does not turn it into ``0.001 > q``."""
    return f"\u2066{text}\u2069" if is_rtl(lang) else text


#: Languages the reports are written in (the command line and the Export page offer these):
#: all six, each catalogue holding every report string.
REPORT_LANGUAGES: tuple[str, ...] = LANGUAGES


#: Scripts a run of report text can be in, as Word's three font and language slots see them.
LATIN, CYRILLIC, ARABIC, HAN = "latin", "cyrillic", "arabic", "han"
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0400, 0x052F, CYRILLIC), (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC), (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC), (0xFE70, 0xFEFF, ARABIC), (0x2E80, 0x9FFF, HAN), (0xF900, 0xFAFF, HAN),
    (0xFE30, 0xFE4F, HAN), (0xFF00, 0xFF60, HAN), (0x20000, 0x3134F, HAN),
)
#: The language each script is tagged with inside a report in ``lang``: the report's own
#: language for its own script, English for Latin text (names of tests, symbols) elsewhere.
_SCRIPT_OF_LANGUAGE = {"en": LATIN, "fr": LATIN, "es": LATIN, "ru": CYRILLIC, "ar": ARABIC, "zh": HAN}


def script_of(char: str) -> str | None:
    """The script of one character; None for characters every script shares (digits,
    spaces, punctuation, symbols), which join the run around them."""
    code = ord(char)
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return LATIN if char.isalpha() else None


def script_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """``text`` cut into (script, text) runs, so each run can carry its own language tag
    (WCAG 3.1.2, language of parts): shared characters join the run before them, or the
    report's own script at the start."""
    runs: list[list[str]] = []
    home = _SCRIPT_OF_LANGUAGE.get(lang, LATIN)
    for char in text:
        script = script_of(char)
        if script is None or (runs and runs[-1][0] == script):
            if runs:
                runs[-1][1] += char
            else:
                runs.append([home, char])
        else:
            runs.append([script, char])
    return [(script, part) for script, part in runs]


def run_language(script: str, lang: str) -> str:
    """The language tag of a run in ``script`` inside a report in ``lang``."""
    if _SCRIPT_OF_LANGUAGE.get(lang) == script:
        return document_language(lang)
    return {CYRILLIC: document_language("ru"), ARABIC: document_language("ar"),
            HAN: document_language("zh")}.get(script, document_language("en"))


#: Chinese punctuation is full-width (GB/T 15834-2011); tables and notes written with ASCII
#: brackets and separators take the full-width forms, numbers (1,234 and 0.05) untouched.
_FULL_WIDTH = (("(", "（"), (")", "）"), (", ", "，"), ("; ", "；"), (": ", "："))


def punctuated(text: str, lang: str) -> str:
    """``text`` with the punctuation of ``lang``: full-width brackets, commas, semicolons and
    colons in Chinese (without the spaces Latin punctuation takes); unchanged elsewhere."""
    if lang != "zh":
        return text
    for ascii_form, wide in _FULL_WIDTH:
        text = text.replace(ascii_form, wide)
    return text.replace(" （", "（").replace("） ", "）")


def NP_(context: str, message: str) -> str:
    """Mark ``message`` with a ``context`` for extraction (``pgettext`` where it is shown)."""
    return message


#: What separates two sentences: nothing in Chinese (its full stop closes the sentence), a space elsewhere.
_SENTENCE_GAP = {"zh": "", "ja": ""}


def sentences(lang: str, *parts: str | None) -> str:
    """Sentences of ``lang`` run together as one paragraph (empty parts left out)."""
    return _SENTENCE_GAP.get(lang, " ").join(p for p in parts if p)


def NPN_(context: str, singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message with a context for extraction (``npgettext`` where it is shown)."""
    return singular, plural
