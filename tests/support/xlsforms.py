"""XLSForm workbooks written for the instrument and layout tests."""
from __future__ import annotations

from pathlib import Path

import openpyxl

CHOICES = [["list_name", "name", "label"],
           ["agree5", "1", "Strongly disagree"], ["agree5", "2", "Disagree"], ["agree5", "3", "Neutral"],
           ["agree5", "4", "Agree"], ["agree5", "5", "Strongly agree"], ["agree5", "dk", "Don't know"],
           ["formats", "formal", "Formal"], ["formats", "informal", "Informal"]]


def write_form(path: Path, survey: list[list], choices: list[list] | None = CHOICES,
          settings: list[list] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    book.save(path)
    return path


SHARED_NAMES_FORM = [
    ["type", "name", "label", "relevant"],
    ["begin_group", "dola", "Dola"],
    ["select_one agree5", "price", "Price in dola"], ["integer", "dola_count", "Count"],
    ["end_group"],
    ["begin_group", "kifaru", "Kifaru"],
    ["select_one agree5", "price", "Price in kifaru", "${dola_count} > 0"],
    ["begin_repeat", "herd", "Herd"], ["integer", "price", "Price of each"], ["end_repeat"],
    ["end_group"],
    ["begin_group", "end_survey", "End"], ["note", "end_survey", "Thank you"], ["text", "remarks", "Remarks"],
    ["end_group"],
]
