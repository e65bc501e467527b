"""conversation turns

``conversation_turn``: the turns of the conversational stages, in order, one per provider
message id; ``stage_attempt.turn_claimed_at``: the lease on a conversation's next turn.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table and the column."""
    op.create_table(
        "conversation_turn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("speaker", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("covers", sa.JSON(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("provider_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("engine", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        sa.Column("knowledge_item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["stage_attempt.id"],
            name=op.f("fk_conversation_turn_attempt_id_stage_attempt"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["knowledge_item_id"],
            ["knowledge_item.id"],
            name=op.f("fk_conversation_turn_knowledge_item_id_knowledge_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_conversation_turn_question_id_question"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_turn")),
        sa.UniqueConstraint(
            "attempt_id", "sequence", name=op.f("uq_conversation_turn_attempt_id_sequence")
        ),
        sa.UniqueConstraint(
            "provider", "provider_id", name=op.f("uq_conversation_turn_provider_provider_id")
        ),
    )
    with op.batch_alter_table("stage_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("turn_claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("stage_attempt", schema=None) as batch_op:
        batch_op.drop_column("turn_claimed_at")

    op.drop_table("conversation_turn")
