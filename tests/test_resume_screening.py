"""Screening a resume against a resume stage's requirements: met, not met, unknown, with quotes."""

from __future__ import annotations

from datetime import date

import pytest

from heymilo_app.services.scoring.resume_checks import RequirementCheck
from heymilo_app.services.scoring.resume_screening import Screening, screen

NOW = date(2025, 3, 15)

BULLETED = """Grace Okafor
Austin, TX 78701 | grace@example.com | (512) 555-0142

SUMMARY
Customer support lead with 6+ years of experience in SaaS help desks.

EXPERIENCE
Brightdesk — Customer Support Lead, Mar 2020 – Present
• Ran a 12-person customer-support team on Zendesk and Salesforce Service Cloud.
• Cut first-response time by 40% with macros and SQL reports.
Helpwise — Support Agent, 01/2018 to 06/2021
• Answered 60+ tickets a day by chat, email and phone.

EDUCATION
B.A. in Communication, University of Texas at Austin, 2013 – 2017

Languages: English, Spanish (fluent)
Authorized to work in the US; no sponsorship required.
"""

CONFIG = {
    "must_have": ["zendesk", "Customer Support", "SQL", "Python"],
    "nice_to_have": ["Spanish", "macro", "Salesforce Service Cloud", "Kubernetes"],
    "min_years": 3,
    "education": "Bachelor's degree",
    "locations": ["Austin, TX", "Remote"],
    "work_authorization": "Authorized to work in the United States",
    "dealbreakers": ["must_have", "min_years"],
}


def _check(screening: Screening, kind: str, requirement: str | None = None) -> RequirementCheck:
    matches = [
        check
        for check in screening.checks
        if check.kind == kind and (requirement is None or check.requirement == requirement)
    ]
    assert len(matches) == 1, (kind, requirement, screening.checks)
    return matches[0]


def _assert_quoted(screening: Screening, resume: str) -> None:
    """Every piece of evidence is copied verbatim from the resume, one line, at most 240."""
    for check in screening.checks:
        assert check.evidence in resume, check
        assert len(check.evidence) <= 240 and "\n" not in check.evidence, check
        if check.met is True:
            assert check.evidence, check
    for quote in filter(None, screening.years_evidence.split("\n")):
        assert quote in resume and len(quote) <= 240


def test_a_bulleted_resume_is_checked_against_every_requirement_with_quotes() -> None:
    screening = screen(BULLETED, CONFIG, now=NOW)

    assert [(c.kind, c.requirement, c.met) for c in screening.checks] == [
        ("must_have", "zendesk", True),
        ("must_have", "Customer Support", True),
        ("must_have", "SQL", True),
        ("must_have", "Python", False),
        ("nice_to_have", "Spanish", True),
        ("nice_to_have", "macro", True),
        ("nice_to_have", "Salesforce Service Cloud", True),
        ("nice_to_have", "Kubernetes", False),
        ("min_years", "3+ years", True),
        ("education", "Bachelor's degree", True),
        ("locations", "Austin, TX or Remote", True),
        ("work_authorization", "Authorized to work in the United States", True),
    ]
    assert _check(screening, "must_have", "zendesk").evidence == (
        "Ran a 12-person customer-support team on Zendesk and Salesforce Service Cloud."
    )
    # "Customer Support" is found as written first in the summary's "Customer support".
    assert _check(screening, "must_have", "Customer Support").evidence.startswith(
        "Customer support"
    )
    assert _check(screening, "nice_to_have", "macro").evidence == (
        "Cut first-response time by 40% with macros and SQL reports."
    )
    assert _check(screening, "must_have", "Python").evidence == ""
    assert _check(screening, "education").evidence.startswith("B.A. in Communication")
    assert _check(screening, "locations").evidence.startswith("Austin, TX 78701")
    assert _check(screening, "work_authorization").evidence == (
        "Authorized to work in the US; no sponsorship required."
    )
    # An explicit statement of years wins over adding up the dates.
    assert screening.years == 6.0
    assert screening.years_evidence == (
        "Customer support lead with 6+ years of experience in SaaS help desks."
    )
    _assert_quoted(screening, BULLETED)


