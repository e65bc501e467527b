"""The knowledge base's CSV import refuses a file whose first row does not name its columns."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from heymilo_app.models import KnowledgeItem, User
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.org import knowledge
from tests.support import make_org_user


@pytest.fixture
def owner(session: Session) -> User:
    owner = make_org_user(session)
    knowledge.save_item(
        session=session, user=owner, question="Is there parking?", answer="Yes, free.", tags=""
    )
    return owner


def _entries(session: Session, owner: User) -> list[tuple[str, str, str]]:
    session.expire_all()
    return [
        (item.question, item.answer, item.tags)
        for item in knowledge.list_items(session=session, user=owner)
    ]


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"Name,Email\nIs there parking?,No\n", '"Name", "Email"'),
        # No header at all: the first entry is not taken for one.
        (
            b"What is the salary?;$55k to $65k\nIs there parking?;No\n",
            '"What is the salary?", "$55k to $65k"',
        ),
        (b"question;tags\nIs there parking?;No\n", '"question", "tags"'),
        (b",,\nIs there parking?,No,\n", "no column names"),
    ],
)
def test_a_file_without_question_and_answer_columns_is_refused_and_changes_nothing(
    session: Session, owner: User, data: bytes, found: str
) -> None:
    before = _entries(session, owner)
    with pytest.raises(Invalid) as error:
        knowledge.import_csv(session=session, user=owner, data=data)
    message = error.value.errors["file"]
    assert "question and answer" in message and "tags is optional" in message
    assert f"this file's first row has {found}." in message
    assert message.endswith("Nothing was imported.")
    session.rollback()
    assert _entries(session, owner) == before
    assert session.exec(select(func.count(KnowledgeItem.id))).one() == 1


def test_many_found_headers_are_named_briefly(session: Session, owner: User) -> None:
    header = ",".join(f"col{index}" for index in range(12))
    with pytest.raises(Invalid) as error:
        knowledge.import_csv(session=session, user=owner, data=f"{header}\nx\n".encode())
    message = error.value.errors["file"]
    assert '"col7" and 4 more.' in message and "col8" not in message


def test_a_file_with_the_columns_named_loosely_still_imports(session: Session, owner: User) -> None:
    data = b"\xef\xbb\xbfFAQ;Reply;Labels\nIs there parking?;No, sorry.;site\nDress code?;None;\n"
    report = knowledge.import_csv(session=session, user=owner, data=data)
    assert (report.added, report.updated, report.skipped) == (1, 1, [])
    assert ("Is there parking?", "No, sorry.", "site") in _entries(session, owner)
