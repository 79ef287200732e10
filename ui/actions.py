"""The one way a page acts: every write a user triggers runs through `act`.

`act` calls the store and then, whatever happened, says so the same way on every
page: a refused record's problems beside the form (which keeps what was typed), a
clear message for every failure of Debrief's error family (disk full, read-only
file, database busy, record deleted elsewhere), a toast and a rerun on success.
A record saved in another window meanwhile (`RecordChanged`) is kept aside and
shown by `show_conflict` with both versions, for the user to choose; a form
knows which version it shows through `opened_version`. A write the user does not
ask for with a button (a draft kept as they type) runs through `act_quietly`,
which says nothing unless it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import streamlit as st

from data.labels import label
from data.store.errors import DebriefError, InvalidRecord, RecordChanged
from data.store.reflections import FIELD_LABELS
from ui.flash import flash
from ui.tables import table
from ui.text import md, problems_text

T = TypeVar("T")
R = TypeVar("R")
_CONFLICTS = "action-conflicts"
_QUIET_FAILURES = "quiet-write-failures"


def act(
    do: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None = None,
    icon: str = ":material/check:",
    after: Callable[[T], None] | None = None,
    form: str | None = None,
    keep_mine: Callable[[RecordChanged], Any] | None = None,
    rerun: bool = True,
) -> T | None:
    """Run the write `do`; on success run `after`, flash `done` and rerun; return its result.

    On failure nothing is rerun, so the form on screen keeps what was typed, and
    None is returned: `InvalidRecord` shows its problems field by field, any other
    `DebriefError` its title and advice. A `RecordChanged` is kept for
    `show_conflict(form)` when `form` (the key of the form that saved) is given,
    with `keep_mine` (how to save the user's version over the stored one).
    """
    try:
        result = do()
    except RecordChanged as conflict:
        if form is None or keep_mine is None:
            show_failure(conflict)
            return None
        st.session_state.setdefault(_CONFLICTS, {})[form] = (conflict, keep_mine)
        st.rerun()
    except DebriefError as failure:
        show_failure(failure)
        return None
    if after is not None:
        after(result)
    if done is not None:
        flash(done(result) if callable(done) else done, icon)
    if rerun:
        st.rerun()
    return result


def save_edit(
    form: str,
    save: Callable[[R], T],
    typed: R,
    *,
    done: str = "Saved",
    after: Callable[[T], None] | None = None,
) -> T | None:
    """`act` for form `form` saving the record `typed` (carrying its version) with `save`.

    After the save the form shows what is stored, at its new version, and
    `after` runs. A newer version met is shown by `show_conflict(form)`, where
    "Keep mine" saves the user's record with `save` again.
    """

    def saved(result: T) -> None:
        forget_typed(form)
        if after is not None:
            after(result)

    return act(lambda: save(typed), done=done, after=saved, form=form, keep_mine=lambda conflict: save(conflict.mine))


def act_quietly(do: Callable[[], object], *, failed: str, key: str) -> None:
    """Run a write the user did not ask for with a button (keeping a draft as they type), saying nothing.

    Nothing is flashed or rerun, so it may run in a widget's callback. A
    `DebriefError` it meets (a full disk, say) is kept, starting with `failed`
    (what was not done), for `show_quiet_failure(key)` to show as a small warning
    until the next such write under `key` succeeds; the page goes on and its
    widgets keep what was typed.
    """
    failures = st.session_state.setdefault(_QUIET_FAILURES, {})
    try:
        do()
    except DebriefError as failure:
        failures[key] = (failed, failure)
    else:
        failures.pop(key, None)


def show_quiet_failure(key: str) -> None:
    """The small warning of the last quiet write under `key` that failed, if the next has not succeeded yet."""
    kept = st.session_state.get(_QUIET_FAILURES, {}).get(key)
    if kept is None:
        return
    failed, failure = kept
    if isinstance(failure, InvalidRecord):
        st.warning(f"**{md(failed)}**\n" + problems_text(failure.problems), icon=":material/warning:")
    else:
        st.warning(f"**{md(failed)}** {md(failure.title)}. {md(failure.advice)}", icon=":material/warning:")


def show_failure(failure: DebriefError) -> None:
    """Say what went wrong and what to do, where the action was."""
    if isinstance(failure, InvalidRecord):
        st.error("Not saved yet. Please fix:\n" + problems_text(failure.problems), icon=":material/error:")
    else:
        st.error(f"**{md(failure.title)}.** {md(failure.advice)}", icon=":material/error:")


def forget_typed(form: str) -> None:
    """Let the form of key `form` show the stored record on the next run, not what its widgets still hold.

    Its widgets must take their values through `starting_from` for the browser
    to show the stored record too. A quiet write's failure kept for the form (see `act_quietly`) is forgotten too.
    """
    for widget in [name for name in st.session_state if str(name).startswith(f"{form}-")]:
        del st.session_state[widget]
    failures = st.session_state.get(_QUIET_FAILURES, {})
    for key in [key for key in failures if key.startswith(f"{form}-")]:
        del failures[key]


def starting_from(widget: str, value: T) -> str:
    """The key `widget`, for a widget of a form to start from `value` when the session holds nothing for it yet.

    Forms give their widgets the stored values this way, not through the
    widgets' own defaults: after `forget_typed` (a save, "Take theirs") a
    default would reach the server but not the browser, which would go on
    showing, and sending back with the next save, what was typed. A value set
    in Session State reaches both. The widget is then made with no default.
    """
    st.session_state.setdefault(widget, value)
    return widget


def opened_version(form: str, stored: T, *, field: str) -> T:
    """The version of the record that form `form` shows: the stored one each time the form is drawn anew.

    The form's widgets keep what they showed (or what was typed) from run to
    run, and the version is kept beside them; it is taken anew whenever they
    are (the widget `field` of the form holds nothing yet: drawn for the first
    time, come back to from another page, or let go by `forget_typed` after a
    save or "Take theirs"). A save then compares it with the stored version.
    """
    key = f"{form}-version"
    if f"{form}-{field}" not in st.session_state or key not in st.session_state:
        st.session_state[key] = stored
    return st.session_state[key]


# What the forms call the fields a conflict may show, where that is not the field's name in words.
_FIELD_NAMES = {
    **FIELD_LABELS,
    "url": "Posting URL",
    "applied_on": "Date applied",
    "responded_on": "Reply received",
    "about": "What the role is about",
    "held_at": "Date and time",
    "feedback": "Feedback received",
    "my_name": "Your name",
    "body": "Message",
}
# Which fields hold a stored value that a person reads as a label (see data.labels).
_LABELLED = {"status": "status", "stage": "stage", "format": "format", "outcome": "outcome", "kind": "contact_kind"}


def _shown(name: str, value: object) -> str:
    """A field's value as the forms show it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, str) and name in _LABELLED:
        return label(value, _LABELLED[name])
    return str(value)


def _differences(theirs: object, mine: object) -> list[tuple[str, object, object]]:
    if not (is_dataclass(theirs) and is_dataclass(mine)):
        return []
    skipped = {"id", "updated_at", "written_at", "interview_id", "application_id"}
    return [
        (f.name, getattr(theirs, f.name), getattr(mine, f.name))
        for f in fields(theirs)
        if f.name not in skipped and getattr(theirs, f.name) != getattr(mine, f.name)
    ]


def show_conflict(form: str, *, take_theirs: Callable[[], Any] | None = None) -> bool:
    """If the last save of `form` met a newer version, show both and let the user choose; True while it waits.

    "Keep mine" saves what the user typed over the other window's version; "Take
    theirs" drops what was typed and shows the stored record, after running the
    write `take_theirs` when given (dropping a kept draft of what was typed, say).
    """
    pending = st.session_state.get(_CONFLICTS, {}).get(form)
    if pending is None:
        return False
    conflict, keep_mine = pending
    with st.container(border=True):
        st.warning(f"**{md(conflict.title)}.** {md(conflict.advice)}", icon=":material/sync_problem:")
        changed = _differences(conflict.theirs, conflict.mine)
        if changed:
            table(
                {
                    "Field": [_FIELD_NAMES.get(name, name.replace("_", " ").capitalize()) for name, _, _ in changed],
                    "Saved in the other window": [_shown(name, t) for name, t, _ in changed],
                    "Yours": [_shown(name, m) for name, _, m in changed],
                },
                hide_index=True,
                width="stretch",
            )
        mine, theirs, _ = st.columns([1, 1, 3])
        if mine.button("Keep mine", type="primary", key=f"{form}-conflict-mine", width="stretch"):
            del st.session_state[_CONFLICTS][form]
            act(lambda: keep_mine(conflict), done="Saved your version", after=lambda _: forget_typed(form))
        if theirs.button("Take theirs", key=f"{form}-conflict-theirs", width="stretch"):

            def took_theirs(_: object) -> None:
                del st.session_state[_CONFLICTS][form]
                forget_typed(form)

            act(
                take_theirs or (lambda: None),
                done="Showing the version saved in the other window",
                icon=":material/sync:",
                after=took_theirs,
            )
    return True
