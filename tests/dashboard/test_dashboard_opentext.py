"""The Comments and Coding pages under AppTest, on the demo wave in a real SQLite file: searching in
Chinese and Arabic, filters, distinctive terms, names by audience, coding a comment, importing a
coding sheet, editing the codebook, marking a quote — each checked against the library's own
answer or the store, never against the page's."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from analysis.text import read_comments, summarize_themes
from support.app import APP, assert_clean
from surveys.access import accounts as acc
from surveys.coding import coding_version, load_codebook, load_codings, load_quotes
from surveys.storage.audit import Actor
from surveys.storage.store import URL_VARIABLE, open_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKS = ("⟦", "⟧")


PASSWORD = "correct horse battery"


def _page(url: str, monkeypatch, page: str, role: str | None = None, delegation: str | None = None) -> AppTest:
    """``page`` without sign-in (the Secretariat on this computer), or signed in through the real
    form with a built-in account of ``role`` (a member of ``delegation``)."""
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=180)
    if role is None:
        monkeypatch.delenv("TRIALOGUE_AUTH", raising=False)
        at.run()
    else:
        name = f"{role}-{delegation or 'all'}".lower()
        with open_store(url) as store:
            known = {a.name for a in acc.accounts(store)}
            for who, as_role, of in (("officer", "secretariat", None), (name, role, delegation)):
                if who not in known:
                    acc.add_account(store, who, as_role, actor=Actor("setup", "secretariat"), delegation=of,
                                    password=PASSWORD)
                    known.add(who)
        monkeypatch.setenv("TRIALOGUE_AUTH", "accounts")
        at.run()
        at.text_input(key="signin_name").input(name)
        at.text_input(key="signin_password").input(PASSWORD)
        at.button[0].click().run()
        assert not at.exception, [e.message for e in at.exception]
    at.switch_page(f"dashboard/pages/{page}").run()
    return at


def _column(at: AppTest, heading: str, nth: int = 0) -> list[str]:
    """The column ``heading`` of the ``nth`` table on the page that has one (tables in page order:
    the comments, the distinctive terms, the comments using a term, the themes)."""
    frames = [d.value for d in at.dataframe if heading in d.value.columns]
    return frames[nth][heading].tolist()


def _comments(url: str):
    with open_store(url) as store:
        data = store.load_wave()
    return data, read_comments(data)


@pytest.mark.parametrize("page", ["comments.py", "coding.py"])
def test_pages_render_on_the_demo_and_offer_it_on_an_empty_store(page, shared_demo_url, sqlite_url, monkeypatch):
    at = _page(shared_demo_url, monkeypatch, page)
    assert_clean(at)
    assert at.title[0].value == ("Comments" if page == "comments.py" else "Coding")
    assert len(at.dataframe) >= 2
    empty = _page(sqlite_url, monkeypatch, page)
    assert_clean(empty)
    assert empty.button(key=f"demo_{page.removesuffix('.py')}")


@pytest.mark.parametrize("query, marked", [
    ("信息", "⟦信息⟧"),          # Chinese inside a word: 信息共享 has no spaces
    ("مساهمة", "ال⟦مساهمة⟧"),    # Arabic after its article, taa marbuta folded: المساهمة
])
def test_search_finds_chinese_and_arabic_across_questions(query, marked, shared_demo_url, monkeypatch):
    at = _page(shared_demo_url, monkeypatch, "comments.py")
    assert at.selectbox(key="comments_question").value == "q1"
    at.text_input(key="comments_search").set_value(query).run()
    assert_clean(at)
    texts = _column(at, "Comment")
    _data, comments = _comments(shared_demo_url)
    expected = comments.search(query)
    assert len(texts) == len(expected) > 0
    assert all(marked in text for text in texts), texts
    assert {question for question in _column(at, "Question")} == {
        f"Q{c.question[1:]}" for c, _hit in expected}
    assert any(c.question != "q1" for c, _hit in expected)  # found beyond the question on screen
    assert any(f"matches are marked {' '.join(MARKS)}" in c.value for c in at.caption)
    # Searching only the question on screen keeps its own matches.
    at.toggle(key="comments_across").set_value(False).run()
    on_screen = sum(c.question == "q1" for c, _hit in expected)
    assert len(_column(at, "Comment") if on_screen else []) == on_screen


QUESTION_SCRIPT = """
from dashboard import access, sidebar
from dashboard.pages.question import render
access.gate()
sidebar.render()
render({name!r})
"""


def test_each_question_page_links_to_its_comments(shared_demo_url, monkeypatch):
    """Question q5's page links to the Comments page opened on q5, and that page opens on it."""
    monkeypatch.setenv(URL_VARIABLE, shared_demo_url)
    page = AppTest.from_string(QUESTION_SCRIPT.format(name="q5"), default_timeout=180).run()
    assert_clean(page)
    link, = [e.proto for e in page.get("page_link") if e.proto.page == "comments"]
    assert link.query_string == "question=q5"
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["question"] = "q5"
    at.run()
    at.switch_page("dashboard/pages/comments.py").run()
    assert_clean(at)
    assert at.selectbox(key="comments_question").value == "q5"
    _data, comments = _comments(shared_demo_url)
    assert sorted(_column(at, "Comment")) == sorted(c.text for c in comments.of_question("q5"))


