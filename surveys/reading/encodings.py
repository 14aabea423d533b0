"""Which encoding a text file was written in, decided from its bytes and said plainly.

CSV files reach the Secretariat in UTF-8 (KoboToolbox, ODK Central, Ona, Excel's "CSV
UTF-8", with or without a byte-order mark) and in the "ANSI" code page of the Windows
that saved them from Excel: Windows-1252 in offices working in English, French or Spanish,
GB18030 (GBK) for Chinese, Windows-1256 for Arabic, Windows-1251 for Russian.
:func:`decode` decides in three steps:

1. a byte-order mark names the encoding (UTF-8, UTF-16);
2. text that decodes as strict UTF-8 is UTF-8: multi-byte UTF-8 sequences almost never
   arise by chance in legacy text, so a file that passes is read as UTF-8;
3. otherwise every legacy candidate that decodes the bytes without error is scored by how
   plausible its text is as writing (:func:`plausibility`), and the best one is taken.
   When the runner-up reads differently and scores close, the choice is reported as
   uncertain, with the ``--encoding`` that would read the file the other way.

General-purpose detectors (chardet, charset-normalizer) guess among dozens of code pages
and go wrong on the few words a CSV cell holds: on "Sí, más reuniones." or "同意" they
answer Windows-1250 and Big5. Here the candidates are the four code pages UN offices
write, and the score asks what a reader would: does each word stay in one script, do
capitals stand where capitals go, are the letters ones that language uses? Mis-decoded
text fails these at once: Arabic read as Windows-1252 becomes ``ÇáÃãä`` (capitals inside
words, letters French and Spanish never use), Russian read as Windows-1256 mixes Arabic
letters and French accents inside one word, Latin text read as GB18030 pairs an accent
with the next letter into rare ideographs outside GB2312's 3,755 common characters
(GB 2312-1980, level 1: lead bytes 0xB0-0xD7), and Chinese read as Windows-1251 gives
words that alternate case.
"""
from __future__ import annotations

import codecs
import math
import unicodedata
from dataclasses import dataclass

#: Legacy candidates, in the order a tie is settled (identical readings are no tie).
LEGACY = ("cp1252", "gb18030", "cp1256", "cp1251")
#: What the report calls each encoding.
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "cp1252": "Windows-1252",
         "gb18030": "GB18030", "cp1256": "Windows-1256", "cp1251": "Windows-1251"}
#: A runner-up within this much mean log-plausibility per character is a real alternative.
CLOSE = math.log(4)

