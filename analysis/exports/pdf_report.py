"""The report as a tagged PDF: the Word document converted by LibreOffice.

LibreOffice's PDF filter writes the structure tree a screen reader follows (headings,
paragraphs, tables with their header cells, figures with their alt text, the document's
language) only when asked: ``UseTaggedPDF`` (ISO 14289, PDF/UA, relies on it). The Word file
already carries every accessible part, so the PDF says exactly what the Word report says.
A private LibreOffice profile per conversion keeps a running office, or a parallel export,
from blocking it.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from surveys.errors import TrialogueError

#: LibreOffice's PDF export filter with its options as JSON (LibreOffice 7.4 and later):
#: tagged, with the document's outline as bookmarks.
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
})
TIMEOUT = 180


class NoLibreOffice(TrialogueError):
    """PDF export asked for where LibreOffice is not installed."""


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def docx_to_pdf(docx: Path, out_dir: Path, timeout: int = TIMEOUT) -> Path:
    """Convert ``docx`` to a tagged PDF in ``out_dir``; returns the PDF's path."""
    office = soffice()
    if office is None:
        raise NoLibreOffice("a PDF report needs LibreOffice, which is not installed (on Debian: apt install "
                            "libreoffice-writer-nogui); the Word report has the same content")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trialogue-lo-") as profile:
        try:
            subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                            PDF_FILTER, "--outdir", str(out_dir), str(docx)],
                           check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TrialogueError(f"{docx.name}: LibreOffice took more than {timeout} s to write the PDF") from None
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
            raise TrialogueError(f"{docx.name}: LibreOffice could not write the PDF ({detail[0]})") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise TrialogueError(f"{docx.name}: LibreOffice wrote no PDF")
    return pdf


def pdf_bytes(docx: bytes, stem: str = "report") -> bytes:
    """The tagged PDF of a Word report given as bytes."""
    with tempfile.TemporaryDirectory(prefix="trialogue-pdf-") as folder:
        source = Path(folder) / f"{Path(stem).stem or 'report'}.docx"
        source.write_bytes(docx)
        return docx_to_pdf(source, Path(folder) / "out").read_bytes()
