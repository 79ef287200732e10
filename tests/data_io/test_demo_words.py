"""The demo search reads as a person's: topics that fit their sentences, interviewers' questions, a diligent user."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from data.operations.demo import build_demo, generate_demo
from data.store.db import Database
from data.store.validation import email_field

TODAY = date(2026, 3, 20)
NOW = datetime.combine(TODAY, time(18, 0))
# One worker runs them all, so the demo search below is built once (pyproject.toml's `--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("demo-words")

# How a candidate's own questions to the employer begin; the interviewers' questions never do.
CANDIDATE_OPENINGS = (
    "How is success measured",
    "What does the on-call",
    "What does the team",
    "What is the biggest challenge",
    "How do data and product",
    "What does a typical day",
    "What are the next steps",
)


@pytest.fixture(scope="module")
def search() -> dict[str, pd.DataFrame]:
    return build_demo(1_000, 5, TODAY)


def lines(column: pd.Series) -> list[str]:
    return [line for text in column.dropna() for line in text.split("\n")]


def test_questions_they_asked_are_interviewers_questions(search):
    asked = lines(search["reflections"]["questions_asked"])
    assert len(asked) > 300
    assert [q for q in asked if q.startswith(CANDIDATE_OPENINGS)] == []
    assert all(q.endswith(("?", ".")) and q[0].isupper() for q in asked)
    # Put to the candidate: most are about "you", or ask them to tell or walk through something.
    to_you = [q for q in asked if " you" in q or q.startswith(("Tell me", "Walk me", "Walk us", "Describe", "Pair"))]
    assert len(to_you) / len(asked) > 0.8


def test_no_reflection_lists_the_same_question_or_note_twice(search):
    for column in ("questions_asked", "topics"):
        texts = search["reflections"][column].dropna()
        assert all(len(set(t.split("\n"))) == len(t.split("\n")) for t in texts), column


def test_thank_you_topics_complete_the_sentence_of_the_note(search):
    topics = pd.concat(
        [search["reflections"]["thank_you_topic"], search["interview_interviewers"]["thank_you_topic"]]
    ).dropna()
    assert len(topics) > 200
    for topic in topics.unique():
        sentence = f"I especially enjoyed our conversation about {topic}."
        assert topic == topic.strip() and topic[0].islower(), sentence
        assert not topic.endswith((".", "?", "!")) and "\n" not in topic and ":" not in topic, sentence
        assert len(topic.split()) <= 9, sentence


def test_several_interviewers_of_one_round_are_thanked_for_different_things(search):
    links = search["interview_interviewers"].dropna(subset=["thank_you_topic"])
    per_round = links.groupby("interview")["thank_you_topic"]
    assert (per_round.size() > 1).any()
    assert (per_round.nunique() == per_round.size()).all()
    reflections = search["reflections"].set_index("interview")["thank_you_topic"]
    assert not (links["thank_you_topic"] == links["interview"].map(reflections)).any()


def test_what_the_role_is_about_completes_its_sentence_for_most_interviewed_applications(search):
    apps, interviews = search["applications"], search["interviews"]
    interviewed = apps.index.isin(interviews["application"])
    assert apps.loc[interviewed, "about"].notna().mean() > 0.8
    for about in apps["about"].dropna().unique():
        assert about[0].islower() and not about.endswith("."), f"The role is about {about}."


def test_notes_read_as_a_persons_notes(search):
    reflections = search["reflections"]
    for column in ("went_well", "to_improve"):
        assert reflections[column].str.match(r"^[A-Z].*[.]$").all(), column
    assert reflections["went_well"].nunique() >= 8 and reflections["to_improve"].nunique() >= 8
    assert not lines(reflections["topics"])[0].startswith(("Behavioural:", "SQL,"))


def test_past_follow_ups_are_done_or_skipped_and_only_recent_ones_open(search):
    items = search["follow_ups"]
    open_ = items["done_at"].isna() & items["skipped_at"].isna()
    assert not (open_ & (items["due_at"] < pd.Timestamp(NOW - timedelta(days=3)))).any()
    assert open_.any()
    skipped = items["skipped_at"].notna()
    assert skipped.any() and items.loc[skipped, "skip_reason"].notna().all()
    assert not (skipped & items["done_at"].notna()).any()
    assert (items.loc[skipped, "skipped_at"] <= pd.Timestamp(NOW)).all()
    past = items[items["due_at"] < pd.Timestamp(NOW - timedelta(days=3))]
    assert past["done_at"].notna().mean() > 0.85


def test_interviewers_mostly_have_addresses_that_pass_the_forms_check(search):
    interviewers = search["contacts"][search["contacts"]["kind"] == "interviewer"]
    known = interviewers["email"].dropna()
    assert 0.6 < len(known) / len(interviewers) < 0.9
    assert all(email_field("Email", address) == [] and address.isascii() for address in known)
    assert interviewers["title"].notna().all()


def test_companies_roles_and_people_are_varied(search):
    assert search["applications"]["company"].nunique() > 300
    assert search["applications"]["role"].nunique() >= 10
    interviewers = search["contacts"][search["contacts"]["kind"] == "interviewer"]
    assert interviewers["name"].nunique() > 400


def test_the_demo_is_written_whole_with_every_new_fact(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    generate_demo(db, 200, seed=3, today=TODAY)
    con = db.cursor()
    about, topic, per_interviewer, skipped = con.execute(
        """
        SELECT (SELECT count(about) FROM applications), (SELECT count(thank_you_topic) FROM reflections),
               (SELECT count(thank_you_topic) FROM interview_interviewers),
               (SELECT count(*) FROM follow_ups WHERE skipped_at IS NOT NULL AND skip_reason IS NOT NULL)
        """
    ).fetchone()
    assert about > 0 and topic > 0 and per_interviewer > 0 and skipped > 0


def test_onsite_rounds_are_held_on_site_and_few_old_rounds_still_wait(search):
    interviews = search["interviews"]
    assert (interviews.loc[interviews["stage"] == "onsite", "format"] == "onsite").all()
    held = interviews[interviews["held_at"] <= pd.Timestamp(NOW)]
    old = held[held["held_at"] < pd.Timestamp(NOW - timedelta(days=30))]
    waiting = old["outcome"].eq("pending") & old["heard_back_on"].isna()
    assert waiting.mean() < 0.1


def test_follow_ups_are_done_and_skipped_in_waking_hours(search):
    items = search["follow_ups"]
    for column in ("done_at", "skipped_at"):
        hours = items[column].dropna().dt.hour
        assert len(hours) and hours.between(8, 21).all(), column


@pytest.mark.parametrize("applications", [1, 3, 10])
def test_a_tiny_demo_is_written_too(tmp_path, applications):
    db = Database(tmp_path / "demo.duckdb")
    counts = generate_demo(db, applications, seed=1, today=TODAY)
    assert db.cursor().execute("SELECT count(*) FROM applications").fetchone()[0] == counts["applications"]
