"""How a submission is written: answer documents, digests, the data version, bulk inserts.

Used by :mod:`surveys.storage.importer` inside its transaction (and by the store's withdrawal).
Each submission's answers become one JSON document, ``{item: value}`` in instrument
order, the way KoboToolbox and ODK Central keep a submission.

A respondent's digest is a SHA-256 over its fields and its answers sorted by item; a
wave's data version is a SHA-256 over its current respondents' names and digests,
sorted by name (a two-level hash list). Both are built here in bulk, from JSON fragments
made once per distinct value and joined in C, byte for byte as the one-at-a-time
:func:`respondent_digest` would.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
from itertools import repeat
from json.encoder import encode_basestring as _encode_text
from typing import Any, Collection, Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import BindTyping

from surveys.model import Instrument, Respondent

from . import schema as t

EMPTY_VERSION = hashlib.sha256(b"").hexdigest()


def inserted_id(result: sa.CursorResult) -> int:
    """The primary key of the row an ``INSERT`` just wrote."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the database returned no primary key for the inserted row")
    return int(key[0])


def insert_columns(conn: sa.Connection, table: sa.Table, columns: Mapping[str, Iterable], *,
                   json_text: Collection[str] = ()) -> None:
    """Bulk insert given column by column, through the driver's ``executemany``.

    ``columns`` maps column names to their values in row order (``itertools.repeat`` for
    a constant); rows are zipped together once, in C. This skips SQLAlchemy's per-row
    parameter handling, which costs more than the insert itself at tens of thousands of
    rows. Values still pass through their column type's bind processor (JSON to text,
    booleans) as SQLAlchemy would pass them, mapped over the column; where the dialect
    casts such values in the SQL (PostgreSQL's JSON), or its parameter style is unusual,
    SQLAlchemy inserts the rows itself. Columns named in ``json_text`` hold JSON already
    serialised: sent as they are where JSON is bound as text, parsed back where
    SQLAlchemy inserts.
    """
    names = list(columns)
    dialect = conn.dialect
    processors = {name: process for name in names
                  for process in [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)]
                  if process is not None}
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if marker is None or (processors and dialect.bind_typing is BindTyping.RENDER_CASTS):
        records = [dict(zip(names, row)) for row in zip(*columns.values())]
        for record in records:
            for name in json_text:
                record[name] = json.loads(record[name])
        if records:
            conn.execute(table.insert(), records)
        return
    rows = list(zip(*(map(processors[name], values) if name in processors and name not in json_text else values
                      for name, values in columns.items())))
    if not rows:
        return
    preparer = dialect.identifier_preparer
    sql = (f"INSERT INTO {preparer.format_table(table)} ({', '.join(preparer.quote(c) for c in names)}) "
           f"VALUES ({', '.join([marker] * len(names))})")
    conn.exec_driver_sql(sql, rows)


#: The consent answer enters a digest as an attribute no workbook header can name (NUL is
#: never kept in text), so respondents who did not answer it keep the digests they had.
CONSENT_KEY = "\u0000consent"


def digest_attributes(respondent: Respondent) -> list:
    """The attributes a digest covers, sorted: the workbook's, and the consent answer when given."""
    found = dict(respondent.attributes) if respondent.attributes else {}
    if respondent.consent is not None:
        found[CONSENT_KEY] = "yes" if respondent.consent else "no"
    return sorted(found.items())


