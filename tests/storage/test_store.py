"""Storage: schema migrations, the wave round trip, data versions, withdrawal, logs."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from support.stores import ROWS, check_upgrade_from_0001_keeps_the_wave, write_wide_rows
from surveys.errors import NotFound, TrialogueError
from surveys.instrument.default import default_instrument
from surveys.model import Respondent
from surveys.storage import schema
from surveys.storage.importer import import_files
from surveys.storage.store import alembic_config, answer_frame, open_store, schema_head
from surveys.storage.submissions import (
    EMPTY_VERSION,
    ensure_wave,
    refresh_data_version,
    respondent_digest,
    respondent_digests,
)
from surveys.wavedata import RESPONDENT_COLUMNS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(sqlite_url):
    with open_store(sqlite_url) as opened:
        yield opened


def test_open_store_defaults_to_a_sqlite_file_under_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRIALOGUE_DATABASE_URL", raising=False)
    with open_store() as store:
        assert store.waves() == ()
    assert (tmp_path / "data" / "trialogue.sqlite").is_file()


def test_open_store_reads_the_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIALOGUE_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    with open_store() as store:
        assert store.engine.url.database.endswith("env.sqlite")
    assert (tmp_path / "env.sqlite").is_file()


def test_a_bad_url_is_a_one_line_error():
    with pytest.raises(TrialogueError, match="not a database URL"):
        open_store("no such thing")


def test_upgrade_on_an_empty_database_creates_every_table_and_matches_the_models(tmp_path):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert set(sa.inspect(engine).get_table_names()) == set(schema.metadata.tables) | {"alembic_version"}
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_a_new_store_gets_the_schema_the_migrations_make_and_the_newest_revision(tmp_path):
    """open_store creates an empty database from the models and stamps it; it must equal what
    running every migration makes (same tables, columns, types, indexes and constraints)."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert schema_head() == head
    open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}").close()
    migrated = sa.create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    with migrated.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    fresh = sa.create_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with fresh.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata) == []

    def shape(engine):
        found = sa.inspect(engine)
        return {table: (sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)),
                        sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(table)),
                        sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
                        sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in found.get_foreign_keys(table)))
                for table in found.get_table_names()}
    assert shape(fresh) == shape(migrated)


