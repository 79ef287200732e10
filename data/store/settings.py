"""The user's settings, kept in the `settings` table as text under a key.

The weekly application goal that Today and Trends measure this week's
applications against; what the drafts need from the user: their name (to sign),
closing words, tone with interviewers, and their own template of each kind; and
the windows after which follow-ups are missed.

A setting has no version column: the values a form opened on are its version.
The user's details and templates, typed in forms that may stay open for a while,
are saved only over the values they opened on (else `RecordChanged`); a goal or
a window is one number, and the last one set stands.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb

from data.store import reads
from data.store.db import Database
from data.store.errors import RecordChanged
from data.store.validation import InvalidRecord, Problem, clean, name_field
from followups.drafts import DEFAULT_TEMPLATES, FOLLOW_UP_KINDS, TONES, Template, YourDetails, check_template
from followups.plan import LapseWindows

WEEKLY_GOAL_KEY = "weekly_goal"
DEFAULT_WEEKLY_GOAL = 5
WEEKLY_GOAL_MAX = 500


def weekly_goal(con: duckdb.DuckDBPyConnection) -> int:
    """How many applications a week the user aims for: the stored `weekly_goal`, else 5.

    A stored value that is not a whole number from 1 to 500 (written by hand or
    by a broken import) counts as absent, so the pages always have a goal to show.
    """
    row = reads.one(con, "SELECT value FROM settings WHERE key = ?", [WEEKLY_GOAL_KEY])
    if row is None:
        return DEFAULT_WEEKLY_GOAL
    try:
        goal = int(row[0].strip())
    except ValueError:
        return DEFAULT_WEEKLY_GOAL
    return goal if 1 <= goal <= WEEKLY_GOAL_MAX else DEFAULT_WEEKLY_GOAL


def set_weekly_goal(db: Database, goal: int) -> None:
    """Store `goal` (a whole number from 1 to 500) as the weekly application goal.

    Raises `InvalidRecord` without writing anything when it is outside that range.
    """
    if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= WEEKLY_GOAL_MAX:
        raise InvalidRecord([Problem("Weekly goal", f"must be a whole number from 1 to {WEEKLY_GOAL_MAX}.")])
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [WEEKLY_GOAL_KEY, str(goal)],
        )


# What the drafts need. The name keeps the key it always had ("signature").
MY_NAME_KEY = "signature"
SIGN_OFF_KEY = "sign_off"
TONE_KEY = "tone"
# Set once the user answered the first-use question (saved their details or chose "Not now").
DETAILS_ASKED_KEY = "details_asked"
SIGN_OFF_MAX = 60
TEMPLATE_MAX = 5_000


def _template_keys(kind: str) -> tuple[str, str]:
    return f"template.{kind}.subject", f"template.{kind}.body"


def _store(cur: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
    """Keep `value` under `key`; None or empty removes the key."""
    if value:
        cur.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
    else:
        cur.execute("DELETE FROM settings WHERE key = ?", [key])


def your_details(con: duckdb.DuckDBPyConnection) -> YourDetails:
    """The user's details for drafts: name and closing words (None when not given), tone, own templates.

    A stored tone Debrief does not know counts as the default; a template is the
    user's own only when both its subject and its body are stored.
    """
    stored = dict(
        con.execute(
            "SELECT key, value FROM settings WHERE key = ? OR key = ? OR key = ? OR key LIKE 'template.%'",
            [MY_NAME_KEY, SIGN_OFF_KEY, TONE_KEY],
        ).fetchall()
    )
    templates = {}
    for kind in FOLLOW_UP_KINDS:
        subject_key, body_key = _template_keys(kind)
        if stored.get(subject_key) and stored.get(body_key):
            templates[kind] = Template(stored[subject_key], stored[body_key])
    tone = stored.get(TONE_KEY)
    return YourDetails(
        my_name=stored.get(MY_NAME_KEY) or None,
        sign_off=stored.get(SIGN_OFF_KEY) or None,
        tone=tone if tone in TONES else YourDetails().tone,
        templates=templates,
    )


def details_asked(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the first-use question about the user's details was answered (or their name is known)."""
    [(answered,)] = con.execute(
        "SELECT count(*) FROM settings WHERE key = ? OR (key = ? AND trim(value) <> '')",
        [DETAILS_ASKED_KEY, MY_NAME_KEY],
    ).fetchall()
    return answered > 0


