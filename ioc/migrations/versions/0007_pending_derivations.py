"""Batches whose derivations may not all be stored yet, see :mod:`ioc.derivations`.

Revision ID: 0007_pending_derivations
Revises: 0006_demo_checkpoints
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_pending_derivations"
down_revision = "0006_demo_checkpoints"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_derivations",
        sa.Column("table_name", sa.String(200), primary_key=True),
        sa.Column("batch_id", sa.String(64), primary_key=True),
        sa.Column("root_batch_id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.BigInteger(), nullable=False),
        sa.Column("process_started", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pending_derivations_root_batch_id", "pending_derivations", ["root_batch_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_derivations_root_batch_id", table_name="pending_derivations")
    op.drop_table("pending_derivations")
