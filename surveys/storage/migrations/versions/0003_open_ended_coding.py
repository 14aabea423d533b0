"""Open-ended answers: codebook themes, coders' codings and the quote bank.

Three new tables; nothing existing changes, so an upgraded database keeps every wave,
answer and log as it was. The downgrade drops the three tables (and what was coded).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('scale', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_themes_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('wave_id', 'item', 'code', name=op.f('uq_themes_wave_id'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_wave_id'), ['wave_id'], unique=False)

    op.create_table('codings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=300), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('coder', sa.String(length=200), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.String(length=200), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_codings_theme_id_themes')),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_codings_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codings'))
    )
    with op.batch_alter_table('codings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codings_theme_id'), ['theme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codings_wave_id'), ['wave_id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=300), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('translation', sa.Text(), nullable=True),
    sa.Column('translation_language', sa.String(length=10), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_quotes_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_wave_id'), ['wave_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_wave_id'))
    op.drop_table('quotes')
    with op.batch_alter_table('codings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codings_wave_id'))
        batch_op.drop_index(batch_op.f('ix_codings_theme_id'))
    op.drop_table('codings')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_wave_id'))
    op.drop_table('themes')
