"""One change at a time (the Coding page): a theme, one coder's codes of one comment, a quote —
checked by the sheet imports' rules, stored in one transaction, refused whole with a fix-it message."""
from __future__ import annotations

import pytest

from support.coding import CODEBOOK, book, comments_store
from surveys.coding import (
    Quote,
    Theme,
    code_comment,
    coding_version,
    import_codebook,
    load_codebook,
    load_codings,
    load_quotes,
    mark_quote,
    remove_quote,
    save_theme,
)
from surveys.errors import TrialogueError


@pytest.fixture
def store(tmp_path):
    yield from comments_store(tmp_path)


@pytest.fixture
def coded(store, tmp_path):
    import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", CODEBOOK))
    return store


def test_a_theme_is_added_and_edited_in_place(coded):
    before = [t.code for t in load_codebook(coded).of_item("q1_comment")]
    save_theme(coded, Theme("q1", "capacity", {"en": "Capacity", "fr": "Capacités", "ar": "القدرات"}))
    themes = load_codebook(coded).of_item("q1_comment")
    assert [t.code for t in themes] == before + ["capacity"]
    assert themes[-1].labels == {"en": "Capacity", "fr": "Capacités", "ar": "القدرات"}
    # Editing keeps the position and changes labels, level and scale.
    save_theme(coded, Theme("q1_comment", "timing", {"en": "Timing of consultations", "zh": "协商时机"}, "ordinal",
                            ("late", "early")))
    timing = load_codebook(coded).theme("q1_comment", "timing")
    assert [t.code for t in load_codebook(coded).of_item("q1_comment")][0] == "timing"
    assert (timing.labels, timing.level, timing.values) == ({"en": "Timing of consultations", "zh": "协商时机"},
                                                            "ordinal", ("late", "early"))


@pytest.mark.parametrize("theme, message", [
    (Theme("q1_comment", "1st", {"en": "x"}), "is not a theme code"),
    (Theme("q1_comment", "stage2", {"en": "x"}, "ordinal", ("only",)), "needs its scale"),
    (Theme("q1_comment", "count", {"en": "x"}, "ratio"), "is not a level"),
    (Theme("q1_overall", "x", {"en": "x"}), "is not a comment item"),
])
def test_a_wrong_theme_is_refused_and_nothing_changes(coded, theme, message):
    version = coding_version(coded)
    with pytest.raises(TrialogueError, match=message):
        save_theme(coded, theme)
    assert coding_version(coded) == version


def test_a_scale_keeps_the_values_coders_gave(coded):
    code_comment(coded, "Nepal", "q1_comment", "A", {"stage": "adoption"})
    with pytest.raises(TrialogueError, match="adoption"):
        save_theme(coded, Theme("q1_comment", "stage", {"en": "Stage"}, "ordinal", ("planning", "drafting")))


def test_one_coder_codes_one_comment_and_codes_again(coded):
    report = code_comment(coded, "Senegal", "q1_comment", "Ana", {"timing": None, "stage": "drafting"})
    assert (report.units, report.rows, report.unchanged) == (1, 2, False)
    mine = {(c.theme, c.value) for c in load_codings(coded) if c.coder == "Ana"}
    assert mine == {("timing", None), ("stage", "drafting")}
    # The same codes again change nothing; new ones replace the coder's earlier codes of that comment.
    assert code_comment(coded, "Senegal", "q1_comment", "Ana", {"stage": "drafting", "timing": None}).unchanged
    code_comment(coded, "Senegal", "q1_comment", "Ana", {})
    assert [(c.theme, c.value) for c in load_codings(coded) if c.coder == "Ana"] == [(None, None)]


@pytest.mark.parametrize("respondent, item, coder, codes, message", [
    ("Senegal", "q1_comment", " ", {"timing": None}, "coder's name"),
    ("Rwanda", "q2_comment", "A", {"information_sharing": None}, "wrote no comment"),
    ("Senegal", "q1_comment", "A", {"capacity": None}, "is not a theme of q1_comment"),
    ("Senegal", "q1_comment", "A", {"stage": None}, "give its value"),
    ("Senegal", "q1_comment", "A", {"timing": "yes"}, "takes no value"),
])
def test_a_wrong_coding_is_refused_and_nothing_changes(coded, respondent, item, coder, codes, message):
    before = load_codings(coded)
    with pytest.raises(TrialogueError, match=message):
        code_comment(coded, respondent, item, coder, codes)
    assert load_codings(coded) == before


