"""A session's latest event seq on its row, and its engine state snapshot beside the event log.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("last_seq", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE sessions SET last_seq = (SELECT COALESCE(MAX(seq), 0) FROM session_events "
               "WHERE session_events.session_id = sessions.id)")
    op.create_table(
        "session_snapshots",
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("session_snapshots")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("last_seq")