_COMMON_LATIN = set("àâäáãåæçèéêëìíîïñòóôöõøœùúûüÿßÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØŒÙÚÛÜŸ¡¿«»°€’‘“”–—…·ºª")
_COMMON_ARABIC_SIGNS = set("،؛؟ـ")
_RUSSIAN = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_RARE, _UNUSUAL, _ODD = 0.2, 0.02, 0.002


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was read. ``detected`` is False when the encoding was
    declared; ``doubt`` names a close alternative reading when the choice was uncertain."""

    text: str
    encoding: str
    detected: bool = True
    doubt: str | None = None

    @property
    def name(self) -> str:
        return NAMES.get(self.encoding, self.encoding)

    def describe(self) -> str:
        how = "detected" if self.detected else "as declared"
        return f"{self.name} ({how})"


def codec(name: str) -> str:
    """The canonical codec name of an encoding given by a user (``GBK``, ``windows-1256``)."""
    try:
        found = codecs.lookup(name.strip()).name
    except LookupError:
        raise ValueError(f"unknown encoding '{name}': use e.g. utf-8, cp1252, gb18030, cp1256 or cp1251") from None
    return {"gbk": "gb18030", "gb2312": "gb18030", "windows-1252": "cp1252", "windows-1256": "cp1256",
            "windows-1251": "cp1251"}.get(found, found)


def bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def decode(data: bytes) -> Decoded:
    """The text of ``data`` in the encoding it was most plausibly written in.

    Raises ``UnicodeDecodeError`` (from the UTF-8 attempt) when no candidate reads it.
    """
    bom = bom_encoding(data)
    if bom:
        return Decoded(data.decode(bom), bom)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        failure = exc
    readings = []
    for encoding in LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((plausibility(text), encoding, text))
    if not readings:
        raise failure
    best = max(readings, key=lambda r: r[0])  # max keeps the first of equals: LEGACY order
    doubt = next((encoding for score, encoding, text in readings
                  if encoding != best[1] and text != best[2] and best[0] - score < CLOSE), None)
    return Decoded(best[2], best[1], doubt=doubt)


def plausibility(text: str) -> float:
    """Mean log-weight of the non-ASCII characters of ``text`` as writing (0 is best).

    Each character weighs by how usual it is in the six UN languages and their neighbours
    (:func:`_weight`); a word that mixes scripts, or puts a capital after a small letter,
    weighs every non-ASCII letter of it down. Text without non-ASCII characters scores 0.
    """
    total, count = 0.0, 0
    for word in _words(text):
        weights = [_weight(ch) for ch in word if ord(ch) > 127]
        if not weights:
            continue
        if _mixed(word):
            weights = [w * _UNUSUAL for w in weights]
        total += sum(math.log(w) for w in weights)
        count += len(weights)
    return total / count if count else 0.0


def _words(text: str):
    """Runs of letters and marks; every other character stands alone."""
    word: list[str] = []
    for ch in text:
        if ch.isalpha() or unicodedata.category(ch).startswith("M"):
            word.append(ch)
            continue
        if word:
            yield "".join(word)
            word = []
        if ord(ch) > 127:
            yield ch
    if word:
        yield "".join(word)


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "latin"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x600 <= code < 0x700 or 0xFB50 <= code < 0xFF00:
        return "arabic"
    if 0x3000 <= code < 0xA000 or 0xF900 <= code < 0xFB00 or 0xFF00 <= code < 0xFFF0:
        return "cjk"
    return "other"


def _mixed(word: str) -> bool:
    """Two scripts in one word (an ASCII letter beside an ideograph is usual: ``Q1答复``),
    a Latin word of accented letters only, a capital right after a small letter (``ЗбУбЗг``),
    or small letters after two capitals (``КНПтш``): how cased scripts look when Arabic or
    Chinese bytes are read as one of them."""
    scripts = {_script(ch) for ch in word if ord(ch) > 127} - {"other"}
    if scripts and scripts != {"cjk"} and any(ch.isascii() for ch in word):
        scripts.add("latin")
    if len(scripts) > 1:
        return True
    if scripts == {"latin"} and len(word) > 1 and not any(ch.isascii() for ch in word):
        return True  # Western European words carry accents among plain letters: "Íåò" is Нет misread
    if all(ch.isascii() for ch in word):
        return False
    for a, b, c in zip(word, word[1:], word[2:]):
        if a.isupper() and b.isupper() and c.islower():  # "КНПтш": capitals, then small letters
            return True
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _weight(ch: str) -> float:
    script = _script(ch)
    category = unicodedata.category(ch)
    if category == "Cc" or category == "Co" or category == "Cn":
        return _ODD / 10
    if script == "latin":
        if ch in _COMMON_LATIN:
            return 1.0
        return _RARE if ch.isalpha() else _UNUSUAL
    if script == "cyrillic":
        return 1.0 if ch in _RUSSIAN else _RARE
    if script == "arabic":
        code = ord(ch)
        if 0x621 <= code <= 0x652 or ch in _COMMON_ARABIC_SIGNS or 0x660 <= code <= 0x669:
            return 1.0
        return _RARE if ch.isalpha() or category.startswith("M") else _UNUSUAL
    if script == "cjk":
        return _cjk_weight(ch)
    if category.startswith("P") or category.startswith("Z") or ch in "€£¥§©®™°±×÷":
        return _RARE
    return _ODD


def _cjk_weight(ch: str) -> float:
    """Ideographs by their place in GB 2312: level 1 (the 3,755 common characters) is usual,
    level 2 rare, outside GB 2312 odd; CJK punctuation and full-width forms are usual."""
    if unicodedata.category(ch).startswith(("P", "Z", "N")) or 0xFF01 <= ord(ch) <= 0xFF5E:
        return 1.0
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return _ODD
    if 0xB0 <= lead <= 0xD7:
        return 1.0
    if 0xD8 <= lead <= 0xF7:
        return _RARE
    return _UNUSUAL
