"""The files the Export page hands each role, read back: what a member downloads from the page
holds the members' figures (groups under the minimum cell size left out, no delegation named, the
members' cover) while the Secretariat's file from the same page holds them all.

Real SQLite store with the demo wave and two extra delegations (Norway consents to be named, Malta
does not), the minimum cell size raised to 5 so that the demo's four Secretariat units form a
group members may not see, built-in accounts signed in through the real form under AppTest. The
bytes are taken where Streamlit stores a download button's file."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from support.accounts import demo_with_consents, signed_in_app
from surveys.coding import load_quotes
from surveys.demo import DEMO_WAVE, demo_respondents
from surveys.storage.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
ACCOUNTS = {"secretariat": ("sam", None), "member": ("ghana", "GHA")}
NAMES = {name for name, _group, _sub in demo_respondents()} | {"Norway", "Malta"}
SECRETARIAT_NAMES = {name for name, group, _sub in demo_respondents() if group == "secretariat"}
SECRETARIAT_UNITS = "Secretariat units that answered"  # the reports' sentence for that group
MEMBERS_COVER = "For members of the Working Group: figures for fewer than 5 answers are withheld."


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    return demo_with_consents(tmp_path_factory.mktemp("export_page"), "page.sqlite", ACCOUNTS, min_cell=5)


@pytest.fixture
def files(monkeypatch) -> dict[str, bytes]:
    """Every file a download button is given during the test, by its file name."""
    kept: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if filename and not isinstance(path_or_data, str):
            kept[filename] = bytes(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return kept


def report(url: str, role: str, fmt: str, monkeypatch, files: dict[str, bytes]) -> bytes:
    """Sign in as ``role``, open Export, prepare the ``fmt`` report and return the file handed over."""
    at = signed_in_app(APP, url, ACCOUNTS[role][0], monkeypatch, timeout=300)
    at.switch_page("dashboard/pages/export.py").run()
    at.selectbox(key="export_format_en").set_value(fmt).run()
    files.clear()
    at.button(key="export_prepare").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == []
    made = [data for name, data in files.items() if name.endswith(f".{fmt}")]
    assert len(made) == 1, sorted(files)
    return made[0]


def words_of(fmt: str, data: bytes) -> str:
    if fmt == "md":
        return data.decode("utf-8")
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
                     if v is not None)


def has_secretariat_figures(fmt: str, words: str) -> bool:
    """Whether the file gives the Secretariat group's figures: its sentence in Word and Markdown,
    rows with its group code in the workbook's tables."""
    return SECRETARIAT_UNITS in words if fmt != "xlsx" else "secretariat" in words.split("\n")


@pytest.mark.parametrize("fmt", ["md", "docx", "xlsx"])
def test_a_members_report_from_the_page_withholds_small_groups_and_names_nobody(store_url, monkeypatch, files, fmt):
    members = words_of(fmt, report(store_url, "member", fmt, monkeypatch, files))
    secretariat = words_of(fmt, report(store_url, "secretariat", fmt, monkeypatch, files))
    # The Secretariat's file from the same page holds what the members' file leaves out, so the
    # checks below can fail. Comments are listed in the workbook only.
    assert has_secretariat_figures(fmt, secretariat)
    assert MEMBERS_COVER in members and "contains individual answers" not in members
    assert not has_secretariat_figures(fmt, members)  # four units, under k = 5: no figure of theirs
    if fmt == "xlsx":
        assert "Malta keeps this confidential." in secretariat and "Malta" in secretariat
        assert "Malta keeps this confidential." in members  # the comment stays, unnamed
        assert "Malta" not in members.replace("Malta keeps this confidential.", "")
        assert "Norway speaks openly here." in members  # consented in an attributed wave
    # The quote bank records each quote's own consent: those delegations may be named beside their quote.
    with open_store(store_url) as store:
        quoted = {q.respondent for q in load_quotes(store, DEMO_WAVE) if q.consent is True}
    named = {name for name in NAMES - {"Norway"} - quoted if name in members.split("\n")}
    assert named == set()  # no delegation but those that consented is named in any cell
    if fmt == "xlsx":
        assert {name for name in quoted if name in members.split("\n")} == quoted - SECRETARIAT_NAMES
