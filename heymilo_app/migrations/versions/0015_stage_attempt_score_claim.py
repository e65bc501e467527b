"""stage attempt score claim

``stage_attempt.score_claimed_at``: when a worker took the attempt's pending score, so two
workers never score the same attempt (the claim is a lease that expires).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column (no attempt is claimed yet)."""
    with op.batch_alter_table("stage_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("score_claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("stage_attempt", schema=None) as batch_op:
        batch_op.drop_column("score_claimed_at")
