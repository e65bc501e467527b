"""question limits

``question.limits``: the answers a number or date question takes ({"min": 0, "max": 60},
{"earliest": "today"}), set in the builder. Empty for every question so far: they take the
defaults for their kind and prompt.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column."""
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("limits", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("limits")
