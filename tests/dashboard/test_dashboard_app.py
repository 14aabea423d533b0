"""Every page under AppTest, on the demo data and on an empty store, with real SQLite files."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from analysis import summarize
from analysis.present.findings import item_finding
from analysis.present.markdown import md_escape
from dashboard import cache
from dashboard.pages.question import ITEM_PARAM
from support.app import APP, assert_clean, run_app
from surveys.demo import DEMO_WAVE, demo_rows, write_wide
from surveys.storage.importer import import_files
from surveys.storage.store import URL_VARIABLE, open_store

FILE_PAGES = ("overview.py", "compare.py", "common_ground.py", "upload.py", "export.py", "template.py")
QUESTIONS = ("q1", "q2", "q3", "q4", "q5", "q6")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUESTION_SCRIPT = """
from dashboard import sidebar
from dashboard.pages.question import render
sidebar.render()
render({name!r})
"""


@pytest.fixture(scope="module")
def demo_url(shared_demo_url) -> str:
    return shared_demo_url


def _question(url: str, monkeypatch, name: str) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    return AppTest.from_string(QUESTION_SCRIPT.format(name=name), default_timeout=120).run()


@pytest.mark.parametrize("page", FILE_PAGES)
def test_page_renders_on_demo_data(page, demo_url, monkeypatch):
    assert_clean(run_app(demo_url, monkeypatch, page))


@pytest.mark.parametrize("name", QUESTIONS)
def test_question_page_renders_on_demo_data(name, demo_url, monkeypatch):
    at = _question(demo_url, monkeypatch, name)
    assert_clean(at)
    assert at.title[0].value.startswith(f"Question {name[1]} · "), at.title[0].value
    assert len(at.get("vega_lite_chart")) >= 1
    # Each item's lead sentence is the layer's verdict, word for word.
    summary = _summary(demo_url)
    shown = [m.value for m in at.markdown]
    for item in summary.items:
        if item.question == name and item.kind != "text":
            verdict = item_finding(summary, item, "en").verdict
            assert ":material/insights: " + md_escape(verdict) in shown, (item.item, verdict)


@pytest.mark.parametrize("page", FILE_PAGES)
def test_page_renders_on_an_empty_store(page, empty_url, monkeypatch):
    assert_clean(run_app(empty_url, monkeypatch, page))


@pytest.mark.parametrize("name", QUESTIONS)
def test_question_page_on_an_empty_store_offers_the_demo(name, empty_url, monkeypatch):
    at = _question(empty_url, monkeypatch, name)
    assert_clean(at)
    assert at.button(key=f"demo_{name}")


def test_empty_store_loads_the_demo_on_request(empty_url, monkeypatch):
    at = run_app(empty_url, monkeypatch)
    assert "No answers are stored yet" in at.info[0].value
    at.button(key="load_demo").click().run()
    assert_clean(at)
    # 15 Council members of 2015 all answer in the demo.
    assert at.metric[0].value == "15 / 15"
    assert at.selectbox(key="wave").value == DEMO_WAVE


def test_language_switch_translates_titles_and_country_names(demo_url, monkeypatch):
    at = run_app(demo_url, monkeypatch)
    assert at.title[0].value == "Overview"
    at.selectbox(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "概览"
    assert at.metric[0].label == "安全理事会"
    names = at.dataframe[0].value.iloc[:, 0].tolist()  # the Council members who answered
    assert "中国" in names
    at.selectbox(key="lang").set_value("ar").run()
    assert_clean(at)
    assert at.title[0].value == "نظرة عامة"
    # The page's language and direction are set on <html> (the script of dashboard.accessibility).
    assert any('{"lang": "ar", "dir": "rtl"}' in h.value for h in at.html)


def test_compare_by_and_metric_change_the_heatmap(demo_url, monkeypatch):
    at = run_app(demo_url, monkeypatch, "compare.py")
    assert "Respondent group" in at.caption[-2].value or any("Respondent group" in c.value for c in at.caption)
    at.selectbox(key="by_en").set_value("region").run()
    assert_clean(at)
    assert any("Regional group" in c.value for c in at.caption)
    at.toggle(key="numbers_compare").set_value(True).run()
    columns = set(at.dataframe[0].value.columns)
    assert any(c.startswith("African Group") for c in columns)
    at.radio(key="compare_metric_en").set_value("median").run()
    assert_clean(at)
    # Switching language keeps the choices, now shown in the new language.
    at.selectbox(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.selectbox(key="by_zh").value == "region"
    assert at.radio(key="compare_metric_zh").value == "median"
    assert at.title[0].value == "比较"


def test_filters_change_the_question_page(demo_url, monkeypatch):
    at = _question(demo_url, monkeypatch, "q1")
    before = [c.value for c in at.caption if "comment" in c.value]
    at.multiselect(key="filter_group_en").set_value(["tcc_pcc"]).run()
    assert_clean(at)
    after = [c.value for c in at.caption if "comment" in c.value]
    assert before != after
    at.toggle(key="numbers_q1_timely").set_value(True).run()
    numbers = at.dataframe[0].value
    # Translated headings and shares as the language writes them, never internal names or decimals.
    assert list(numbers.columns) == ["Group", "Answer", "Count", "Share"]
    assert set(numbers["Group"]) == {"TCC/PCC (n = 27)"}  # one TCC/PCC group, with its answers counted
    assert all(text.endswith("%") for text in numbers["Share"]), numbers


def _common_ground(url: str, monkeypatch) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("dashboard/pages/common_ground.py").run()
    assert_clean(at)
    return at


def _summary(url: str, **filters):
    with open_store(url) as store:
        data = store.load_wave(DEMO_WAVE)
    return summarize(data, "group", filters or None)


def _engine_lists(url: str, **filters) -> dict:
    return _summary(url, **filters).to_dict()


def test_common_ground_links_each_entry_to_its_items_chart(demo_url, monkeypatch):
    at = _common_ground(demo_url, monkeypatch)
    engine = _engine_lists(demo_url)
    listed = (engine["common_ground"], engine["dividing_lines"])
    # The demo has both lists, each shorter than the 10 entries the page shows.
    assert all(0 < len(found) <= 10 for found in listed), listed
    links = at.get("page_link")
    expected = [(f["question"], f"item={f['item']}") for f in listed[0] + listed[1]]
    assert [(link.proto.page, link.proto.query_string) for link in links] == expected


def test_dividing_lines_show_shares_gap_and_adjusted_p(demo_url, monkeypatch):
    at = _common_ground(demo_url, monkeypatch)
    engine = _engine_lists(demo_url)
    items = {item["item"]: item for item in engine["items"]}
    captions = [c.value for c in at.caption]
    assert engine["dividing_lines"], "the demo has dividing lines"
    for finding in engine["dividing_lines"]:
        assert finding["pvalue_adjusted"] < 0.05, finding  # only significant differences are listed
        assert "other" not in (finding["a"], finding["b"])  # the catch-all never headlines
        item = items[finding["item"]]
        if finding["option"] is None:
            stats = [(item["groups"][c]["agree_share"], item["groups"][c]["n"]) for c in (finding["a"], finding["b"])]
        else:
            groups = next(o for o in item["options"] if o["option"] == finding["option"])["groups"]
            stats = [(groups[c]["share"], groups[c]["n"]) for c in (finding["a"], finding["b"])]
        # A share for five answers or more, else a count; the gap only between two shares.
        shown = [f"{round(share * 100)}%" if n >= 5 else f"{round(share * n)} of {n}" for share, n in stats]
        gap = f", a gap of {round(stats[0][0] * 100) - round(stats[1][0] * 100)} percentage points" \
            if min(n for _, n in stats) >= 5 else ""
        assert any(f" {shown[0]} against " in c and f" {shown[1]}{gap} (Fisher’s exact test, Holm-adjusted p " in c
                   for c in captions), (finding, shown, captions)
    # Elected roles: an annual review of triangular cooperation, chosen by 8 of 13 Council
    # members and 4 of 30 contributors; and a Secretariat of 4 units given as a count.
    assert "Chose it: Council members 62% against troop- and police-contributing countries 13%, a gap of 49 " \
           "percentage points (Fisher’s exact test, Holm-adjusted p = 0.007; the groups differ overall, q = 0.036)." \
           in captions, captions
    assert any(c.startswith("Agreed: Secretariat units 4 of 4 against troop- and police-contributing countries 23% (")
               for c in captions), captions


def test_common_ground_shows_lowest_share_and_consensus(demo_url, monkeypatch):
    at = _common_ground(demo_url, monkeypatch)
    engine = _engine_lists(demo_url)
    captions = [c.value for c in at.caption if c.value.startswith("A majority in each")]
    assert len(captions) == len(engine["common_ground"])
    for caption, finding in zip(captions, engine["common_ground"]):
        assert f"group-informed consensus {finding['score']:.2f}." in caption, (caption, finding)
        assert "every group" not in caption and "Other" not in caption
    # Institutionalising the dialogues: the lowest share agreeing is the Council's 87%; hosting
    # informal dialogues as an elected members' role: the contributors' 76%.
    assert captions[0].startswith("A majority in each of these groups agreed: Security Council, TCC/PCC, "
                                  "Secretariat (lowest: Security Council, 87%)"), captions[0]
    assert captions[1].startswith("A majority in each of these groups chose it: Security Council, TCC/PCC, "
                                  "Secretariat (lowest: TCC/PCC, 76%)"), captions[1]
    assert any("“Other” gathers respondents outside the institutional groups" in c.value for c in at.caption)


def test_common_ground_says_plainly_when_no_group_differs(demo_url, monkeypatch):
    at = _common_ground(demo_url, monkeypatch)
    at.multiselect(key="filter_group_en").set_value(["council"]).run()
    assert_clean(at)
    assert not at.get("page_link")
    infos = [i.value for i in at.info]
    assert "No statement meets both conditions with the answers so far." in infos, infos


def test_common_ground_numbers_in_chinese_and_arabic(demo_url, monkeypatch):
    at = _common_ground(demo_url, monkeypatch)
    at.selectbox(key="lang").set_value("zh").run()
    assert_clean(at)
    assert any(c.value.startswith("表示同意：") and "个百分点" in c.value for c in at.caption)
    at.selectbox(key="lang").set_value("ar").run()
    assert_clean(at)
    # The Latin "p < 0.001" is isolated (LRI … PDI) inside the Arabic sentence.
    assert any(c.value.startswith("الموافقون:") and "\u2066p " in c.value for c in at.caption)


def test_question_page_gives_every_item_an_anchor_and_scrolls_to_the_linked_one(demo_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, demo_url)
    at = AppTest.from_string(QUESTION_SCRIPT.format(name="q5"), default_timeout=120)
    at.query_params[ITEM_PARAM] = "q5_formal_meetings"
    at.run()
    assert_clean(at)
    items = [item for item in _engine_lists(demo_url)["items"]
             if item["question"] == "q5" and item["kind"] != "text"]
    assert [h.proto.anchor for h in at.subheader if h.proto.anchor.startswith("q5_")] == \
        [item["item"] for item in items]
    # Besides the page-language script and styles of every page (dashboard.accessibility), one scroll script.
    scripts = [h for h in at.get("html") if "scrollIntoView" in h.proto.body]
    assert len(scripts) == 1 and scripts[0].proto.unsafe_allow_javascript
    assert '"q5_formal_meetings"' in scripts[0].proto.body
    assert '"st-key-item_q5_formal_meetings"' in scripts[0].proto.body


def test_question_page_ignores_an_unknown_item_in_the_address(demo_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, demo_url)
    at = AppTest.from_string(QUESTION_SCRIPT.format(name="q5"), default_timeout=120)
    at.query_params[ITEM_PARAM] = '"</script><script>alert(1)</script>'
    at.run()
    assert_clean(at)
    assert not [h for h in at.get("html") if "scrollIntoView" in h.proto.body or "alert(1)" in h.proto.body]


def _workbooks(folder: Path) -> tuple[Path, Path, bytes]:
    """The demo answers split in two files, and a copy of the first with one bad answer."""
    header, rows = demo_rows()
    first = write_wide(folder / "first.xlsx", header, rows[:40])
    second = write_wide(folder / "second.xlsx", header, rows[40:])
    book = load_workbook(first)
    column = header.index("q1_overall") + 1
    book["responses"].cell(row=3, column=column, value="eleven")
    buffer = io.BytesIO()
    book.save(buffer)
    return first, second, buffer.getvalue()


def test_upload_reports_problems_then_imports_when_clean(empty_url, monkeypatch, tmp_path):
    first, _second, broken = _workbooks(tmp_path)
    at = run_app(empty_url, monkeypatch, "upload.py")
    at.file_uploader[0].set_value([("broken.xlsx", broken, XLSX)]).run()
    assert_clean(at)
    # One problem per line under its file, the whole message as plain text (no table to widen).
    lines = [t.value for t in at.text]
    assert lines[0] == "broken.xlsx — 1 error · 0 warnings", lines
    assert lines[1].startswith("Error · responses!D3: 'eleven' is not in the list for q1_overall: expected one of"), \
        lines
    assert lines[1].endswith("[q1_overall: question 1, “Overall, how do you rate current consultation among the "
                             "Council, TCCs/PCCs and the Secretariat?”]"), lines[1]
    assert not at.dataframe or "Import" in at.dataframe[0].value.columns  # only the import history is a table
    assert at.get("download_button"), "annotated copy offered"
    assert not [b for b in at.button if b.key == "upload_import"]
    assert any("Nothing was imported" in w.value for w in at.warning)

    at.file_uploader[0].set_value([("first.xlsx", first.read_bytes(), XLSX)]).run()
    assert_clean(at)
    assert any("All files are clean" in s.value for s in at.success)
    at.button(key="upload_import").click().run()
    assert_clean(at)
    assert any("Imported 40 respondents" in s.value for s in at.success)
    history = at.dataframe[-1].value
    assert history.iloc[0]["File"] == "first.xlsx" and history.iloc[0]["Outcome"] == "ok"

    at.checkbox(key="withdraw_sure").check().run()
    at.button(key="withdraw_button").click().run()
    assert_clean(at)
    assert any("Withdrew import" in s.value for s in at.success)


def test_open_dashboard_notices_a_new_import(empty_url, monkeypatch, tmp_path):
    first, second, _broken = _workbooks(tmp_path)
    with open_store(empty_url) as store:
        import_files(store, [first], wave=DEMO_WAVE)
        at = run_app(empty_url, monkeypatch)
        assert at.metric
        import_files(store, [second], wave=DEMO_WAVE)
    cache.clear_versions()  # stands in for the TTL running out
    at.run()
    assert_clean(at)
    notes = [i.value for i in at.sidebar.info] + [i.value for i in at.info]
    assert any("new responses" in note and f"— {54 - 40} new" in note for note in notes), notes
    # Its icon is one of Streamlit's own material symbols (served with the app), never an emoji
    # that a machine without an emoji font shows as an empty box.
    icons = [i.icon for i in at.sidebar.info]
    assert icons == [":material/sync:"] and not any(ord(c) > 0x2FFF for note in notes for c in note), notes


def test_export_prepares_a_report_and_logs_it(demo_url, monkeypatch):
    at = run_app(demo_url, monkeypatch, "export.py")
    assert len(at.get("download_button")) == 2  # summary JSON, results CSV
    pdf = ["PDF report (.pdf)"] if shutil.which("soffice") or shutil.which("libreoffice") else []
    assert at.selectbox(key="export_format_en").options == [
        "Word report (.docx)", *pdf, "Excel workbook (.xlsx)", "Markdown report (.md)",
        "Answers, one row per respondent and item (CSV)"]
    assert bool(pdf) != any("PDF needs LibreOffice" in c.value for c in at.caption)
    at.selectbox(key="export_format_en").set_value("xlsx").run()
    # Reports are offered in all six languages.
    assert at.selectbox(key="export_lang").options == ["English", "中文", "Français", "Español", "Русский", "العربية"]
    at.button(key="export_prepare").click().run()
    assert_clean(at)
    assert len(at.get("download_button")) == 3
    with open_store(demo_url) as store:
        logged = store.exports(DEMO_WAVE)[-1]
        version = store.data_version(DEMO_WAVE)
    assert logged.file_name.endswith("-en.xlsx")
    # The same freeze as the command line's: data version, format, language, compare-by, filters.
    assert logged.data_version == version
    assert {k: logged.settings[k] for k in ("format", "lang", "by", "filters")} == {
        "format": "xlsx", "lang": "en", "by": "group", "filters": {}}


@pytest.mark.parametrize("lang, words", [("zh", "答复方类别"), ("ar", "فئة المجيبين")])
def test_export_page_names_the_compare_by_variable_in_words(demo_url, monkeypatch, lang, words):
    at = run_app(demo_url, monkeypatch, "export.py")
    at.selectbox(key="lang").set_value(lang).run()
    assert_clean(at)
    caption = at.caption[0].value
    assert words in caption and "group" not in caption, caption


def test_export_without_libreoffice_offers_no_pdf_and_says_why(demo_url, monkeypatch):
    monkeypatch.setattr("dashboard.exports.pdf_available", lambda: False)
    at = run_app(demo_url, monkeypatch, "export.py")
    options = at.selectbox(key="export_format_en").options
    assert "Word report (.docx)" in options and "PDF report (.pdf)" not in options
    assert any("PDF needs LibreOffice" in c.value for c in at.caption)


def test_export_offers_the_answers_csv_and_logs_it(demo_url, monkeypatch):
    at = run_app(demo_url, monkeypatch, "export.py")
    at.selectbox(key="export_format_en").set_value("csv").run()
    at.button(key="export_prepare").click().run()
    assert_clean(at)
    with open_store(demo_url) as store:
        assert store.exports(DEMO_WAVE)[-1].file_name.endswith("-en.csv")


def test_results_csv_neutralises_formula_text():
    from analysis.exports.csv_answers import results_csv_bytes
    from support.crafted import counts, item_wave

    summary = summarize(item_wave({"council": counts(**{"4": 2, "2": 1})}, label="=HYPERLINK(\"http://x\")"))
    rows = list(csv.DictReader(io.StringIO(results_csv_bytes(summary).decode("utf-8-sig"))))
    assert rows[0]["label_en"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["n"] == "3"  # numbers stay numbers
    assert rows[0]["agree_share"] == ""  # three answers: a count, never a share


def test_template_page_prefills_a_secretariat_unit_as_secretariat(demo_url, monkeypatch):
    from surveys.respondents.secretariat import secretariat_entities

    unit = f"secretariat:{secretariat_entities()[0].code}"
    at = run_app(demo_url, monkeypatch, "template.py")
    at.selectbox(key="template_who_en").set_value(unit).run()
    assert_clean(at)
    assert at.selectbox(key=f"template_group_en_{unit}").value == "secretariat"
    at.selectbox(key="template_who_en").set_value("CHN").run()
    assert_clean(at)
    assert at.selectbox(key="template_group_en_CHN").value == ""
    assert len(at.get("download_button")) == 1


def test_question_codes_come_from_one_source_in_every_language(demo_url):
    """The menu, the scorecard and every list write a question's code the same way ("س1")."""
    from analysis.present.labels import question_code
    from analysis.present.tables import scorecard_frame
    from dashboard.navigation import question_title

    summary = _summary(demo_url)
    for lang in ("en", "zh", "ru", "ar"):
        code = question_code("q1", lang)
        assert question_title("q1", lang).startswith(code + " · ")
        assert scorecard_frame(summary, lang).iloc[0, 0] == code
    assert question_code("q1", "ar") == "س1" and question_title("q1", "ar") == "س1 · ممارسة التشاور"
