"""Drafts of the follow-up messages, written from facts the user gave for that purpose.

Every draft is a template with named placeholders (`{first_name}`, `{role}`,
`{topic}`...). The shipped templates below are the defaults; the user may keep
their own version of each. A sentence whose placeholder has no fact (no topic
given, no posting link) is left out rather than shown with a blank, so a draft
never carries a gap. Only facts asked for a draft are used: never the private
reflection (what went well, what to address, ratings, stress) nor general notes.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote

FOLLOW_UP_KINDS = ("thank_you", "reference_heads_up", "feedback_request", "status_check")
# What each kind of draft is called where the user edits its template.
KIND_NAMES = {
    "thank_you": "Thank-you note",
    "reference_heads_up": "Reference heads-up",
    "feedback_request": "Feedback request",
    "status_check": "Check-in",
}

# How a stage is named in a sentence ("my technical interview"); an interview of
# another kind is just "my interview".
STAGE_PHRASES = {
    "screen": "screening call",
    "technical": "technical interview",
    "behavioral": "behavioral interview",
    "panel": "panel interview",
    "onsite": "onsite interview",
    "final": "final interview",
    "other": "interview",
}

# How the user greets interviewers and employers; references always get "Hi".
TONES = {"formal": "Dear", "friendly": "Hi"}
DEFAULT_TONE = "formal"
DEFAULT_SIGN_OFF = "Best regards"

# Each kind's opening apology when the follow-up is sent after its window.
SORRY_LATE = {
    "thank_you": "I'm sorry this note comes a little late.",
    "reference_heads_up": "I'm sorry this heads-up comes a little late.",
    "feedback_request": "I'm sorry for the delay in writing.",
    "status_check": "I'm sorry this follow-up is later than I intended.",
}

# Every placeholder a template may use, with what it becomes (shown in the editor).
PLACEHOLDERS = {
    "greeting": 'The greeting: "Dear Dana," or "Hi Dana," as your tone says; "Hello," without a name.',
    "first_name": "The recipient's first name.",
    "full_name": "The recipient's full name, as stored.",
    "role": "The role you applied for.",
    "company": "The company.",
    "stage": 'The interview, as a sentence says it: "technical interview", "screening call".',
    "interview_day": 'When the interview was: "today", "yesterday", "on Monday", "on 3 March".',
    "topic": "What you asked to mention in this interviewer's thank-you note (from your reflection).",
    "about": 'What the role is about, in your words (from the application\'s "What the role is about").',
    "posting_url": "The link to the job posting.",
    "my_name": "Your name, from your details.",
    "sign_off": 'Your closing words ("Best regards"); only there when your name is known.',
    "sorry_late": "A short apology when the follow-up goes out after its window; nothing otherwise.",
}
# Placeholders that stand for a whole sentence: a sentence may follow them on the same line.
_SENTENCE_PLACEHOLDERS = ("sorry_late",)


@dataclass(frozen=True)
class Template:
    """One kind's message: a subject line and a body, both with `{placeholders}`.

    In the body, paragraphs are separated by a blank line; a sentence ends at
    ".", "!" or "?" followed by a space, or at the end of its line.
    """

    subject: str
    body: str


_SIGNED = "{sign_off},\n{my_name}"

DEFAULT_TEMPLATES = {
    "thank_you": Template(
        subject="Thank you: {role} interview at {company}",
        body=(
            "{greeting}\n\n"
            "{sorry_late} Thank you for taking the time to speak with me {interview_day} about the {role} role"
            " at {company}. I really enjoyed our conversation about {topic}.\n\n"
            "It left me even more keen on the role and on the chance to join {company}."
            " If there's anything else I can share, I'd be glad to.\n\n" + _SIGNED
        ),
    ),
    "reference_heads_up": Template(
        subject="A heads-up: {company} may contact you about me",
        body=(
            "{greeting}\n\n"
            "I hope you're well. {sorry_late} I've applied for the {role} role at {company} and gave your name"
            " as a reference, so I wanted to give you a heads-up.\n\n"
            "I've just had my {stage}, so {company} may be in touch with you over the next week or two."
            " Here's the role in a few words: {about}. The posting is here if you'd like a look: {posting_url}\n\n"
            "I'm really keen on this one, and very grateful for your support. I'll let you know how it goes.\n\n"
            + _SIGNED
        ),
    ),
    "feedback_request": Template(
        subject="Feedback on my {role} interview",
        body=(
            "{greeting}\n\n"
            "{sorry_late} Thank you again for considering me for the {role} role at {company}."
            " Would you be willing to share some brief feedback on my {stage}?"
            " Even a line or two on what went well and what I could do better would help me a great deal.\n\n" + _SIGNED
        ),
    ),
    "status_check": Template(
        subject="Following up: {role} at {company}",
        body=(
            "{greeting}\n\n"
            "I hope you're well. {sorry_late} I'm writing about the {role} role at {company},"
            " following my {stage} {interview_day}. I'm still very interested, and I'd be grateful for an update"
            " on the next steps whenever you're able to share one.\n\n" + _SIGNED
        ),
    ),
}


@dataclass(frozen=True)
class YourDetails:
    """What the user told Debrief for their drafts: name, closing words, tone, own templates."""

    my_name: str | None = None
    sign_off: str | None = None
    tone: str = DEFAULT_TONE
    templates: dict[str, Template] = field(default_factory=dict)

    def template(self, kind: str) -> Template:
        """The user's own template of `kind`, else the shipped one."""
        return self.templates.get(kind) or DEFAULT_TEMPLATES[kind]


