"""The Word report opens in LibreOffice: rendered to PDF and to a page image (skips without it)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.exports import write_report
from support.exports import cjk_font_or_skip, exported_wave

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("render_report", REPO / "scripts" / "render_report.py")
render_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(render_report)

pytestmark = pytest.mark.skipif(render_report.soffice() is None or shutil.which("pdftoppm") is None,
                                reason="LibreOffice (soffice) or pdftoppm is not installed")


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("render"))


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang, heading", [("en", "Discussion question 6"), ("zh", "讨论问题6")])
def test_word_report_renders_to_pdf_and_png(wave, tmp_path, lang, heading):
    if lang == "zh":
        cjk_font_or_skip()
    docx = tmp_path / f"report-{lang}.docx"
    write_report(wave.summary, wave.data, "docx", docx, lang)
    pdf = render_report.to_pdf(docx, tmp_path)
    text = "".join(pdf_text(pdf).split())  # PDF text breaks lines and spaces CJK from digits
    assert "".join(heading.split()) in text
    assert wave.data.data_version in text
    (page,) = render_report.to_png(pdf, tmp_path, pages=1, dpi=40)
    assert page.name == f"report-{lang}-1.png" and page.read_bytes().startswith(b"\x89PNG")