def test_failed_lists_only_clear_failures_of_a_kind() -> None:
    screening = screen(BULLETED, CONFIG, now=NOW)

    assert [c.requirement for c in screening.failed("must_have")] == ["Python"]
    assert [c.requirement for c in screening.failed("nice_to_have")] == ["Kubernetes"]
    assert screening.failed("min_years") == []
    assert screening.failed("work_authorization") == []

    unknown = screen("Jane Doe\nFriendly and reliable team player.", CONFIG, now=NOW)
    assert _check(unknown, "min_years").met is None
    assert _check(unknown, "education").met is None
    assert _check(unknown, "work_authorization").met is None
    # An unknown is never a failure: a dealbreaker cannot disqualify on what is not said.
    for kind in ("min_years", "education", "locations", "work_authorization"):
        assert unknown.failed(kind) == []
    assert len(unknown.failed("must_have")) == 4  # skills the resume does not name are unmet


DATED = """Sam Rivera
Work Experience
Acme Corp — Support Agent, Jan 2015 – Dec 2016
Beta Inc. — Team Lead, 03/2016 to 06/2018
Gamma LLC — Support Manager, 2019 – 2021
Delta Co — Head of Support (Mar 2021 - present)

Education
State University, BSc Psychology, 2010 – 2014
"""


def test_years_add_up_date_ranges_in_many_formats_merging_overlaps() -> None:
    screening = screen(DATED, {"min_years": 10}, now=NOW)

    # Jan 2015 – Jun 2018 (two overlapping jobs, counted once) = 42 months;
    # 2019 – 2021 = 24 months; Mar 2021 – now (Mar 2025) = 48 months; the degree is left out.
    assert screening.years == 9.5
    assert screening.years_evidence.split("\n") == [
        "Acme Corp — Support Agent, Jan 2015 – Dec 2016",
        "Beta Inc. — Team Lead, 03/2016 to 06/2018",
        "Gamma LLC — Support Manager, 2019 – 2021",
        "Delta Co — Head of Support (Mar 2021 - present)",
    ]
    check = _check(screening, "min_years")
    assert check.met is False and check.requirement == "10+ years"
    assert check.evidence == "Acme Corp — Support Agent, Jan 2015 – Dec 2016"
    assert screening.failed("min_years") == [check]
    assert _check(screen(DATED, {"min_years": 9}, now=NOW), "min_years").met is True
    _assert_quoted(screening, DATED)


@pytest.mark.parametrize(
    ("jobs", "years"),
    [
        # Two concurrent jobs are not double-counted.
        ("Night shift, Acme: 2018 - 2022\nWeekend job, Beta: 2019 - 2021", 4.0),
        # One job inside another, ISO months, "current" and "today".
        ("Acme 2017-01 – 2020-12\nBeta June 2018 – Sept 2019", 4.0),
        ("Acme, Jan. 2023 – current", 2.2),
        ("Acme, February 2024 to today", 1.1),
        # A month range counts its last month.
        ("Acme, Jan 2020 – Dec 2020", 1.0),
        ("Acme, 2020 – 2020", 0.5),
        # Backwards and future ranges are ignored.
        ("Acme, 2022 – 2019\nBeta, 2027 – 2029", None),
    ],
)
def test_years_from_ranges(jobs: str, years: float | None) -> None:
    screening = screen(f"Experience\n{jobs}", {"min_years": 1}, now=NOW)

    assert screening.years == years
    assert _check(screening, "min_years").met is (None if years is None else years >= 1)


def test_explicit_years_statements_in_several_wordings() -> None:
    for text, years in [
        ("Over 5 yrs experience in retail.", 5.0),
        ("Experience: 7+ years", 7.0),
        ("Ten years' experience leading teams.", 10.0),
        ("2.5 years of hands-on customer service experience", 2.5),
    ]:
        screening = screen(f"Jo Bloggs\n{text}", {"min_years": 3}, now=NOW)
        assert screening.years == years, text
        assert screening.years_evidence == text
        assert _check(screening, "min_years").met is (years >= 3)


