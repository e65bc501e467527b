"""security: password resets, rate limits, login addresses, unsubscribe tokens

- ``password_reset``: single-use, expiring links to set a new password (token hashes only).
- ``rate_limit_hit``: counted actions per bucket and key (client address, email), so limits
  on the public apply page, password resets and logins hold across processes.
- ``login_attempt.client_address``: logins are slowed down per address as well as per email.
- ``application.unsubscribe_token``: the unsubscribe link gets a token of its own instead of
  the interview token; existing applications get a fresh random one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:10:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_password_reset_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
    )
    with op.batch_alter_table("password_reset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_reset_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_password_reset_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("hit_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hit")),
    )
    with op.batch_alter_table("rate_limit_hit", schema=None) as batch_op:
        batch_op.create_index("ix_rate_limit_hit_bucket_key_at", ["bucket", "key", "hit_at"])
        batch_op.create_index(batch_op.f("ix_rate_limit_hit_hit_at"), ["hit_at"], unique=False)

    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "client_address",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_index(
            batch_op.f("ix_login_attempt_client_address"), ["client_address"], unique=False
        )

    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "unsubscribe_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
            )
        )
    application = sa.table(
        "application", sa.column("id", sa.Integer), sa.column("unsubscribe_token", sa.String)
    )
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.select(application.c.id))]
    for application_id in ids:
        connection.execute(
            application.update()
            .where(application.c.id == application_id)
            .values(unsubscribe_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.alter_column(
            "unsubscribe_token",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
        )
        batch_op.create_index(
            batch_op.f("ix_application_unsubscribe_token"), ["unsubscribe_token"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_unsubscribe_token"))
        batch_op.drop_column("unsubscribe_token")
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_client_address"))
        batch_op.drop_column("client_address")
    with op.batch_alter_table("rate_limit_hit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_hit_hit_at"))
        batch_op.drop_index("ix_rate_limit_hit_bucket_key_at")
    op.drop_table("rate_limit_hit")
    with op.batch_alter_table("password_reset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_user_id"))
        batch_op.drop_index(batch_op.f("ix_password_reset_token_hash"))
    op.drop_table("password_reset")