def test_comments_filter_by_group_and_language(shared_demo_url, monkeypatch):
    at = _page(shared_demo_url, monkeypatch, "comments.py")
    at.multiselect(key="comments_groups_en").set_value(["tcc_pcc"]).run()
    assert_clean(at)
    assert set(_column(at, "Group")) == {"TCC/PCC"}
    at.multiselect(key="comments_languages_en").set_value(["fr"]).run()
    texts = _column(at, "Comment")
    _data, comments = _comments(shared_demo_url)
    assert sorted(texts) == sorted(c.text for c in comments.of_question("q1")
                                   if c.group == "tcc_pcc" and c.language == "fr")
    assert set(_column(at, "Language")) == {"French"}


def _own(url: str, group: str = "tcc_pcc"):
    data, comments = _comments(url)
    mine = next(c for c in comments.of_item("q1_comment") if c.group == group)
    iso3 = data.respondents.set_index("respondent").at[mine.respondent, "iso3"]
    return mine.respondent, iso3, data, comments


def test_names_beside_comments_and_quotes_follow_the_audience(shared_demo_url, monkeypatch):
    respondent, iso3, data, comments = _own(shared_demo_url)
    q1 = comments.of_question("q1")
    secretariat = _page(shared_demo_url, monkeypatch, "comments.py")
    assert_clean(secretariat)
    named = _column(secretariat, "Delegation")
    assert "–" not in named and len(named) == len(q1)
    assert "Rwanda" in named or respondent in named

    member = _page(shared_demo_url, monkeypatch, "comments.py", "member", iso3)
    assert_clean(member)
    names = _column(member, "Delegation")
    assert len(names) == len(q1)  # every group of the demo has three or more respondents
    assert {n for n in names if n != "–"} == {respondent}
    regions = _column(member, "Regional group")
    assert all(region == "–" for name, region in zip(names, regions) if name == "–")  # no region without a name
    # Quotes: named only where the delegation consented (the quote bank's consent column).
    quotes = {q.respondent: q.consent for q in load_quotes(open_store(shared_demo_url)) if q.item == "q1_comment"}
    shown = [t.value for t in member.text]
    for who, consent in quotes.items():
        said = any(who in line for line in shown)
        assert said == (consent is True or who == respondent), (who, consent)
    assert any(line.startswith("— Department of Field Support (Secretariat)") for line in shown)

    viewer = _page(shared_demo_url, monkeypatch, "comments.py", "viewer")
    assert viewer.error and "not open" in viewer.error[0].value
    assert not viewer.dataframe


