"""Feed state: cursor and freshness of each public feed a collector pulls (ioc.feeds).

Revision ID: 0003_feed_state
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_feed_state"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("name", sa.String(120), primary_key=True),
        sa.Column("cursor", sa.JSON, nullable=False),
        sa.Column("last_data_at", TZ),
        sa.Column("last_run_at", TZ),
        sa.Column("last_success_at", TZ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("rows", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_state")
