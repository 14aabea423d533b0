"""Coding round trip, as a secretariat works: answers, a codebook, two coders' coding sheet and a
quote sheet imported through the command line into a fresh store; themes × group with tests read
back as JSON; the Word, Excel and Markdown reports written and read back — every count, share,
q-value and alpha equal to ``summarize_themes`` of the same store, every chosen quote with its
translation, named only where the report's audience may see the name."""
from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from analysis.exports import export_report
from analysis.exports.xlsx_report import sheet_title
from analysis.present.disclosure import Audience
from analysis.summary import summarize
from analysis.text import summarize_themes
from support.coding import run_cli
from surveys.coding import load_codebook, load_codings, load_quotes
from surveys.coding.sheets_out import write_codebook, write_quotes
from surveys.demo import demo_workbook, load_demo
from surveys.storage.store import open_store

WAVE = "coded-2015"
CAPTION = re.compile(r"Table \d+\. Themes raised in the comments by group, discussion question (\d)")


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    """A fresh store filled only through the command line from sheets a secretariat would hold."""
    folder = tmp_path_factory.mktemp("trip")
    with open_store(f"sqlite:///{folder / 'source.sqlite'}") as source:
        load_demo(source)
        write_codebook(source, folder / "codebook.xlsx")
        write_quotes(source, folder / "quotes.xlsx")
        book = Workbook()
        sheet = book.active
        sheet.title = "codings"
        sheet.append(["respondent", "item", "coder", "theme", "value"])
        for c in load_codings(source):
            sheet.append([c.respondent, c.item, c.coder, c.theme or "none", c.value])
        book.save(folder / "codings.xlsx")
    db = f"sqlite:///{folder / 'coded.sqlite'}"
    for args in (["import", str(demo_workbook(folder / "answers.xlsx")), "--wave", WAVE],
                 ["codebook", "import", str(folder / "codebook.xlsx")],
                 ["coding", "import", str(folder / "codings.xlsx")],
                 ["quotes", "import", str(folder / "quotes.xlsx")]):
        done = run_cli("surveys", *args, "--db", db)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    files = {}
    for fmt in ("md", "docx", "xlsx"):
        files[fmt] = folder / f"report.{fmt}"
        done = run_cli("analysis", "export", "--format", fmt, "--out", str(files[fmt]), "--db", db)
        assert done.returncode == 0, done.stderr
    done = run_cli("analysis", "themes", "--db", db, "--json", str(folder / "themes.json"))
    assert done.returncode == 0, done.stderr
    store = open_store(db)
    data = store.load_wave(WAVE)
    themes = summarize_themes(data, load_codebook(store), load_codings(store))
    yield {"store": store, "data": data, "themes": themes, "quotes": load_quotes(store), "files": files,
           "json": json.loads((folder / "themes.json").read_text(encoding="utf-8")), "db": db, "folder": folder}
    store.close()


