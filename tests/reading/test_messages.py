"""The library's catalogue (``surveys`` domain): complete, in step with the code, placeholders kept."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from surveys import messages
from surveys.messages import Group, Listing, Month, Option, Text
from surveys.respondents.registry import named

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
COMPLETE = [lang for lang in messages.LANGUAGES if lang != "en"]


def _catalog(lang: str):
    with (messages.LOCALES_DIR / lang / "LC_MESSAGES" / f"{messages.DOMAIN}.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _key(message):
    return message.id if isinstance(message.id, str) else tuple(message.id)


def test_every_marked_string_is_in_the_template_and_the_catalogues(tmp_path):
    pot = tmp_path / "surveys.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "surveys/locales/babel.cfg",
                    "-k", "N_", "-k", "NP_:1,2", "--no-location", "-o", str(pot), "."],
                   cwd=REPO, check=True, capture_output=True)
    with pot.open("rb") as handle:
        fresh = {_key(m) for m in read_po(handle) if m.id}
    assert len(fresh) > 40, "the extraction found the library's messages"
    for lang in COMPLETE:
        committed = {_key(m) for m in _catalog(lang) if m.id}
        assert fresh - committed == set(), f"{lang}: extract and update the catalogue (surveys/locales/README.md)"


@pytest.mark.parametrize("lang", COMPLETE)
def test_complete_languages_translate_every_message_and_keep_placeholders(lang):
    for message in _catalog(lang):
        if not message.id:
            continue
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(forms), (lang, message.id)
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        allowed = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        for form in forms:
            # Every field the English says is said in the translation too, and no other.
            assert set(PLACEHOLDER.findall(form)) == allowed, (lang, message.id, form)


def test_fields_are_said_in_the_readers_language():
    text = Text.of("{name} {group} {month} {names} {option}", name=named("China"), group=Group("tcc_pcc"),
                   month=Month(dt.date(2015, 12, 1)), names=Listing((named("France"), named("Chad")), 5),
                   option=Option("replace"))
    assert text.render("en") == "China TCC/PCC December 2015 France, Chad, … --replace"
    assert text.render("zh") == "中国 部队和警察派遣国 2015年12月 法国、乍得、… --replace"
    assert text.render("zh", {"replace": "“替换”"}).endswith("“替换”")
    # A language without a complete catalogue reads English throughout, not a sentence in two languages.
    assert text.render("fr") == text.render("en")
    assert Group("other", observer=True).render("zh", None) == "观察员"


def test_plural_messages_follow_the_count():
    from surveys.reading.problems import SUMMARIES

    one = Text.of(SUMMARIES["duplicate_respondent"], n=1, examples=Listing((named("Chad"),)))
    many = Text.of(SUMMARIES["duplicate_respondent"], n=4, examples=Listing((named("Chad"),), 4))
    assert one.render("en").startswith("1 delegation answers twice") and \
        many.render("en").startswith("4 delegations answer twice")
    assert many.render("zh").startswith("4 个代表团在本工作表中作答两次，例如乍得、…")
