"""The response template a delegation fills in, in any of the six UN languages.

:func:`write_template` writes an ``.xlsx`` with three sheets:

- an instructions sheet, in the chosen language and in English;
- the answer sheet: the respondent, group and consent to be named beside comments at the
  top, then each question as a
  heading row and one row per item under it (labels in the chosen language, English
  beside when another language is chosen), an answer column with drop-down lists of
  the choice labels, and for each select_multiple one row per option with a tick cell;
- a hidden ``lists`` sheet holding the drop-down values.

The sheet is protected with only answer cells unlocked. A hidden first column keeps
each row's key (``respondent``, ``group``, item name, or ``item/option`` for a tick
row) and its first cell the marker ``trialogue-template <form_id> <version> <lang>``,
so :func:`surveys.reading.layouts.parse_responses` reads a filled template back with no
mapping: any label in any language, or the choice code, is accepted.

Drop-downs warn rather than refuse (Excel's "warning" error style), so that a code
typed instead of a label is kept; validation on import is the authority.
"""
from __future__ import annotations

import os
from typing import Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from surveys.errors import TrialogueError
from surveys.model import GROUP_CODES, GROUP_LABELS, UN_LANGUAGES, Instrument, Item

from .layouts import TEMPLATE_MARKER

#: A tick in a select_multiple option row; x, 1, yes and TRUE are read as ticks too.
TICK = "✓"
LISTS_SHEET = "lists"

WORDS: Mapping[str, Mapping[str, str]] = {
    "instructions": {"en": "Instructions", "zh": "填写说明", "fr": "Instructions", "es": "Instrucciones",
                     "ru": "Инструкции", "ar": "تعليمات"},
    "responses": {"en": "Responses", "zh": "答复", "fr": "Réponses", "es": "Respuestas", "ru": "Ответы",
                  "ar": "الإجابات"},
    "respondent": {"en": "Delegation", "zh": "代表团", "fr": "Délégation", "es": "Delegación",
                   "ru": "Делегация", "ar": "الوفد"},
    "group": {"en": "Group", "zh": "组别", "fr": "Groupe", "es": "Grupo", "ru": "Группа", "ar": "المجموعة"},
    "consent": {"en": "May other delegations see your comments with your delegation's name? (blank: no)",
                "zh": "其他代表团能否看到署有贵代表团名称的评论？（留空：否）",
                "fr": "Les autres délégations peuvent-elles voir vos commentaires avec le nom de votre délégation ? "
                      "(vide : non)",
                "es": "¿Pueden las demás delegaciones ver sus comentarios con el nombre de su delegación? "
                      "(en blanco: no)",
                "ru": "Могут ли другие делегации видеть ваши комментарии с названием вашей делегации? "
                      "(пусто: нет)",
                "ar": "هل يجوز للوفود الأخرى أن ترى تعليقاتكم مقرونة باسم وفدكم؟ (فارغ: لا)"},
    "yes": {"en": "Yes", "zh": "是", "fr": "Oui", "es": "Sí", "ru": "Да", "ar": "نعم"},
    "no": {"en": "No", "zh": "否", "fr": "Non", "es": "No", "ru": "Нет", "ar": "لا"},
    "question": {"en": "Question", "zh": "问题", "fr": "Question", "es": "Pregunta", "ru": "Вопрос",
                 "ar": "السؤال"},
    "answer": {"en": "Answer", "zh": "答复", "fr": "Réponse", "es": "Respuesta", "ru": "Ответ", "ar": "الإجابة"},
    "note": {"en": "How to answer", "zh": "填写方式", "fr": "Comment répondre", "es": "Cómo responder",
             "ru": "Как ответить", "ar": "طريقة الإجابة"},
    "select_one": {"en": "Choose one from the list", "zh": "从列表中选择一项", "fr": "Choisir dans la liste",
                   "es": "Elija una opción de la lista", "ru": "Выберите из списка", "ar": "اختر من القائمة"},
    "select_multiple": {"en": f"Tick ({TICK}) all that apply", "zh": f"勾选（{TICK}）所有适用项",
                        "fr": f"Cocher ({TICK}) tout ce qui s'applique", "es": f"Marque ({TICK}) todas las que correspondan",
                        "ru": f"Отметьте ({TICK}) все подходящие", "ar": f"ضع علامة ({TICK}) على كل ما ينطبق"},
    "integer": {"en": "Whole number", "zh": "整数", "fr": "Nombre entier", "es": "Número entero",
                "ru": "Целое число", "ar": "عدد صحيح"},
    "decimal": {"en": "Number", "zh": "数字", "fr": "Nombre", "es": "Número", "ru": "Число", "ar": "رقم"},
    "date": {"en": "Date (YYYY-MM-DD)", "zh": "日期（YYYY-MM-DD）", "fr": "Date (AAAA-MM-JJ)",
             "es": "Fecha (AAAA-MM-DD)", "ru": "Дата (ГГГГ-ММ-ДД)", "ar": "التاريخ (YYYY-MM-DD)"},
    "text": {"en": "Free text", "zh": "自由填写", "fr": "Texte libre", "es": "Texto libre", "ru": "Свободный текст",
             "ar": "نص حر"},
}