def respondent_digest(respondent: Respondent, answers: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over a respondent's fields and their answers sorted by item."""
    payload = json.dumps([
        respondent.name, respondent.group, respondent.iso3, respondent.region, respondent.council_seat,
        bool(respondent.tcc_pcc), digest_attributes(respondent), sorted(answers),
    ], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def respondent_digests(people: Sequence[Respondent], items: Sequence[str],
                       values: Sequence[Sequence[str | None]]) -> list[str]:
    """:func:`respondent_digest` of many respondents at once, byte for byte the same.

    ``values[k][j]`` is the answer of ``people[k]`` to ``items[j]`` (``None``: unanswered).
    """
    return answer_documents(people, items, values)[0]


def answer_documents(people: Sequence[Respondent], items: Sequence[str],
                     values: Sequence[Sequence[str | None]]) -> tuple[list[str], list[str]]:
    """Each respondent's digest (:func:`respondent_digest`) and answer document as JSON text.

    The document is ``{item: value}`` in the order of ``items``, unanswered items left
    out. Both are assembled from JSON fragments made once per distinct value of each
    item (answers repeat a lot) and joined row by row with C-level ``map``; the
    respondent fields' JSON is made once per distinct combination, the name once each.
    """
    n = len(people)
    columns = list(zip(*values)) if n and items else [()] * len(items)
    # Each fragment carries its leading comma, so an unanswered item is simply "".
    in_document, in_digest = [], []
    for item, column in zip(items, columns):
        key = _json_text(item)
        as_member, as_pair = {None: ""}, {None: ""}
        for value in set(column):
            if value is not None:
                text = _json_text(value)
                as_member[value], as_pair[value] = f",{key}:{text}", f",[{key},{text}]"
        in_document.append(list(map(as_member.__getitem__, column)))
        in_digest.append(list(map(as_pair.__getitem__, column)))
    by_name = [in_digest[j] for j in sorted(range(len(items)), key=lambda j: items[j])]
    members = map("".join, zip(*in_document)) if in_document else [""] * n
    pairs = map("".join, zip(*by_name)) if by_name else [""] * n
    strip = operator.itemgetter(slice(1, None))
    documents = list(map("{{{}}}".format, map(strip, members)))
    payloads = map(operator.methodcaller("encode", "utf-8"),
                   map("{}[{}]]".format, _digest_heads(people), map(strip, pairs)))
    digests = list(map(operator.methodcaller("hexdigest"), map(hashlib.sha256, payloads)))
    return digests, documents


def _digest_heads(people: Sequence[Respondent]) -> list[str]:
    """``json.dumps([fields…, sorted attributes, answers])`` of each respondent up to the answers.

    Byte for byte what :func:`respondent_digest` writes before its answers: the name
    through the same C string encoder, everything after it cached, since groups, regions
    and attributes repeat.
    """
    tails: dict[tuple, str] = {}
    heads = []
    for person in people:
        attributes = digest_attributes(person) if person.attributes or person.consent is not None else []
        try:
            key = (person.group, person.iso3, person.region, person.council_seat, bool(person.tcc_pcc),
                   tuple(attributes))
            tail = tails.get(key)
        except TypeError:  # an unhashable attribute value: encode this one in full
            key, tail = None, None
        if tail is None:
            tail = _json_text([person.group, person.iso3, person.region, person.council_seat,
                               bool(person.tcc_pcc), attributes])[1:-1]
            if key is not None:
                tails[key] = tail
        heads.append(f"[{_encode_text(person.name)},{tail},")
    return heads


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def insert_respondents(conn: sa.Connection, wave_id: int, import_id: int, people: Sequence[Respondent],
                       items: Sequence[str], values: Sequence[Sequence[str | None]]) -> list[str]:
    """Store one submission's respondents, each with its digest and answer document.

    ``values[k][j]`` is the answer of ``people[k]`` to ``items[j]`` (``None``: unanswered).
    Returns the digests, in the order of ``people``.
    """
    digests, documents = answer_documents(people, items, values)
    fields = ("name", "iso3", "group", "region", "council_seat")
    own = list(zip(*map(operator.attrgetter(*fields), people))) if people else [()] * len(fields)
    insert_columns(conn, t.respondents, {
        "wave_id": repeat(wave_id), "import_id": repeat(import_id), "superseded_by": repeat(None),
        **dict(zip(fields, own)),
        "tcc_pcc": map(bool, map(operator.attrgetter("tcc_pcc"), people)),
        "consent": map(operator.attrgetter("consent"), people),
        "attributes": [_json_text({str(k): (None if v is None else str(v)) for k, v in p.attributes.items()})
                       if p.attributes else "{}" for p in people],
        "digest": digests, "answers": documents,
    }, json_text=("attributes", "answers"))
    return digests


def refresh_data_version(conn: sa.Connection, wave_id: int,
                         current: Iterable[tuple[str, str]] | None = None) -> str:
    """Recompute and store a wave's data version from its current respondents' digests.

    ``current``: the wave's current (name, digest) pairs, when the caller knows them all
    (a wave created in the same transaction holds exactly what was just inserted); read
    from the database otherwise.
    """
    if current is None:
        r = t.respondents.c
        current = conn.execute(sa.select(r.name, r.digest)
                               .where(r.wave_id == wave_id, r.superseded_by.is_(None))).all()
    version = data_version_of(current)
    conn.execute(t.waves.update().where(t.waves.c.id == wave_id).values(data_version=version))
    return version


def data_version_of(current: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over "name NUL digest LF" lines sorted by name (:data:`EMPTY_VERSION` for none)."""
    pairs = sorted(map(tuple, current))  # plain tuples sort in C
    lines = "".join(map("{0[0]}\x00{0[1]}\n".format, pairs))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest() if pairs else EMPTY_VERSION


def ensure_wave(conn: sa.Connection, name: str, instrument: Instrument, reference_date: dt.date | None) -> int:
    """The id of wave ``name``, creating it (and storing its instrument) if it is new."""
    wave_id = conn.execute(sa.select(t.waves.c.id).where(t.waves.c.name == name)).scalar()
    if wave_id is not None:
        return wave_id
    definition = t.instrument_to_json(instrument)
    sha = hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    instrument_id = conn.execute(sa.select(t.instruments.c.id)
                                 .where(t.instruments.c.definition_sha256 == sha)).scalar()
    if instrument_id is None:
        instrument_id = inserted_id(conn.execute(t.instruments.insert().values(
            form_id=instrument.form_id, version=instrument.version, definition_sha256=sha,
            definition=definition, created_at=t.now())))
    return inserted_id(conn.execute(t.waves.insert().values(
        name=name, instrument_id=instrument_id, reference_date=reference_date, created_at=t.now(),
        data_version=EMPTY_VERSION)))
