"""Which export each role may take, and what each audience's file says about itself.

One table for the dashboard's Export page and the command line:

* the **answers CSV** holds every delegation's individual answers (and, in an attributed
  wave, their names): secretariat only;
* the **summary JSON** holds the engine's whole summary — counts of every group and option
  however small, the inputs of every test: secretariat only;
* the **results CSV** and the **Excel workbook** are built for their audience (figures under
  the minimum cell size withheld, comments without names unless a delegation consented):
  secretariat and members;
* the **Word, PDF and Markdown reports** are built for their audience: every role.

A secretariat export says on its cover that it contains individual answers; a members export
says that figures for fewer than k answers are withheld, and contains nothing a member could
not see on the dashboard.
"""
from __future__ import annotations

from typing import Mapping

from analysis.present.disclosure import SECRETARIAT, Audience
from surveys.errors import TrialogueError

ALL_ROLES = ("secretariat", "member", "viewer")
DOWNLOAD_ROLES: Mapping[str, tuple[str, ...]] = {
    "csv": ("secretariat",),
    "summary_json": ("secretariat",),
    "results_csv": ("secretariat", "member"),
    "xlsx": ("secretariat", "member"),
    "docx": ALL_ROLES,
    "pdf": ALL_ROLES,  # the Word report, converted
    "md": ALL_ROLES,
}
#: ``--audience`` of ``python -m analysis export``.
AUDIENCES: tuple[str, ...] = ("secretariat", "members", "viewers")


def audience_named(name: str, min_cell: int) -> Audience:
    """The :class:`Audience` of ``--audience NAME`` (members and viewers held to ``min_cell``)."""
    if name not in AUDIENCES:
        raise TrialogueError(f"unknown audience {name!r}: expected one of {', '.join(AUDIENCES)}")
    return SECRETARIAT if name == "secretariat" else Audience(name[:-1], None, min_cell)


def check_download(kind: str, audience: Audience) -> None:
    """Refuse an export ``audience`` may not take, saying why."""
    if audience.role not in DOWNLOAD_ROLES.get(kind, ("secretariat",)):
        what = {"csv": "the answers CSV holds each delegation's individual answers",
                "summary_json": "the summary JSON holds counts of every group, however small"}.get(
            kind, f"the {kind} export")
        raise TrialogueError(f"{what}: it is for the secretariat only, not for the {audience.role} audience")
