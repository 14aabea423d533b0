"""XLSForm loading: column spellings, types, groups, every problem at once, round trips."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from support.xlsforms import CHOICES, SHARED_NAMES_FORM, write_form
from surveys.errors import InvalidInstrument
from surveys.instrument.xlsform import check_instrument, language_code, load_instrument, numbered, write_instrument


def _issues(path: Path) -> list[str]:
    return [str(issue) for issue in check_instrument(path)]


@pytest.mark.parametrize("header, code", [
    ("label::English (en)", "en"), ("label::english", "en"), ("label:English", "en"),
    ("label::中文 (zh)", "zh"), ("label::Chinese", "zh"), ("label::Français (fr)", "fr"),
    ("label::español", "es"), ("label::Русский", "ru"), ("label::العربية", "ar"), ("label::Arabic (ar)", "ar"),
    ("label::Kurdish (ku)", "ku"), ("label::Chinese (zh-CN)", "zh"), ("label :: Swahili", "swahili"),
])
def test_language_columns(tmp_path, header, code):
    path = write_form(tmp_path / "form.xlsx", [["type", "name", header], ["text", "comment", "Comment"]], None)
    instrument = load_instrument(path)
    assert instrument.item("comment").labels == {code: "Comment"}
    assert instrument.languages == (code,)


def test_plain_label_is_the_default_language(tmp_path):
    survey = [["type", "name", "label", "label::Chinese (zh)", "hint", "hint::Chinese (zh)"],
              ["text", "comment", "Commentaire", "意见", "Facultatif", "可选"]]
    settings = [["form_title", "form_id", "default_language"], ["Consultation", "c1", "French (fr)"]]
    instrument = load_instrument(write_form(tmp_path / "form.xlsx", survey, None, settings))
    item = instrument.item("comment")
    assert item.labels == {"fr": "Commentaire", "zh": "意见"}
    assert item.hints == {"fr": "Facultatif", "zh": "可选"}
    assert instrument.default_language == "fr" and instrument.title == {"fr": "Consultation"}
    assert set(instrument.languages) == {"fr", "zh"}


@pytest.mark.parametrize("text, code", [("English (en)", "en"), ("中文", "zh"), ("zh", "zh"),
                                        ("Spanish (es)", "es"), ("russian", "ru"), ("PT", "pt")])
def test_language_code(text, code):
    assert language_code(text) == code


def test_types_groups_and_questions(tmp_path):
    survey = [
        ["type", "name", "label::English (en)", "required", "relevant", "measure"],
        ["start", "start", None],
        ["integer", "age", "Age", "yes"],
        ["begin group", "q1", "Question one"],
        ["select_one agree5", "q1_a", "A", "true()", None, "ordinal"],
        ["begin_group", "inner", "Inner"],
        ["select one from formats", "q1_b", "B", None, "${q1_a} > 3"],
        ["note", "q1_note", "Read this"],
        ["end group"],
        ["select_multiple formats", "q1_c", "C"],
        ["end_group"],
        ["begin_group", "q2", "Question two"],
        ["decimal", "q2_share", "Share"], ["date", "q2_when", "When"], ["text", "q2_comment", "Comment"],
        ["calculate", "q2_calc"], ["geopoint", "q2_where", "Where"], ["select_one_from_file states.csv", "q2_f"],
        ["select_one agree5 or_other", "q2_o", "O"], ["range", "q2_r", "R"],
        ["begin repeat", "members", "Members"], ["integer", "member_age", "Age"], ["end repeat"],
        ["end group"],
    ]
    instrument = load_instrument(write_form(tmp_path / "form.xlsx", survey))
    assert [i.name for i in instrument.items] == ["age", "q1_a", "q1_b", "q1_c", "q2_share", "q2_when",
                                                  "q2_comment", "q2_o"]
    assert [q.name for q in instrument.questions] == ["q1", "q2"]
    assert instrument.question("q1").labels == {"en": "Question one"}
    assert instrument.item("age").question is None and instrument.item("age").required
    a, b, c = (instrument.item(n) for n in ("q1_a", "q1_b", "q1_c"))
    assert (a.type, a.list_name, a.measure, a.question, a.required, a.row) == \
        ("select_one", "agree5", "ordinal", "q1", True, 5)
    assert (b.type, b.measure, b.question, b.relevant) == ("select_one", "nominal", "q1", "${q1_a} > 3")
    assert (c.type, c.list_name, c.measure, c.kind) == ("select_multiple", "formats", None, "multiple")
    assert [i.kind for i in instrument.items_of("q2")] == ["numeric", "date", "text", "nominal"]
    assert instrument.choices("q2_o").get("other") is not None
    not_analysed = {(o.name, o.type) for o in instrument.not_analysed}
    assert {("start", "start"), ("q2_calc", "calculate"), ("q2_where", "geopoint"), ("q2_r", "range"),
            ("q2_f", "select_one_from_file states.csv"), ("q2_o_other", "text"), ("members", "begin_repeat"),
            ("member_age", "integer"), ("", "end_repeat")} == not_analysed
    warnings = _issues(tmp_path / "form.xlsx")
    assert any("'other' free text is not analysed" in w for w in warnings)
    assert all(": warning: " in w for w in warnings), warnings


def test_every_problem_is_reported_at_once(tmp_path):
    survey = [
        ["type", "name", "label", "measure"],
        ["begin_group", "q1", "One"],
        ["select_one agree5", "q1_a", "A", "interval"],        # row 3: bad measure
        ["select_one nosuchlist", "q1_b", "B"],                 # row 4: unknown list
        ["text", "q1_a", "Again"],                              # row 5: duplicate name
        ["integer", "2bad", "Bad name"],                        # row 6: invalid name
        ["text", "has space", "Bad name"],                      # row 7: invalid name
        ["integer", None, "No name"],                           # row 8: missing name
        ["end_group"],
        ["end_group"],                                          # row 10: unbalanced end
        ["begin_group", "q2", "Two"],                           # row 11: never closed
        ["select_multiple", "q2_a", "No list"],                 # row 12: no list named
    ]
    choices = CHOICES + [["agree5", "4", "Duplicate"], ["unused", "x", "X"], [None, "orphan", "O"]]
    settings = [["form_id", "date"], ["f", "11/12/2015"]]
    path = write_form(tmp_path / "form.xlsx", survey, choices, settings)
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(path)
    issues = caught.value.issues
    errors = {(i.sheet, i.cell) for i in issues if i.severity == "error"}
    assert errors == {("survey", "D3"), ("survey", "A4"), ("survey", "B5"), ("survey", "B6"), ("survey", "B7"),
                      ("survey", "B8"), ("survey", "A10"), ("survey", "A11"), ("survey", "A12"),
                      ("choices", "B10"), ("choices", "A12"), ("settings", "B2")}, issues
    text = str(caught.value)
    for fragment in ("measure 'interval' of 'q1_a' is not valid", "'nosuchlist', which is not on the choices",
                     "name 'q1_a' is used twice", "name '2bad' is not valid", "begin_group 'q2' is never closed",
                     "end_group without a matching begin_group", "choice '4' appears twice in list 'agree5'",
                     "date '11/12/2015' is not a date", "choice list 'unused' is not used"):
        assert fragment in text
    assert text.startswith("form.xlsx, survey!D3: error:")
    assert any(i.severity == "warning" and "'unused'" in i.message for i in issues)


def test_unused_choice_list_is_only_a_warning(tmp_path):
    path = write_form(tmp_path / "form.xlsx", [["type", "name", "label"], ["select_one formats", "f", "F"]])
    instrument = load_instrument(path)
    assert list(instrument.choice_lists) == ["agree5", "formats"]
    (issue,) = check_instrument(path)
    assert issue.severity == "warning" and "agree5" in issue.message


@pytest.mark.parametrize("survey, fragment", [
    ([["name", "label"], ["x", "X"]], "no 'type' column"),
    ([["type", "label"], ["text", "X"]], "no 'name' column"),
])
def test_missing_columns(tmp_path, survey, fragment):
    path = write_form(tmp_path / "form.xlsx", survey)
    with pytest.raises(InvalidInstrument, match=fragment) as caught:
        load_instrument(path)
    assert caught.value.issues[0].cell == "A1"


def test_missing_survey_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "answers"
    book.save(tmp_path / "form.xlsx")
    (issue,) = check_instrument(tmp_path / "form.xlsx")
    assert "no 'survey' sheet" in issue.message and issue.file == "form.xlsx"


def test_unreadable_file_is_one_issue(tmp_path):
    (tmp_path / "form.xlsx").write_text("type,name\n")
    (issue,) = check_instrument(tmp_path / "form.xlsx", display_name="My form.xlsx")
    assert issue.file == "My form.xlsx" and "not a spreadsheet" in issue.message


def test_settings_and_choice_columns(tmp_path):
    choices = [["list name", "name", "label::English (en)", "label::Chinese (zh)", "missing"],
               ["agree5", 1, "Disagree", "不同意", None], ["agree5", 2.0, "Agree", "同意", "no"],
               ["agree5", "dk", "Don't know", "不知道", "yes"]]
    settings = [["form_title", "form_title::Chinese (zh)", "form_id", "version", "default_language", "date"],
                ["Title", "标题", "my_form", 2015.1, "English (en)", dt.datetime(2015, 12, 11)]]
    survey = [["type", "name", "label::English (en)", "measure"], ["select_one agree5", "a", "A", "Ordinal"]]
    instrument = load_instrument(write_form(tmp_path / "form.xlsx", survey, choices, settings))
    agree = instrument.choice_lists["agree5"]
    assert [c.name for c in agree.choices] == ["1", "2", "dk"]
    assert [c.name for c in agree.substantive] == ["1", "2"] and agree.get("dk").missing
    assert agree.get("1").labels == {"en": "Disagree", "zh": "不同意"}
    assert (instrument.form_id, instrument.version, instrument.reference_date) == ("my_form", "2015.1",
                                                                                   dt.date(2015, 12, 11))
    assert instrument.title == {"en": "Title", "zh": "标题"} and instrument.item("a").measure == "ordinal"


def test_text_date_in_settings_and_form_id_from_file_name(tmp_path):
    settings = [["date"], ["2015-12-11"]]
    path = write_form(tmp_path / "My form.xlsx", [["type", "name"], ["text", "t"]], None, settings)
    instrument = load_instrument(path)
    assert instrument.reference_date == dt.date(2015, 12, 11) and instrument.form_id == "My_form"


def test_select_multiple_choice_with_space_is_an_error(tmp_path):
    choices = [["list_name", "name", "label"], ["opts", "two words", "Two words"]]
    path = write_form(tmp_path / "form.xlsx", [["type", "name"], ["select_multiple opts", "m"]], choices)
    with pytest.raises(InvalidInstrument, match="contains a space"):
        load_instrument(path)


def test_unknown_type_is_accepted_with_a_warning(tmp_path):
    path = write_form(tmp_path / "form.xlsx", [["type", "name"], ["selct_one agree5", "typo"], ["text", "t"]], None)
    instrument = load_instrument(path)
    assert [(o.name, o.type) for o in instrument.not_analysed] == [("typo", "selct_one agree5")]
    (issue,) = check_instrument(path)
    assert issue.severity == "warning" and issue.cell == "A2" and "not a known XLSForm type" in issue.message


def test_write_instrument_round_trip(tmp_path):
    survey = [["type", "name", "label::English (en)", "label::Chinese (zh)", "hint::English (en)", "required",
               "relevant", "measure"],
              ["today", "today"],
              ["text", "who", "Who", "谁"],
              ["begin_group", "q1", "One", "一"],
              ["select_one agree5", "q1_a", "A", "甲", "Pick one", "yes", None, "ordinal"],
              ["select_multiple formats", "q1_b", "B", "乙", None, None, "${q1_a} = '5'"],
              ["select_one formats or_other", "q1_c", "C", "丙"],
              ["end_group"],
              ["begin_group", "q2", "Two", "二"], ["end_group"]]
    settings = [["form_title", "form_id", "version", "date"], ["T", "t1", "3", dt.date(2016, 1, 1)]]
    original = load_instrument(write_form(tmp_path / "form.xlsx", survey, settings=settings))
    write_instrument(original, tmp_path / "again.xlsx")
    again = load_instrument(tmp_path / "again.xlsx")
    assert again == numbered(original)
    assert [q.name for q in again.questions] == ["q1", "q2"]
    assert again.item("q1_a").hints == {"en": "Pick one"} and again.languages == ("en", "zh")


EXAMPLES = ["xlsform_spec_test.xlsx", "widgets.xls", "tutorial.xls", "group.xlsx", "specify_other.xlsx",
            "yes_or_no_question.xlsx", "xl_date_ambiguous.xlsx", "blank_second_row.xls"]


def test_a_column_header_twice_is_refused_as_pyxform_refuses_it(shared):
    path = shared / "data" / "survey_files" / "xlsform_examples" / "duplicate_columns.xlsx"
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(path)
    [issue] = [i for i in caught.value.issues if i.severity == "error"]
    assert (issue.sheet, issue.cell) == ("survey", "E1") and "column 'label' appears twice (also D1)" in issue.message


@pytest.mark.parametrize("name", EXAMPLES)
def test_reference_xlsform_examples_load_and_round_trip(shared, tmp_path, name):
    instrument = load_instrument(shared / "data" / "survey_files" / "xlsform_examples" / name)
    assert instrument.items or instrument.not_analysed
    write_instrument(instrument, tmp_path / "again.xlsx")
    assert load_instrument(tmp_path / "again.xlsx") == numbered(instrument)


def test_reference_examples_details(shared):
    folder = shared / "data" / "survey_files" / "xlsform_examples"
    spec = load_instrument(folder / "xlsform_spec_test.xlsx")
    assert spec.languages == ("en", "zh") and spec.title == {"en": "Spec test"}
    assert ("select_multiple yes_no" in {o.type for o in spec.not_analysed})  # inside a repeat
    widgets = load_instrument(folder / "widgets.xls")
    # Legacy spellings: "select all that apply from list", "select one from list2", "int", "string".
    assert (widgets.item("my_select").type, widgets.item("my_select").list_name) == ("select_multiple", "list")
    assert (widgets.item("my_select1").type, widgets.item("my_select1").list_name) == ("select_one", "list2")
    assert (widgets.item("my_int").type, widgets.item("my_string").type) == ("integer", "text")
    assert {"select_one", "select_multiple", "integer", "decimal", "text", "date"} <= {i.type for i in widgets.items}
    other = load_instrument(folder / "specify_other.xlsx")
    assert other.choices("sex").get("other") is not None and other.items[0].labels["en"]
    tutorial = load_instrument(folder / "tutorial.xls")
    assert not tutorial.items and tutorial.not_analysed[0].type == "begin_repeat"


def test_kobo_form_loads(shared, tmp_path):
    path = shared / "data" / "survey_files" / "kobo_exports" / "reach_msna_2021_kobo_form.xlsx"
    instrument = load_instrument(path)
    assert instrument.languages == ("en", "ar") and instrument.default_language == "en"
    kinds = [i.type for i in instrument.items]
    # Counts from the form's README: 89 select_one, 55 integer, 43 text, 24 select_multiple, 1 date, 1 decimal.
    assert (kinds.count("select_one"), kinds.count("integer"), kinds.count("text"),
            kinds.count("select_multiple"), kinds.count("date"), kinds.count("decimal")) == (89, 55, 43, 24, 1, 1)
    assert {o.type for o in instrument.not_analysed} >= {"start", "end", "today", "audit", "deviceid", "geopoint"}
    assert all(i.labels.get("en") for i in instrument.items)
    assert len(instrument.questions) == 6  # six begin_group rows, none nested
    assert not [i for i in check_instrument(path) if i.severity == "error"]
    write_instrument(instrument, tmp_path / "again.xlsx")
    assert load_instrument(tmp_path / "again.xlsx") == numbered(instrument)


# --- names are unique within their group (pyxform's rule) -----------------------------------------



def test_a_name_shared_by_two_groups_is_keyed_by_its_path(tmp_path):
    path = write_form(tmp_path / "form.xlsx", SHARED_NAMES_FORM)
    instrument = load_instrument(path)
    assert [(i.name, i.path, i.short_name) for i in instrument.items] == [
        ("dola/price", "dola/price", "price"), ("dola_count", "dola/dola_count", "dola_count"),
        ("kifaru/price", "kifaru/price", "price"), ("remarks", "end_survey/remarks", "remarks")]
    assert instrument.item("kifaru/price").question == "kifaru"
    assert [(o.name, o.path) for o in instrument.not_analysed if o.name] == [
        ("herd", "kifaru/herd"), ("kifaru/herd/price", "kifaru/herd/price")]
    assert not [i for i in check_instrument(path) if i.severity == "error"]
    write_instrument(instrument, tmp_path / "again.xlsx")
    assert load_instrument(tmp_path / "again.xlsx") == numbered(instrument)


def test_duplicate_siblings_repeats_and_ambiguous_references_are_refused_at_the_cell(tmp_path):
    survey = [
        ["type", "name", "label", "relevant", "label::French (fr)"],
        ["begin_group", "dola", "Dola"],
        ["integer", "price", "Price"],
        ["integer", "price", "Again"],                                 # row 4: sibling twice
        ["integer", "Price", "Case"],                                  # row 5: differs in case: warning
        ["begin_repeat", "herd", "Herd"], ["integer", "n", "N"], ["end_repeat"],
        ["end_group"],
        ["begin_group", "kifaru", "Kifaru"],
        ["begin_repeat", "herd", "Herd"], ["integer", "n", "N"], ["end_repeat"],  # row 11: repeat name again
        ["integer", "price", "Price", "${n} > 1"],                     # D14: ambiguous reference
        ["text", "why", "Why", "${nowhere} = 1", "Prix ${price}"],    # D15 unknown, E15 ambiguous
        ["end_group"],
        ["integer", "meta", "Meta"],                                   # row 17: reserved
    ]
    path = write_form(tmp_path / "form.xlsx", survey, None)
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument(path)
    issues = caught.value.issues
    errors = {i.cell: i.message for i in issues if i.severity == "error"}
    assert set(errors) == {"B4", "B11", "D14", "D15", "E15", "B17"}, issues
    assert "name 'price' is used twice in group 'dola' (first at survey!B3)" in errors["B4"]
    assert "repeat name 'herd' is used twice (first at survey!B6)" in errors["B11"]
    assert "${n} is ambiguous" in errors["D14"] and "dola/herd/n, kifaru/herd/n" in errors["D14"]
    assert "'nowhere', which is not a name" in errors["D15"]
    assert "reserved" in errors["B17"]
    [warning] = [i for i in issues if i.severity == "warning"]
    assert warning.cell == "B5" and "only in case" in warning.message


def test_stored_definitions_without_paths_still_load():
    from surveys.instrument.default import default_instrument
    from surveys.storage import schema

    instrument = default_instrument()
    definition = schema.instrument_to_json(instrument)
    for entry in definition["items"] + definition["not_analysed"]:
        del entry["path"]
    again = schema.instrument_from_json(definition)
    assert again == instrument and again.item("q1_overall").path == "q1/q1_overall"


QUALITY = [["list_name", "name", "label"], ["q5", "1", "Very poor"], ["q5", "2", "Poor"], ["q5", "3", "Fair"],
           ["q5", "4", "Good"], ["q5", "5", "Very good"],
           ["stage", "1", "Before the assessment"], ["stage", "2", "During negotiation"],
           ["stage", "3", "After authorisation"]]


def test_scale_column_says_what_an_ordinal_scale_measures(tmp_path):
    survey = [["type", "name", "label", "measure", "scale"],
              ["select_one q5", "overall", "Overall", "ordinal", ""],
              ["select_one stage", "start", "When to begin", "ordinal", "Sequence"],
              ["select_one stage", "timing", "Timing", "ordinal", "agreement"]]
    instrument = load_instrument(write_form(tmp_path / "form.xlsx", survey, QUALITY))
    # Blank: inferred from the choice labels (Very poor … Very good is a quality scale); stored as not given.
    assert instrument.item("overall").scale is None and instrument.scale_of("overall") == "quality"
    assert instrument.item("start").scale == "sequence" and instrument.scale_of("start") == "sequence"
    assert instrument.scale_of("timing") == "agreement"  # the author's word wins over the labels


def test_scale_column_problems_are_located(tmp_path):
    survey = [["type", "name", "label", "measure", "scale"],
              ["select_one q5", "overall", "Overall", "ordinal", "happiness"],
              ["select_one q5", "picked", "Picked", "nominal", "quality"]]
    issues = _issues(write_form(tmp_path / "form.xlsx", survey, QUALITY))
    assert any("survey!E2" in i and "scale 'happiness' of 'overall' is not valid" in i and "sequence" in i
               for i in issues), issues
    assert any("survey!E3" in i and "warning" in i and "ordinal select_one questions only" in i for i in issues), issues


@pytest.mark.parametrize("labels, scale", [
    (["Strongly disagree", "Agree"], "agreement"), (["Not at all effective", "Very effective"], "effectiveness"),
    (["Not a challenge", "A serious challenge"], "severity"), (["Never", "Always"], "frequency"),
    (["Not important", "Very important"], "importance"), (["Very poor", "Very good"], "quality"),
    (["Low", "Medium", "High"], "rating"),
])
def test_scale_inferred_from_choice_labels(labels, scale):
    from surveys.model import Choice, ChoiceList, infer_scale

    assert infer_scale(ChoiceList("l", tuple(Choice(str(i), {"en": t}) for i, t in enumerate(labels)))) == scale


def test_scale_round_trips_and_old_stored_definitions_load(tmp_path):
    from surveys.instrument.default import default_instrument
    from surveys.storage.schema import instrument_from_json, instrument_to_json

    instrument = default_instrument()
    assert instrument.item("q3_start").scale == "sequence" and instrument.item("q1_timely").scale == "agreement"
    write_instrument(instrument, tmp_path / "default.xlsx")
    assert load_instrument(tmp_path / "default.xlsx") == numbered(instrument)
    stored = instrument_to_json(instrument)
    assert instrument_from_json(stored) == instrument
    for item in stored["items"]:
        del item["scale"]  # a definition stored before scales were recorded
    old = instrument_from_json(stored)
    assert old.item("q3_start").scale is None
    assert old.scale_of("q1_timely") == "agreement" and old.scale_of("q5_formal_meetings") == "effectiveness"
    assert old.scale_of("q1_channels") is None
