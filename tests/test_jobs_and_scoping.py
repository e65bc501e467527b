"""Every read and change is scoped to the acting user's organization and role."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import (
    ApiKey,
    Application,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Organization,
)
from heymilo_app.services.analytics import dashboard
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.jobs import jobs
from heymilo_app.services.org import api_keys
from heymilo_app.services.pipeline import applications
from tests.support import add_manager, make_org_user


def _apply(session: Session, job: Job, email: str, status: ApplicationStatus) -> Application:
    interview = session.exec(select(Interview).where(Interview.job_id == job.id)).first()
    if interview is None:
        interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED)
        session.add(interview)
        session.flush()
    candidate = Candidate(organization_id=job.organization_id, first_name="C", email=email)
    session.add(candidate)
    session.flush()
    application = Application(
        organization_id=job.organization_id,
        job_id=job.id,
        interview_id=interview.id,
        candidate_id=candidate.id,
        status=status,
    )
    session.add(application)
    session.commit()
    return application


def test_create_job_gives_a_unique_slug_and_lists_it(session: Session) -> None:
    recruiter = make_org_user(session)
    first = jobs.create_job(
        session=session, user=recruiter, title="Support Agent", location="Remote"
    )
    second = jobs.create_job(session=session, user=recruiter, title="Support Agent")
    assert first.slug != second.slug
    assert first.slug.startswith("support-agent-")
    listed = jobs.list_jobs(session=session, user=recruiter)
    assert [s.job.id for s in listed] == [second.id, first.id]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_bad_job_title_is_refused_and_nothing_created(session: Session, title: str) -> None:
    recruiter = make_org_user(session)
    with pytest.raises(Invalid) as error:
        jobs.create_job(session=session, user=recruiter, title=title)
    assert "title" in error.value.errors
    assert session.exec(select(func.count(Job.id))).one() == 0


def test_hiring_manager_reads_but_cannot_create_jobs(session: Session) -> None:
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    job = jobs.create_job(session=session, user=recruiter, title="Analyst")
    assert jobs.get_job(session=session, user=manager, job_id=job.id).id == job.id
    with pytest.raises(PermissionDenied):
        jobs.create_job(session=session, user=manager, title="Sneaky")


def test_another_organization_cannot_read_a_job(session: Session) -> None:
    owner = make_org_user(session)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    job = jobs.create_job(session=session, user=owner, title="Secret role")
    for job_id in (job.id, str(job.id), "abc", "", None, 999999):
        with pytest.raises(NotFound):
            jobs.get_job(session=session, user=stranger, job_id=job_id)
    assert jobs.list_jobs(session=session, user=stranger) == []


def test_job_list_counts_candidates_per_status_of_its_own_organization(session: Session) -> None:
    owner = make_org_user(session)
    job = jobs.create_job(session=session, user=owner, title="Agent")
    _apply(session, job, "a@x.example.com", ApplicationStatus.INVITED)
    _apply(session, job, "b@x.example.com", ApplicationStatus.INVITED)
    _apply(session, job, "c@x.example.com", ApplicationStatus.COMPLETED)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    other_job = jobs.create_job(session=session, user=stranger, title="Theirs")
    _apply(session, other_job, "d@x.example.com", ApplicationStatus.INVITED)
    [summary] = jobs.list_jobs(session=session, user=owner)
    assert summary.counts == {"invited": 2, "completed": 1}
    assert summary.total == 3
    counts = dashboard.status_counts(session=session, user=owner)
    assert counts["invited"] == 2 and counts["completed"] == 1 and counts["disqualified"] == 0
    assert dashboard.open_job_count(session=session, user=owner) == 1
    rows = applications.list_applications(session=session, user=stranger)
    assert [row.job_title for row in rows] == ["Theirs"]


def test_api_keys_are_hashed_scoped_and_revocable(session: Session) -> None:
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    key = api_keys.create_api_key_as(session=session, user=owner, name="ATS")
    assert key.startswith("hm_") and len(key) > 40
    assert session.exec(select(ApiKey.key_hash)).one() != key
    found = api_keys.organization_for_key(session=session, key=key)
    assert found.id == owner.organization_id
    assert api_keys.organization_for_key(session=session, key=key + "x") is None
    assert api_keys.organization_for_key(session=session, key="") is None
    with pytest.raises(PermissionDenied):
        api_keys.create_api_key_as(session=session, user=manager, name="nope")
    [stored] = api_keys.list_api_keys(session=session, user=owner)
    assert api_keys.list_api_keys(session=session, user=stranger) == []
    with pytest.raises(NotFound):
        api_keys.revoke_api_key(session=session, user=stranger, key_id=stored.id)
    with pytest.raises(PermissionDenied):
        api_keys.revoke_api_key(session=session, user=manager, key_id=stored.id)
    api_keys.revoke_api_key(session=session, user=owner, key_id=stored.id)
    assert api_keys.organization_for_key(session=session, key=key) is None


def test_find_organization_needs_a_slug_when_there_are_several(session: Session) -> None:
    with pytest.raises(NotFound):
        api_keys.find_organization(session=session, slug=None)
    owner = make_org_user(session)
    only = api_keys.find_organization(session=session, slug=None)
    assert only.id == owner.organization_id
    make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        api_keys.find_organization(session=session, slug=None)
    assert api_keys.find_organization(session=session, slug="other").name == "Other"
    with pytest.raises(NotFound):
        api_keys.find_organization(session=session, slug="missing")


def test_deleting_an_organization_cascades(session: Session) -> None:
    owner = make_org_user(session)
    job = jobs.create_job(session=session, user=owner, title="Agent")
    _apply(session, job, "a@x.example.com", ApplicationStatus.INVITED)
    session.delete(session.get(Organization, owner.organization_id))
    session.commit()
    assert session.exec(select(func.count(Application.id))).one() == 0
    assert session.exec(select(func.count(Job.id))).one() == 0
