"""Your details and templates: the name drafts are signed with, the tone, and each kind's template."""

from dataclasses import replace
from datetime import datetime

import streamlit as st

from data.store.follow_ups import open_follow_ups
from data.store.settings import reset_template, set_template, your_details
from followups.drafts import (
    DEFAULT_TEMPLATES,
    FOLLOW_UP_KINDS,
    KIND_NAMES,
    PLACEHOLDERS,
    Template,
    check_template,
    draft_for,
    example_facts,
    preview_choices,
)
from ui.actions import act, opened_version, show_conflict, starting_from
from ui.store import database, reader
from ui.text import md
from ui.your_details import forget_drafts, your_details_form

db, con = database(), reader()
now = datetime.now()
details = your_details(con)
st.title("Your details and templates")
st.caption("What every draft is built with. Debrief never sends anything: you copy a draft or open it in email.")

st.subheader("Your details")
your_details_form(db, details, "details")

st.subheader("Templates")
st.caption(
    "Each kind of message starts from its template. A sentence whose placeholder has nothing to fill it "
    "(no topic given, no posting link) is left out, so write each optional fact in a sentence of its own."
)
kind = st.segmented_control(
    "Message", FOLLOW_UP_KINDS, format_func=KIND_NAMES.get, default="thank_you", required=True, key="template-kind"
)
template = details.template(kind)
# Each kind's boxes start from its stored template; after a save or reset they are written anew.
version = st.session_state.get("template-version", 0)
template_key = f"tpl-{kind}-{version}"
# Saved only over the template these boxes opened on; else both are shown for the user to choose.
opened = opened_version(template_key, template, field="subject")
show_conflict(template_key)
editor, preview = st.columns(2)
with editor:
    subject = st.text_input("Subject", key=starting_from(f"{template_key}-subject", template.subject))
    body = st.text_area("Message", height=380, key=starting_from(f"{template_key}-body", template.body))
    typed = Template(subject, body)
    save, reset = st.columns(2)
    if save.button("Save template", type="primary", icon=":material/save:", width="stretch"):
        act(
            lambda: set_template(db, kind, typed, opened=opened),
            done=f"{KIND_NAMES[kind]} template saved.",
            after=lambda _: (st.session_state.update({"template-version": version + 1}), forget_drafts()),
            form=template_key,
            keep_mine=lambda conflict: set_template(db, kind, conflict.mine),
        )
    if reset.button(
        "Reset to default",
        icon=":material/restart_alt:",
        width="stretch",
        disabled=kind not in details.templates and typed == DEFAULT_TEMPLATES[kind],
    ):
        act(
            lambda: reset_template(db, kind),
            done=f"{KIND_NAMES[kind]} template is the default again.",
            icon=":material/restart_alt:",
            after=lambda _: (st.session_state.update({"template-version": version + 1}), forget_drafts()),
        )
    with st.expander("Placeholders", icon=":material/data_object:"):
        st.markdown("\n".join(f"- `{{{name}}}`: {meaning}" for name, meaning in PLACEHOLDERS.items()))

with preview:
    choices = preview_choices(open_follow_ups(con, limit=200), kind)
    picked = st.selectbox(
        "Preview on",
        list(choices),
        format_func=lambda i: choices[i][0],
        key=f"preview-{kind}",
        help="One of your follow-ups of this kind, or an example when you have none.",
    )
    facts = choices[picked][1] if choices else example_facts(kind)
    problems = check_template(typed)
    if problems:
        st.warning("Not usable yet:\n" + "\n".join(f"- {p}" for p in problems), icon=":material/warning:")
    else:
        draft = draft_for(facts, now.date(), replace(details, templates={**details.templates, kind: typed}))
        with st.container(border=True):
            st.markdown(f"**{md(draft.subject)}**")
            st.markdown(md(draft.body))
        if not details.my_name:
            st.caption("Unsigned until you give your name above: no draft ends on a bare closing.")
