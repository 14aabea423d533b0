"""The reports' chapter per deliberation round, read back from the files themselves (python-docx,
openpyxl, the Markdown text) and compared with ``analyse_round`` on the same stored round."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from analysis import summarize
from analysis.deliberation import analyse_round
from analysis.exports import export_report
from analysis.exports.cli import wave_rounds
from analysis.present import numbers as num
from analysis.present.disclosure import Audience
from surveys.demo import DEMO_WAVE, load_demo
from surveys.rounds.demo import DEMO_ROUND
from surveys.rounds.ledger import load_round
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
MEMBER = Audience("member", "NOR")
VOTES = ("agree", "disagree", "pass")


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('export-rounds') / 'demo.sqlite'}"
    with open_store(url) as store:
        load_demo(store)
        data = store.load_wave(DEMO_WAVE)
        rounds = wave_rounds(store, DEMO_WAVE)
        analysis = analyse_round(load_round(store, DEMO_ROUND))
    return url, summarize(data), data, rounds, analysis


@pytest.fixture(scope="module")
def files(stored):
    _, summary, data, rounds, _ = stored
    return {fmt: export_report(summary, data, fmt, "en", rounds=rounds) for fmt in ("docx", "xlsx", "md")}


def _triples(analysis, statement: str) -> list[str]:
    return [" · ".join(str(getattr(v, "passes" if k == "pass" else k)) for k in VOTES)
            for v in analysis.statement(statement).votes.values()]


def test_word_chapter_has_the_analysis_numbers(stored, files):
    analysis = stored[4]
    document = docx.Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert any(h.endswith(f"Deliberation round {DEMO_ROUND}") for h in headings)
    text = "\n".join(p.text for p in document.paragraphs)
    for s in analysis.bridging:
        line = next(p for p in text.splitlines() if f"({s.id}, discussion question" in p)
        assert f"group-informed consensus {num.decimal(s.consensus_agree, 'en')}." in line
    (divider,) = analysis.dividing
    line = next(p for p in text.splitlines() if f"({divider.id}, discussion question" in p)
    assert f"Holm-adjusted {num.relation('p', divider.divergence.pvalue_adjusted, 'en')}" in line
    assert f"the groups differ overall, {num.relation('q', divider.qvalue, 'en')}" in line
    assert "The opinion groups cut across the institutional lines" in text
    # The statements table: one row per statement, each group's agree · disagree · pass as analysed.
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Statement")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert list(rows) == [s.id for s in analysis.ranked]
    for sid, cells in rows.items():
        assert cells[5:5 + len(analysis.groups)] == _triples(analysis, sid)
        assert cells[3] == num.decimal(analysis.statement(sid).consensus_agree, "en")
    groups = next(t for t in document.tables if t.rows[0].cells[0].text == "Opinion group")
    sizes = [int(r.cells[1].text) for r in groups.rows[1:]]
    assert sizes == [g.size for g in analysis.opinion_groups]
    # Both figures (votes on bridging and dividing statements, the opinion map) with alt text.
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert any(d.startswith("Votes of each institutional group on the bridging and dividing statements") for d in
               described)
    assert any(d.startswith("The 47 placed delegations form 2 opinion groups") for d in described)


def test_excel_sheet_per_round_has_the_analysis_numbers(stored, files):
    analysis = stored[4]
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert "Round 1" in book.sheetnames and "Opinion groups" in book.sheetnames
    rows = list(book["Round 1"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:10] == ("Round", "Statement", "Question", "Text", "Group (code)", "Group", "Agree", "Disagree",
                           "Pass", "Votes (n)")
    assert len(body) == len(analysis.statements) * len(analysis.groups)
    for row in body:
        s = analysis.statement(row[1])
        v = s.votes[row[4]]
        assert row[6:10] == (v.agree, v.disagree, v.passes, v.n)
        assert row[11] == pytest.approx(s.consensus_agree, rel=1e-12)
        assert row[16] == ("yes" if s.bridging else "no") and row[17] == ("yes" if s.dividing else "no")
    opinion = list(book["Opinion groups"].iter_rows(values_only=True))[1:]
    for group in analysis.opinion_groups:
        mine = {r[3]: r[5] for r in opinion if r[1] == group.id}
        assert mine == dict(group.by_group)


@pytest.mark.parametrize("lang", ["zh", "fr", "es", "ru", "ar"])
def test_round_sheets_are_named_and_headed_in_the_language(stored, lang):
    from analysis.exports.xlsx_report import ROUND_SHEET_CODES, column_header, sheet_title

    _, summary, data, rounds, _ = stored
    book = load_workbook(io.BytesIO(export_report(summary, data, "xlsx", lang, rounds=rounds)))
    names = [sheet_title(lang, "round").format(number=1), sheet_title(lang, ROUND_SHEET_CODES[1])]
    assert book.sheetnames[-2:] == names
    for name in names:
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
        headers = [c.value for c in book[name][1]]
        assert len(set(headers)) == len(headers) and all(headers), headers
    assert book[names[0]]["G1"].value == column_header(lang, "agree")
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", h) for h in [c.value for c in book[names[0]][1]])


def test_markdown_chapter_reads_the_same(stored, files):
    analysis = stored[4]
    text = files["md"].decode("utf-8")
    assert re.search(rf"^## [IVX]+\. Deliberation round {re.escape(DEMO_ROUND)}$", text, re.M)
    for s in analysis.ranked:
        row = next(line for line in text.splitlines() if line.startswith(f"| {s.id} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[5:5 + len(analysis.groups)] == _triples(analysis, s.id)
    assert text.count("](data:image/png;base64,") >= 2


def test_members_report_withholds_counts_under_k(stored):
    _, summary, data, rounds, analysis = stored
    book = load_workbook(io.BytesIO(export_report(summary, data, "xlsx", "en", rounds=rounds, audience=MEMBER)))
    body = list(book["Round 1"].iter_rows(values_only=True))[1:]
    withheld = 0
    for row in body:
        v = analysis.statement(row[1]).votes[row[4]]
        for count, shown in zip((v.agree, v.disagree, v.passes), row[6:9]):
            if 0 < count < 3:
                assert shown is None, row
                withheld += 1
            elif shown is not None:
                assert shown == count
    assert withheld > 0
    document = docx.Document(io.BytesIO(export_report(summary, data, "docx", "en", rounds=rounds, audience=MEMBER)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Statement")
    assert any("–" in c.text for r in table.rows[1:] for c in r.cells[5:])


def test_a_round_whose_results_members_may_not_see_yet_says_so(stored, tmp_path):
    import dataclasses

    _, summary, data, rounds, _ = stored
    hidden = [dataclasses.replace(r, round=dataclasses.replace(r.round, running_results=False)) for r in rounds]
    text = export_report(summary, data, "md", "en", rounds=hidden, audience=MEMBER).decode("utf-8")
    chapter = text[text.index(f"Deliberation round {DEMO_ROUND}"):]
    assert "Results are shown after the round closes" in chapter
    assert "| s09 |" not in chapter
    book = load_workbook(io.BytesIO(export_report(summary, data, "xlsx", "en", rounds=hidden, audience=MEMBER)))
    assert "Round 1" not in book.sheetnames


def test_command_line_export_has_the_round_chapter(stored, tmp_path):
    url = stored[0]
    out = tmp_path / "report.md"
    subprocess.run([sys.executable, "-m", "analysis", "export", "--db", url, "--format", "md", "--out", str(out),
                    "--wave", DEMO_WAVE], check=True, cwd=REPO, capture_output=True)
    assert f"Deliberation round {DEMO_ROUND}" in out.read_text(encoding="utf-8")
