"""Every editable record carries its version: a save based on an older one is refused, a current one saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from data.store.contacts import Contact, get_contact, save_contact, save_follow_up_address
from data.store.errors import RecordChanged
from data.store.follow_ups import mark_no_answer, reopen_wait
from data.store.interviews import get_interview, move_interview, save_interview
from data.store.settings import set_template, set_your_details, your_details
from followups.drafts import DEFAULT_TEMPLATES, Template


def interview_row(db, interview_id: int) -> tuple:
    return (
        db.cursor()
        .execute("SELECT outcome, feedback, held_at FROM interviews WHERE id = ?", [interview_id])
        .fetchall()[0]
    )


def contact_row(db, contact_id: int) -> tuple:
    return db.cursor().execute("SELECT email, notes FROM contacts WHERE id = ?", [contact_id]).fetchall()[0]


def test_an_interview_saved_from_an_older_version_is_refused_with_both_and_nothing_written(filled_db):
    db, ids = filled_db
    opened_here = get_interview(db.cursor(), ids["acme_technical"])
    opened_there = get_interview(db.cursor(), ids["acme_technical"])
    save_interview(db, replace(opened_there, outcome="advanced", feedback="Theirs"))

    with pytest.raises(RecordChanged) as refused:
        save_interview(db, replace(opened_here, outcome="rejected", feedback="Mine"))

    assert (refused.value.theirs.outcome, refused.value.theirs.feedback) == ("advanced", "Theirs")
    assert (refused.value.mine.outcome, refused.value.mine.feedback) == ("rejected", "Mine")
    # Only what really differs: the names in the order the stored ones read.
    assert refused.value.mine.interviewers == refused.value.theirs.interviewers == ["Dana Lee", "Sam Ortiz"]
    assert interview_row(db, ids["acme_technical"])[:2] == ("advanced", "Theirs")

    save_interview(db, refused.value.mine)  # Keep mine: it carries the version it was refused against.

    assert interview_row(db, ids["acme_technical"])[:2] == ("rejected", "Mine")


def test_an_interview_saved_from_its_current_version_is_saved_and_gets_a_new_version(filled_db):
    db, ids = filled_db
    opened = get_interview(db.cursor(), ids["acme_technical"])

    save_interview(db, replace(opened, feedback="Good pace"))

    assert interview_row(db, ids["acme_technical"])[1] == "Good pace"
    assert get_interview(db.cursor(), ids["acme_technical"]).updated_at > opened.updated_at
    with pytest.raises(RecordChanged):
        save_interview(db, replace(opened, feedback="From the version before"))


def test_moving_an_interview_changed_since_it_was_read_is_refused_and_moved_without_a_version(filled_db):
    db, ids = filled_db
    opened = get_interview(db.cursor(), ids["acme_technical"])
    save_interview(db, replace(opened, feedback="Theirs"))
    moved = datetime(2026, 3, 17, 9)

    with pytest.raises(RecordChanged) as refused:
        move_interview(db, ids["acme_technical"], moved, version=opened.updated_at)

    assert refused.value.theirs.held_at == datetime(2026, 3, 16, 14) and refused.value.mine.held_at == moved
    assert interview_row(db, ids["acme_technical"]) == ("pending", "Theirs", datetime(2026, 3, 16, 14))

    move_interview(db, ids["acme_technical"], refused.value.mine.held_at)

    assert interview_row(db, ids["acme_technical"]) == ("pending", "Theirs", moved)


def test_moving_an_interview_at_its_current_version_moves_it(filled_db):
    db, ids = filled_db
    opened = get_interview(db.cursor(), ids["acme_technical"])

    move_interview(db, ids["acme_technical"], datetime(2026, 3, 17, 9), version=opened.updated_at)

    assert interview_row(db, ids["acme_technical"])[2] == datetime(2026, 3, 17, 9)


def test_closing_and_reopening_a_wait_are_changes_of_the_interview(filled_db):
    db, ids = filled_db
    before = get_interview(db.cursor(), ids["acme_technical"]).updated_at

    mark_no_answer(db, ids["acme_technical"], date(2026, 4, 20))
    closed = get_interview(db.cursor(), ids["acme_technical"]).updated_at
    reopen_wait(db, ids["acme_technical"])

    assert before < closed < get_interview(db.cursor(), ids["acme_technical"]).updated_at


def test_a_contact_saved_from_an_older_version_is_refused_with_both_and_nothing_written(filled_db):
    db, ids = filled_db
    ana = save_contact(db, Contact("Ana Ruiz", "reference", notes="Former manager"))
    opened_here, opened_there = get_contact(db.cursor(), ana), get_contact(db.cursor(), ana)
    save_contact(db, replace(opened_there, email="ana@there.example"))

    with pytest.raises(RecordChanged) as refused:
        save_contact(db, replace(opened_here, notes="Mine"))

    assert (refused.value.theirs.email, refused.value.theirs.notes) == ("ana@there.example", "Former manager")
    assert (refused.value.mine.email, refused.value.mine.notes) == (None, "Mine")
    assert contact_row(db, ana) == ("ana@there.example", "Former manager")

    save_contact(db, refused.value.mine)

    assert contact_row(db, ana) == (None, "Mine")


def test_a_contact_saved_from_its_current_version_is_saved_and_gets_a_new_version(filled_db):
    db, ids = filled_db
    ana = save_contact(db, Contact("Ana Ruiz", "reference"))
    opened = get_contact(db.cursor(), ana)

    save_contact(db, replace(opened, notes="Call after 5"))

    assert contact_row(db, ana) == (None, "Call after 5")
    assert get_contact(db.cursor(), ana).updated_at > opened.updated_at


def test_an_address_saved_from_a_follow_up_is_a_change_of_the_contact(filled_db):
    db, ids = filled_db
    [(follow_up, dana)] = (
        db.cursor()
        .execute(
            "SELECT f.id, f.contact_id FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            " WHERE c.name = 'Dana Lee' ORDER BY f.id LIMIT 1"
        )
        .fetchall()
    )
    opened = get_contact(db.cursor(), dana)

    save_follow_up_address(db, follow_up, "dana@acme.example")

    with pytest.raises(RecordChanged) as refused:
        save_contact(db, replace(opened, notes="Mine"))
    assert refused.value.theirs.email == "dana@acme.example"


def test_your_details_saved_over_others_than_the_form_opened_on_are_refused_with_both(db):
    set_your_details(db, "Alex Kim", "Best", "formal")
    opened = your_details(db.cursor())
    set_your_details(db, "Alex Kim", "Warm regards", "formal", opened=opened)  # the other window

    with pytest.raises(RecordChanged) as refused:
        set_your_details(db, "Alexandra Kim", "Best", "formal", opened=opened)

    assert (refused.value.theirs.my_name, refused.value.theirs.sign_off) == ("Alex Kim", "Warm regards")
    assert (refused.value.mine.my_name, refused.value.mine.sign_off) == ("Alexandra Kim", "Best")
    assert (your_details(db.cursor()).my_name, your_details(db.cursor()).sign_off) == ("Alex Kim", "Warm regards")

    mine = refused.value.mine
    set_your_details(db, mine.my_name, mine.sign_off, mine.tone)

    assert (your_details(db.cursor()).my_name, your_details(db.cursor()).sign_off) == ("Alexandra Kim", "Best")


def test_your_details_saved_over_those_the_form_opened_on_are_saved(db):
    opened = your_details(db.cursor())

    set_your_details(db, "Alex Kim", "Best", "friendly", opened=opened)

    assert your_details(db.cursor()) == replace(opened, my_name="Alex Kim", sign_off="Best", tone="friendly")


def test_a_template_saved_over_another_than_the_form_opened_on_is_refused_with_both(db):
    opened = your_details(db.cursor()).template("thank_you")
    theirs = Template("Thanks, {first_name}", "{greeting}\n\nTheirs.\n\n{sign_off},\n{my_name}")
    set_template(db, "thank_you", theirs, opened=opened)
    mine = Template("Thank you, {first_name}", "{greeting}\n\nMine.\n\n{sign_off},\n{my_name}")

    with pytest.raises(RecordChanged) as refused:
        set_template(db, "thank_you", mine, opened=opened)

    assert (refused.value.theirs, refused.value.mine) == (theirs, mine)
    assert your_details(db.cursor()).template("thank_you") == theirs

    set_template(db, "thank_you", refused.value.mine)

    assert your_details(db.cursor()).template("thank_you") == mine


def test_a_template_saved_over_the_one_the_form_opened_on_is_saved_and_the_shipped_one_stored_as_none(db):
    opened = your_details(db.cursor()).template("thank_you")
    own = Template("Thanks, {first_name}", "{greeting}\n\nMine.\n\n{sign_off},\n{my_name}")

    set_template(db, "thank_you", own, opened=opened)
    set_template(db, "thank_you", DEFAULT_TEMPLATES["thank_you"], opened=own)

    assert your_details(db.cursor()).templates == {}
