"""Exports for the Working Group Chair: Word, PDF and Markdown reports, an Excel workbook of
the tables, and a CSV of the answers — each carrying the freeze that reproduces it.

These modules only write files. What the files say — every sentence, table, chart and
suppression — comes from :mod:`analysis.present`, the same layer the dashboard draws from.
``export_report(summary, wave_data, fmt, lang) -> bytes`` is what the dashboard's Export page
and ``python -m analysis export`` both call; ``write_report`` also writes the file (and, for
Markdown, its chart images beside it).
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from analysis.present.disclosure import SECRETARIAT, Audience
from analysis.present.freeze import EXTENSIONS, FORMATS, Freeze, freeze_of
from analysis.present.language import REPORT_LANGUAGES as LANGUAGES
from surveys.errors import TrialogueError

if TYPE_CHECKING:
    from analysis.present.outline import Report


def __getattr__(name: str):
    # The outline, the fonts and the chart renderer load pandas, scipy and vl-convert: only
    # when used, so that ``python -m analysis --help`` and the export log stay quick.
    if name == "MissingFont":
        from analysis.present.fonts import MissingFont
        return MissingFont
    if name in ("Report", "build_report"):
        from analysis.present import outline
        return getattr(outline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["EXTENSIONS", "FORMATS", "LANGUAGES", "Freeze", "MissingFont", "Report", "build_report",
           "export_report", "freeze_of", "render_charts", "write_report"]


def render_charts(report: Report) -> dict[str, bytes]:
    """PNG per figure of the report, by its key, drawn in child processes
    (:mod:`analysis.present.png`): two, each with half the figures, as vl-convert draws one
    chart on one core (docs/benchmarks-export.md)."""
    from analysis.present.charts import png_spec
    from analysis.present.png import render_specs

    figures = [f for section in report.sections for f in section.figures]
    if not figures:
        return {}
    built = [png_spec(f.chart, report.lang) for f in figures]
    folder = next((found for _spec, found in built if found), None)
    specs = [spec for spec, _found in built]
    halves = [specs[: (len(specs) + 1) // 2], specs[(len(specs) + 1) // 2:]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pngs = [png for batch in pool.map(lambda part: render_specs(part, font_dir=folder), halves) for png in batch]
    return {f.key: png for f, png in zip(figures, pngs)}


def _report(summary: Any, wave_data: Any, fmt: str, lang: str, out_name: str | None,
            months: Iterable | None, audience: Audience, rounds: Sequence[Any] = (), themes: Any = None,
            quotes: Iterable | None = None, coding_version: str | None = None) -> Report:
    if fmt not in FORMATS:
        raise TrialogueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not hasattr(summary, "items") or isinstance(summary, dict):
        raise TrialogueError("an export needs the frozen summary (analysis.summarize), not its JSON")
    from analysis.present.outline import build_report
    from surveys.plaintext import plain_tree

    # Every text of the outline as the text policy allows (a store made before the policy may
    # hold controls, which Word's and Excel's XML cannot): the writers write what they get. The
    # isolates the outline itself puts around numbers in Arabic stay.
    report = build_report(summary, lang, data=wave_data, months=months, fmt=fmt, out_name=out_name, audience=audience,
                          rounds=rounds, themes=themes, quotes=quotes, coding_version=coding_version)
    return plain_tree(report, isolates=True)


def export_report(summary: Any, wave_data: Any = None, fmt: str = "docx", lang: str = "en", *,
                  out_name: str | None = None, image_dir: str | os.PathLike | None = None,
                  months: Iterable | None = None, audience: Audience = SECRETARIAT,
                  rounds: Sequence[Any] = (), themes: Any = None, quotes: Iterable | None = None,
                  coding_version: str | None = None) -> bytes:
    """The export of the frozen ``summary`` as bytes, for ``audience`` (the summary must be the
    one :func:`analysis.present.disclosure.summarize_for` made for it, ``themes`` the one
    ``analysis.text.summarize_themes`` made for it; a format the audience may not take is
    refused, see :mod:`analysis.exports.access`).

    ``wave_data`` gives the question texts and order, the reference date, who answered (the
    roster) and, for ``csv`` and the comments sheet of ``xlsx``, the answers; ``months`` the
    contribution months of the roster (``Store.contribution_months()``). ``out_name`` is the
    file name printed in the reproduce command. For ``md``, charts are embedded as data URIs
    unless ``image_dir`` is given, where they are written as PNG files and linked. ``rounds``
    are the wave's deliberation rounds (``surveys.rounds.load_round``, pseudonymous): a chapter
    each in Word, PDF and Markdown, a sheet each in Excel.
    ``themes`` (``analysis.text.summarize_themes``) and ``quotes`` (the stored quote bank)
    add the chapters on coded comments and representative quotes, named as ``audience`` may see;
    ``coding_version`` records which coding they come from in the freeze.
    """
    from .access import check_download

    check_download(fmt, audience)
    if fmt == "csv":
        from .csv_answers import answers_csv_bytes

        if wave_data is None:
            raise TrialogueError("a CSV of the answers needs the wave's data, not only its summary")
        return answers_csv_bytes(wave_data, lang)
    if wave_data is not None and not audience.sees_everything:
        from analysis.present.disclosure import disclosed

        wave_data = disclosed(wave_data, audience).data  # who answered and the comments, as this audience sees them
    report = _report(summary, wave_data, fmt, lang, out_name, months, audience, rounds, themes, quotes,
                     coding_version)
    if fmt in ("docx", "pdf"):
        from .docx_report import docx_bytes

        word = docx_bytes(report, render_charts(report))
        if fmt == "docx":
            return word
        from .pdf_report import pdf_bytes  # the Word report, tagged, through LibreOffice

        return pdf_bytes(word, stem=out_name or "report")
    if fmt == "md":
        from .markdown_report import markdown_bytes

        return markdown_bytes(report, render_charts(report), image_dir=image_dir, stem=Path(out_name or "report").stem)
    from .xlsx_report import xlsx_bytes

    return xlsx_bytes(summary, report, wave_data)


def write_report(summary: Any, wave_data: Any, fmt: str, path: str | os.PathLike, lang: str = "en", *,
                 months: Iterable | None = None, audience: Audience = SECRETARIAT,
                 rounds: Sequence[Any] = (), themes: Any = None, quotes: Iterable | None = None,
                 coding_version: str | None = None) -> Freeze:
    """Write the export to ``path`` and return its freeze (for ``Store.record_export``)."""
    path = Path(path)
    image_dir = path.parent if fmt == "md" else None
    content = export_report(summary, wave_data, fmt, lang, out_name=path.name, image_dir=image_dir, months=months,
                            audience=audience, rounds=rounds, themes=themes, quotes=quotes,
                            coding_version=coding_version)
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise TrialogueError(f"{path}: cannot write the {fmt} file ({exc.strerror})") from None
    return freeze_of(summary, fmt, lang, audience, coding_version)