INSTRUCTIONS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "How to fill in this response form",
        "1. Answer on the sheet '{responses}'. Write your delegation's name and choose your group at the top.",
        "2. Give one answer per row in the column '{answer}'. Only the answer cells can be changed.",
        "3. Where there is a list, choose from the drop-down. You may also type the answer's code or its wording.",
        f"4. For 'tick all that apply' questions, put {TICK} (or x) beside every option that applies; leave the others blank.",
        "5. Numbers: digits only. Dates: YYYY-MM-DD (for example 2015-12-11).",
        "6. Leave a row blank if you prefer not to answer.",
        "7. Do not rename the sheets or move rows. Return the file as .xlsx.",
    ),
    "zh": (
        "如何填写本答复表",
        "1. 请在“{responses}”工作表中作答。请在顶部填写代表团名称并选择所属组别。",
        "2. 每行在“{answer}”列中填写一个答复。只有答复单元格可以修改。",
        "3. 有列表的问题，请从下拉列表中选择；也可以直接输入选项代码或选项文字。",
        f"4. “勾选所有适用项”的问题，请在每个适用选项旁填写 {TICK}（或 x），其余留空。",
        "5. 数字只填阿拉伯数字。日期格式为 YYYY-MM-DD（例如 2015-12-11）。",
        "6. 如不愿回答某一问题，请留空。",
        "7. 请勿重命名工作表或移动行。请以 .xlsx 格式交回本文件。",
    ),
    "fr": (
        "Comment remplir ce formulaire de réponse",
        "1. Répondez dans la feuille « {responses} ». Indiquez en haut le nom de votre délégation et votre groupe.",
        "2. Une réponse par ligne, dans la colonne « {answer} ». Seules les cellules de réponse sont modifiables.",
        "3. S'il y a une liste, choisissez dans le menu déroulant ; vous pouvez aussi saisir le code ou le libellé.",
        f"4. Pour les questions « cocher tout ce qui s'applique », mettez {TICK} (ou x) à côté de chaque option retenue.",
        "5. Nombres : chiffres seulement. Dates : AAAA-MM-JJ (par exemple 2015-12-11).",
        "6. Laissez une ligne vide si vous préférez ne pas répondre.",
        "7. Ne renommez pas les feuilles et ne déplacez pas les lignes. Renvoyez le fichier au format .xlsx.",
    ),
    "es": (
        "Cómo rellenar este formulario de respuesta",
        "1. Responda en la hoja «{responses}». Escriba arriba el nombre de su delegación y elija su grupo.",
        "2. Una respuesta por fila, en la columna «{answer}». Solo se pueden modificar las celdas de respuesta.",
        "3. Si hay una lista, elija en el desplegable; también puede escribir el código o el texto de la respuesta.",
        f"4. En las preguntas «marque todas las que correspondan», ponga {TICK} (o x) junto a cada opción elegida.",
        "5. Números: solo cifras. Fechas: AAAA-MM-DD (por ejemplo 2015-12-11).",
        "6. Deje la fila en blanco si prefiere no responder.",
        "7. No cambie el nombre de las hojas ni mueva filas. Devuelva el archivo en formato .xlsx.",
    ),
    "ru": (
        "Как заполнить эту форму ответа",
        "1. Отвечайте на листе «{responses}». Вверху укажите название делегации и выберите группу.",
        "2. Один ответ в строке, в столбце «{answer}». Изменять можно только ячейки ответов.",
        "3. Если есть список, выберите ответ из раскрывающегося списка; можно также ввести код или текст ответа.",
        f"4. В вопросах «отметьте все подходящие» поставьте {TICK} (или x) рядом с каждым подходящим вариантом.",
        "5. Числа: только цифры. Даты: ГГГГ-ММ-ДД (например, 2015-12-11).",
        "6. Оставьте строку пустой, если предпочитаете не отвечать.",
        "7. Не переименовывайте листы и не перемещайте строки. Верните файл в формате .xlsx.",
    ),
    "ar": (
        "كيفية ملء استمارة الإجابة هذه",
        "1. أجب في ورقة «{responses}». اكتب اسم وفدك واختر مجموعتك في الأعلى.",
        "2. إجابة واحدة في كل صف، في عمود «{answer}». لا يمكن تعديل سوى خلايا الإجابة.",
        "3. إذا وُجدت قائمة، فاختر من القائمة المنسدلة؛ ويمكنك أيضًا كتابة رمز الإجابة أو نصها.",
        f"4. في أسئلة «ضع علامة على كل ما ينطبق»، ضع {TICK} (أو x) بجانب كل خيار ينطبق، واترك الباقي فارغًا.",
        "5. الأرقام: أرقام فقط. التواريخ: YYYY-MM-DD (مثلًا 2015-12-11).",
        "6. اترك الصف فارغًا إذا كنت تفضل عدم الإجابة.",
        "7. لا تغيّر أسماء الأوراق ولا تنقل الصفوف. أعد الملف بصيغة .xlsx.",
    ),
}

