"""Safety stops that hold until cleared, guided movement tests, and richer check-ins.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "care_holds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("triage", sa.JSON(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clearance", sa.JSON(), nullable=True),
    )
    op.create_index("ix_care_holds_user_id", "care_holds", ["user_id"])
    op.create_table(
        "movement_tests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
    )
    op.create_index("ix_movement_tests_user_id", "movement_tests", ["user_id"])
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("leg_symptom_kinds", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("start_back", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("start_back")
        batch.drop_column("leg_symptom_kinds")
    op.drop_index("ix_movement_tests_user_id", "movement_tests")
    op.drop_table("movement_tests")
    op.drop_index("ix_care_holds_user_id", "care_holds")
    op.drop_table("care_holds")
