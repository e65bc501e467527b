"""organization contact email

``organization.contact_email``: where candidates may write with questions (the answer to a
HELP text names it). Empty for every organization so far: the sender's address is named.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column."""
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "contact_email",
                sqlmodel.sql.sqltypes.AutoString(length=254),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
