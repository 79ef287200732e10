"""One set of labels for every stored value: each enumeration labelled, said once, never raw."""

from __future__ import annotations

import pandas as pd
import pytest

from data.labels import (
    COLUMN_LABELS,
    STORED_VALUES,
    interview_label,
    label,
    labelled,
    stage_in_sentence,
)
from data.store.schema import ENUMERATIONS


@pytest.mark.parametrize(("kind", "values"), ENUMERATIONS.items())
def test_every_stored_value_has_a_label_that_is_not_the_stored_value(kind, values):
    for value in values:
        shown = label(value, kind)
        assert shown not in STORED_VALUES, (kind, value, shown)
        assert shown[:1].isupper() and "_" not in shown


@pytest.mark.parametrize(("kind", "values"), ENUMERATIONS.items())
def test_no_two_values_of_one_enumeration_share_a_label(kind, values):
    assert len({label(value, kind) for value in values}) == len(values)


def test_labels_read_as_words_a_person_uses():
    assert label("interviewing") == "Interviewing"
    assert label("thank_you") == "Thank-you note"
    assert label("reference_heads_up") == "Reference heads-up"
    assert label("status_check") == "Check-in"
    assert label("pending") == "Waiting"
    assert label("screen") == "Screening"
    assert label("interviewer") == "Interviewer"


def test_onsite_is_a_stage_unless_asked_as_a_format():
    assert label("onsite") == "Onsite"
    assert label("onsite", "format") == "In person"


def test_an_interview_names_its_stage_and_format_once():
    assert interview_label("onsite", "onsite") == "Onsite"
    assert interview_label("technical", "video") == "Technical, video"
    assert interview_label("final", "onsite") == "Final, in person"
    assert interview_label("screen", None) == "Screening"


def test_a_stage_in_a_sentence_is_lower_case_and_other_says_nothing():
    assert f"my {stage_in_sentence('technical')} interview" == "my technical interview"
    assert stage_in_sentence("screen") == "screening"
    assert stage_in_sentence("other") == "" and stage_in_sentence(None) == ""


def test_a_value_outside_every_enumeration_keeps_its_words_with_a_capital():
    assert label("job_board") == "Job board"
    assert label(None) == ""


def test_labelled_frames_show_labels_in_every_known_column_and_keep_the_rest():
    frame = pd.DataFrame(
        {
            "company": ["interviewing"],
            "status": ["interviewing"],
            "stage": ["onsite"],
            "format": ["onsite"],
            "outcome": ["pending"],
            "kind": ["thank_you"],
        }
    )
    shown = labelled(frame)
    assert shown.iloc[0].to_dict() == {
        "company": "interviewing",  # a company is the user's text, not a stored value
        "status": "Interviewing",
        "stage": "Onsite",
        "format": "In person",
        "outcome": "Waiting",
        "kind": "Thank-you note",
    }
    assert frame.loc[0, "status"] == "interviewing"  # the frame read is left alone


def test_labelled_takes_named_columns_and_keeps_missing_values_missing():
    frame = pd.DataFrame({"becomes": ["rejected", None], "status": ["offer", "applied"]})
    shown = labelled(frame, {"becomes": "status"})
    assert shown["becomes"].tolist()[0] == "Rejected" and pd.isna(shown["becomes"].tolist()[1])
    assert shown["status"].tolist() == ["offer", "applied"]


def test_every_column_of_labels_covers_its_whole_enumeration():
    for kind, values in ENUMERATIONS.items():
        # Contacts and follow-ups both keep their kind in a column named `kind`.
        column = "kind" if kind in ("contact_kind", "follow_up_kind") else kind
        assert set(values) <= set(COLUMN_LABELS[column])


def test_every_rated_dimension_has_one_label_shared_by_the_form_and_the_charts():
    from analytics.charts import DIMENSION_TITLES
    from data.labels import DIMENSION_LABELS
    from data.store.reflections import FIELD_LABELS
    from data.store.schema import RATING_DIMENSIONS

    assert set(DIMENSION_LABELS) == set(RATING_DIMENSIONS)
    assert DIMENSION_TITLES is DIMENSION_LABELS
    assert {d: FIELD_LABELS[d] for d in RATING_DIMENSIONS} == DIMENSION_LABELS
