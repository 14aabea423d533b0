"""Catalogues: compiled files match their sources, every string is extracted, placeholders kept."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.findings import format_q, sentence

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(lang: str):
    with i18n.catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang):
    po = _catalog(lang)
    with i18n.catalogue_path(lang, ".mo").open("rb") as handle:
        mo = read_mo(handle)
    def key(m):
        return m.id if isinstance(m.id, str) else m.id[0]

    def text(m):
        return m.string if isinstance(m.string, str) else tuple(m.string)

    translated = {key(m): text(m) for m in po if m.id and m.string
                  and (m.string if isinstance(m.string, str) else any(m.string))}
    compiled = {key(m): text(m) for m in mo if m.id}
    assert translated == {k: compiled.get(k) for k in translated}, f"{lang}: run pybabel compile"


def test_every_marked_string_is_in_the_template(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "dashboard/locales/babel.cfg",
                    "-k", "N_", "--no-location", "-o", str(pot), "."], cwd=REPO, check=True, capture_output=True)
    with pot.open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    committed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in _catalog("zh") if m.id}
    assert fresh - committed == set(), "extract and update the catalogues (dashboard/locales/README.md)"


@pytest.mark.parametrize("lang", ["zh", "ar", "fr", "es", "ru"])
def test_translations_keep_their_placeholders(lang):
    for message in _catalog(lang):
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        for form in forms:
            if form:
                assert set(PLACEHOLDER.findall(form)) <= set(PLACEHOLDER.findall(source)), (lang, source, form)


def test_chinese_and_arabic_are_complete():
    for lang in ("zh", "ar"):
        empty = [m.id for m in _catalog(lang) if m.id and not (
            m.string if isinstance(m.string, str) else all(m.string))]
        assert not empty, (lang, empty[:5])


def test_plural_forms_follow_each_language():
    # CLDR plural rules: Arabic 0/1/2/3-10/11-99/other; Russian one/few/many; Chinese one form.
    ar = i18n.translations("ar")
    assert ar.ngettext("{n} comment", "{n} comments", 2) == "تعليقان"
    assert ar.ngettext("{n} comment", "{n} comments", 5).format(n=5) == "5 تعليقات"
    assert i18n.translations("zh").ngettext("{n} comment", "{n} comments", 7).format(n=7) == "7 条意见"
    assert i18n.translations("en").ngettext("{n} comment", "{n} comments", 1).format(n=1) == "1 comment"


def test_missing_compiled_file_is_compiled_from_the_source(tmp_path, monkeypatch):
    folder = tmp_path / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(i18n.catalogue_path("zh"), folder / "messages.po")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("zh").gettext("Overview") == "概览"
    finally:
        i18n.translations.cache_clear()


def test_right_to_left_and_fonts():
    assert i18n.is_rtl("ar") and not i18n.is_rtl("zh")
    assert "CJK" in i18n.font_for("zh") and "Arabic" in i18n.font_for("ar")
    assert i18n.translations("xx").gettext("Overview") == "Overview"


ITEM = {"kind": "ordinal", "levels": [{"name": "5", "label": {"en": "Strongly agree"}, "missing": False}],
        "groups": {"council": {"agree_share": 0.40}, "tcc_pcc": {"agree_share": 0.78}},
        "test": {"qvalue": 0.03, "effect_size": {"magnitude": "large"}},
        "divergence": {"a": "council", "b": "tcc_pcc"}}
GROUPS = {"council": "Council members", "tcc_pcc": "TCC/PCC respondents"}


def test_sentence_names_the_higher_group_first():
    assert sentence(ITEM, GROUPS) == \
        "TCC/PCC respondents agreed more than Council members: 78% vs 40%, large effect, q = 0.03."


def test_sentence_in_chinese_and_when_too_few():
    assert sentence(ITEM, {"council": "安理会", "tcc_pcc": "派遣国"}, lang="zh") == \
        "派遣国比安理会更同意：78% 对 40%，大效应，q = 0.03。"
    assert sentence({**ITEM, "test": None}, GROUPS) == "Too few answers to compare."
    assert sentence({**ITEM, "test": {"qvalue": 0.4, "effect_size": {"magnitude": "small"}}}, GROUPS) == \
        "No clear difference between groups (small effect, q = 0.40)."


@pytest.mark.parametrize("q, text", [(0.0004, "q < 0.001"), (0.004, "q = 0.004"), (0.031, "q = 0.03"),
                                     (None, "–")])
def test_q_values_read_plainly(q, text):
    assert format_q(q) == text


def test_arabic_sentence_isolates_the_latin_q_value():
    # Without LRI/PDI isolates (Unicode UAX #9) an RTL paragraph shows "q < 0.001" as "0.001 > q".
    said = sentence({**ITEM, "test": {"qvalue": 0.0002, "effect_size": {"magnitude": "large"}}},
                    {"council": "مجلس الأمن", "tcc_pcc": "البلدان المساهمة"}, lang="ar")
    assert "\u2066q < 0.001\u2069" in said
    assert "\u2066" not in sentence(ITEM, GROUPS)
