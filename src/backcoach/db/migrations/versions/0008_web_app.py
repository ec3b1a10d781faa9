"""The web app: plans kept at their own address, guest accounts ("try without an account") and clinicians'
invite codes.

Revision ID: 0008_web_app
Revises: 0007_login_failures
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_web_app"
down_revision = "0007_login_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("guest", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "saved_plans",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("program_id", sa.Integer(), sa.ForeignKey("programs.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_index("ix_saved_plans_user_id", "saved_plans", ["user_id"])
    op.create_index("ix_saved_plans_created_at", "saved_plans", ["created_at"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("clinician_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_invites_clinician_id", "invites", ["clinician_id"])


def downgrade() -> None:
    op.drop_index("ix_invites_clinician_id", "invites")
    op.drop_table("invites")
    op.drop_index("ix_saved_plans_created_at", "saved_plans")
    op.drop_index("ix_saved_plans_user_id", "saved_plans")
    op.drop_table("saved_plans")
    with op.batch_alter_table("users") as users:
        users.drop_column("guest")
