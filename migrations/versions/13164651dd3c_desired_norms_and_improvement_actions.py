"""desired norms and improvement actions

Two new tables for coördinatoren (issue 15): the norm they want per phase next
to the promised one, and verbeteracties. Nothing existing changes, so the
upgrade is instant on a database full of data.

Revision ID: 13164651dd3c
Revises: 37f16678d3a8
Create Date: 2026-12-06 04:28:39.505710

"""
from alembic import op
import sqlalchemy as sa

import initiatief.models.types


# revision identifiers, used by Alembic.
revision = '13164651dd3c'
down_revision = '37f16678d3a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('desired_norms',
    sa.Column('phase_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', initiatief.models.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('days BETWEEN 1 AND 999', name=op.f('ck_desired_norms_days')),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_desired_norms_phase_id_phases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_desired_norms_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('phase_id', name=op.f('pk_desired_norms'))
    )
    op.create_table('improvement_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('figure', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('feedback_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', initiatief.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', initiatief.models.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_improvement_actions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_improvement_actions_feedback_id_feedback'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_improvement_actions_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_improvement_actions_phase_id_phases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_improvement_actions_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_actions'))
    )
    with op.batch_alter_table('improvement_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_actions_feedback_id'), ['feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_actions_phase_id'), ['phase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_improvement_actions_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('improvement_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_improvement_actions_status'))
        batch_op.drop_index(batch_op.f('ix_improvement_actions_phase_id'))
        batch_op.drop_index(batch_op.f('ix_improvement_actions_feedback_id'))

    op.drop_table('improvement_actions')
    op.drop_table('desired_norms')
