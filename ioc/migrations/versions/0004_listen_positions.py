"""Positions of the live listeners (``ioc listen file``): where each tailed file was read to.

Revision ID: 0004_listen_positions
Revises: 0003_feed_state
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_listen_positions"
down_revision = "0003_feed_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listen_positions",
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("adapter", sa.String(200), nullable=False),
        sa.Column("device", sa.BigInteger, nullable=False),
        sa.Column("inode", sa.BigInteger, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("lines", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("listen_positions")
