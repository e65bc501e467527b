"""Layout and accessibility: the phone menu, settings tabs, apply-form errors, dev inbox rows."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlmodel import Session, select

from heymilo_app import demo
from heymilo_app.models import Job, OutboundMessage
from heymilo_app.services.org import authentication
from heymilo_app.settings import get_settings
from heymilo_app.state.dev_inbox import DevInboxState, body_parts
from tests.support import add_to_job, demo_recruiter_and_job
from tests.test_states import _root, _state


def _js(component) -> str:
    return str(component.render())


# --- B. the recruiter navigation on a phone ------------------------------------------------


def test_phones_get_a_menu_button_with_every_link_and_wide_screens_the_row() -> None:
    from heymilo_app.components import shell

    menu = _js(shell._nav_menu("jobs"))
    assert '"aria-label":"Menu"' in menu
    for key, label, _, href in shell.NAV_ITEMS:
        assert f'to:"{href}"' in menu, key
        assert label in menu
    # The menu shows under "sm" only; the row of links from "sm" up (and the sidebar from "md").
    assert '["@media screen and (min-width: 30em)"] : ({ ["display"] : "none" })' in menu
    bar = _js(shell._topbar("jobs"))
    assert bar.count('"aria-label":"Main"') == 2
    row = bar.split('"aria-label":"Main"')[-1]
    assert '["@media screen and (min-width: 0)"] : ({ ["display"] : "none" })' in row
    assert '["@media screen and (min-width: 30em)"] : ({ ["display"] : "block" })' in row
    # The row wraps instead of scrolling sideways with links cut off.
    assert '["overflowX"] : "auto"' not in bar


# --- A. every settings tab in view ---------------------------------------------------------


def test_the_settings_tabs_wrap_instead_of_hiding_behind_a_scroll() -> None:
    from heymilo_app.pages.settings import settings_page

    page = _js(settings_page())
    tab_list = page[page.index('id:"settings-tabs"') - 400 : page.index('id:"settings-tabs"')]
    assert '["flexWrap"] : "wrap"' in tab_list
    for value in ("team", "branding", "knowledge", "language", "templates", "messaging"):
        assert f'id:"tab-{value}"' in page
    before_tabs = page.split('id:"tab-team"')[0][-600:]
    assert '["overflowX"] : "auto", ["width"] : "100%" })' not in before_tabs


# --- C. the apply form's errors, tied to their fields --------------------------------------


def test_each_apply_field_points_at_its_message_and_says_it_is_invalid() -> None:
    from heymilo_app.pages.apply import apply_page
    from heymilo_app.state.apply import FIELDS, error_id

    page = _js(apply_page())
    for name in FIELDS:
        # The message carries the id the control's aria-describedby names.
        assert f'id:"{error_id(name)}"' in page, name
        described = re.search(
            r'"aria-describedby":\([^)]*hasOwnProperty\("' + name + r'"\) \? "([^"]+)"', page
        )
        assert described and error_id(name) in described.group(1).split(), name
        assert re.search(
            r'"aria-invalid":\([^)]*hasOwnProperty\("' + name + r'"\) \? "true" : "false"\)', page
        ), name
    # Changing a field with a message takes it away; typing elsewhere sends nothing.
    assert 'hasOwnProperty("email") ? (ReflexEvent("' in page
    assert page.count("apply_state.clear_error") == len(FIELDS)
    # The phone's hint stays in its description, with or without a message.
    assert '? "apply-phone-hint apply-phone-error" : "apply-phone-hint")' in page


@pytest.fixture
def slug(session: Session) -> str:
    demo.seed_demo(session=session)
    return session.exec(select(Job.slug)).one()


def _apply_state(slug: str):
    import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their route vars
    from heymilo_app.state.apply import ApplyState

    root = _root("", path=f"/apply/{slug}", route="/apply/[slug]", query={"slug": slug})
    state = root.substates[ApplyState.get_name()]
    asyncio.run(state.load_apply())
    assert state.open_for_applications
    return state


def test_a_refused_application_focuses_the_first_field_with_a_message(
    session: Session, slug: str
) -> None:
    from heymilo_app.state.apply import FOCUS_FIRST_INVALID

    state = _apply_state(slug)
    result = asyncio.run(
        state.submit({"first_name": "", "last_name": "Berg", "email": "lena@", "phone": ""})
    )
    assert set(state.errors) == {"first_name", "email"}
    script = dict((str(name._js_expr), value) for name, value in result.args)
    assert script["javascript_code"]._var_value == FOCUS_FIRST_INVALID
    assert '[aria-invalid="true"]' in FOCUS_FIRST_INVALID and ".focus()" in FOCUS_FIRST_INVALID


def test_changing_a_field_takes_its_message_away_and_only_its_own(
    session: Session, slug: str
) -> None:
    state = _apply_state(slug)
    asyncio.run(
        state.submit({"first_name": "", "last_name": "Berg", "email": "lena@", "phone": ""})
    )
    state.clear_error("email")
    assert set(state.errors) == {"first_name"}
    state.clear_error("phone")  # no message there: nothing changes
    state.clear_error("not-a-field")
    assert set(state.errors) == {"first_name"}
    state.clear_error("first_name")
    assert state.errors == {}


# --- D. the dev inbox ----------------------------------------------------------------------


def test_dev_inbox_rows_are_buttons_with_a_focus_ring() -> None:
    from reflex_base.vars.base import Var

    from heymilo_app.pages.dev_inbox import _row

    row = _row(Var(_js_expr="message").to(dict)).render()
    assert row["name"] == '"button"'
    props = " ".join(row["props"])
    assert 'type:"button"' in props and 'className:"dev-inbox-row"' in props
    assert '["&:focus-visible"] : ({ ["outline"] : "2px solid' in props
    assert '"aria-pressed"' in props
    # A button holds phrasing content only: its inner rows are spans.
    assert '"div"' not in str(row["children"]) and 'as:"p"' not in str(row["children"])


def test_web_addresses_in_a_body_become_links_and_nothing_else_does() -> None:
    parts = body_parts(
        "Start here: https://example.com/i/abc-123. Or (see http://x.test/a_(b)), "
        "not javascript:alert(1) nor <a href='ftp://x'>this</a>."
    )
    assert [p["href"] for p in parts if p["href"]] == [
        "https://example.com/i/abc-123",
        "http://x.test/a_(b)",
    ]
    # Nothing is lost or added: the parts read as the body.
    assert "".join(p["text"] for p in parts).startswith("Start here: https://example.com/i/abc")
    assert "".join(p["text"] for p in parts).endswith("<a href='ftp://x'>this</a>.")
    assert body_parts("") == []
    assert body_parts("no links") == [{"text": "no links", "href": ""}]


def test_an_open_message_shows_its_candidate_link_as_a_link(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "dev_inbox", True)
    user, job = demo_recruiter_and_job(session)
    add_to_job(session, user, job, "ivy@example.net")
    email = session.exec(
        select(OutboundMessage).where(OutboundMessage.to_address == "ivy@example.net")
    ).one()
    token = authentication.log_in(
        session=session, email=demo.RECRUITER_EMAIL, password=demo.RECRUITER_PASSWORD
    ).token
    state = _state(_root(token), DevInboxState)
    state.load_inbox()
    state.open_message(str(email.id))
    links = [p["href"] for p in state.open_parts if p["href"]]
    assert any("/i/" in link for link in links)
    assert "".join(p["text"] for p in state.open_parts) == state.open_body


def test_the_page_draws_body_parts_as_text_and_links_never_as_html() -> None:
    from heymilo_app.pages.dev_inbox import dev_inbox_page

    page = _js(dev_inbox_page())
    assert "dangerouslySetInnerHTML" not in page
    assert "open_parts" in page and "RadixThemesLink" in page
