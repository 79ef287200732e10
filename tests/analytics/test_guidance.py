"""What each Trends chart says instead of an empty axis, until there is enough to draw."""

import pytest

from analytics import guidance


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (1, "Write reflections after two more interviews to see a trend."),
        (2, "Write reflections after one more interview to see a trend."),
    ],
)
def test_the_trend_counts_down_the_reflections_it_still_needs(scores, expected):
    assert guidance.trend_message(scores, "Overall", filtered=False) == expected


def test_the_trend_explains_itself_before_the_first_reflection():
    assert guidance.trend_message(0, "Overall", filtered=False).startswith(
        "Write a reflection after each interview (Reflect page)"
    )


def test_a_trend_of_three_scores_is_drawn():
    assert guidance.trend_message(3, "Overall", filtered=False) is None
    assert guidance.trend_message(3, "Rapport", filtered=True) is None


def test_a_dimension_left_blank_asks_for_that_rating():
    assert guidance.trend_message(1, "Rapport", filtered=False) == (
        "Rate rapport in your reflections after two more interviews to see its trend."
    )


def test_a_dimension_named_mid_sentence_keeps_its_capital_i():
    assert guidance.trend_message(0, "Questions I asked", filtered=False).startswith(
        "Rate questions I asked in your reflections"
    )


def test_under_filters_the_way_to_more_data_is_to_widen_them():
    message = guidance.trend_message(2, "Overall", filtered=True)
    assert message.startswith("These filters hold two reflections rating overall; a trend needs three.")
    assert "Widen the date range" in message
    assert "These filters hold no interviews with a day you heard back" in guidance.response_time_message(
        0, filtered=True
    )


def test_response_times_need_three_answers():
    assert guidance.response_time_message(2, filtered=False).startswith(
        "Record the day you heard back for one more interview"
    )
    assert guidance.response_time_message(3, filtered=False) is None


def test_volume_and_funnel_need_one_application():
    assert guidance.volume_message(0, filtered=False).startswith("Add your applications")
    assert guidance.volume_message(1, filtered=False) is None
    assert guidance.funnel_message(0, filtered=True).startswith("No applications in these filters.")
    assert guidance.funnel_message(1, filtered=True) is None


def test_self_rating_needs_three_decided_outcomes():
    assert guidance.self_rating_message(0, filtered=False).startswith("Record the outcome of three more interviews")
    assert guidance.self_rating_message(3, filtered=False) is None


def test_dimensions_lately_need_one_rated_part():
    assert guidance.recent_dimensions_message(0, filtered=False) == (
        "Rate the parts of each interview in your reflections to see which needs work."
    )
    assert guidance.recent_dimensions_message(0, filtered=True).startswith("These filters hold no reflections")
    assert guidance.recent_dimensions_message(1, filtered=True) is None
