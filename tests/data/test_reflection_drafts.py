"""Reflection drafts in the store: kept as typed, one per interview, gone when saved, discarded or deleted."""

from __future__ import annotations

from datetime import datetime

import pytest

from data.operations.integrity import check_database, row_counts
from data.store.applications import delete_application
from data.store.errors import RecordChanged, RecordGone
from data.store.interviews import delete_interview
from data.store.reflections import (
    Reflection,
    delete_reflection,
    discard_draft,
    get_draft,
    get_reflection,
    save_draft,
    save_reflection,
    unsaved_changes,
)
from data.store.schema import NOTE_MAX
from data.store.validation import InvalidRecord

NOW = datetime(2026, 3, 20, 12, 0)


def drafts(db) -> list[tuple]:
    return db.cursor().execute("SELECT interview_id, overall, went_well FROM reflection_drafts ORDER BY ALL").fetchall()


def contact(db, name: str) -> int:
    return db.cursor().execute("SELECT id FROM contacts WHERE name = ?", [name]).fetchall()[0][0]


def test_a_draft_reads_back_exactly_as_typed_with_the_reflection_it_was_opened_on(filled_db):
    db, ids = filled_db
    interview = ids["acme_technical"]
    sam = contact(db, "Sam Ortiz")
    saved = Reflection(interview, 3, went_well="Calm start")
    typed = Reflection(
        interview,
        None,
        rapport=5,
        stress=2,
        went_well="  Calm start, then the «Kafka» design 🚀\n",
        to_improve="",
        thank_you_topic="their data contracts",
        interviewer_topics={sam: "how the team runs on-call", contact(db, "Dana Lee"): ""},
    )

    kept_at = save_draft(db, typed, original=saved)

    draft = get_draft(db.cursor(), interview)
    assert draft.typed == Reflection(
        interview,
        None,
        rapport=5,
        stress=2,
        went_well="  Calm start, then the «Kafka» design 🚀\n",
        thank_you_topic="their data contracts",
        interviewer_topics={sam: "how the team runs on-call"},
    )
    assert draft.original == saved
    assert draft.updated_at == kept_at
    assert get_reflection(db.cursor(), interview) is None  # a draft is not a saved reflection


def test_a_draft_of_a_form_opened_on_no_reflection_has_no_original(filled_db):
    db, ids = filled_db
    save_draft(db, Reflection(ids["globex_screen"], 4), original=None)
    assert get_draft(db.cursor(), ids["globex_screen"]).original is None


def test_an_interview_keeps_one_draft_the_newest(filled_db):
    db, ids = filled_db
    interview = ids["globex_screen"]
    save_draft(db, Reflection(interview, 2, went_well="first"), original=None)
    save_draft(db, Reflection(interview, 4, went_well="second"), original=None)
    save_draft(db, Reflection(ids["acme_screen"], 5), original=None)
    assert drafts(db) == sorted([(interview, 4, "second"), (ids["acme_screen"], 5, None)])


def test_no_draft_reads_as_none(filled_db):
    db, ids = filled_db
    assert get_draft(db.cursor(), ids["globex_screen"]) is None


def test_a_50000_character_paste_is_kept_whole(filled_db):
    db, ids = filled_db
    pasted = ("A long transcript line, pasted whole. " * 2_000)[:50_000]
    save_draft(db, Reflection(ids["globex_screen"], None, other_notes=pasted), original=None)
    assert get_draft(db.cursor(), ids["globex_screen"]).typed.other_notes == pasted


def test_a_text_longer_than_a_note_is_refused_and_the_kept_draft_stays(filled_db):
    db, ids = filled_db
    interview = ids["globex_screen"]
    save_draft(db, Reflection(interview, 3, went_well="kept"), original=None)
    with pytest.raises(InvalidRecord) as refused:
        save_draft(db, Reflection(interview, 3, went_well="x" * (NOTE_MAX + 1)), original=None)
    assert [p.field for p in refused.value.problems] == ["What went well"]
    assert drafts(db) == [(interview, 3, "kept")]


def test_a_draft_of_a_deleted_interview_is_refused(filled_db):
    db, ids = filled_db
    with pytest.raises(RecordGone):
        save_draft(db, Reflection(9_999, 3), original=None)
    assert drafts(db) == []


def test_discarding_drops_only_the_draft(filled_db):
    db, ids = filled_db
    interview = ids["acme_screen"]
    save_reflection(db, Reflection(interview, 3, went_well="Saved"), now=NOW)
    save_draft(db, Reflection(interview, 5, went_well="Unsaved edit"), original=None)

    assert discard_draft(db, interview) is True
    assert discard_draft(db, interview) is False
    assert get_draft(db.cursor(), interview) is None
    assert get_reflection(db.cursor(), interview) == Reflection(interview, 3, went_well="Saved")


