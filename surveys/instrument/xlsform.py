"""XLSForm workbook ⇄ :class:`~surveys.model.Instrument`.

Reads the ``survey``, ``choices`` and ``settings`` sheets as the XLSForm specification
(xlsform.org) lays them out, with the column spellings real forms use
(``label::English (en)``, ``label::english``, ``label:English``, plain ``label``,
``list name``, ``bind:relevant``), from .xlsx, .xlsm, legacy .xls and .ods alike.
Three columns are Trialogue's own: ``measure`` on ``survey`` (``ordinal`` or
``nominal`` for a select_one; nominal when blank), ``scale`` on ``survey`` (what an
ordinal scale measures: one of ``SCALES``; inferred from the choice labels when blank) and
``missing`` on ``choices`` (``yes`` marks a non-substantive answer such as "Don't know"); ``settings`` may
carry ``date``, the reference date of the consultation, and ``form_title::<language>``.

Types Trialogue analyses become :class:`Item`; ``note`` and groups give structure
(an item's ``question`` is its enclosing top-level group); every other type
(calculate, geopoint, repeats, metadata, file-based selects …) is accepted and listed
in ``Instrument.not_analysed``. Names follow pyxform's rules (:mod:`surveys.instrument.xlsform_names`):
unique among siblings, so one name may stand in several groups; every item keeps its
path, and a shared name is keyed by it. Every problem is collected and reported at once,
each located to sheet and cell.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import replace
from typing import Mapping

from surveys.errors import InvalidInstrument, UnreadableFile
from surveys.limits import MAX_FORM_ID, MAX_FORM_VERSION
from surveys.model import SCALES, Choice, ChoiceList, Instrument, Item, NotAnalysed, Question, ValidationIssue
from surveys.reading.workbook import Sheet, cell_ref, cell_text, cleaning_issues, read_workbook

from .xlsform_names import Scopes, keys, reference_problem, references
from .xlsform_writer import LANGUAGE_NAMES, numbered, write_instrument

__all__ = ["LANGUAGE_CODES", "LANGUAGE_NAMES", "check_instrument", "language_code", "load_instrument", "numbered",
           "write_instrument"]

_TYPE_ALIASES = {"select one": "select_one", "select1": "select_one", "select multiple": "select_multiple",
                 "select all that apply": "select_multiple", "int": "integer", "string": "text",
                 "begin group": "begin_group", "end group": "end_group", "begin repeat": "begin_repeat",
                 "end repeat": "end_repeat", "begin_loop": "begin_repeat", "end_loop": "end_repeat",
                 "begin loop": "begin_repeat", "end loop": "end_repeat", "phone number": "phonenumber"}
#: XLSForm types Trialogue knows and does not analyse; an unknown type is accepted with a warning.
_KNOWN_OTHER = frozenset("""calculate geopoint geotrace geoshape start end today deviceid subscriberid
    simserial phonenumber username email audit acknowledge range rank image audio video file barcode
    hidden time datetime background-audio background-geopoint xml-external csv-external trigger
    select_one_from_file select_multiple_from_file select_one_external start-geopoint
    uri:deviceid uri:subscriberid uri:simserial uri:phonenumber uri:username uri:email""".split())
_ANALYSED = ("integer", "decimal", "text", "date", "select_one", "select_multiple")
_NAME = re.compile(r"^[^\W\d][\w.\-]*$")
_NO = {"", "no", "false", "false()", "0", "n"}
_LANG_COLUMNS = ("label", "hint", "form_title")

#: Language names as forms write them → our codes (the six UN languages; others keep a code).
LANGUAGE_CODES: Mapping[str, str] = {
    **dict.fromkeys(("english", "anglais", "inglés", "ingles", "английский", "英语", "英文", "الإنجليزية"), "en"),
    **dict.fromkeys(("chinese", "中文", "汉语", "漢語", "简体中文", "chinois", "chino", "китайский", "الصينية"), "zh"),
    **dict.fromkeys(("french", "français", "francais", "法语", "法文", "francés", "frances", "французский",
                     "الفرنسية"), "fr"),
    **dict.fromkeys(("spanish", "español", "espanol", "espagnol", "西班牙语", "西班牙文", "испанский",
                     "الإسبانية"), "es"),
    **dict.fromkeys(("russian", "русский", "russe", "ruso", "俄语", "俄文", "الروسية"), "ru"),
    **dict.fromkeys(("arabic", "العربية", "عربي", "arabe", "árabe", "阿拉伯语", "阿拉伯文", "арабский"), "ar"),
}



def language_code(text: str) -> str:
    """``English (en)`` → ``en``; ``中文 (zh-CN)`` → ``zh``; ``english`` → ``en``; ``Kurdish`` → ``kurdish``."""
    text = text.strip()
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if match:
        return match.group(1).strip().lower().replace("_", "-").split("-")[0]
    key = text.lower()
    return LANGUAGE_CODES.get(key) or (key if len(key) == 2 else re.sub(r"\W+", "_", key).strip("_") or key)


def load_instrument(path: str | os.PathLike, *, display_name: str | None = None) -> Instrument:
    """The instrument defined by the XLSForm workbook at ``path``.

    Raises :class:`InvalidInstrument` listing every problem (errors and warnings) when
    the form has errors, and :class:`UnreadableFile` when it is not a readable workbook.
    """
    return read_instrument(path, display_name=display_name)[0]


def read_instrument(path: str | os.PathLike, *,
                    display_name: str | None = None) -> tuple[Instrument, tuple[ValidationIssue, ...]]:
    """As :func:`load_instrument`, with the form's warnings (cells the text policy cleaned,
    unused choice lists), for a report to say."""
    instrument, issues = _parse(path, display_name)
    if instrument is None or any(i.severity == "error" for i in issues):
        raise InvalidInstrument(issues)
    return instrument, tuple(issues)


def check_instrument(path: str | os.PathLike, *, display_name: str | None = None) -> list[ValidationIssue]:
    """Every error and warning about the XLSForm at ``path`` (empty when it is clean)."""
    name = display_name or os.path.basename(os.fspath(path))
    try:
        return _parse(path, name)[1]
    except UnreadableFile as exc:
        return [ValidationIssue(name, None, None, exc.reason)]


class _Columns:
    """The header row of one sheet: column keys → index; label/hint columns by language."""

    def __init__(self, sheet: Sheet, file: str, issues: list[ValidationIssue]):
        self.index: dict[str, int] = {}
        self.langs: dict[str, dict[str, int]] = {}
        for col, value in enumerate(sheet.rows[0] if sheet.rows else ()):
            text = cell_text(value)
            if not text:
                continue
            base, language = _split_header(text)
            if language is not None:
                self.langs.setdefault(base, {}).setdefault(language_code(language), col)
            elif base in self.index:
                # pyxform refuses the form ("Duplicate column header"): which one holds the truth?
                issues.append(ValidationIssue(file, sheet.name, cell_ref(0, col), f"column '{text}' appears "
                                              f"twice (also {cell_ref(0, self.index[base])}): keep one, or head "
                                              "each with its language (label::English (en))"))
            else:
                self.index[base] = col

    def get(self, row: tuple, key: str) -> str:
        col = self.index.get(key)
        return cell_text(row[col]) if col is not None and col < len(row) else ""

    def ref(self, row_index: int, key: str) -> str:
        return cell_ref(row_index, self.index.get(key, 0))

    def texts(self, row: tuple, base: str, default_lang: str) -> dict[str, str]:
        """One row's texts by language; a plain column (``label``) is the default language."""
        out = {code: cell_text(row[col]) for code, col in self.langs.get(base, {}).items() if col < len(row)}
        plain = self.get(row, base)
        if plain and not out.get(default_lang):
            out[default_lang] = plain
        return {code: text for code, text in out.items() if text}


