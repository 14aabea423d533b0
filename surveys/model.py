"""The survey domain: what was asked, who answered, and what they said.

Small frozen dataclasses shared by every part of Trialogue. Nothing here reads
files or touches a database; parsing, validation and storage live in their own
modules and return these objects.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from .messages import Text

#: The six official UN languages, in the UN's own order of precedence.
UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

#: Respondent group codes (fixed); the order is the order groups are shown in.
GROUP_CODES: tuple[str, ...] = ("council", "tcc_pcc", "secretariat", "other")

GROUP_LABELS: Mapping[str, Mapping[str, str]] = {
    "council": {"en": "Security Council", "zh": "安全理事会", "fr": "Conseil de sécurité",
                "es": "Consejo de Seguridad", "ru": "Совет Безопасности", "ar": "مجلس الأمن"},
    "tcc_pcc": {"en": "TCC/PCC", "zh": "部队和警察派遣国", "fr": "Pays fournisseurs de contingents ou de personnel de police",
                "es": "Países que aportan contingentes o fuerzas de policía",
                "ru": "Страны, предоставляющие войска и полицейские силы",
                "ar": "البلدان المساهمة بقوات وبأفراد شرطة"},
    "secretariat": {"en": "Secretariat", "zh": "秘书处", "fr": "Secrétariat", "es": "Secretaría",
                    "ru": "Секретариат", "ar": "الأمانة العامة"},
    "other": {"en": "Other", "zh": "其他", "fr": "Autres", "es": "Otros", "ru": "Другие", "ar": "أخرى"},
}

#: What an ordinal scale measures (the XLSForm ``scale`` column on ``survey``). It decides how
#: the scale is read out: its axis, the words for its upper answers, and its summary. A
#: ``sequence`` (ordered stages in time, e.g. "when should dialogue begin?") is not an opinion
#: scale: it is summarised by its distribution and median stage, never by a share "agreeing".
#: ``rating`` is the neutral reading of an ordered scale whose meaning is not known.
SCALES: tuple[str, ...] = ("agreement", "quality", "effectiveness", "severity", "frequency", "importance",
                           "sequence", "rating")
#: Words in choice labels that tell what a scale measures when the instrument does not say
#: (first match wins, in this order); ``sequence`` is never guessed.
_SCALE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("agreement", ("agree",)),
    ("effectiveness", ("effective",)),
    ("severity", ("challenge", "serious", "severe", "problem")),
    ("importance", ("important", "importance", "priority")),
    ("frequency", ("never", "always", "often", "rarely", "sometimes", "frequent")),
    ("quality", ("poor", "good", "excellent", "fair", "bad", "satisf")),
)

#: XLSForm types Trialogue analyses; everything else is accepted and listed as not analysed.
ANALYSED_TYPES: tuple[str, ...] = ("select_one", "select_multiple", "integer", "decimal", "text", "date")
#: XLSForm types that give the form structure but hold no answer.
STRUCTURE_TYPES: tuple[str, ...] = ("note", "begin_group", "end_group")


def pick_label(labels: Mapping[str, str], lang: str, fallback: str = "en") -> str:
    """The label in ``lang``, else in ``fallback``, else any label, else ''."""
    for code in (lang, fallback):
        text = labels.get(code)
        if text:
            return text
    return next((text for text in labels.values() if text), "")


@dataclass(frozen=True)
class Choice:
    """One answer option of a choice list. ``missing`` marks a non-substantive answer."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    missing: bool = False

    def label(self, lang: str = "en") -> str:
        return pick_label(self.labels, lang) or self.name


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    def get(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)

    @property
    def substantive(self) -> tuple[Choice, ...]:
        """Choices that carry an opinion, in scale order (non-substantive ones removed)."""
        return tuple(c for c in self.choices if not c.missing)


def infer_scale(choices: ChoiceList | None) -> str:
    """What an ordinal scale measures, guessed from its English (else any) choice labels:
    the first of :data:`_SCALE_WORDS` found, else ``rating``. Used only when the instrument
    has no ``scale`` for the item."""
    words = " ".join(pick_label(c.labels, "en") or c.name for c in (choices.substantive if choices else ())).lower()
    for scale, hints in _SCALE_WORDS:
        if any(hint in words for hint in hints):
            return scale
    return "rating"


