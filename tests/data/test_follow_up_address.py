"""An address typed on a follow-up's card goes to the person the follow-up is written to."""

from __future__ import annotations

import pytest

from data.store.contacts import save_follow_up_address
from data.store.follow_ups import open_follow_ups
from data.store.validation import InvalidRecord


def email_of(db, name: str) -> str | None:
    return db.cursor().execute("SELECT email FROM contacts WHERE name = ?", [name]).fetchone()[0]


def card(db, kind: str, recipient: str | None = None):
    return next(
        c for c in open_follow_ups(db.cursor()) if c.kind == kind and (recipient is None or c.recipient == recipient)
    )


def add_status_check(db, application_id: int, interview_id: int | None = None) -> None:
    """A check-in with the employer, due 25 March, after the interview `interview_id` (or none)."""
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO follow_ups (interview_id, application_id, kind, due_at) VALUES (?, ?, 'status_check', ?)",
            [interview_id, application_id, "2026-03-25 09:00"],
        )


def test_a_thank_you_address_is_saved_to_its_interviewer(filled_db):
    db, _ = filled_db
    thanks = card(db, "thank_you", "Kim Park")
    assert save_follow_up_address(db, thanks.id, "  kim@globex.example ") == "Kim Park"
    assert email_of(db, "Kim Park") == "kim@globex.example"
    assert card(db, "thank_you", "Kim Park").recipient_email == "kim@globex.example"
    assert email_of(db, "Dana Lee") is None


def test_a_message_to_the_employer_is_addressed_to_the_first_interviewer(filled_db):
    db, ids = filled_db
    add_status_check(db, ids["acme"], ids["acme_technical"])
    check = card(db, "status_check")
    assert check.recipient == "Dana Lee"
    assert save_follow_up_address(db, check.id, "dana@acme.example") == "Dana Lee"
    assert card(db, "status_check").recipient_email == "dana@acme.example"


@pytest.mark.parametrize("typed", ["", "   ", "dana", "dana@acme", "dana lee@acme.example"])
def test_something_that_is_not_an_address_is_refused_and_nothing_is_saved(filled_db, typed):
    db, _ = filled_db
    with pytest.raises(InvalidRecord) as refused:
        save_follow_up_address(db, card(db, "thank_you", "Kim Park").id, typed)
    assert [p.field for p in refused.value.problems] == ["Email"]
    assert email_of(db, "Kim Park") is None


def test_a_follow_up_with_nobody_to_write_to_is_refused(filled_db):
    db, ids = filled_db
    add_status_check(db, ids["initech"])
    nobody = next(c for c in open_follow_ups(db.cursor()) if c.recipient is None)
    with pytest.raises(InvalidRecord):
        save_follow_up_address(db, nobody.id, "hr@initech.example")
    assert db.cursor().execute("SELECT count(*) FROM contacts WHERE email IS NOT NULL").fetchone()[0] == 0
