"""The initial schema: negotiations, versions, runs, and the store marker.

Revision ID: 0001
Revises:
Create Date: 2024-05-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABLE = ("versions", "runs")


def upgrade() -> None:
    op.create_table(
        "accord_store",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "negotiations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("negotiation_id", sa.Integer, sa.ForeignKey("negotiations.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.UniqueConstraint("negotiation_id", "number", name="uq_versions_number"),
        sa.UniqueConstraint("negotiation_id", "sha256", name="uq_versions_sha256"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=True),
        sa.Column("accord_version", sa.String(40), nullable=False),
        sa.Column("environment", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("result_sha256", sa.String(64), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_index("ix_runs_version", "runs", ["version_id"])
    op.bulk_insert(sa.table("accord_store", sa.column("key", sa.String), sa.column("value", sa.Text)),
                   [{"key": "format", "value": "accord-store"}])
    # Stored versions and runs are immutable: the database itself refuses UPDATE and DELETE.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE:
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, 'accord: stored {table} are immutable'); END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION accord_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION 'accord: stored % are immutable', TG_TABLE_NAME; END $$")
        for table in IMMUTABLE:
            op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION accord_immutable()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in IMMUTABLE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        op.execute("DROP FUNCTION IF EXISTS accord_immutable()")
    for table in ("runs", "versions", "negotiations", "accord_store"):
        op.drop_table(table)