def _base_type(raw_type: str) -> tuple[str, list[str]]:
    """``select one agree5`` → (``select_one``, [``agree5``]); ``begin group`` → (``begin_group``, [])."""
    words = raw_type.split()
    for size in (4, 3, 2):
        head = " ".join(words[:size]).lower()
        if head in _TYPE_ALIASES:
            return _TYPE_ALIASES[head], words[size:]
    return _TYPE_ALIASES.get(words[0].lower(), words[0].lower()), words[1:]


def _select_parts(rest: list[str]) -> tuple[str, bool, bool]:
    """Words after ``select_one`` → (list name, has 'or_other', has unexpected words).
    Accepts the legacy ``select one from LIST or specify other`` spelling."""
    words = [w for w in rest]
    if words and words[0].lower() == "from":
        words = words[1:]
    tail = [w.lower() for w in words[1:]]
    other = tail in (["or_other"], ["or", "specify", "other"], ["or_specify_other"])
    return (words[0] if words else ""), other, bool(tail) and not other


def _split_header(text: str) -> tuple[str, str | None]:
    """``label::English (en)`` → (``label``, ``English (en)``); ``bind:relevant`` → (``relevant``, None)."""
    match = re.match(r"^\s*([A-Za-z_]+)\s*::?\s*(.+?)\s*$", text)
    if match and match.group(1).lower() in _LANG_COLUMNS:
        return match.group(1).lower(), match.group(2)
    key = re.sub(r"^(bind|body|control)::?", "", text.strip().lower())
    return re.sub(r"\s+", "_", key), None


