"""dashboard group statistics

PostgreSQL estimated 45,000 groups of (phase, team, contact, working days) among the
period's visit outcomes where there are some 5,000, and so never grouped them in
parallel. A multivariate n-distinct statistic gives it the real number. SQLite has
no such statistics and nothing changes there.

Revision ID: 5e1a7c3d9b20
Revises: 03a9762968ba
Create Date: 2026-12-06 01:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e1a7c3d9b20'
down_revision = '03a9762968ba'
branch_labels = None
depends_on = None

NAME = "st_visit_outcomes_groups"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (ndistinct) "
        "ON phase_id, team_id, contact_id, working_days FROM visit_outcomes"
    )
    # The statistic is filled by the next ANALYZE; do it now rather than wait for autovacuum.
    op.execute("ANALYZE visit_outcomes")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP STATISTICS IF EXISTS {NAME}")
