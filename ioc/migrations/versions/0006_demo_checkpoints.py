"""Checkpoints of sizing-profile demo runs (``ioc demo --profile … --resume``), see :mod:`ioc.demo_checkpoints`.

Revision ID: 0006_demo_checkpoints
Revises: 0005_mqtt_receipts
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_demo_checkpoints"
down_revision = "0005_mqtt_receipts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demo_checkpoints",
        sa.Column("run", sa.String(200), primary_key=True),
        sa.Column("plugin", sa.String(100), primary_key=True),
        sa.Column("now", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batches", sa.BigInteger(), nullable=False),
        sa.Column("generated", sa.BigInteger(), nullable=False),
        sa.Column("stored", sa.BigInteger(), nullable=False),
        sa.Column("totals", sa.Text(), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column("in_flight", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("demo_checkpoints")
