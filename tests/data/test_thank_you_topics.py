"""The topic each thank-you note mentions: asked in the reflection, per interviewer, kept through edits."""

from __future__ import annotations

from datetime import datetime

import pytest

from data.store.contacts import Contact, attach_reference, save_contact
from data.store.follow_ups import open_follow_ups, open_thank_you_notes
from data.store.interviews import get_interview, save_interview
from data.store.reflections import Reflection, get_reflection, interviewer_topics, save_reflection
from data.store.validation import InvalidRecord
from followups.drafts import DraftFacts, YourDetails, draft_for

NOW = datetime(2026, 3, 20, 12)


def contact_id(db, name: str) -> int:
    return db.cursor().execute("SELECT id FROM contacts WHERE name = ?", [name]).fetchone()[0]


def topics_by_recipient(db, interview_id: int) -> dict[str, str | None]:
    return {card.recipient: card.thank_you_topic for card in open_thank_you_notes(db.cursor(), interview_id)}


def test_each_interviewer_gets_their_own_topic_else_the_interviews(filled_db):
    db, ids = filled_db
    sam = contact_id(db, "Sam Ortiz")
    save_reflection(
        db,
        Reflection(
            ids["acme_technical"],
            4,
            topics="Behavioural: conflict, ownership",
            thank_you_topic="their move to event sourcing",
            interviewer_topics={sam: "how the team runs on-call"},
        ),
        now=NOW,
    )
    assert topics_by_recipient(db, ids["acme_technical"]) == {
        "Dana Lee": "their move to event sourcing",
        "Sam Ortiz": "how the team runs on-call",
    }
    saved = get_reflection(db.cursor(), ids["acme_technical"])
    assert saved.thank_you_topic == "their move to event sourcing"
    assert saved.interviewer_topics == {sam: "how the team runs on-call"}
    assert [(name, topic) for _, name, topic in interviewer_topics(db.cursor(), ids["acme_technical"])] == [
        ("Dana Lee", None),
        ("Sam Ortiz", "how the team runs on-call"),
    ]


def test_the_open_thank_you_notes_are_this_interviews_own(filled_db):
    db, ids = filled_db
    notes = open_thank_you_notes(db.cursor(), ids["acme_technical"])
    assert sorted(card.recipient for card in notes) == ["Dana Lee", "Sam Ortiz"]
    assert {card.interview_id for card in notes} == {ids["acme_technical"]}
    assert {card.kind for card in notes} == {"thank_you"}


def test_editing_the_interview_keeps_the_topics_of_interviewers_who_stay(filled_db):
    db, ids = filled_db
    sam, dana = contact_id(db, "Sam Ortiz"), contact_id(db, "Dana Lee")
    save_reflection(
        db,
        Reflection(ids["acme_technical"], 4, interviewer_topics={sam: "on-call", dana: "event sourcing"}),
        now=NOW,
    )
    interview = get_interview(db.cursor(), ids["acme_technical"])
    interview.interviewers = ["Sam Ortiz", "Lee Chen"]
    interview.held_at = datetime(2026, 3, 16, 15)
    save_interview(db, interview)
    assert [(name, topic) for _, name, topic in interviewer_topics(db.cursor(), ids["acme_technical"])] == [
        ("Lee Chen", None),
        ("Sam Ortiz", "on-call"),
    ]


def test_clearing_an_interviewers_topic_falls_back_to_the_interviews(filled_db):
    db, ids = filled_db
    sam = contact_id(db, "Sam Ortiz")
    first = Reflection(ids["acme_technical"], 4, thank_you_topic="the roadmap", interviewer_topics={sam: "on-call"})
    save_reflection(db, first, now=NOW)
    opened = get_reflection(db.cursor(), ids["acme_technical"])
    save_reflection(
        db,
        Reflection(ids["acme_technical"], 4, thank_you_topic="the roadmap", interviewer_topics={sam: "  "}),
        original=opened,
        now=NOW,
    )
    assert topics_by_recipient(db, ids["acme_technical"])["Sam Ortiz"] == "the roadmap"


def test_a_topic_longer_than_a_phrase_is_refused_without_writing(filled_db):
    db, ids = filled_db
    with pytest.raises(InvalidRecord) as error:
        save_reflection(db, Reflection(ids["acme_technical"], 4, thank_you_topic="x" * 201), now=NOW)
    assert [p.field for p in error.value.problems] == ["Thank-you topic"]
    assert get_reflection(db.cursor(), ids["acme_technical"]) is None


def test_a_heads_up_card_carries_what_the_role_is_about(filled_db):
    db, ids = filled_db
    with db.transaction() as cur:
        cur.execute("UPDATE applications SET about = 'building the payments platform' WHERE id = ?", [ids["acme"]])
    cards = [c for c in open_follow_ups(db.cursor()) if c.application_id == ids["acme"]]
    assert cards and {c.about for c in cards} == {"building the payments platform"}


def test_a_references_heads_up_quotes_nothing_from_the_private_reflection(filled_db):
    db, ids = filled_db
    private = {
        "went_well": "Explained the outbox pattern clearly",
        "to_improve": "Ramble less on the intro",
        "topics": "Behavioural: conflict, ownership",
        "questions_asked": "Why do you want to leave?",
        "other_notes": "Salary band seemed low",
        "thank_you_topic": "their move to event sourcing",
    }
    save_reflection(db, Reflection(ids["acme_technical"], 2, stress=5, **private), now=NOW)
    with db.transaction() as cur:
        cur.execute("UPDATE applications SET about = 'building the payments platform' WHERE id = ?", [ids["acme"]])
    attach_reference(db, ids["acme"], save_contact(db, Contact("Priya Shah", "reference")))
    [card] = [c for c in open_follow_ups(db.cursor()) if c.kind == "reference_heads_up"]
    body = draft_for(DraftFacts.of(card), NOW.date(), YourDetails("Alex Kim")).body
    assert body.startswith("Hi Priya,\n\n")
    assert "the Data Engineer role at Acme" in body and "my technical interview" in body
    assert "Here's the role in a few words: building the payments platform." in body
    for text in private.values():
        assert text not in body
