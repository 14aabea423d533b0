"""The text policy (surveys.plaintext) and the one Markdown escape (analysis.present.markdown)."""
from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
from markdown_it import MarkdownIt

from analysis.present.markdown import md_escape
from surveys.errors import TrialogueError
from surveys.plaintext import (
    argument,
    clean,
    clean_cells,
    json_needs_cleaning,
    needs_cleaning,
    plain,
    plain_isolated,
    plain_tree,
)


@pytest.mark.parametrize("raw, cleaned, changes", [
    ("Gha\x00na", "Ghana", {"control"}),
    ("a\x01b\x1b[31mc\x7fd\x9fe", "ab[31mcde", {"control"}),
    ("soft\x0bbreak\x0cfeed\x85nel\u2028line\u2029para", "soft\nbreak\nfeed\nnel\nline\npara", {"line_break"}),
    ("crlf\r\nand\rcr", "crlf\nand\ncr", set()),
    ("tab\tstays", "tab\tstays", set()),
    ("abc\u202edef\u202c \u2066iso\u2069", "abcdef iso", {"direction"}),
    ("\u0645\u0631\u062d\u0628\u0627 \u200f\u200e\u061c", "\u0645\u0631\u062d\u0628\u0627 \u200f\u200e\u061c", set()),
    ("Fra\u200bnce\u2060\ufeff\u180e", "France", {"invisible"}),
    ("\u0627\u200c\u0644 \U0001f468\u200d\U0001f469", "\u0627\u200c\u0644 \U0001f468\u200d\U0001f469", set()),
    ("lone \ud800 surrogate", "lone \ufffd surrogate", {"not_text"}),
    ("non\ufffe\uffff\ufdd0\U0010ffff", "non", {"not_text"}),
    ("e\u0301", "\u00e9", set()),  # NFC, said nowhere: it reads the same
])
def test_each_class_of_character_is_cleaned_and_said(raw, cleaned, changes):
    result = clean(raw)
    assert result == (cleaned, frozenset(changes))
    assert unicodedata.is_normalized("NFC", result.text)
    assert needs_cleaning(raw) == (raw != cleaned)
    assert not needs_cleaning(result.text)


def test_one_line_texts_have_no_breaks_or_runs_of_spaces():
    assert clean(" A \t B\n\n C\x0bD  E ", line=True).text == "A B C D E"
    assert plain("Ghana", line=True) == "Ghana" and plain(None) == "" and plain(12) == "12"


def test_arguments_are_refused_rather_than_changed():
    assert argument("  Round\u00a02 ", "the wave name", 200) == "Round\u00a02"
    for bad, reason in (("Round\x07", "U+0007) at position 6"), ("Ro\u202eund", "U+202E"), ("  ", "empty"),
                        ("w" * 201, "201 characters: at most 200")):
        with pytest.raises(TrialogueError, match=re.escape(reason)):
            argument(bad, "the wave name", 200)


def test_a_sheet_is_cleaned_where_it_needs_and_every_cleaned_cell_named():
    rows = [("respondent", "q1"), ("Gha\x00na", 4.0), ("Nepal", "ok\x0b"), ("x" * 40_000, None)]
    cleaned, changes = clean_cells(rows)
    assert cleaned[0] is rows[0] and cleaned[1] == ("Ghana", 4.0) and cleaned[2] == ("Nepal", "ok\n")
    assert changes == {(1, 0): {"control"}, (2, 1): {"line_break"}, (3, 0): {"too_long"}}


def test_stored_text_is_recognised_raw_or_escaped_and_cleaned_deeply():
    assert not json_needs_cleaning('{"q1":"4","c":"中文 ok"}')
    assert json_needs_cleaning('{"c":"a\\u0001b"}') and json_needs_cleaning('{"c":"\\ud800"}')
    assert json_needs_cleaning("name\u202e")

    @dataclasses.dataclass(frozen=True)
    class Part:
        title: str
        rows: tuple

    assert plain_tree({"k\x01": [Part("t\x00", ("a\x0bb",))]}) == {"k": [Part("t", ("a\nb",))]}



def test_a_writer_keeps_the_closed_isolates_the_software_puts_around_numbers_in_arabic():
    """An Arabic finding holds ``q = 0.016`` inside LRI … PDI (UAX #9 §2.4): the outline's
    cleaning keeps each closed isolate and still removes what the policy removes, inside and out;
    an isolate left open, or one holding another direction control, is removed."""
    finding = "\u0627\u062e\u062a\u0644\u0641\u062a (\u2066q = 0.016\u2069\u061b \u2066\u03b5\u00b2 = 0.30\u2069)"
    assert plain_isolated(finding) == finding
    assert plain(finding) == finding.replace("\u2066", "").replace("\u2069", "")
    assert plain_isolated("a\x00 \u2066p\x01 = 1\u2069 b\u202e") == "a \u2066p = 1\u2069 b"
    assert plain_isolated("open \u2066isolate") == "open isolate"
    assert plain_isolated("\u2066a\u202eb\u2069") == "ab"
    assert plain_tree({"k": ("\u2066x\u2069",)}, isolates=True) == {"k": ("\u2066x\u2069",)}
    assert plain_tree({"k": ("\u2066x\u2069",)}) == {"k": ("x",)}


PARSER = MarkdownIt("gfm-like", {"linkify": True, "html": True})


@pytest.mark.parametrize("text", [
    "![pixel](http://tracker.example/p.png)", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "# heading", "1. list", "- item", "> quote", "***", "**bold** _em_ ~~s~~ `code`", "a | b", "see http://x.org",
    "www.example.org", "a@b.org", "&amp; &lt;", "$x^2$", ":material/forum: :smile:", "q < 0.001",
    "Round ![w](http://tracker.example/w.png)\nsecond line",
])
def test_escaped_text_renders_as_its_own_characters(text):
    html = PARSER.render(md_escape(text)).strip()
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<") == 2, html
    shown = html[3:-4].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert shown.replace("\u200b", "") == " ".join(text.splitlines())
