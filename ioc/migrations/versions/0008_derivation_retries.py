"""A chain of derivations that failed: how often, why, and when it is tried again, see :mod:`ioc.derivations`.

Revision ID: 0008_derivation_retries
Revises: 0007_pending_derivations
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_derivation_retries"
down_revision = "0007_pending_derivations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pending_derivations") as batch:
        batch.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("retry_after", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pending_derivations") as batch:
        batch.drop_column("retry_after")
        batch.drop_column("last_error")
        batch.drop_column("failures")
