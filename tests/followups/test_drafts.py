"""Drafts of the follow-up messages, their templates, and the `mailto:` link that opens them in email."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followups.drafts import (
    DEFAULT_TEMPLATES,
    FOLLOW_UP_KINDS,
    PLACEHOLDERS,
    DraftFacts,
    Template,
    TemplateProblem,
    YourDetails,
    check_template,
    draft_for,
    first_name,
    greeting,
    mailto_link,
    placeholders_in,
    render,
    spoken_day,
)

TODAY = date(2026, 3, 17)
ALEX = YourDetails(my_name="Alex Kim")
# The least an interview's follow-up knows: kind, company, role, stage and when.
BARE = DraftFacts(
    kind="thank_you", company="Acme", role="Data Engineer", stage="other", held_at=datetime(2026, 3, 16, 14)
)
# The same interview with every fact a draft may use.
FULL = replace(
    BARE,
    stage="technical",
    recipient="Dana Lee",
    recipient_email="dana@acme.example",
    topic="their move to event sourcing",
    about="building the payments platform for small shops",
    url="https://acme.example/jobs/42",
    outcome="rejected",
)
# Signs of a blank left in a sentence, or of a fact glued in badly.
GAPS = re.compile(r"\{|\}|None|  | \.| ,|,,|(?<!\.)\.\.(?!\.)|\?\.|\(\)|\bthe  |about \.|: \.")


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_thank_you_note_greets_dana_by_first_name_and_names_role_company_and_topic():
    draft = draft_for(FULL, TODAY, ALEX)
    assert draft.to == "dana@acme.example"
    assert draft.subject == "Thank you: Data Engineer interview at Acme"
    assert _paragraphs(draft.body) == [
        "Dear Dana,",
        "Thank you for taking the time to speak with me yesterday about the Data Engineer role at Acme."
        " I really enjoyed our conversation about their move to event sourcing.",
        "It left me even more keen on the role and on the chance to join Acme."
        " If there's anything else I can share, I'd be glad to.",
        "Best regards,\nAlex Kim",
    ]


def test_friendly_tone_greets_interviewers_with_hi_and_references_always_get_hi():
    friendly = replace(ALEX, tone="friendly")
    assert draft_for(FULL, TODAY, friendly).body.startswith("Hi Dana,\n\n")
    heads_up = replace(FULL, kind="reference_heads_up", recipient="Priya Shah")
    assert draft_for(heads_up, TODAY, ALEX).body.startswith("Hi Priya,\n\n")
    assert draft_for(heads_up, TODAY, friendly).body.startswith("Hi Priya,\n\n")


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Priya Shah", "Priya"),
        ("  Dr. Dana   Lee ", "Dana"),
        ("Ms Zoë Ångström", "Zoë"),
        ("José O'Neill-Ñúñez", "José"),
        ("Sam", "Sam"),
        ("dana@acme.example", None),
        ("Dr.", None),
        ("   ", None),
        (None, None),
    ],
)
def test_first_name_is_the_given_name_without_a_title(name, first):
    assert first_name(name) == first


@pytest.mark.parametrize("kind", FOLLOW_UP_KINDS)
def test_without_a_name_every_draft_says_hello(kind):
    assert greeting(kind, None, "formal") == "Hello,"
    assert draft_for(replace(FULL, kind=kind, recipient="  "), TODAY, ALEX).body.startswith("Hello,\n\n")


def test_thank_you_note_without_a_topic_leaves_the_sentence_out():
    body = draft_for(replace(FULL, topic="  \n "), TODAY, ALEX).body
    assert "conversation about" not in body
    assert "about the Data Engineer role at Acme.\n\n" in body


def test_a_topic_with_its_own_end_mark_reads_as_one_sentence():
    body = draft_for(replace(FULL, topic="how they test pipelines?"), TODAY, ALEX).body
    assert "our conversation about how they test pipelines." in body
    body = draft_for(replace(FULL, topic="their new data platform!\n"), TODAY, ALEX).body
    assert "our conversation about their new data platform." in body


@pytest.mark.parametrize("kind", FOLLOW_UP_KINDS)
def test_without_a_name_no_draft_ends_on_a_bare_closing(kind):
    body = draft_for(replace(FULL, kind=kind), TODAY, YourDetails(sign_off="Cheers")).body
    assert "regards" not in body.casefold() and "Cheers" not in body
    assert body.endswith((".", "?"))


@pytest.mark.parametrize("kind", FOLLOW_UP_KINDS)
def test_every_draft_is_signed_with_the_users_name_and_sign_off(kind):
    body = draft_for(replace(FULL, kind=kind), TODAY, YourDetails("Zoë Ångström", "Thanks,", "friendly")).body
    assert body.endswith("\n\nThanks,\nZoë Ångström")


def test_reference_heads_up_gives_company_role_stage_when_posting_about_and_interest():
    draft = draft_for(replace(FULL, kind="reference_heads_up", recipient="Priya Shah"), TODAY, ALEX)
    assert draft.subject == "A heads-up: Acme may contact you about me"
    assert _paragraphs(draft.body) == [
        "Hi Priya,",
        "I hope you're well. I've applied for the Data Engineer role at Acme and gave your name as a reference,"
        " so I wanted to give you a heads-up.",
        "I've just had my technical interview, so Acme may be in touch with you over the next week or two."
        " Here's the role in a few words: building the payments platform for small shops."
        " The posting is here if you'd like a look: https://acme.example/jobs/42",
        "I'm really keen on this one, and very grateful for your support. I'll let you know how it goes.",
        "Best regards,\nAlex Kim",
    ]


def test_reference_heads_up_on_demand_without_interview_about_or_posting():
    facts = DraftFacts("reference_heads_up", "Acme", "Data Engineer", recipient="Ana")
    assert _paragraphs(draft_for(facts, TODAY, ALEX).body) == [
        "Hi Ana,",
        "I hope you're well. I've applied for the Data Engineer role at Acme and gave your name as a reference,"
        " so I wanted to give you a heads-up.",
        "I'm really keen on this one, and very grateful for your support. I'll let you know how it goes.",
        "Best regards,\nAlex Kim",
    ]


def test_feedback_request_is_short_polite_specific_and_asks_one_thing():
    draft = draft_for(replace(FULL, kind="feedback_request"), TODAY, ALEX)
    assert draft.subject == "Feedback on my Data Engineer interview"
    assert len(draft.body) < 500
    assert draft.body.count("?") == 1
    assert "Would you be willing to share some brief feedback on my technical interview?" in draft.body


def test_check_in_names_the_interview_and_asks_for_an_update():
    draft = draft_for(replace(FULL, kind="status_check", held_at=datetime(2026, 3, 9, 10)), TODAY, ALEX)
    assert draft.subject == "Following up: Data Engineer at Acme"
    assert len(draft.body) < 500
    assert (
        "I'm writing about the Data Engineer role at Acme, following my technical interview on 9 March." in draft.body
    )
    assert "update on the next steps" in draft.body


@pytest.mark.parametrize(
    ("kind", "apology"),
    [
        ("thank_you", "Dear Dana,\n\nI'm sorry this note comes a little late. Thank you for taking the time"),
        ("reference_heads_up", "I hope you're well. I'm sorry this heads-up comes a little late. I've applied"),
        ("feedback_request", "Dear Dana,\n\nI'm sorry for the delay in writing. Thank you again"),
        ("status_check", "I hope you're well. I'm sorry this follow-up is later than I intended. I'm writing"),
    ],
)
def test_a_late_follow_up_opens_with_an_apology_fitting_its_kind(kind, apology):
    assert apology in draft_for(replace(FULL, kind=kind, late=True), TODAY, ALEX).body
    assert "sorry" not in draft_for(replace(FULL, kind=kind), TODAY, ALEX).body


def test_late_is_read_from_the_follow_up_when_it_has_it():
    class Card:
        kind, company, role, stage, held_at = "thank_you", "Acme", "Data Engineer", "technical", FULL.held_at
        recipient, recipient_email, url, outcome = "Dana Lee", None, None, None
        thank_you_topic, about, late = "their roadmap", None, True

    facts = DraftFacts.of(Card())
    assert facts.late and facts.topic == "their roadmap"
    assert not DraftFacts.of(type("Old", (Card,), {"late": False})()).late


PRIVATE = ["Explained the outbox pattern clearly", "Ramble less on the intro", "stress 5", "Behavioural: conflict"]


def test_no_draft_reads_private_reflection_text():
    # The facts a draft may use have no room for it: what went well, to address, ratings, notes.
    assert not {"went_well", "to_improve", "topics", "stress", "overall", "other_notes"} & set(
        DraftFacts.__dataclass_fields__
    )


# Free text as a person types it: words with accents, emoji, stray spaces and end marks.
# "None" is a word a person could type, but the drafts' gap check looks for it (a missing fact shown as text).
_words = st.text(st.characters(categories=("L", "N"), max_codepoint=0x1F680), min_size=1, max_size=12).filter(
    lambda word: word != "None"
)
_phrase = st.lists(_words, min_size=1, max_size=5).map(" ".join)
_typed = st.one_of(st.none(), st.just(""), st.just("  \n "), _phrase, _phrase.map(lambda p: f"  {p}.  "))


@st.composite
def draft_facts(draw):
    kind = draw(st.sampled_from(FOLLOW_UP_KINDS))
    # Every follow-up but a heads-up given on demand comes from an interview (stage and time known).
    from_interview = kind != "reference_heads_up" or draw(st.booleans())
    return DraftFacts(
        kind=kind,
        company=draw(_phrase),
        role=draw(_phrase),
        stage=draw(st.sampled_from(["screen", "technical", "behavioral", "panel", "onsite", "final", "other"]))
        if from_interview
        else None,
        held_at=draw(st.datetimes(datetime(2026, 1, 1), datetime(2026, 3, 17, 23))) if from_interview else None,
        recipient=draw(_typed),
        recipient_email=draw(st.none() | st.just("x@y.example")),
        topic=draw(_typed),
        about=draw(_typed),
        url=draw(st.none() | st.just("https://acme.example/jobs/42?ref=a.b")),
        late=draw(st.booleans()),
    )


_details = st.builds(
    YourDetails,
    my_name=_typed,
    sign_off=st.none() | st.sampled_from(["Thanks,", "Best", "Kind regards", " Cheers "]),
    tone=st.sampled_from(["formal", "friendly"]),
)


@settings(max_examples=300, deadline=None)
@given(draft_facts(), _details)
def test_every_draft_reads_cleanly_whatever_facts_are_missing(facts, details):
    draft = draft_for(facts, TODAY, details)
    for text in (draft.subject, draft.body):
        assert not GAPS.search(text), text
        assert text == text.strip()
    paragraphs = _paragraphs(draft.body)
    assert all(p and p.strip() == p for p in paragraphs)
    # A greeting with a name or "Hello,", never an empty one.
    assert re.fullmatch(r"(Dear|Hi) \S+,|Hello,", paragraphs[0]), paragraphs[0]
    # Role and company are named; the topic and the user's name whenever given.
    body = " ".join(draft.body.split())
    assert " ".join(facts.role.split()) in body and " ".join(facts.company.split()) in body
    topic = " ".join((facts.topic or "").split()).rstrip(".")
    if facts.kind == "thank_you" and topic:
        assert f"our conversation about {topic}." in body
    if (facts.recipient or "").strip():
        assert paragraphs[0].removesuffix(",").split(" ", 1)[1] == facts.recipient.split()[0]
    if (details.my_name or "").strip():
        assert paragraphs[-1].endswith("\n" + " ".join(details.my_name.split()))
    else:
        assert "\n" not in paragraphs[-1] and paragraphs[-1].endswith((".", "?"))
    about = " ".join((facts.about or "").split()).rstrip(".")
    if about and facts.kind == "reference_heads_up":
        assert f"Here's the role in a few words: {about}." in body
    else:
        assert "in a few words" not in body


# Templates of the user's own.


def test_template_placeholders_are_filled():
    values = {"first_name": "Dana", "role": "Data Engineer", "company": "Acme"}
    assert (
        render("Hi {first_name}, the {role} role at {company}.", values) == "Hi Dana, the Data Engineer role at Acme."
    )


def test_a_placeholder_whose_fact_is_missing_drops_its_sentence_only():
    text = "{greeting}\n\nThanks for today. I enjoyed {topic}. See the posting: {posting_url}\n\n{sign_off},\n{my_name}"
    values = {"greeting": "Hello,", "topic": None, "posting_url": "", "my_name": "Alex", "sign_off": "Best"}
    assert render(text, values) == "Hello,\n\nThanks for today.\n\nBest,\nAlex"
    assert render("Only {topic}.\n\nKept.", values) == "Kept."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hi {firstname},", "uses {firstname}, which Debrief does not know"),
        ("Hi {first_name!r},", "uses {first_name!r}, which Debrief does not know"),
        ("Hi {first_name:>10},", "uses {first_name:>10}, which Debrief does not know"),
        ("Hi {0},", "uses {0}, which Debrief does not know"),
        ("Hi {first_name,", "has a stray { or }"),
        ("Hi first_name},", "has a stray { or }"),
    ],
)
def test_an_unknown_or_broken_placeholder_is_refused_with_a_clear_message(text, message):
    with pytest.raises(TemplateProblem, match=re.escape(message)):
        placeholders_in(text)
    problems = check_template(Template("Thanks", text))
    assert len(problems) == 1 and problems[0].startswith("Message ") and message in problems[0]


def test_every_shipped_template_uses_only_known_placeholders():
    for template in DEFAULT_TEMPLATES.values():
        assert check_template(template) == []
        assert set(placeholders_in(template.body)) <= set(PLACEHOLDERS)


def test_escaped_braces_stay_as_typed():
    assert render("Use {{braces}} at {company}.", {"company": "Acme"}) == "Use {braces} at Acme."


def test_a_users_own_template_is_used_and_its_missing_facts_drop_their_sentences():
    mine = Template(
        "Thanks from {my_name}",
        "{greeting}\n\nGreat talking about {topic}! Good luck with the {role} hiring at {company}.\n\n— {my_name}",
    )
    details = replace(ALEX, templates={"thank_you": mine})
    draft = draft_for(FULL, TODAY, details)
    assert draft.subject == "Thanks from Alex Kim"
    assert draft.body == (
        "Dear Dana,\n\nGreat talking about their move to event sourcing! Good luck with the Data Engineer hiring at"
        " Acme.\n\n— Alex Kim"
    )
    assert draft_for(replace(FULL, topic=None), TODAY, details).body.startswith(
        "Dear Dana,\n\nGood luck with the Data Engineer hiring at Acme."
    )
    # Other kinds keep the shipped template.
    assert (
        draft_for(replace(FULL, kind="status_check"), TODAY, details).subject == "Following up: Data Engineer at Acme"
    )


def test_a_stored_template_that_no_longer_works_gives_way_to_the_shipped_one():
    details = replace(ALEX, templates={"thank_you": Template("Hi", "Hi {nickname}")})
    assert draft_for(FULL, TODAY, details) == draft_for(FULL, TODAY, ALEX)


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
        ("Thank you: Data Engineer interview at Acme", draft_for(FULL, TODAY, ALEX).body),
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
    draft = draft_for(FULL, TODAY, ALEX)
    address, query = _parts(draft.mailto())
    assert address == "dana@acme.example"
    assert query["subject"] == [draft.subject]
