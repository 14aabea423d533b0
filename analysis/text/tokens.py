"""Words and phrases of a comment, in any of the six UN languages.

* Chinese is segmented into words with jieba's dictionary and HMM (``rjieba``, the Rust
  implementation of jieba, whose dictionary ships inside the wheel; nothing is
  downloaded or cached at run time), with the peacekeeping terms below added so that
  ``部队派遣国`` or ``安全理事会`` stay one word.
* Other scripts are split at anything that is not a letter, digit or combining mark, so a
  diacritised Arabic word stays whole; Arabic is then only normalised (see
  :mod:`analysis.text.normalise`), never stemmed, so prefixes such as ``ال`` and ``و``
  are not cut away by a rule that would also cut real word beginnings.
* Stop words are those of stopwords-iso (the ``stopwordsiso`` package, MIT licence) for
  the six languages plus Portuguese and German, folded like the text. Lists of languages
  in other scripts never collide, so the Arabic, Chinese and Russian lists always apply;
  of the Latin-script lists only the comment's language's applies (French ``force`` is a
  stop word, English ``force`` is not), English for Latin words inside an Arabic, Chinese
  or Russian comment, and all of them when the language is undetermined.
  stopwords-iso is deliberately broad, and a few of its entries are the very
  words this consultation is about (``information``, ``early``, ``tarde`` …): those are
  kept as content words (:data:`KEPT`).

Phrases are pairs of adjacent content words in the same clause (punctuation ends a clause),
so "information sharing" and "信息共享" are counted besides their words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalise import fold

#: Peacekeeping terms jieba's general dictionary splits (UN Chinese terminology).
CHINESE_TERMS: tuple[str, ...] = (
    "安全理事会", "安理会", "维持和平行动", "维和行动", "维和人员", "维和特派团", "特派团", "部队派遣国",
    "警察派遣国", "派遣国", "出兵国", "出警国", "秘书处", "常任理事国", "非常任理事国", "任务授权", "任务规定",
    "三方合作", "三方对话", "三角合作", "互动对话", "非正式对话", "主席说明", "执笔国", "能力建设", "信息共享",
    "战略评估", "制度化", "维持和平行动部", "外勤支助部", "常驻代表", "专家级", "兵力生成",
)
#: stopwords-iso entries that carry meaning in this consultation, kept as content words.
KEPT: frozenset[str] = frozenset({
    # English
    "information", "early", "late", "later", "important", "member", "members", "state", "states", "group",
    "groups", "need", "needs", "needed", "problem", "problems", "interest", "interests", "world", "work",
    "working", "present", "general", "formal", "informal", "open", "opened", "order", "part", "parts", "point",
    "points", "face", "faces", "area", "areas", "case", "cases", "fact", "facts", "place", "places", "room",
    "turn", "turns", "way", "ways", "year", "years", "high", "higher", "highest", "long", "longer", "new",
    "newer", "old", "small", "smaller", "large", "larger", "great", "greater", "big", "full", "possible",
    "regular", "real", "clear", "sure", "interested", "mainly", "presented", "differently", "seriously",
    "shows", "showed", "show", "known", "knows", "know", "give", "given", "gives", "useful",
    # French, Spanish, Portuguese
    "tard", "tot", "tôt", "tarde", "temprano", "pronto", "cedo", "informacion", "informacao", "mandat",
    "mandato", "consejo", "conseil", "pays", "paises", "grupo", "groupe", "trabajo", "travail", "nuevo",
    "nouveau", "nouvelle", "importante", "formal", "formel", "informel", "oficial",
    # Russian
    "рано", "поздно", "информация", "работа", "группа", "новый", "новые",
})
#: Clause boundaries: phrases never span them.
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"«»“”„¿¡。，；：！？、（）【】《》…\n\r\t/|·•–—]+|\s-\s")
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640])+")
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")


@dataclass(frozen=True)
class Token:
    """One word: its text as written, its folded form, and where it is in the comment."""

    text: str
    norm: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba

    segmenter = rjieba.Jieba()
    for term in CHINESE_TERMS:
        segmenter.add_word(term, None, None)
    return segmenter


#: Languages whose stop words are written in Latin letters, and the others.
LATIN_STOP_LANGUAGES = ("en", "fr", "es", "pt", "de")
OTHER_STOP_LANGUAGES = ("ar", "zh", "ru")


@lru_cache(maxsize=None)
def _stop_list(lang: str) -> frozenset[str]:
    import stopwordsiso

    kept = {fold(word) for word in KEPT}
    return frozenset(fold(word) for word in stopwordsiso.stopwords(lang)) - kept


@lru_cache(maxsize=None)
def stop_words(lang: str | None = None) -> frozenset[str]:
    """Folded stop words for a comment in ``lang`` (see the module docstring), less :data:`KEPT`."""
    latin = ((lang,) if lang in LATIN_STOP_LANGUAGES else ("en",) if lang in OTHER_STOP_LANGUAGES
             else LATIN_STOP_LANGUAGES)
    return frozenset().union(*(_stop_list(code) for code in latin + OTHER_STOP_LANGUAGES))


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def words(text: str) -> list[Token]:
    """Every word of ``text`` in order (stop words included), Chinese segmented."""
    found: list[Token] = []
    for match in _WORD.finditer(text):
        piece, base = match.group(), match.start()
        if has_han(piece):
            for word, start, end in _segmenter().tokenize(piece):
                if _WORD.fullmatch(word):
                    found.append(Token(word, fold(word), base + start, base + end))
        else:
            found.append(Token(piece, fold(piece), base, match.end()))
    return found


def _content(norm: str, stop: frozenset[str]) -> bool:
    # Single characters (Chinese ones included: 应, 前, 对) are function words or too ambiguous.
    return len(norm) >= 2 and not norm.isdigit() and norm not in stop


def clauses(text: str) -> list[tuple[int, str]]:
    """``(offset, clause)`` pieces of ``text`` between punctuation."""
    out, start = [], 0
    for match in _CLAUSE.finditer(text):
        if match.start() > start:
            out.append((start, text[start:match.start()]))
        start = match.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


def terms(text: str, lang: str | None = None, *, phrases: bool = True) -> list[str]:
    """Content words of ``text`` (folded), then, if ``phrases``, pairs of adjacent content words
    within a clause (joined without a space when both are Chinese). ``lang`` (ISO 639-1, or
    None/``und``) chooses the stop words."""
    stop = stop_words(lang)
    found: list[str] = []
    pairs: list[str] = []
    for _, clause in clauses(text):
        previous: Token | None = None
        for token in words(clause):
            if not _content(token.norm, stop):
                previous = None
                continue
            found.append(token.norm)
            if phrases and previous is not None:
                joiner = "" if has_han(previous.norm[-1]) and has_han(token.norm[0]) else " "
                pairs.append(previous.norm + joiner + token.norm)
            previous = token
    return found + pairs