def test_opening_a_store_at_the_newest_revision_does_not_load_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'head.sqlite'}"
    open_store(url).close()
    code = ("import sys; from surveys.storage.store import open_store; open_store(sys.argv[1]).close(); "
            "print('alembic' in sys.modules, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_instrument_survives_the_json_round_trip():
    instrument = default_instrument()
    assert schema.instrument_from_json(schema.instrument_to_json(instrument)) == instrument


def test_import_and_load_wave_round_trip(store, tmp_path):
    report = import_files(store, [write_wide_rows(tmp_path / "answers.xlsx")])
    assert report.ok, [str(i) for i in report.issues]
    data = store.load_wave()
    assert data.wave.name == "wgpko_2015_triangular"
    assert data.wave.reference_date == dt.date(2015, 12, 11)
    assert data.instrument == default_instrument()
    assert list(data.respondents.columns) == list(RESPONDENT_COLUMNS) + ["level"]
    assert data.attributes == ("level",)
    people = data.respondents.set_index("respondent")
    assert people.loc["Nepal", "group"] == "tcc_pcc" and bool(people.loc["Nepal", "tcc_pcc"])
    assert people.loc["Nepal", "iso3"] == "NPL" and people.loc["Nepal", "p5_e10"] == "non_member"
    assert people.loc["Chile", "council_seat"] == "e10" and people.loc["Chile", "level"] == "permanent representative"
    assert people.loc["Department of Peacekeeping Operations", "group"] == "secretariat"
    answers = {(a.respondent, a.item): a.value for a in data.answers.itertuples()}
    assert answers[("Nepal", "q1_channels")] == "formal_meetings field_visits"
    assert answers[("Nepal", "q1_comment")] == "Consulted too late."
    assert answers[("Department of Peacekeeping Operations", "q4_e10_role")] == "dk"
    assert ("Chile", "q1_comment") not in answers
    assert len(data.answers) == report.answers == 9
    assert store.counts() == (3, 9)


def test_load_wave_picks_the_most_recent_wave_and_names_unknown_ones(store, tmp_path):
    with pytest.raises(NotFound, match="no wave is stored yet"):
        store.load_wave()
    import_files(store, [write_wide_rows(tmp_path / "a.xlsx")], wave="first")
    import_files(store, [write_wide_rows(tmp_path / "a.xlsx")], wave="second")
    assert [w.name for w in store.waves()] == ["first", "second"]
    assert store.load_wave().wave.name == "second"
    with pytest.raises(NotFound, match="no wave named 'third'.*first, second"):
        store.load_wave("third")


def test_data_version_is_stable_for_the_same_data_and_changes_with_it(tmp_path):
    first = tmp_path / "a.xlsx"
    write_wide_rows(first)
    versions = []
    for name in ("one.sqlite", "two.sqlite"):
        with open_store(f"sqlite:///{tmp_path / name}") as store:
            import_files(store, [first])
            versions.append(store.data_version())
            assert store.load_wave().data_version == versions[-1]
    assert versions[0] == versions[1] != EMPTY_VERSION
    with open_store(f"sqlite:///{tmp_path / 'one.sqlite'}") as store:
        assert store.data_version() == versions[0]  # reopening changes nothing
        changed = [row[:] for row in ROWS]
        changed[0][3] = "3"
        import_files(store, [write_wide_rows(tmp_path / "b.xlsx", changed)], replace=True)
        assert store.data_version() not in versions


def test_respondent_digest_depends_on_answers_not_their_order():
    nepal = Respondent("Nepal", "tcc_pcc", "NPL", "asia_pacific", None, True)
    a = respondent_digest(nepal, [("q1_overall", "2"), ("q4_e10_role", "4")])
    assert a == respondent_digest(nepal, [("q4_e10_role", "4"), ("q1_overall", "2")])
    assert a != respondent_digest(nepal, [("q1_overall", "3"), ("q4_e10_role", "4")])


def test_respondent_digests_in_bulk_equal_one_at_a_time():
    items = ("q1_overall", "q1_channels", "q4_e10_role", "a_comment")
    people = [Respondent("Nepal", "tcc_pcc", "NPL", "asia_pacific", None, True),
              Respondent("Côte d'Ivoire", "other", "CIV", "african", "e10", False, {"size": "大", "x": None}),
              Respondent("DPO", "secretariat")]
    values = [("2", None, "4", "“quoted”\nline"), (None, None, None, None), ("dk", "a b", None, "2")]
    expected = [respondent_digest(p, [(i, v) for i, v in zip(items, row) if v is not None])
                for p, row in zip(people, values)]
    assert respondent_digests(people, items, values) == expected


def test_withdraw_removes_an_import_and_restores_what_it_replaced(store, tmp_path):
    first = import_files(store, [write_wide_rows(tmp_path / "a.xlsx")])
    original = store.data_version()
    changed = [ROWS[0][:3] + ["5", None, None, "5"]]
    second = import_files(store, [write_wide_rows(tmp_path / "b.xlsx", changed)], replace=True)
    assert second.ok
    nepal = store.load_wave().answers.query("respondent == 'Nepal'")
    assert dict(zip(nepal["item"], nepal["value"])) == {"q1_overall": "5", "q4_e10_role": "5"}

    record = store.withdraw_import(second.files[0].import_id)
    assert record.outcome == "withdrawn" and record.withdrawn_at is not None
    assert store.data_version() == original
    nepal = store.load_wave().answers.query("respondent == 'Nepal'")
    assert dict(zip(nepal["item"], nepal["value"]))["q1_overall"] == "2"

    store.withdraw_import(first.files[0].import_id)
    assert store.load_wave().respondents.empty and store.data_version() == EMPTY_VERSION
    assert [r.outcome for r in store.imports()] == ["withdrawn", "withdrawn"]
    with pytest.raises(TrialogueError, match="outcome 'withdrawn'"):
        store.withdraw_import(first.files[0].import_id)
    with pytest.raises(NotFound, match="no import with id 99"):
        store.withdraw_import(99)


def test_withdrawing_a_replaced_import_keeps_its_replacement_current(store, tmp_path):
    first = import_files(store, [write_wide_rows(tmp_path / "a.xlsx")])
    import_files(store, [write_wide_rows(tmp_path / "b.xlsx", [ROWS[0][:3] + ["5", None, None, "5"]])], replace=True)
    store.withdraw_import(first.files[0].import_id)
    data = store.load_wave()
    assert list(data.respondents["respondent"]) == ["Nepal"]
    assert dict(zip(data.answers["item"], data.answers["value"]))["q1_overall"] == "5"


def test_contributions_are_stored_and_replace_builtin_months(store):
    from surveys.respondents.contributions import ContributionMonth, Personnel, builtin_months

    builtin = builtin_months()
    assert store.contribution_months() == tuple(sorted(builtin, key=lambda m: m.month))
    december = builtin[0].month
    mine = ContributionMonth(december, "test figures", {"NPL": Personnel(100, 20, 3)})
    extra = ContributionMonth(dt.date(2016, 1, 1), "test figures", {"FJI": Personnel(1, 2, 3)})
    assert store.save_contributions([mine, extra]) == 2
    months = {m.month: m for m in store.contribution_months()}
    assert months[december] == mine and months[dt.date(2016, 1, 1)] == extra
    assert len(months) == len(builtin) + 1


def test_exports_are_logged(store):
    store.record_export("demo", "abc123", {"by": "group", "lang": "zh"}, "report.docx")
    (record,) = store.exports()
    assert (record.wave, record.data_version, record.settings, record.file_name) == (
        "demo", "abc123", {"by": "group", "lang": "zh"}, "report.docx")


def test_load_wave_at_ten_thousand_respondents(store):
    instrument = default_instrument()
    items = [item.name for item in instrument.items][:30]
    with store.engine.begin() as conn:
        wave_id = ensure_wave(conn, "big", instrument, instrument.reference_date)
        import_id = conn.execute(schema.imports.insert().values(
            wave="big", file_name="big.xlsx", sha256="0" * 64, imported_at=schema.now(), respondents=10_000,
            answers=10_000 * len(items), outcome="ok", messages=[])).inserted_primary_key[0]
        conn.execute(schema.respondents.insert(), [{
            "wave_id": wave_id, "import_id": import_id, "name": f"Unit {n:05d}", "group": "secretariat",
            "tcc_pcc": False, "attributes": {"desk": str(n % 7)}, "digest": f"{n:064d}",
            "answers": {item: "3" for item in items}} for n in range(10_000)])
        refresh_data_version(conn, wave_id)
    data = store.load_wave("big")
    assert data.respondents.shape[0] == 10_000 and data.answers.shape == (10_000 * len(items), 3)
    assert list(data.answers["item"][:len(items)]) == items
    assert list(data.answers["respondent"][len(items) - 1:len(items) + 1]) == ["Unit 00000", "Unit 00001"]
    assert store.counts("big") == (10_000, 10_000 * len(items))


def test_upgrading_a_0001_database_moves_answers_into_documents(tmp_path):
    check_upgrade_from_0001_keeps_the_wave(f"sqlite:///{tmp_path / 'head.sqlite'}",
                                           f"sqlite:///{tmp_path / 'old.sqlite'}", tmp_path)


def test_answers_frame_is_spread_from_documents_in_item_order_with_text_columns(store, tmp_path):
    import_files(store, [write_wide_rows(tmp_path / "a.xlsx")])
    answers = store.load_wave().answers
    assert list(answers.columns) == ["respondent", "item", "value"]
    assert all(answers[c].dtype == pd.Series(["text"]).dtype for c in answers.columns)
    assert list(zip(answers["respondent"], answers["item"]))[:5] == [
        ("Nepal", "q1_overall"), ("Nepal", "q1_channels"), ("Nepal", "q1_comment"), ("Nepal", "q4_e10_role"),
        ("Chile", "q1_overall")]
    assert answer_frame([], []).shape == (0, 3)


def test_data_version_is_the_hash_of_sorted_respondent_digests_as_before_documents(store, tmp_path):
    """The version formula is unchanged by keeping answers as documents: a SHA-256 over
    "name NUL digest LF" lines sorted by name, each digest over the respondent's fields and
    sorted (item, value) pairs, recomputed here one respondent and one line at a time."""
    import hashlib

    import_files(store, [write_wide_rows(tmp_path / "a.xlsx")])
    data = store.load_wave()
    lines = []
    for person in data.respondents.itertuples(index=False):
        answered = data.answers[data.answers["respondent"] == person.respondent]
        text = [value if isinstance(value, str) else None  # missing text is NaN in the frame
                for value in (person.iso3, person.region, person.council_seat, person.level)]
        respondent = Respondent(person.respondent, person.group, *text[:3], bool(person.tcc_pcc),
                                {"level": text[3]} if text[3] else {})
        lines.append((person.respondent, respondent_digest(respondent, zip(answered["item"], answered["value"]))))
    expected = hashlib.sha256()
    for name, digest in sorted(lines):
        expected.update(f"{name}\x00{digest}\n".encode("utf-8"))
    assert store.data_version() == data.data_version == expected.hexdigest()