def test_quotes_are_marked_with_a_translation_and_removed(coded):
    mark_quote(coded, Quote("China", "q1_comment", "", "应在任务授权前加强与出兵国的沟通", "zh",
                            "Communication with troop contributors should be strengthened before the mandate.",
                            "en", True))
    mark_quote(coded, Quote("Senegal", "q1", "", ""))  # the whole comment, the delegation's own group
    quotes = load_quotes(coded)
    assert [(q.respondent, q.group, q.consent) for q in quotes] == [("China", "council", True),
                                                                    ("Senegal", "tcc_pcc", None)]
    assert quotes[0].translation_language == "en" and quotes[1].text.startswith("Les consultations")
    # Marking the same passage again replaces it; removing takes it out.
    mark_quote(coded, Quote("China", "q1_comment", "council", "应在任务授权前加强与出兵国的沟通", "zh", None, None, False))
    assert [(q.respondent, q.consent, q.translation) for q in load_quotes(coded)] == [
        ("Senegal", None, None), ("China", False, None)]
    remove_quote(coded, load_quotes(coded)[0])
    assert [q.respondent for q in load_quotes(coded)] == ["China"]
    with pytest.raises(TrialogueError, match="not in the quote bank"):
        remove_quote(coded, quotes[1])


@pytest.mark.parametrize("quote, message", [
    (Quote("China", "q1_comment", "", "words China never wrote"), "comment's own words"),
    (Quote("Rwanda", "q2_comment", "", ""), "wrote no comment"),
    (Quote("China", "q1_comment", "observers", ""), "is not a group"),
])
def test_a_wrong_quote_is_refused(coded, quote, message):
    with pytest.raises(TrialogueError, match=message):
        mark_quote(coded, quote)
    assert load_quotes(coded) == ()


def test_typed_text_passes_the_text_policy(coded):
    """What the Coding page stores is text as a sheet's cells are: direction overrides, zero-width
    and control characters removed, decomposed accents composed; a coder's name holding one is
    refused (it would be stored as another name) and nothing is stored."""
    override, zwsp, bell = "\u202e", "\u200b", "\x07"
    save_theme(coded, Theme("q1_comment", "capacity", {"en": f"Capa{zwsp}city{override}", "fr": "Capacite\u0301s"},
                            description={"en": f"Troops{bell} and equipment"}))
    theme = load_codebook(coded).theme("q1_comment", "capacity")
    assert theme.labels == {"en": "Capacity", "fr": "Capacités"} and theme.description == {"en": "Troops and equipment"}
    with pytest.raises(TrialogueError, match=r"invisible or control character \(U\+202E\) at position 4"):
        code_comment(coded, "Senegal", "q1_comment", f"Ana{override}", {"timing": None})
    assert not [c for c in load_codings(coded) if c.coder.startswith("Ana")]
    code_comment(coded, "Senegal", "q1_comment", "  Ana   Silva ", {"stage": f"draft{zwsp}ing"})
    assert [(c.coder, c.value) for c in load_codings(coded) if c.coder.startswith("Ana")] == [("Ana Silva", "drafting")]
    mark_quote(coded, Quote("China", "q1_comment", "", f"应在任务授权前{zwsp}加强", "zh",
                            f"Strengthen{override} it before the mandate.", "en", None, f"note{bell}"))
    quote, = load_quotes(coded)
    assert (quote.text, quote.translation, quote.note) == ("应在任务授权前加强", "Strengthen it before the mandate.", "note")


def test_the_coding_version_follows_every_change_and_nothing_else(coded):
    """A theme's label, a coder's value, a quote's translation each give a new version; the same
    content saved again (new rows, new times) gives the old one back."""
    seen = [coding_version(coded)]
    save_theme(coded, Theme("q1_comment", "timing", {"en": "Timing", "zh": "时机", "fr": "Calendrier"}))
    seen.append(coding_version(coded))
    code_comment(coded, "Nepal", "q1_comment", "A", {"stage": "adoption"})
    seen.append(coding_version(coded))
    code_comment(coded, "Nepal", "q1_comment", "A", {"stage": "drafting"})
    seen.append(coding_version(coded))
    mark_quote(coded, Quote("Senegal", "q1_comment", "", "", "fr", "Consulted too late.", "en"))
    seen.append(coding_version(coded))
    mark_quote(coded, Quote("Senegal", "q1_comment", "", "", "fr", "Consulted much too late.", "en"))
    seen.append(coding_version(coded))
    assert len(set(seen)) == len(seen)
    code_comment(coded, "Nepal", "q1_comment", "A", {"stage": "adoption"})
    code_comment(coded, "Nepal", "q1_comment", "A", {"stage": "drafting"})  # rows rewritten, same content
    mark_quote(coded, Quote("Senegal", "q1_comment", "", "", "fr", "Consulted much too late.", "en"))
    assert coding_version(coded) == seen[-1]
