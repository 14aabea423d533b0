"""The Upload page takes CSV exports and ODK Central zips as it takes workbooks (AppTest, real SQLite)."""
from __future__ import annotations

from support.app import assert_clean, run_app
from support.zips import central_zip

CSV = "text/csv"


def test_upload_accepts_csv_and_zip_and_imports_them(empty_url, monkeypatch, tmp_path):
    at = run_app(empty_url, monkeypatch, "upload.py")
    uploader = at.file_uploader[0]
    assert {".csv", ".zip"} <= set(uploader.proto.type)
    broken = "respondent;q1_overall\nGhana;4\nNepal;3;extra\n".encode("cp1252")
    uploader.set_value([("broken.csv", broken, CSV)]).run()
    assert_clean(at)
    lines = [t.value for t in at.text]
    assert lines[0].startswith("broken.csv — 1 error"), lines
    assert any(line.startswith("Error · broken.csv!C3:") for line in lines), lines
    assert not [b for b in at.button if b.key == "upload_import"]

    answers = "respondent;q1_overall;q1_comment\n中国;4;非常同意\n".encode("gb18030")
    central = central_zip(tmp_path / "wgpko.zip", repeat=False).read_bytes()
    at.file_uploader[0].set_value(
        [("answers.csv", answers, CSV), ("wgpko.zip", central, "application/zip")]).run()
    assert_clean(at)
    assert not at.warning or all("Nothing was imported" not in w.value for w in at.warning)
    at.button(key="upload_import").click().run()
    assert_clean(at)
    assert any("Imported 3 respondents" in s.value for s in at.success)
    # The import log keeps how each file was read; the page shows an import's messages whole on request.
    history = at.dataframe[-1].value
    ids = dict(zip(history["File"], history["Import"]))
    for name, reading in (("answers.csv", "read as CSV, GB18030 (detected), semicolon-separated"),
                          ("wgpko.zip", "read as ODK Central export, table wgpko.csv")):
        at.selectbox(key="history_messages").set_value(ids[name]).run()
        assert any(t.value.startswith(reading) for t in at.text), [t.value for t in at.text]
