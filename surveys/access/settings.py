"""Settings the secretariat changes while the server runs, kept in the store (every app
process reads the same): the minimum cell size members and viewers are held to, and how long
a sign-in lasts. Each change is audited with its old and new value."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from surveys.errors import TrialogueError
from surveys.storage import schema as t
from surveys.storage.audit import Actor, record

#: name -> (default, lowest, highest, what it is)
SETTINGS: dict[str, tuple[int, int, int, str]] = {
    "min_cell": (3, 2, 50, "minimum cell size: members and viewers see no figure for fewer answers"),
    "session_hours": (8, 1, 24 * 14, "hours a sign-in lasts"),
    "idle_minutes": (60, 5, 24 * 60, "minutes without use after which a sign-in ends"),
}


def setting(store, key: str) -> int:
    """The stored value of ``key``, else its default."""
    default = SETTINGS[key][0]
    with store.engine.connect() as conn:
        value = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == key)).scalar()
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def all_settings(store) -> dict[str, int]:
    return {key: setting(store, key) for key in SETTINGS}


def parse_value(key: str, value: Any) -> int:
    if key not in SETTINGS:
        raise TrialogueError(f"unknown setting {key!r}: expected one of {', '.join(SETTINGS)}")
    _default, low, high, what = SETTINGS[key]
    try:
        number = int(str(value).strip())
    except ValueError:
        raise TrialogueError(f"{key} ({what}): {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise TrialogueError(f"{key} ({what}): {number} is out of range; expected {low} to {high}")
    return number


def set_setting(store, key: str, value: Any, *, actor: Actor) -> int:
    number = parse_value(key, value)
    with store.engine.begin() as conn:
        before = conn.execute(sa.select(t.settings.c.value).where(t.settings.c.key == key)).scalar()
        if before is None:
            conn.execute(t.settings.insert().values(key=key, value=number, changed_at=t.now(), changed_by=actor.name))
        else:
            conn.execute(t.settings.update().where(t.settings.c.key == key)
                         .values(value=number, changed_at=t.now(), changed_by=actor.name))
        record(conn, actor, "setting_changed", key, before=before if before is not None else SETTINGS[key][0],
               after=number)
    return number


def min_cell(store) -> int:
    """The minimum cell size k (default 3)."""
    return setting(store, "min_cell")
