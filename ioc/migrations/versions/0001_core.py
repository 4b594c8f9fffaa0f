"""Core state: ingest log, alerts, warnings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.String(64), nullable=False, index=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("table_name", sa.String(200), nullable=False, index=True),
        sa.Column("path", sa.Text),
        sa.Column("file_hash", sa.String(64), index=True),
        sa.Column("rows_in", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("duplicate", sa.Integer, nullable=False),
        sa.Column("superseded", sa.Integer, nullable=False),
        sa.Column("quarantine_path", sa.Text),
        sa.Column("lake_version", sa.BigInteger),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("started_at", TZ, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dedupe_key", sa.String(300), nullable=False, unique=True),
        sa.Column("rule_id", sa.String(200), nullable=False, index=True),
        sa.Column("origin", sa.String(40), nullable=False),
        sa.Column("domain", sa.String(60), nullable=False, index=True),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("table_name", sa.String(200)),
        sa.Column("entity_id", sa.String(200), index=True),
        sa.Column("unit_code", sa.String(20)),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("value", sa.Float),
        sa.Column("observed_at", TZ, nullable=False, index=True),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("source_rows", sa.JSON, nullable=False),
        sa.Column("incident_id", sa.Integer, index=True),
    )
    op.create_table(
        "warnings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("agency_code", sa.String(40)),
        sa.Column("unit_code", sa.String(20)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sent_at", TZ),
        sa.Column("channel", sa.String(40)),
    )


def downgrade() -> None:
    op.drop_table("warnings")
    op.drop_table("alerts")
    op.drop_table("ingest_log")
