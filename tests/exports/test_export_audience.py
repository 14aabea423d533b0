"""``python -m analysis export --audience``: whom a file is for, said on its cover and kept to.

The demo wave in a real SQLite store, exported through the real command line (its own process):
the default audience is the secretariat (a cover saying the file holds individual answers, every
comment named); a members' file says figures under the minimum cell size are withheld and names
no delegation beside a comment (a quote only where its delegation agreed); the answers CSV is
refused to members with a one-line message; the store's export log and audit log keep the audience."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from analysis.exports.xlsx_report import sheet_title
from surveys.coding import load_quotes
from surveys.demo import demo_respondents, load_demo
from surveys.storage.audit import entries
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
SECRETARIAT_COVER = "For the Secretariat: contains individual answers"
MEMBERS_COVER = "For members of the Working Group: figures for fewer than 3 answers are withheld."
NAMES = {name for name, _group, _sub in demo_respondents()}


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('audience') / 'demo.sqlite'}"
    with open_store(url) as store:
        assert load_demo(store).ok
    return url


def export(url: str, out: Path, fmt: str, *audience: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "export", "--format", fmt, "--out", str(out),
                           "--db", url, *audience], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))


def workbook_cells(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    return [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_the_command_line_exports_for_the_secretariat_unless_told_otherwise(url, tmp_path):
    done = export(url, tmp_path / "s.md", "md")
    assert done.returncode == 0 and "for the secretariat" in done.stdout, done.stderr
    assert SECRETARIAT_COVER in (tmp_path / "s.md").read_text(encoding="utf-8")
    assert export(url, tmp_path / "s.docx", "docx").returncode == 0
    assert any(SECRETARIAT_COVER in p.text for p in Document(tmp_path / "s.docx").paragraphs[:12])
    assert export(url, tmp_path / "s.xlsx", "xlsx").returncode == 0
    cells = workbook_cells(tmp_path / "s.xlsx")
    assert any(SECRETARIAT_COVER in c for c in cells)
    assert len(NAMES & set(cells)) > 20  # every comment carries its delegation's name


def test_a_members_export_says_what_is_withheld_and_names_no_delegation(url, tmp_path):
    for fmt in ("md", "docx", "xlsx"):
        done = export(url, tmp_path / f"m.{fmt}", fmt, "--audience", "members")
        assert done.returncode == 0 and "for the members" in done.stdout, done.stderr
    markdown = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert MEMBERS_COVER in markdown and SECRETARIAT_COVER not in markdown
    assert any(MEMBERS_COVER in p.text for p in Document(tmp_path / "m.docx").paragraphs[:12])
    cells = workbook_cells(tmp_path / "m.xlsx")
    assert any(MEMBERS_COVER in c for c in cells) and not any(SECRETARIAT_COVER in c for c in cells)
    # No delegation consented to be named beside its comments in the demo: no comment is named.
    # The quote bank records consent per quote: a member's Quotes sheet names exactly those.
    book = load_workbook(tmp_path / "m.xlsx", read_only=True)
    quotes_title = sheet_title("en", "quotes")
    outside = [str(v) for sheet in book if sheet.title != quotes_title
               for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert not NAMES & set(outside)
    named = {row[-1] for row in list(book[quotes_title].iter_rows(values_only=True))[1:] if row[-1] in NAMES}
    with open_store(url) as store:
        consented = {q.respondent for q in load_quotes(store) if q.consent is True}
    assert named and named <= consented
    with open_store(url) as store:
        logged = [r for r in store.exports() if r.file_name == str(tmp_path / "m.xlsx")]
        audited = [e for e in entries(store, action="export") if e.details.get("file") == str(tmp_path / "m.xlsx")]
    assert logged and logged[0].settings["audience"] == "members"
    assert audited and audited[0].details["audience"] == "members"


def test_the_answers_csv_is_refused_to_members_in_one_line(url, tmp_path):
    done = export(url, tmp_path / "m.csv", "csv", "--audience", "members")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "individual answers: it is for the secretariat only" in done.stderr
    assert not (tmp_path / "m.csv").exists()
