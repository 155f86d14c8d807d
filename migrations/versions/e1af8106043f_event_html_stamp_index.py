"""event html stamp index

The nightly event_html job looks for events whose stored HTML lacks the current
renderer's stamp. Without an index it walked every event to find none (0.4 to
0.6 s at 1.3 million events); with it, the rows that need work. Replies written
before this revision have no stamp: the job or `flask render-event-html` gives
them one (and no HTML) once. Building the index reads the events table once and
holds writes to it meanwhile: about 2 s at 1.3 million events on PostgreSQL.

Revision ID: e1af8106043f
Revises: 13164651dd3c
Create Date: 2026-12-06 13:04:19.859819

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1af8106043f'
down_revision = '13164651dd3c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_body_html_stamp'), ['body_html_stamp'], unique=False)


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_body_html_stamp'))