@dataclass(frozen=True)
class DraftFacts:
    """What a draft may mention; everything but kind, company and role is optional.

    `topic` is what the user asked to mention in this interviewer's thank-you
    note (theirs, else the interview's); `about` is what the role is about, in
    the user's words. `late` is true for a follow-up sent after its window.
    The three kinds written to an employer come from an interview, so their
    stage and `held_at` are known; a heads-up given on demand has neither.
    """

    kind: str
    company: str
    role: str
    stage: str | None = None
    held_at: datetime | None = None
    recipient: str | None = None
    recipient_email: str | None = None
    topic: str | None = None
    about: str | None = None
    url: str | None = None
    outcome: str | None = None
    late: bool = False

    @classmethod
    def of(cls, follow_up) -> DraftFacts:
        """The facts of a follow-up card (anything with the `FollowUpCard` attributes)."""
        return cls(
            kind=follow_up.kind,
            company=follow_up.company,
            role=follow_up.role,
            stage=follow_up.stage,
            held_at=follow_up.held_at,
            recipient=follow_up.recipient,
            recipient_email=follow_up.recipient_email,
            topic=getattr(follow_up, "thank_you_topic", None),
            about=getattr(follow_up, "about", None),
            url=follow_up.url,
            outcome=follow_up.outcome,
            late=bool(getattr(follow_up, "late", False)),
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


# The days a note names in one word, by how many days ago the interview was.
_ONE_WORD_DAYS = {-1: "tomorrow", 0: "today", 1: "yesterday"}


def spoken_day(held_at: datetime, today: date) -> str:
    """When the interview was (or is), as a note would say it: today, yesterday, on Monday, on 3 March."""
    days = (today - held_at.date()).days
    if days in _ONE_WORD_DAYS:
        return _ONE_WORD_DAYS[days]
    if 1 < abs(days) < 7:
        return f"on {held_at:%A}"
    return f"on {held_at.day} {held_at:%B}"


_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir"}


def first_name(name: str | None) -> str | None:
    """The first name of a stored name: "Priya Shah" gives "Priya", "Dr. Dana Lee" gives "Dana".

    None when there is no name (or only an e-mail address or a title).
    """
    words = [w for w in (name or "").split() if "@" not in w]
    while words and words[0].rstrip(".").casefold() in _TITLES:
        words = words[1:]
    return words[0].strip(",;:") or None if words else None


def greeting(kind: str, recipient: str | None, tone: str) -> str:
    """ "Hi Priya," to a reference; "Dear Dana," or "Hi Dana," to an employer as `tone` says; else "Hello,"."""
    name = first_name(recipient)
    if name is None:
        return "Hello,"
    word = "Hi" if kind == "reference_heads_up" else TONES.get(tone, TONES[DEFAULT_TONE])
    return f"{word} {name},"


def _phrase(text: str | None) -> str | None:
    """A fact typed by the user, fit to sit inside a sentence: one line, no end mark of its own."""
    text = " ".join((text or "").split()).rstrip(".;,:!?…").strip()
    return text or None


def _one_line(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def fact_values(facts: DraftFacts, details: YourDetails, today: date) -> dict[str, str | None]:
    """What each placeholder becomes for `facts`: None where the fact is missing."""
    my_name = _one_line(details.my_name)
    return {
        "greeting": greeting(facts.kind, facts.recipient, details.tone),
        "first_name": first_name(facts.recipient),
        "full_name": _one_line(facts.recipient),
        "role": _one_line(facts.role),
        "company": _one_line(facts.company),
        "stage": STAGE_PHRASES.get(facts.stage or "other", "interview") if facts.held_at or facts.stage else None,
        "interview_day": spoken_day(facts.held_at, today) if facts.held_at else None,
        "topic": _phrase(facts.topic),
        "about": _phrase(facts.about),
        "posting_url": _one_line(facts.url),
        "my_name": my_name,
        # No closing without a name: a draft never ends on a bare "Best regards,".
        "sign_off": (_phrase(details.sign_off) or DEFAULT_SIGN_OFF) if my_name else None,
        "sorry_late": SORRY_LATE.get(facts.kind) if facts.late else None,
    }


class TemplateProblem(ValueError):
    """A template that cannot be used, with a message for the person who wrote it."""


def placeholders_in(text: str) -> list[str]:
    """The placeholder names `text` uses, in order; raises `TemplateProblem` for a malformed or unknown one."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise TemplateProblem(
            "has a stray { or }: placeholders are written like {first_name}; write {{ or }} for a brace itself."
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise TemplateProblem(f"uses {shown}, which Debrief does not know. The placeholders are: {known}.")
        names.append(name)
    return names


def check_template(template: Template) -> list[str]:
    """What is wrong with `template`, as messages naming the part ("Subject ...", "Message ...")."""
    problems = []
    for part, text in (("Subject", template.subject), ("Message", template.body)):
        if not text.strip():
            problems.append(f"{part} is empty.")
            continue
        try:
            placeholders_in(text)
        except TemplateProblem as problem:
            problems.append(f"{part} {problem}")
    return problems


_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=\S)|" + "|".join(rf"(?<=\{{{name}\}})\s+(?=\S)" for name in _SENTENCE_PLACEHOLDERS)
)


def _fill(sentence: str, values: dict[str, str | None]) -> str | None:
    """The sentence with its placeholders filled, or None when one of its facts is missing."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(sentence):
        out.append(literal)
        if name is not None:
            value = values.get(name)
            if not value:
                return None
            out.append(value)
    return "".join(out)


def _tidy(text: str) -> str:
    """No doubled space or end mark where a filled fact met the template's punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)
    text = re.sub(r"([!?])\.", r"\1", text)
    return re.sub(r" ([,.;:!?])", r"\1", text)


def render(text: str, values: dict[str, str | None]) -> str:
    """`text` with its placeholders filled; each sentence with a missing fact is left out.

    Paragraphs (separated by blank lines) and lines are kept; one left empty is
    dropped. Raises `TemplateProblem` for an unknown placeholder.
    """
    placeholders_in(text)
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in paragraph.splitlines():
            kept = [s for s in (_fill(part, values) for part in _SENTENCE_END.split(line.strip())) if s]
            if kept:
                lines.append(_tidy(" ".join(s.strip() for s in kept)).strip())
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def draft_for(facts: DraftFacts, today: date, details: YourDetails | None = None) -> Draft:
    """The draft for a follow-up of `facts.kind`, from the user's template of that kind (else the shipped one).

    A user's template that no longer works (an unknown placeholder stored by
    hand) gives way to the shipped one, so a card always has a draft.
    """
    details = details or YourDetails()
    values = fact_values(facts, details, today)
    template = details.template(facts.kind)
    if check_template(template):
        template = DEFAULT_TEMPLATES[facts.kind]
    return Draft(facts.recipient_email, render(template.subject, values), render(template.body, values))


def example_facts(kind: str) -> DraftFacts:
    """Made-up facts to preview a template of `kind` on, for a user with no follow-up of that kind yet."""
    return DraftFacts(
        kind=kind,
        company="Northwind",
        role="Backend Engineer",
        stage="technical",
        held_at=datetime.combine(date.today(), datetime.min.time()).replace(hour=9),
        recipient="Priya Shah" if kind == "reference_heads_up" else "Dana Lee",
        topic="their move to event sourcing",
        about="building the payments platform for small shops",
        url="https://northwind.example/jobs/42",
    )


def preview_choices(follow_ups, kind: str) -> dict[int, tuple[str, DraftFacts]]:
    """The user's follow-ups of `kind` to preview a template on, by id: (what the picker shows, their facts)."""
    return {
        card.id: (
            f"{card.recipient or 'No name'} · {card.company}: {card.role}",
            DraftFacts.of(card),
        )
        for card in follow_ups
        if card.kind == kind
    }
