"""Drafts of the follow-up messages, written from what the user recorded.

Each draft is plain text built only from facts that exist: a sentence whose fact
is missing (no topic noted, no posting URL) is left out rather than shown with a
blank, so a draft never carries an empty placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

_BULLET = re.compile(r"^(\d+[.)]|[-*•])\s*")

STAGE_WORDS = {
    "screen": "screening",
    "technical": "technical",
    "behavioral": "behavioral",
    "panel": "panel",
    "onsite": "onsite",
    "final": "final",
    "other": "",
}


@dataclass(frozen=True)
class DraftFacts:
    """What a draft may mention; everything but kind, company and role is optional."""

    kind: str
    company: str
    role: str
    stage: str | None = None
    held_at: datetime | None = None
    recipient: str | None = None
    recipient_email: str | None = None
    topics: str | None = None
    went_well: str | None = None
    url: str | None = None
    outcome: str | None = None
    signature: str | None = None

    @classmethod
    def of(cls, follow_up, signature: str | None = None) -> DraftFacts:
        """The facts of a follow-up card (anything with the `FollowUpCard` attributes)."""
        return cls(
            kind=follow_up.kind,
            company=follow_up.company,
            role=follow_up.role,
            stage=follow_up.stage,
            held_at=follow_up.held_at,
            recipient=follow_up.recipient,
            recipient_email=follow_up.recipient_email,
            topics=follow_up.topics,
            went_well=follow_up.went_well,
            url=follow_up.url,
            outcome=follow_up.outcome,
            signature=signature,
        )


@dataclass(frozen=True)
class Draft:
    to: str | None
    subject: str
    body: str

    def mailto(self) -> str:
        return mailto_link(self.to, self.subject, self.body)


def mailto_link(to: str | None, subject: str, body: str) -> str:
    """A `mailto:` link (RFC 6068) with the subject and body percent-encoded, lines ending CRLF."""
    address = quote(to.strip(), safe="@.+-_") if to else ""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def first_point(text: str | None) -> str | None:
    """The first noted point of a free text: its first non-empty line, without a list bullet or end mark.

    The drafts put it inside their own sentence, which ends with a full stop.
    """
    for line in (text or "").splitlines():
        line = _BULLET.sub("", line.strip()).rstrip(".;,:!?…").strip()
        if line:
            return line
    return None


def spoken_day(held_at: datetime, today: date) -> str:
    """When the interview was, as a note would say it: today, yesterday, on Monday, on 3 March."""
    days = (today - held_at.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {held_at:%A}"
    return f"on {held_at.day} {held_at:%B}"


def _greeting(name: str | None, fallback: str) -> str:
    return f"Dear {name.strip()}," if name and name.strip() else f"Dear {fallback},"


def _closing(signature: str | None) -> str:
    return "Best regards," + (f"\n{signature.strip()}" if signature and signature.strip() else "")


def _stage_phrase(stage: str | None) -> str:
    word = STAGE_WORDS.get(stage or "", "")
    return f"{word} interview" if word else "interview"


def thank_you_note(facts: DraftFacts, today: date) -> Draft:
    """A short thank-you to one interviewer: by name, naming the role and company and the topic discussed."""
    when = f" {spoken_day(facts.held_at, today)}" if facts.held_at else ""
    paragraphs = [
        _greeting(facts.recipient, f"{facts.company} team"),
        f"Thank you for taking the time to speak with me{when} about the {facts.role} role at {facts.company}."
        + (
            f" I especially enjoyed our conversation about {first_point(facts.topics)}."
            if first_point(facts.topics)
            else ""
        ),
        f"It left me even more enthusiastic about the role and the chance to join {facts.company}. "
        "If there is anything else I can share, I would be glad to.",
        _closing(facts.signature),
    ]
    return Draft(
        facts.recipient_email, f"Thank you: {facts.role} interview at {facts.company}", "\n\n".join(paragraphs)
    )


def reference_heads_up(facts: DraftFacts, today: date) -> Draft:
    """A heads-up to a reference: company, role, stage, what the role needs and what they may be asked."""
    stage = f", and I have reached the {_stage_phrase(facts.stage)}" if facts.stage else ""
    needs = []
    if first_point(facts.topics):
        needs.append(f"From my conversations with them, the role centres on {first_point(facts.topics)}.")
    if facts.url:
        needs.append(f"The posting is here: {facts.url}")
    asks = "They may ask how we worked together, what I did well and where I grew"
    asks += f", and perhaps about {first_point(facts.went_well)}." if first_point(facts.went_well) else "."
    paragraphs = [
        f"Hi {facts.recipient.strip()}," if facts.recipient and facts.recipient.strip() else "Hi,",
        f"I hope you are well. I am interviewing for the {facts.role} role at {facts.company}{stage}. "
        "They may contact you for a reference soon, so I wanted to give you a heads-up first.",
        *([" ".join(needs)] if needs else []),
        asks + " Thank you again for vouching for me; I will let you know how it goes.",
        _closing(facts.signature),
    ]
    return Draft(facts.recipient_email, f"Heads-up: {facts.company} may contact you about me", "\n\n".join(paragraphs))


def feedback_request(facts: DraftFacts, today: date) -> Draft:
    """A short, polite, specific request for feedback on one interview."""
    if facts.outcome == "offer":
        ask = (
            f"As I weigh the offer, I would value your view: what stood out in my {_stage_phrase(facts.stage)}, "
            "and what would you encourage me to strengthen?"
        )
    else:
        ask = (
            f"Would you be willing to share one or two things I could have done better in the "
            f"{_stage_phrase(facts.stage)}? Even a short note would help me a great deal."
        )
    paragraphs = [
        _greeting(facts.recipient, f"{facts.company} team"),
        f"Thank you again for considering me for the {facts.role} role at {facts.company}. {ask}",
        _closing(facts.signature),
    ]
    return Draft(facts.recipient_email, f"Feedback on my {facts.role} interview", "\n\n".join(paragraphs))


def status_check(facts: DraftFacts, today: date) -> Draft:
    """A polite check on next steps once the wait is longer than usual."""
    when = f" {spoken_day(facts.held_at, today)}" if facts.held_at else ""
    paragraphs = [
        _greeting(facts.recipient, f"{facts.company} team"),
        f"I hope you are well. I am following up on my {_stage_phrase(facts.stage)}{when} for the {facts.role} "
        f"role at {facts.company}. I remain very interested, and would be glad to hear about next steps "
        "or the timeline whenever you can share them.",
        _closing(facts.signature),
    ]
    return Draft(facts.recipient_email, f"Following up: {facts.role} at {facts.company}", "\n\n".join(paragraphs))


WRITERS = {
    "thank_you": thank_you_note,
    "reference_heads_up": reference_heads_up,
    "feedback_request": feedback_request,
    "status_check": status_check,
}


def draft_for(facts: DraftFacts, today: date) -> Draft:
    """The draft for a follow-up of `facts.kind`."""
    return WRITERS[facts.kind](facts, today)
