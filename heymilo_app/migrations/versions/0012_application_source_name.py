"""application source name

``application.source_name``: the name an ATS gives the source of an application
("greenhouse", "LinkedIn"), kept beside the channel ("ats") and shown with it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column (empty for every application so far)."""
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source_name",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("source_name")
