"""Initial schema: instruments, waves, imports, respondents, answers, contributions, exports.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 16:10:08.920275
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contribution_months',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_months')),
    sa.UniqueConstraint('month', name=op.f('uq_contribution_months_month'))
    )
    op.create_table('exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave', sa.String(length=200), nullable=False),
    sa.Column('data_version', sa.String(length=64), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('exported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exports'))
    )
    with op.batch_alter_table('exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exports_wave'), ['wave'], unique=False)

    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('respondents', sa.Integer(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_imports_wave'), ['wave'], unique=False)

    op.create_table('instruments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=200), nullable=False),
    sa.Column('version', sa.String(length=100), nullable=False),
    sa.Column('definition_sha256', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instruments')),
    sa.UniqueConstraint('definition_sha256', name=op.f('uq_instruments_definition_sha256'))
    )
    op.create_table('contribution_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month_id', sa.Integer(), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('troops', sa.Integer(), nullable=False),
    sa.Column('police', sa.Integer(), nullable=False),
    sa.Column('experts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['month_id'], ['contribution_months.id'], name=op.f('fk_contribution_figures_month_id_contribution_months')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_figures'))
    )
    with op.batch_alter_table('contribution_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_figures_month_id'), ['month_id'], unique=False)

    op.create_table('waves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('reference_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('data_version', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], name=op.f('fk_waves_instrument_id_instruments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waves')),
    sa.UniqueConstraint('name', name=op.f('uq_waves_name'))
    )
    op.create_table('respondents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('superseded_by', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=True),
    sa.Column('group', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.Column('council_seat', sa.String(length=3), nullable=True),
    sa.Column('tcc_pcc', sa.Boolean(), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_respondents_import_id_imports')),
    sa.ForeignKeyConstraint(['superseded_by'], ['imports.id'], name=op.f('fk_respondents_superseded_by_imports')),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_respondents_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_respondents'))
    )
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respondents_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_respondents_superseded_by'), ['superseded_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_respondents_wave_id'), ['wave_id'], unique=False)

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



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_respondent_id'))

    op.drop_table('answers')
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_respondents_wave_id'))
        batch_op.drop_index(batch_op.f('ix_respondents_superseded_by'))
        batch_op.drop_index(batch_op.f('ix_respondents_import_id'))

    op.drop_table('respondents')
    op.drop_table('waves')
    with op.batch_alter_table('contribution_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_figures_month_id'))

    op.drop_table('contribution_figures')
    op.drop_table('instruments')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_wave'))
        batch_op.drop_index(batch_op.f('ix_imports_sha256'))

    op.drop_table('imports')
    with op.batch_alter_table('exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exports_wave'))

    op.drop_table('exports')
    op.drop_table('contribution_months')