def set_your_details(
    db: Database,
    my_name: str | None,
    sign_off: str | None = None,
    tone: str | None = None,
    *,
    opened: YourDetails | None = None,
) -> None:
    """Keep the user's name, closing words and tone (None leaves the tone as it is); marks the question answered.

    An empty name or sign-off removes it. Raises `InvalidRecord` without writing
    for a name over 200 characters, a sign-off over 60 or an unknown tone. With
    `opened` (the details as the form read them), raises `RecordChanged` without
    writing when the stored name, sign-off or tone differ from those by now.
    """
    my_name, sign_off = clean(my_name), clean(sign_off)
    problems = name_field("Your name", my_name)
    if sign_off and len(sign_off) > SIGN_OFF_MAX:
        problems.append(Problem("Sign-off", f"must be at most {SIGN_OFF_MAX} characters."))
    if tone is not None and tone not in TONES:
        problems.append(Problem("Tone", f"must be one of {', '.join(TONES)}."))
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        if opened is not None:
            stored = your_details(cur)
            if (stored.my_name, stored.sign_off, stored.tone) != (opened.my_name, opened.sign_off, opened.tone):
                mine = replace(
                    stored,
                    my_name=my_name,
                    sign_off=sign_off.rstrip(",") if sign_off else None,
                    tone=tone or stored.tone,
                )
                raise RecordChanged("setting", theirs=stored, mine=mine)
        _store(cur, MY_NAME_KEY, my_name)
        _store(cur, SIGN_OFF_KEY, sign_off.rstrip(",") if sign_off else None)
        if tone is not None:
            _store(cur, TONE_KEY, tone)
        _store(cur, DETAILS_ASKED_KEY, "yes")


def not_now(db: Database) -> None:
    """Remember that the user put off the first-use question, so it is not asked again."""
    with db.transaction() as cur:
        _store(cur, DETAILS_ASKED_KEY, "yes")


def set_template(db: Database, kind: str, template: Template, *, opened: Template | None = None) -> None:
    """Keep the user's own template of `kind`.

    Raises `InvalidRecord` without writing when a part is empty or too long, or
    uses a placeholder Debrief does not know (the message names it and lists the
    known ones). A template equal to the shipped one is stored as no template.
    With `opened` (the template of `kind` as the form read it), raises
    `RecordChanged` without writing when the stored one differs from it by now.
    """
    if kind not in DEFAULT_TEMPLATES:
        raise InvalidRecord([Problem("Template", f"must be one of {', '.join(FOLLOW_UP_KINDS)}.")])
    subject, body = (template.subject or "").strip(), (template.body or "").replace("\r\n", "\n").strip()
    problems = [Problem("Template", message) for message in check_template(Template(subject, body))]
    if len(subject) > 200 or len(body) > TEMPLATE_MAX:
        problems.append(Problem("Template", f"subject must be at most 200 characters, message {TEMPLATE_MAX:,}."))
    if problems:
        raise InvalidRecord(problems)
    typed = Template(subject, body)
    with db.transaction() as cur:
        if opened is not None:
            stored = your_details(cur).template(kind)
            if stored != opened:
                raise RecordChanged("template", theirs=stored, mine=typed)
        own = typed != DEFAULT_TEMPLATES[kind]
        for key, value in zip(_template_keys(kind), (subject, body), strict=True):
            _store(cur, key, value if own else None)


def reset_template(db: Database, kind: str) -> None:
    """Bring back the shipped template of `kind` (the user's own is forgotten)."""
    with db.transaction() as cur:
        for key in _template_keys(kind):
            _store(cur, key, None)


# When follow-ups lapse (see `followups.plan.LapseWindows`): one whole number of days each.
LAPSE_KEYS = {
    "thank_you_days": "lapse_thank_you_days",
    "heads_up_days": "lapse_heads_up_days",
    "feedback_days": "lapse_feedback_days",
    "wait_limit_days": "wait_limit_days",
}
LAPSE_DAYS_MAX = 365


def lapse_windows(con: duckdb.DuckDBPyConnection) -> LapseWindows:
    """The windows after which each kind of follow-up is missed: the stored ones, else the defaults.

    A stored value that is not a whole number from 1 to 365 counts as absent,
    as with the weekly goal.
    """
    stored = dict(
        con.execute(
            "SELECT key, value FROM settings WHERE list_contains(?, key)", [list(LAPSE_KEYS.values())]
        ).fetchall()
    )
    chosen = {}
    for name, key in LAPSE_KEYS.items():
        try:
            days = int(stored[key].strip())
        except (KeyError, ValueError):
            continue
        if 1 <= days <= LAPSE_DAYS_MAX:
            chosen[name] = days
    return LapseWindows(**chosen)


def set_lapse_windows(db: Database, windows: LapseWindows) -> None:
    """Store every window of `windows` (whole numbers of days from 1 to 365).

    Raises `InvalidRecord` naming each window out of range, without writing anything.
    """
    problems = [
        Problem(LAPSE_LABELS[name], f"must be a whole number of days from 1 to {LAPSE_DAYS_MAX}.")
        for name in LAPSE_KEYS
        if isinstance(getattr(windows, name), bool)
        or not isinstance(getattr(windows, name), int)
        or not 1 <= getattr(windows, name) <= LAPSE_DAYS_MAX
    ]
    if problems:
        raise InvalidRecord(problems)
    with db.transaction() as cur:
        for name, key in LAPSE_KEYS.items():
            cur.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, str(getattr(windows, name))],
            )


# How the settings name each window, in the words of the Follow-ups page.
LAPSE_LABELS = {
    "thank_you_days": "Thank-you note: missed after (days from the interview)",
    "heads_up_days": "Reference heads-up: missed after (days, or once the next round is held)",
    "feedback_days": "Feedback request: missed after (days from when it was due)",
    "wait_limit_days": "A wait with no answer ends after (days from the interview)",
}
