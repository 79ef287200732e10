"""The words a person sees for each stored value: one set of labels for every page, chart and draft.

The database keeps short, stable values (`interviewing`, `thank_you`, `onsite`);
people read labels ("Interviewing", "Thank-you note", "In person"). Every
stored value shown on screen goes through `label` (or a frame through
`labelled`), and a draft names a stage through `stage_in_sentence`. Pure: no
Streamlit, no database.
"""

from __future__ import annotations

import pandas as pd

from data.store.schema import ENUMERATIONS

STATUS_LABELS = {
    "applied": "Applied",
    "screening": "Screening",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "ghosted": "Ghosted",
}
STAGE_LABELS = {
    "screen": "Screening",
    "technical": "Technical",
    "behavioral": "Behavioral",
    "panel": "Panel",
    "onsite": "Onsite",
    "final": "Final",
    "other": "Other",
}
FORMAT_LABELS = {"phone": "Phone", "video": "Video", "onsite": "In person"}
OUTCOME_LABELS = {
    "pending": "Waiting",
    "advanced": "Advanced",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}
CONTACT_KIND_LABELS = {
    "interviewer": "Interviewer",
    "reference": "Reference",
    "recruiter": "Recruiter",
    "other": "Other",
}
FOLLOW_UP_KIND_LABELS = {
    "thank_you": "Thank-you note",
    "reference_heads_up": "Reference heads-up",
    "feedback_request": "Feedback request",
    "status_check": "Check-in",
}

# The rated dimensions of a reflection, as its form, Prepare and Trends name them.
DIMENSION_LABELS = {
    "overall": "Overall",
    "communication": "Communication",
    "skills": "Skills conveyed",
    "examples": "Examples and stories",
    "rapport": "Rapport",
    "questions": "Questions I asked",
    "preparation": "Preparation",
}
# What each score from 1 to 5 means, the same under every rated dimension (so a 3 means the
# same thing every time), and under stress, where a higher score is worse.
SCORE_ANCHORS = ("struggled", "shaky", "solid", "strong", "nailed it")
STRESS_ANCHORS = ("calm", "a little tense", "nervous", "very nervous", "overwhelmed")

# Which labels each column of a frame takes, by the column's name as the read functions return it.
COLUMN_LABELS = {
    "status": STATUS_LABELS,
    "stage": STAGE_LABELS,
    "format": FORMAT_LABELS,
    "outcome": OUTCOME_LABELS,
    "kind": {**CONTACT_KIND_LABELS, **FOLLOW_UP_KIND_LABELS},
}

# Every stored enumeration value: the words that must never reach a person as they are stored.
STORED_VALUES = frozenset(value for values in ENUMERATIONS.values() for value in values)

# One value may sit in several enumerations with the same meaning ("offer" as a status
# and as an outcome); where the meaning differs, `label` takes a `kind` to choose.
_ANY = {
    **CONTACT_KIND_LABELS,
    **FOLLOW_UP_KIND_LABELS,
    **FORMAT_LABELS,
    **OUTCOME_LABELS,
    **STAGE_LABELS,
    **STATUS_LABELS,
}
_BY_KIND = {
    "status": STATUS_LABELS,
    "stage": STAGE_LABELS,
    "format": FORMAT_LABELS,
    "outcome": OUTCOME_LABELS,
    "contact_kind": CONTACT_KIND_LABELS,
    "follow_up_kind": FOLLOW_UP_KIND_LABELS,
}


def label(value: str | None, kind: str | None = None) -> str:
    """The label of a stored value: `interviewing` → "Interviewing", `thank_you` → "Thank-you note".

    `kind` ("status", "stage", "format", "outcome", "contact_kind",
    "follow_up_kind") picks one enumeration where a value means different things
    in two (`onsite` is the stage "Onsite" and the format "In person"); without
    it a stage or status wins. A value outside every enumeration (a source, a
    status another tracker used) is shown with a capital and spaces for
    underscores; None is an empty text.
    """
    if value is None:
        return ""
    labels = _BY_KIND[kind] if kind else _ANY
    if kind is None and value in STAGE_LABELS:
        return STAGE_LABELS[value]
    if value in labels:
        return labels[value]
    return value.replace("_", " ")[:1].upper() + value.replace("_", " ")[1:]


def interview_label(stage: str | None, format_: str | None = None) -> str:
    """An interview's stage and format in a few words, each said once.

    `technical`, `video` → "Technical, video"; `onsite`, `onsite` → "Onsite"
    (not "Onsite, in person"); a missing format leaves the stage alone.
    """
    stage_label = label(stage, "stage") if stage else "Interview"
    if not format_ or (stage == "onsite" and format_ == "onsite"):
        return stage_label
    return f"{stage_label}, {label(format_, 'format').lower()}"


def stage_in_sentence(stage: str | None) -> str:
    """A stage as it reads before "interview" in a sentence: `screen` → "screening", `other` → "".

    Empty when the stage says nothing a sentence could use ("other" or none),
    so "my {stage} interview" becomes "my interview".
    """
    if not stage or stage == "other":
        return ""
    return STAGE_LABELS.get(stage, stage).lower()


def labelled(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of `frame` whose stored values are shown as labels.

    `columns` maps a column of `frame` to the enumeration it holds, named as a
    key of `COLUMN_LABELS` (`{"becomes": "status"}`); by default every column
    named like one (status, stage, format, outcome, kind) is labelled. Missing
    values stay missing, and a text outside the enumeration stays as it is.
    """
    wanted = columns if columns is not None else {name: name for name in COLUMN_LABELS}
    present = {column: kind for column, kind in wanted.items() if column in frame.columns}
    if not present:
        return frame
    out = frame.copy()
    for column, kind in present.items():
        labels = COLUMN_LABELS[kind]
        out[column] = out[column].map(lambda v, labels=labels: labels.get(v, v) if isinstance(v, str) else v)
    return out
