"""Where codebooks, codings and quotes are kept: the ``themes``, ``codings`` and ``quotes`` tables.

Each write is one transaction. Saving a codebook replaces the themes of the items it
names and refuses to drop a theme that coders have used (their work would be lost).
Saving codings replaces, for every (respondent, item, coder) unit in the batch, what that
coder had coded on that comment before, so a corrected sheet can be imported again.
Saving quotes replaces the quote bank of the items the batch names.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Iterable, Sequence

import sqlalchemy as sa

from surveys.storage import schema as t

from ..errors import TrialogueError
from .model import Codebook, Coding, Quote, Theme


@dataclass(frozen=True)
class CodingReport:
    """What an import of codings changed: units (respondent × item × coder) and rows written."""

    units: int
    rows: int
    replaced_units: int
    unchanged: bool


def wave_id(conn: sa.Connection, store, wave: str | None) -> tuple[int, str]:
    """The id and name of ``wave`` (default: the most recent), or NotFound naming the stored ones."""
    name = store.wave(wave).name
    return conn.execute(sa.select(t.waves.c.id).where(t.waves.c.name == name)).scalar_one(), name


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- codebook ---------------------------------------------------------------------------------

def save_codebook(store, codebook: Codebook, *, wave: str | None = None) -> int:
    """Store the themes of ``codebook``, replacing those of the items it names. Returns the count."""
    th, co = t.themes.c, t.codings.c
    with store.engine.begin() as conn:
        wid, name = wave_id(conn, store, wave)
        for item in codebook.items:
            old = {row.code: row.id for row in conn.execute(sa.select(th.code, th.id)
                                                            .where(th.wave_id == wid, th.item == item))}
            new = {theme.code for theme in codebook.of_item(item)}
            dropped = sorted(set(old) - new)
            used = conn.execute(sa.select(th.code).distinct().join(t.codings, co.theme_id == th.id)
                                .where(th.id.in_([old[c] for c in dropped]))).scalars().all() if dropped else []
            if used:
                raise TrialogueError(f"{item}: theme(s) {', '.join(sorted(used))} have codings in wave {name} and "
                                     "cannot be removed from the codebook; keep them in the sheet (or withdraw "
                                     "their codings first)")
            if dropped:
                conn.execute(t.themes.delete().where(th.id.in_([old[c] for c in dropped])))
            for position, theme in enumerate(codebook.of_item(item)):
                values = dict(position=position, labels=dict(theme.labels), level=theme.level,
                              scale=list(theme.values), description=dict(theme.description), saved_at=t.now())
                if theme.code in old:
                    conn.execute(t.themes.update().where(th.id == old[theme.code]).values(**values))
                else:
                    conn.execute(t.themes.insert().values(wave_id=wid, item=item, code=theme.code, **values))
    return len(codebook.themes)


def load_codebook(store, wave: str | None = None) -> Codebook:
    th = t.themes.c
    with store.engine.connect() as conn:
        wid, _ = wave_id(conn, store, wave)
        rows = conn.execute(sa.select(t.themes).where(th.wave_id == wid).order_by(th.item, th.position)).all()
    themes = [Theme(r.item, r.code, dict(r.labels), r.level, tuple(r.scale), dict(r.description)) for r in rows]
    return Codebook(tuple(_in_item_order(store, wave, themes)))


def _in_item_order(store, wave: str | None, themes: list[Theme]) -> list[Theme]:
    rank = {item.name: j for j, item in enumerate(store.instrument(wave).items)}
    return sorted(themes, key=lambda theme: rank.get(theme.item, len(rank)))


# --- codings ----------------------------------------------------------------------------------

def save_codings(store, codings: Sequence[Coding], texts: dict[tuple[str, str], str], *, wave: str | None = None,
                 source: str = "") -> CodingReport:
    """Store ``codings`` (``texts`` maps each (respondent, item) to the comment coded), replacing
    each coder's earlier codes of the same comments."""
    th, co = t.themes.c, t.codings.c
    units = sorted({(c.respondent, c.item, c.coder) for c in codings})
    with store.engine.begin() as conn:
        wid, _ = wave_id(conn, store, wave)
        theme_ids = {(r.item, r.code): r.id for r in conn.execute(sa.select(th.item, th.code, th.id)
                                                                   .where(th.wave_id == wid))}
        before = _unit_codes(conn, wid)
        wanted = {}
        for c in codings:
            wanted.setdefault((c.respondent, c.item, c.coder), set()).add((c.theme, c.value))
        changed = [u for u in units if before.get(u) != _without_blank(wanted[u])]
        if not changed:
            return CodingReport(len(units), 0, 0, True)
        replaced = sum(1 for u in changed if u in before)
        for respondent, item, coder in changed:
            conn.execute(t.codings.delete().where(co.wave_id == wid, co.respondent == respondent, co.item == item,
                                                  co.coder == coder))
        now = t.now()
        rows = [{"wave_id": wid, "respondent": c.respondent, "item": c.item, "coder": c.coder,
                 "theme_id": theme_ids[(c.item, c.theme)] if c.theme else None, "value": c.value or None,
                 "text_sha256": text_digest(texts[(c.respondent, c.item)]), "source": source, "saved_at": now}
                for c in _deduplicated(codings) if (c.respondent, c.item, c.coder) in set(changed)]
        conn.execute(t.codings.insert(), rows)
    return CodingReport(len(units), len(rows), replaced, False)


