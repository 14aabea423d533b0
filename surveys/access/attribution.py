"""How each wave treats respondents' names: attributed, non-attributed or anonymous.

* ``attributed`` (the default): the secretariat sees who said what; members see aggregates,
  and comments without names except their own delegation's and those whose delegation
  consented (the ``consent`` answer of the template).
* ``non-attributed``: names are kept for validation and replacement, but never shown
  outside the secretariat, consent or not.
* ``anonymous``: names are dropped once the answers are validated and stored. Each
  respondent keeps its group, region and seat (the analysis needs them) under a random
  pseudonym; its name and ISO code are gone from the answers, codings, quotes and import
  messages of the wave. **This cannot be undone**, and an anonymous wave cannot tell a
  second submission from the same delegation, so answers there are never replaced. The
  audit log is append-only and keeps the names it recorded before the change.

What each reader may see under these rules is decided by
:func:`analysis.present.disclosure.comment_author`; this module stores the mode and drops
names.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Iterable

import sqlalchemy as sa

from surveys.errors import TrialogueError
from surveys.model import Respondent
from surveys.storage import schema as t
from surveys.storage.audit import Actor, record
from surveys.storage.submissions import refresh_data_version, respondent_digest

MODES: tuple[str, ...] = ("attributed", "non-attributed", "anonymous")
ANONYMOUS = "anonymous"
#: Stated wherever a wave is made anonymous (the command line, the Settings page).
ONE_WAY = ("Making a wave anonymous drops every respondent's name and ISO code from its answers, codings, "
           "quotes and import messages, for good: it cannot be undone, and later submissions can no longer "
           "replace earlier ones.")


@dataclass(frozen=True)
class AttributionChange:
    wave: str
    before: str
    after: str
    names_dropped: int = 0


def attribution(store, wave: str | None = None) -> str:
    """The attribution mode of ``wave`` (default: the most recent)."""
    name = store.wave(wave).name
    with store.engine.connect() as conn:
        return conn.execute(sa.select(t.waves.c.attribution).where(t.waves.c.name == name)).scalar_one()


def set_attribution(store, wave: str, mode: str, *, actor: Actor) -> AttributionChange:
    """Set ``wave``'s mode; ``anonymous`` drops its names at once (see :data:`ONE_WAY`)."""
    if mode not in MODES:
        raise TrialogueError(f"unknown attribution {mode!r}: expected one of {', '.join(MODES)}")
    name = store.wave(wave).name
    w = t.waves.c
    with store.writing() as conn:  # not between an import's check and its write
        wave_id, before = conn.execute(sa.select(w.id, w.attribution).where(w.name == name)).one()
        if before == ANONYMOUS and mode != ANONYMOUS:
            raise TrialogueError(f"wave {name} is anonymous: its names were dropped and cannot come back")
        if before == mode:
            return AttributionChange(name, before, mode)
        conn.execute(t.waves.update().where(w.id == wave_id).values(attribution=mode))
        dropped = drop_names(conn, wave_id) if mode == ANONYMOUS else 0
        record(conn, actor, "attribution_changed", name, before=before, after=mode, names_dropped=dropped)
    return AttributionChange(name, before, mode, dropped)


def is_anonymous(conn: sa.Connection, wave_id: int) -> bool:
    return conn.execute(sa.select(t.waves.c.attribution).where(t.waves.c.id == wave_id)).scalar() == ANONYMOUS


def drop_names(conn: sa.Connection, wave_id: int, import_ids: Iterable[int] | None = None) -> int:
    """Give the wave's respondents (or only those stored by ``import_ids``) random pseudonyms,
    clear their ISO codes and consent, carry the pseudonyms into codings, quotes and import
    messages, and recompute digests and the data version. Returns how many names were dropped.

    One name keeps one pseudonym across its history rows, so withdrawing a replacement still
    restores what it replaced."""
    r = t.respondents.c
    query = sa.select(r.id, r.name, r.group, r.region, r.council_seat, r.tcc_pcc, r.attributes, r.answers,
                      r.import_id).where(r.wave_id == wave_id)
    if import_ids is not None:
        query = query.where(r.import_id.in_(list(import_ids)))
    rows = conn.execute(query).all()
    if not rows:
        return 0
    taken = set(conn.execute(sa.select(r.name).where(r.wave_id == wave_id)).scalars())
    pseudonyms: dict[str, str] = {}
    for name in dict.fromkeys(row.name for row in rows):
        while True:
            alias = f"respondent-{secrets.token_hex(4)}"
            if alias not in taken:
                break
        taken.add(alias)
        pseudonyms[name] = alias
    for row in rows:
        alias = pseudonyms[row.name]
        person = Respondent(alias, row.group, None, row.region, row.council_seat, bool(row.tcc_pcc),
                            dict(row.attributes or {}))
        answers = row.answers if isinstance(row.answers, dict) else {}
        conn.execute(t.respondents.update().where(r.id == row.id).values(
            name=alias, iso3=None, consent=None, digest=respondent_digest(person, answers.items())))
    for table in (t.codings, t.quotes):
        for name, alias in pseudonyms.items():
            conn.execute(table.update().where(table.c.wave_id == wave_id, table.c.respondent == name)
                         .values(respondent=alias))
    wave_name = conn.execute(sa.select(t.waves.c.name).where(t.waves.c.id == wave_id)).scalar_one()
    i = t.imports.c
    logs = conn.execute(sa.select(i.id, i.messages).where(i.wave == wave_name)).all()
    ordered = sorted(pseudonyms.items(), key=lambda pair: -len(pair[0]))  # "Niger" after "Nigeria"
    for log_id, messages in logs:
        scrubbed = [_scrubbed(str(m), ordered) for m in messages or ()]
        if scrubbed != list(messages or ()):
            conn.execute(t.imports.update().where(i.id == log_id).values(messages=scrubbed))
    refresh_data_version(conn, wave_id)
    return len(pseudonyms)


def _scrubbed(message: str, pseudonyms: list[tuple[str, str]]) -> str:
    for name, alias in pseudonyms:
        message = message.replace(name, alias)
    return message
