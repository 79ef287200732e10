"""The weekly application goal: stored as text in `settings`, 5 until the user sets one."""

import pytest

from data.settings import DEFAULT_WEEKLY_GOAL, set_weekly_goal, weekly_goal
from data.validation import InvalidRecord


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
