"""Deliberation rounds: rounds, their statements, participants and votes.

New tables only; nothing stored before is touched, so any database upgrades in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

CURRENT = "superseded_by IS NULL"


def upgrade() -> None:
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('running_results', sa.Boolean(), nullable=False),
    sa.Column('data_version', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_rounds_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('name', name=op.f('uq_rounds_name'))
    )
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rounds_wave_id'), ['wave_id'], unique=False)

    op.create_table('round_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=200), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('source_respondent', sa.String(length=300), nullable=True),
    sa.Column('source_item', sa.String(length=200), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('moderated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_statements_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_statements')),
    sa.UniqueConstraint('round_id', 'code', name='uq_round_statements_round_id_code')
    )
    with op.batch_alter_table('round_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_statements_round_id'), ['round_id'], unique=False)

    op.create_table('round_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=True),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('council_seat', sa.String(length=3), nullable=True),
    sa.Column('tcc_pcc', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_participants_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_participants')),
    sa.UniqueConstraint('round_id', 'name', name='uq_round_participants_round_id_name')
    )
    with op.batch_alter_table('round_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_participants_round_id'), ['round_id'], unique=False)

    op.create_table('round_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('vote', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('cast_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_round_votes_import_id_imports')),
    sa.ForeignKeyConstraint(['participant_id'], ['round_participants.id'], name=op.f('fk_round_votes_participant_id_round_participants')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_votes_round_id_rounds')),
    sa.ForeignKeyConstraint(['statement_id'], ['round_statements.id'], name=op.f('fk_round_votes_statement_id_round_statements')),
    sa.ForeignKeyConstraint(['superseded_by'], ['round_votes.id'], name=op.f('fk_round_votes_superseded_by_round_votes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_votes'))
    )
    with op.batch_alter_table('round_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_votes_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_votes_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_votes_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_votes_statement_id'), ['statement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_round_votes_superseded_by'), ['superseded_by'], unique=False)
        batch_op.create_index('uq_round_votes_current', ['participant_id', 'statement_id'], unique=True,
                              sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def downgrade() -> None:
    with op.batch_alter_table('round_votes', schema=None) as batch_op:
        batch_op.drop_index('uq_round_votes_current', sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))
        batch_op.drop_index(batch_op.f('ix_round_votes_superseded_by'))
        batch_op.drop_index(batch_op.f('ix_round_votes_statement_id'))
        batch_op.drop_index(batch_op.f('ix_round_votes_round_id'))
        batch_op.drop_index(batch_op.f('ix_round_votes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_round_votes_import_id'))
    op.drop_table('round_votes')
    with op.batch_alter_table('round_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_participants_round_id'))
    op.drop_table('round_participants')
    with op.batch_alter_table('round_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_statements_round_id'))
    op.drop_table('round_statements')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rounds_wave_id'))
    op.drop_table('rounds')
