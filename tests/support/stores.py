"""Stores for the storage tests: demo-like wide rows, and the upgrade check run on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa

from surveys.demo import write_wide
from surveys.instrument.default import default_instrument
from surveys.storage import schema
from surveys.storage.importer import import_files
from surveys.storage.store import alembic_config, open_store


def check_upgrade_from_0001_keeps_the_wave(head_url: str, old_url: str, tmp_path) -> None:
    """Rows written at revision 0001 (one row per answer) load the same after upgrading.

    A wave with history (a replaced submission) and non-ASCII text is imported at head;
    its rows are written with plain Core inserts into a database created at 0001, answers
    as rows of the old ``answers`` table; after ``upgrade head`` the frames, data version
    and counts must equal the original, and a downgrade must give back the same answer rows.
    """
    from alembic import command
    from pandas.testing import assert_frame_equal

    rows = ROWS + [["Côte d'Ivoire", "tcc_pcc", "ministre", "5", "field_visits", "« Trop tard. » 太晚了", "1"]]
    first = write_wide_rows(tmp_path / "a.xlsx", rows)
    second = write_wide_rows(tmp_path / "b.xlsx", [ROWS[0][:3] + ["5", None, None, "5"]])
    with open_store(head_url) as store:
        assert import_files(store, [first]).ok and import_files(store, [second], replace=True).ok
        expected, counts = store.load_wave(), store.counts()
        with store.engine.connect() as conn:
            dump = {name: [dict(row) for row in conn.execute(
                sa.select(schema.metadata.tables[name]).order_by(sa.column("id"))).mappings()]
                for name in ("instruments", "waves", "imports", "respondents")}
    order = {item.name: j for j, item in enumerate(default_instrument().items)}
    old_answers = [(person["id"], item, person["answers"][item]) for person in dump["respondents"]
                   for item in sorted(person["answers"], key=order.__getitem__)]
    assert len(dump["respondents"]) == 5 and len(old_answers) == 15  # 4 in history (the first Nepal) + 11 current

    engine = sa.create_engine(old_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0001")
            old = sa.MetaData()
            old.reflect(conn)
            assert "answers" not in {c.name for c in old.tables["respondents"].columns}
            for name in ("instruments", "waves", "imports"):
                conn.execute(old.tables[name].insert(), dump[name])
            conn.execute(old.tables["respondents"].insert(),
                         [{k: v for k, v in person.items() if k != "answers"} for person in dump["respondents"]])
            conn.execute(old.tables["answers"].insert(),
                         [{"respondent_id": rid, "item": item, "value": value} for rid, item, value in old_answers])
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
            assert "answers" not in sa.inspect(conn).get_table_names()

        with open_store(old_url) as store:
            data = store.load_wave()
            assert_frame_equal(data.answers, expected.answers)
            assert_frame_equal(data.respondents, expected.respondents)
            assert data.data_version == expected.data_version == store.data_version()
            assert store.counts() == counts == (4, 11)
            with store.engine.connect() as conn:
                history = conn.execute(sa.select(schema.respondents.c.answers)
                                       .where(schema.respondents.c.superseded_by.is_not(None))).scalars().all()
            assert history == [{"q1_overall": "2", "q1_channels": "formal_meetings field_visits",
                                "q1_comment": "Consulted too late.", "q4_e10_role": "4"}]

        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0001")
            back = conn.execute(sa.text("SELECT respondent_id, item, value FROM answers ORDER BY id")).all()
        assert [tuple(row) for row in back] == old_answers
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with open_store(old_url) as store:
            assert_frame_equal(store.load_wave().answers, expected.answers)
            assert store.data_version() == expected.data_version
    finally:
        engine.dispose()


HEADER = ["respondent", "group", "level", "q1_overall", "q1_channels", "q1_comment", "q4_e10_role"]
ROWS = [
    ["Nepal", "tcc_pcc", "expert", "2", "formal_meetings field_visits", "Consulted too late.", "4"],
    ["Chile", "council", "permanent representative", "4", "informal_dialogues", None, "5"],
    ["Department of Peacekeeping Operations", "secretariat", None, "3", None, None, "dk"],
]


def write_wide_rows(path, rows=ROWS, header=HEADER):
    return write_wide(path, header, rows)