def test_a_member_sees_only_terms_used_by_three_comments_and_no_names(shared_demo_url, monkeypatch):
    _respondent, iso3, data, comments = _own(shared_demo_url)
    member = _page(shared_demo_url, monkeypatch, "comments.py", "member", iso3)
    counts = _column(member, "Comments of the group using it")
    assert counts and min(counts) >= 3
    secretariat = _page(shared_demo_url, monkeypatch, "comments.py")
    counts = _column(secretariat, "Comments of the group using it")
    assert min(counts) == 2  # the secretariat's floor
    secretariat.selectbox(key="terms_chosen").select_index(0).run()
    assert_clean(secretariat)
    term = _column(secretariat, "Term")[0]
    using = _column(secretariat, "Comment", 1)
    assert len(using) == counts[0] and all(MARKS[0] in text for text in using), (term, using)


def test_themes_on_the_comments_page_are_those_of_summarize_themes(shared_demo_url, monkeypatch):
    at = _page(shared_demo_url, monkeypatch, "comments.py")
    with open_store(shared_demo_url) as store:
        data = store.load_wave()
        themes = summarize_themes(data, load_codebook(store), load_codings(store))
    options = themes.item("q1_comment").summary.options
    cells = {row[1]: row for row in next(d.value for d in at.dataframe if "Groups differ" in d.value.columns)
             .itertuples(index=False)}
    for option in options:
        tcc = option.groups["tcc_pcc"]
        assert cells[option.label["en"]][3].startswith(f"{tcc.selected}/{tcc.n}"), cells[option.label["en"]]
    assert any("Krippendorff’s α = " in c.value for c in at.caption)


def test_coding_a_comment(demo_url, monkeypatch):
    at = _page(demo_url, monkeypatch, "coding.py")
    assert_clean(at)
    at.text_input(key="coding_coder").set_value("Coder C").run()
    comment = at.selectbox(key="coding_comment")
    comment.select_index(2).run()
    _data, comments = _comments(demo_url)
    target = list(comments.of_item("q1_comment"))[2]
    box = next(m for m in at.multiselect if m.key.startswith("coding_themes|") and target.respondent in m.key)
    box.set_value(["capacity", "formality"]).run()
    at.button(key="coding_save").click().run()
    assert_clean(at)
    assert any("Saved your coding" in s.value for s in at.success)
    mine = {(c.respondent, c.item, c.theme) for c in load_codings(open_store(demo_url)) if c.coder == "Coder C"}
    assert mine == {(target.respondent, "q1_comment", "capacity"), (target.respondent, "q1_comment", "formality")}
    assert any(c.value.startswith("1 of 17 comments coded by you") for c in at.caption)


def test_a_signed_in_officer_codes_under_the_accounts_name(demo_url, monkeypatch):
    at = _page(demo_url, monkeypatch, "coding.py", "secretariat")
    assert_clean(at)
    assert not any(t.key == "coding_coder" for t in at.text_input)  # no name to type: the account's
    assert any(c.value == "You code as secretariat-all." for c in at.caption)
    _data, comments = _comments(demo_url)
    target = list(comments.of_item("q1_comment"))[0]
    box = next(m for m in at.multiselect if m.key.startswith("coding_themes|") and target.respondent in m.key)
    box.set_value(["timing"]).run()
    at.button(key="coding_save").click().run()
    assert_clean(at)
    coded = {(c.respondent, c.theme) for c in load_codings(open_store(demo_url)) if c.coder == "secretariat-all"}
    assert coded == {(target.respondent, "timing")}


def _sheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "codings"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_importing_a_coding_sheet(demo_url, monkeypatch):
    _data, comments = _comments(demo_url)
    first, second = list(comments.of_item("q2_comment"))[:2]
    at = _page(demo_url, monkeypatch, "coding.py")
    before = coding_version(open_store(demo_url))
    broken = _sheet([["respondent", "item", "coder", "theme"], [first.respondent, "q2", "Coder D", "weather"]])
    at.file_uploader(key="coding_upload").set_value(("broken.xlsx", broken, XLSX)).run()
    at.button(key="coding_import").click().run()
    _clean_but_refused(at)
    assert any("broken.xlsx, codings!D2" in t.value and "'weather' is not a theme" in t.value for t in at.text)
    assert coding_version(open_store(demo_url)) == before

    good = _sheet([["respondent", "item", "coder", "theme"], [first.respondent, "q2", "Coder D", "timing"],
                   [second.respondent, "q2_comment", "Coder D", "none"]])
    at.file_uploader(key="coding_upload").set_value(("good.xlsx", good, XLSX)).run()
    at.button(key="coding_import").click().run()
    assert_clean(at)
    assert any("Stored 2 codings for 2 comments and coders" in s.value for s in at.success)
    stored = {(c.respondent, c.theme) for c in load_codings(open_store(demo_url)) if c.coder == "Coder D"}
    assert stored == {(first.respondent, "timing"), (second.respondent, None)}