PARAGRAPH = (
    "Maria Lopez is a bilingual support specialist based in Toronto, Canada. She worked at "
    "Acme Corp from 2015 to 2019 and at Beta Inc. from 2019 to present, handling escalations "
    "in Freshdesk and training new hires on customer-support macros. She studied at McGill "
    "University from 2010 to 2014 and holds an MBA. She will require visa sponsorship to work "
    "in the United States."
)


def test_a_paragraph_resume_is_quoted_by_the_sentence() -> None:
    config = {
        "must_have": ["Zendesk", "escalation", "customer support"],
        "min_years": 8,
        "education": "Master's degree",
        "locations": ["New York, NY"],
        "work_authorization": "Authorized to work in the US",
    }
    screening = screen(PARAGRAPH, config, now=date(2025, 6, 15))

    assert screening.years == 10.4  # 2015 – Jun 2025; the studies are left out
    assert [c.met for c in screening.checks] == [False, True, True, True, True, False, False]
    assert _check(screening, "education").evidence == (
        "She studied at McGill University from 2010 to 2014 and holds an MBA."
    )
    assert _check(screening, "locations").evidence == (
        "Maria Lopez is a bilingual support specialist based in Toronto, Canada."
    )
    assert _check(screening, "work_authorization").evidence == (
        "She will require visa sponsorship to work in the United States."
    )
    _assert_quoted(screening, PARAGRAPH)


@pytest.mark.parametrize(
    ("requirement", "resume_line", "met"),
    [
        ("Zendesk", "Daily ZENDESK admin", True),
        ("customer support", "Five years in customer-support roles", True),
        ("customer-support", "Led customer support for EMEA", True),
        ("Ticket", "Closed 80 tickets a day", True),
        ("APIs", "Built an API for refunds", True),
        ("Technology", "Worked across financial technologies", True),
        ("Power BI", "Dashboards in PowerBI", True),
        ("HubSpot", "CRM: Hubspot and Pipedrive", True),
        ("C++", "Wrote C++ and C# services", True),
        ("C", "Wrote C++ services", False),
        ("Go", "Ready to go the extra mile", False),
        ("Go", "Services in Go and Rust", True),
        ("SQL", "Used NoSQL stores", False),
        ("Java", "Wrote JavaScript", False),
        ("written communication", "Communication: written and spoken English", True),
        ("Excellent written English", "English (written, spoken)", True),
        ("Spanish", "Languages: English", False),
    ],
)
def test_skills_match_on_word_boundaries_with_simple_variants(
    requirement: str, resume_line: str, met: bool
) -> None:
    resume = f"Alex Kim\n{resume_line}\nalex@example.com"
    check = _check(screen(resume, {"must_have": [requirement]}, now=NOW), "must_have")

    assert check.met is met
    assert check.evidence == (resume_line if met else "")


@pytest.mark.parametrize(
    ("requirement", "resume", "met", "evidence"),
    [
        ("Bachelor's degree", "Education\nMSc Data Science, 2019", True, "MSc Data Science, 2019"),
        ("Bachelor's degree", "PhD in Chemistry (2012)", True, "PhD in Chemistry (2012)"),
        ("BA or BS", "Bachelor of Science, Biology", True, "Bachelor of Science, Biology"),
        (
            "Bachelor's degree",
            "Associate's degree in Nursing",
            False,
            "Associate's degree in Nursing",
        ),
        ("Master's", "BS in Computer Science, 2014", False, "BS in Computer Science, 2014"),
        ("MBA", "B.Sc. (Hons) Economics", False, "B.Sc. (Hons) Economics"),
        (
            "High school diploma",
            "Education\nLincoln High School, 2009",
            True,
            "Lincoln High School, 2009",
        ),
        ("Associate degree", "A.A.S. in Applied Science", True, "A.A.S. in Applied Science"),
        # In progress: not yet held, so not a failure either.
        (
            "Master's degree",
            "MS in Data Science (expected May 2026)",
            None,
            "MS in Data Science (expected May 2026)",
        ),
        # Nothing about education, or only look-alikes: unknown.
        ("Bachelor's degree", "Boston, MA; MS Office; Senior BA at First Bank", None, ""),
        ("Bachelor's degree", "Tutored high school students in math", None, ""),
        ("University degree", "Ten years of retail experience", None, ""),
        # A credential rather than a level is looked for by its words.
        ("RN license", "Active RN license, Texas", True, "Active RN license, Texas"),
    ],
)
def test_education_compares_degree_levels(
    requirement: str, resume: str, met: bool | None, evidence: str
) -> None:
    text = f"Pat Lee\n{resume}\npat@example.com"
    check = _check(screen(text, {"education": requirement}, now=NOW), "education")

    assert (check.met, check.evidence) == (met, evidence)


