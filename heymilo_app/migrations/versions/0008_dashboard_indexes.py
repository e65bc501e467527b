"""dashboard indexes

Covering indexes for the dashboard's aggregates (services/analytics/): each lets the
database count from the index alone instead of reading wide rows (resume text, answers,
transcripts, message bodies). See benchmarks/dashboard.py.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 04:00:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    # Status, source and day counts of an organization's (or a job's) applications.
    (
        'ix_application_dashboard',
        'application',
        ['organization_id', 'job_id', 'status', 'source', 'created_at', 'started_at', 'finished_at'],
    ),
    # The funnel and the stage times, per stage.
    (
        'ix_stage_attempt_progress',
        'stage_attempt',
        ['stage_id', 'status', 'started_at', 'finished_at', 'application_id'],
    ),
    # The self-ID groups' outcomes: an application's attempts with their status.
    ('ix_stage_attempt_outcome', 'stage_attempt', ['application_id', 'stage_id', 'status']),
    # Score distributions per stage.
    ('ix_score_stage_total', 'score', ['stage_id', 'is_current', 'total', 'application_id']),
    # An application's overall score (the ranked table's sort).
    ('ix_score_application_total', 'score', ['application_id', 'is_current', 'total', 'stage_id']),
    # Which applications were invited by SMS.
    ('ix_outbound_message_kind_channel', 'outbound_message', ['kind', 'channel', 'application_id']),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
