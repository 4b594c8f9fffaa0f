"""Incidents, the hash-chained audit log, users and API tokens.

The audit log is append-only in the database too: triggers refuse UPDATE and DELETE
(and TRUNCATE on PostgreSQL), and ``prev_hash`` is unique so the chain cannot fork.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (nhật ký kiểm toán chỉ được ghi thêm)';
END $$
"""


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, index=True),
        sa.Column("procedure", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("domain", sa.String(60), nullable=False, index=True),
        sa.Column("category", sa.String(60), nullable=False, index=True),
        sa.Column("origin", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(20)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("hot", sa.Boolean, nullable=False, index=True),
        sa.Column("tracking_code", sa.String(24), unique=True),
        sa.Column("open311_token", sa.String(40), unique=True),
        sa.Column("duplicate_of", sa.Integer, index=True),
        sa.Column("unit_code", sa.String(20), index=True),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("address", sa.Text),
        sa.Column("media_url", sa.Text),
        sa.Column("reporter_name", sa.Text),
        sa.Column("reporter_phone", sa.String(40)),
        sa.Column("reporter_email", sa.String(200)),
        sa.Column("reporter_national_id", sa.String(20)),
        sa.Column("suggested_agency", sa.String(40)),
        sa.Column("agency_code", sa.String(40), index=True),
        sa.Column("public_note", sa.Text),
        sa.Column("received_at", TZ, nullable=False, index=True),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("deadline", TZ, index=True),
        sa.Column("forwarded_at", TZ),
        sa.Column("resolved_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("on_time", sa.Boolean),
        sa.Column("overdue", sa.Boolean, nullable=False, index=True),
        sa.Column("escalated_at", TZ),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", TZ, nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(100), nullable=False, index=True),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("comment", sa.Text),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("email", sa.String(200)),
        sa.Column("password_hash", sa.Text),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("agency_code", sa.String(40), index=True),
        sa.Column("domains", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ),
        sa.Column("revoked_at", TZ),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table("incidents")