_HEADING = PatternFill("solid", fgColor="DCE6F1")
_ANSWER = PatternFill("solid", fgColor="FFF9E5")
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")


def word(key: str, lang: str) -> str:
    """A template word in ``lang``, with the English after it when they differ (``答复 / Answer``)."""
    local, english = WORDS[key].get(lang, WORDS[key]["en"]), WORDS[key]["en"]
    return local if local == english else f"{local} / {english}"


def write_template(instrument: Instrument, path: str | os.PathLike, *, lang: str = "en",
                   respondent: str | None = None, group: str | None = None) -> None:
    """Write the response template of ``instrument`` to ``path`` (``.xlsx``).

    ``respondent`` and ``group`` (a code such as ``tcc_pcc`` or a label in any
    language) are filled in when given. Raises :class:`TrialogueError` for an unknown
    language or group.
    """
    from .validation import group_code

    if lang not in UN_LANGUAGES:
        raise TrialogueError(f"unknown language '{lang}': expected one of {', '.join(UN_LANGUAGES)}")
    code = None
    if group:
        code = group_code(group)
        if code is None:
            raise TrialogueError(f"unknown group '{group}': expected one of {', '.join(GROUP_CODES)}")
    book = Workbook()
    guide = book.active
    guide.title = WORDS["instructions"][lang] if lang == "en" else f"{WORDS['instructions'][lang]} (Instructions)"
    sheet = book.create_sheet(WORDS["responses"][lang] if lang == "en" else
                              f"{WORDS['responses'][lang]} (Responses)"[:31])
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    ranges = _write_lists(lists, instrument, lang)
    _write_instructions(guide, instrument, lang, sheet.title)
    _write_answers(sheet, instrument, lang, ranges, respondent, code)
    book.active = book.index(sheet)
    book.save(os.fspath(path))


def _write_lists(lists, instrument: Instrument, lang: str) -> dict[str, str]:
    """Drop-down values: one column per choice list (labels in ``lang``), plus groups and tick."""
    columns = {"__group__": [GROUP_LABELS[c].get(lang, GROUP_LABELS[c]["en"]) for c in GROUP_CODES],
               "__tick__": [TICK], "__consent__": [WORDS["yes"][lang], WORDS["no"][lang]]}
    for name, choices in instrument.choice_lists.items():
        columns[name] = [choice.label(lang) for choice in choices.choices]
    ranges = {}
    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(1, index, name)
        for row, value in enumerate(values, start=2):
            lists.cell(row, index, value)
        # OOXML stores formulas without the leading "=" (ECMA-376 Part 1, 18.3.1.32).
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _write_instructions(guide, instrument: Instrument, lang: str, responses: str) -> None:
    blocks = [lang] if lang == "en" else [lang, "en"]
    row = 1
    guide.cell(row, 1, instrument.title_in(lang)).font = Font(bold=True, size=14)
    row += 2
    for block in blocks:
        for n, line in enumerate(INSTRUCTIONS[block]):
            cell = guide.cell(row, 1, line.format(responses=responses, answer=word("answer", lang)))
            cell.alignment = _WRAP
            if n == 0:
                cell.font = Font(bold=True)
            row += 1
        row += 1
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True


