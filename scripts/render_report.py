"""Render a Word report to PDF with LibreOffice, and its first pages to PNG with pdftoppm.

    python scripts/render_report.py report.docx [--out-dir DIR] [--pages 2] [--dpi 110]
    python scripts/render_report.py --demo [--lang zh] [--out-dir DIR]

``--demo`` first builds the report from the built-in demo wave in a throw-away SQLite
store, so the page image in the README can be rebuilt with one command:

    python scripts/render_report.py --demo --pages 1 --out-dir docs && mv docs/report-en-1.png docs/report-page1.png
    python scripts/render_report.py --demo --lang zh --pages 1 --out-dir docs && mv docs/report-zh-1.png docs/report-zh-page1.png
    python scripts/render_report.py --demo --lang ar --pages 1 --out-dir docs && mv docs/report-ar-1.png docs/report-ar-page1.png

Needs ``soffice`` (Debian: libreoffice-writer-nogui) and ``pdftoppm`` (poppler-utils).
Prints the files written; exits 2 with a one-line message when a tool is missing.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def soffice() -> str | None:
    from analysis.exports.pdf_report import soffice as find

    return find()


def to_pdf(docx: Path, out_dir: Path, timeout: int = 180) -> Path:
    """The tagged PDF of ``docx`` (the same conversion as the PDF export)."""
    from analysis.exports.pdf_report import docx_to_pdf

    try:
        return docx_to_pdf(docx, out_dir, timeout)
    except Exception as exc:  # a one-line message for the command line
        raise RuntimeError(str(exc)) from None


def to_png(pdf: Path, out_dir: Path, pages: int = 2, dpi: int = 110) -> list[Path]:
    """The first ``pages`` pages as ``<stem>-<n>.png`` (pdftoppm numbering)."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm is not installed; on Debian: apt install poppler-utils")
    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    found = sorted(out_dir.glob(f"{pdf.stem}-*.png"))
    # pdftoppm pads page numbers to the page count's width; name them -1, -2 … for stable paths.
    renamed = []
    for path in found:
        number = int(path.stem.rsplit("-", 1)[1])
        target = out_dir / f"{pdf.stem}-{number}.png"
        path.replace(target)
        renamed.append(target)
    return renamed


def demo_docx(out_dir: Path, lang: str) -> Path:
    from analysis import summarize
    from analysis.exports import write_report
    from surveys.demo import load_demo
    from surveys.storage.store import open_store

    with tempfile.TemporaryDirectory(prefix="trialogue-demo-") as folder:
        store = open_store(f"sqlite:///{folder}/demo.sqlite")
        load_demo(store)
        data = store.load_wave()
        path = out_dir / f"report-{lang}.docx"
        write_report(summarize(data), data, "docx", path, lang)
        store.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docx", nargs="?", type=Path, help="the Word file to render")
    parser.add_argument("--demo", action="store_true", help="build the report from the demo wave first")
    parser.add_argument("--lang", default="en", help="language of the --demo report (default: en)")
    parser.add_argument("--out-dir", type=Path, default=None, help="where to write (default: beside the file)")
    parser.add_argument("--pages", type=int, default=2, help="how many pages to render as PNG (default: 2)")
    parser.add_argument("--dpi", type=int, default=110, help="PNG resolution (default: 110)")
    args = parser.parse_args(argv)
    if not args.demo and args.docx is None:
        parser.error("give a .docx file or --demo")
    try:
        out_dir = args.out_dir or (args.docx.parent if args.docx else Path.cwd())
        out_dir.mkdir(parents=True, exist_ok=True)
        docx = demo_docx(out_dir, args.lang) if args.demo else args.docx
        pdf = to_pdf(docx, out_dir)
        pngs = to_png(pdf, out_dir, args.pages, args.dpi)
    except (RuntimeError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in [pdf, *pngs]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