@pytest.mark.parametrize(
    ("locations", "resume", "met", "evidence"),
    [
        (["Austin, TX"], "Austin, Texas", True, "Austin, Texas"),
        (["Austin, TX"], "AUSTIN, TX 78701", True, "AUSTIN, TX 78701"),
        (["New York"], "Based in new york city", True, "Based in new york city"),
        (["Texas"], "Dallas, TX", True, "Dallas, TX"),
        (["United States"], "Location: Denver, CO", True, "Location: Denver, CO"),
        (["Remote"], "Open to remote work", True, "Open to remote work"),
        (["Remote (US)"], "Chicago, IL", True, "Chicago, IL"),
        (
            ["London, UK", "Remote"],
            "Worked remotely for 3 years",
            True,
            "Worked remotely for 3 years",
        ),
        # Another place is named: not met.
        (["Austin, TX"], "Chicago, IL 60601", False, "Chicago, IL 60601"),
        (["Omaha, NE"], "Lincoln, NE", False, "Lincoln, NE"),
        (
            ["London, UK"],
            "Address: 12 Rue de Rivoli, Paris",
            False,
            "Address: 12 Rue de Rivoli, Paris",
        ),
        (["Berlin"], "Based in Toronto, Canada", False, "Based in Toronto, Canada"),
        # Elsewhere but willing to move, or a remote job: not a failure.
        (
            ["Austin, TX"],
            "Chicago, IL. Willing to relocate.",
            None,
            "Chicago, IL. Willing to relocate.",
        ),
        (["Remote"], "Chicago, IL", None, ""),
        # No place at all: unknown.
        (["Austin, TX"], "Support agent who loves puzzles", None, ""),
        (["London"], "Used MS Office and Bank of America tools", None, ""),
    ],
)
def test_locations(locations: list[str], resume: str, met: bool | None, evidence: str) -> None:
    text = f"Robin Park\n{resume}\nrobin@example.com"
    check = _check(screen(text, {"locations": locations}, now=NOW), "locations")

    assert (check.met, check.evidence) == (met, evidence)
    assert check.requirement == " or ".join(locations)


@pytest.mark.parametrize(
    ("requirement", "line", "met"),
    [
        ("Authorized to work in the US", "US citizen", True),
        ("Authorized to work in the US", "U.S. Citizen", True),
        ("Authorized to work in the US", "Citizenship: United States", True),
        ("Authorized to work in the US", "Green card holder", True),
        ("Authorized to work in the US", "Permanent resident of the United States", True),
        ("Authorized to work in the US", "Legally authorized to work in the United States", True),
        ("Authorized to work in the US", "No visa sponsorship needed", True),
        ("Authorized to work in the US", "Sponsorship: not required", True),
        ("Authorized to work in the US", "I do not require sponsorship", True),
        ("Authorized to work in the US", "Will require H-1B sponsorship", False),
        ("Authorized to work in the US", "Open to work; visa sponsorship required.", False),
        ("Authorized to work in the US", "Not authorized to work in the US", False),
        ("Right to work in the UK", "Authorised to work in the UK", True),
        ("Eligible to work in Canada", "Canadian citizen", True),
        # About another country, pending, contradictory or silent: unknown.
        ("Right to work in the UK", "US citizen", None),
        ("Authorized to work in the US", "Eligible to work in the EU", None),
        ("Authorized to work in the US", "Applied for a green card in 2024", None),
        ("Authorized to work in the US", "US citizen. Will require sponsorship.", None),
        ("Authorized to work in the US", "Worked as National Sales Manager", None),
        ("Authorized to work in the US", "Loves travel", None),
    ],
)
def test_work_authorization(requirement: str, line: str, met: bool | None) -> None:
    text = f"Chris Doe\nSupport agent.\n{line}"
    check = _check(screen(text, {"work_authorization": requirement}, now=NOW), "work_authorization")

    assert check.met is met
    if met is not None:
        assert check.evidence == line
    assert check.evidence in text


