"""Organization settings: branding and logos, knowledge base, language, templates, team."""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select, update

from heymilo_app.api.app import create_api
from heymilo_app.models import KnowledgeItem, Organization, Role, TeamInvite, User, utcnow
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.messaging import templates
from heymilo_app.services.org import (
    branding,
    knowledge,
    login_sessions,
    logos,
    password_hashing,
    team_invites,
)
from heymilo_app.settings import get_settings
from tests.support import PASSWORD, add_manager, make_org_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "data_dir", str(tmp_path / "data"))


# ------------------------------------------------------------------ branding


def test_contrast_ratio_matches_wcag() -> None:
    assert branding.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert branding.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert branding.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_colors_are_checked_for_contrast_and_nothing_half_saved(session: Session) -> None:
    user = make_org_user(session)
    with pytest.raises(Invalid) as error:
        branding.update_branding(
            session=session,
            user=user,
            primary_color="#FFEB3B",
            accent_color="blue",
            welcome_message="Hi!",
        )
    assert "contrast" in error.value.errors["primary_color"]
    assert "#RRGGBB" in error.value.errors["accent_color"]
    session.rollback()
    stored = branding.get_branding(session=session, organization_id=user.organization_id)
    assert (stored.primary_color, stored.welcome_message) == ("#4F46E5", "")
    branding.update_branding(
        session=session,
        user=user,
        primary_color="#0f766e",
        accent_color="#2563eb",
        welcome_message="  Welcome aboard! ",
    )
    stored = branding.get_branding(session=session, organization_id=user.organization_id)
    assert (stored.primary_color, stored.accent_color, stored.welcome_message) == (
        "#0F766E",
        "#2563EB",
        "Welcome aboard!",
    )


def test_png_logo_is_stored_and_served(session: Session, engine) -> None:
    user = make_org_user(session)
    saved = logos.save_logo(session=session, user=user, filename="logo.png", data=PNG)
    url = logos.logo_url(saved)
    assert url.startswith(f"/api/logos/{user.organization_id}/") and url.endswith(".png")
    response = TestClient(create_api()).get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content == PNG
    assert TestClient(create_api()).get(url.replace(".png", ".svg")).status_code == 404
    assert (
        TestClient(create_api())
        .get(f"/api/logos/{user.organization_id}/..%2F..%2Fetc%2Fpasswd")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("logo.png", b"", "empty"),
        ("logo.png", PNG + b"\x00" * (2 * 1024 * 1024), "2 MB"),
        ("logo.gif", b"GIF89a......", "PNG, JPEG or SVG"),
        ("logo.exe", b"MZ\x90\x00", "PNG, JPEG or SVG"),
        ("logo.svg", b"<svg><unclosed", "could not be read"),
        ("logo.svg", b'<?xml version="1.0"?><html><body/></html>', "not an SVG"),
    ],
)
def test_bad_logo_is_refused_and_the_old_one_stays(
    session: Session, filename: str, data: bytes, message: str
) -> None:
    user = make_org_user(session)
    logos.save_logo(session=session, user=user, filename="logo.png", data=PNG)
    before = branding.get_branding(session=session, organization_id=user.organization_id).logo_path
    with pytest.raises(Invalid) as error:
        logos.save_logo(session=session, user=user, filename=filename, data=data)
    assert message in error.value.errors["logo"]
    assert (
        branding.get_branding(session=session, organization_id=user.organization_id).logo_path
        == before
    )


EVIL_SVG = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "boom">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example.com/x.css);</style>
  <rect width="10" height="10" fill="#123456" onclick="alert(3)"
        style="background:url(javascript:alert(4))"/>
  <a href="javascript:alert(5)"><circle r="3"/></a>
  <foreignObject><iframe src="https://evil.example.com"/></foreignObject>
  <image xlink:href="https://evil.example.com/track.png"/>
  <use xlink:href="#inner"/>
  <use xlink:href="https://evil.example.com/sprite.svg#a"/>
  <text x="1" y="5" fill="url(#grad)">Acme</text>
