"""Answers as one JSON document per submission instead of one row per answer.

Adds ``respondents.answers`` ({item: value} in the order the answers were stored, which
is the instrument's order), moves every stored answer into its respondent's document,
history included, and drops the ``answers`` table. Digests and data versions are left
as they are: they are computed from the same fields and answers, so they stay valid.
The downgrade rebuilds the table from the documents.

The move is done in Python with one bulk read and one ``executemany``, so the same code
runs on SQLite and PostgreSQL (their JSON aggregate functions differ).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Frozen here rather than imported from surveys.storage.schema, so this revision never changes.
ANSWERS_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BATCH = 5000


def _respondents():
    return sa.table("respondents", sa.column("id", sa.Integer), sa.column("answers", ANSWERS_TYPE))


def _answers():
    return sa.table("answers", sa.column("id", sa.Integer), sa.column("respondent_id", sa.Integer),
                    sa.column("item", sa.String), sa.column("value", sa.Text))


def upgrade() -> None:
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers', ANSWERS_TYPE, nullable=True))

    conn = op.get_bind()
    respondents, answers = _respondents(), _answers()
    documents: dict[int, dict[str, str]] = {rid: {} for rid in conn.execute(sa.select(respondents.c.id)).scalars()}
    # In id order, which is the order the importer stored each respondent's answers in.
    for rid, item, value in conn.execute(sa.select(answers.c.respondent_id, answers.c.item, answers.c.value)
                                         .order_by(answers.c.id)):
        documents[rid][item] = value
    update = (respondents.update().where(respondents.c.id == sa.bindparam("rid"))
              .values(answers=sa.bindparam("document", type_=ANSWERS_TYPE)))
    rows = [{"rid": rid, "document": document} for rid, document in documents.items()]
    for start in range(0, len(rows), BATCH):
        conn.execute(update, rows[start:start + BATCH])

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_respondent_id'))
    op.drop_table('answers')
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.alter_column('answers', existing_type=ANSWERS_TYPE, nullable=False)


def downgrade() -> None:
    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondents.id'], name=op.f('fk_answers_respondent_id_respondents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_respondent_id'), ['respondent_id'], unique=False)

    conn = op.get_bind()
    respondents, answers = _respondents(), _answers()
    # Rows in instrument order per respondent, as the importer wrote them (JSONB keeps no key order).
    definitions = sa.table("instruments", sa.column("id", sa.Integer), sa.column("definition", sa.JSON))
    waves = sa.table("waves", sa.column("id", sa.Integer), sa.column("instrument_id", sa.Integer))
    ranks = {wave_id: {item["name"]: j for j, item in enumerate(definition["items"])}
             for wave_id, definition in conn.execute(
                 sa.select(waves.c.id, definitions.c.definition).join_from(
                     waves, definitions, waves.c.instrument_id == definitions.c.id))}
    wave_of = sa.column("wave_id", sa.Integer)
    rows = []
    for rid, wave_id, document in conn.execute(sa.select(respondents.c.id, wave_of, respondents.c.answers)
                                               .select_from(respondents).order_by(respondents.c.id)):
        rank = ranks.get(wave_id, {})
        for item in sorted(document or {}, key=lambda key: rank.get(key, len(rank))):
            rows.append({"respondent_id": rid, "item": item, "value": document[item]})
    for start in range(0, len(rows), BATCH):
        conn.execute(answers.insert(), rows[start:start + BATCH])

    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.drop_column('answers')
