"""Where waves, answers and the import log are kept: SQLAlchemy 2 on SQLite or PostgreSQL.

``open_store(url)`` opens (and on first use creates) the database and brings its schema
to the newest Alembic revision. Reading is done here; answers are written only by
:mod:`surveys.storage.importer`, which uses :mod:`surveys.storage.submissions` inside its own transaction.

Each submission's answers are one JSON document on its respondent row (see
:mod:`surveys.storage.schema`; written by :mod:`surveys.storage.submissions`); :meth:`Store.load_wave`
spreads them back into one row per answer.

The data version of a wave is a SHA-256 over the current respondents' digests, each of
which is a SHA-256 over that respondent's fields and sorted answers (a two-level hash
list). Same data, same version; any change, a new one; reading it costs one row.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence, cast

import sqlalchemy as sa

from surveys.errors import NotFound, TrialogueError
from surveys.limits import MAX_FILE_NAME
from surveys.model import Instrument, Wave
from surveys.wavedata import ANSWER_COLUMNS, RESPONDENT_COLUMNS, WaveData

from . import schema as t
from .submissions import inserted_id, refresh_data_version
from .votes import withdraw_votes  # a vote workbook's import removes its votes

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_URL = "sqlite:///data/trialogue.sqlite"
URL_VARIABLE = "TRIALOGUE_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The PostgreSQL advisory lock (one 64-bit key) every change of stored answers holds.
ANSWERS_LOCK = 0x7472_6961_6C6F_6775  # "trialogu"
#: The PostgreSQL advisory lock a process holds while it creates or upgrades the schema.
SCHEMA_LOCK = 0x7472_6961_6C01
#: How long a SQLite writer waits for another process's write to end before it gives up.
SQLITE_WAIT_MS = 120_000


@dataclass(frozen=True)
class ImportRecord:
    """One line of the import log: one file offered to one wave, and what became of it."""

    id: int
    wave: str
    file_name: str
    sha256: str
    imported_at: dt.datetime
    respondents: int
    answers: int
    outcome: str  # ok, refused, unchanged or withdrawn
    messages: tuple[str, ...]
    withdrawn_at: dt.datetime | None = None


@dataclass(frozen=True)
class ExportRecord:
    id: int
    wave: str
    data_version: str
    settings: Mapping[str, Any]
    file_name: str
    exported_at: dt.datetime


def open_store(url: str | None = None) -> "Store":
    """Open the store at ``url``, else ``$TRIALOGUE_DATABASE_URL``, else ``data/trialogue.sqlite``.

    Creates a SQLite file (and its folder) on first use and upgrades any database to the
    newest schema revision.
    """
    url = url or os.environ.get(URL_VARIABLE) or DEFAULT_URL
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise TrialogueError(f"{url}: not a database URL (expected e.g. sqlite:///data/trialogue.sqlite "
                             "or postgresql+psycopg://user@host/db)") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TrialogueError(f"{folder}: cannot create the folder for the database ({exc.strerror})") from None
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = sa.create_engine(parsed)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = sa.create_engine(parsed)
        _upgrade(engine)
    except sa.exc.SQLAlchemyError as exc:
        raise TrialogueError(f"{parsed.render_as_string(hide_password=True)}: cannot open the database "
                             f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})") from None
    except ModuleNotFoundError as exc:
        raise TrialogueError(f"{parsed.drivername}: database driver not installed ({exc.name})") from None
    return Store(engine)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Write-ahead logging lets the dashboard keep reading while an import writes;
    # synchronous=NORMAL is the documented safe setting in WAL mode. The driver's own
    # transaction handling is turned off (it begins only before INSERT/UPDATE, so reads and
    # DDL ran outside any transaction): :func:`_sqlite_begin` begins every transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Writers queue behind one another (Store.writing) instead of failing after the driver's 5 s.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a writing transaction (:func:`writing`): it takes
    the write lock first, so two writers wait for each other instead of both reading the
    state before the other's write (SQLite "Transaction", BEGIN IMMEDIATE)."""
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writing(engine: sa.Engine):
    """``engine.begin()`` for a transaction that reads and then writes: on SQLite it holds the
    write lock from its first statement (PostgreSQL writers take an advisory lock,
    :meth:`Store.writing`)."""
    return engine.execution_options(sqlite_immediate=True).begin()


