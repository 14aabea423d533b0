"""Exports never abort the process: every format, in every language, on a store written
before the text policy (controls, non-characters, direction overrides, a 100,000-character
group name) and on every wave of the hostile corpus, each written by ``python -m analysis
export`` in its own process, which must exit 0 (never a signal, never a traceback) and
write a file its format's reader opens, free of characters the format cannot hold."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.hostile import STORED_WAVES, hostile_store, legacy_store

REPO = Path(__file__).resolve().parents[2]
FORMATS = ("docx", "md", "xlsx", "csv")
from analysis.exports import LANGUAGES  # noqa: E402 - every language a report is written in

#: Characters XML 1.0 cannot hold (§2.2), and what the text policy removes besides.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
#: A closed left-to-right isolate: the reports put one around each number in Arabic (UAX #9).
CLOSED_ISOLATE = re.compile("\u2066([^\u202a-\u202e\u2066-\u2069\n]*)\u2069")


def not_text(text: str) -> re.Match | None:
    """The first character that is not text, the closed isolates around numbers apart."""
    return NOT_TEXT.search(CLOSED_ISOLATE.sub(r"\1", text))


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("legacy-exports")
    url = f"sqlite:///{folder / 'legacy.sqlite'}"
    return url, legacy_store(url, folder)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile-exports")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    return url, hostile_store(url, folder)


def export(url: str, fmt: str, lang: str, out: Path, *options: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "analysis", "export", "--db", url, "--format", fmt, "--lang", lang,
                           "--out", str(out), *options], capture_output=True, text=True, cwd=REPO, timeout=900,
                          env=dict(os.environ, PYTHONPATH=str(REPO), TRIALOGUE_DEBUG=""))
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    return done


def readable(fmt: str, path: Path) -> str:
    """The text of the exported file as its format's reader sees it."""
    data = path.read_bytes()
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # Excel's own limit per cell
            assert all(archive.getinfo(n).file_size < 50_000_000 for n in archive.namelist())
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
                         if v is not None)
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_in_every_language_on_a_store_written_before_the_policy(fmt, lang, legacy, tmp_path):
    url, by = legacy
    out = tmp_path / f"report.{fmt}"
    export(url, fmt, lang, out, "--by", by)
    text = readable(fmt, out)
    assert not not_text(text), repr(not_text(text).group())
    if fmt in ("docx", "md"):
        # The 100,000-character group name is shortened in the body and whole in the annex.
        assert text.count("z" * 99_000) == 1


def check_hostile_export(url: str, wave: str, by: str, fmt: str, lang: str, out: Path) -> None:
    export(url, fmt, lang, out, "--wave", wave, "--by", by)
    text = readable(fmt, out)
    assert not not_text(text)
    if fmt == "md":  # what came from a workbook renders as text: the only images are the charts
        from markdown_it import MarkdownIt

        body = text.split("\n---\n", 1)[1]  # after the front matter (JSON-quoted values)
        html = MarkdownIt("gfm-like", {"linkify": True, "html": True}).render(body)
        hostile_text = "tracker" in wave or STORED_WAVES[wave] == "instrument labels"
        assert "<a " not in html and ("tracker.example" in html) == hostile_text
        # the charts, written beside the report: a file name, never an address
        assert all(re.fullmatch(r"[\w.-]+\.png", src) for src in re.findall(r'<img src="([^"]*)"', html))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("wave", list(STORED_WAVES))
def test_every_format_on_each_hostile_wave(wave, fmt, hostile, tmp_path):
    url, bys = hostile
    check_hostile_export(url, wave, bys[wave], fmt, "en", tmp_path / f"report.{fmt}")


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_in_every_language_on_an_instrument_labelled_in_markdown(fmt, lang, hostile, tmp_path):
    """The hostile instrument's labels are in all six languages: each language's report meets its own."""
    url, bys = hostile
    wave = next(wave for wave, case in STORED_WAVES.items() if case == "instrument labels")
    check_hostile_export(url, wave, bys[wave], fmt, lang, tmp_path / f"report.{fmt}")


def test_a_renderer_that_aborts_fails_the_export_not_the_caller(monkeypatch):
    """Were a spec to reach vl-convert with a control character, the child dies (SIGABRT); the
    caller lives on and says what happened."""
    import surveys.plaintext
    from analysis.present.png import ChartFailed, render_specs

    spec = {"data": {"values": [{"a": "x\x01y", "b": 1}]}, "mark": "bar",
            "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}
    assert render_specs([spec])[0].startswith(b"\x89PNG")  # cleaned first: drawn
    monkeypatch.setattr(surveys.plaintext, "plain_tree", lambda value: value)  # as if it had not been
    with pytest.raises(ChartFailed, match="signal 6"):
        render_specs([spec])
