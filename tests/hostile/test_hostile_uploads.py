"""The hostile corpus through the Upload page (AppTest, a real SQLite store): each file refused
with the same reason the command line gives, or checked, imported and stored cleaned, the
cleaning said; never an exception, and the uploaded files let go after a refusal."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from support.app import APP
from support.hostile import CASES, Case, assert_stored, build_corpus
from support.workbooks import write_book
from surveys.instrument.xlsform import load_instrument
from surveys.storage.importer import import_files
from surveys.storage.store import URL_VARIABLE, open_store

TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv",
         ".ods": "application/vnd.oasis.opendocument.spreadsheet"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, list[Path]]:
    return build_corpus(tmp_path_factory)


def message(said: str) -> str:
    """The message of a command-line report line, without its file, cell and severity."""
    return re.split(r": (?:error|warning): ", said, maxsplit=1)[-1]


def _shown(at: AppTest) -> str:
    return "\n".join([t.value for t in at.text] + [e.value for e in at.error] + [w.value for w in at.warning]
                     + [s.value for s in at.success])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_file_through_the_upload_page(case: Case, corpus, sqlite_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, sqlite_url)
    if case.form:  # the page takes no instrument: the wave holds it already, as the command line left it
        with open_store(sqlite_url) as store:
            first = write_book(corpus[f"{case.name} form"].parent / "first.xlsx",
                               {"responses": [["respondent", "q1_overall"], ["Kenya", "3"]]})
            assert import_files(store, [first], instrument=load_instrument(corpus[f"{case.name} form"])).ok
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.switch_page("dashboard/pages/upload.py").run()
    options = dict(zip(case.options[::2], case.options[1::2]))
    if "--wave" in options:
        at.text_input(key="upload_wave").set_value(options["--wave"]).run()
    files = corpus[case.name]
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), TYPES[path.suffix]) for path in files]).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = _shown(at)
    for said in case.says if not case.form else ():  # the form's own warnings were said when it was stored
        if "--max-respondents" not in said:
            assert message(said).split(" (", 1)[0] in shown, (message(said), shown[:3000])
    if not case.stored:
        assert not [b for b in at.button if b.key == "upload_import"]
        if "--wave" not in options:  # refused by the check: its files were let go, the report stays
            assert not at.file_uploader[0].value and any("Nothing was imported" in w.value for w in at.warning)
        with open_store(sqlite_url) as store:
            assert not store.waves()
        return
    at.button(key="upload_import").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(s.value.startswith("Imported ") for s in at.success)
    assert not at.file_uploader[0].value  # the uploaded files were let go after the import
    with open_store(sqlite_url) as store:
        assert_stored(case, store.load_wave())


def test_an_upload_larger_than_a_session_may_bring_is_refused_before_reading(sqlite_url, monkeypatch):
    """Each file is bounded by the server (``server.maxUploadSize``); all files of one upload
    together by the page, before any is read, with the limit said and the files let go."""
    from surveys.limits import MAX_SESSION_UPLOAD_BYTES

    monkeypatch.setenv(URL_VARIABLE, sqlite_url)
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.switch_page("dashboard/pages/upload.py").run()
    half = b"x" * (MAX_SESSION_UPLOAD_BYTES // 2 + 1)  # never read: refused by its size alone
    at.file_uploader[0].set_value([("a.csv", half, TYPES[".csv"]), ("b.csv", half, TYPES[".csv"])]).run()
    assert not at.exception
    said = [e.value for e in at.error] + [w.value for w in at.warning]
    assert any("one upload may bring at most 50 MB" in text for text in said), said
    assert not at.file_uploader[0].value
    with open_store(sqlite_url) as store:
        assert not store.waves() and not store.imports()
