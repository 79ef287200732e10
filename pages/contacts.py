"""Contacts: interviewers, references and recruiters, and which references went to which application."""

from datetime import date

import pandas as pd
import streamlit as st

from data.store.applications import ApplicationPicker, count_applications
from data.store.contacts import (
    USAGE_WINDOW_DAYS,
    Contact,
    ContactFilter,
    applications_for_references,
    attach_reference,
    count_contacts,
    delete_contact,
    detach_reference,
    get_contact,
    list_contacts,
    reference_usage,
    references_of,
    save_contact,
)
from data.store.schema import CONTACT_KINDS
from ui.actions import act
from ui.confirm import delete_button
from ui.forms import contact_form, edit_form, label
from ui.pickers import record_picker
from ui.store import database, reader
from ui.tables import (
    CONTACT_COLUMNS,
    PAGE_SIZE,
    REFERENCE_COLUMNS,
    USAGE_COLUMNS,
    page_picker,
    picked_in_table,
    table,
)
from ui.text import md

# The application picker of the references offers the newest ones; a search reaches the others.
PICKER_SIZE = 100
# The icons of attaching and detaching a reference, on its button and its toast alike.
LINK, UNLINK = ":material/link:", ":material/link_off:"


def given_out(count: int) -> str:
    """How often a reference was given out lately, in words."""
    if count == 0:
        return f"not given out in {USAGE_WINDOW_DAYS} days"
    return f"given out {({1: 'once', 2: 'twice'}).get(count, f'{count} times')} in {USAGE_WINDOW_DAYS} days"


db, con = database(), reader()
st.title("Contacts")
st.caption(
    "Interviewers appear here by themselves when you record an interview with their names: add their email "
    "so thank-you notes are addressed in one click. Keep your references here and attach them to applications below."
)

with st.expander("Add a contact", icon=":material/person_add:", expanded=count_contacts(con) == 0):
    added = st.session_state.get("contacts_added", 0)
    typed = contact_form(f"new-contact-{added}", Contact(""), submit="Add contact")
    if typed is not None:
        act(
            lambda: save_contact(db, typed),
            done=f"Added {md(typed.name.strip())}",
            after=lambda _: st.session_state.update(contacts_added=added + 1),
        )

kind_filter, search_filter = st.columns([1, 2])
shown = ContactFilter(
    kind=kind_filter.selectbox(
        "Kind", CONTACT_KINDS, index=None, placeholder="All kinds", format_func=label, key="contacts-kind"
    ),
    search=search_filter.text_input(
        "Search", placeholder="Name, company, title, email or notes", key="contacts-search"
    ),
)
total = count_contacts(con, shown)
if total == 0:
    st.info(
        "No contacts match these filters."
        if count_contacts(con)
        else "No contacts yet. Record an interview with its interviewers' names, or add a reference above.",
        icon=":material/search_off:",
    )
else:
    offset = page_picker(total, key=f"contacts-page-{shown.kind}-{shown.search.strip().lower()}")
    listed = list_contacts(con, shown, limit=PAGE_SIZE, offset=offset)
    picked = picked_in_table(listed, CONTACT_COLUMNS, key="contacts-table")
    st.caption(
        f"{total:,} contact{'s' if total != 1 else ''}. Select one to edit or delete it."
        if total <= PAGE_SIZE
        else f"Showing {offset + 1:,}–{offset + len(listed):,} of {total:,} contacts. Select one to edit or delete it."
    )
    contact = get_contact(con, picked) if picked is not None else None
    if contact is not None:
        with st.container(border=True):
            st.subheader(md(contact.name))
            edit_form(
                f"edit-contact-{contact.id}",
                lambda key: contact_form(key, contact, submit="Save contact"),
                lambda contact: save_contact(db, contact),
            )
            delete_button(
                "contact",
                contact.id,
                f"Delete **{md(contact.name)}**? Their links to interviews and applications and their open "
                "follow-ups go too; follow-ups already done stay.",
                lambda: delete_contact(db, contact.id),
            )

st.divider()
st.header("References", anchor="references")
st.caption(
    "Attach each reference you give an employer: Debrief plans a heads-up to them 48 hours after the "
    "application's first technical (or later) interview, before anyone calls."
)
usage = reference_usage(con, date.today())
for reference in usage[usage["over_asked"]].itertuples():
    st.warning(
        f"You have given {md(reference.name)}'s name out {reference.recent} times in {USAGE_WINDOW_DAYS} days: "
        "check in with them before giving it again.",
        icon=":material/front_hand:",
    )

applications_held = count_applications(con)
if applications_held == 0:
    st.info("Add an application first; then attach the references you give for it here.", icon=":material/work:")
    st.page_link("pages/applications.py", label="Add an application", icon=":material/add:")
elif usage.empty:
    st.info(
        "No references yet: add a contact of kind Reference above, then attach it to an application here.",
        icon=":material/person_add:",
    )
else:
    # The picker offers the newest applications, any one a search finds, and the one already picked.
    picked_application = st.session_state.get("references-application")
    if applications_held > PICKER_SIZE:
        find, pick = st.columns([1, 2])
        find_application = find.text_input("Find an application", placeholder="Company or role", key="references-find")
    else:
        pick, find_application = st.container(), ""
    applications = applications_for_references(
        con,
        ApplicationPicker(
            search=find_application,
            limit=PICKER_SIZE,
            including=(picked_application,) if isinstance(picked_application, int) else (),
        ),
    )
    titles = {
        int(a.id): f"{a.company}: {a.role}"
        + (f" (applied {a.applied_on:%Y-%m-%d})" if pd.notna(a.applied_on) else " (date applied unknown)")
        for a in applications.itertuples()
    }
    application_id = pick.selectbox(
        "Application",
        list(titles),
        format_func=titles.get,
        placeholder="No application matches this search",
        key="references-application",
    )
    if applications_held > PICKER_SIZE:
        pick.caption(f"Your {PICKER_SIZE} newest applications, or those matching your search.")
    if application_id is None:
        st.caption("No application matches this search.")
    else:
        attached = references_of(con, application_id)
        if attached.empty:
            st.caption("No references attached to this application yet.")
        else:
            table(attached, REFERENCE_COLUMNS)

        attach, detach = st.columns(2)
        references = {int(r.contact_id): f"{r.name} ({given_out(int(r.recent))})" for r in usage.itertuples()}
        attached_names = {int(r.contact_id): r.name for r in attached.itertuples()}
        with attach.container(border=True):
            to_attach = record_picker(
                "Reference to attach",
                {i: reference for i, reference in references.items() if i not in attached_names},
                "Choose a reference",
                nothing="Every reference is attached",
                key=f"attach-{application_id}",
            )
            if st.button("Attach", icon=LINK, disabled=to_attach is None, key=f"attach-button-{application_id}"):
                act(lambda: attach_reference(db, application_id, to_attach), done="Reference attached", icon=LINK)
        with detach.container(border=True):
            to_detach = record_picker(
                "Attached reference", attached_names, "Choose a reference to take off", key=f"detach-{application_id}"
            )
            if st.button("Detach", icon=UNLINK, disabled=to_detach is None, key=f"detach-button-{application_id}"):
                act(
                    lambda: detach_reference(db, application_id, to_detach),
                    done="Detached; its open heads-up is off your follow-ups.",
                    icon=UNLINK,
                )

    st.subheader("How often each reference was given out")
    table(usage, USAGE_COLUMNS)
