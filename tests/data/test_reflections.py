"""Reflections in the store: one per interview, the rules, the field-level merge, the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from data.store.interviews import Interview, save_interview
from data.store.reflections import (
    Reflection,
    count_reflections,
    count_unreflected_before,
    delete_reflection,
    get_reflection,
    interviews_to_reflect_on,
    reflection_history,
    save_reflection,
    unreflected_interviews,
)
from data.store.schema import NOTE_MAX
from data.store.validation import InvalidRecord

NOW = datetime(2026, 3, 20, 12, 0)
FULL = dict(
    overall=4,
    communication=3,
    skills=5,
    examples=2,
    rapport=4,
    questions=3,
    preparation=5,
    stress=2,
    went_well="Clear story about the backfill",
    to_improve="Shorter intro",
    topics="Streaming at Café Zoë 🚀",
    questions_asked="Why data?\nA conflict you solved",
    other_notes='Dana said "next week"',
)


def table(db, name: str) -> list[tuple]:
    return db.cursor().execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()


def test_saved_reflection_reads_back_field_by_field(filled_db):
    db, ids = filled_db
    reflection_id = save_reflection(db, Reflection(ids["acme_technical"], **FULL), now=NOW)
    saved = get_reflection(db.cursor(), ids["acme_technical"])
    assert saved == Reflection(ids["acme_technical"], **FULL)
    assert saved.id == reflection_id


def test_texts_are_trimmed_and_blank_texts_kept_as_no_value(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["acme_screen"], 3, went_well="  Calm  ", to_improve="   "), now=NOW)
    saved = get_reflection(db.cursor(), ids["acme_screen"])
    assert (saved.went_well, saved.to_improve, saved.topics) == ("Calm", None, None)


def test_an_interview_has_one_reflection_and_saving_again_edits_it(filled_db):
    db, ids = filled_db
    first = save_reflection(db, Reflection(ids["acme_screen"], 2, went_well="ok"), now=NOW)
    again = save_reflection(db, Reflection(ids["acme_screen"], 5, went_well="better than I thought"), now=NOW)
    assert again == first
    assert db.cursor().execute("SELECT id, overall, went_well FROM reflections").fetchall() == [
        (first, 5, "better than I thought")
    ]


def test_overall_is_required_and_nothing_is_written_without_it(filled_db):
    db, ids = filled_db
    with pytest.raises(InvalidRecord) as refused:
        save_reflection(db, Reflection(ids["acme_screen"], None, went_well="typed"), now=NOW)
    assert [str(p) for p in refused.value.problems] == ["Overall: is required: how did it go, all in all?"]
    assert table(db, "reflections") == []


def test_an_interview_that_has_not_happened_yet_is_refused(filled_db):
    db, ids = filled_db
    with pytest.raises(InvalidRecord) as refused:
        save_reflection(db, Reflection(ids["acme_technical"], 4), now=datetime(2026, 3, 16, 13, 59))
    assert [str(p) for p in refused.value.problems] == [
        "Interview: has not happened yet (it is on 2026-03-16 at 14:00); reflect after it."
    ]
    assert table(db, "reflections") == []
    # From its start time on, it may be reflected on.
    save_reflection(db, Reflection(ids["acme_technical"], 4), now=datetime(2026, 3, 16, 14, 0))
    assert get_reflection(db.cursor(), ids["acme_technical"]).overall == 4


def test_a_reflection_of_no_or_a_deleted_interview_is_refused(db):
    for interview_id in (None, 999):
        with pytest.raises(InvalidRecord) as refused:
            save_reflection(db, Reflection(interview_id, 3), now=NOW)
        assert [p.field for p in refused.value.problems] == ["Interview"]


def test_a_text_over_the_note_limit_is_refused_and_the_saved_one_kept(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["acme_screen"], 3, topics="kept"), now=NOW)
    before = table(db, "reflections")
    with pytest.raises(InvalidRecord) as refused:
        save_reflection(db, Reflection(ids["acme_screen"], 4, topics="x" * (NOTE_MAX + 1)), now=NOW)
    assert [str(p) for p in refused.value.problems] == [
        "What we discussed: is 100,001 characters long; the limit is 100,000."
    ]
    assert table(db, "reflections") == before
    save_reflection(db, Reflection(ids["acme_screen"], 4, topics="x" * NOTE_MAX), now=NOW)
    assert len(get_reflection(db.cursor(), ids["acme_screen"]).topics) == NOTE_MAX


@pytest.mark.parametrize("score", [0, 6, 2.5, "4"])
def test_a_rating_outside_one_to_five_is_refused(filled_db, score):
    db, ids = filled_db
    with pytest.raises(InvalidRecord) as refused:
        save_reflection(db, Reflection(ids["acme_screen"], 3, rapport=score), now=NOW)
    assert [str(p) for p in refused.value.problems] == ["Rapport: must be a whole number from 1 to 5."]
    assert table(db, "reflections") == []


def test_every_problem_is_reported_at_once(filled_db):
    db, ids = filled_db
    with pytest.raises(InvalidRecord) as refused:
        save_reflection(
            db,
            Reflection(ids["acme_technical"], None, stress=9, other_notes="y" * (NOTE_MAX + 1)),
            now=datetime(2026, 3, 1),
        )
    assert [p.field for p in refused.value.problems] == ["Interview", "Overall", "Stress", "Anything else"]


def test_two_windows_editing_different_fields_keep_both_changes(filled_db):
    db, ids = filled_db
    interview = ids["acme_technical"]
    save_reflection(db, Reflection(interview, 3, went_well="first draft", to_improve="first draft"), now=NOW)
    window_a = get_reflection(db.cursor(), interview)
    window_b = get_reflection(db.cursor(), interview)

    save_reflection(db, replace(window_a, went_well="Explained the design well"), original=window_a, now=NOW)
    save_reflection(db, replace(window_b, to_improve="Ask about on-call"), original=window_b, now=NOW)

    saved = get_reflection(db.cursor(), interview)
    assert (saved.overall, saved.went_well, saved.to_improve) == (3, "Explained the design well", "Ask about on-call")


def test_without_the_original_a_save_writes_every_field(filled_db):
    db, ids = filled_db
    interview = ids["acme_technical"]
    save_reflection(db, Reflection(interview, 3, went_well="first", to_improve="first"), now=NOW)
    stale = get_reflection(db.cursor(), interview)
    save_reflection(db, replace(stale, went_well="second"), now=NOW)
    save_reflection(db, replace(stale, to_improve="third"), now=NOW)
    saved = get_reflection(db.cursor(), interview)
    assert (saved.went_well, saved.to_improve) == ("first", "third")


def test_a_field_cleared_in_one_window_stays_cleared(filled_db):
    db, ids = filled_db
    interview = ids["acme_technical"]
    save_reflection(db, Reflection(interview, 3, rapport=4, topics="Kafka"), now=NOW)
    original = get_reflection(db.cursor(), interview)
    save_reflection(db, replace(original, rapport=None, topics=""), original=original, now=NOW)
    saved = get_reflection(db.cursor(), interview)
    assert (saved.rapport, saved.topics) == (None, None)


def test_history_lists_the_newest_interview_first(filled_db):
    db, ids = filled_db
    for key, overall in (("acme_screen", 2), ("globex_screen", 3), ("acme_technical", 5)):
        save_reflection(db, Reflection(ids[key], overall, went_well=key), now=NOW)
    history = reflection_history(db.cursor())
    assert list(history.columns) == [
        "interview_id",
        "held_at",
        "company",
        "role",
        "stage",
        "overall",
        "stress",
        "went_well",
        "to_improve",
        "written_at",
    ]
    assert history[["interview_id", "company", "stage", "overall"]].values.tolist() == [
        [ids["acme_technical"], "Acme", "technical", 5],
        [ids["globex_screen"], "Globex", "screen", 3],
        [ids["acme_screen"], "Acme", "screen", 2],
    ]


def test_history_filters_by_company_and_stage(filled_db):
    db, ids = filled_db
    for key in ("acme_screen", "globex_screen", "acme_technical"):
        save_reflection(db, Reflection(ids[key], 3), now=NOW)
    con = db.cursor()
    assert reflection_history(con, company="Acme").interview_id.tolist() == [ids["acme_technical"], ids["acme_screen"]]
    assert reflection_history(con, stage="screen").interview_id.tolist() == [ids["globex_screen"], ids["acme_screen"]]
    assert reflection_history(con, company="Acme", stage="screen").interview_id.tolist() == [ids["acme_screen"]]
    assert reflection_history(con, company="Initech").empty


def test_history_pages_and_their_count_agree_under_every_filter(filled_db):
    db, ids = filled_db
    for key in ("acme_screen", "globex_screen", "acme_technical"):
        save_reflection(db, Reflection(ids[key], 3), now=NOW)
    con = db.cursor()
    assert count_reflections(con) == 3
    assert count_reflections(con, company="Acme") == 2
    assert count_reflections(con, stage="screen") == 2
    assert count_reflections(con, company="Acme", stage="technical") == 1
    assert count_reflections(con, company="Initech") == 0
    assert reflection_history(con, limit=2).interview_id.tolist() == [ids["acme_technical"], ids["globex_screen"]]
    assert reflection_history(con, limit=2, offset=2).interview_id.tolist() == [ids["acme_screen"]]
    assert reflection_history(con, company="Acme", limit=1, offset=1).interview_id.tolist() == [ids["acme_screen"]]


def test_deleting_a_reflection_keeps_the_interview_and_its_follow_ups(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["acme_screen"], 3), now=NOW)
    save_reflection(db, Reflection(ids["globex_screen"], 4), now=NOW)
    follow_ups = table(db, "follow_ups")
    delete_reflection(db, ids["acme_screen"])
    assert get_reflection(db.cursor(), ids["acme_screen"]) is None
    assert get_reflection(db.cursor(), ids["globex_screen"]).overall == 4
    assert table(db, "follow_ups") == follow_ups
    assert len(table(db, "interviews")) == 3


def test_interviews_to_reflect_on_are_newest_first_with_interviewers_and_whether_reflected(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["globex_screen"], 3), now=NOW)
    listed = interviews_to_reflect_on(db.cursor())
    assert listed[["id", "company", "stage", "interviewers", "reflected"]].values.tolist() == [
        [ids["acme_technical"], "Acme", "technical", "Dana Lee, Sam Ortiz", False],
        [ids["globex_screen"], "Globex", "screen", "Kim Park", True],
        [ids["acme_screen"], "Acme", "screen", "Dana Lee", False],
    ]


def test_unreflected_interviews_are_those_held_by_now_without_a_reflection(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["acme_screen"], 3), now=NOW)
    acme_later = save_interview(db, Interview(ids["acme"], "final", "onsite", datetime(2026, 3, 25, 10), ["Dana Lee"]))
    con = db.cursor()
    assert unreflected_interviews(con, NOW).id.tolist() == [ids["acme_technical"], ids["globex_screen"]]
    assert unreflected_interviews(con, datetime(2026, 3, 25, 10)).id.tolist() == [
        acme_later,
        ids["acme_technical"],
        ids["globex_screen"],
    ]


def test_unreflected_interviews_since_a_moment_and_the_count_of_older_ones(filled_db):
    db, ids = filled_db
    save_reflection(db, Reflection(ids["acme_screen"], 3), now=NOW)
    con = db.cursor()
    # acme_technical was held on 16 March, globex_screen on 12 March.
    since = datetime(2026, 3, 14)
    assert unreflected_interviews(con, NOW, held_since=since).id.tolist() == [ids["acme_technical"]]
    assert count_unreflected_before(con, since) == 1
    assert count_unreflected_before(con, datetime(2026, 3, 1)) == 0
