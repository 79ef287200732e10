"""The week in review against a hand-made week: Monday 9 to Sunday 15 March 2026.

| what                      | when                  | counts as                    |
| ------------------------- | --------------------- | ---------------------------- |
| application 1 (Acme)      | applied 2026-03-02    | the week before              |
| application 2 (Globex)    | applied 2026-03-09    | this week                    |
| application 3 (<Initech>) | applied 2026-03-15    | this week                    |
| application 4 (Hooli)     | no date               | no week                      |
| interview 10 (Acme)       | 2026-03-03 10:00      | before: usual ratings        |
| interview 11 (Globex)     | 2026-03-10 14:00      | held this week, reflected    |
| interview 12 (<Initech>)  | 2026-03-17 09:00      | next week                    |
| follow-ups due this week  | on time, late, skipped, open (not done) |            |
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.metrics import application_volume
from analytics.week_review import Sharing, read_week_review, review_html, review_markdown
from analytics.weekly import monday_of, week_activity, week_ahead, week_ratings

MONDAY = date(2026, 3, 9)
NOW = datetime(2026, 3, 20, 12)
PRIVATE = "Felt awful <b>all day</b> & slept badly"
TO_ADDRESS = "Lead with the answer; <script>alert(1)</script>"


@pytest.fixture
def week(db):
    with db.transaction() as cur:
        for row in [
            (1, "Acme", "Analyst", date(2026, 3, 2)),
            (2, "Globex", "Engineer", date(2026, 3, 9)),
            (3, "<Initech>", "Developer", date(2026, 3, 15)),
            (4, "Hooli", "Engineer", None),
        ]:
            cur.execute("INSERT INTO applications (id, company, role, applied_on) VALUES (?, ?, ?, ?)", list(row))
        for row in [
            (10, 1, "screen", datetime(2026, 3, 3, 10)),
            (11, 2, "technical", datetime(2026, 3, 10, 14)),
            (12, 3, "screen", datetime(2026, 3, 17, 9)),
        ]:
            cur.execute(
                "INSERT INTO interviews (id, application_id, stage, format, held_at) VALUES (?, ?, ?, 'video', ?)",
                list(row),
            )
        cur.execute("INSERT INTO reflections (interview_id, overall, communication, stress) VALUES (10, 2, 3, 4)")
        cur.execute(
            "INSERT INTO reflections (interview_id, overall, communication, stress, to_improve, other_notes)"
            " VALUES (11, 4, NULL, 5, ?, ?)",
            [TO_ADDRESS, PRIVATE],
        )
        for due, done, skipped in [
            (datetime(2026, 3, 11, 14), datetime(2026, 3, 10, 20), None),  # on time
            (datetime(2026, 3, 11, 14), datetime(2026, 3, 12, 9), None),  # late
            (datetime(2026, 3, 12, 9), None, datetime(2026, 3, 12, 10)),  # skipped
            (datetime(2026, 3, 14, 9), None, None),  # not done
            (datetime(2026, 3, 18, 9), None, None),  # next week
        ]:
            cur.execute(
                "INSERT INTO follow_ups (interview_id, application_id, kind, due_at, done_at, skipped_at)"
                " VALUES (11, 2, 'thank_you', ?, ?, ?)",
                [due, done, skipped],
            )
    return db.cursor()


def test_the_week_starts_on_its_monday():
    assert monday_of(date(2026, 3, 15)) == MONDAY
    assert monday_of(MONDAY) == MONDAY
    with pytest.raises(ValueError, match="Monday"):
        week_activity(None, date(2026, 3, 10), NOW)


def test_the_weeks_numbers_by_hand_and_as_the_weekly_chart_counts_them(week):
    activity = week_activity(week, MONDAY, NOW).iloc[0].to_dict()
    assert activity == {
        "applications": 2,
        "interviews": 1,
        "follow_ups": 4,
        "done_on_time": 1,
        "done_late": 1,
        "skipped": 1,
        "not_done": 1,
        "still_open": 0,
    }
    volume = application_volume(week).set_index("week")
    volume.index = volume.index.date
    assert volume.loc[MONDAY, "applications"] == activity["applications"]
    assert volume.loc[MONDAY, "interviews"] == activity["interviews"]


def test_an_interview_later_in_the_week_than_now_is_not_held_yet(week):
    assert week_activity(week, MONDAY, datetime(2026, 3, 10, 13)).iloc[0]["interviews"] == 0


def test_the_weeks_ratings_beside_the_usual_ones(week):
    ratings = week_ratings(week, MONDAY)
    assert ratings.values.tolist() == [["overall", 1, 4.0, 2.0], ["stress", 1, 5.0, 4.0]]


def test_next_week_holds_the_interview_to_come(week):
    assert week_ahead(week, MONDAY)["interview_id"].tolist() == [12]


def test_the_review_leaves_out_stress_and_private_notes_unless_chosen(week):
    review = read_week_review(week, MONDAY, NOW, goal=3)
    for text in (review_markdown(review), review_html(review)):
        assert "Stress" not in text and "5.0" not in text
        assert "Felt awful" not in text
        assert "Overall: 4.0 (usually 2.0)" in text
    chosen = Sharing(stress=True, private_notes=True)
    assert "- Stress: 5.0 (usually 4.0)" in review_markdown(review, chosen)
    assert PRIVATE in review_markdown(review, chosen)
    nothing = Sharing(ratings=False, to_address=False, coming=False)
    assert "Overall" not in review_markdown(review, nothing) and "Lead with" not in review_markdown(review, nothing)


def test_the_review_says_the_weeks_numbers(week):
    text = review_markdown(read_week_review(week, MONDAY, NOW, goal=3))
    assert text.startswith("# Week in review: Monday 9 March to Sunday 15 March 2026\n")
    assert "- 2 applications sent, against a goal of 3 (1 short of it)." in text
    assert "- 1 interview held." in text
    assert "- 4 follow-ups due: 1 done on time, 1 done late, 1 not done, 1 skipped." in text
    assert f"- Globex, Engineer (Technical, Tue 10 Mar): {TO_ADDRESS}" in text
    assert "- Tue 17 Mar 09:00: <Initech>, Developer (Screen)" in text
    assert "- 1 follow-up due." in text


def test_the_printable_page_escapes_every_user_text(week):
    page = review_html(read_week_review(week, MONDAY, NOW, goal=3), Sharing(private_notes=True))
    assert "<script>" not in page and "<b>" not in page and "<Initech>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;Initech&gt;" in page
    assert "Felt awful &lt;b&gt;all day&lt;/b&gt; &amp; slept badly" in page
