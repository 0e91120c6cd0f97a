"""The store's tables (SQLAlchemy Core). The migrations in ``migrations/`` create them; keep both in step.

JSON columns are plain text holding compact JSON in its original key order
(a scenario's actor and issue order carries meaning); hashes are taken over
canonical JSON (sorted keys). A database's own JSON type (PostgreSQL's
``jsonb``) would reorder keys and normalise numbers, and neither the
scenario nor a run's result could be given back byte for byte.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

store_info = sa.Table(
    "accord_store", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

negotiations = sa.Table(
    "negotiations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created", sa.String(40), nullable=False),
)

versions = sa.Table(
    "versions", metadata,
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

runs = sa.Table(
    "runs", metadata,
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
