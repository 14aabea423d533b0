"""The report as Markdown, for e-mail or a wiki: the same outline as the Word file.

The freeze sits in YAML front matter (values JSON-quoted, which YAML reads as strings), so
a wiki that shows front matter shows where the numbers came from. Paragraph numbers are
written out ("4. …") because CommonMark keeps the first number of a list, and numbering
runs on across sections. Charts are PNG files beside the Markdown when an image folder is
given, else data URIs so that one file carries everything.
"""
from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path
from typing import Mapping

from analysis.present.language import html_direction
from analysis.present.markdown import md_escape
from analysis.present.outline import Quotation, Report, Section
from analysis.present.tables import Table

from .docx_report import ROMAN


def _cell(text: str) -> str:
    """A table cell: special characters escaped, one line (GFM tables are one line per row)."""
    return md_escape(text)


def _table(table: Table) -> list[str]:
    lines = [f"*{md_escape(table.caption)}*", "", "| " + " | ".join(_cell(h) for h in table.header) + " |",
             "| " + " | ".join("---" if i < 2 else "---:" for i in range(len(table.header))) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
    if table.note:
        lines += ["", f"*{md_escape(table.note)}*"]
    return lines + [""]


def _front_matter(report: Report) -> list[str]:
    freeze = report.freeze
    fields = {"title": report.title, "wave": freeze.wave, "data_version": freeze.data_version,
              "by": freeze.by, "filters": {k: list(v) for k, v in freeze.filters.items()},
              "lang": freeze.lang, "dir": html_direction(freeze.lang), "format": freeze.fmt, "audience": freeze.audience,
              "generated_at": freeze.generated_at,
              **({"coding_version": freeze.coding_version} if freeze.coding_version else {}),
              "reproduce": report.command}
    return ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()] + ["---", ""]


def _image(png: bytes, caption: str, question: str, image_dir: str | os.PathLike | None, stem: str) -> str:
    if image_dir is None:
        return f"![{md_escape(caption)}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"
    name = f"{stem}-{question}.png"
    (Path(image_dir) / name).write_bytes(png)
    return f"![{md_escape(caption)}]({name})"


def markdown_text(report: Report, charts: Mapping[str, bytes] | None = None, *,
                  image_dir: str | os.PathLike | None = None, stem: str = "report") -> str:
    """The Markdown of ``report``; ``charts`` maps a figure's key (``q1``) to its PNG."""
    charts = charts or {}
    lines = _front_matter(report)
    lines += [f"**{md_escape(report.body)}**", "", f"# {md_escape(report.title)}", ""]
    if report.cover:
        lines += [f"**{md_escape(report.cover)}**", ""]
    lines += [f"*{md_escape(report.reference)}*", ""]
    number = 0
    for chapter, section in enumerate(report.sections, start=1):
        lines += [f"## {ROMAN[chapter - 1] if chapter <= len(ROMAN) else chapter}. {md_escape(section.heading)}", ""]
        number = _section(lines, section, number, charts, image_dir, stem)
    lines += [f"## {md_escape(report.annex.heading)}", ""]
    for text in report.annex.paragraphs:
        lines += [md_escape(text), ""]
    # A fence longer than any run of backticks in the command (a wave name may hold some).
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", report.command)), default=0))
    lines += [md_escape(report.reproduce), "", fence, report.command, fence, ""]
    return "\n".join(lines)


def _section(lines: list[str], section: Section, number: int, charts: Mapping[str, bytes],
             image_dir: str | os.PathLike | None, stem: str) -> int:
    """Append one section's lead, intro, numbered paragraphs, figures and tables; returns the
    last paragraph number (numbering runs on across sections)."""
    if section.lead:
        lines += [f"*{md_escape(section.lead)}*", ""]
    if section.intro:
        lines += [md_escape(section.intro), ""]
    for text in section.paragraphs:
        number += 1
        lines += [f"{number}. {md_escape(text)}", ""]
    for figure in section.figures:
        if charts.get(figure.key):
            lines += [f"*{md_escape(figure.caption)}*", "",
                      _image(charts[figure.key], figure.alt_text, figure.key, image_dir, stem), ""]
    for table in section.tables:
        lines += _table(table)
    for quote in section.quotes:
        lines += _quotation(quote)
    return number


def _quotation(quote: Quotation) -> list[str]:
    """A block quote: the original, the translation, the source (all escaped: workbook text)."""
    lines = [f"> {md_escape(quote.text)}"]
    if quote.translation:
        lines += [">", f"> *{md_escape(quote.translation)}*"]
    return lines + [">", f"> {md_escape(quote.source)}", ""]


def markdown_bytes(report: Report, charts: Mapping[str, bytes] | None = None, *,
                   image_dir: str | os.PathLike | None = None, stem: str = "report") -> bytes:
    return markdown_text(report, charts, image_dir=image_dir, stem=stem).encode("utf-8")
