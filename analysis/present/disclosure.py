"""Which figure may be shown to whom: the one small-group rule, for every page and every export.

Every share the dashboard draws, labels or lists and every share a report prints passes
through :func:`share` here, so the rule is decided once:

* a share (a percentage) is shown only for a group of at least :data:`MIN_SHARE_N` answers;
  below that the group is written as a count, "3 of 4", because a percentage of four
  answers reads like a general claim it cannot support;
* the audience decides what else is withheld. The secretariat (the default, and the only
  audience today) sees every count. Members and viewers (issue "Who may see what") see
  nothing about a group — no count, share, median or chart segment — of fewer than
  ``Audience.min_cell`` answers (default :data:`MIN_CELL`), and no count below it.

Every public function of :mod:`analysis.present` takes an ``audience`` argument and hands it
down to this module; complementary suppression (no two reachable views that subtract to one
delegation's answer) belongs here too when it is built.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import numbers as num
from .language import sentences, translations

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
