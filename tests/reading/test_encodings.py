"""Text encodings of CSV files: detection on real multilingual sentences, declared encodings.

The sentences are real: the default instrument's wording in the six UN languages (its
French, Spanish, Russian and Arabic follow UN terminology), Article 1 of the UN Charter
as the UN publishes it, and the Chinese concept note S/2015/1042 (reference data). Each is
written as Excel writes a CSV on a Windows of that language ("ANSI": Windows-1252,
GB18030, Windows-1256, Windows-1251) and must read back exactly, or the reading must say it
was uncertain and name the right encoding as the alternative.
"""
from __future__ import annotations

import pytest

from surveys.instrument.default import default_instrument
from surveys.reading.encodings import codec, decode, plausibility

CODE_PAGE = {"en": "cp1252", "fr": "cp1252", "es": "cp1252", "zh": "gb18030", "ar": "cp1256", "ru": "cp1251"}

#: Charter of the United Nations, Article 1(1), opening words, as published in each language.
CHARTER = {
    "fr": "Maintenir la paix et la sécurité internationales et à cette fin : prendre des mesures collectives "
          "efficaces en vue de prévenir et d'écarter les menaces à la paix",
    "es": "Mantener la paz y la seguridad internacionales, y con tal fin: tomar medidas colectivas eficaces "
          "para prevenir y eliminar amenazas a la paz, y para suprimir actos de agresión u otros "
          "quebrantamientos de la paz",
    "ru": "Поддерживать международный мир и безопасность и с этой целью принимать эффективные коллективные "
          "меры для предотвращения и устранения угрозы миру",
    "ar": "حفظ السلم والأمن الدولي، وتحقيقاً لهذه الغاية تتخذ الهيئة التدابير المشتركة الفعّالة لمنع الأسباب "
          "التي تهدد السلم ولإزالتها",
    "zh": "维持国际和平及安全；并为此目的：采取有效集体办法，以防止且消除对于和平之威胁",
}


def _sentences() -> list[tuple[str, str]]:
    instrument = default_instrument()
    texts = [(lang, text) for lang, text in CHARTER.items()]
    things = [*instrument.items, *instrument.questions,
              *(choice for choices in instrument.choice_lists.values() for choice in choices.choices)]
    for thing in things:
        texts += [(lang, text) for lang, text in thing.labels.items() if lang in CODE_PAGE]
    return sorted(set(texts))


SENTENCES = _sentences()


def _check(lang: str, text: str) -> tuple[bool, bool]:
    """(read right, uncertainty stated) for ``text`` written in its language's code page inside a CSV."""
    data = f"respondent,comment\nGhana,\"{text}\"\n".encode(CODE_PAGE[lang])
    found = decode(data)
    right = found.text == data.decode(CODE_PAGE[lang])
    if data.isascii():
        return right, True
    return right, found.doubt == CODE_PAGE[lang] or right


def test_real_sentences_in_six_languages_are_read_in_their_code_page():
    wrong = [(lang, text) for lang, text in SENTENCES if not _check(lang, text)[0]]
    unstated = [(lang, text) for lang, text in SENTENCES if not _check(lang, text)[1]]
    assert len(SENTENCES) > 300
    assert unstated == [], "a misreading must at least be reported as uncertain"
    # Every sentence of more than a few words reads right; only very short labels may not.
    assert [(lang, text) for lang, text in wrong if len(text) > 12] == []
    assert len(wrong) <= len(SENTENCES) // 50, wrong


@pytest.mark.parametrize("lang", sorted(CHARTER))
def test_charter_is_read_without_doubt(lang):
    data = CHARTER[lang].encode(CODE_PAGE[lang])
    found = decode(data)
    assert (found.text, found.encoding, found.doubt) == (CHARTER[lang], CODE_PAGE[lang], None)


def test_concept_note_lines_each_read_as_gb18030(shared):
    note = (shared / "source" / "S-2015-1042-concept-note-zh.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in note.splitlines() if len(line.strip()) >= 4 and not line.strip().isascii()]
    assert len(lines) > 50
    for line in lines:
        try:
            data = line.encode("gb18030")
        except UnicodeEncodeError:
            continue
        found = decode(data)
        assert found.encoding == "gb18030" or found.doubt == "gb18030", line


def test_utf8_with_and_without_bom_and_utf16():
    text = "respondent;comment\nغانا;非常同意\n"
    assert decode(text.encode("utf-8")).encoding == "utf-8"
    assert decode(text.encode("utf-8-sig")).encoding == "utf-8-sig"
    assert decode(text.encode("utf-8-sig")).text == text
    assert decode(text.encode("utf-16")).text == text


def test_misreadings_score_below_the_right_reading():
    for lang, text in CHARTER.items():
        data = text.encode(CODE_PAGE[lang])
        right = plausibility(text)
        for other in ("cp1252", "gb18030", "cp1256", "cp1251"):
            if other == CODE_PAGE[lang]:
                continue
            try:
                misread = data.decode(other)
            except UnicodeDecodeError:
                continue
            assert misread == text or plausibility(misread) < right, (lang, other, misread[:30])


@pytest.mark.parametrize("given, name", [("GBK", "gb18030"), ("windows-1256", "cp1256"), ("UTF8", "utf-8"),
                                         ("latin-1", "iso8859-1"), ("cp1251", "cp1251")])
def test_declared_encodings_by_their_usual_names(given, name):
    assert codec(given) == name


def test_unknown_declared_encoding_is_refused():
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        codec("klingon")
