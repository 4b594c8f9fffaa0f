"""Receipt times of the MQTT messages in flight (``ioc listen mqtt``), see :mod:`ioc.listen.receipts`.

Revision ID: 0005_mqtt_receipts
Revises: 0004_listen_positions
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_mqtt_receipts"
down_revision = "0004_listen_positions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listen_mqtt_receipts",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_listen_mqtt_receipts_received", "listen_mqtt_receipts", ["received"])


def downgrade() -> None:
    op.drop_index("ix_listen_mqtt_receipts_received", table_name="listen_mqtt_receipts")
    op.drop_table("listen_mqtt_receipts")