def _parse(path, display_name) -> tuple[Instrument | None, list[ValidationIssue]]:
    file = display_name or os.path.basename(os.fspath(path))
    sheets = {s.name.strip().lower(): s for s in read_workbook(path, display_name=file)}
    survey = sheets.get("survey")
    if survey is None:
        return None, [ValidationIssue(file, None, None, "no 'survey' sheet: an XLSForm needs a 'survey' "
                                      "sheet (and 'choices' for select questions, optionally 'settings')")]
    issues: list[ValidationIssue] = _cleaned_cells(sheets, file)
    columns = _Columns(survey, file, issues)
    missing = [key for key in ("type", "name") if key not in columns.index]
    for key in missing:
        issues.append(ValidationIssue(file, survey.name, "A1", f"no '{key}' column in the header row"))
    settings = _settings(sheets.get("settings"), file, issues)
    if missing:
        return None, _in_sheet_order(issues)
    default = settings["default_language"] or _guess_default(columns)
    lists = _choices(sheets.get("choices"), file, default, issues)
    parsed = _Survey(survey, columns, file, default, lists, issues)
    for list_name in lists:
        if list_name not in parsed.used_lists:
            issues.append(ValidationIssue(file, "choices", None, f"choice list '{list_name}' is not used by "
                                          "any question", "warning"))
    title = settings["title"] or {}
    languages = _languages([*parsed.items, *parsed.questions, *(c for cl in lists.values() for c in cl.choices)],
                           title)
    form_id = settings["form_id"] or re.sub(r"\W+", "_", os.path.splitext(file)[0])
    for what, text, longest in (("form_id", form_id, MAX_FORM_ID), ("version", settings["version"], MAX_FORM_VERSION)):
        if len(text) > longest:
            issues.append(ValidationIssue(file, "settings", None, f"the {what} has {len(text):,} characters: at most "
                                          f"{longest} (it names the form in the store and in every export)"))
    return Instrument(form_id=form_id, version=settings["version"], title=title, default_language=default,
                      reference_date=settings["date"], languages=languages, questions=tuple(parsed.questions),
                      items=tuple(parsed.items), choice_lists=lists,
                      not_analysed=tuple(parsed.others)), _in_sheet_order(issues)


def _cleaned_cells(sheets: Mapping[str, Sheet], file: str) -> list[ValidationIssue]:
    """The XLSForm's cells the text policy cleaned (warnings) or found too long (errors)."""
    return [issue for key in ("survey", "choices", "settings") if sheets.get(key) is not None
            for issue in cleaning_issues(sheets[key], file, lambda r, c: "label" if r else "header")]