def alembic_config(connection: sa.Connection | None = None):
    """An Alembic ``Config`` built in code, so migrations run from any working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w-]+|None)['\"]?", re.MULTILINE)


@lru_cache(maxsize=1)
def schema_head() -> str | None:
    """The newest migration's revision, read from the migration files' ``revision`` and
    ``down_revision`` lines (no Alembic import); None when they do not form one chain."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((key, value) for key, value in _REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(conn: sa.Connection) -> str | None:
    """The store's schema revision without Alembic: None for an empty database."""
    if conn.dialect.name == "postgresql":
        present = conn.execute(sa.text("SELECT to_regclass('alembic_version')")).scalar() is not None
    else:
        present = conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                       "name = 'alembic_version'")).scalar() is not None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() if present else None


def _upgrade(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision. A store already there costs one query and no
    Alembic import. Otherwise one process migrates while the others wait (PostgreSQL: an
    advisory transaction lock; SQLite: an immediate transaction, DDL included, since the
    driver's implicit transactions are off) and then find the schema current; so any number of
    processes may open a store that does not exist yet at the same moment."""
    head = schema_head()
    with engine.connect() as conn:
        if head is not None and _stored_revision(conn) == head:
            return
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        stored = _stored_revision(conn)  # again: another process may have migrated meanwhile
        if head is not None and stored == head:
            return
        if head is not None and stored is None and not sa.inspect(conn).get_table_names():
            # An empty database gets the models' tables and the newest revision at once: the
            # tests keep the migrations equal to the models, and an empty store has no data
            # to move, so running every migration in turn would only cost time.
            t.metadata.create_all(conn)
            _VERSION_TABLE.create(conn)
            conn.execute(_VERSION_TABLE.insert().values(version_num=head))
            return
        from alembic import command

        command.upgrade(alembic_config(conn), "head")


#: Alembic's own bookkeeping table, as ``alembic stamp`` makes it.
_VERSION_TABLE = sa.Table("alembic_version", sa.MetaData(),
                          sa.Column("version_num", sa.String(32), nullable=False),
                          sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


class Store:
    """Read access to stored waves, plus the import log, contributions and export log."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """A transaction that changes stored answers (import, withdrawal, attribution), one at a
        time across every process of the store: it holds the write lock from its first statement
        until it commits, so its checks (is the wave new? has this delegation answered?) see every
        change committed before it and none can slip in between a check and the write. Without
        it two imports racing to create a new wave, or to store one delegation twice, would both
        pass their checks. SQLite: ``BEGIN IMMEDIATE`` (:func:`writing`; others wait up to
        ``SQLITE_WAIT_MS``); PostgreSQL: a transaction-level advisory lock; readers are never
        blocked on either."""
        with writing(self.engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ANSWERS_LOCK})
            yield conn

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- waves -----------------------------------------------------------------------------
    def waves(self) -> tuple[Wave, ...]:
        """All waves, oldest reference date first (waves without one first, then by creation)."""
        with self.engine.connect() as conn:
            rows = conn.execute(_wave_query()).all()
        return tuple(_wave(r) for r in sorted(rows, key=_wave_order))

    def wave(self, name: str) -> Wave:
        return _wave(self._wave_row(name))

    def instrument(self, name: str | None = None) -> Instrument:
        """The instrument a wave was imported with, rebuilt from its stored definition."""
        return _instrument(self._wave_row(name).definition)

    def _wave_row(self, name: str | None):
        with self.engine.connect() as conn:
            if name is None:
                rows = conn.execute(_wave_query()).all()
                if not rows:
                    raise NotFound("no wave is stored yet; import answers with `python -m surveys import FILE` "
                                   "or load the demo with `python -m surveys demo`")
                return max(rows, key=_wave_order)
            row = conn.execute(_wave_query().where(t.waves.c.name == name)).first()
        if row is None:
            known = ", ".join(w.name for w in self.waves()) or "none"
            raise NotFound(f"no wave named {name!r} (stored waves: {known})")
        return row

    def data_version(self, name: str | None = None) -> str:
        return self._wave_row(name).data_version

    def counts(self, name: str | None = None) -> tuple[int, int]:
        """(current respondents, current answers) of a wave, without loading it."""
        wave_id = self._wave_row(name).id
        r = t.respondents.c
        current = sa.and_(r.wave_id == wave_id, r.superseded_by.is_(None))
        with self.engine.connect() as conn:
            # The keys of each document, counted by the database rather than loaded.
            keys = ("(SELECT count(*) FROM jsonb_object_keys(respondents.answers))"
                    if conn.dialect.name == "postgresql" else "(SELECT count(*) FROM json_each(respondents.answers))")
            people, answers = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(
                sa.literal_column(keys, sa.Integer)), 0)).select_from(t.respondents).where(current)).one()
        return people, int(answers)

    def load_wave(self, name: str | None = None) -> WaveData:
        """The wave (default: the most recent) as tidy frames; see :class:`WaveData`."""
        row = self._wave_row(name)
        current = sa.and_(t.respondents.c.wave_id == row.id, t.respondents.c.superseded_by.is_(None))
        r = t.respondents.c
        with self.engine.connect() as conn:
            # JSON columns as text (the driver's own on SQLite, cast on PostgreSQL), decoded in bulk below.
            as_text = (lambda c: sa.cast(c, sa.Text)) if conn.dialect.name == "postgresql" else (
                lambda c: sa.type_coerce(c, sa.Text))
            people = conn.execute(
                sa.select(r.name, r.group, r.iso3, r.region, r.council_seat, r.tcc_pcc,
                          as_text(r.attributes), as_text(r.answers))
                .where(current).order_by(r.id)).all()
            consent = {name: bool(given) for name, given in conn.execute(
                sa.select(r.name, r.consent).where(current, r.consent.is_not(None)))}
            keeps_key_order = conn.dialect.name != "postgresql"  # JSONB sorts keys its own way
        wave, instrument = _wave(row), _instrument(row.definition)
        columns = _as_stored(list(zip(*people)) if people else [()] * 8)
        documents = _decoded(columns[7])
        if not keeps_key_order:
            documents = _in_item_order(documents, [item.name for item in instrument.items])
        return WaveData(wave, instrument, _respondent_frame(columns[:6], _decoded(columns[6]), wave.name),
                        answer_frame(columns[0], documents), row.data_version, row.attribution, consent)

    # --- import log ------------------------------------------------------------------------
    def imports(self, wave: str | None = None) -> tuple[ImportRecord, ...]:
        query = sa.select(t.imports).order_by(t.imports.c.id)
        if wave is not None:
            query = query.where(t.imports.c.wave == wave)
        with self.engine.connect() as conn:
            return tuple(_import_record(row) for row in conn.execute(query))

    def withdraw_import(self, import_id: int, actor=None) -> ImportRecord:
        """Remove the answers an import stored, restoring any it replaced; the log keeps the import.
        The withdrawal is audited under ``actor`` (a :class:`surveys.storage.audit.Actor`; default: the
        command line's user)."""
        from .audit import command_line, record
        i, r = t.imports.c, t.respondents.c
        with self.writing() as conn:
            log = conn.execute(sa.select(t.imports).where(i.id == import_id)).first()
            if log is None:
                raise NotFound(f"no import with id {import_id} (see `python -m surveys imports`)")
            if log.outcome != "ok":
                raise TrialogueError(f"import {import_id} ({log.file_name}) has outcome {log.outcome!r}; "
                                     "only a stored import (outcome 'ok') can be withdrawn")
            wave_id = conn.execute(sa.select(t.waves.c.id).where(t.waves.c.name == log.wave)).scalar_one()
            own = conn.execute(sa.select(r.id, r.name, r.superseded_by).where(r.import_id == import_id)).all()
            # What replaced this import's rows now replaces what this import had replaced.
            successor = {row.name: row.superseded_by for row in own}
            restored = conn.execute(sa.select(r.id, r.name).where(r.superseded_by == import_id)).all()
            for row in restored:
                conn.execute(t.respondents.update().where(r.id == row.id)
                             .values(superseded_by=successor.get(row.name)))
            ids = [row.id for row in own]
            for chunk in _chunks(ids, 500):
                conn.execute(t.respondents.delete().where(r.id.in_(chunk)))

            votes = withdraw_votes(conn, import_id)
            removed = f"{votes} vote(s)" if votes else f"{len(ids)} respondent(s)"
            messages = list(log.messages) + [f"withdrawn: {removed} removed"]
            conn.execute(t.imports.update().where(i.id == import_id)
                         .values(outcome="withdrawn", withdrawn_at=t.now(), messages=messages))
            version = refresh_data_version(conn, wave_id)
            record(conn, actor or command_line(), "withdrawal", log.wave, import_id=import_id, file=log.file_name,
                   respondents=len(ids), restored=len(restored), data_version=version)
            return _import_record(conn.execute(sa.select(t.imports).where(i.id == import_id)).one())

    # --- contributions ---------------------------------------------------------------------
    def save_contributions(self, months: Iterable) -> int:
        """Store monthly TCC/PCC figures; a month already stored is replaced. Returns the count."""
        count = 0
        with writing(self.engine) as conn:
            for month in months:
                old = conn.execute(sa.select(t.contribution_months.c.id)
                                   .where(t.contribution_months.c.month == month.month)).scalar()
                if old is not None:
                    conn.execute(t.contribution_figures.delete().where(t.contribution_figures.c.month_id == old))
                    conn.execute(t.contribution_months.delete().where(t.contribution_months.c.id == old))
                month_id = inserted_id(conn.execute(t.contribution_months.insert().values(
                    month=month.month, source=month.source, saved_at=t.now())))
                figures = [{"month_id": month_id, "iso3": iso3, "troops": p.troops, "police": p.police,
                            "experts": p.experts} for iso3, p in sorted(month.personnel.items())]
                if figures:
                    conn.execute(t.contribution_figures.insert(), figures)
                count += 1
        return count

    def contribution_months(self) -> tuple:
        """Built-in months plus stored ones (a stored month replaces a built-in one), by month."""
        from surveys.respondents.contributions import ContributionMonth, Personnel, builtin_months

        f = t.contribution_figures.c
        with self.engine.connect() as conn:
            months = conn.execute(sa.select(t.contribution_months)).all()
            figures = conn.execute(sa.select(f.month_id, f.iso3, f.troops, f.police, f.experts)).all()
        by_month: dict[int, dict] = {m.id: {} for m in months}
        for row in figures:
            by_month[row.month_id][row.iso3] = Personnel(row.troops, row.police, row.experts)
        merged = {m.month: m for m in builtin_months()}
        for m in months:
            merged[m.month] = ContributionMonth(m.month, m.source, by_month[m.id])
        return tuple(merged[k] for k in sorted(merged))

    # --- export log ------------------------------------------------------------------------
    def record_export(self, wave: str, data_version: str, settings: Mapping[str, Any], file_name: str) -> int:
        from surveys.plaintext import plain

        with writing(self.engine) as conn:
            return inserted_id(conn.execute(t.exports.insert().values(
                wave=wave, data_version=data_version, settings=json.loads(json.dumps(settings, default=str)),
                file_name=shortened(plain(file_name, line=True), MAX_FILE_NAME),
                exported_at=t.now())))

    def exports(self, wave: str | None = None) -> tuple[ExportRecord, ...]:
        query = sa.select(t.exports).order_by(t.exports.c.id)
        if wave is not None:
            query = query.where(t.exports.c.wave == wave)
        with self.engine.connect() as conn:
            return tuple(ExportRecord(row.id, row.wave, row.data_version, row.settings, row.file_name,
                                      row.exported_at) for row in conn.execute(query))


# --- reading helpers -------------------------------------------------------------------------

def _wave_query() -> sa.Select:
    w, i = t.waves.c, t.instruments.c
    return sa.select(w.id, w.name, w.reference_date, w.created_at, w.data_version, w.attribution, i.form_id,
                     i.version, i.definition).join_from(t.waves, t.instruments)


def _wave_order(row) -> tuple:
    return (row.reference_date or dt.date.min, row.created_at, row.id)


def _wave(row) -> Wave:
    return Wave(row.name, row.form_id, row.version, row.reference_date)


def _import_record(row) -> ImportRecord:
    return ImportRecord(row.id, row.wave, row.file_name, row.sha256, row.imported_at, row.respondents,
                        row.answers, row.outcome, tuple(row.messages or ()), row.withdrawn_at)


def _instrument(definition) -> Instrument:
    """A stored instrument definition, its texts as the text policy allows (see :func:`_as_stored`)."""
    from surveys.plaintext import json_needs_cleaning, plain_tree

    text = definition if isinstance(definition, str) else json.dumps(definition, ensure_ascii=False)
    data = json.loads(definition) if isinstance(definition, str) else definition
    return t.instrument_from_json(plain_tree(data) if json_needs_cleaning(text) else data)


def _as_stored(columns: list[Sequence]) -> list[Sequence]:
    """The respondent columns as text the store may hold now: a store written before the text
    policy (:mod:`surveys.plaintext`) may hold controls or lone surrogates, which no frame,
    page or writer can take. One search over the columns' text settles the usual case."""
    from surveys.plaintext import json_needs_cleaning, plain_tree

    texts = [value for column in (columns[0], columns[6], columns[7]) for value in column if isinstance(value, str)]
    if not json_needs_cleaning(" ".join(texts)):
        return columns
    cleaned: list[Sequence[Any]] = [list(column) for column in columns]
    cleaned[0] = [plain_tree(value) for value in cleaned[0]]
    for index in (6, 7):
        cleaned[index] = [json.dumps(plain_tree(json.loads(value)), ensure_ascii=False)
                          if isinstance(value, str) else plain_tree(value) for value in cleaned[index]]
    return cleaned


def _decoded(values: Sequence[str | dict | None]) -> list[dict]:
    """JSON objects from a column: text decoded in one ``json.loads`` of them all as an array
    (one C call instead of one per row); drivers that decode JSON themselves pass dicts."""
    if all(type(value) is str for value in values):
        return json.loads(f"[{','.join(cast(Sequence[str], values))}]")
    return [json.loads(value) if isinstance(value, str) else (value or {}) for value in values]


def shortened(text: str, longest: int) -> str:
    """``text`` cut to ``longest`` characters with "…", keeping a file name's extension."""
    if len(text) <= longest:
        return text
    stem, dot, extension = text.rpartition(".")
    keep = "." + extension if dot and len(extension) <= 10 else ""
    return text[:longest - len(keep) - 1] + "…" + keep


def _respondent_frame(columns: Sequence[Sequence], attributes: Sequence[Mapping], wave: str) -> pd.DataFrame:
    """``columns``: name, group, iso3, region, council_seat, tcc_pcc, one entry per respondent."""
    import pandas as pd

    attribute_names: dict[str, str] = {}
    for found in attributes:
        for key in found or {}:
            # An attribute named like a fixed column must not overwrite it.
            attribute_names.setdefault(key, f"{key}_attribute" if key in RESPONDENT_COLUMNS else key)
    names, groups, iso3, regions, seats, tcc_pcc = (list(column) for column in columns)
    data = {"respondent": names, "group": groups, "iso3": iso3, "region": regions, "council_seat": seats,
            "p5_e10": [seat or "non_member" for seat in seats], "tcc_pcc": list(map(bool, tcc_pcc)),
            "wave": [wave] * len(names)}
    for key, column in attribute_names.items():
        data[column] = [found.get(key) if found else None for found in attributes]
    # Through an object array, as a frame built from records is, so column types are inferred alike.
    return pd.DataFrame({name: pd.array(values, dtype=object) for name, values in data.items()},
                        columns=list(data)).infer_objects().astype({"tcc_pcc": bool})


def answer_frame(names: Sequence[str], documents: Sequence[dict[str, str]]) -> pd.DataFrame:
    """One row per answer (:data:`ANSWER_COLUMNS`) from each respondent's answer document.

    Respondent by respondent, each in its document's key order; the three columns are
    spread out with ``itertools`` in C rather than a Python loop per answer.
    """
    import pandas as pd

    columns = {
        "respondent": list(chain.from_iterable(map(repeat, names, map(len, documents)))),
        "item": list(chain.from_iterable(documents)),
        "value": list(chain.from_iterable(map(dict.values, documents))),
    }
    return pd.DataFrame(columns, columns=list(ANSWER_COLUMNS))


def _in_item_order(documents: Sequence[Mapping[str, str]], items: Sequence[str]) -> list[dict[str, str]]:
    """Documents with their keys in instrument order (keys the instrument lacks last)."""
    rank = {name: j for j, name in enumerate(items)}
    last = len(rank)
    return [{key: doc[key] for key in sorted(doc, key=lambda k: rank.get(k, last))} for doc in documents]


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
