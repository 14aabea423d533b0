"""A validation report a person can act on: repeats said once, real problems first.

:func:`problems` turns the issues of a check or an import into report lines
(:class:`Problem`). A problem class seen :data:`REPEAT` times or more in one sheet
becomes one line with the count and the first names ("46 delegations already answered
in this wave (v_base.xlsx), e.g. China, France, …"); every issue stays in the line, so
the annotated workbook still marks every cell. Errors come before warnings; within each,
problems in the answers before consequences of another problem or of a switch (already
answered: ``--replace``; not stored: another file was refused), single problems before
repeated ones, in file order.

What makes two issues "the same problem": issues the library words as a
:class:`~surveys.messages.Text` agree on their kind, on the fields named in
:data:`SHARED` (or on the shape of the text, its templates without their values);
other issues agree on their message with quoted values, numbers, cells and formulas
left out. The command line and the Upload page both show these lines; :class:`Wording`
adds the item's question and wording, in the reader's language, to a message that
names an item by its code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Mapping, Sequence

from surveys.messages import N_, NP_, Listing, Text, show, translate
from surveys.model import Instrument, ValidationIssue
from surveys.respondents.registry import named

#: How often a problem class must repeat in one sheet to be said once.
REPEAT = 3

#: One line for a repeated problem class, by kind; fields of the first issue's text fill the rest.
SUMMARIES: Mapping[str, tuple[str, str]] = {
    "already_answered": NP_(
        "{n} delegation already answered in this wave ({earlier}), e.g. {examples}; import with {replace} "
        "to replace it",
        "{n} delegations already answered in this wave ({earlier}), e.g. {examples}; import with {replace} "
        "to replace them"),
    "group_override": NP_(
        "{n} respondent is declared {declared} where the registry's group is {registry}, e.g. {examples}: "
        "stored as declared; confirm, or correct the group cell",
        "{n} respondents are declared {declared} where the registry's group is {registry}, e.g. {examples}: "
        "stored as declared; confirm them, or correct the group cells"),
    "unknown_respondent": NP_(
        "{n} unknown respondent, e.g. {examples}: expected a UN member state (name or ISO code), a Secretariat "
        "unit or an observer; or give a group column",
        "{n} unknown respondents, e.g. {examples}: expected UN member states (name or ISO code), Secretariat "
        "units or observers; or give a group column"),
    "unlisted_unit": NP_(
        "{n} name is not a Secretariat unit the registry knows, e.g. {examples}: stored as {declared} as "
        "declared; check the spelling",
        "{n} names are not Secretariat units the registry knows, e.g. {examples}: stored as {declared} as "
        "declared; check the spelling"),
    "duplicate_respondent": NP_(
        "{n} delegation answers twice in this sheet, e.g. {examples}: keep one row for each",
        "{n} delegations answer twice in this sheet, e.g. {examples}: keep one row for each"),
    "duplicate_in_upload": NP_(
        "{n} delegation also answers in another file of this import, e.g. {examples}; each delegation answers once",
        "{n} delegations also answer in another file of this import, e.g. {examples}; each delegation "
        "answers once"),
}
#: Fields that must agree for repeats of a kind to be said together.
SHARED: Mapping[str, tuple[str, ...]] = {
    "already_answered": ("earlier",), "group_override": ("declared", "registry"),
    "unlisted_unit": ("declared",), "duplicate_respondent": (), "duplicate_in_upload": (),
    "unknown_respondent": (),
}
#: Any other repeated class: the count, the names or cells, and the first message whole.
NAMED = NP_("{n} respondent with the same problem ({examples}); the first: {first}",
            "{n} respondents with the same problem ({examples}); the first: {first}")
CELLS = NP_("{n} cell with the same problem ({examples}); the first: {first}",
            "{n} cells with the same problem ({examples}); the first: {first}")
#: Consequences of another problem or of a switch: shown after the problems themselves.
LATER = frozenset({"already_answered", "not_stored"})
SEVERITY = {"error": N_("error"), "warning": N_("warning")}

# What differs between repeats of an untyped message: quoted text, formulas, cells, numbers.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’|=\S+|\b[A-Z]{1,3}\$?[0-9]+\b|\b[0-9][0-9,.:/-]*\b")


@dataclass(frozen=True)
class Problem:
    """One line of a report: a single issue, or one problem class repeated in a sheet."""

    issues: tuple[ValidationIssue, ...]
    summary: Text | None = None

    @property
    def first(self) -> ValidationIssue:
        return self.issues[0]

    @property
    def severity(self) -> str:
        return self.first.severity

    @property
    def file(self) -> str:
        return self.first.file

    @property
    def sheet(self) -> str | None:
        return self.first.sheet

    @property
    def count(self) -> int:
        return len(self.issues)

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(issue.cell for issue in self.issues if issue.cell)

    def text(self, lang: str = "en", *, wording: "Wording | None" = None,
             terms: Mapping[str, str] | None = None) -> str:
        """What is wrong and what to do, in ``lang``; items glossed by ``wording``."""
        said = self.summary or self.first.text
        body = said.render(lang, terms) if said is not None else self.first.message
        return wording.gloss(body, lang) if wording is not None else body

    def place(self, lang: str = "en") -> str:
        """Where: ``responses!C5`` for one cell, ``sheet responses`` for a sheet, else ''."""
        if not self.sheet:
            return ""
        if self.summary is None and self.first.cell:
            return f"{self.sheet}!{self.first.cell}"
        return translate(N_("sheet {sheet}"), lang).format(sheet=self.sheet)

    def line(self, lang: str = "en", *, wording: "Wording | None" = None,
             terms: Mapping[str, str] | None = None) -> str:
        """``file, sheet!cell: error: message`` (as ``str(issue)`` for a single issue in English)."""
        place = self.place(lang)
        where = f"{self.file}, {place}" if place else self.file
        return f"{where}: {translate(SEVERITY.get(self.severity, self.severity), lang)}: " \
               f"{self.text(lang, wording=wording, terms=terms)}"


def problems(issues: Iterable[ValidationIssue], *, repeat: int = REPEAT) -> tuple[Problem, ...]:
    """Report lines for ``issues``: repeats of a class in one sheet said once, real problems first."""
    groups: dict[tuple, list[tuple[int, ValidationIssue]]] = {}
    files: dict[str, int] = {}
    for index, issue in enumerate(issues):
        files.setdefault(issue.file, len(files))
        groups.setdefault((issue.file, issue.sheet, issue.severity, _problem_class(issue)), []).append((index, issue))
    lines: list[tuple[int, Problem]] = []
    for members in groups.values():
        if len(members) >= repeat:
            found = tuple(issue for _, issue in members)
            lines.append((members[0][0], Problem(found, _summary(found))))
        else:
            lines.extend((index, Problem((issue,))) for index, issue in members)
    lines.sort(key=lambda pair: (files[pair[1].file], pair[1].severity != "error", pair[1].first.kind in LATER,
                                 pair[1].count > 1, pair[0]))
    return tuple(problem for _, problem in lines)


def _problem_class(issue: ValidationIssue) -> tuple:
    text = issue.text
    if text is None:
        return (issue.kind, _VARYING.sub("…", issue.message))
    if issue.kind in SHARED:
        return (issue.kind, *(show(text.field(name), "en") for name in SHARED[issue.kind]))
    return (issue.kind, _shape(text))


def _shape(text: Text) -> tuple:
    """The templates of a text and of the texts inside it, without their values."""
    if text.source == "{text}":  # an untyped message carried as text
        return (_VARYING.sub("…", str(text)),)
    return (text.source, *(_shape(value) for _, value in text.fields if isinstance(value, Text)))


def _summary(found: Sequence[ValidationIssue]) -> Text:
    first, n = found[0], len(found)
    subjects = [issue.subject for issue in found if issue.subject]
    if first.kind in SUMMARIES and first.text is not None:
        fields = dict(first.text.fields)
        fields.update(n=n, examples=Listing(tuple(named(s) for s in subjects), n))
        return Text.of(SUMMARIES[first.kind], **fields)
    said = first.text if first.text is not None else Text.plain(first.message)
    if len(subjects) == n:
        return Text.of(NAMED, n=n, examples=Listing(tuple(named(s) for s in subjects), n), first=said)
    cells = tuple(issue.cell for issue in found if issue.cell)
    return Text.of(CELLS, n=n, examples=Listing(cells, n), first=said)


@dataclass(frozen=True)
class Wording:
    """What an instrument's items are, to say beside an item's code in a message.

    ``items`` maps an item's code to (its question's number, its labels by language).
    """

    items: Mapping[str, tuple[int | None, Mapping[str, str]]]

    @classmethod
    def of(cls, instrument: Instrument) -> "Wording":
        numbers = {question.name: number for number, question in enumerate(instrument.questions, start=1)}
        return cls({item.name: (numbers.get(item.question), item.labels) for item in instrument.items if item.labels})

    @cached_property
    def _codes(self) -> re.Pattern | None:
        if not self.items:
            return None
        names = "|".join(map(re.escape, sorted(self.items, key=len, reverse=True)))
        return re.compile(rf"(?<![\w/;])(?:{names})(?![\w])")

    def gloss(self, message: str, lang: str = "en") -> str:
        """``message`` with the question and wording of each item it names, after it, in ``lang``."""
        if self._codes is None:
            return message
        codes = list(dict.fromkeys(self._codes.findall(message)))
        if not codes:
            return message
        notes = []
        for code in codes:
            number, labels = self.items[code]
            wording = labels.get(lang) or labels.get("en") or next(iter(labels.values()))
            notes.append(Text.of(N_("{code}: question {number}, “{wording}”") if number else N_("{code}: “{wording}”"),
                                 code=code, number=number, wording=wording))
        return Text.of(N_("{message} [{notes}]"), message=Text.plain(message),
                       notes=Listing(tuple(notes), limit=None, separator=N_("; "))).render(lang)