</svg>"""


def test_svg_logo_is_sanitized_so_it_cannot_run_anything(session: Session) -> None:
    user = make_org_user(session)
    try:
        saved = logos.save_logo(session=session, user=user, filename="logo.svg", data=EVIL_SVG)
    except Invalid as error:
        # defusedxml refuses documents with entity declarations outright: also safe.
        assert "could not be read" in error.errors["logo"]
        saved = logos.save_logo(
            session=session,
            user=user,
            filename="logo.svg",
            data=EVIL_SVG.replace(b'<!DOCTYPE svg [<!ENTITY x "boom">]>', b""),
        )
    path, content_type = logos.logo_file(user.organization_id, saved.logo_path)
    clean = path.read_bytes().decode()
    assert content_type == "image/svg+xml"
    for forbidden in (
        "script",
        "onload",
        "onclick",
        "javascript",
        "foreignObject",
        "iframe",
        "evil.example.com",
        "@import",
        "<style",
        "<a ",
        "<image",
    ):
        assert forbidden not in clean, forbidden
    assert 'fill="#123456"' in clean and "Acme" in clean and "#inner" in clean
    response = TestClient(create_api()).get(logos.logo_url(saved))
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_language_and_voice(session: Session) -> None:
    user = make_org_user(session)
    organization = branding.update_language(session=session, user=user, language="de", voice="")
    assert (organization.language, organization.voice) == ("de", "Polly.Vicki")
    with pytest.raises(Invalid):
        branding.update_language(session=session, user=user, language="de", voice="Polly.Joanna")
    with pytest.raises(Invalid):
        branding.update_language(session=session, user=user, language="xx", voice="")


# ------------------------------------------------------------------ knowledge base


def test_knowledge_items_are_added_edited_deleted_and_scoped(session: Session) -> None:
    owner = make_org_user(session)
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    item = knowledge.save_item(
        session=session,
        user=owner,
        question="Is the job remote?",
        answer="Yes, fully remote in the US.",
        tags="Remote; remote, US",
    )
    assert item.tags == "remote, us"
    knowledge.save_item(
        session=session,
        user=owner,
        item_id=item.id,
        question="Is the job remote?",
        answer="Hybrid: two days a week.",
    )
    assert knowledge.list_items(session=session, user=stranger) == []
    with pytest.raises(NotFound):
        knowledge.save_item(
            session=session, user=stranger, item_id=item.id, question="x", answer="y"
        )
    with pytest.raises(NotFound):
        knowledge.delete_item(session=session, user=stranger, item_id=item.id)
    with pytest.raises(Invalid) as error:
        knowledge.save_item(session=session, user=owner, question=" ", answer="")
    assert set(error.value.errors) == {"question", "answer"}
    [stored] = knowledge.list_items(session=session, user=owner)
    assert stored.answer == "Hybrid: two days a week."
    knowledge.delete_item(session=session, user=owner, item_id=item.id)
    assert knowledge.list_items(session=session, user=owner) == []


def test_knowledge_csv_import_reports_each_skipped_row(session: Session) -> None:
    owner = make_org_user(session)
    knowledge.save_item(
        session=session, user=owner, question="What is the salary?", answer="Old answer"
    )
    data = (
        "\ufeffQuestion;Answer;Tags\n"
        "What is the salary?;$55k to $65k;pay\n"
        "Is there a dress code?;No;culture\n"
        ";An answer without a question;\n"
        "Is there a dress code?;Duplicate;\n"
        "When do I hear back?;;\n"
        "\n"
        "Do you sponsor visas?;Not for this role.;visa\n"
    ).encode()
    report = knowledge.import_csv(session=session, user=owner, data=data)
    assert (report.added, report.updated) == (2, 1)
    assert [line for line, _ in report.skipped] == [4, 5, 6]
    assert "earlier in the file" in report.skipped[1][1]
    items = {i.question: i.answer for i in knowledge.list_items(session=session, user=owner)}
    assert items["What is the salary?"] == "$55k to $65k"
    assert items["Do you sponsor visas?"] == "Not for this role."


def test_knowledge_csv_export_round_trips_with_pandas(session: Session) -> None:
    owner = make_org_user(session)
    knowledge.save_item(
        session=session,
        user=owner,
        question='Commas, "quotes" and more?',
        answer="Line one\nline two, with a comma",
        tags="a, b",
    )
    exported = knowledge.export_csv(session=session, user=owner)
    frame = pd.read_csv(io.StringIO(exported))
    assert list(frame.columns) == ["question", "answer", "tags"]
    assert frame.iloc[0]["answer"] == "Line one\nline two, with a comma"
    other = make_org_user(session, org="Copy", email="c@copy.example.com")
    report = knowledge.import_csv(session=session, user=other, data=exported.encode())
    assert report.added == 1 and not report.skipped
    assert knowledge.export_csv(session=session, user=other) == exported


@pytest.mark.parametrize("data", [b"", b"name,email\nx,y\n", b"\xff\xfe\x00\x00binary" * 10])
def test_unreadable_knowledge_csv_imports_nothing(session: Session, data: bytes) -> None:
    owner = make_org_user(session)
    with pytest.raises(Invalid):
        knowledge.import_csv(session=session, user=owner, data=data)
    assert session.exec(select(func.count(KnowledgeItem.id))).one() == 0


# ------------------------------------------------------------------ templates


def test_every_language_ships_every_template_with_known_placeholders() -> None:
    from heymilo_app.services.messaging.template_defaults import DEFAULTS

    for language, kinds in DEFAULTS.items():
        assert set(kinds) == set(templates.KINDS), language
        for kind, (subject, body) in kinds.items():
            assert templates.placeholder_problems(body) == [], (language, kind)
            assert templates.placeholder_problems(subject) == [], (language, kind)
            assert bool(subject) == templates.KINDS[kind].has_subject, (language, kind)


def test_templates_default_to_the_organization_language(session: Session) -> None:
    user = make_org_user(session)
    invitation = templates.list_templates(session=session, user=user)[0]
    assert invitation.is_default and "Your interview for" in invitation.subject
    branding.update_language(session=session, user=user, language="es", voice="")
    invitation = templates.list_templates(session=session, user=user)[0]
    assert invitation.subject.startswith("Tu entrevista")


def test_unknown_placeholder_is_refused_with_its_name(session: Session) -> None:
    user = make_org_user(session)
    with pytest.raises(Invalid) as error:
        templates.save_template(
            session=session,
            user=user,
            kind="invitation_email",
            subject="Hi {candidate_name}",
            body="Go: {interview_lnk}",
        )
    assert "{candidate_name}" in error.value.errors["subject"]
    assert "{interview_lnk}" in error.value.errors["body"]
    with pytest.raises(Invalid) as error:
        templates.save_template(
            session=session,
            user=user,
            kind="invitation_sms",
            subject="",
            body="Hi {candidate_first_name",
        )
    assert "brace" in error.value.errors["body"]
    assert templates.list_templates(session=session, user=user)[1].is_default


def test_saved_template_renders_and_resets(session: Session) -> None:
    user = make_org_user(session)
    saved = templates.save_template(
        session=session,
        user=user,
        kind="invitation_sms",
        subject="ignored for texts",
        body="{candidate_first_name}, your {job_title} interview: {interview_link}",
    )
    assert saved.subject == ""
    organization = session.get(Organization, user.organization_id)
    values = templates.sample_values(organization)
    assert templates.render(saved.body, values).startswith(
        "Alex, your Customer Support Specialist interview: https://"
    )
    reset = templates.reset_template(session=session, user=user, kind="invitation_sms")
    assert reset.is_default


# ------------------------------------------------------------------ team and roles


def test_invite_a_colleague_who_joins_with_the_role(session: Session) -> None:
    owner = make_org_user(session)
    link = team_invites.invite(
        session=session, user=owner, email="New.Person@acme.example.com", role="hiring_manager"
    )
    token = link.rsplit("/", 1)[1]
    assert link.startswith(get_settings().public_base_url)
    assert session.exec(select(TeamInvite.token_hash)).one() == password_hashing.hash_token(token)
    [pending] = team_invites.open_invites(session=session, user=owner)
    assert pending.email == "new.person@acme.example.com"
    with pytest.raises(Invalid) as error:
        team_invites.accept(session=session, token=token, full_name="", password="short")
    assert set(error.value.errors) == {"full_name", "password"}
    session.rollback()
    result = team_invites.accept(
        session=session, token=token, full_name="Nia New", password=PASSWORD
    )
    assert result.user.role == Role.HIRING_MANAGER
    assert result.user.organization_id == owner.organization_id
    assert login_sessions.user_for_token(session=session, token=result.token).id == result.user.id
    with pytest.raises(NotFound):
        team_invites.accept(session=session, token=token, full_name="Again", password=PASSWORD)


def test_inviting_another_organizations_user_reveals_nothing_to_the_inviter(
    session: Session,
) -> None:
    owner = make_org_user(session)
    make_org_user(session, org="Beta", email="taken@beta.example.com")
    colleague = add_manager(session, owner, email="hm@acme.example.com")
    with pytest.raises(Invalid) as error:  # one's own team: said plainly
        team_invites.invite(session=session, user=owner, email=colleague.email, role="recruiter")
    assert error.value.errors == {"email": "This person is already on your team."}
    session.rollback()
    # Another organization's user: the invitation is made like any other ...
    link = team_invites.invite(
        session=session, user=owner, email="taken@beta.example.com", role="recruiter"
    )
    assert [i.email for i in team_invites.open_invites(session=session, user=owner)] == [
        "taken@beta.example.com"
    ]
    # ... and whoever holds the link learns why it cannot make a second account.
    with pytest.raises(Invalid) as error:
        team_invites.accept(
            session=session, token=link.rsplit("/", 1)[1], full_name="Tia", password=PASSWORD
        )
    assert error.value.errors == {"form": team_invites.ACCOUNT_ELSEWHERE}
    session.rollback()
    assert session.exec(select(User).where(User.email == "taken@beta.example.com")).one()


def test_invitation_links_expire_and_can_be_revoked(session: Session) -> None:
    owner = make_org_user(session)
    first = team_invites.invite(
        session=session, user=owner, email="a@acme.example.com", role="recruiter"
    ).rsplit("/", 1)[1]
    second = team_invites.invite(
        session=session, user=owner, email="b@acme.example.com", role="recruiter"
    ).rsplit("/", 1)[1]
    session.exec(
        update(TeamInvite)
        .where(TeamInvite.email == "a@acme.example.com")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()
    with pytest.raises(NotFound):
        team_invites.find_invite(session=session, token=first)
    [pending] = team_invites.open_invites(session=session, user=owner)
    team_invites.revoke(session=session, user=owner, invite_id=pending.id)
    with pytest.raises(NotFound):
        team_invites.find_invite(session=session, token=second)


def test_only_recruiters_change_settings(session: Session) -> None:
    owner = make_org_user(session)
    manager = add_manager(session, owner)
    calls = [
        lambda: branding.update_branding(
            session=session,
            user=manager,
            primary_color="#111111",
            accent_color="#222222",
            welcome_message="",
        ),
        lambda: logos.save_logo(session=session, user=manager, filename="a.png", data=PNG),
        lambda: logos.remove_logo(session=session, user=manager),
        lambda: branding.update_language(session=session, user=manager, language="fr", voice=""),
        lambda: knowledge.save_item(session=session, user=manager, question="q", answer="a"),
        lambda: knowledge.import_csv(session=session, user=manager, data=b"question,answer\n"),
        lambda: templates.save_template(
            session=session, user=manager, kind="ai_disclosure", subject="", body="Hello"
        ),
        lambda: templates.reset_template(session=session, user=manager, kind="ai_disclosure"),
        lambda: team_invites.invite(
            session=session, user=manager, email="x@acme.example.com", role="recruiter"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    organization = session.get(Organization, owner.organization_id)
    assert organization.language == "en"
    assert session.exec(select(func.count(User.id))).one() == 2


@pytest.mark.parametrize(
    "text",
    ["{job_title:>20000000}", "{job_title!r}", "{job_title:{company_name}}", "{job_title.upper}"],
)
def test_a_placeholder_with_a_format_or_an_attribute_is_refused_and_renders_as_nothing(
    session: Session, text: str
) -> None:
    user = make_org_user(session)
    with pytest.raises(Invalid) as refused:
        templates.save_template(
            session=session, user=user, kind="invitation_email", subject="Hi", body=f"A {text} B"
        )
    assert "is not a placeholder" in refused.value.errors["body"]
    rendered = templates.render(f"A {text} B", {"job_title": "Agent", "company_name": "Acme"})
    assert rendered == "A  B"


def test_render_fills_plain_placeholders_by_replacement() -> None:
    values = {"job_title": "{company_name}", "company_name": "Acme"}
    # A value is text, never a template of its own; doubled braces are braces.
    assert templates.render("{job_title} at {company_name} {{x}}", values) == (
        "{company_name} at Acme {x}"
    )
    assert templates.render("an unpaired { brace", values) == "an unpaired { brace"
