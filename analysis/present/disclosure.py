"""Which figure may be shown to whom: the one disclosure rule, for every page and every export.

Every share the dashboard draws, labels or lists and every share a report prints passes
through :func:`share` here, every member's or viewer's summary is built by
:func:`summarize_for`, and every comment's author is named (or not) by
:func:`comment_author`, so the rules are decided once:

* **Small groups.** A share (a percentage) is shown only for a group of at least
  :data:`MIN_SHARE_N` answers; below that the group is written as a count, "3 of 4",
  because a percentage of four answers reads like a general claim it cannot support.
* **Minimum cell size.** The secretariat sees every count. Members and viewers see nothing
  about fewer than ``Audience.min_cell`` (k, default 3) answers: no count, share, median,
  interval or chart segment for a group, a group within a filter, or an option chosen by
  fewer than k (:func:`share`, :func:`withheld_options`).
* **Complementary suppression** (:func:`disclosed`). Subtracting two views — a filter and
  its complement, a group and the total, two compare-by variables, a view and its filters —
  must not isolate fewer than k respondents. The rule: for members and viewers,
  respondents are partitioned into *atoms*, the combinations of every variable they may
  compare or filter by. Respondents of a group with fewer than k are left out of their
  figures altogether (not shown as a group, not counted in any total, not in any test);
  then each further variable (Council seat, region, contributor status, workbook
  attributes) is offered only if every atom it would create among the rest holds k or
  more respondents. Every figure a member can reach is then computed from a union of
  atoms, so any sum or difference of figures is again about whole atoms: at least k
  respondents, never one delegation. Filters on answers to items are not offered, and a
  viewer sees the published comparison only (by group, unfiltered). docs/confidentiality.md
  states the rule, its proof and its limits (unanimity within an atom; the same atom
  watched before and after an import).
* **Names.** Comments carry their delegation's name only for the secretariat (not in an
  anonymous wave), for the delegation itself, or where the delegation consented and the
  wave is attributed (:func:`comment_author`).

Every public function of :mod:`analysis.present` takes an ``audience`` argument and hands it
down to this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from surveys.errors import TrialogueError

from . import numbers as num
from .language import sentences, translations

if TYPE_CHECKING:
    from surveys.wavedata import WaveData

#: Groups with fewer answers than this are written as counts, never as percentages.
MIN_SHARE_N = 5
#: Default minimum cell size for members and viewers: fewer answers are withheld entirely.
MIN_CELL = 3
ROLES: tuple[str, ...] = ("secretariat", "member", "viewer")


@dataclass(frozen=True)
class Audience:
    """Who reads the figures: a ``role`` (secretariat, member, viewer), a member's own
    ``delegation`` (its own answers stay visible to it), and the minimum cell size."""

    role: str = "secretariat"
    delegation: str | None = None
    min_cell: int = MIN_CELL

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown audience role {self.role!r}: expected one of {', '.join(ROLES)}")

    @property
    def sees_everything(self) -> bool:
        """The secretariat sees every count (and, elsewhere, attributed answers)."""
        return self.role == "secretariat"

    @property
    def key(self) -> tuple[str, int]:
        """What a cached figure depends on (a member's own delegation changes no aggregate)."""
        return ("secretariat", 0) if self.sees_everything else (self.role, self.min_cell)


#: Today's audience everywhere: the secretariat, with the small-group share rule.
SECRETARIAT = Audience()


def shows_group(n: int, audience: Audience = SECRETARIAT) -> bool:
    """Whether anything about a group of ``n`` answers may be shown (its 0 always may)."""
    return audience.sees_everything or n == 0 or n >= audience.min_cell


def shows_share(n: int, audience: Audience = SECRETARIAT) -> bool:
    """Whether a group of ``n`` answers may be given as a percentage."""
    return n >= MIN_SHARE_N and shows_group(n, audience)


def shows_count(k: int, audience: Audience = SECRETARIAT) -> bool:
    """Whether a count of ``k`` (people choosing an option, say) may be shown."""
    return audience.sees_everything or k == 0 or k >= audience.min_cell


@dataclass(frozen=True)
class Share:
    """One group's share as it may be shown: ``mode`` is ``percent`` (n ≥ 5), ``count``
    ("3 of 4"), ``withheld`` (too few for this audience) or ``none`` (nobody answered)."""

    k: int | None
    n: int
    value: float | None
    mode: str
    floor: int = MIN_CELL

    @property
    def shown(self) -> float | None:
        """The share when it may be drawn or printed as a number, else None."""
        return self.value if self.mode == "percent" else None

    def text(self, lang: str = "en") -> str:
        """``75%``, ``3 of 4``, ``fewer than 3 answers`` or a dash."""
        tr = translations(lang)
        if self.mode == "percent":
            return num.percent(self.value, lang)
        if self.mode == "count":
            return tr.gettext("{k} of {n}").format(k=self.k, n=self.n)
        if self.mode == "withheld":
            if self.n >= self.floor:  # a count too small in a group large enough to show
                return tr.gettext("fewer than {k} of {n}").format(k=self.floor, n=self.n)
            return withheld_text(lang, self.floor)
        return num.DASH

    def fraction(self, lang: str = "en") -> str:
        """A table cell: ``9/12 (75%)``, ``2/3`` below five answers, a dash or "fewer than 3"."""
        if self.mode == "percent":
            return f"{self.k}/{self.n} ({num.percent(self.value, lang)})"
        if self.mode == "count":
            return f"{self.k}/{self.n}"
        return self.text(lang)


def withheld_text(lang: str, k: int = MIN_CELL) -> str:
    """What stands where a group's figures are withheld: "fewer than 3 answers"."""
    return translations(lang).ngettext("fewer than {k} answer", "fewer than {k} answers", k).format(k=k)


def share(k: int | None, n: int | None, value: float | None = None, audience: Audience = SECRETARIAT) -> Share:
    """How ``k`` of ``n`` (share ``value``, computed when not given) may be shown."""
    n = int(n or 0)
    if n == 0 or k is None:
        return Share(k, n, None, "none")
    if not shows_group(n, audience) or not shows_count(int(k), audience):
        return Share(None, n, None, "withheld", audience.min_cell)
    value = k / n if value is None or not num.is_number(value) else float(value)
    return Share(int(k), n, value, "percent" if shows_share(n, audience) else "count", audience.min_cell)


def small_groups_note(lang: str, audience: Audience = SECRETARIAT) -> str:
    """The note under a table or chart where a rule applied."""
    tr = translations(lang)
    text = tr.gettext("Groups of fewer than {min_n} answers are given as counts (“3 of 4”), "
                      "not as percentages.").format(min_n=MIN_SHARE_N)
    if not audience.sees_everything:
        text = sentences(lang, text, tr.gettext("Figures for fewer than {k} answers are withheld.").format(
            k=audience.min_cell))
    return text


def withheld_options(counts: Sequence[int], audience: Audience = SECRETARIAT) -> tuple[bool, ...]:
    """Which counts of one group's distribution are withheld from ``audience``: each one from 1
    to k − 1, and — when that withholds exactly one — the smallest other non-zero count too, so
    the withheld one is not simply the total minus the others (secondary suppression)."""
    hidden = [not shows_count(int(c), audience) for c in counts]
    _partner(counts, hidden)
    return tuple(hidden)


def withheld_table(rows: Sequence[Sequence[int]], audience: Audience = SECRETARIAT) -> list[list[bool]]:
    """:func:`withheld_options` over the rows and the columns of a table whose row and column
    totals are both shown (a deliberation round's opinion groups × institutional groups),
    repeated until no row or column holds a lone withheld count."""
    hidden = [[not shows_count(int(c), audience) for c in row] for row in rows]
    width = len(rows[0]) if rows else 0
    changed = True
    while changed:
        changed = any([_partner(row, mask) for row, mask in zip(rows, hidden)])
        for j in range(width):
            column = [mask[j] for mask in hidden]
            if _partner([row[j] for row in rows], column):
                changed = True
                for mask, gone in zip(hidden, column):
                    mask[j] = gone
    return hidden


def _partner(values: Sequence[int], hidden: list[bool]) -> bool:
    """Beside a lone withheld value, withhold the smallest shown non-zero one too; True if it did."""
    if sum(hidden) != 1:
        return False
    others = [(int(c), j) for j, c in enumerate(values) if not hidden[j] and int(c) > 0]
    if not others:
        return False
    hidden[min(others)[1]] = True
    return True


# --- complementary suppression: the views a member or viewer may reach ---------------------

#: Respondent variables members may compare and filter by, in the order they are offered
#: (the wave's workbook attributes follow, by name).
CANDIDATES: tuple[str, ...] = ("group", "p5_e10", "region", "tcc_pcc")
#: Stands for "no value" in an atom: respondents without a region still form a combination.
_NONE = "\x00none"


class ViewRefused(TrialogueError):
    """A comparison or filter the audience may not see (it could isolate fewer than k respondents)."""


@dataclass(frozen=True)
class Disclosed:
    """What an audience may be shown of a wave (:func:`disclosed`).

    ``data``: the wave with the respondents of groups under k left out (for the secretariat,
    the wave itself); ``variables``: what the audience may compare and filter by;
    ``withheld``: how many respondents were left out; ``refused``: variable -> the atom
    size that kept it from being offered.
    """

    data: Any
    variables: tuple[str, ...]
    withheld: int = 0
    refused: Mapping[str, int] = field(default_factory=dict)
    audience: Audience = SECRETARIAT

    def check(self, by: str, filters: Mapping[str, object] | None = None, other: "Disclosed | None" = None) -> None:
        """Raise :class:`ViewRefused` unless ``by`` and ``filters`` may be shown to this audience."""
        if self.audience.sees_everything:
            return
        k = self.audience.min_cell
        variables = set(self.variables) & set(other.variables) if other is not None else set(self.variables)
        if by == "wave":
            if other is None:
                raise ViewRefused("comparing by wave needs a second wave")
        elif by not in variables:
            raise ViewRefused(_refusal(by, self.refused.get(by), k))
        if self.audience.role == "viewer" and (by != "group" or filters or other is not None):
            raise ViewRefused("viewers see the published comparison by group, without filters")
        for var in filters or {}:
            if var not in variables:
                raise ViewRefused(_refusal(var, self.refused.get(var), k, filtering=True))


def _refusal(var: str, smallest: int | None, k: int, filtering: bool = False) -> str:
    verb = "filtering" if filtering else "comparing"
    if smallest is None:
        return f"{verb} by {var!r} is not available to members (only respondent variables are)"
    return (f"{verb} by {var!r} is not available: one of its combinations with the other variables holds "
            f"{smallest} respondent(s), fewer than {k}, and subtracting views could single them out")


def _atom_sizes(people, variables: Sequence[str]):
    """Each respondent's atom size: how many share its values of every one of ``variables``."""
    from analysis.comparison import _codes

    keys = [_codes(people[v]).fillna(_NONE).astype(str).rename(v) for v in variables]
    return people.groupby(keys, dropna=False, sort=False)["respondent"].transform("size")


def candidates_of(data: "WaveData") -> tuple[str, ...]:
    present = [v for v in CANDIDATES if v in data.respondents.columns]
    return tuple(present) + tuple(sorted(data.attributes))


def disclosed(data: "WaveData", audience: Audience = SECRETARIAT) -> Disclosed:
    """The part of ``data`` and the variables ``audience`` may see (the rule in the module doc).

    Greedy in the order of :func:`candidates_of`: the primary comparison (respondent group)
    keeps all its respondents that can be shown; a variable that would split the rest into a
    combination of fewer than k is not offered, rather than thinning the groups further.
    """
    if audience.sees_everything:
        return Disclosed(data, candidates_of(data), 0, {}, audience)
    people, k = data.respondents, audience.min_cell
    if people.empty:
        return Disclosed(data, ("group",), 0, {}, audience)
    keep = (_atom_sizes(people, ["group"]) >= k).to_numpy()
    kept = people[keep]
    variables, refused = ["group"], {}
    wanted = candidates_of(data)[1:] if audience.role == "member" else ()
    for var in wanted:
        if kept.empty:
            break
        sizes = _atom_sizes(kept, [*variables, var])
        if int(sizes.min()) >= k:
            variables.append(var)
        else:
            refused[var] = int(sizes.min())
    withheld = int((~keep).sum())
    if withheld:
        names = set(kept["respondent"])
        answers = data.answers[data.answers["respondent"].isin(names)].reset_index(drop=True)
        data = replace(data, respondents=kept.reset_index(drop=True), answers=answers,
                       consent={r: c for r, c in dict(data.consent).items() if r in names})
    return Disclosed(data, tuple(variables), withheld, refused, audience)


def summarize_for(data: "WaveData", audience: Audience = SECRETARIAT, by: str = "group",
                  filters: Mapping[str, object] | None = None, other: "WaveData | None" = None):
    """``analysis.summarize`` of what ``audience`` may see: the one way every member's or viewer's
    figures are computed (dashboard pages and exports alike). Raises :class:`ViewRefused` for a
    comparison or filter the audience may not reach."""
    from analysis.summary import summarize

    seen = disclosed(data, audience)
    seen_other = disclosed(other, audience) if other is not None else None
    seen.check(by, filters, seen_other)
    summary = summarize(seen.data, by=by, filters=filters, other=seen_other.data if seen_other else None)
    if by == "group" and seen.withheld:
        # The engine lists the institutional groups even when nobody in them answered; a group
        # left out here did answer, so it is not listed at all rather than said to be silent.
        summary = _without_groups(summary, withheld_groups(data, seen))
    return summary


def seen_by(data: "WaveData", audience: Audience = SECRETARIAT, by: str = "group",
            filters: Mapping[str, object] | None = None) -> Disclosed:
    """What ``audience``'s figures of comparison ``by`` (and ``filters``) are computed from, the
    view checked (:class:`ViewRefused`): for the comments, terms and coded themes of a member or
    viewer, as :func:`summarize_for` for their summary."""
    seen = disclosed(data, audience)
    seen.check(by, filters)
    return seen


def withheld_groups(data: "WaveData", seen: Disclosed) -> tuple[str, ...]:
    """Respondent groups of ``data`` left out of what ``seen``'s audience may see."""
    if not seen.withheld:
        return ()
    kept = set(seen.data.respondents["group"])
    return tuple(dict.fromkeys(g for g in data.respondents["group"] if g not in kept))


def _keep(mapping, gone):
    return {code: value for code, value in mapping.items() if code not in gone}


def item_without_groups(item, codes: Sequence[str]):
    """An item summary (``analysis.items.ItemSummary``) without the groups ``codes``."""
    gone = set(codes)
    return replace(item, groups=_keep(item.groups, gone),
                   options=tuple(replace(o, groups=_keep(o.groups, gone)) for o in item.options))


def _without_groups(summary, codes: Sequence[str]):
    gone = set(codes)

    def keep(mapping):
        return _keep(mapping, gone)

    items = tuple(item_without_groups(item, codes) for item in summary.items)
    common = tuple(replace(f, too_few=tuple(g for g in f.too_few if g not in gone)) for f in summary.common_ground)
    questions = {q: replace(card, groups=keep(card.groups)) for q, card in summary.questions.items()}
    return replace(summary, groups=keep(summary.groups), group_labels=keep(summary.group_labels), items=items,
                   common_ground=common, questions=questions)


# --- names beside answers --------------------------------------------------------------------

def comment_author(audience: Audience, respondent: str, *, iso3: str | None = None, consent: bool | None = None,
                   attribution: str = "attributed") -> str | None:
    """The name a reader may see beside a respondent's comment (or quote), else None (shown
    unattributed): the one attribution rule of every page and export.

    The secretariat sees names (an anonymous wave has none to show); a member sees its own
    delegation's name (``Audience.delegation``, ISO alpha-3), and another's only in an
    attributed wave whose delegation consented to be named; viewers see no names."""
    if attribution == "anonymous":
        return None
    if audience.sees_everything:
        return respondent
    if audience.role == "member" and audience.delegation and iso3 == audience.delegation:
        return respondent
    if audience.role == "member" and attribution == "attributed" and consent is True:
        return respondent
    return None


def own_answers_visible(audience: Audience, iso3: str | None) -> bool:
    """Whether ``audience`` may read this respondent's individual answers: the secretariat, or
    the member whose delegation it is."""
    return audience.sees_everything or (audience.role == "member" and bool(audience.delegation)
                                        and iso3 == audience.delegation)


def audience_note(audience: Audience, lang: str = "en") -> str:
    """The line on an export's cover that says whom it is for."""
    tr = translations(lang)
    if audience.sees_everything:
        return tr.gettext("For the Secretariat: contains individual answers (figures for groups of any size). "
                          "Do not circulate.")
    return tr.gettext("For members of the Working Group: figures for fewer than {k} answers are "
                      "withheld.").format(k=audience.min_cell)
