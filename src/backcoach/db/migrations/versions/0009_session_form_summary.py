"""The camera form check: a session keeps the form summary of each exercise the camera watched (a JSON
document; no frame and no landmark is stored).

Revision ID: 0009_session_form_summary
Revises: 0008_web_app
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_session_form_summary"
down_revision = "0008_web_app"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as sessions:
        sessions.add_column(sa.Column("form_summary", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as sessions:
        sessions.drop_column("form_summary")
