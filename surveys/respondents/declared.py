"""A declared group against the registry: impossible combinations, plausible overrides.

A ``group`` cell may say where a respondent belongs. The registry knows, at the wave's
reference date, whether a member state sat on the Security Council and whether it had
uniformed personnel deployed (its :class:`Standing`). :func:`judge` compares the two:

=====================  =========  ==========  ===========  ==========  =========
registry ↓ / declared  council    tcc_pcc     secretariat  other       observer
=====================  =========  ==========  ===========  ==========  =========
Council member         —          warning     error        warning     error
Council + contributor  —          warning     error        warning     error
contributor            error      —           error        warning     error
neither                error      warning     error        —           error
observer               error      error       error        —           —
Secretariat unit       error      error       —            warning     error
name not in registry   error      error       warning      —           —
=====================  =========  ==========  ===========  ==========  =========

An error is a combination that cannot be true (a member state is never an observer or
a Secretariat unit; a state not on the Council in the reference year is not a Council
member; an observer or a unit neither sits on the Council nor contributes troops). A
warning is an override a secretariat may mean (a Council member answering as a
contributor, a state whose contribution started after the month of figures): the
declared group is stored, and the message shows the registry's view beside it so that
someone can confirm or correct it. Without a declared group the registry decides.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from surveys.messages import N_, Group, Month, Name, Text

from .names import name_key

#: What a group cell says when it claims observer status (all are read as group ``other``).
_OBSERVER_WORDS = frozenset(map(name_key, (
    "observer", "observers", "observer state", "observer states", "non-member", "non-member state",
    "non-member states", "观察员", "观察员国", "observateur", "observateurs", "état observateur",
    "États observateurs", "observador", "observadores", "Estado observador", "наблюдатель",
    "государство-наблюдатель", "مراقب", "دولة مراقبة")))

_WHAT = {"council": N_("a member of the Security Council"), "tcc_pcc": N_("a troop- or police-contributing country"),
         "secretariat": N_("a Secretariat unit"), "observer": N_("an observer")}

CONFLICT = N_("{reason}: the group cell says '{written}', the registry's group is {view}; "
              "write {expected} or leave the cell blank")
OVERRIDE = N_("{name} is declared {declared} ('{written}'), but the registry's group is {view}: stored as "
              "{declared} as declared; confirm it, or correct the group cell (left blank, the registry's "
              "group is used)")


@dataclass(frozen=True)
class Declared:
    """A group cell as read: the group code, the text as written, and whether it claims observer status."""

    code: str
    written: str
    observer: bool = False

    @classmethod
    def read(cls, code: str, written: str) -> "Declared":
        return cls(code, " ".join(written.split()), code == "other" and name_key(written) in _OBSERVER_WORDS)

    @property
    def label(self) -> Group:
        return Group(self.code, self.observer)


@dataclass(frozen=True)
class Standing:
    """What the registry knows of a respondent at the reference date.

    ``kind`` is ``state``, ``unit`` (Secretariat), ``observer`` or ``unknown``; for a state,
    ``seat`` is ``p5``/``e10``/None (``seats_known`` False outside the registry's years) and
    ``contributor`` says whether the figures of ``month`` show uniformed personnel;
    ``council_years`` are the years the registry knows the Council for; ``names`` the
    respondent's names by language, so a message names it in the reader's language.
    """

    kind: str
    name: str
    year: int
    seat: str | None = None
    seats_known: bool = True
    contributor: bool = False
    month: dt.date | None = None
    council_years: range = range(0)
    names: tuple[tuple[str, str], ...] = ()

    @property
    def group(self) -> str | None:
        """The group the registry gives (None for a name it does not know)."""
        if self.kind == "state":
            return "council" if self.seat else "tcc_pcc" if self.contributor else "other"
        return {"unit": "secretariat", "observer": "other"}.get(self.kind)

    def view(self) -> Text:
        """The registry's group and why: "Security Council (elected member …; uniformed personnel …)"."""
        if self.kind == "unit":
            return Text.of(N_("{group} (a unit of the UN Secretariat)"), group=Group("secretariat"))
        if self.kind == "observer":
            return Text.of(N_("{group} (an observer, not a UN member state)"), group=Group("other"))
        if self.seat == "p5":
            council = Text.of(N_("permanent member"))
        elif self.seat:
            council = Text.of(N_("elected member in {year}"), year=self.year)
        elif self.seats_known:
            council = Text.of(N_("not on the Council in {year}"), year=self.year)
        else:
            council = Text.of(N_("Council membership in {year} unknown to the registry"), year=self.year)
        if self.month is None:
            contribution = Text.of(N_("uniformed personnel in the contribution figures") if self.contributor
                                   else N_("no uniformed personnel in the contribution figures"))
        else:
            contribution = Text.of(N_("uniformed personnel in the figures for {month}") if self.contributor
                                   else N_("no uniformed personnel in the figures for {month}"),
                                   month=Month(self.month))
        return Text.of(N_("{group} ({council}; {contribution})"), group=Group(self.group or "other"),
                       council=council, contribution=contribution)


@dataclass(frozen=True)
class Judgement:
    """The group to store (None: refused), and the problem, if any, with its kind.

    ``on_group`` says the problem lies in the group cell (the registry knows the
    respondent and contradicts the declared group); otherwise it lies in the name.
    """

    group: str | None
    problem: Text | None = None
    kind: str | None = None
    on_group: bool = False


def judge(standing: Standing, declared: Declared | None, reference_date: dt.date) -> Judgement:
    """Where a respondent with this ``standing`` belongs when its group cell says ``declared``."""
    name = Name(standing.name, standing.names)
    if standing.kind == "unknown":
        return _unknown(standing, declared)
    if declared is None:
        if standing.kind == "state" and not standing.seats_known:
            return Judgement(None, Text.of(
                N_("cannot tell whether {name} was on the Security Council in {year} (the registry covers "
                   "{first}-{last}): give a group column"), name=name, year=standing.year,
                first=standing.council_years[0], last=standing.council_years[-1]), "needs_group")
        return Judgement(standing.group)
    reason = _impossible(standing, declared, reference_date)
    if reason is not None:
        if isinstance(reason, Judgement):
            return reason
        return Judgement(None, Text.of(CONFLICT, reason=reason, written=declared.written, view=standing.view(),
                                       expected=Group(standing.group), declared=declared.label),
                         "group_conflict", True)
    if declared.code != standing.group:
        # ``registry`` is not in the sentence; a summary of repeated overrides names it.
        return Judgement(declared.code, Text.of(OVERRIDE, name=name, declared=declared.label,
                                                written=declared.written, view=standing.view(),
                                                registry=Group(standing.group)), "group_override", True)
    return Judgement(declared.code)


def _impossible(standing: Standing, declared: Declared, reference_date: dt.date):
    """Why the declared group cannot be true for this standing (a Text), a refusal of its own, or None."""
    name, code = Name(standing.name, standing.names), "observer" if declared.observer else declared.code
    if standing.kind == "state":
        if code == "observer":
            return Text.of(N_("{name} is a UN member state, not an observer"), name=name)
        if code == "secretariat":
            return Text.of(N_("{name} is a member state, not a Secretariat unit"), name=name)
        if code == "council" and not standing.seats_known:
            return Judgement(None, Text.of(
                N_("cannot check whether {name} was on the Security Council in {year}: the registry covers "
                   "{first}-{last}; give another reference date"), name=name, year=standing.year,
                first=standing.council_years[0], last=standing.council_years[-1]), "council_year_unknown", True)
        if code == "council" and standing.seat is None:
            return Text.of(N_("{name} was not a member of the Security Council in {year} (reference date {date})"),
                           name=name, year=standing.year, date=reference_date.isoformat())
        return None
    if standing.kind == "unit" and code in ("council", "tcc_pcc", "observer"):
        return Text.of(N_("{name} is a Secretariat unit, not {what}"), name=name, what=Text.of(_WHAT[code]))
    if standing.kind == "observer" and code in ("council", "tcc_pcc", "secretariat"):
        return Text.of(N_("{name} is an observer, not {what}"), name=name, what=Text.of(_WHAT[code]))
    return None


def _unknown(standing: Standing, declared: Declared | None) -> Judgement:
    """A name the registry does not know: only a declared group can place it."""
    written = standing.name
    if declared is None:
        return Judgement(None, Text.of(
            N_("unknown respondent '{name}': expected a UN member state (name or ISO code), a Secretariat unit, "
               "or an observer; or give a group column"), name=written), "unknown_respondent")
    if declared.code in ("council", "tcc_pcc"):
        return Judgement(None, Text.of(
            N_("unknown member state '{name}' declared {declared}: expected a UN member state (name or ISO code)"),
            name=written, declared=declared.label), "unknown_state")
    if declared.code == "secretariat":
        # Units are renamed often: a name the registry does not list is taken as declared, with a word.
        return Judgement("secretariat", Text.of(
            N_("'{name}' is not a Secretariat unit the registry knows: stored as {declared} as declared; check the "
               "spelling, or confirm a unit the registry does not list yet"), name=written,
            declared=declared.label), "unlisted_unit")
    return Judgement("other")