@dataclass(frozen=True)
class Question:
    """A top-level group of the instrument: one discussion question (``q1`` … ``q6``)."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return pick_label(self.labels, lang) or self.name


@dataclass(frozen=True)
class Item:
    """One analysed question of the instrument (an XLSForm survey row that holds an answer).

    ``type`` is the XLSForm base type (``select_one``, ``select_multiple``, ``integer``,
    ``decimal``, ``text``, ``date``); ``list_name`` the choice list of a select;
    ``measure`` is ``ordinal`` or ``nominal`` for select_one and ``None`` otherwise;
    ``question`` the name of the enclosing top-level group; ``row`` the survey-sheet row;
    ``scale`` what an ordinal scale measures (one of :data:`SCALES`), ``None`` when the
    instrument does not say (then :meth:`Instrument.scale_of` infers it).

    ``path`` is the item's full path through its groups (``q1/q1_overall``), as Kobo and
    ODK exports head their columns. Names are unique within their group, not across the
    form (pyxform's rule), so ``name`` — the key answers are stored and summarised under —
    is the short name where no other question of the form shares it, else the path.
    Left empty, ``path`` is ``question/name`` (``name`` alone outside a group).
    """

    name: str
    type: str
    labels: Mapping[str, str] = field(default_factory=dict)
    list_name: str | None = None
    measure: str | None = None
    question: str | None = None
    hints: Mapping[str, str] = field(default_factory=dict)
    required: bool = False
    relevant: str | None = None
    row: int | None = None
    path: str = ""
    scale: str | None = None

    def __post_init__(self) -> None:
        if not self.path:
            object.__setattr__(self, "path", default_path(self.name, self.question))

    @property
    def short_name(self) -> str:
        """The name on the survey sheet (the last part of the path)."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def kind(self) -> str:
        """What the analysis does with it: ordinal, nominal, multiple, numeric, text or date."""
        if self.type == "select_one":
            return "ordinal" if self.measure == "ordinal" else "nominal"
        if self.type == "select_multiple":
            return "multiple"
        if self.type in ("integer", "decimal"):
            return "numeric"
        return self.type

    def label(self, lang: str = "en") -> str:
        return pick_label(self.labels, lang) or self.name


@dataclass(frozen=True)
class NotAnalysed:
    """A survey row of a type Trialogue accepts but does not analyse (calculate, geopoint, start …).

    ``name`` and ``path`` follow :class:`Item`: the short name unless another question shares it."""

    name: str
    type: str
    row: int | None = None
    path: str = ""

    def __post_init__(self) -> None:
        if not self.path:
            object.__setattr__(self, "path", self.name)


def default_path(name: str, question: str | None) -> str:
    """The path of an item known by name and question only (built in code, or stored before
    paths were kept): a name that already is a path stays as it is."""
    return name if not question or "/" in name else f"{question}/{name}"


@dataclass(frozen=True)
class Instrument:
    """A questionnaire, as defined by an XLSForm workbook."""

    form_id: str
    version: str
    title: Mapping[str, str]
    default_language: str
    reference_date: dt.date | None
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    items: tuple[Item, ...]
    choice_lists: Mapping[str, ChoiceList]
    not_analysed: tuple[NotAnalysed, ...] = ()

    def item(self, name: str) -> Item:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def choices(self, item: Item | str) -> ChoiceList | None:
        item = self.item(item) if isinstance(item, str) else item
        return self.choice_lists.get(item.list_name) if item.list_name else None

    def scale_of(self, item: Item | str) -> str | None:
        """What an ordinal item's scale measures: the instrument's ``scale``, else inferred
        from the choice labels (:func:`infer_scale`); ``None`` for other kinds of item."""
        item = self.item(item) if isinstance(item, str) else item
        if item.kind != "ordinal":
            return None
        return item.scale or infer_scale(self.choices(item))

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)

    def items_of(self, question: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.question == question)

    def title_in(self, lang: str = "en") -> str:
        return pick_label(self.title, lang) or self.form_id


@dataclass(frozen=True)
class Wave:
    """One round of the consultation: an instrument answered as of a reference date."""

    name: str
    form_id: str
    version: str
    reference_date: dt.date | None


@dataclass(frozen=True)
class Respondent:
    """Who answered: a member state, a Secretariat unit, or another participant.

    ``name`` is the canonical display name (the UN English short name for a state);
    ``council_seat`` is ``p5``, ``e10`` or ``None`` at the wave's reference date;
    ``attributes`` hold extra workbook columns usable as compare-by variables;
    ``consent`` is the delegation's answer to being named beside its comments.
    """

    name: str
    group: str
    iso3: str | None = None
    region: str | None = None
    council_seat: str | None = None
    tcc_pcc: bool = False
    attributes: Mapping[str, str] = field(default_factory=dict)
    #: May other delegations see this respondent's comments with its name? (None: not said)
    consent: bool | None = None


@dataclass(frozen=True)
class Answer:
    """One answer. Selects hold choice names; select_multiple holds them space-separated
    (the XLSForm convention); numbers and dates are stored as their canonical text."""

    respondent: str
    item: str
    value: str


@dataclass(frozen=True)
class ValidationIssue:
    """A problem found in an uploaded file, located to the cell (``responses!D7``).

    ``message`` is the English text. An issue built from a :class:`surveys.messages.Text`
    keeps it as ``text`` so it can be shown in the reader's language; ``kind`` names the
    problem class and ``subject`` what differs between its repeats (a delegation's name),
    so that a report can say a repeated problem once (:mod:`surveys.reading.problems`).
    """

    file: str
    sheet: str | None
    cell: str | None
    message: str
    severity: str = "error"  # or "warning"
    text: Text | None = field(default=None, compare=False, repr=False)
    kind: str | None = field(default=None, compare=False)
    subject: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.sheet and self.sheet == self.file:  # a CSV file is its own sheet: answers.csv!D7
            where += f"!{self.cell}" if self.cell else ""
        elif self.sheet:
            where += f", {self.sheet}!{self.cell}" if self.cell else f", sheet {self.sheet}"
        return f"{where}: {self.severity}: {self.message}"