def test_saving_the_reflection_removes_its_draft_and_only_its_own(filled_db):
    db, ids = filled_db
    save_draft(db, Reflection(ids["globex_screen"], 4, went_well="Typed"), original=None)
    save_draft(db, Reflection(ids["acme_screen"], 2), original=None)

    save_reflection(db, Reflection(ids["globex_screen"], 4, went_well="Typed"), now=NOW)

    assert get_reflection(db.cursor(), ids["globex_screen"]).went_well == "Typed"
    assert drafts(db) == [(ids["acme_screen"], 2, None)]


def test_a_refused_save_keeps_the_draft(filled_db):
    db, ids = filled_db
    interview = ids["globex_screen"]
    save_draft(db, Reflection(interview, None, went_well="No overall yet"), original=None)
    with pytest.raises(InvalidRecord):
        save_reflection(db, Reflection(interview, None, went_well="No overall yet"), now=NOW)
    assert drafts(db) == [(interview, None, "No overall yet")]


def test_a_save_that_meets_another_windows_change_keeps_the_draft(filled_db):
    db, ids = filled_db
    interview = ids["globex_screen"]
    opened = Reflection(interview, 3, went_well="Opened")
    save_reflection(db, opened, now=NOW)
    save_reflection(db, Reflection(interview, 3, went_well="Theirs"), now=NOW)  # another window
    mine = Reflection(interview, 3, went_well="Mine")
    save_draft(db, mine, original=opened)

    with pytest.raises(RecordChanged):
        save_reflection(db, mine, original=get_draft(db.cursor(), interview).original, now=NOW)

    assert drafts(db) == [(interview, 3, "Mine")]
    assert get_reflection(db.cursor(), interview).went_well == "Theirs"


def test_deleting_the_reflection_removes_its_draft(filled_db):
    db, ids = filled_db
    interview = ids["acme_screen"]
    save_reflection(db, Reflection(interview, 3), now=NOW)
    save_draft(db, Reflection(interview, 5), original=Reflection(interview, 3))
    delete_reflection(db, interview)
    assert drafts(db) == []


def test_deleting_the_interview_removes_its_draft(filled_db):
    db, ids = filled_db
    save_draft(db, Reflection(ids["acme_screen"], 4, went_well="Typed"), original=None)
    save_draft(db, Reflection(ids["globex_screen"], 2), original=None)

    delete_interview(db, ids["acme_screen"])

    assert drafts(db) == [(ids["globex_screen"], 2, None)]
    assert db.cursor().execute("SELECT count(*) FROM interviews WHERE id = ?", [ids["acme_screen"]]).fetchall() == [
        (0,)
    ]


def test_deleting_the_application_removes_the_drafts_of_its_interviews(filled_db):
    db, ids = filled_db
    for interview in ("acme_screen", "acme_technical", "globex_screen"):
        save_draft(db, Reflection(ids[interview], 4), original=None)

    delete_application(db, ids["acme"])

    assert drafts(db) == [(ids["globex_screen"], 4, None)]


def test_a_database_with_drafts_passes_every_check_and_counts_them(filled_db):
    db, ids = filled_db
    save_draft(db, Reflection(ids["acme_screen"], 4, interviewer_topics={contact(db, "Dana Lee"): "x"}), original=None)
    assert [f for f in check_database(db.cursor()) if not f.ok] == []
    assert row_counts(db.cursor())["reflection_drafts"] == 1


@pytest.mark.parametrize(
    ("typed", "unsaved"),
    [
        (Reflection(1, 3, went_well="  Calm \n", to_improve=""), False),
        (Reflection(1, 3, went_well="Calm", interviewer_topics={7: ""}), False),
        (Reflection(1, 4, went_well="Calm"), True),
        (Reflection(1, 3, went_well="Calm", interviewer_topics={7: "on-call"}), True),
        (Reflection(1, 3, went_well=""), True),
    ],
)
def test_unsaved_changes_are_what_a_save_would_write(typed, unsaved):
    assert unsaved_changes(typed, Reflection(1, 3, went_well="Calm")) is unsaved


def test_an_empty_form_has_nothing_unsaved_when_no_reflection_is_saved():
    assert unsaved_changes(Reflection(1, None, went_well="", interviewer_topics={7: ""}), None) is False
    assert unsaved_changes(Reflection(1, None, stress=2), None) is True
