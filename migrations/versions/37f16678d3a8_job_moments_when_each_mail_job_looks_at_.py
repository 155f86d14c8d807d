"""job moments: when each mail job looks at a row again

Open visits, running pauses and open call-backs get the moment each mail job
must look at them again (models.job_moments), with partial indexes so a pass
reads only what is due. The server default, a moment long past, means "look
now": it fills every existing row as the column is added (a constant default,
no rewrite on PostgreSQL), so no batches are needed; the first pass computes the
moments, and until then the jobs behave exactly as before.

Revision ID: 37f16678d3a8
Revises: 5e1a7c3d9b20
Create Date: 2026-12-06 01:11:33.850274

"""
from alembic import op
import sqlalchemy as sa

import initiatief.models.types


# revision identifiers, used by Alembic.
revision = '37f16678d3a8'
down_revision = '5e1a7c3d9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('callback_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_escalation_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.create_index('ix_callback_requests_open_next_escalation_at', ['next_escalation_at'], unique=False, postgresql_where=sa.text('handled_at IS NULL'), sqlite_where=sa.text('handled_at IS NULL'))

    with op.batch_alter_table('pauses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_reminder_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.create_index('ix_pauses_running_next_reminder_at', ['next_reminder_at'], unique=False, postgresql_where=sa.text('ended_on IS NULL'), sqlite_where=sa.text('ended_on IS NULL'))

    with op.batch_alter_table('phase_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_checkin_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.add_column(sa.Column('next_overdue_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.add_column(sa.Column('next_warning_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.add_column(sa.Column('next_escalation_at', initiatief.models.types.UTCDateTime(), server_default=sa.text("'2000-01-01 00:00:00.000000'"), nullable=False))
        batch_op.create_index('ix_phase_visits_open_next_checkin_at', ['next_checkin_at'], unique=False, postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.create_index('ix_phase_visits_open_next_escalation_at', ['next_escalation_at'], unique=False, postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.create_index('ix_phase_visits_open_next_overdue_at', ['next_overdue_at'], unique=False, postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.create_index('ix_phase_visits_open_next_warning_at', ['next_warning_at'], unique=False, postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))



def downgrade():
    with op.batch_alter_table('phase_visits', schema=None) as batch_op:
        batch_op.drop_index('ix_phase_visits_open_next_warning_at', postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.drop_index('ix_phase_visits_open_next_overdue_at', postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.drop_index('ix_phase_visits_open_next_escalation_at', postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.drop_index('ix_phase_visits_open_next_checkin_at', postgresql_where=sa.text('left_on IS NULL'), sqlite_where=sa.text('left_on IS NULL'))
        batch_op.drop_column('next_escalation_at')
        batch_op.drop_column('next_warning_at')
        batch_op.drop_column('next_overdue_at')
        batch_op.drop_column('next_checkin_at')

    with op.batch_alter_table('pauses', schema=None) as batch_op:
        batch_op.drop_index('ix_pauses_running_next_reminder_at', postgresql_where=sa.text('ended_on IS NULL'), sqlite_where=sa.text('ended_on IS NULL'))
        batch_op.drop_column('next_reminder_at')

    with op.batch_alter_table('callback_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_callback_requests_open_next_escalation_at', postgresql_where=sa.text('handled_at IS NULL'), sqlite_where=sa.text('handled_at IS NULL'))
        batch_op.drop_column('next_escalation_at')

