"""Every page, in every language, on stores holding the hostile corpus (``tests/support/hostile.py``):
no exception, and every text Streamlit renders as Markdown — bodies, captions, alerts,
headings, widget labels and help, tab and expander names, radio options — parsed with a
CommonMark + GitHub parser (markdown-it-py with linkify) renders no link, image, HTML,
heading, list or quote: what came from a workbook is shown as the characters it is."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.exports import REPORT_FORMATS
from support.hostile import (
    LANGUAGES,
    LEGACY_TEXT,
    PARSER,
    PIXEL,
    STORED_WAVES,
    assert_text_only,
    hostile_store,
    legacy_store,
)
from surveys.storage.store import URL_VARIABLE

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
FILE_PAGES = ("overview.py", "compare.py", "common_ground.py", "upload.py", "export.py", "template.py", "comments.py",
              "coding.py")
QUESTION_SCRIPT = ("from dashboard import sidebar\nfrom dashboard.pages.question import render\n"
                   "sidebar.render()\nrender({name!r})\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile-pages")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    return url, hostile_store(url, folder)


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("legacy-pages")
    url = f"sqlite:///{folder / 'legacy.sqlite'}"
    return url, legacy_store(url, folder)


def _choose(at: AppTest, lang: str, wave: str, by: str) -> None:
    at.session_state["lang"] = lang
    at.session_state["wave"] = wave
    at.session_state["by"] = by


def visit_every_page(url: str, monkeypatch, lang: str, wave: str, by: str) -> None:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=300)
    _choose(at, lang, wave, by)
    at.run()
    assert at.selectbox(key="wave").value == wave
    assert_text_only(at, f"{lang} start")
    for page in FILE_PAGES:
        at.switch_page(f"dashboard/pages/{page}").run()
        assert_text_only(at, f"{lang} {page}")
    for name in ("q1", "q2", "q3", "q4", "q5", "q6"):
        question = AppTest.from_string(QUESTION_SCRIPT.format(name=name), default_timeout=300)
        _choose(question, lang, wave, by)
        question.run()
        assert_text_only(question, f"{lang} {name}")


#: Waves visited in every language: the one whose name, header and values hold Markdown, and
#: the one whose instrument's labels hold it (in English, Chinese and Arabic).
IN_EVERY_LANGUAGE = (f"Round {PIXEL}", "Round 6 form")


@pytest.mark.parametrize("wave", IN_EVERY_LANGUAGE)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_every_language_on_a_wave_of_markdown(lang, wave, hostile, monkeypatch):
    url, bys = hostile
    visit_every_page(url, monkeypatch, lang, wave, bys[wave])


@pytest.mark.parametrize("wave", [w for w in STORED_WAVES if w not in IN_EVERY_LANGUAGE])
def test_every_page_on_each_hostile_wave(wave, hostile, monkeypatch):
    url, bys = hostile
    visit_every_page(url, monkeypatch, "en", wave, bys[wave])


@pytest.mark.parametrize("lang", ("en", "ar"))
def test_every_page_on_a_store_written_before_the_text_policy(lang, legacy, monkeypatch):
    url, _by = legacy
    visit_every_page(url, monkeypatch, lang, "demo-2015", "sector")


def test_filters_and_comments_show_workbook_text_as_text(hostile, monkeypatch):
    url, bys = hostile
    wave = f"Round {PIXEL}"
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=300)
    _choose(at, "en", wave, bys[wave])
    at.run()
    label = at.multiselect(key=f"filter_{bys[wave]}_en").label
    assert label != bys[wave] and PARSER.render(label).count("tracker.example") == 1
    assert "<img" not in PARSER.render(label) and "<a " not in PARSER.render(label)
    question = AppTest.from_string(QUESTION_SCRIPT.format(name="q1"), default_timeout=300)
    _choose(question, "en", wave, bys[wave])
    question.run()
    comments = question.dataframe[-1].value
    assert any(PIXEL in text for text in comments.iloc[:, -1])  # the whole text, in a table cell


def test_the_legacy_store_is_shown_cleaned(legacy, monkeypatch):
    url, _by = legacy
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception
    options = at.selectbox(key="by_en").options
    assert "sector" in options and not any("\x01" in option for option in options)
    assert LEGACY_TEXT[:6] == "legacy"


@pytest.mark.parametrize("store", ["legacy", "hostile"])
def test_the_export_page_prepares_every_format_on_hostile_text(store, request, monkeypatch):
    """The Export page writes each report inside the server's process: on a store written
    before the text policy, compared by an attribute whose name and values hold control
    characters (once enough to abort the whole server through the chart renderer), and on the
    wave whose instrument labels hold them, every format is prepared and offered."""
    if store == "legacy":
        url, by = request.getfixturevalue("legacy")
        wave = "demo-2015"
    else:
        url, bys = request.getfixturevalue("hostile")
        wave = "Round 6 form"
        by = bys[wave]
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=600)
    _choose(at, "en", wave, by)
    at.run()
    at.switch_page("dashboard/pages/export.py").run()
    assert_text_only(at, "export page")
    offered = len(at.get("download_button"))
    for fmt in REPORT_FORMATS:
        at.selectbox(key="export_format_en").set_value(fmt).run()
        at.button(key="export_prepare").click().run()
        assert not at.exception and not at.error, (fmt, [e.value for e in at.error])
        assert len(at.get("download_button")) == offered + 1, fmt