def _write_answers(sheet, instrument: Instrument, lang: str, ranges: dict[str, str],
                   respondent: str | None, group: str | None) -> None:
    english = lang != "en"
    label_col, answer_col = 2, 4 if english else 3
    note_col = answer_col + 1
    validations: dict[str, DataValidation] = {}

    def validation(key: str, **kwargs) -> DataValidation:
        if key not in validations:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                error="; ".join(INSTRUCTIONS_HINT), **kwargs)
            sheet.add_data_validation(dv)
            validations[key] = dv
        return validations[key]

    def answer_cell(row: int, value=None, dv: DataValidation | None = None):
        cell = sheet.cell(row, answer_col, value)
        cell.protection, cell.fill, cell.alignment = _UNLOCKED, _ANSWER, _WRAP
        if dv is not None:
            dv.add(cell.coordinate)
        return cell

    sheet.cell(1, 1, f"{TEMPLATE_MARKER} {instrument.form_id} {instrument.version} {lang}")
    sheet.cell(1, label_col, instrument.title_in(lang)).font = Font(bold=True, size=14)
    sheet.cell(2, label_col, f"{instrument.form_id} {instrument.version}").font = Font(italic=True, color="808080")
    for row, key, value in ((3, "respondent", respondent), (4, "group", None)):
        sheet.cell(row, 1, key)
        sheet.cell(row, label_col, word(key, lang)).font = Font(bold=True)
    answer_cell(3, respondent)
    label = GROUP_LABELS[group].get(lang, GROUP_LABELS[group]["en"]) if group else None
    answer_cell(4, label, validation("__group__", type="list", formula1=ranges["__group__"]))
    # Whether the delegation's comments may carry its name (read back as its consent).
    sheet.cell(5, 1, "consent")
    sheet.cell(5, label_col, word("consent", lang)).alignment = _WRAP
    answer_cell(5, None, validation("__consent__", type="list", formula1=ranges["__consent__"]))
    header = 6
    sheet.cell(header, 1, "item")
    sheet.cell(header, label_col, word("question", lang))
    if english:
        sheet.cell(header, 3, "English")
    sheet.cell(header, answer_col, word("answer", lang))
    sheet.cell(header, note_col, word("note", lang))
    for col in range(1, note_col + 1):
        sheet.cell(header, col).font = Font(bold=True)
    row = header + 1
    sections = [(q.name, q.label(lang), q.label("en"), instrument.items_of(q.name)) for q in instrument.questions]
    loose = tuple(i for i in instrument.items if i.question not in {q.name for q in instrument.questions})
    if loose:
        sections.append(("", "", "", loose))
    for name, text, text_en, items in sections:
        if name:
            heading = f"{name.upper()}. {text}"
            for col in range(1, note_col + 1):
                sheet.cell(row, col).fill = _HEADING
            sheet.cell(row, label_col, heading).font = Font(bold=True)
            sheet.cell(row, label_col).alignment = _WRAP
            if english:
                sheet.cell(row, 3, f"{name.upper()}. {text_en}").alignment = _WRAP
            row += 1
        for item in items:
            row = _write_item(sheet, instrument, item, row, lang, label_col, note_col, ranges, validation, answer_cell)
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions[get_column_letter(label_col)].width = 70
    if english:
        sheet.column_dimensions["C"].width = 55
    sheet.column_dimensions[get_column_letter(answer_col)].width = 40
    sheet.column_dimensions[get_column_letter(note_col)].width = 28
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    sheet.protection.sheet = True


#: The message Excel shows when a value is not in a drop-down (the import then checks it).
INSTRUCTIONS_HINT = ("This value is not in the list", "codes and labels in any language are also accepted")


def _write_item(sheet, instrument: Instrument, item: Item, row: int, lang: str, label_col: int,
                note_col: int, ranges, validation, answer_cell) -> int:
    english = lang != "en"
    sheet.cell(row, label_col, item.label(lang)).alignment = _WRAP
    if english:
        sheet.cell(row, 3, item.label("en")).alignment = _WRAP
    sheet.cell(row, note_col, word(item.type if item.type in WORDS else "text", lang)).alignment = _WRAP
    if item.type == "select_multiple":
        row += 1
        for choice in instrument.choices(item).choices:
            sheet.cell(row, 1, f"{item.name}/{choice.name}")
            sheet.cell(row, label_col, f"    {choice.label(lang)}").alignment = _WRAP
            if english:
                sheet.cell(row, 3, f"    {choice.label('en')}").alignment = _WRAP
            answer_cell(row, None, validation("__tick__", type="list", formula1=ranges["__tick__"]))
            row += 1
        return row
    sheet.cell(row, 1, item.name)
    if item.type == "select_one" and item.list_name in ranges:
        dv = validation(item.list_name, type="list", formula1=ranges[item.list_name])
    elif item.type == "integer":
        dv = validation("integer", type="whole", operator="between", formula1="-1000000000", formula2="1000000000")
    elif item.type == "decimal":
        dv = validation("decimal", type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")
    elif item.type == "date":
        dv = validation("date", type="date", operator="greaterThan", formula1="1")
    else:
        dv = None
    cell = answer_cell(row, None, dv)
    if item.type == "date":
        cell.number_format = "yyyy-mm-dd"
    elif item.type == "text":
        cell.number_format = "@"
    return row + 1