def _clean_but_refused(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == ["The sheet was refused; nothing was stored. What to fix:"]


def test_the_codebook_takes_a_theme_with_labels_in_several_languages(demo_url, monkeypatch):
    at = _page(demo_url, monkeypatch, "coding.py")
    new = "q1_comment|new"
    at.text_input(key=f"theme_code|{new}").set_value("mandate_drafting")
    at.text_input(key=f"theme_label_en|{new}").set_value("Mandate drafting")
    at.text_input(key=f"theme_label_zh|{new}").set_value("任务授权起草")
    at.text_input(key=f"theme_label_ar|{new}").set_value("صياغة الولاية")
    next(b for b in at.button if b.label == "Save the theme").click().run()
    assert_clean(at)
    assert at.success[0].value == "Saved the theme mandate\\_drafting."
    theme = load_codebook(open_store(demo_url)).theme("q1_comment", "mandate_drafting")
    assert theme.labels == {"en": "Mandate drafting", "zh": "任务授权起草", "ar": "صياغة الولاية"}
    # An existing theme opens with its stored labels; a changed label is stored, the others kept.
    at.selectbox(key="theme_choice|q1_comment").set_value("timing").run()
    timing = "q1_comment|timing"
    assert at.text_input(key=f"theme_label_fr|{timing}").value == "Calendrier"
    at.text_input(key=f"theme_label_fr|{timing}").set_value("Moment des consultations")
    next(b for b in at.button if b.label == "Save the theme").click().run()
    assert_clean(at)
    labels = load_codebook(open_store(demo_url)).theme("q1_comment", "timing").labels
    assert labels["fr"] == "Moment des consultations" and labels["zh"] == "时机"
    # A code that is no code is refused and nothing changes.
    at.selectbox(key="theme_choice|q1_comment").set_value("\x00new").run()
    before = coding_version(open_store(demo_url))
    at.text_input(key=f"theme_code|{new}").set_value("2nd try")
    next(b for b in at.button if b.label == "Save the theme").click().run()
    assert at.error and "is not a theme code" in at.error[0].value
    assert coding_version(open_store(demo_url)) == before


def test_marking_a_quote_with_a_translation(demo_url, monkeypatch):
    at = _page(demo_url, monkeypatch, "coding.py")
    at.selectbox(key="quote_group_en").set_value("tcc_pcc").run()
    _data, comments = _comments(demo_url)
    egypt = next(c for c in comments.of_item("q1_comment") if c.group == "tcc_pcc" and c.language == "ar")
    of_group = [c for c in comments.of_item("q1_comment") if c.group == "tcc_pcc"]
    at.selectbox(key="quote_comment_tcc_pcc").set_value(of_group.index(egypt)).run()
    form = f"{egypt.respondent}|q1_comment"
    at.text_area(key=f"quote_text|{form}").set_value("تأتي المشاورات مع البلدان المساهمة بقوات متأخرة جدا")
    at.text_area(key=f"quote_translation|{form}").set_value("Consultations with troop contributors come too late.")
    at.radio(key=f"quote_consent|{form}").set_value("yes")
    next(b for b in at.button if b.label == "Mark as a quote").click().run()
    assert_clean(at)
    quote = next(q for q in load_quotes(open_store(demo_url)) if q.respondent == egypt.respondent)
    assert (quote.text, quote.language, quote.translation, quote.translation_language, quote.consent) == (
        "تأتي المشاورات مع البلدان المساهمة بقوات متأخرة جدا", "ar",
        "Consultations with troop contributors come too late.", "en", True)


def test_the_coding_page_is_the_secretariats(shared_demo_url, monkeypatch):
    _respondent, iso3, _data, _comments_ = _own(shared_demo_url)
    at = _page(shared_demo_url, monkeypatch, "coding.py", "member", iso3)
    assert at.error and "not open" in at.error[0].value
    assert not at.text_input and not at.file_uploader


@pytest.mark.parametrize("lang, title, heading, reading", [
    ("zh", "意见", "代表团", "可靠"), ("ar", "التعليقات", "الوفد", "موثوق"), ("fr", "Commentaires", "Délégation", "fiable")])
def test_the_comments_page_speaks_the_readers_language(lang, title, heading, reading, shared_demo_url, monkeypatch):
    at = _page(shared_demo_url, monkeypatch, "comments.py")
    at.selectbox(key="lang").set_value(lang).run()
    assert_clean(at)
    assert at.title[0].value == title
    assert heading in at.dataframe[0].value.columns
    assert any(reading in c.value for c in at.caption)  # the coders' agreement read out in the language


HOSTILE = "**Bold** <img src=x onerror=alert(1)> [a link](http://example.org) :red[red] $x$"


def test_workbook_text_is_shown_as_text(tmp_path, monkeypatch):
    """Comments, theme labels and quotes come from workbooks: never Markdown or HTML on a page."""
    from support.coding import HEADER, ROWS, book
    from surveys.coding import Quote, code_comment, import_codebook, mark_quote
    from surveys.demo import write_wide
    from surveys.storage.importer import import_files

    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    with open_store(url) as store:
        rows = [*ROWS, ["Ghana", "tcc_pcc", "3", HOSTILE, None]]
        assert import_files(store, [write_wide(tmp_path / "answers.xlsx", HEADER, rows)]).ok
        import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", [
            ["item", "theme", "label::English (en)"], ["q1", "timing", "**Timing** <b>now</b>"]]))
        for coder in ("A", "B"):
            code_comment(store, "Ghana", "q1_comment", coder, {"timing": None})
        mark_quote(store, Quote("Ghana", "q1_comment", "", HOSTILE, translation="[click](http://example.org)"))
    for page in ("comments.py", "coding.py"):
        at = _page(url, monkeypatch, page)
        assert_clean(at)
        rendered = [m.value for m in [*at.markdown, *at.caption, *at.success, *at.info, *at.error]]
        assert not [v for v in rendered if "**Bold**" in v or "<img" in v or "**Timing**" in v or "](http" in v], \
            rendered
        texts = [t.value for t in at.text]
        assert HOSTILE in texts  # the quote (Comments) or the comment being coded (Coding), as text
    comments = _page(url, monkeypatch, "comments.py")
    assert HOSTILE in _column(comments, "Comment")
    assert any(r"\*\*Timing\*\* \<b>now\</b>" in c.value for c in comments.caption)


def test_the_export_pages_reports_carry_the_themes_and_quotes_of_the_current_coding(demo_url, monkeypatch):
    from dashboard import cache
    from surveys.coding import code_comment

    monkeypatch.setenv(URL_VARIABLE, demo_url)
    with open_store(demo_url) as store:
        wave, version = store.waves()[-1].name, store.data_version()
        before = coding_version(store)
    text = cache.report(demo_url, wave, version, "group", (), None, None, "md", "en", "r.md").decode("utf-8")
    assert "## XI. Representative quotes" in text and "Themes in the comments" in text
    assert f'coding_version: "{before}"' in text
    # A new coding makes a new report (the cache is keyed on the coding version).
    _data, comments = _comments(demo_url)
    first = next(iter(comments.of_item("q1_comment")))
    with open_store(demo_url) as store:
        code_comment(store, first.respondent, "q1_comment", "Coder E", {"capacity": None})
        after = coding_version(store)
    cache.clear_coding()
    again = cache.report(demo_url, wave, version, "group", (), None, None, "md", "en", "r.md").decode("utf-8")
    assert after != before and f'coding_version: "{after}"' in again
    assert "python -m analysis export" in again and f"--coding-version {after}" in again
