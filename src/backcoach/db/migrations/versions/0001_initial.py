"""Initial tables: users, programs and their versions, sessions, session events, check-ins.

Revision ID: 0001
Revises:
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _created_at() -> "sa.Column[Any]":
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("clinician_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        _created_at(),
    )
    op.create_index("ix_users_clinician_id", "users", ["clinician_id"])
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        _created_at(),
    )
    op.create_index("ix_programs_user_id", "programs", ["user_id"])
    op.create_table(
        "program_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("programs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        _created_at(),
        sa.UniqueConstraint("program_id", "version", name="uq_program_version"),
    )
    op.create_index("ix_program_versions_program_id", "program_versions", ["program_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("programs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("program_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _created_at(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_index("ix_sessions_program_id", "sessions", ["program_id"])
    op.create_table(
        "session_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("effects", sa.JSON(), nullable=False),
        _created_at(),
        sa.UniqueConstraint("session_id", "idempotency_key", name="uq_event_key"),
        sa.UniqueConstraint("session_id", "seq", name="uq_event_seq"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        _created_at(),
        sa.Column("pain_now", sa.Integer(), nullable=False),
        sa.Column("leg_symptoms", sa.String(20), nullable=True),
        sa.Column("psfs", sa.JSON(), nullable=True),
        sa.Column("psfs_mean", sa.Float(), nullable=True),
        sa.Column("odi_answers", sa.JSON(), nullable=True),
        sa.Column("odi_percent", sa.Float(), nullable=True),
        sa.Column("red_flags", sa.JSON(), nullable=True),
    )
    op.create_index("ix_checkins_user_id", "checkins", ["user_id"])


def downgrade() -> None:
    for table in ("checkins", "session_events", "sessions", "program_versions", "programs", "users"):
        op.drop_table(table)
