"""The vote template a delegation fills in offline, in any of the six UN languages.

:func:`write_vote_template` writes an ``.xlsx`` like the response template
(:mod:`surveys.reading.template`): an instructions sheet in the chosen language and in English, a
vote sheet with the delegation at the top and one row per accepted statement (its
question, its text in the chosen language, the English beside it when another language is
chosen, and a vote cell with a drop-down of Agree / Disagree / Pass in that language), and
a hidden ``lists`` sheet holding the drop-down values. The sheet is protected with only the
vote and delegation cells unlocked; a hidden first column keeps each row's key
(``respondent``, ``statement`` and the statement ids) and its first cell the marker
``trialogue-votes <lang> <round>``, so the import reads a filled template back with no
mapping (:mod:`surveys.rounds.votesheets`).
"""
from __future__ import annotations

import os

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from surveys.reading.template import _ANSWER, _HEADING, _UNLOCKED, _WRAP, LISTS_SHEET, WORDS, word

from ..errors import TrialogueError
from ..model import UN_LANGUAGES
from .ledger import get_round, round_statements
from .model import VOTES, vote_label
from .votesheets import VOTE_MARKER

TERMS = {
    "votes": {"en": "Votes", "zh": "表决", "fr": "Votes", "es": "Votos", "ru": "Голосование", "ar": "التصويت"},
    "statement": {"en": "Statement", "zh": "陈述", "fr": "Énoncé", "es": "Enunciado", "ru": "Утверждение",
                  "ar": "البيان"},
    "vote": {"en": "Vote", "zh": "表决", "fr": "Vote", "es": "Voto", "ru": "Голос", "ar": "الصوت"},
}

INSTRUCTIONS = {
    "en": ("How to vote on the statements of round {round}",
           "1. Write your delegation's name at the top of the sheet '{sheet}'.",
           "2. For each statement choose Agree, Disagree or Pass in the column '{vote}'. Leave a row blank to "
           "not vote on it.",
           "3. Pass means you take no position; your vote still counts as seen.",
           "4. Do not rename the sheets or move rows. Return the file as .xlsx to the secretariat."),
    "zh": ("如何对第 {round} 轮的陈述进行表决",
           "1. 请在“{sheet}”工作表顶部填写代表团名称。",
           "2. 请在“{vote}”列中对每项陈述选择“同意”“不同意”或“弃权”。如不表决某项陈述，请留空。",
           "3. “弃权”表示不表明立场；该表决仍计为已阅。",
           "4. 请勿重命名工作表或移动行。请以 .xlsx 格式将本文件交回秘书处。"),
    "fr": ("Comment voter sur les énoncés du cycle {round}",
           "1. Indiquez le nom de votre délégation en haut de la feuille « {sheet} ».",
           "2. Pour chaque énoncé, choisissez D'accord, Pas d'accord ou Passer dans la colonne « {vote} ». "
           "Laissez la ligne vide pour ne pas voter.",
           "3. Passer signifie que vous ne prenez pas position ; votre vote compte comme vu.",
           "4. Ne renommez pas les feuilles et ne déplacez pas les lignes. Renvoyez le fichier au format .xlsx."),
    "es": ("Cómo votar los enunciados de la ronda {round}",
           "1. Escriba el nombre de su delegación en la parte superior de la hoja «{sheet}».",
           "2. Para cada enunciado elija De acuerdo, En desacuerdo o Pasar en la columna «{vote}». Deje la "
           "fila en blanco para no votar.",
           "3. Pasar significa que no toma posición; su voto cuenta como visto.",
           "4. No cambie el nombre de las hojas ni mueva filas. Devuelva el archivo en formato .xlsx."),
    "ru": ("Как голосовать по утверждениям раунда {round}",
           "1. Укажите название делегации вверху листа «{sheet}».",
           "2. По каждому утверждению выберите «Согласен», «Не согласен» или «Пропустить» в столбце «{vote}». "
           "Оставьте строку пустой, чтобы не голосовать.",
           "3. «Пропустить» означает, что вы не занимаете позиции; голос всё равно учитывается как просмотренный.",
           "4. Не переименовывайте листы и не перемещайте строки. Верните файл в формате .xlsx."),
    "ar": ("كيفية التصويت على بيانات الجولة {round}",
           "1. اكتب اسم وفدك في أعلى ورقة «{sheet}».",
           "2. لكل بيان اختر «أوافق» أو «لا أوافق» أو «تخطي» في عمود «{vote}». اترك الصف فارغًا لعدم التصويت.",
           "3. «تخطي» يعني أنك لا تتخذ موقفًا؛ ويُحتسب صوتك مع ذلك كمُطَّلَع عليه.",
           "4. لا تغيّر أسماء الأوراق ولا تنقل الصفوف. أعد الملف إلى الأمانة العامة بصيغة .xlsx."),
}