def test_no_resume_text_makes_every_check_unknown() -> None:
    for text in ("", "   \n\t", "-- • --"):
        screening = screen(text, CONFIG, now=NOW)
        assert all(check.met is None and check.evidence == "" for check in screening.checks)
        assert screening.years is None and screening.years_evidence == ""
        assert all(screening.failed(kind) == [] for kind in ("must_have", "min_years"))


def test_config_is_read_tolerantly() -> None:
    assert screen(BULLETED, {}, now=NOW).checks == []
    assert screen(BULLETED, {"min_years": 0, "must_have": [], "education": ""}).checks == []
    screening = screen(
        BULLETED,
        {"must_have": "Zendesk", "min_years": "2", "locations": None, "unknown_key": 1},
        now=NOW,
    )
    assert [(c.kind, c.met) for c in screening.checks] == [("must_have", True), ("min_years", True)]


def test_resume_text_is_data_never_a_pattern() -> None:
    resume = "Lee (?i).* [a-z]+$ \\d{3} ${name} {{7*7}} __import__('os')\nSkills: C++, .NET, (a+)+"
    config = {"must_have": [".*", "(a+)+", ".NET", "C++", "[a-z]+"], "min_years": 2}
    screening = screen(resume, config, now=NOW)

    assert [c.met for c in screening.checks[:5]] == [True, True, True, True, True]
    assert screen("Plain resume text", {"must_have": [".*", "\\d+"]}, now=NOW).failed(
        "must_have"
    ) == [
        RequirementCheck("must_have", ".*", False, ""),
        RequirementCheck("must_have", "\\d+", False, ""),
    ]


def test_evidence_from_a_very_long_line_is_a_verbatim_excerpt() -> None:
    filler = "Handled billing questions and refunds for enterprise customers " * 12
    resume = f"Ana Silva {filler}using Zendesk daily {filler}and she is a US citizen {filler}"
    screening = screen(resume, {"must_have": ["Zendesk"], "work_authorization": "US"}, now=NOW)

    for check in screening.checks:
        assert check.met is True
        assert check.evidence in resume and len(check.evidence) <= 240
    assert "Zendesk" in screening.checks[0].evidence
    assert "US citizen" in screening.checks[1].evidence


def test_a_200_000_character_resume_is_screened_correctly() -> None:
    job = (
        "Brightdesk — Support Agent, Jan 2015 – Dec 2016\n"
        "• Answered chats and emails for a billing product, escalating bugs to engineering.\n"
        "• Kept CSAT above 95% across a busy season while mentoring two new agents.\n"
    )
    tail = (
        "Northwind — Support Lead, 2019 – present\n"
        "• Moved the team to Zendesk and wrote the Kubernetes runbook.\n"
        "Authorized to work in the US.\n"
    )
    head = "Grace Okafor\nAustin, TX\nExperience\n"
    body = job * ((200_000 - len(head) - len(tail)) // len(job))
    resume = head + body + tail
    assert 199_000 < len(resume) <= 200_000
    config = {
        "must_have": ["Zendesk", "Kubernetes", "Terraform"],
        "nice_to_have": [f"Tool {index}" for index in range(40)],
        "min_years": 8,
        "education": "Bachelor's degree",
        "locations": ["Austin, TX"],
        "work_authorization": "Authorized to work in the US",
    }
    screening = screen(resume, config, now=NOW)

    assert [c.met for c in screening.checks[:3]] == [True, True, False]
    assert _check(screening, "must_have", "Zendesk").evidence == (
        "Moved the team to Zendesk and wrote the Kubernetes runbook."
    )
    # The same job repeated counts once: 2015 – 2016, then 2019 – Mar 2025.
    assert screening.years == 8.2
    assert _check(screening, "min_years").met is True
    assert _check(screening, "education").met is None
    assert _check(screening, "locations").evidence == "Austin, TX"
    assert _check(screening, "work_authorization").evidence == "Authorized to work in the US."
    _assert_quoted(screening, resume)
