"""The post-interview self-assessment form: anchored 1–5 ratings and free-text notes."""

from __future__ import annotations

import streamlit as st

from data.store.reflections import FIELD_LABELS, Reflection

SCALE = (1, 2, 3, 4, 5)
# The same anchors under every rating, so a 3 means the same thing every time.
ANCHORS = ["struggled", "shaky", "solid", "strong", "nailed it"]
STRESS_ANCHORS = ["calm", "a little tense", "nervous", "very nervous", "overwhelmed"]

WHAT_EACH_RATING_MEANS = {
    "overall": "All in all, how did the interview go?",
    "communication": "Clear, concise answers; listening and checking you understood the question.",
    "skills": "How well you showed the skills the role asks for.",
    "examples": "Concrete stories with a situation, your actions and the result.",
    "rapport": "The connection with the interviewers: warmth, energy, conversation.",
    "questions": "How good your own questions to them were.",
    "preparation": "How well prepared you felt: the company, the role, your stories.",
}

TEXT_PROMPTS = {
    "went_well": "Moments you are proud of: keep doing these.",
    "to_improve": "One or two things to do differently; they show up on the Prepare page.",
    "topics": "Your own notes on what you talked about; they stay private.",
    "questions_asked": "One question per line: they become your question bank.",
    "other_notes": "Names, impressions, next steps they mentioned.",
}


def _rating(name: str, value: int | None, key: str, *, anchors: list[str], help_text: str) -> int | None:
    return st.radio(
        FIELD_LABELS[name],
        SCALE,
        index=SCALE.index(value) if value in SCALE else None,
        horizontal=True,
        captions=anchors,
        help=help_text,
        key=f"{key}-{name}",
    )


THANK_YOU_TOPIC_HELP = (
    'It finishes the sentence "I really enjoyed our conversation about ..." in your thank-you note.'
    " Nothing else from this form goes into a message."
)


def _thank_you_topics(
    key: str, saved: Reflection, interviewers: list[tuple[int, str, str | None]]
) -> tuple[str, dict[int, str]]:
    """The thank-you topic for the whole interview and, with several interviewers, one for each (optional)."""
    st.markdown("**For your thank-you notes**")
    topic = st.text_input(
        FIELD_LABELS["thank_you_topic"],
        value=saved.thank_you_topic or "",
        placeholder="their move to event sourcing",
        help=THANK_YOU_TOPIC_HELP,
        key=f"{key}-thank_you_topic",
    )
    each: dict[int, str] = {}
    if len(interviewers) > 1:
        st.caption("Met several people? Give each their own (optional); an empty one uses the topic above.")
        columns = st.columns(min(len(interviewers), 3))
        for position, (contact_id, name, _) in enumerate(interviewers):
            each[contact_id] = columns[position % len(columns)].text_input(
                f"With {name}",
                value=saved.interviewer_topics.get(contact_id) or "",
                placeholder="how the team runs on-call",
                key=f"{key}-topic-{contact_id}",
            )
    return topic, each


def reflection_form(
    key: str,
    interview_id: int,
    initial: Reflection | None,
    interviewers: list[tuple[int, str, str | None]] | None = None,
) -> Reflection | None:
    """The reflection fields for one interview; returns the typed reflection on submit.

    `interviewers` are the interview's (contact id, name, topic) as
    `data.store.reflections.interviewer_topics` gives them: with several, each gets
    their own optional thank-you topic.
    """
    saved = initial or Reflection(interview_id=interview_id, overall=None)
    scores: dict[str, int | None] = {}
    texts: dict[str, str] = {}
    with st.form(key, border=True):
        st.markdown("**How did it go?** Rate each part from 1 (struggled) to 5 (nailed it). Overall is required.")
        scores["overall"] = _rating(
            "overall", saved.overall, key, anchors=ANCHORS, help_text=WHAT_EACH_RATING_MEANS["overall"]
        )
        left, right = st.columns(2)
        for column, names in (
            (left, ("communication", "skills", "examples")),
            (right, ("rapport", "questions", "preparation")),
        ):
            with column:
                for name in names:
                    scores[name] = _rating(
                        name, getattr(saved, name), key, anchors=ANCHORS, help_text=WHAT_EACH_RATING_MEANS[name]
                    )
        scores["stress"] = _rating(
            "stress", saved.stress, key, anchors=STRESS_ANCHORS, help_text="How anxious you felt, from 1 (calm) to 5."
        )
        st.markdown("**While it is fresh**")
        left, right = st.columns(2)
        for column, text_names in ((left, ("went_well", "topics")), (right, ("to_improve", "questions_asked"))):
            for name in text_names:
                texts[name] = column.text_area(
                    FIELD_LABELS[name],
                    value=getattr(saved, name) or "",
                    help=TEXT_PROMPTS[name],
                    key=f"{key}-{name}",
                )
        texts["thank_you_topic"], each_topic = _thank_you_topics(key, saved, interviewers or [])
        texts["other_notes"] = st.text_area(
            FIELD_LABELS["other_notes"],
            value=saved.other_notes or "",
            help=TEXT_PROMPTS["other_notes"],
            key=f"{key}-other_notes",
        )
        submitted = st.form_submit_button("Save reflection", type="primary", icon=":material/save:")
    if not submitted:
        return None
    return Reflection(interview_id=interview_id, **scores, **texts, interviewer_topics=each_topic, id=saved.id)  # type: ignore[arg-type]
