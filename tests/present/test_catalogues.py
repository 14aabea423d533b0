"""The one set of catalogues (dashboard and reports): compiled files match their sources, every
marked string is extracted, translations keep their placeholders and plural forms, all six
languages are complete."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from analysis.present import language, numbers
from analysis.present.fonts import chart_font

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CFG = "analysis/present/locales/babel.cfg"
#: The extraction keywords of analysis/present/locales/README.md.
KEYWORDS = ["-k", "N_", "-k", "NP_:1c,2", "-k", "NPN_:1c,2,3"]


def _catalog(lang: str):
    with language.catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _key(m):
    msgid = m.id if isinstance(m.id, str) else m.id[0]
    if m.context is None and "\x04" in msgid:  # a compiled file keeps the context inside the id
        context, _, msgid = msgid.partition("\x04")
        return context, msgid
    context = m.context.decode("utf-8") if isinstance(m.context, bytes) else m.context  # read_mo gives bytes
    return context, msgid


@pytest.mark.parametrize("lang", language.LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang):
    po = _catalog(lang)
    with language.catalogue_path(lang, ".mo").open("rb") as handle:
        mo = read_mo(handle)

    def text(m):
        return m.string if isinstance(m.string, str) else tuple(m.string)

    translated = {_key(m): text(m) for m in po if m.id and m.string
                  and (m.string if isinstance(m.string, str) else any(m.string))}
    compiled = {_key(m): text(m) for m in mo if m.id}
    assert translated == {k: compiled.get(k) for k in translated}, f"{lang}: run pybabel compile"


def test_every_marked_string_is_in_the_template(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", CFG, *KEYWORDS,
                    "--no-location", "-o", str(pot), "."], cwd=REPO, check=True, capture_output=True)
    with pot.open("rb") as handle:
        fresh = {_key(m) for m in read_po(handle) if m.id}
    committed = {_key(m) for m in _catalog("zh") if m.id}
    assert fresh - committed == set(), "extract and update the catalogues (analysis/present/locales/README.md)"
    assert len(fresh) > 350  # the dashboard's strings and the reports' together


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


@pytest.mark.parametrize("lang", ["zh", "ar", "fr", "es", "ru"])
def test_every_language_is_complete_with_all_its_plural_forms(lang):
    catalog = _catalog(lang)
    empty = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    assert not empty, (lang, empty[:5])
    for m in catalog:
        if m.id and not isinstance(m.id, str):
            assert len(m.string) == catalog.num_plurals, (lang, m.id)


def test_plural_forms_follow_each_language():
    # CLDR plural rules: Arabic 0/1/2/3-10/11-99/other; Russian one/few/many; Chinese one form.
    ar = language.translations("ar")
    assert ar.ngettext("{n} comment", "{n} comments", 2) == "تعليقان"
    assert ar.ngettext("{n} comment", "{n} comments", 5).format(n=5) == "5 تعليقات"
    assert language.translations("zh").ngettext("{n} comment", "{n} comments", 7).format(n=7) == "7 条意见"
    ru = language.translations("ru")
    forms = [ru.ngettext("{total} respondent answered the questionnaire.",
                         "{total} respondents answered the questionnaire.", n).format(total=n) for n in (1, 3, 5, 21)]
    assert forms == ["На вопросник ответил 1 респондент.", "На вопросник ответили 3 респондента.",
                     "На вопросник ответили 5 респондентов.", "На вопросник ответил 21 респондент."]
    # A noun after "of the N" takes the genitive in Russian, a different form from "the N".
    assert ru.npgettext("of the N", "Council member", "Council members", 5) == "членов Совета"
    assert ru.npgettext("the N", "Council member", "Council members", 3) == "члена Совета"


def test_missing_compiled_file_is_compiled_from_the_source(tmp_path, monkeypatch):
    folder = tmp_path / "zh" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(language.catalogue_path("zh"), folder / "messages.po")
    monkeypatch.setattr(language, "LOCALES_DIR", tmp_path)
    language.translations.cache_clear()
    try:
        assert language.translations("zh").gettext("Overview") == "概览"
    finally:
        language.translations.cache_clear()


def test_right_to_left_and_fonts():
    assert language.is_rtl("ar") and not language.is_rtl("zh")
    assert "CJK" in chart_font("zh") and "Arabic" in chart_font("ar")
    assert language.translations("xx").gettext("Overview") == "Overview"


@pytest.mark.parametrize("q, lang, text", [(0.0004, "en", "q < 0.001"), (0.004, "en", "q = 0.004"),
                                           (0.031, "en", "q = 0.031"), (None, "en", "q = –"),
                                           (0.031, "fr", "q = 0,031"),
                                           (0.0002, "ar", "\u2066q < 0.001\u2069")])
def test_q_values_read_the_same_everywhere(q, lang, text):
    # One formatting for the dashboard and the reports; isolated in right-to-left text (UAX #9).
    assert numbers.relation("q", q, lang) == text


def test_arabic_plural_forms_are_in_babels_order():
    """Babel numbers Arabic forms zero, one, two, few (3–10), other (100–102 …), many (11–99):
    form 4 takes the genitive singular after 100, form 5 the accusative after 11 to 99."""
    ar = language.translations("ar")
    forms = {n: ar.ngettext("{n} comment", "{n} comments", n).format(n=n) for n in (11, 54, 99, 100, 102, 111)}
    assert forms == {11: "11 تعليقًا", 54: "54 تعليقًا", 99: "99 تعليقًا", 100: "100 تعليق", 102: "102 تعليق",
                     111: "111 تعليقًا"}
    assert ar.ngettext("{total} respondent answered the questionnaire.",
                       "{total} respondents answered the questionnaire.", 54).format(total=54) == \
        "أجاب 54 مجيبا عن الاستبيان."