def _expected(themes) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(item, theme label, group) -> (comments raising it, coded comments) from summarize_themes."""
    return {(it.item, o.label["en"], g): (s.selected, s.n) for it in themes.items for o in it.summary.options
            for g, s in o.groups.items() if s.n}


def test_the_imported_coding_gives_themes_by_group_with_tests(trip):
    themes = trip["themes"]
    assert [it.item for it in themes.items] == [f"q{n}_comment" for n in range(1, 7)]
    assert all(it.n_coded == it.n_comments > 0 for it in themes.items)
    tested = [o for it in themes.items for o in it.summary.options if o.test is not None]
    assert len(tested) >= 20 and all(0 <= o.summary_qvalue <= 1 for o in tested)
    # The JSON of `python -m analysis themes` says the same.
    for item in trip["json"]["items"]:
        mine = themes.item(item["item"])
        for option in item["options"]:
            ours = next(o for o in mine.summary.options if o.option == option["option"])
            assert {g: (v["selected"], v["n"]) for g, v in option["groups"].items()} == {
                g: (s.selected, s.n) for g, s in ours.groups.items()}
        assert item["reliability"]["alpha_nominal"] == pytest.approx(mine.reliability.alpha_nominal)


def _fractions(cells) -> list[tuple[int, int] | None]:
    found = [re.match(r"(\d+)/(\d+)", cell) for cell in cells]
    return [(int(m.group(1)), int(m.group(2))) if m else None for m in found]


def _check_rows(rows, header, question, expected, themes) -> int:
    """Every theme row of one printed table against summarize_themes; returns the cells checked."""
    item = f"q{question}_comment"
    groups = {label: code for code, label in _labels(themes).items()}
    checked = 0
    for row in rows:
        theme = row[1]
        option = next(o for o in themes.item(item).summary.options if o.label["en"] == theme)
        for heading, fraction in zip(header[2:-1], _fractions(row[2:-1])):
            code = groups[heading]
            if (item, theme, code) in expected:
                assert fraction == expected[(item, theme, code)], (item, theme, heading)
                checked += 1
        q = re.search(r"q = ([0-9.]+)", row[-1])
        if option.test is None:
            assert row[-1] == "not tested"
        else:
            assert q and float(q.group(1)) == pytest.approx(option.summary_qvalue, abs=5e-4), (theme, row[-1])
            assert row[-1].startswith("differ" if option.summary_qvalue < 0.05 else "not shown")
    return checked


def _labels(themes) -> dict[str, str]:
    from analysis.present.labels import group_label

    return {code: group_label(themes, code, "en") for code in themes.groups}


def test_the_markdown_report_prints_the_same_themes_and_the_quotes(trip):
    text = trip["files"]["md"].read_text(encoding="utf-8")
    expected, themes = _expected(trip["themes"]), trip["themes"]
    checked = 0
    for match in CAPTION.finditer(text):
        lines = text[match.end():].split("\n\n", 2)[1].splitlines()
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
        checked += _check_rows(rows, header, match.group(1), expected, themes)
    assert checked == len(expected)
    assert "Krippendorff (2004) relies on variables with α ≥ 0.800" in text
    for quote in trip["quotes"]:
        assert f"> {quote.text}" in text.replace("\\", "")
        if quote.translation:
            assert quote.translation in text
    assert "— China (Security Council), Q2" in text  # the secretariat's report names delegations


def test_the_word_report_prints_the_same_themes_and_the_quotes(trip):
    document = Document(trip["files"]["docx"])
    expected, themes = _expected(trip["themes"]), trip["themes"]
    captions = [p.text for p in document.paragraphs if CAPTION.match(p.text)]
    tables = [t for t in document.tables if t.rows[0].cells[-1].text == "Groups differ"]
    assert len(captions) == len(tables) == 6
    checked = 0
    for caption, table in zip(captions, tables):
        cells = [[c.text for c in row.cells] for row in table.rows]
        checked += _check_rows(cells[1:], cells[0], CAPTION.match(caption).group(1), expected, themes)
    assert checked == len(expected)
    paragraphs = [p.text for p in document.paragraphs]
    for quote in trip["quotes"]:
        assert quote.text in paragraphs
        if quote.translation:
            assert any(quote.translation in p and p.startswith("Translation (") for p in paragraphs)
    alphas = next(t for t in document.tables if t.rows[0].cells[3].text == "Krippendorff’s α")
    pooled = [row.cells[3].text for row in alphas.rows if row.cells[1].text == "All themes (pooled)"]
    assert pooled == [f"{it.reliability.alpha_nominal:.3f}" for it in themes.items]


def test_the_excel_workbook_holds_the_same_numbers_and_quotes(trip):
    book = load_workbook(trip["files"]["xlsx"])
    rows = list(book[sheet_title("en", "themes")].iter_rows(min_row=2, values_only=True))
    themes = trip["themes"]
    expected = [(it.item, it.question, o.option, g, s.n, s.selected if s.n else None, s.share if s.n >= 5 else None,
                 o.summary_qvalue if o.test is not None else None)
                for it in themes.items for o in it.summary.options for g, s in o.groups.items()]
    assert len(rows) == len(expected)
    for got, want in zip(sorted(rows, key=lambda r: r[:4]), sorted(expected, key=lambda r: r[:4])):
        assert got[:6] == want[:6]
        assert got[6] == pytest.approx(want[6]) if want[6] is not None else got[6] is None
        assert got[7] == pytest.approx(want[7]) if want[7] is not None else got[7] is None
    alphas = {(r[0], r[1]): r[3] for r in book[sheet_title("en", "reliability")].iter_rows(min_row=2, values_only=True)}
    for it in themes.items:
        assert alphas[(it.item, None)] == pytest.approx(it.reliability.alpha_nominal)
        for code, alpha in it.reliability.per_theme.items():
            assert alphas[(it.item, code)] == pytest.approx(alpha) if alpha == alpha else alphas[(it.item, code)] is None
    quotes = list(book[sheet_title("en", "quotes")].iter_rows(min_row=2, values_only=True))
    assert [(q[0], q[3], q[5], q[7]) for q in quotes] == [(q.item, q.text, q.translation, q.respondent)
                                                         for q in trip["quotes"]]


def test_a_members_report_names_only_consenting_delegations_and_withholds_small_counts(trip):
    data, themes, quotes = trip["data"], trip["themes"], trip["quotes"]
    summary = summarize(data)
    member = Audience("member", "GHA")
    book = load_workbook(io.BytesIO(export_report(summary, data, "xlsx", themes=themes, quotes=quotes,
                                                  audience=member)))
    shown = list(book[sheet_title("en", "quotes")].iter_rows(min_row=2, values_only=True))
    assert [q[7] for q in shown] == [q.respondent if q.consent is True else None for q in quotes]
    counts = list(book[sheet_title("en", "themes")].iter_rows(min_row=2, values_only=True))
    assert all(row[5] is None or row[5] == 0 or row[5] >= 3 for row in counts)
    assert any(row[5] is None for row in counts)  # some counts of 1 or 2 were withheld
    text = export_report(summary, data, "md", themes=themes, quotes=quotes, audience=member).decode("utf-8")
    labels = {"council": "Security Council", "tcc_pcc": "TCC/PCC", "secretariat": "Secretariat", "other": "Other"}
    blocks = [block.split("\n\n")[0].splitlines() for block in text.split("\n\n> ")[1:]]
    printed = [(lines[0].removeprefix("> ").replace("\\", ""), lines[-1]) for lines in blocks]
    assert [text for text, _source in printed] == [q.text for q in quotes]
    for quote, (_text, source) in zip(quotes, printed):
        group, question = labels[quote.group], f"Q{quote.item[1]}"
        named = f"> — {quote.respondent} ({group}), {question}"
        assert source == (named if quote.consent is True else f"> — {group}, {question}"), quote
    assert "A delegation is named only where it consented to be named." in text


def test_the_reproduce_command_refuses_a_changed_coding(trip):
    md = trip["files"]["md"].read_text(encoding="utf-8")
    version = re.search(r'coding_version: "([0-9a-f]{64})"', md).group(1)
    command = re.search(r"--coding-version ([0-9a-f]{64})", md)
    assert command and command.group(1) == version
    sheet = trip["folder"] / "more.xlsx"
    book = Workbook()
    book.active.title = "codings"
    first = next(c for c in load_codings(trip["store"]) if c.theme)
    book.active.append(["respondent", "item", "coder", "theme"])
    book.active.append([first.respondent, first.item, "Coder Z", first.theme])
    book.save(sheet)
    assert run_cli("surveys", "coding", "import", str(sheet), "--db", trip["db"]).returncode == 0
    again = run_cli("analysis", "export", "--format", "md", "--out", str(trip["folder"] / "again.md"),
                    "--db", trip["db"], "--coding-version", version)
    assert again.returncode == 2 and "the codebook, codings or quotes have changed" in again.stderr
