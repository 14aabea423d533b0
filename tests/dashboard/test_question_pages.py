"""The question pages come from the questionnaire: an instrument with seven groups shows seven
(AppTest on a real SQLite store); the default instrument keeps its six, with their topics."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from support.app import assert_clean
from support.seven import GROUPS, seven_group_store
from surveys.demo import load_demo
from surveys.storage.store import URL_VARIABLE, open_store

#: Prints the menu the app builds: one line per section, "url=title" per page.
MENU_SCRIPT = """
import streamlit as st
from dashboard import navigation, sidebar
chosen = sidebar.render()
for section, pages in navigation.pages(sel=chosen).items():
    st.text(section + " || " + " || ".join(f"{page.url_path}={page.title}" for page in pages))
"""
PAGE_SCRIPT = """
from dashboard import sidebar
from dashboard.pages.question import render
sidebar.render()
render({name!r})
"""


def _menu(url: str, monkeypatch) -> dict[str, list[tuple[str, str]]]:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_string(MENU_SCRIPT, default_timeout=120).run()
    assert_clean(at)
    menu = {}
    for element in at.text:
        section, _sep, pages = element.value.partition(" || ")
        menu[section] = [tuple(page.split("=", 1)) for page in pages.split(" || ")]
    return menu


def _questions(url: str, monkeypatch) -> list[tuple[str, str]]:
    """The question pages of the menu (its Questions section holds the Comments page too)."""
    return [page for page in _menu(url, monkeypatch)["Questions"] if page[0] != "comments"]


@pytest.fixture(scope="module")
def seven_url(tmp_path_factory) -> str:
    return seven_group_store(tmp_path_factory.mktemp("seven"))


def test_seven_groups_make_seven_question_pages(seven_url, monkeypatch):
    questions = _questions(seven_url, monkeypatch)
    assert [url for url, _title in questions] == list(GROUPS)
    titles = dict(questions)
    assert titles["q1"] == "Q1 · Briefings before mandate renewals"
    assert titles["followup"] == "Anything the Working Group should take…"  # cut to fit the menu
    # Nothing of the default instrument's topics leaks into another questionnaire's menu.
    assert not [title for title in titles.values() if "Consultation practice" in title]


@pytest.mark.parametrize("name", ["q6", "followup"])
def test_every_page_of_the_seven_renders_its_question(name, seven_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, seven_url)
    at = AppTest.from_string(PAGE_SCRIPT.format(name=name), default_timeout=120).run()
    assert_clean(at)
    assert at.title[0].value == {"q6": "Q6 · Follow-up in the Fifth Committee",
                                 "followup": "Anything the Working Group should take…"}[name]
    assert GROUPS[name] in [m.value.strip("*") for m in at.markdown]  # the question in full
    assert at.get("vega_lite_chart"), "no chart on the page"


def test_the_default_instrument_keeps_its_six_pages(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    with open_store(url) as store:
        load_demo(store)
    questions = _questions(url, monkeypatch)
    assert questions == [("q1", "Q1 · Consultation practice"), ("q2", "Q2 · Obstacles to dialogue"),
                         ("q3", "Q3 · New mandates"), ("q4", "Q4 · Elected members"),
                         ("q5", "Q5 · Meeting formats"), ("q6", "Q6 · Institutionalising")]


def test_an_empty_store_lists_the_default_questions(empty_url, monkeypatch):
    assert [url for url, _title in _questions(empty_url, monkeypatch)] == [f"q{n}" for n in range(1, 7)]
