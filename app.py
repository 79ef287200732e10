"""Debrief: reflect after each interview, follow up well, and see your job search in numbers.

`streamlit run app.py` reads this file in two ways. As the server starts, it
imports it once as a module: `app`, an `st.App`, declares Debrief's server, so
that its rules for who may connect hold before any page runs (ui/server.py).
Then each browser tab runs it as the page script: it sets up the page, opens
the database once and hands over to the page the user picked.
"""

import streamlit as st

from data.store.db import DatabaseUnavailable
from ui.access import require_access
from ui.data_page import forget_prepared
from ui.demo import demo_banner
from ui.flash import flash, show_flashed
from ui.recovery import show_recovery_notice
from ui.routing import leave_pages_folder_mode
from ui.server import ONLY_THIS_COMPUTERS_NAMES, private_from_the_start
from ui.store import database

if __name__ != "__main__":
    # Imported by `streamlit run app.py` as the server starts; a browser tab runs the script as __main__.
    app = st.App("app.py", lifespan=private_from_the_start, middleware=ONLY_THIS_COMPUTERS_NAMES)
else:
    # An emoji, not a Material icon: the browser would fetch a Material favicon from fonts.gstatic.com,
    # telling Google each time Debrief is opened. An emoji favicon is drawn locally.
    st.set_page_config(page_title="Debrief", page_icon="📝", layout="wide")
    leave_pages_folder_mode()
    # Nothing of the user's data, not even the file's path, before the password on a network address.
    require_access()

    try:
        db = database()
    except DatabaseUnavailable as problem:
        st.title("Debrief cannot open your data")
        st.error(problem.title, icon=":material/lock:")
        st.write(problem.advice)
        st.caption("Database file:")
        st.code(str(problem.path), language=None)
        st.stop()

    if db.migration_backup is not None and not st.session_state.get("told-about-migration"):
        st.session_state["told-about-migration"] = True
        flash(f"Debrief updated your database and kept a copy first: {db.migration_backup.name}", ":material/backup:")
    show_flashed()
    show_recovery_notice(db)
    demo_banner()

    pages = {
        "": [
            st.Page("pages/today.py", title="Today", icon=":material/today:", default=True),
            st.Page("pages/reflect.py", title="Reflect", icon=":material/edit_note:"),
            st.Page("pages/follow_ups.py", title="Follow-ups", icon=":material/outgoing_mail:"),
            st.Page("pages/prepare.py", title="Prepare", icon=":material/school:"),
            st.Page("pages/applications.py", title="Applications", icon=":material/work:"),
            st.Page("pages/contacts.py", title="Contacts", icon=":material/contacts:"),
            st.Page("pages/trends.py", title="Trends", icon=":material/monitoring:"),
            st.Page("pages/week.py", title="Week in review", icon=":material/summarize:"),
            st.Page("pages/data.py", title="Data", icon=":material/database:"),
            # Reached from Follow-ups (and wherever a draft asks for the user's name).
            st.Page("pages/your_details.py", title="Your details and templates", visibility="hidden"),
        ],
    }

    st.sidebar.caption(f"Your data: `{db.path}`")
    page = st.navigation(pages)
    if page.url_path != "data":
        forget_prepared()  # an import's files read on the Data page are let go once the user leaves it
    page.run()
