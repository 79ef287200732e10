"""Who may see Debrief: anyone at this computer, and on a network only with the password.

Debrief ships listening on localhost. If its `server.address` is changed to
anything else, other computers can reach it, so it shows no data until a
password is configured (`password` in `.streamlit/secrets.toml`, or the
`DEBRIEF_PASSWORD` environment variable) and this browser session has typed it.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import streamlit as st
from streamlit import config

LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
PASSWORD_VARIABLE = "DEBRIEF_PASSWORD"
_SIGNED_IN = "access-signed-in"


def listening_address() -> str:
    """The address Streamlit listens on; empty means every address of this computer."""
    return (config.get_option("server.address") or "").strip()


def reachable_from_network() -> bool:
    """Whether other computers may reach this Debrief: any address but this computer's own."""
    return listening_address().lower() not in LOCAL_ADDRESSES


def configured_password() -> str | None:
    """The password set in `DEBRIEF_PASSWORD`, else `password` in `.streamlit/secrets.toml`."""
    from_environment = os.environ.get(PASSWORD_VARIABLE, "")
    if from_environment:
        return from_environment
    # load_if_toml_exists is False when there is no secrets file (or it cannot be read).
    if not st.secrets.load_if_toml_exists():
        return None
    value = st.secrets.get("password")
    return str(value) if value not in (None, "") else None


def _fingerprint(password: str) -> str:
    # The session keeps a digest, not the password; a changed password signs everyone out.
    return hashlib.sha256(password.encode()).hexdigest()


def password_matches(typed: str, password: str) -> bool:
    """Whether `typed` is `password`, compared in constant time."""
    return hmac.compare_digest(typed.encode(), password.encode())


def require_access() -> None:
    """Stop the page here unless this session may see the data."""
    if not reachable_from_network():
        return
    password = configured_password()
    if password is None:
        _instead_of_every_page(_explain_missing_password)
    signed_in = st.session_state.get(_SIGNED_IN)
    if signed_in is not None and hmac.compare_digest(signed_in, _fingerprint(password)):
        return
    _instead_of_every_page(lambda: _sign_in_form(password))


def _instead_of_every_page(screen) -> None:
    """Show `screen` as the app's only page, with no page list, and stop.

    As a page of its own navigation, not bare: Streamlit would otherwise stay in
    its pages-folder mode, list the page files in the sidebar, and drop the first
    click on the screen (the page a click is sent for would no longer exist).
    """
    st.navigation([st.Page(screen, title="Debrief", url_path="sign-in", default=True)], position="hidden").run()
    st.stop()


def _explain_missing_password() -> None:
    where = listening_address() or "every network address of this computer"
    st.title("Debrief is reachable from your network")
    st.error(
        f"Debrief is set to listen on {where}, so other computers can open it. "
        "It shows none of your data until you set a password.",
        icon=":material/lock:",
    )
    st.markdown(
        'Either keep Debrief on this computer only: set `address = "localhost"` under `[server]` '
        "in `.streamlit/config.toml` (as shipped), or remove the `--server.address` option.\n\n"
        "Or set a password, then restart Debrief:\n"
        '- in `.streamlit/secrets.toml`, a line `password = "…"`, or\n'
        f"- the environment variable `{PASSWORD_VARIABLE}`."
    )


def _sign_in_form(password: str) -> None:
    st.title("Debrief")
    st.caption("This Debrief can be reached from your network. Type its password to see your data.")
    with st.form("sign-in", border=True):
        typed = st.text_input("Password", type="password", key="access-password")
        submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")
    if not submitted:
        return
    if password_matches(typed, password):
        st.session_state[_SIGNED_IN] = _fingerprint(password)
        st.session_state.pop("access-password", None)
        st.rerun()
    st.error("That is not the password.", icon=":material/error:")
