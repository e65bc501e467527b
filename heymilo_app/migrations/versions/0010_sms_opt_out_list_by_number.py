"""sms opt-out list by number

``sms_opt_out``: the numbers that asked an organization for no more texts (STOP and the
other keywords, or Twilio's error 21610), so a candidate added later with such a number gets
no text either. Until now only each candidate's ``sms_opt_out`` flag recorded a STOP, so the
numbers of candidates flagged today are copied into the list (a flag cannot tell a STOP from
a "no texts" on the job board; both mean: do not text this number).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 08:55:18.538491
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

candidate = sa.table(
    "candidate",
    sa.column("organization_id", sa.Integer),
    sa.column("phone", sa.String),
    sa.column("sms_opt_out", sa.Boolean),
)


def upgrade() -> None:
    opt_out = op.create_table(
        "sms_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_sms_opt_out_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_opt_out")),
        sa.UniqueConstraint(
            "organization_id", "phone", name=op.f("uq_sms_opt_out_organization_id_phone")
        ),
    )
    with op.batch_alter_table("sms_opt_out", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sms_opt_out_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sms_opt_out_phone"), ["phone"], unique=False)
    flagged = (
        sa.select(
            candidate.c.organization_id,
            candidate.c.phone,
            sa.literal("candidate flag", sa.String),
            sa.literal(datetime.now(UTC), sqlmodel.sql.sqltypes.UTCDateTime()),
        )
        .where(candidate.c.sms_opt_out == sa.true(), candidate.c.phone != "")
        .group_by(candidate.c.organization_id, candidate.c.phone)
    )
    op.execute(
        opt_out.insert().from_select(["organization_id", "phone", "source", "created_at"], flagged)
    )


def downgrade() -> None:
    with op.batch_alter_table("sms_opt_out", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_opt_out_phone"))
        batch_op.drop_index(batch_op.f("ix_sms_opt_out_organization_id"))
    op.drop_table("sms_opt_out")
