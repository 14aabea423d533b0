"""Codebook, coding and quote sheets: checked by cell, all or nothing, stored, and analysed through the CLI."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import sqlalchemy as sa

from analysis.reliability import krippendorff_alpha
from support.coding import CODEBOOK, HEADER, ROWS, book, comments_store, run_cli
from surveys.coding import (
    InvalidCodingSheet,
    coding_version,
    import_codebook,
    import_codings,
    import_quotes,
    load_codebook,
    load_codings,
    load_quotes,
)
from surveys.demo import write_wide
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
#: Two coders; A codes every comment, B all but China's (a unit coded by one coder only).
CODINGS = [
    ["respondent", "item", "coder", "theme", "value", "comment (ignored)"],
    ["Nepal", "q1_comment", "A", "timing", "", ""], ["Nepal", "q1_comment", "B", "timing", "", ""],
    ["Nepal", "q1_comment", "A", "stage", "adoption", ""], ["Nepal", "q1_comment", "B", "stage", "adoption", ""],
    ["Rwanda", "q1_comment", "A", "timing", "", ""], ["Rwanda", "q1_comment", "B", "timing", "", ""],
    ["Rwanda", "q1_comment", "A", "stage", "drafting", ""], ["Rwanda", "q1_comment", "B", "stage", "planning", ""],
    ["SEN", "q1_comment", "A", "timing", "", ""], ["Senegal", "q1_comment", "B", "timing", "", ""],
    ["Bangladesh", "q1_comment", "A", "timing", "", ""], ["Bangladesh", "q1_comment", "A", "formality", "", ""],
    ["Bangladesh", "q1_comment", "B", "formality", "", ""],
    ["Chile", "q1_comment", "A", "formality", "", ""], ["Chile", "q1_comment", "B", "formality", "", ""],
    ["France", "q1_comment", "A", "none", "", ""], ["France", "q1_comment", "B", "timing", "", ""],
    ["China", "q1_comment", "A", "timing", "", ""],
    ["Department of Peacekeeping Operations", "q1_comment", "A", "timing", "", ""],
    ["Department of Peacekeeping Operations", "q1_comment", "B", "-", "", ""],
    ["Chile", "q1_comment", "C", "", "", "a row left empty: not coded yet, skipped"],
    ["Nepal", "q2_comment", "A", "information_sharing", "", ""],
    ["Nepal", "q2_comment", "B", "information_sharing", "", ""],
]


@pytest.fixture
def store(tmp_path):
    yield from comments_store(tmp_path)


def _coded(store, tmp_path):
    import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", CODEBOOK))
    return import_codings(store, book(tmp_path, "codings.xlsx", "codings", CODINGS))


def test_codebook_is_read_with_labels_levels_and_scales(store, tmp_path):
    codebook = import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", CODEBOOK))
    assert load_codebook(store) == codebook
    timing = codebook.theme("q1_comment", "timing")  # "q1" names the question's comment item
    assert timing.labels == {"en": "Timing", "zh": "时机"} and timing.level == "nominal"
    assert timing.description == {"en": "When consultation happens"}
    stage = codebook.theme("q1_comment", "stage")
    assert stage.level == "ordinal" and stage.values == ("planning", "drafting", "adoption")
    assert stage.score("drafting") == 2.0 and stage.score("later") is None
    assert [t.code for t in codebook.of_item("q1_comment")] == ["timing", "formality", "stage"]


@pytest.mark.parametrize("row, cell, message", [
    (["q9", "timing", "Timing", "", "", "", ""], "A2", "'q9' is not an item of the instrument"),
    (["q1_overall", "timing", "Timing", "", "", "", ""], "A2", "q1_overall is not a comment item"),
    (["q1", "9 timing", "Timing", "", "", "", ""], "B2", "is not a theme code"),
    (["q1", "timing", "Timing", "", "cardinal", "", ""], "E2", "'cardinal' is not a level of measurement"),
    (["q1", "stage", "Stage", "", "ordinal", "", ""], "F2", "an ordinal theme needs its scale"),
    (["q1", "formality", "Formality", "", "", "", ""], "B3", "listed twice"),
])
def test_codebook_problems_are_named_by_cell_and_nothing_is_stored(store, tmp_path, row, cell, message):
    rows = [CODEBOOK[0], row] + CODEBOOK[2:]
    with pytest.raises(InvalidCodingSheet) as caught:
        import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", rows))
    issues = [str(i) for i in caught.value.issues]
    assert any(f"codebook.xlsx, themes!{cell}" in i and message in i for i in issues), issues
    assert load_codebook(store).themes == ()


def test_codings_are_stored_and_an_unchanged_sheet_changes_nothing(store, tmp_path):
    report = _coded(store, tmp_path)
    assert not report.unchanged and report.units == 17 and report.replaced_units == 0
    stored = load_codings(store)
    assert len(stored) == 22  # France's "none" for A and DPKO's "-" for B kept as "no theme"
    assert ("France", "A", None) in {(c.respondent, c.coder, c.theme) for c in stored}
    assert "C" not in {c.coder for c in stored}  # the row without a theme was skipped
    assert ("Senegal", "q1_comment", "A", "timing") in {(c.respondent, c.item, c.coder, c.theme) for c in stored}
    version = coding_version(store)
    again = import_codings(store, book(tmp_path, "codings.xlsx", "codings", CODINGS))
    assert again.unchanged and coding_version(store) == version
    # A corrected sheet for one coder and comment replaces that unit only.
    fix = [CODINGS[0], ["France", "q1_comment", "A", "timing", "", ""]]
    report = import_codings(store, book(tmp_path, "fix.xlsx", "codings", fix))
    assert report.replaced_units == 1 and coding_version(store) != version
    france = {(c.coder, c.theme) for c in load_codings(store) if c.respondent == "France"}
    assert france == {("A", "timing"), ("B", "timing")}


@pytest.mark.parametrize("row, cell, message", [
    (["Atlantis", "q1_comment", "A", "timing", ""], "A2", "'Atlantis' is not a respondent of this wave"),
    (["Nepal", "q7", "A", "timing", ""], "B2", "'q7' is not an item of the instrument"),
    (["Nepal", "q1_overall", "A", "timing", ""], "B2", "q1_overall is not a comment item"),
    (["Rwanda", "q2_comment", "A", "information_sharing", ""], "A2", "Rwanda wrote no comment on q2_comment"),
    (["Nepal", "q1_comment", "A", "funding", ""], "D2", "'funding' is not a theme of q1_comment"),
    (["Nepal", "q1_comment", "", "timing", ""], "C2", "coder is empty"),
    (["Nepal", "q1_comment", "A", "stage", ""], "E2", "theme stage is ordinal: give its value"),
    (["Nepal", "q1_comment", "A", "stage", "soon"], "E2", "'soon' is not a value of theme stage"),
    (["Nepal", "q1_comment", "A", "timing", "3"], "E2", "theme timing takes no value"),
    (["Nepal", "q1_comment", "A", "timing", ""], "D3", "duplicate row"),
])
def test_coding_problems_are_named_by_cell_and_nothing_is_stored(store, tmp_path, row, cell, message):
    import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", CODEBOOK))
    rows = [CODINGS[0][:5], row] + [r[:5] for r in CODINGS[1:]]
    with pytest.raises(InvalidCodingSheet) as caught:
        import_codings(store, book(tmp_path, "codings.xlsx", "codings", rows))
    issues = [str(i) for i in caught.value.issues]
    assert any(f"codings.xlsx, codings!{cell}" in i and message in i for i in issues), issues
    assert load_codings(store) == ()


def test_a_sheet_without_the_columns_is_refused_whole(store, tmp_path):
    with pytest.raises(InvalidCodingSheet, match="no sheet has a header row with the columns respondent, item"):
        import_codings(store, book(tmp_path, "codings.xlsx", "Sheet1", [["who", "what"], ["Nepal", "x"]]))


def test_codings_need_a_codebook(store, tmp_path):
    with pytest.raises(InvalidCodingSheet, match="q1_comment has no codebook yet"):
        import_codings(store, book(tmp_path, "codings.xlsx", "codings", CODINGS))


def test_a_theme_with_codings_cannot_leave_the_codebook(store, tmp_path):
    from surveys.errors import TrialogueError

    _coded(store, tmp_path)
    shorter = [row for row in CODEBOOK if row[1] != "formality"]
    with pytest.raises(TrialogueError, match="formality have codings"):
        import_codebook(store, book(tmp_path, "codebook2.xlsx", "themes", shorter))
    assert load_codebook(store).theme("q1_comment", "formality") is not None


def test_quotes_keep_the_original_the_translation_and_consent(store, tmp_path):
    rows = [["respondent", "item", "text", "translation", "translation_language", "consent", "note"],
            ["Senegal", "q1", "trop tard pour influer sur le mandat", "too late to influence the mandate", "",
             "yes", "representative of contributors"],
            ["China", "q1_comment", "", "", "", "", ""]]
    quotes = import_quotes(store, book(tmp_path, "quotes.xlsx", "quotes", rows))
    assert load_quotes(store) == tuple(quotes)
    senegal, china = quotes
    assert (senegal.group, senegal.translation, senegal.translation_language, senegal.consent) == (
        "tcc_pcc", "too late to influence the mandate", "en", True)
    assert china.text == "应在任务授权前加强与出兵国的沟通。" and china.consent is None and china.translation is None
    bad = rows[:1] + [["Chile", "q1", "Words Chile never wrote", "", "", "perhaps", ""]]
    with pytest.raises(InvalidCodingSheet) as caught:
        import_quotes(store, book(tmp_path, "bad.xlsx", "quotes", bad))
    assert "quotes!C2" in str(caught.value) and "not found in Chile's comment" in str(caught.value)
    assert len(load_quotes(store)) == 2


def test_coding_round_trip_through_the_command_line(tmp_path):
    """Import answers, a codebook and a coding sheet; read themes × group with tests and reliability."""
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    answers = write_wide(tmp_path / "answers.xlsx", HEADER, ROWS)
    assert run_cli("surveys", "import", str(answers), "--db", db).returncode == 0
    codebook = book(tmp_path, "codebook.xlsx", "themes", CODEBOOK)
    done = run_cli("surveys", "codebook", "import", str(codebook), "--db", db)
    assert done.returncode == 0 and "stored 4 theme(s)" in done.stdout, done.stderr
    bad = book(tmp_path, "bad.xlsx", "codings", [CODINGS[0], ["Atlantis", "q1", "A", "timing", "", ""]])
    refused = run_cli("surveys", "coding", "import", str(bad), "--db", db)
    assert refused.returncode == 2 and "bad.xlsx, codings!A2" in refused.stderr
    sheet = book(tmp_path, "codings.xlsx", "codings", CODINGS)
    done = run_cli("surveys", "coding", "import", str(sheet), "--db", db)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "themes.json"
    done = run_cli("analysis", "themes", "--db", db, "--json", str(out))
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    q1 = next(it for it in result["items"] if it["item"] == "q1_comment")
    timing = next(o for o in q1["options"] if o["option"] == "timing")
    # Agreed timing (more than half the coders): Nepal, Rwanda, Senegal (tcc_pcc); China coded by A alone.
    # Bangladesh 1 of 2 coders, France 1 of 2, DPKO 1 of 2: not agreed.
    assert {g: (v["selected"], v["n"]) for g, v in timing["groups"].items()} == {
        "council": (1, 3), "tcc_pcc": (3, 4), "secretariat": (0, 1)}
    assert timing["test"]["name"] and timing["test"]["pvalue"] is not None and timing["test"]["qvalue"] is not None
    assert timing["label"] == {"en": "Timing", "zh": "时机"}
    assert q1["findings"][0].startswith("Timing was raised by 1 of 3 Council members, 3 of 4 troop- and "
                                        "police-contributing countries and 0 of 1 Secretariat unit.")
    reliability = q1["reliability"]
    assert set(reliability) >= {"alpha_nominal", "per_theme", "units", "coders"}
    assert (reliability["units"], reliability["coders"], reliability["single_coded"]) == (7, 2, 1)
    # Timing presence by coder over the 7 comments both coded (Bangladesh, Chile, DPKO, France, Nepal,
    # Rwanda, Senegal), the same matrix computed by the reference function:
    expected = krippendorff_alpha([[1, 0, 1, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1]]).statistic
    assert reliability["per_theme"]["timing"] == pytest.approx(expected)
    # The ordinal theme: values of Nepal (adoption, adoption) and Rwanda (drafting, planning) on its scale.
    assert reliability["per_theme_level"]["stage"] == "ordinal"
    assert reliability["per_theme"]["stage"] == pytest.approx(krippendorff_alpha([[3, 2], [3, 1]], "ordinal").statistic)
    q2 = next(it for it in result["items"] if it["item"] == "q2_comment")
    assert q2["reliability"]["per_theme"]["information_sharing"] is None  # no variation: undefined, not 1
    assert math.isfinite(reliability["alpha_nominal"])


def test_coding_template_and_exports_read_back(store, tmp_path):
    from surveys.coding.imports import WaveComments, read_codebook
    from surveys.coding.sheets_out import write_codebook, write_coding_template

    _coded(store, tmp_path)
    assert write_codebook(store, tmp_path / "out.xlsx") == 4
    assert read_codebook(tmp_path / "out.xlsx", WaveComments(store.load_wave())) == load_codebook(store)
    rows = write_coding_template(store, tmp_path / "template.xlsx", coder="B")
    assert rows >= 8
    # The template written from the stored codings imports as it stands.
    report = import_codings(store, tmp_path / "template.xlsx")
    assert report.unchanged


def test_migration_0003_adds_the_tables_and_goes_back(tmp_path):
    from alembic import command

    from surveys.storage.store import alembic_config

    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    with open_store(url) as opened:
        assert import_files(opened, [write_wide(tmp_path / "a.xlsx", HEADER, ROWS)]).ok
        version = opened.data_version()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0002")
        assert not {"themes", "codings", "quotes"} & set(sa.inspect(engine).get_table_names())
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        assert {"themes", "codings", "quotes"} <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    with open_store(url) as reopened:
        assert reopened.data_version() == version and len(reopened.load_wave().respondents) == len(ROWS)


def test_coding_sheets_pass_the_text_policy(store, tmp_path):
    """Codebook, coding and quote sheets are read as response workbooks are: direction overrides and
    zero-width characters removed (each such cell said by reference; the command line prints
    them) and decomposed accents composed; a cell longer than a spreadsheet holds refuses the
    sheet and stores nothing."""
    override, zwsp = "\u202e", "\u200b"
    codebook = [CODEBOOK[0], ["q1_comment", "timing", f"Tim{zwsp}ing", "时机", "", "", f"When{override} it happens"],
                ["q1_comment", "formality", "Formalite\u0301", "", "", "", ""]]
    notes: list = []
    import_codebook(store, book(tmp_path, "codebook.xlsx", "themes", codebook), notes=notes)
    assert load_codebook(store).theme("q1_comment", "timing").labels == {"en": "Timing", "zh": "时机"}
    assert load_codebook(store).theme("q1_comment", "formality").labels["en"] == "Formalité"
    # Composing accents is silent (the text reads the same); removing characters is said.
    assert [(n.cell, n.severity) for n in notes] == [("C2", "warning"), ("G2", "warning")]
    assert "zero-width characters" in notes[0].message and "text direction controls" in notes[1].message
    codings = [CODINGS[0], ["Nepal", "q1_comment", f"A{override}na", "timing", "", ""]]
    done = run_cli("surveys", "coding", "import", str(book(tmp_path, "c.xlsx", "codings", codings)),
                   "--db", f"sqlite:///{tmp_path / 'coding.sqlite'}")
    assert done.returncode == 0 and "warning: c.xlsx, codings!C2: " in done.stdout, done.stdout
    assert {c.coder for c in load_codings(store)} == {"Ana"}
    # A quote sheet saved as CSV (a spreadsheet cell holds at most 32,767 characters; a CSV line does not).
    sheet = tmp_path / "quotes.csv"
    sheet.write_text("respondent,item,text,translation\nNepal,q1_comment,We are consulted," + "x" * 40_000 + "\n",
                     encoding="utf-8")
    with pytest.raises(InvalidCodingSheet) as refused:
        import_quotes(store, sheet)
    assert "quotes.csv!D2" in str(refused.value) and "40,000 characters" in str(refused.value)
    assert load_quotes(store) == ()
    sheet.write_text("respondent,item,text,translation\nNepal,q1_comment,We are consulted,Nous sommes consultés\n",
                     encoding="utf-8")
    assert [(q.text, q.translation) for q in import_quotes(store, sheet)] == [
        ("We are consulted", "Nous sommes consultés")]