def _in_sheet_order(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """Issues as a reader meets them: survey, choices, settings; by row, then column."""
    def key(issue: ValidationIssue):
        match = re.match(r"([A-Z]+)(\d+)", issue.cell or "")
        row, col = (int(match.group(2)), (len(match.group(1)), match.group(1))) if match else (10**9, (0, ""))
        rank = ("survey", "choices", "settings").index(issue.sheet) if issue.sheet in ("survey", "choices",
                                                                                        "settings") else 3
        return rank, row, col
    return sorted(issues, key=key)


def _guess_default(columns: _Columns) -> str:
    codes = list(columns.langs.get("label", {}))
    if "label" in columns.index or "en" in codes or not codes:
        return "en"
    return codes[0]


def _languages(things, title: Mapping[str, str]) -> tuple[str, ...]:
    """Languages that carry any text, in the order they first appear."""
    seen: dict[str, None] = {}
    for thing in things:
        for code in (*thing.labels, *getattr(thing, "hints", {})):
            seen.setdefault(code)
    for code in title:
        seen.setdefault(code)
    return tuple(seen)


def _settings(sheet: Sheet | None, file: str, issues: list[ValidationIssue]) -> dict:
    out = {"title": {}, "form_id": "", "version": "", "default_language": "", "date": None}
    if sheet is None or len(sheet.rows) < 2:
        return out
    columns = _Columns(sheet, file, [])
    row = sheet.rows[1]
    default_text = columns.get(row, "default_language")
    out["default_language"] = language_code(default_text) if default_text else ""
    out["title"] = columns.texts(row, "form_title", out["default_language"] or "en")
    out["form_id"] = columns.get(row, "form_id")
    out["version"] = columns.get(row, "version")
    if "date" in columns.index:
        value = row[columns.index["date"]] if columns.index["date"] < len(row) else None
        if isinstance(value, dt.datetime):
            out["date"] = value.date()
        elif isinstance(value, dt.date):
            out["date"] = value
        elif cell_text(value):
            try:
                out["date"] = dt.date.fromisoformat(cell_text(value))
            except ValueError:
                issues.append(ValidationIssue(file, sheet.name, columns.ref(1, "date"), f"date '{cell_text(value)}'"
                                              " is not a date: expected YYYY-MM-DD, e.g. 2015-12-11"))
    return out


def _choices(sheet: Sheet | None, file: str, default: str, issues: list[ValidationIssue]) -> dict[str, ChoiceList]:
    if sheet is None or not sheet.rows:
        return {}
    columns = _Columns(sheet, file, issues)
    if "list_name" not in columns.index or "name" not in columns.index:
        issues.append(ValidationIssue(file, sheet.name, "A1", "the choices sheet needs columns 'list_name' and "
                                      "'name'"))
        return {}
    lists: dict[str, list[Choice]] = {}
    for r, row in enumerate(sheet.rows[1:], start=1):
        list_name, name = columns.get(row, "list_name"), columns.get(row, "name")
        if not list_name:
            if name:
                issues.append(ValidationIssue(file, sheet.name, columns.ref(r, "list_name"),
                                              f"choice '{name}' has no list_name"))
            continue
        if not name:
            issues.append(ValidationIssue(file, sheet.name, columns.ref(r, "name"),
                                          f"a choice of list '{list_name}' has no name"))
            continue
        choices = lists.setdefault(list_name, [])
        if any(c.name == name for c in choices):
            issues.append(ValidationIssue(file, sheet.name, columns.ref(r, "name"),
                                          f"choice '{name}' appears twice in list '{list_name}'"))
            continue
        choices.append(Choice(name, columns.texts(row, "label", default),
                              columns.get(row, "missing").lower() not in _NO))
    return {name: ChoiceList(name, tuple(choices)) for name, choices in lists.items()}


class _Survey:
    """One pass over the survey sheet: items, top-level groups, rows not analysed."""

    def __init__(self, sheet, columns: _Columns, file, default, lists: dict[str, ChoiceList], issues):
        self.sheet, self.columns, self.file, self.default, self.lists = sheet, columns, file, default, lists
        self.issues = issues
        self.items: list[Item] = []
        self.questions: list[Question] = []
        self.others: list[NotAnalysed] = []
        self.used_lists: set[str] = set()
        self.scopes = Scopes()
        self.names: Counter = Counter()  # every question, group and repeat name, for ${name}
        self.paths: list[str] = []
        for r, row in enumerate(sheet.rows[1:], start=1):
            self._row(r, row)
        for scope in self.scopes.open:
            self._error(scope.row, "type", f"begin_{scope.kind} '{scope.name}' is never closed by end_{scope.kind}")
        self._check_references()
        self._key_by_path()

    @property
    def stack(self) -> list:
        return self.scopes.open

    def _error(self, r: int, key: str, message: str, severity: str = "error") -> None:
        self.issues.append(ValidationIssue(self.file, self.sheet.name, self.columns.ref(r, key), message, severity))

    def _row(self, r: int, row: tuple) -> None:
        raw_type, name = self.columns.get(row, "type"), self.columns.get(row, "name")
        if not raw_type:
            if name:
                self._error(r, "type", f"row '{name}' has no type and is ignored", "warning")
            return
        base, rest = _base_type(raw_type)
        full_type = " ".join([base, *rest])
        in_repeat = any(scope.kind == "repeat" for scope in self.stack)
        if base in ("end_group", "end_repeat"):
            if in_repeat:
                self.others.append(NotAnalysed(name, base, r + 1, ""))
            return self._close(r, base[4:])
        path = self.scopes.path(name)
        if name:
            if not _NAME.match(name):
                self._error(r, "name", f"name '{name}' is not valid: use letters, digits, '_', '-' or '.', "
                            "starting with a letter or '_'")
            else:
                self.names[name] += 1
                self.paths.append(path)
                kind = base[6:] if base in ("begin_group", "begin_repeat") else "question"
                error, warning = self.scopes.claim(name, kind, f"{self.sheet.name}!{self.columns.ref(r, 'name')}")
                if error:
                    self._error(r, "name", error)
                if warning:
                    self._error(r, "name", warning, "warning")
        elif base in ("select_one", "select_multiple", "integer", "decimal", "text", "date", "begin_group",
                      "begin_repeat"):
            return self._error(r, "name", f"a '{raw_type}' row has no name")
        if base not in _KNOWN_OTHER and base not in (*_ANALYSED, "note", "begin_group", "begin_repeat"):
            self._error(r, "type", f"type '{raw_type}' is not a known XLSForm type; the row is not analysed",
                        "warning")
        if in_repeat or base == "begin_repeat":
            # Answers inside a repeat come many to a respondent: kept, in order, but not analysed.
            if base in ("select_one", "select_multiple") and rest:
                self.used_lists.add(_select_parts(rest)[0])
            self.others.append(NotAnalysed(name, full_type, r + 1, path if name else ""))
        elif base in ("select_one", "select_multiple"):
            self._select(r, row, base, rest, name, raw_type, path)
        elif base in _ANALYSED:
            self._item(r, row, base, name, path)
        elif base not in ("note", "begin_group"):
            self.others.append(NotAnalysed(name, full_type, r + 1, path if name else ""))
        if base in ("begin_group", "begin_repeat"):
            if base == "begin_group" and not self.stack:
                self.questions.append(Question(name, self.columns.texts(row, "label", self.default)))
            self.scopes.begin(base[6:], name, r)

    def _check_references(self) -> None:
        """``${name}`` must name one question, group or repeat (pyxform refuses the form otherwise)."""
        skip = {self.columns.index.get("type"), self.columns.index.get("name"), self.columns.index.get("trigger")}
        for r, row in enumerate(self.sheet.rows[1:], start=1):
            for col, value in enumerate(row):
                if col in skip or not isinstance(value, str) or "${" not in value:
                    continue
                for name in dict.fromkeys(references(value)):
                    problem = reference_problem(name, self.names, self.paths)
                    if problem:
                        self.issues.append(ValidationIssue(self.file, self.sheet.name, cell_ref(r, col), problem))

    def _key_by_path(self) -> None:
        """Items and rows not analysed keep their short name as key unless another question
        shares it; then their path is the key (``dola/price``)."""
        named = [i for i, other in enumerate(self.others) if other.name]
        paths = [item.path for item in self.items] + [self.others[i].path for i in named]
        new = keys(paths)
        self.items = [item if key == item.name else replace(item, name=key)
                      for item, key in zip(self.items, new)]
        for i, key in zip(named, new[len(self.items):]):
            if key != self.others[i].name:
                self.others[i] = replace(self.others[i], name=key)

    def _close(self, r: int, kind: str) -> None:
        scope = self.scopes.end()
        if scope is None:
            return self._error(r, "type", f"end_{kind} without a matching begin_{kind}")
        if scope.kind != kind:
            self._error(r, "type", f"end_{kind} closes begin_{scope.kind} '{scope.name}'")

    def _select(self, r, row, base, rest, name, raw_type, path) -> None:
        list_name, other, extra = _select_parts(rest)
        if not list_name or extra:
            return self._error(r, "type", f"type '{raw_type}' should be '{base} LIST_NAME'")
        if list_name not in self.lists:
            return self._error(r, "type", f"{base} '{name}' uses choice list '{list_name}', which is not "
                               "on the choices sheet")
        self.used_lists.add(list_name)
        if other:
            choices = self.lists[list_name]
            if choices.get("other") is None:
                self.lists[list_name] = ChoiceList(list_name, (*choices.choices, Choice("other", {"en": "Other"})))
            self.others.append(NotAnalysed(f"{name}_other", "text", r + 1, f"{path}_other"))
            self._error(r, "type", f"'{name}': the 'other' free text is not analysed", "warning")
        if base == "select_multiple":
            for choice in self.lists[list_name].choices:
                if " " in choice.name:
                    self._error(r, "type", f"choice '{choice.name}' of list '{list_name}' contains a space, "
                                "which select_multiple answers cannot hold")
        self._item(r, row, base, name, path, list_name)

    def _item(self, r, row, base, name, path, list_name=None) -> None:
        measure_text = self.columns.get(row, "measure").lower()
        measure = None
        if base == "select_one":
            measure = measure_text or "nominal"
            if measure not in ("ordinal", "nominal"):
                self._error(r, "measure", f"measure '{measure_text}' of '{name}' is not valid: expected "
                            "'ordinal' or 'nominal'")
        elif measure_text:
            self._error(r, "measure", f"measure applies to select_one only; ignored for '{name}'", "warning")
        scale_text = self.columns.get(row, "scale").lower()
        scale = None
        if scale_text and measure != "ordinal":
            self._error(r, "scale", f"scale applies to ordinal select_one questions only; ignored for '{name}'",
                        "warning")
        elif scale_text in SCALES:
            scale = scale_text
        elif scale_text:
            self._error(r, "scale", f"scale '{scale_text}' of '{name}' is not valid: expected one of "
                        f"{', '.join(SCALES)} (or blank, to infer it from the choice labels)")
        relevant = self.columns.get(row, "relevant")
        question = self.stack[0].name if self.stack and self.stack[0].kind == "group" else None
        self.items.append(Item(name=name, type=base, labels=self.columns.texts(row, "label", self.default),
                               list_name=list_name, measure=measure, question=question,
                               hints=self.columns.texts(row, "hint", self.default),
                               required=self.columns.get(row, "required").lower() not in _NO,
                               relevant=relevant or None, row=r + 1, path=path, scale=scale))
