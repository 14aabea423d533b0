"""Names on an XLSForm's survey sheet, by the rules of pyxform, the converter that
KoboToolbox and ODK Central deploy forms with (``pyxform/xls2json.py`` and
``pyxform/validators/pyxform/unique_names.py``, ``pyxform_reference.py``):

- a question, group or repeat name is unique among its siblings: within its nearest
  enclosing group or repeat, or the survey outside any (names differing only in case are
  allowed, with a warning: some analysis tools ignore case);
- ``meta`` is reserved for the form's metadata at the top of the survey;
- a repeat's name is unique in the whole form (each repeat becomes its own data table);
- a ``${name}`` reference, in any survey cell but ``type`` and ``name`` and in the choices'
  labels, names exactly one question, group or repeat of the form.

The same short name may therefore stand in several groups (a ``price`` in group ``dola``
and in group ``kifaru``); the path (``dola/price``) tells them apart, and it is how Kobo
and ODK exports head their columns. :func:`keys` gives each answer its storage key: the
short name where no other question shares it, so the keys of forms without shared names
are their names, else the path.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

#: ``${name}`` and ``${last-saved#name}``, as pyxform's RE_PYXFORM_REF_INNER reads them.
REFERENCE = re.compile(r"\$\{(?:last-saved#)?([^\W\d][\w.\-]*)\}")
RESERVED_TOP_LEVEL = frozenset({"meta"})


@dataclass
class Scope:
    """One open group or repeat (or the survey itself): its children's names so far."""

    kind: str
    name: str
    row: int
    children: dict[str, str] = field(default_factory=dict)  # name → where it first stands
    folded: dict[str, str] = field(default_factory=dict)  # case-folded name → that name


class Scopes:
    """The stack of open groups and repeats while the survey sheet is read."""

    def __init__(self) -> None:
        self.survey = Scope("survey", "", 0)
        self.open: list[Scope] = []
        self.repeats: dict[str, str] = {}

    @property
    def current(self) -> Scope:
        return self.open[-1] if self.open else self.survey

    def path(self, name: str) -> str:
        return "/".join([*(scope.name for scope in self.open), name])

    def claim(self, name: str, kind: str, where: str) -> tuple[str | None, str | None]:
        """Record ``name`` in the current scope: (error, warning) messages, either may be None."""
        scope = self.current
        inside = f"group '{scope.name}'" if scope.kind == "group" else (
            f"repeat '{scope.name}'" if scope.kind == "repeat" else "the survey outside any group")
        if name in scope.children:
            return (f"name '{name}' is used twice in {inside} (first at {scope.children[name]}): names "
                    "must differ within their group; the same name may stand in different groups"), None
        if scope is self.survey and name in RESERVED_TOP_LEVEL:
            return f"name '{name}' is reserved for the form's metadata: choose another name", None
        if kind == "repeat":
            if name in self.repeats:
                return (f"repeat name '{name}' is used twice (first at {self.repeats[name]}): each repeat "
                        "becomes its own data table, so repeat names must differ across the whole form"), None
            self.repeats[name] = where
        scope.children[name] = where
        warning = None
        other = scope.folded.get(name.casefold())
        if other is not None:
            warning = (f"name '{name}' differs from '{other}' ({scope.children[other]}) only in case, in "
                       f"{inside}: some analysis tools ignore case, so give them different names")
        else:
            scope.folded[name.casefold()] = name
        return None, warning

    def begin(self, kind: str, name: str, row: int) -> None:
        self.open.append(Scope(kind, name, row))

    def end(self) -> Scope | None:
        return self.open.pop() if self.open else None


def keys(paths: Sequence[str]) -> list[str]:
    """The storage key of each path: its short name, unless another path ends in the same name."""
    shorts = [path.rsplit("/", 1)[-1] for path in paths]
    counts = Counter(shorts)
    return [short if counts[short] == 1 else path for short, path in zip(shorts, paths)]


def references(text: str) -> list[str]:
    """The names a cell refers to with ``${name}``."""
    return REFERENCE.findall(text) if "${" in text else []


def reference_problem(name: str, counts: Counter, paths: Iterable[str]) -> str | None:
    """Why ``${name}`` cannot be resolved (pyxform refuses the form then), or None."""
    seen = counts.get(name, 0)
    if seen == 1:
        return None
    if seen == 0:
        return f"${{{name}}} refers to '{name}', which is not a name on the survey sheet"
    places = ", ".join(sorted(path for path in paths if path.rsplit("/", 1)[-1] == name))
    return (f"${{{name}}} is ambiguous: '{name}' names {seen} questions or groups ({places}); a reference "
            "needs a name that stands once in the form, so rename one of them")
