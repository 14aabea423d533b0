"""``python -m analysis export``: writes the file, logs it in the store, and reproduces itself."""
from __future__ import annotations

import argparse
import shlex

import pytest
from docx import Document

from analysis.exports.cli import add_export_command, run_export
from analysis.exports.docx_report import custom_properties
from support.exports import exported_wave
from surveys.errors import TrialogueError


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("cli"))


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m analysis")
    add_export_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def tables(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(path).tables]


def test_export_writes_and_records(wave, tmp_path, capsys):
    out = tmp_path / "chair.docx"
    assert run_export(parse(["export", "--format", "docx", "--out", str(out), "--db", wave.url,
                             "--wave", "export-test"])) == 0
    assert out.stat().st_size > 50_000
    assert "wrote" in capsys.readouterr().out
    (record,) = [r for r in wave.store.exports() if r.file_name == str(out)]
    assert record.wave == "export-test" and record.data_version == wave.data.data_version
    assert record.settings["format"] == "docx" and record.settings["by"] == "group"


def test_reproduce_command_rebuilds_the_same_numbers(wave, tmp_path):
    first = tmp_path / "first.docx"
    run_export(parse(["export", "--format", "docx", "--out", str(first), "--db", wave.url, "--lang", "fr"]))
    command = custom_properties(first.read_bytes())["trialogue_command"]
    argv = shlex.split(command)
    assert argv[:4] == ["python", "-m", "analysis", "export"]
    again = tmp_path / "again.docx"
    argv = argv[3:]
    argv[argv.index("--out") + 1] = str(again)
    run_export(parse(argv + ["--db", wave.url]))
    assert tables(again) == tables(first)


def test_changed_data_is_refused_with_the_data_version(wave, tmp_path):
    args = parse(["export", "--format", "md", "--out", str(tmp_path / "r.md"), "--db", wave.url,
                  "--data-version", "0" * 64])
    with pytest.raises(TrialogueError, match="changed since that export"):
        run_export(args)
    assert not (tmp_path / "r.md").exists()


def test_bad_filter_is_one_line(wave, tmp_path):
    args = parse(["export", "--format", "csv", "--out", str(tmp_path / "a.csv"), "--db", wave.url,
                  "--filter", "region"])
    with pytest.raises(TrialogueError, match="expected VARIABLE=VALUE"):
        run_export(args)


def test_filter_and_by_reach_the_file(wave, tmp_path):
    out = tmp_path / "t.xlsx"
    run_export(parse(["export", "--format", "xlsx", "--out", str(out), "--db", wave.url, "--by", "p5_e10",
                      "--filter", "group=council"]))
    from openpyxl import load_workbook

    # README rows: code, label, value, value in words.
    readme = {r[0].value: (r[2].value, r[3].value) for r in load_workbook(out)["README"].iter_rows(min_row=4)
              if r[0].value and r[1].value}
    assert readme["compared_by"] == ("p5_e10", "Council seat (P5 / E10)")
    assert readme["filters"] == ("group=council", "respondent group = Security Council")
    readme = {code: value for code, (value, _) in readme.items()}
    assert "--by p5_e10 --lang en --filter group=council" in readme["reproduce"]


def test_wired_into_the_analysis_command_line(wave, tmp_path):
    from analysis import cli

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "export" not in commands.choices:
        pytest.skip("analysis/cli.py does not call add_export_command yet")
    out = tmp_path / "via-main.md"
    assert cli.main(["export", "--format", "md", "--out", str(out), "--db", wave.url]) == 0
    assert out.read_text(encoding="utf-8").startswith("---\n")


def test_wave_against_wave_export_names_both_waves_and_reproduces(tmp_path):
    from openpyxl import load_workbook

    from surveys.demo import demo_workbook
    from surveys.storage.importer import import_files
    from surveys.storage.store import open_store

    url = f"sqlite:///{tmp_path / 'waves.sqlite'}"
    store = open_store(url)
    book = demo_workbook(tmp_path / "demo.xlsx")
    for wave in ("2015", "2016"):
        assert import_files(store, [book], wave=wave).ok
    out = tmp_path / "waves.xlsx"
    with pytest.raises(TrialogueError, match="--other"):
        run_export(parse(["export", "--format", "xlsx", "--out", str(out), "--db", url, "--wave", "2016",
                          "--by", "wave"]))
    assert run_export(parse(["export", "--format", "xlsx", "--out", str(out), "--db", url, "--wave", "2016",
                             "--by", "wave", "--other", "2015"])) == 0
    (record,) = [r for r in store.exports() if r.file_name == str(out)]
    assert record.settings["by"] == "wave" and record.settings["other"] == "2015"
    text = " ".join(str(c.value) for row in load_workbook(out)["README"].iter_rows() for c in row if c.value)
    assert "--other 2015" in text and "--by wave" in text


def test_pdf_without_libreoffice_says_what_is_missing_and_writes_nothing(wave, tmp_path, monkeypatch):
    from analysis.exports import pdf_report

    monkeypatch.setattr(pdf_report, "soffice", lambda: None)
    out = tmp_path / "chair.pdf"
    with pytest.raises(pdf_report.NoLibreOffice, match="needs LibreOffice.*the Word report has the same content"):
        run_export(parse(["export", "--format", "pdf", "--out", str(out), "--db", wave.url]))
    assert not out.exists()
    assert not [r for r in wave.store.exports() if r.file_name == str(out)]


def test_pdf_export_is_a_tagged_pdf_in_the_reports_language(wave, tmp_path):
    from pypdf import PdfReader

    from analysis.exports import pdf_report

    if pdf_report.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "chair.pdf"
    assert run_export(parse(["export", "--format", "pdf", "--out", str(out), "--db", wave.url, "--lang", "ar"])) == 0
    root = PdfReader(out).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root and root["/Lang"] == "ar-SA"
    (record,) = [r for r in wave.store.exports() if r.file_name == str(out)]
    assert record.settings["format"] == "pdf" and record.settings["lang"] == "ar"
