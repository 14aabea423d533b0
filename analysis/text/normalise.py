"""Text folded for matching and counting: case, accents, Arabic spelling variants, full-width forms.

One folding serves search and term counts, so a word found by search is the word counted.
Each character is folded on its own, which keeps a map from every folded character back
to the original text (search results point at the words a reader sees).

* Every script: Unicode compatibility forms (NFKC: full-width Latin and digits in Chinese
  text, ligatures) and case folding (``ß`` → ``ss``).
* Latin script: accents removed (``é`` → ``e``, ``ñ`` → ``n``), as French and Spanish
  writers and keyboards often drop them.
* Cyrillic: ``ё`` → ``е`` (Russian print normally writes ``е``); ``й`` is a letter of its
  own and is kept.
* Arabic (Larkey, Ballesteros & Connell 2002, "Improving stemming for Arabic information
  retrieval: light stemming and co-occurrence analysis", SIGIR; the "light" normalisation,
  without stemming): diacritics (harakat, tanwin, shadda, sukun, dagger alef) and tatweel
  removed; alef with hamza or madda and alef wasla → bare alef; alef maqsura ``ى`` → ``ي``;
  taa marbuta ``ة`` → ``ه``; Persian/Urdu keheh and farsi yeh → Arabic kaf and yaa. Letters
  are only replaced one for one or dropped, never split off a word, so no clitic or
  affix is cut.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Arabic marks dropped: harakat and tanwin (U+064B–U+065F), dagger alef (U+0670), Quranic
#: annotation signs (U+0610–U+061A, U+06D6–U+06ED) and tatweel (U+0640).
ARABIC_DROPPED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x0610, 0x061B)] + [chr(c) for c in range(0x06D6, 0x06EE)])
#: One-for-one Arabic letter replacements (see the module docstring).
ARABIC_LETTERS = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # آ أ إ ٱ → ا
    "\u0649": "\u064A",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    "\u06A9": "\u0643", "\u06CC": "\u064A",  # ک → ك, ی → ي
}


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00C0" <= ch <= "\u024F" or "\u1E00" <= ch <= "\u1EFF"


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """One character folded (possibly to nothing or to several characters)."""
    if ch in ARABIC_DROPPED:
        return ""
    if ch in ARABIC_LETTERS:
        return ARABIC_LETTERS[ch]
    if ch in "ёЁ":
        return "е"
    if ch in "\u2018\u2019\u02BC":
        return "'"  # typographic apostrophes as typed ones (l’information, l'information)
    if unicodedata.combining(ch) and not ("\u0300" <= ch <= "\u036F"):
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not (unicodedata.combining(c) and "\u0300" <= c <= "\u036F"
                                                 and _latin(decomposed[0])))
    if not kept and "\u0300" <= ch <= "\u036F":
        return ""  # a combining accent typed after a Latin letter (decomposed input)
    return unicodedata.normalize("NFC", kept).casefold()


def fold(text: str) -> str:
    """``text`` folded for matching (see the module docstring)."""
    return "".join(map(fold_char, text))


def fold_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """The folded text and, for each of its characters, the index of the original character
    it came from (so a match in the folded text can be shown in the original)."""
    pieces, offsets = [], []
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(pieces), tuple(offsets)


def original_span(offsets: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    """A ``[start, end)`` span of the folded text as a span of the original text."""
    return offsets[start], offsets[end - 1] + 1
