"""derived score columns

``score.criteria_scores`` (each score's criteria without the evidence) and
``application.overall_score`` (the mean of the current scored stages' totals), kept by the
session events of services/score_alerts.py from now on, with their indexes; existing rows are
filled here. Two covering indexes of 0008 change to read these columns (see the comments). They let the dashboard rank, take the median and average the criteria without
reading every score's JSON (benchmarks/dashboard.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 07:00:00.000000
"""

import json
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000

score = sa.table(
    'score',
    sa.column('id', sa.Integer),
    sa.column('application_id', sa.Integer),
    sa.column('total', sa.Float),
    sa.column('criteria', sa.JSON),
    sa.column('criteria_scores', sa.Text),
    sa.column('is_current', sa.Boolean),
)
application = sa.table(
    'application', sa.column('id', sa.Integer), sa.column('overall_score', sa.Float)
)


def _profile(criteria) -> str:
    # The rule of services/score_alerts.criteria_profile, as it stood at this revision.
    return json.dumps(
        [[c.get('name'), c.get('score')] for c in criteria or [] if isinstance(c, dict)],
        ensure_ascii=False,
    )


def _fill(connection: sa.Connection) -> None:
    last = 0
    while True:
        rows = connection.execute(
            sa.select(score.c.id, score.c.criteria)
            .where(score.c.id > last)
            .order_by(score.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        connection.execute(
            score.update()
            .where(score.c.id == sa.bindparam('score_id'))
            .values(criteria_scores=sa.bindparam('profile')),
            [{'score_id': i, 'profile': _profile(criteria)} for i, criteria in rows],
        )
    totals = defaultdict(list)
    for application_id, total in connection.execute(
        sa.select(score.c.application_id, score.c.total).where(
            score.c.is_current == sa.true(), score.c.criteria_scores != '[]'
        )
    ):
        totals[application_id].append(float(total))
    # The rule of services/score_alerts.mean_total: the mean to one decimal.
    overall = [
        {'application_id': i, 'overall': round(sum(values) / len(values), 1)}
        for i, values in totals.items()
    ]
    for start in range(0, len(overall), BATCH):
        connection.execute(
            application.update()
            .where(application.c.id == sa.bindparam('application_id'))
            .values(overall_score=sa.bindparam('overall')),
            overall[start : start + BATCH],
        )


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overall_score', sa.Float(), nullable=True))
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('criteria_scores', sa.Text(), server_default='[]', nullable=False)
        )
    _fill(op.get_bind())
    op.create_index(
        'ix_application_overall',
        'application',
        ['organization_id', 'overall_score', 'job_id'],
        unique=False,
    )
    # Distributions now tell scored stages by their profile (a form of facts has none).
    op.drop_index('ix_score_stage_total', table_name='score')
    op.create_index(
        'ix_score_stage_total',
        'score',
        ['stage_id', 'is_current', 'total', 'criteria_scores'],
        unique=False,
    )
    op.create_index(
        'ix_score_criteria', 'score', ['stage_id', 'is_current', 'criteria_scores'], unique=False
    )
    # The self-ID outcomes read whether each attempt finished from the index.
    op.drop_index('ix_stage_attempt_outcome', table_name='stage_attempt')
    op.create_index(
        'ix_stage_attempt_outcome',
        'stage_attempt',
        ['application_id', 'stage_id', 'status', 'finished_at'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_stage_attempt_outcome', table_name='stage_attempt')
    op.create_index(
        'ix_stage_attempt_outcome',
        'stage_attempt',
        ['application_id', 'stage_id', 'status'],
        unique=False,
    )
    op.drop_index('ix_score_criteria', table_name='score')
    op.drop_index('ix_score_stage_total', table_name='score')
    op.create_index(
        'ix_score_stage_total',
        'score',
        ['stage_id', 'is_current', 'total', 'application_id'],
        unique=False,
    )
    op.drop_index('ix_application_overall', table_name='application')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_column('criteria_scores')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('overall_score')
