"""Contacts: interviewers, references and recruiters, and which references went to which application."""

from datetime import date

import pandas as pd
import streamlit as st

from data.labels import labelled
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
from ui.actions import act, opened_version, save_edit, show_conflict
from ui.confirm import confirmed
from ui.forms import label
from ui.store import database, reader
from ui.tables import PAGE_SIZE, forget_selection_if_rows_changed, page_picker, table
from ui.text import md

# The application picker of the references offers the newest ones; a search reaches the others.
PICKER_SIZE = 100

CONTACT_COLUMNS = {
    "name": st.column_config.TextColumn("Name"),
    "kind": st.column_config.TextColumn("Kind"),
    "title": st.column_config.TextColumn("Title"),
    "company": st.column_config.TextColumn("Company"),
    "email": st.column_config.TextColumn("Email"),
    "phone": st.column_config.TextColumn("Phone"),
    "relationship": st.column_config.TextColumn("Relationship"),
    "interviews": st.column_config.NumberColumn("Interviews", help="Interviews they took part in"),
    "applications": st.column_config.NumberColumn("Given as reference", help="Applications you gave their name to"),
}
REFERENCE_COLUMNS = {
    "name": st.column_config.TextColumn("Reference"),
    "relationship": st.column_config.TextColumn("Relationship"),
    "email": st.column_config.TextColumn("Email"),
    "phone": st.column_config.TextColumn("Phone"),
    "attached_at": st.column_config.DatetimeColumn("Given on", format="YYYY-MM-DD"),
    "heads_up_due_at": st.column_config.DatetimeColumn("Heads-up due", format="YYYY-MM-DD HH:mm"),
    "heads_up_done_at": st.column_config.DatetimeColumn("Heads-up sent", format="YYYY-MM-DD HH:mm"),
}
USAGE_COLUMNS = {
    "name": st.column_config.TextColumn("Reference"),
    "relationship": st.column_config.TextColumn("Relationship"),
    "recent": st.column_config.NumberColumn(f"Given out in {USAGE_WINDOW_DAYS} days"),
    "total": st.column_config.NumberColumn("Given out in all"),
    "last_given": st.column_config.DateColumn("Last given", format="YYYY-MM-DD"),
}


def given_out(count: int) -> str:
    """How often a reference was given out lately, in words."""
    if count == 0:
        return f"not given out in {USAGE_WINDOW_DAYS} days"
    return f"given out {({1: 'once', 2: 'twice'}).get(count, f'{count} times')} in {USAGE_WINDOW_DAYS} days"


def contact_form(key: str, initial: Contact, *, submit: str) -> Contact | None:
    """The fields of a contact; returns the contact as typed when submitted, with the version it opened on."""
    version = opened_version(key, initial.updated_at, field="name")
    with st.form(key, clear_on_submit=False, border=True):
        left, right = st.columns(2)
        name = left.text_input("Name", value=initial.name, key=f"{key}-name")
        kind = right.selectbox(
            "Kind", CONTACT_KINDS, index=CONTACT_KINDS.index(initial.kind), format_func=label, key=f"{key}-kind"
        )
        left, right = st.columns(2)
        title = left.text_input("Title", value=initial.title or "", key=f"{key}-title")
        company = right.text_input("Company", value=initial.company or "", key=f"{key}-company")
        left, right = st.columns(2)
        email = left.text_input(
            "Email",
            value=initial.email or "",
            key=f"{key}-email",
            help="Thank-you notes and heads-ups open in your email program addressed to it.",
        )
        phone = right.text_input("Phone", value=initial.phone or "", key=f"{key}-phone")
        relationship = st.text_input(
            "Relationship",
            value=initial.relationship or "",
            key=f"{key}-relationship",
            placeholder="Former manager at Initech, 2021–2024",
        )
        notes = st.text_area("Notes", value=initial.notes or "", key=f"{key}-notes")
        if not st.form_submit_button(submit, type="primary", icon=":material/save:"):
            return None
    return Contact(name, kind, email, phone, title, company, relationship, notes, id=initial.id, updated_at=version)


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
    forget_selection_if_rows_changed("contacts-table", listed["id"].tolist())
    picked = table(
        labelled(listed),
        column_config=CONTACT_COLUMNS,
        column_order=list(CONTACT_COLUMNS),
        hide_index=True,
        placeholder="—",
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="contacts-table",
    )
    st.caption(
        f"{total:,} contact{'s' if total != 1 else ''}. Select one to edit or delete it."
        if total <= PAGE_SIZE
        else f"Showing {offset + 1:,}–{offset + len(listed):,} of {total:,} contacts. Select one to edit or delete it."
    )
    rows = picked.selection.rows
    contact = get_contact(con, int(listed.iloc[rows[0]]["id"])) if rows and rows[0] < len(listed) else None
    if contact is not None:
        with st.container(border=True):
            st.subheader(md(contact.name))
            edit_key = f"edit-contact-{contact.id}"
            show_conflict(edit_key)
            typed = contact_form(edit_key, contact, submit="Save contact")
            if typed is not None:
                save_edit(edit_key, lambda contact: save_contact(db, contact), typed)
            if confirmed(
                "delete-contact",
                contact.id,
                "Delete contact",
                f"Delete **{md(contact.name)}**? Their links to interviews and applications and their open "
                "follow-ups go too; follow-ups already done stay. A backup of your data is kept first.",
            ):
                act(
                    lambda: delete_contact(db, contact.id),
                    done=lambda backup: f"Deleted. A backup is in {md(backup.name)}",
                    icon=":material/delete:",
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
            table(
                attached,
                column_config=REFERENCE_COLUMNS,
                column_order=list(REFERENCE_COLUMNS),
                hide_index=True,
                placeholder="—",
                width="stretch",
            )

        attach, detach = st.columns(2)
        references = {int(r.contact_id): f"{r.name} ({given_out(int(r.recent))})" for r in usage.itertuples()}
        attached_names = {int(r.contact_id): r.name for r in attached.itertuples()}
        available = [i for i in references if i not in attached_names]
        with attach.container(border=True):
            to_attach = st.selectbox(
                "Reference to attach",
                available,
                format_func=references.get,
                index=None,
                placeholder="Every reference is attached" if not available else "Choose a reference",
                disabled=not available,
                key=f"attach-{application_id}",
            )
            if st.button(
                "Attach", icon=":material/link:", disabled=to_attach is None, key=f"attach-button-{application_id}"
            ):
                act(
                    lambda: attach_reference(db, application_id, to_attach),
                    done="Reference attached",
                    icon=":material/link:",
                )
        with detach.container(border=True):
            to_detach = st.selectbox(
                "Attached reference",
                list(attached_names),
                format_func=attached_names.get,
                index=None,
                placeholder="Choose a reference to take off",
                disabled=attached.empty,
                key=f"detach-{application_id}",
            )
            if st.button(
                "Detach", icon=":material/link_off:", disabled=to_detach is None, key=f"detach-button-{application_id}"
            ):
                act(
                    lambda: detach_reference(db, application_id, to_detach),
                    done="Detached; its open heads-up is off your follow-ups.",
                    icon=":material/link_off:",
                )

    st.subheader("How often each reference was given out")
    table(
        usage,
        column_config=USAGE_COLUMNS,
        column_order=list(USAGE_COLUMNS),
        hide_index=True,
        placeholder="—",
        width="stretch",
    )
