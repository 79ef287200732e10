"""Settings: the weekly application goal (5 until set), and the details and templates drafts are written with."""

import pytest

from data.store.follow_ups import set_signature
from data.store.settings import (
    DEFAULT_WEEKLY_GOAL,
    details_asked,
    not_now,
    reset_template,
    set_template,
    set_weekly_goal,
    set_your_details,
    weekly_goal,
    your_details,
)
from data.store.validation import InvalidRecord
from followups.drafts import DEFAULT_TEMPLATES, Template, YourDetails


def _stored(db) -> list[tuple[str, str]]:
    return db.cursor().execute("SELECT key, value FROM settings ORDER BY key").fetchall()


def test_weekly_goal_is_five_until_set(db):
    assert DEFAULT_WEEKLY_GOAL == 5
    assert weekly_goal(db.cursor()) == 5
    assert _stored(db) == []


def test_set_weekly_goal_stores_it_as_text_and_reads_it_back(db):
    set_weekly_goal(db, 8)
    assert _stored(db) == [("weekly_goal", "8")]
    assert weekly_goal(db.cursor()) == 8


def test_setting_the_goal_again_replaces_it(db):
    set_weekly_goal(db, 8)
    set_weekly_goal(db, 3)
    assert _stored(db) == [("weekly_goal", "3")]
    assert weekly_goal(db.cursor()) == 3


@pytest.mark.parametrize("goal", [0, -1, 501, 2.5, "7", True])
def test_a_goal_that_is_not_a_whole_number_from_1_to_500_is_refused_unwritten(db, goal):
    set_weekly_goal(db, 4)
    with pytest.raises(InvalidRecord) as refused:
        set_weekly_goal(db, goal)
    assert refused.value.problems[0].field == "Weekly goal"
    assert _stored(db) == [("weekly_goal", "4")]


@pytest.mark.parametrize("stored", ["lots", "", "0", "9999"])
def test_a_damaged_stored_goal_reads_as_the_default(db, stored):
    with db.transaction() as cur:
        cur.execute("INSERT INTO settings (key, value) VALUES ('weekly_goal', ?)", [stored])
    assert weekly_goal(db.cursor()) == 5


def test_a_stored_goal_with_spaces_is_read(db):
    with db.transaction() as cur:
        cur.execute("INSERT INTO settings (key, value) VALUES ('weekly_goal', ' 12 ')")
    assert weekly_goal(db.cursor()) == 12


# What the drafts need: the user's name, sign-off, tone and own templates.


def test_details_are_empty_and_not_asked_until_the_user_answers(db):

    assert your_details(db.cursor()) == YourDetails()
    assert not details_asked(db.cursor())


def test_details_are_kept_trimmed_and_read_back_with_the_question_answered(db):

    set_your_details(db, "  Zoë Ångström ", " Thanks, ", "friendly")
    assert your_details(db.cursor()) == YourDetails("Zoë Ångström", "Thanks", "friendly")
    assert details_asked(db.cursor())
    set_your_details(db, "", None)
    assert your_details(db.cursor()) == YourDetails(None, None, "friendly")
    assert details_asked(db.cursor())


def test_not_now_answers_the_question_without_a_name(db):

    not_now(db)
    assert details_asked(db.cursor())
    assert your_details(db.cursor()).my_name is None


def test_the_name_stored_before_templates_existed_still_signs(db):

    set_signature(db, "Alex Kim")
    assert your_details(db.cursor()).my_name == "Alex Kim"
    assert details_asked(db.cursor())


@pytest.mark.parametrize(
    ("name", "sign_off", "tone", "field"),
    [
        ("x" * 201, None, "formal", "Your name"),
        ("Alex", "y" * 61, "formal", "Sign-off"),
        ("Alex", None, "rude", "Tone"),
    ],
)
def test_details_out_of_bounds_are_refused_without_writing(db, name, sign_off, tone, field):

    with pytest.raises(InvalidRecord) as error:
        set_your_details(db, name, sign_off, tone)
    assert [p.field for p in error.value.problems] == [field]
    assert _stored(db) == []


def test_a_users_template_is_kept_used_and_reset_to_the_default(db):

    mine = Template("Thanks, {first_name}", "{greeting}\n\nThanks for {topic}.\n\n{my_name}")
    set_template(db, "thank_you", mine)
    assert your_details(db.cursor()).template("thank_you") == mine
    assert your_details(db.cursor()).template("status_check") == DEFAULT_TEMPLATES["status_check"]
    reset_template(db, "thank_you")
    assert your_details(db.cursor()).template("thank_you") == DEFAULT_TEMPLATES["thank_you"]
    assert _stored(db) == []


def test_a_template_with_an_unknown_placeholder_is_refused_and_nothing_is_kept(db):

    with pytest.raises(InvalidRecord) as error:
        set_template(db, "thank_you", Template("Thanks", "Hi {nickname},"))
    [problem] = error.value.problems
    assert problem.message.startswith("Message uses {nickname}, which Debrief does not know.")
    assert "{first_name}" in problem.message
    assert _stored(db) == []


def test_saving_the_shipped_template_keeps_no_copy_of_it(db):

    set_template(db, "feedback_request", DEFAULT_TEMPLATES["feedback_request"])
    assert _stored(db) == []
