"""Week in review: one week of the search, to look back on or to send to a friend or coach."""

from datetime import datetime, timedelta

import streamlit as st

from analytics.week_review import Sharing, read_week_review, review_html, review_markdown
from analytics.weekly import monday_of
from data.store.settings import weekly_goal
from ui.store import reader

con = reader()
now = datetime.now()
st.title("Week in review")
st.caption(
    "How a week went, in a few lines you can copy or print for a friend or coach. It stays here until you send it."
)

picked = st.date_input(
    "Week",
    value=monday_of(now.date()) - timedelta(days=7),
    max_value=now.date(),
    format="YYYY-MM-DD",
    help="Any day of the week: the review runs from its Monday to its Sunday.",
    key="week-day",
)
monday = monday_of(picked or now.date())
review = read_week_review(con, monday, now, weekly_goal(con))
activity = review.activity
st.caption(f"Monday {monday:%d %B} to Sunday {monday + timedelta(days=6):%d %B %Y}.")

sent, interviews, on_time, missed = st.columns(4, border=True)
sent.metric(f"Applications sent (goal {review.goal:,})", f"{activity['applications']:,}")
interviews.metric("Interviews held", f"{activity['interviews']:,}")
on_time.metric("Follow-ups done on time", f"{activity['done_on_time']:,} of {activity['follow_ups']:,}")
missed.metric(
    "Done late or not done",
    f"{activity['done_late'] + activity['not_done']:,}",
    help=f"{activity['done_late']:,} done late, {activity['not_done']:,} not done"
    + (f", {activity['skipped']:,} skipped." if activity["skipped"] else "."),
)

st.subheader("What to share")
st.caption("Only what is ticked goes into the text and the page below.")
left, right = st.columns(2)
sharing = Sharing(
    ratings=left.checkbox("Self-ratings, beside your usual ones", value=True, key="week-ratings"),
    stress=left.checkbox("Stress ratings", value=False, key="week-stress"),
    to_address=left.checkbox("What to address next time", value=True, key="week-to-address"),
    private_notes=right.checkbox("Private notes (anything else)", value=False, key="week-private"),
    coming=right.checkbox("What is coming next week", value=True, key="week-coming"),
)

st.code(review_markdown(review, sharing), language="markdown", wrap_lines=True)
st.caption("The copy button at the top right of the text copies it, ready to paste into a message.")
st.download_button(
    "Download a printable page",
    review_html(review, sharing),
    file_name=f"week-in-review-{monday:%Y-%m-%d}.html",
    mime="text/html",
    icon=":material/print:",
    key="week-download",
)
