"""Exports for the Working Group Chair: Word and Markdown reports, an Excel workbook of the
tables, and a CSV of the answers — each carrying the freeze that reproduces it.

``export_report(summary, wave_data, fmt, lang) -> bytes`` is what the dashboard's Export page
and ``python -m analysis export`` both call; ``write_report`` also writes the file (and, for
Markdown, its chart images beside it).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping

from surveys.errors import TrialogueError

from .charts_png import MissingFont, question_chart_png
from .freeze import EXTENSIONS, FORMATS, Freeze, freeze_of
from .report import Report, as_dict, build_report
from .wording import LANGUAGES

__all__ = ["EXTENSIONS", "FORMATS", "LANGUAGES", "Freeze", "MissingFont", "Report", "build_report",
           "export_report", "freeze_of", "render_charts", "write_report"]


def render_charts(report: Report) -> dict[str, bytes]:
    """PNG per question that has a chart. Two threads: vl-convert releases the GIL, and more
    threads than two did not render faster (docs/benchmarks-export.md)."""
    wanted = [s for s in report.sections if s.figure_caption]
    if not wanted:
        return {}
    # Resolve the font (and fail on a missing CJK font) once, before starting threads.
    question_chart_png((), report.context)
    with ThreadPoolExecutor(max_workers=min(2, len(wanted))) as pool:
        pngs = pool.map(lambda s: question_chart_png(s.items, report.context), wanted)
        return {s.question: png for s, png in zip(wanted, pngs) if png}


def _parts(summary: Any, wave_data: Any, fmt: str, lang: str, out_name: str | None) -> tuple[Mapping, Report]:
    if fmt not in FORMATS:
        raise TrialogueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    data = as_dict(summary)
    wave = getattr(wave_data, "wave", None)
    report = build_report(data, lang, instrument=getattr(wave_data, "instrument", None),
                          reference_date=getattr(wave, "reference_date", None), fmt=fmt, out_name=out_name)
    return data, report


def export_report(summary: Any, wave_data: Any = None, fmt: str = "docx", lang: str = "en", *,
                  out_name: str | None = None, image_dir: str | os.PathLike | None = None) -> bytes:
    """The export of ``summary`` (a ``Summary`` or its ``to_dict()``) as bytes.

    ``wave_data`` gives the question texts and order, the reference date and, for ``csv`` and
    the comments sheet of ``xlsx``, the answers. ``out_name`` is the file name printed in the
    reproduce command. For ``md``, charts are embedded as data URIs unless ``image_dir`` is
    given, where they are written as PNG files and linked.
    """
    data, report = _parts(summary, wave_data, fmt, lang, out_name)
    if fmt == "docx":
        from .docx_report import docx_bytes

        return docx_bytes(report, render_charts(report))
    if fmt == "md":
        from .markdown_report import markdown_bytes

        return markdown_bytes(report, render_charts(report), image_dir=image_dir, stem=Path(out_name or "report").stem)
    if fmt == "xlsx":
        from .xlsx_report import xlsx_bytes

        return xlsx_bytes(data, report, wave_data)
    from .csv_answers import answers_csv_bytes

    if wave_data is None:
        raise TrialogueError("a CSV of the answers needs the wave's data, not only its summary")
    return answers_csv_bytes(wave_data, lang)


def write_report(summary: Any, wave_data: Any, fmt: str, path: str | os.PathLike, lang: str = "en") -> Freeze:
    """Write the export to ``path`` and return its freeze (for ``Store.record_export``)."""
    path = Path(path)
    image_dir = path.parent if fmt == "md" else None
    content = export_report(summary, wave_data, fmt, lang, out_name=path.name, image_dir=image_dir)
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise TrialogueError(f"{path}: cannot write the {fmt} file ({exc.strerror})") from None
    return freeze_of(as_dict(summary), fmt, lang)
