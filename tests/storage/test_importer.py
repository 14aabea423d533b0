"""The importer: all or nothing across files, re-imports, second submissions, replacement."""
from __future__ import annotations

import pytest

from surveys.demo import write_wide
from surveys.errors import AlreadySubmitted, InvalidResponses, TrialogueError
from surveys.instrument.default import default_instrument
from surveys.storage.importer import ALREADY_SUBMITTED, NOT_STORED, check_files, import_files, import_target
from surveys.storage.store import open_store
from surveys.storage.submissions import EMPTY_VERSION

HEADER = ["respondent", "group", "q1_overall", "q3_start", "q5_informal_dialogues"]


@pytest.fixture
def store(sqlite_url):
    with open_store(sqlite_url) as opened:
        yield opened


def _file(tmp_path, name, *rows):
    return write_wide(tmp_path / name, HEADER, rows)


def test_importing_the_same_file_again_changes_nothing_and_says_so(store, tmp_path):
    path = _file(tmp_path, "ghana.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])
    first = import_files(store, [path])
    assert [f.outcome for f in first.files] == ["ok"]
    version = store.data_version()
    again = import_files(store, [path])
    assert again.ok and [f.outcome for f in again.files] == ["unchanged"]
    assert again.respondents == 0 and store.data_version() == version
    assert [(r.outcome, r.file_name) for r in store.imports()] == [("ok", "ghana.xlsx"), ("unchanged", "ghana.xlsx")]
    assert "already stored" in store.imports()[1].messages[0]


def test_a_second_submission_is_refused_naming_file_and_delegation(store, tmp_path):
    import_files(store, [_file(tmp_path, "ghana.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])])
    version = store.data_version()
    second = import_files(store, [_file(tmp_path, "ghana-v2.xlsx", ["Ghana", "tcc_pcc", "3", "2", "5"])])
    assert not second.ok and second.files[0].outcome == "refused"
    (issue,) = second.files[0].errors
    assert (issue.file, issue.sheet, issue.cell) == ("ghana-v2.xlsx", "responses", "A2")
    assert issue.message == ALREADY_SUBMITTED.format(respondent="Ghana", earlier="ghana.xlsx", replace="--replace")
    assert issue.kind == "already_answered" and issue.subject == "Ghana"
    assert "--replace" in issue.message
    assert isinstance(second.error(), AlreadySubmitted)
    assert store.data_version() == version
    assert store.imports()[-1].outcome == "refused"


def test_replace_stores_the_new_answers_and_keeps_the_old_ones_in_history(store, tmp_path):
    import sqlalchemy as sa

    from surveys.storage import schema

    import_files(store, [_file(tmp_path, "ghana.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])])
    second = import_files(store, [_file(tmp_path, "ghana-v2.xlsx", ["Ghana", "tcc_pcc", "3", "2", "5"])],
                          replace=True)
    assert second.ok and second.files[0].outcome == "ok"
    data = store.load_wave()
    assert len(data.respondents) == 1
    assert dict(zip(data.answers["item"], data.answers["value"])) == {
        "q1_overall": "3", "q3_start": "2", "q5_informal_dialogues": "5"}
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.respondents.c.name, schema.respondents.c.superseded_by)
                            .order_by(schema.respondents.c.id)).all()
        kept = conn.execute(sa.select(schema.respondents.c.answers).order_by(schema.respondents.c.id)).scalars().all()
    assert rows == [("Ghana", second.files[0].import_id), ("Ghana", None)]
    # The old submission's document stays in history beside the current one.
    assert kept == [{"q1_overall": "2", "q3_start": "1", "q5_informal_dialogues": "4"},
                    {"q1_overall": "3", "q3_start": "2", "q5_informal_dialogues": "5"}]


def test_one_bad_file_means_nothing_is_stored_and_the_log_says_refused(store, tmp_path):
    good = _file(tmp_path, "good.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"], ["Chad", "council", "3", "2", "5"])
    bad = _file(tmp_path, "bad.xlsx", ["Nepal", "tcc_pcc", "7", "1", "4"])
    report = import_files(store, [good, bad])
    assert not report.ok
    assert [f.outcome for f in report.files] == ["refused", "refused"]
    assert [i.message for i in report.files[0].issues] == [NOT_STORED]
    (problem,) = report.files[1].errors
    assert (problem.file, problem.sheet, problem.cell) == ("bad.xlsx", "responses", "C2")
    assert isinstance(report.error(), InvalidResponses)
    assert store.waves() == ()  # not even the wave was created
    log = store.imports()
    assert [(r.file_name, r.outcome) for r in log] == [("good.xlsx", "refused"), ("bad.xlsx", "refused")]
    assert any("C2" in m for m in log[1].messages)


def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(store, tmp_path):
    junk = tmp_path / "notes.xlsx"
    junk.write_text("this is not a spreadsheet")
    missing = tmp_path / "missing.xlsx"
    report = import_files(store, [junk, missing])
    assert [f.outcome for f in report.files] == ["refused", "refused"]
    assert report.files[0].errors[0].file == "notes.xlsx" and report.files[0].errors[0].message
    assert "cannot read the file" in report.files[1].errors[0].message
    assert store.waves() == ()


def test_the_same_delegation_in_two_files_of_one_import_is_refused(store, tmp_path):
    a = _file(tmp_path, "a.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])
    b = _file(tmp_path, "b.xlsx", ["Ghana", "tcc_pcc", "3", "1", "4"])
    report = import_files(store, [a, b], replace=True)
    assert not report.ok
    assert "also answers in a.xlsx" in report.files[1].errors[0].message
    assert store.waves() == ()


def test_all_files_of_one_call_are_stored_together_with_progress(store, tmp_path):
    paths = [_file(tmp_path, f"{name}.xlsx", [name, group, "3", "2", "4"])
             for name, group in (("Ghana", "tcc_pcc"), ("Chad", "council"), ("Police Division", "secretariat"))]
    calls = []
    report = import_files(store, paths, wave="december", progress=lambda *args: calls.append(args))
    assert report.ok and report.respondents == 3 and report.answers == 9
    assert report.data_version == store.data_version("december") != EMPTY_VERSION
    assert calls[0] == (0, 4, "Checking Ghana.xlsx") and calls[-1] == (4, 4, "Done")
    assert [done for done, _, _ in calls] == sorted(done for done, _, _ in calls)
    assert store.wave("december").reference_date == default_instrument().reference_date


def test_a_wave_keeps_its_instrument(store, tmp_path):
    from dataclasses import replace

    import_files(store, [_file(tmp_path, "a.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])], wave="w")
    other = replace(default_instrument(), version="2099.1")
    with pytest.raises(TrialogueError, match="created with instrument wgpko_2015_triangular version 2015.1"):
        import_files(store, [_file(tmp_path, "b.xlsx", ["Chad", "council", "2", "1", "4"])], wave="w",
                     instrument=other)


def test_the_import_target_is_named_and_the_dry_run_starts_from_it(store, tmp_path):
    from dataclasses import replace

    default = default_instrument()
    before = import_target(store)
    assert (before.wave, before.instrument, before.reference_date, before.exists, before.conflict) == (
        default.form_id, default, default.reference_date, False, None)
    path = _file(tmp_path, "a.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])
    dry = check_files(store, [path], wave="w")
    assert (dry.wave, [f.outcome for f in dry.files], store.waves()) == ("w", ["ready"], ())  # nothing stored
    import_files(store, [path], wave="w")
    stored = import_target(store, "w")
    assert (stored.wave, stored.exists, stored.conflict) == ("w", True, None)
    other = import_target(store, "w", replace(default, version="2099.1"))
    assert other.exists and other.conflict.startswith("wave 'w' was created with instrument wgpko_2015_triangular")
    with pytest.raises(TrialogueError, match="created with instrument"):
        check_files(store, [path], wave="w", instrument=replace(default, version="2099.1"))


def test_an_import_leaves_the_garbage_collector_as_it_found_it(store, tmp_path):
    import gc

    path = _file(tmp_path, "ghana.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"])
    assert gc.isenabled()
    assert import_files(store, [path]).ok and gc.isenabled()
    gc.disable()
    try:
        import_files(store, [path])  # unchanged
        assert not gc.isenabled()
    finally:
        gc.enable()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert not import_files(store, [broken]).ok and gc.isenabled()


def test_a_new_wave_gets_the_same_data_version_as_one_read_back_from_the_database(store, tmp_path):
    import sqlalchemy as sa

    from surveys.storage import schema
    from surveys.storage.submissions import refresh_data_version

    files = [_file(tmp_path, "a.xlsx", ["Ghana", "tcc_pcc", "2", "1", "4"], ["Chad", "council", "3", "2", "5"]),
             _file(tmp_path, "b.xlsx", ["Nepal", "tcc_pcc", "1", None, "dk"])]
    report = import_files(store, files, wave="fresh")  # version computed from the digests just inserted
    assert report.ok and report.data_version == store.data_version("fresh") != EMPTY_VERSION
    with store.engine.begin() as conn:
        wave_id = conn.execute(sa.select(schema.waves.c.id).where(schema.waves.c.name == "fresh")).scalar_one()
        assert refresh_data_version(conn, wave_id) == report.data_version  # read back from the rows
