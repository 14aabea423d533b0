"""The same import / load / data-version round trip against a real PostgreSQL server
(a throwaway cluster, see ``tests/support/pgserver.py``)."""
from __future__ import annotations

import pytest

from support.pgserver import fresh_database
from support.stores import check_upgrade_from_0001_keeps_the_wave
from surveys.demo import demo_workbook
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

pytestmark = pytest.mark.postgres


def test_import_load_and_data_version_round_trip_on_postgresql(postgres_url, tmp_path):
    workbook = tmp_path / "demo.xlsx"
    demo_workbook(workbook)
    store = open_store(postgres_url)
    try:
        assert store.engine.dialect.name == "postgresql"
        report = import_files(store, [workbook])
        assert report.ok, [str(i) for i in report.issues]
        data = store.load_wave()
        assert len(data.respondents) == report.respondents > 40
        assert len(data.answers) == report.answers
        assert set(data.respondents["group"]) == {"council", "tcc_pcc", "secretariat", "other"}
        assert data.data_version == store.data_version()
        assert store.counts() == (len(data.respondents), len(data.answers))
        # JSONB keeps no key order; load_wave puts each respondent's answers back in instrument order.
        order = {item.name: j for j, item in enumerate(data.instrument.items)}
        for _, answered in data.answers.groupby("respondent", sort=False):
            ranks = [order[item] for item in answered["item"]]
            assert ranks == sorted(ranks)
        assert list(dict.fromkeys(data.answers["respondent"])) == [
            name for name in data.respondents["respondent"] if name in set(data.answers["respondent"])]

        again = import_files(store, [workbook])
        assert [f.outcome for f in again.files] == ["unchanged"]
        assert store.data_version() == data.data_version

        store.withdraw_import(report.files[0].import_id)
        assert store.load_wave().respondents.empty
        assert store.data_version() != data.data_version
        assert [r.outcome for r in store.imports()] == ["withdrawn", "unchanged"]
    finally:
        store.close()
    # A second open finds the schema at head and leaves it alone.
    reopened = open_store(postgres_url)
    try:
        assert reopened.waves()[0].name == data.wave.name
    finally:
        reopened.close()


def test_upgrading_a_0001_database_on_postgresql(postgres_url, tmp_path):
    import sqlalchemy as sa

    server = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            for name in ("migrate_head", "migrate_old"):
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
    finally:
        server.dispose()
    head, old = (postgres_url.replace("/postgres?", f"/{name}?") for name in ("migrate_head", "migrate_old"))
    check_upgrade_from_0001_keeps_the_wave(head, old, tmp_path)


def test_codebook_codings_and_quotes_round_trip_on_postgresql(postgres_url, tmp_path):
    """The demo's coding (codebook, two coders, quotes) stored and read back on PostgreSQL."""
    from analysis.text.themes import summarize_themes
    from surveys.coding import coding_version, load_codebook, load_codings, load_quotes
    from surveys.demo import DEMO_WAVE, load_demo
    from surveys.demo_comments import demo_codebook

    with open_store(fresh_database(postgres_url, "coding")) as store:
        assert load_demo(store).ok
        assert load_codebook(store, DEMO_WAVE) == demo_codebook()
        codings, quotes = load_codings(store, DEMO_WAVE), load_quotes(store, DEMO_WAVE)
        assert {c.coder for c in codings} == {"Coder A", "Coder B"} and len(quotes) >= 12
        assert any(q.language == "zh" and q.translation for q in quotes)
        summary = summarize_themes(store.load_wave(DEMO_WAVE), load_codebook(store, DEMO_WAVE), codings)
        assert all(it.reliability.coders == 2 and it.reliability.units > 5 for it in summary.items)
        assert coding_version(store, DEMO_WAVE) == coding_version(store, DEMO_WAVE)


def test_rounds_and_votes_round_trip_on_postgresql(postgres_url, tmp_path):
    """A round, votes from the dashboard and from a consolidated sheet, a replacement with
    history, and the analysis input, on PostgreSQL; the partial unique index holds there too."""
    import sqlalchemy as sa

    from support.rounds_fixtures import ROUND, make_store, sheet
    from surveys import rounds
    from surveys.storage.round_tables import round_votes

    store = make_store(fresh_database(postgres_url, "rounds_trip"), tmp_path)
    try:
        assert store.engine.dialect.name == "postgresql"
        rounds.cast_vote(store, ROUND, "Ghana", "s01", "agree")
        rounds.cast_vote(store, ROUND, "Ghana", "s01", "disagree", replace=True)
        votes = sheet(tmp_path / "votes.xlsx", [["respondent", "s01", "s02"], ["France", "同意", "pass"],
                                                 ["India", "disagree", None]])
        report = import_files(store, [votes])
        assert report.ok and report.votes == 3, [str(i) for i in report.issues]
        data = rounds.load_round(store, ROUND, attributed=True)
        assert sorted(map(tuple, data.votes.itertuples(index=False))) == [
            ("France", "s01", "agree"), ("France", "s02", "pass"), ("Ghana", "s01", "disagree"),
            ("India", "s01", "disagree")]
        assert [(v.vote, v.current) for v in rounds.vote_history(store, ROUND)][:2] == [("agree", False),
                                                                                         ("disagree", True)]
        version = rounds.get_round(store, ROUND).data_version
        with pytest.raises(sa.exc.IntegrityError):
            with store.engine.begin() as conn:  # a second current vote of one delegation on one statement
                row = conn.execute(sa.select(round_votes).where(round_votes.c.superseded_by.is_(None))).first()
                conn.execute(round_votes.insert().values(
                    round_id=row.round_id, statement_id=row.statement_id, participant_id=row.participant_id,
                    vote="pass", channel="dashboard", cast_at=row.cast_at))
        store.withdraw_import(report.files[0].import_id)
        assert set(rounds.load_round(store, ROUND, attributed=True).participants["participant"]) == {"Ghana"}
        assert rounds.get_round(store, ROUND).data_version != version
    finally:
        store.close()
