"""What a new recruiter or candidate meets first: sentences, status codes, exports."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from heymilo_app.services import analytics, demo, i18n, templates
from heymilo_app.services.text import spreadsheet_safe
from tests.test_link_status import _client


def test_a_company_name_ending_in_a_period_ends_the_sentence_once() -> None:
    values = {"company_name": "Acme Support Co.", "job_title": "Agent"}
    text = templates.render("You applied at {company_name}. Next: {job_title}.", values)
    assert text == "You applied at Acme Support Co. Next: Agent."
    assert templates.render("at {company_name}.", {"company_name": "Acme"}) == "at Acme."
    assert templates.render("{company_name}...", {"company_name": "Co."}) == "Co..."


def test_fixed_page_texts_do_not_double_the_period_either() -> None:
    key = next(k for k, v in i18n.CATALOGS["en"].items() if "{company}." in v)
    assert ".." not in i18n.t("en", key, company="Acme Support Co.")


def test_an_unknown_job_board_slug_is_a_404(session: Session, engine: sa.Engine) -> None:
    demo.seed_demo(session=session)
    client = _client()
    assert client.get("/apply/customer-support-specialist-demo").status_code == 200
    assert client.get("/apply/no-such-job").status_code == 404
    assert client.get("/apply/no-such-job/").status_code == 404


def test_exports_keep_phone_numbers_as_typed_and_still_stop_formulas() -> None:
    assert spreadsheet_safe("+1 415 555 0100") == "+1 415 555 0100"
    assert spreadsheet_safe("+14155550100") == "+14155550100"
    assert spreadsheet_safe("-3") == "-3"
    assert spreadsheet_safe("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0"
    assert spreadsheet_safe("=1+1") == "'=1+1"
    frame = pd.DataFrame({"Phone": ["+14155550100"], "Name": ["=HYPERLINK(1)"]})
    data = analytics.to_csv(frame).decode("utf-8-sig")
    assert "+14155550100," in data and "'=HYPERLINK(1)" in data