def _without_blank(codes: set) -> set:
    """A unit's codes as stored: the blank "no theme" row only when nothing else was coded."""
    real = {code for code in codes if code[0] is not None}
    return real or {(None, None)}


def _deduplicated(codings: Sequence[Coding]) -> list[Coding]:
    coded = {(c.respondent, c.item, c.coder) for c in codings if c.theme is not None}
    return [c for c in dict.fromkeys(codings) if c.theme is not None or (c.respondent, c.item, c.coder) not in coded]


def _unit_codes(conn: sa.Connection, wid: int) -> dict[tuple[str, str, str], set]:
    th, co = t.themes.c, t.codings.c
    found: dict[tuple[str, str, str], set] = {}
    query = (sa.select(co.respondent, co.item, co.coder, th.code, co.value)
             .join_from(t.codings, t.themes, co.theme_id == th.id, isouter=True).where(co.wave_id == wid))
    for row in conn.execute(query):
        found.setdefault((row.respondent, row.item, row.coder), set()).add((row.code, row.value))
    return found


def load_codings(store, wave: str | None = None) -> tuple[Coding, ...]:
    """Every stored coding of the wave, by item, respondent and coder."""
    th, co = t.themes.c, t.codings.c
    with store.engine.connect() as conn:
        wid, _ = wave_id(conn, store, wave)
        rows = conn.execute(sa.select(co.respondent, co.item, co.coder, th.code, co.value)
                            .join_from(t.codings, t.themes, co.theme_id == th.id, isouter=True)
                            .where(co.wave_id == wid).order_by(co.item, co.respondent, co.coder, co.id)).all()
    return tuple(Coding(r.respondent, r.item, r.coder, r.code, r.value) for r in rows)


# --- quotes -----------------------------------------------------------------------------------

def save_quotes(store, quotes: Sequence[Quote], *, wave: str | None = None, source: str = "",
                items: Iterable[str] | None = None) -> int:
    """Replace the quote bank of ``items`` (default: the items ``quotes`` name) with ``quotes``."""
    q = t.quotes.c
    with store.engine.begin() as conn:
        wid, _ = wave_id(conn, store, wave)
        names = sorted(set(items) if items is not None else {quote.item for quote in quotes})
        if names:
            conn.execute(t.quotes.delete().where(q.wave_id == wid, q.item.in_(names)))
        now = t.now()
        rows = [{"wave_id": wid, "respondent": x.respondent, "item": x.item, "group": x.group, "position": j,
                 "text": x.text, "language": x.language, "translation": x.translation,
                 "translation_language": x.translation_language, "consent": x.consent, "note": x.note,
                 "source": source, "saved_at": now} for j, x in enumerate(quotes)]
        if rows:
            conn.execute(t.quotes.insert(), rows)
    return len(quotes)


def load_quotes(store, wave: str | None = None) -> tuple[Quote, ...]:
    q = t.quotes.c
    with store.engine.connect() as conn:
        wid, _ = wave_id(conn, store, wave)
        rows = conn.execute(sa.select(t.quotes).where(q.wave_id == wid).order_by(q.item, q.position, q.id)).all()
    return tuple(Quote(r.respondent, r.item, r.group, r.text, r.language, r.translation, r.translation_language,
                       r.consent, r.note) for r in rows)


def coding_version(store, wave: str | None = None) -> str:
    """A SHA-256 over the wave's codebook, codings and quotes: changes exactly when they change
    (a cache key beside the wave's data version, and the reproduce command's ``--coding-version``).

    Read straight from the tables in a fixed order, row by row as JSON (keys sorted, so JSON
    columns hash alike on SQLite and PostgreSQL; no ids or times, so an import that changes
    nothing keeps the version): the dashboard asks for it every few seconds."""
    th, co, q = t.themes.c, t.codings.c, t.quotes.c
    digest = hashlib.sha256()
    with store.engine.connect() as conn:
        wid, _ = wave_id(conn, store, wave)
        queries = {
            "codebook": sa.select(th.item, th.code, th.position, th.labels, th.level, th.scale, th.description)
            .where(th.wave_id == wid).order_by(th.item, th.position, th.code),
            "codings": sa.select(co.item, co.respondent, co.coder, th.code, co.value)
            .join_from(t.codings, t.themes, co.theme_id == th.id, isouter=True).where(co.wave_id == wid)
            .order_by(co.item, co.respondent, co.coder, sa.func.coalesce(th.code, ""), sa.func.coalesce(co.value, "")),
            "quotes": sa.select(q.item, q.position, q.respondent, q.group, q.text, q.language, q.translation,
                                q.translation_language, q.consent, q.note)
            .where(q.wave_id == wid).order_by(q.item, q.position, q.respondent),
        }
        for name, query in queries.items():
            digest.update(f"\x00{name}\n".encode())
            for row in conn.execute(query):
                digest.update(json.dumps(list(row), sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()
