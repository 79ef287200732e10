"""Debrief's server: `streamlit run app.py` starts it, and each browser tab runs `debrief.py`.

Declared here rather than left to Streamlit's defaults so that Debrief's rules
for who may connect hold from the moment the server starts, before any page
runs (ui/server.py): requests under a name that is not this computer's own are
refused, and even the first visitor's first message names no folder of this
computer's.
"""

import streamlit as st

from ui.server import ONLY_THIS_COMPUTERS_NAMES, private_from_the_start

app = st.App("debrief.py", lifespan=private_from_the_start, middleware=ONLY_THIS_COMPUTERS_NAMES)