def term(key: str, lang: str) -> str:
    """A vote-template word in ``lang``, with the English after it when they differ."""
    local, english = TERMS[key].get(lang, TERMS[key]["en"]), TERMS[key]["en"]
    return local if local == english else f"{local} / {english}"


def write_vote_template(store, round_name: str, path: str | os.PathLike, *, lang: str = "en",
                        respondent: str | None = None) -> int:
    """Write the vote template of round ``round_name`` to ``path``; returns the number of statements.

    One row per accepted statement, in the round's order. ``respondent`` pre-fills the
    delegation. Raises :class:`TrialogueError` for an unknown language, a closed round, or a
    round without accepted statements.
    """
    if lang not in UN_LANGUAGES:
        raise TrialogueError(f"unknown language '{lang}': expected one of {', '.join(UN_LANGUAGES)}")
    found = get_round(store, round_name)
    if not found.is_open:
        raise TrialogueError(f"round {found.name} is closed: it takes no more votes")
    statements = round_statements(store, round_name, states=("accepted",))
    if not statements:
        raise TrialogueError(f"round {found.name} has no accepted statement to vote on yet")
    book = Workbook()
    guide = book.active
    guide.title = WORDS["instructions"][lang] if lang == "en" else f"{WORDS['instructions'][lang]} (Instructions)"
    title = TERMS["votes"][lang] if lang == "en" else f"{TERMS['votes'][lang]} (Votes)"
    sheet = book.create_sheet(title[:31])
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    lists.cell(1, 1, "vote")
    for row, vote in enumerate(VOTES, start=2):
        lists.cell(row, 1, vote_label(vote, lang))
    choices = f"{quote_sheetname(LISTS_SHEET)}!$A$2:$A${len(VOTES) + 1}"
    _instructions(guide, found.name, lang, sheet.title)
    _votes(sheet, found.name, statements, lang, respondent, choices)
    book.active = book.index(sheet)
    book.save(os.fspath(path))
    return len(statements)


def _instructions(guide, round_name: str, lang: str, sheet_title: str) -> None:
    row = 1
    for block in ([lang] if lang == "en" else [lang, "en"]):
        for n, line in enumerate(INSTRUCTIONS[block]):
            cell = guide.cell(row, 1, line.format(round=round_name, sheet=sheet_title, vote=term("vote", lang)))
            cell.alignment = _WRAP
            if n == 0:
                cell.font = Font(bold=True, size=13)
            row += 1
        row += 1
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True


def _votes(sheet, round_name: str, statements, lang: str, respondent: str | None, choices: str) -> None:
    english = lang != "en"
    text_col, vote_col = 3, 5 if english else 4
    sheet.cell(1, 1, f"{VOTE_MARKER} {lang} {round_name}")
    sheet.cell(1, 2, round_name).font = Font(bold=True, size=14)
    sheet.cell(3, 1, "respondent")
    sheet.cell(3, 2, word("respondent", lang)).font = Font(bold=True)
    who = sheet.cell(3, vote_col, respondent)
    who.protection, who.fill = _UNLOCKED, _ANSWER
    header = 5
    sheet.cell(header, 1, "statement")
    sheet.cell(header, 2, word("question", lang))
    sheet.cell(header, text_col, term("statement", lang))
    if english:
        sheet.cell(header, 4, "English")
    sheet.cell(header, vote_col, term("vote", lang))
    for col in range(1, vote_col + 1):
        sheet.cell(header, col).font = Font(bold=True)
        sheet.cell(header, col).fill = _HEADING
    dv = DataValidation(type="list", formula1=choices, allow_blank=True, showErrorMessage=True,
                        errorStyle="warning", error="agree / disagree / pass")
    sheet.add_data_validation(dv)
    for row, statement in enumerate(statements, start=header + 1):
        sheet.cell(row, 1, statement.id)
        sheet.cell(row, 2, statement.question.upper())
        sheet.cell(row, text_col, statement.text(lang)).alignment = _WRAP
        if english:
            sheet.cell(row, 4, statement.text("en")).alignment = _WRAP
        cell = sheet.cell(row, vote_col)
        cell.protection, cell.fill = _UNLOCKED, _ANSWER
        dv.add(cell.coordinate)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 70
    if english:
        sheet.column_dimensions["D"].width = 55
    sheet.column_dimensions[sheet.cell(1, vote_col).column_letter].width = 22
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    sheet.protection.sheet = True
