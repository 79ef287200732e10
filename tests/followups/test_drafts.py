"""Drafts of the follow-up messages, and the `mailto:` link that opens them in email."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from followups.drafts import (
    WRITERS,
    DraftFacts,
    draft_for,
    feedback_request,
    first_point,
    mailto_link,
    reference_heads_up,
    spoken_day,
    thank_you_note,
)

TODAY = date(2026, 3, 17)
FULL = DraftFacts(
    kind="thank_you",
    company="Acme",
    role="Data Engineer",
    stage="technical",
    held_at=datetime(2026, 3, 16, 14),
    recipient="Dana Lee",
    recipient_email="dana@acme.example",
    topics="- the move from batch jobs to streaming.\nHow they test pipelines",
    went_well="Explained the backfill design clearly",
    url="https://acme.example/jobs/42",
    outcome="rejected",
    signature="Alex Kim",
)
# Only what a draft cannot do without: the kind, company and role.
BARE = DraftFacts(kind="thank_you", company="Acme", role="Data Engineer")
# Signs of a blank left in a sentence.
PLACEHOLDERS = re.compile(r"\{|\}|None|  | \.| ,|\(\)|\bat \.|\bthe  ")


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_thank_you_note_greets_the_interviewer_and_names_role_company_and_topic():
    draft = thank_you_note(FULL, TODAY)
    assert draft.to == "dana@acme.example"
    assert draft.subject == "Thank you: Data Engineer interview at Acme"
    assert _paragraphs(draft.body) == [
        "Dear Dana Lee,",
        "Thank you for taking the time to speak with me yesterday about the Data Engineer role at Acme."
        " I especially enjoyed our conversation about the move from batch jobs to streaming.",
        "It left me even more enthusiastic about the role and the chance to join Acme. "
        "If there is anything else I can share, I would be glad to.",
        "Best regards,\nAlex Kim",
    ]


def test_thank_you_note_without_a_topic_leaves_the_sentence_out():
    body = thank_you_note(replace(FULL, topics="  \n\n"), TODAY).body
    assert "conversation about" not in body
    assert "Thank you for taking the time to speak with me yesterday about the Data Engineer role at Acme.\n\n" in body


@pytest.mark.parametrize("kind", sorted(WRITERS))
@pytest.mark.parametrize("facts", [BARE, FULL, replace(FULL, recipient="   ", topics="", went_well="\n", url=None)])
def test_no_draft_carries_an_empty_placeholder(kind, facts):
    draft = draft_for(replace(facts, kind=kind), TODAY)
    for text in (draft.subject, draft.body):
        assert not PLACEHOLDERS.search(text), text
        assert text == text.strip()
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in _paragraphs(draft.body))


def test_bare_thank_you_note_greets_the_team_and_ends_with_regards():
    assert thank_you_note(BARE, TODAY).body == (
        "Dear Acme team,\n\n"
        "Thank you for taking the time to speak with me about the Data Engineer role at Acme.\n\n"
        "It left me even more enthusiastic about the role and the chance to join Acme. "
        "If there is anything else I can share, I would be glad to.\n\n"
        "Best regards,"
    )


def test_quotes_accents_and_emoji_survive_in_every_draft():
    facts = replace(
        FULL,
        company="Café Zoë & Söhne",
        role='"Senior" Data Engineer',
        recipient="José O'Neill-Ñúñez",
        topics="l’architecture «temps réel» 🚀",
        went_well="the “why” behind ‘idempotent’ loads 😅",
        signature="Zoë Ångström",
    )
    for kind in WRITERS:
        body = draft_for(replace(facts, kind=kind), TODAY).body
        assert "Café Zoë & Söhne" in body
        assert "Zoë Ångström" in body
    thanks = thank_you_note(facts, TODAY)
    assert thanks.body.startswith("Dear José O'Neill-Ñúñez,")
    assert "our conversation about l’architecture «temps réel» 🚀." in thanks.body
    assert thanks.subject == 'Thank you: "Senior" Data Engineer interview at Café Zoë & Söhne'
    heads_up = reference_heads_up(replace(facts, kind="reference_heads_up"), TODAY)
    assert "perhaps about the “why” behind ‘idempotent’ loads 😅." in heads_up.body


def test_a_topic_that_ends_in_a_question_or_exclamation_mark_reads_as_one_sentence():
    body = thank_you_note(replace(FULL, topics="How do you test pipelines?"), TODAY).body
    assert "our conversation about How do you test pipelines." in body
    body = thank_you_note(replace(FULL, topics="Their new data platform!"), TODAY).body
    assert "our conversation about Their new data platform." in body


def test_feedback_request_after_a_rejection_is_short_polite_and_names_the_interview():
    draft = feedback_request(replace(FULL, kind="feedback_request"), TODAY)
    assert draft.subject == "Feedback on my Data Engineer interview"
    assert len(draft.body) < 600
    assert _paragraphs(draft.body) == [
        "Dear Dana Lee,",
        "Thank you again for considering me for the Data Engineer role at Acme. Would you be willing to share "
        "one or two things I could have done better in the technical interview? Even a short note would help "
        "me a great deal.",
        "Best regards,\nAlex Kim",
    ]


def test_feedback_request_after_an_offer_asks_what_stood_out():
    draft = feedback_request(replace(FULL, kind="feedback_request", outcome="offer"), TODAY)
    assert len(draft.body) < 600
    assert "As I weigh the offer, I would value your view: what stood out in my technical interview" in draft.body


def test_reference_heads_up_gives_company_role_stage_and_the_posting():
    draft = reference_heads_up(replace(FULL, kind="reference_heads_up", recipient="Ana Ruiz"), TODAY)
    assert draft.subject == "Heads-up: Acme may contact you about me"
    assert _paragraphs(draft.body) == [
        "Hi Ana Ruiz,",
        "I hope you are well. I am interviewing for the Data Engineer role at Acme, and I have reached the "
        "technical interview. They may contact you for a reference soon, so I wanted to give you a heads-up first.",
        "From my conversations with them, the role centres on the move from batch jobs to streaming. "
        "The posting is here: https://acme.example/jobs/42",
        "They may ask how we worked together, what I did well and where I grew, and perhaps about Explained the "
        "backfill design clearly. Thank you again for vouching for me; I will let you know how it goes.",
        "Best regards,\nAlex Kim",
    ]


def test_reference_heads_up_on_demand_without_stage_topic_or_posting():
    body = reference_heads_up(DraftFacts("reference_heads_up", "Acme", "Data Engineer", recipient="Ana"), TODAY).body
    assert _paragraphs(body) == [
        "Hi Ana,",
        "I hope you are well. I am interviewing for the Data Engineer role at Acme. They may contact you for a "
        "reference soon, so I wanted to give you a heads-up first.",
        "They may ask how we worked together, what I did well and where I grew. Thank you again for vouching "
        "for me; I will let you know how it goes.",
        "Best regards,",
    ]


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("1. Streaming migration.\n2. On-call", "Streaming migration"),
        ("\n\n  * dbt models;  \n", "dbt models"),
        ("• Team topology", "Team topology"),
        ("", None),
        (None, None),
        ("-\n.\n", None),
    ],
)
def test_first_point_is_the_first_noted_line_without_bullet_or_stop(text, point):
    assert first_point(text) == point


@pytest.mark.parametrize(
    ("held_at", "spoken"),
    [
        (datetime(2026, 3, 17, 9), "today"),
        (datetime(2026, 3, 16, 23), "yesterday"),
        (datetime(2026, 3, 13, 10), "on Friday"),
        (datetime(2026, 3, 3, 10), "on 3 March"),
    ],
)
def test_spoken_day_says_when_as_a_note_would(held_at, spoken):
    assert spoken_day(held_at, TODAY) == spoken


def _parts(link: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(link)
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def test_mailto_percent_encodes_subject_and_body_and_keeps_the_address():
    link = mailto_link("dana.lee+jobs@acme.example", "Q&A? #1 + more", "Hi Dana,\n\nThanks & bye 🙂")
    assert link == (
        "mailto:dana.lee+jobs@acme.example"
        "?subject=Q%26A%3F%20%231%20%2B%20more"
        "&body=Hi%20Dana%2C%0D%0A%0D%0AThanks%20%26%20bye%20%F0%9F%99%82"
    )


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Thank you: Data Engineer interview at Acme", thank_you_note(FULL, TODAY).body),
        ("R&D? 100% + #1", "Line one\nLine two & three?\n\n#tag + 50% = ✓ Zoë 🚀 \"quoted\" 'single'"),
    ],
)
def test_mailto_round_trips_through_urllib_to_exactly_the_text(subject, body):
    address, query = _parts(mailto_link("dana@acme.example", subject, body))
    assert address == "dana@acme.example"
    assert query["subject"] == [subject]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert query["body"][0].replace("\r\n", "\n") == body


def test_mailto_without_an_address_leaves_it_for_the_user():
    link = mailto_link(None, "Hi", "Body")
    assert link == "mailto:?subject=Hi&body=Body"
    assert mailto_link("  ", "Hi", "Body") == "mailto:?subject=Hi&body=Body"


def test_mailto_body_keeps_windows_line_ends_as_one_crlf():
    link = mailto_link("a@b.example", "S", "one\r\ntwo")
    assert unquote(link.split("&body=")[1]) == "one\r\ntwo"


def test_draft_mailto_uses_the_recipient_address():
    draft = thank_you_note(FULL, TODAY)
    address, query = _parts(draft.mailto())
    assert address == "dana@acme.example"
    assert query["subject"] == [draft.subject]
