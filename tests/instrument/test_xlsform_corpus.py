"""Real XLSForms beside pyxform, the converter KoboToolbox and ODK Central deploy forms with.

Each form of ``tests/data/xlsforms`` (sources cited in its README) is text as its
repository keeps it: pyxform's CSV form layout (a sheet name in the first column, its
rows indented by one) or pyxform's markdown tables. Each is rebuilt as the .xlsx workbook
it stands for with openpyxl, converted by pyxform and checked by
``python -m surveys instrument check``: a form pyxform converts must load, a form pyxform
refuses must be refused, at the row pyxform names. The public example forms of the
reference data (pyxform's own example workbooks and the REACH 2021 KoboToolbox form) run
the same comparison as the files they are.
"""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

pyxform = pytest.importorskip("pyxform", reason="pyxform (a test dependency in requirements.txt) is not installed")
from pyxform.errors import PyXFormError  # noqa: E402
from pyxform.xls2xform import convert  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parents[1].joinpath("data") / "xlsforms"
FORMS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".md") and p.name != "README.md")


def sheets_of(path: Path) -> dict[str, list[list[str]]]:
    """The sheets of a form kept as text, as rows of cells."""
    if path.suffix == ".md":
        rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("|")]
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    sheets: dict[str, list[list[str]]] = {}
    current = None
    for row in rows:
        if row and row[0]:
            current = sheets.setdefault(row[0], [])
        if current is not None and any(row[1:]):
            current.append(row[1:])
    return sheets


def workbook(path: Path, folder: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets_of(path).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    target = folder / (path.stem + ".xlsx")
    book.save(target)
    return target


def pyxform_says(path: Path) -> tuple[bool, str]:
    """(converted, error message) of pyxform on the workbook at ``path``."""
    try:
        convert(xlsform=str(path), warnings=[])
    except PyXFormError as exc:
        return False, str(exc)
    return True, ""


def check(path: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "surveys", "instrument", "check", str(path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def agree(path: Path) -> tuple[bool, subprocess.CompletedProcess, str]:
    converted, error = pyxform_says(path)
    done = check(path)
    assert done.returncode in (0, 2), done.stderr
    assert (done.returncode == 0) == converted, (path.name, error, done.stdout + done.stderr)
    if converted:
        assert "valid instrument" in done.stdout
    else:
        errors = [line for line in done.stderr.splitlines() if ": error: " in line]
        assert errors, done.stderr
        row = re.search(r"\[row : (\d+)\]", error)
        if row:  # refused at the row pyxform names
            assert any(re.search(rf"survey!\w+?{row.group(1)}: error", line) for line in errors), (error, errors)
    return converted, done, error


@pytest.mark.parametrize("name", FORMS)
def test_form_from_the_corpus_is_judged_as_pyxform_judges_it(name, tmp_path):
    agree(workbook(CORPUS / name, tmp_path))


def test_the_corpus_holds_what_the_issue_asks_for(tmp_path):
    texts = {name: (CORPUS / name).read_text(encoding="utf-8") for name in FORMS}
    joined = "\n".join(texts.values()).lower()
    for feature in ("begin loop", "or specify other", "select_one_from_file", "choice_filter",
                    "select_one_external", "label::en"):
        assert feature in joined, feature
    refused = [name for name in FORMS if not pyxform_says(workbook(CORPUS / name, tmp_path))[0]]
    assert len(refused) >= 5 and len(FORMS) - len(refused) >= 9, refused
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in FORMS)


def test_shared_names_get_paths_and_keep_short_names_where_unambiguous(tmp_path):
    from surveys.instrument.xlsform import load_instrument

    instrument = load_instrument(workbook(CORPUS / "pyxform_external_shared_names.md", tmp_path))
    assert [(i.name, i.path, i.type) for i in instrument.items] == [("g1/foo", "g1/foo", "text"),
                                                                    ("g4/foo", "g4/foo", "text")]
    assert {(o.name, o.type) for o in instrument.not_analysed} == {
        ("g1/city", "csv-external"), ("g2/city", "select_one_from_file cities.csv"),
        ("g3/city", "select_multiple_from_file cities.csv"), ("g4/city", "calculate")}
    repeat = load_instrument(workbook(CORPUS / "pyxform_names_question_in_repeat.md", tmp_path))
    assert [i.name for i in repeat.items] == ["q1"] and repeat.items[0].path == "q1"
    assert [(o.name, o.path) for o in repeat.not_analysed if o.name] == [("r1", "r1"), ("r1/q1", "r1/q1")]


EXAMPLES = [("xlsform_examples", name) for name in (
    "xlsform_spec_test.xlsx", "widgets.xls", "tutorial.xls", "group.xlsx", "specify_other.xlsx",
    "yes_or_no_question.xlsx", "xl_date_ambiguous.xlsx", "duplicate_columns.xlsx", "blank_second_row.xls")]
EXAMPLES.append(("kobo_exports", "reach_msna_2021_kobo_form.xlsx"))


@pytest.mark.parametrize("folder, name", EXAMPLES)
def test_reference_forms_are_judged_as_pyxform_judges_them(shared, folder, name):
    converted, done, error = agree(shared / "data" / "survey_files" / folder / name)
    assert converted or error
