"""Checking parsed answers: canonical values, every error class at once, batches, speed."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from support.workbooks import small_instrument, write_large, write_rows
from surveys.limits import Limits
from surveys.reading.layouts import parse_responses
from surveys.reading.validation import canonical_decimal, validate, validate_batch

REF = dt.date(2015, 12, 11)
HEADER = ["respondent", "group", "q1_overall", "q1_channels", "q2_meetings", "q2_share", "q2_first", "q2_comment"]


def check(tmp_path, rows, name="answers.xlsx", contributions=None):
    instrument = small_instrument()
    path = write_rows(tmp_path / name, [HEADER, *rows])
    return validate(parse_responses(path, instrument), instrument, REF, contributions)


CANONICAL = [
    ("q1_overall", 4, "4"), ("q1_overall", "4", "4"), ("q1_overall", " AGREE ", "4"), ("q1_overall", "同意", "4"),
    ("q1_overall", "dk", "dk"), ("q1_overall", "Don’t know".replace("’", "'"), "dk"),
    ("q1_overall", "5 - Strongly agree", "5"), ("q1_overall", "４", "4"),  # full-width digit
    ("q1_channels", "field_visits formal_meetings", "formal_meetings field_visits"),
    ("q1_channels", "Council field visits; Formal meetings", "formal_meetings field_visits"),
    ("q1_channels", "Informal dialogues, mission by mission, Council field visits", "informal_dialogues field_visits"),
    ("q1_channels", "正式会议、非正式对话", "formal_meetings informal_dialogues"),
    ("q1_channels", "formal_meetings\nfield_visits", "formal_meetings field_visits"),
    ("q1_channels", "field_visits, field_visits", "field_visits"),
    ("q2_meetings", 12.0, "12"), ("q2_meetings", "12", "12"), ("q2_meetings", " 1,234 ", "1234"),
    ("q2_meetings", "12.0", "12"), ("q2_meetings", "-3", "-3"),
    ("q2_share", "2,50", "2.5"), ("q2_share", 0.1, "0.1"), ("q2_share", "3", "3"), ("q2_share", 3.0, "3"),
    ("q2_share", "1,234.5", "1234.5"), ("q2_share", "0.250", "0.25"),
    ("q2_first", dt.datetime(2015, 12, 11), "2015-12-11"), ("q2_first", dt.datetime(2015, 12, 11, 15, 30), "2015-12-11"),
    ("q2_first", "2015-12-11", "2015-12-11"), ("q2_first", "2015/3/2", "2015-03-02"),
    ("q2_first", "2021-07-05T10:58:34.147+03:00", "2021-07-05"),
    ("q2_comment", "  hello  ", "hello"), ("q2_comment", 42, "42"),
]


@pytest.mark.parametrize("item, raw, expected", CANONICAL, ids=[f"{i}-{r!r}" for i, r, _ in CANONICAL])
def test_canonical_stored_values(tmp_path, item, raw, expected):
    row = ["Brazil"] + [None] * (len(HEADER) - 1)
    row[HEADER.index(item)] = raw
    submission = check(tmp_path, [row])
    assert submission.ok, [str(i) for i in submission.issues]
    assert [(a.item, a.value) for a in submission.answers] == [(item, expected)]


def test_canonical_decimal_drops_trailing_zeros():
    assert [canonical_decimal(x) for x in (2.50, 3.0, 0.1, 1e-07, -0.0)] == ["2.5", "3", "0.1", "1e-07", "-0"]


def test_every_problem_is_reported_at_once_with_its_cell(tmp_path):
    submission = check(tmp_path, [
        ["Atlantis", None, "4", None, None, None, None, None],                               # row 2
        [None, None, "4", None, None, None, None, None],                                     # row 3
        ["Brazil", "council", "4", None, None, None, None, None],                            # row 4
        ["Chile", None, "7", None, None, None, None, None],                                  # row 5
        ["chile ", None, "3", None, None, None, None, None],                                 # row 6
        ["Peru", None, "Agreeish", "field_visits teleport", None, None, None, None],         # row 7
        ["Japan", None, dt.date(2015, 1, 2), None, "twelve", "abc", "next week", "ok"],      # row 8
        ["Iceland", "tcc_pcc", "4", None, None, None, None, None],                           # row 9
        ["Kenya", "Martians", "4", None, None, None, None, None],                            # row 10
        ["Ghana", None, "4", None, True, None, "2015-02-30", None],                          # row 11
    ], contributions=frozenset({"BRA", "CHL", "PER", "GHA", "KEN"}))
    found = {(i.cell, i.severity) for i in submission.issues}
    # A declared group the registry contradicts is marked in the group cell (B), where it is written.
    expected = {("A2", "error"), ("A3", "error"), ("B4", "error"), ("C5", "error"), ("A6", "error"),
                ("C7", "error"), ("D7", "error"), ("C8", "error"), ("E8", "error"), ("F8", "error"),
                ("G8", "error"), ("B9", "warning"), ("B10", "error"), ("E11", "error"), ("G11", "error")}
    assert found == expected, [str(i) for i in submission.issues]
    text = {i.cell: str(i) for i in submission.issues}
    assert text["A2"].startswith("answers.xlsx, responses!A2: error: unknown respondent 'Atlantis'")
    assert "blank respondent" in text["A3"]
    assert "Brazil was not a member of the Security Council in 2015" in text["B4"]
    assert "'7' is not in the list for q1_overall: expected one of 1 (Strongly disagree)" in text["C5"]
    assert "duplicate respondent Chile: already answers in responses!A5" in text["A6"]
    assert "'Agreeish' is not in the list for q1_overall" in text["C7"]
    assert "'teleport' is not an option of q1_channels" in text["D7"]
    assert "2015-01-02 is a date, not one of the choices of q1_overall" in text["C8"]
    assert "'twelve' is not a whole number" in text["E8"] and "'abc' is not a number" in text["F8"]
    assert "'next week' is not a date: q2_first expects a date such as 2015-12-11" in text["G8"]
    assert "Iceland is declared TCC/PCC ('tcc_pcc')" in text["B9"] and "warning" in text["B9"]
    assert "'Martians' is not a respondent group" in text["B10"]
    assert "'TRUE' is not a whole number" in text["E11"] and "'2015-02-30' is not a date" in text["G11"]
    assert not submission.ok
    # Valid rows still come through; the rejected respondents and the duplicate do not.
    assert [r.name for r in submission.respondents] == ["Chile", "Peru", "Japan", "Iceland", "Kenya", "Ghana"]
    assert ("Japan", "q2_comment", "ok") in {(a.respondent, a.item, a.value) for a in submission.answers}


def test_reading_a_wide_sheet_by_column_matches_reading_it_cell_by_cell(tmp_path):
    # validate() reads wide sheets column by column; without the grid it reads every cell
    # on its own. Both must give the same answers and the same messages in the same order.
    instrument = small_instrument()
    path = write_rows(tmp_path / "mixed.xlsx", [HEADER,
        ["Atlantis", None, "4", None, None, None, None, None],
        ["Brazil", None, True, "field_visits", 1, 2.5, 42351, "\u200b"],     # TRUE and 1 in one column
        ["Chile", "tcc_pcc", 1, "teleport", True, "2,5", "2015-02-30", "ok"],
        [None, None, "4", None, None, None, None, None],
        ["Peru", None, "5 - Strongly agree", "Formal meetings; Council field visits", "12", None, 42000.0, " x "],
        ["peru", None, "3", None, None, None, None, None],
        ["Ghana", None, 4.0, None, 3.0, 0.1, dt.date(2015, 3, 2), 7],
    ])
    parsed = parse_responses(path, instrument)
    assert parsed.grid is not None
    by_column = validate(parsed, instrument, REF, frozenset({"CHL"}))
    by_cell = validate(replace(parsed, grid=None), instrument, REF, frozenset({"CHL"}))
    assert [str(i) for i in by_column.issues] == [str(i) for i in by_cell.issues]
    assert by_column.answers == by_cell.answers and by_column.respondents == by_cell.respondents
    assert {"C3", "E4", "G3"} <= {i.cell for i in by_column.issues}  # TRUE in integer/select items, a serial date
    assert ("Brazil", "q2_meetings", "1") in {(a.respondent, a.item, a.value) for a in by_column.answers}
    assert by_column.answer_count == len(by_column.answers)


def test_warning_alone_keeps_the_submission_ok(tmp_path):
    submission = check(tmp_path, [["Iceland", "TCC/PCC", "4", None, None, None, None, None]],
                       contributions=frozenset({"BRA"}))
    assert submission.ok and [i.severity for i in submission.issues] == ["warning"]
    assert submission.respondents[0].group == "tcc_pcc"


def test_bad_tick_values_are_reported(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "ticks.xlsx", [["respondent", "q1_channels/formal_meetings", "q1_channels/field_visits"],
                                                 ["Brazil", "maybe", 1]])
    submission = validate(parse_responses(path, instrument), instrument, REF)
    [issue] = submission.issues
    assert issue.cell == "B2" and "'maybe' is not a tick for q1_channels option formal_meetings" in issue.message


def test_group_labels_in_any_language_are_accepted(tmp_path):
    submission = check(tmp_path, [["Chad", "安全理事会", "4", None, None, None, None, None],
                                  ["Brazil", "Pays fournisseurs de contingents ou de personnel de police", "4",
                                   None, None, None, None, None]])
    assert submission.ok, [str(i) for i in submission.issues]
    assert [(r.name, r.group) for r in submission.respondents] == [("Chad", "council"), ("Brazil", "tcc_pcc")]


def test_duplicates_across_files_of_one_upload(tmp_path):
    first = check(tmp_path, [["Brazil", None, "4", None, None, None, None, None]], name="first.xlsx")
    second = check(tmp_path, [["Chile", None, "4", None, None, None, None, None],
                              ["BRAZIL", None, "2", None, None, None, None, None]], name="second.xlsx")
    assert first.ok and second.ok
    checked = validate_batch([first, second])
    assert checked[0] == first
    [issue] = checked[1].issues
    assert str(issue) == ("second.xlsx, responses!A3: error: duplicate respondent Brazil: also answers in "
                          "first.xlsx, responses!A2; each delegation answers once")
    assert not checked[1].ok


def test_submission_carries_file_name_and_checksum(tmp_path):
    import hashlib

    submission = check(tmp_path, [["Brazil", None, "4", None, None, None, None, None]], name="brazil.xlsx")
    assert submission.file == "brazil.xlsx"
    assert submission.sha256 == hashlib.sha256((tmp_path / "brazil.xlsx").read_bytes()).hexdigest()


def test_ten_thousand_respondents_parse_and_validate(tmp_path):
    # Speed is measured in scripts/bench_import.py, not asserted here.
    instrument = small_instrument()
    labels = ["Strongly disagree", "Disagree", "4", "Agree", "dk", "5"]
    rows = [[f"Participant {n:05d}", "other", labels[n % 6], "field_visits formal_meetings" if n % 2 else "",
             str(n % 40), n / 7, dt.date(2015, 1 + n % 12, 1), "comment"] for n in range(10_000)]
    path = write_large(tmp_path / "big.xlsx", HEADER, rows)
    # Ten times the default limit of a file: the secretariat's override (--max-respondents).
    submission = validate(parse_responses(path, instrument, limits=Limits.raised(10_000)), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues[:5]]
    assert len(submission.respondents) == 10_000 and len(submission.answers) == 5 * 10_000 + 5_000
