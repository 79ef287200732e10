"""Who may see Debrief: pages opened under this computer's own names, and on a network only with the password.

Two checks run before any page, in this order:

1. The name the browser used (the request's `Host`) must be one of this
   computer's own (`localhost`, `127.0.0.1`, `[::1]`), the address Debrief is
   set to listen on, a name listed in Streamlit's `server.allowedHosts`, or an
   address written as numbers. Anything else is refused: a web page under a
   name of its own that resolves to this computer (DNS rebinding) could
   otherwise read Debrief from the user's browser. A rebinding needs a name,
   never an address written as numbers, so those stay allowed.
2. If Streamlit's `server.address` is anything but this computer, other
   computers can reach Debrief, so it shows no data until a password is
   configured (`DEBRIEF_PASSWORD`, else `password` in `.streamlit/secrets.toml`),
   strong enough for a network (`password_weakness`), and typed in this browser
   session. Wrong passwords make the next try wait (ui/sign_in_throttle.py).

Before the password is accepted, nothing names the user: not the database's
path, not the folder Debrief is installed in (`keep_this_computer_private`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import secrets as random_tokens
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import streamlit as st
from streamlit import config

from ui.sign_in_throttle import SignInThrottle, Wait

LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# Addresses that mean "every address of this computer", not one a browser would use.
EVERY_ADDRESS = frozenset({"", "0.0.0.0", "::", "[::]"})
PASSWORD_VARIABLE = "DEBRIEF_PASSWORD"
MIN_PASSWORD_LENGTH = 12
MIN_DIFFERENT_CHARACTERS = 5
_SIGNED_IN = "access-signed-in"
_CLIENT = "access-client"

# Shared by every session of this process: a guesser opening new tabs meets the same waits.
THROTTLE = SignInThrottle()


class SecretsFileUnreadable(Exception):
    """A secrets file exists but cannot be read as TOML; `where` names it without the user's folders."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def listening_address() -> str:
    """The address Streamlit listens on; empty means every address of this computer."""
    return (config.get_option("server.address") or "").strip()


def reachable_from_network() -> bool:
    """Whether other computers may reach this Debrief: any address but this computer's own."""
    return listening_address().lower() not in LOCAL_ADDRESSES


# The name the browser used


def request_host() -> str | None:
    """The `Host` header of this session's connection, or None when there is none (AppTest)."""
    try:
        host = st.context.headers.get("Host")
    except Exception:  # no browser connection at all
        return None
    return host if isinstance(host, str) else None


def _host_name(host: str) -> str | None:
    """The name in a `Host` header without its port, lower case, or None when it is not a valid one."""
    try:
        parts = urlsplit(f"//{host.strip()}")
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.hostname is None or parts.username is not None or parts.password is not None or parts.path:
        return None
    return parts.hostname.rstrip(".")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def known_host_names() -> frozenset[str]:
    """The names Debrief answers to besides addresses written as numbers (lower case, no brackets)."""
    names = {"localhost", "127.0.0.1", "::1"}
    for configured in (listening_address(), config.get_option("browser.serverAddress") or ""):
        name = _host_name(configured) if configured.strip().lower() not in EVERY_ADDRESS else None
        if name:
            names.add(name)
    for listed in config.get_option("server.allowedHosts") or []:
        name = _host_name(str(listed))
        if name:
            names.add(name)
    return frozenset(names)


def host_allowed(host: str | None) -> bool:
    """Whether a page opened under `host` (a `Host` header, port optional) may see Debrief.

    No header at all is not a browser (every browser sends one), so it is not a
    rebinding and passes.
    """
    if host is None:
        return True
    name = _host_name(host)
    if name is None:
        return False
    return name in known_host_names() or _is_address(name) or "*" in (config.get_option("server.allowedHosts") or [])


# The password


def _secrets_file_problem() -> SecretsFileUnreadable | None:
    """The first secrets file Streamlit would read that is not valid TOML, if any."""
    for path in config.get_option("secrets.files") or []:
        file = Path(path)
        if file.suffix != ".toml" or not file.is_file():
            continue
        try:
            tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as problem:
            return SecretsFileUnreadable(_where(file), f"it is not valid TOML ({problem})")
        except UnicodeDecodeError:
            return SecretsFileUnreadable(_where(file), "it is not text in UTF-8")
        except OSError as problem:
            return SecretsFileUnreadable(_where(file), f"it cannot be read ({problem.strerror})")
    return None


def _where(file: Path) -> str:
    """A secrets file named without the folders above Debrief's or the home folder (they name the user)."""
    for base, shown in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return shown + file.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return file.name


def configured_password() -> str | None:
    """The password set in `DEBRIEF_PASSWORD`, else `password` in `.streamlit/secrets.toml`.

    Raises `SecretsFileUnreadable` when there is no password in the environment
    and a secrets file exists but is malformed: the password may be in it.
    """
    from_environment = os.environ.get(PASSWORD_VARIABLE, "")
    if from_environment:
        return from_environment
    # load_if_toml_exists is False when there is no secrets file, and also when one cannot be read.
    if not st.secrets.load_if_toml_exists():
        problem = _secrets_file_problem()
        if problem is not None:
            raise problem
        return None
    value = st.secrets.get("password")
    return str(value) if value not in (None, "") else None


def password_weakness(password: str) -> str | None:
    """Why `password` is too weak for a network, or None when it is strong enough.

    At least `MIN_PASSWORD_LENGTH` characters of which at least
    `MIN_DIFFERENT_CHARACTERS` differ (refuses "1234", "aaaaaaaaaaaa"). The
    reason never tells the password's length or characters: anyone on the
    network may read it.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"it is shorter than {MIN_PASSWORD_LENGTH} characters"
    if len(set(password)) < MIN_DIFFERENT_CHARACTERS:
        return f"it uses fewer than {MIN_DIFFERENT_CHARACTERS} different characters"
    return None


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def _fingerprint(password: str) -> str:
    # The session keeps a digest, not the password; a changed password signs everyone out.
    return hashlib.sha256(password.encode()).hexdigest()


def password_matches(typed: str, password: str) -> bool:
    """Whether `typed` is `password`, in a time that depends on neither.

    Both are hashed to 32 bytes first: `hmac.compare_digest` takes constant time
    for inputs of one length, and the hashing itself does not stop early.
    """
    return hmac.compare_digest(_digest(typed), _digest(password))


def sign_in_client() -> str:
    """Who is typing, for the sign-in throttle: the browser's network address, else this session."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection at all
        address = None
    if isinstance(address, str) and address:
        return f"address {address}"
    if _CLIENT not in st.session_state:
        st.session_state[_CLIENT] = random_tokens.token_hex(8)
    return f"session {st.session_state[_CLIENT]}"


# The gate


def require_access() -> None:
    """Stop the page here unless this session may see the data."""
    keep_this_computer_private()
    if not host_allowed(request_host()):
        _instead_of_every_page(_explain_foreign_host)
    if not reachable_from_network():
        return
    try:
        password = configured_password()
    except SecretsFileUnreadable as problem:
        _instead_of_every_page(partial(_explain_unreadable_secrets, problem))
    if password is None:
        _instead_of_every_page(_explain_missing_password)
    weakness = password_weakness(password)
    if weakness is not None:
        _instead_of_every_page(partial(_explain_weak_password, weakness))
    signed_in = st.session_state.get(_SIGNED_IN)
    if signed_in is not None and hmac.compare_digest(signed_in, _fingerprint(password)):
        return
    _instead_of_every_page(partial(_sign_in_form, password))


def _instead_of_every_page(screen: Callable[[], None]) -> NoReturn:
    """Show `screen` as the app's only page, with no page list, and stop.

    As a page of its own navigation, not bare: Streamlit would otherwise stay in
    its pages-folder mode, list the page files in the sidebar, and drop the first
    click on the screen (the page a click is sent for would no longer exist).
    """
    # Under every page's own address too: a link to /applications shows this screen, not "Page not found",
    # and opens the Applications page once the screen lets the user in.
    page_addresses = sorted(path.stem for path in (Path(__file__).resolve().parent.parent / "pages").glob("*.py"))
    screens = [st.Page(screen, title="Debrief", url_path="sign-in", default=True)]
    screens += [st.Page(screen, title="Debrief", url_path=address) for address in page_addresses]
    st.navigation(screens, position="hidden").run()
    st.stop()


def _local_address() -> str:
    return f"http://localhost:{config.get_option('server.port')}"


def foreign_host_refusal() -> str:
    """Why a page under a foreign name shows nothing, and where to open Debrief instead (plain text)."""
    return (
        f"{_FOREIGN_HOST_TITLE}\n\n{_FOREIGN_HOST_WHY}\n\n"
        f"On this computer, open {_local_address()}\n\n{_FOREIGN_HOST_ELSEWHERE.replace('`', '')}\n"
    )


_FOREIGN_HOST_TITLE = "Debrief does not answer to this address"
_FOREIGN_HOST_WHY = (
    "This page was opened under a name that is not this computer's own, so Debrief shows nothing here. "
    "A web page can point a name of its own at your computer (DNS rebinding) to read Debrief from your "
    "browser; refusing unknown names stops that."
)
_FOREIGN_HOST_ELSEWHERE = (
    "From another device, use this computer's address written as numbers (such as `192.168.1.20`), "
    "or list the name you use under `allowedHosts` in the `[server]` section of `.streamlit/config.toml`."
)


def _explain(title: str, why: str, what_to_do: str, *, icon: str = ":material/lock:") -> None:
    """What stands instead of every page: what is wrong, why no data shows, and what to do about it."""
    st.title(title)
    st.error(why, icon=icon)
    st.markdown(what_to_do)


# Where a password is set, as both the missing and the weak password's advice ends.
_WHERE_THE_PASSWORD_GOES = (
    "then restart Debrief:\n"
    '- in `.streamlit/secrets.toml`, a line `password = "…"`, or\n'
    f"- the environment variable `{PASSWORD_VARIABLE}` (it wins over the file)."
)


def _explain_foreign_host() -> None:
    _explain(
        _FOREIGN_HOST_TITLE,
        _FOREIGN_HOST_WHY,
        f"On this computer, open <{_local_address()}>.\n\n{_FOREIGN_HOST_ELSEWHERE}",
        icon=":material/gpp_bad:",
    )


def _explain_missing_password() -> None:
    where = listening_address() or "every network address of this computer"
    _explain(
        "Debrief is reachable from your network",
        f"Debrief is set to listen on {where}, so other computers can open it. "
        "It shows none of your data until you set a password.",
        'Either keep Debrief on this computer only: set `address = "localhost"` under `[server]` '
        "in `.streamlit/config.toml` (as shipped), or remove the `--server.address` option.\n\n"
        f"Or set a password of at least {MIN_PASSWORD_LENGTH} characters, {_WHERE_THE_PASSWORD_GOES}",
    )


def _explain_weak_password(weakness: str) -> None:
    _explain(
        "Debrief's password is too weak for a network",
        f"Debrief can be reached from your network, and its password can be guessed: {weakness}. "
        "It shows none of your data until the password is stronger.",
        f"Set a password of at least {MIN_PASSWORD_LENGTH} characters (a few words you will remember, "
        f"such as a short sentence, are easy to type and hard to guess), {_WHERE_THE_PASSWORD_GOES}",
    )


def _explain_unreadable_secrets(problem: SecretsFileUnreadable) -> None:
    _explain(
        "Debrief cannot read its secrets file",
        f"`{problem.where}` is where Debrief's password is kept, but {problem.reason}. "
        "Debrief shows none of your data until the file is fixed.",
        "Open the file in a text editor and check the line named above. The password line reads exactly "
        '`password = "your passphrase"`, with straight double quotes. '
        f"Or set the password in the environment variable `{PASSWORD_VARIABLE}` instead. Then restart Debrief.",
    )


def _wait_text(wait: Wait) -> str:
    if wait.seconds >= 90:
        return f"{math.ceil(wait.seconds / 60)} minutes"
    seconds = math.ceil(wait.seconds)
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def _sign_in_form(password: str) -> None:
    st.title("Debrief")
    st.caption("This Debrief can be reached from your network. Type its password to see your data.")
    with st.form("sign-in", border=True):
        typed = st.text_input("Password", type="password", key="access-password")
        submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")
    if not submitted:
        return
    client = sign_in_client()
    wait = THROTTLE.wait(client)
    if not wait.may_try:
        # Refused unchecked: a try during a wait tells the guesser nothing.
        _tell_to_wait(wait)
        return
    if password_matches(typed, password):
        THROTTLE.succeeded(client)
        st.session_state[_SIGNED_IN] = _fingerprint(password)
        st.session_state.pop("access-password", None)
        st.rerun()
    THROTTLE.failed(client)
    st.error("That is not the password.", icon=":material/error:")
    after = THROTTLE.wait(client)
    if not after.may_try:
        _tell_to_wait(after)


def _tell_to_wait(wait: Wait) -> None:
    if wait.locked_out:
        st.error(
            f"Too many wrong passwords: signing in is locked for {_wait_text(wait)}. "
            "Nothing typed before then is checked. Restarting Debrief on its computer lifts the lock.",
            icon=":material/lock_clock:",
        )
    else:
        st.warning(
            f"Several wrong passwords: wait {_wait_text(wait)} before the next try. Each wrong one doubles the wait.",
            icon=":material/hourglass_top:",
        )


# Nothing about the user before the password


def keep_this_computer_private() -> None:
    """Keep the install folder out of every message to the browser, and empty `/_stcore/metrics`.

    Streamlit sends the entry script's absolute path (often `/home/<name>/...`)
    at the start of every run, before any of Debrief's code decides who may
    see what; from now on it sends only the file's name. Its metrics endpoint
    answers anyone without a password with session counts; from now on it
    answers with no figures. And it would ask checkip.amazonaws.com for this
    computer's public address whenever a page of another site tries its
    websocket; from now on it takes `0.0.0.0`, an address it allows anyway.
    Idempotent; Streamlit internals that differ from
    1.67's are left alone (the tests in tests/reliability/test_network_exposure.py
    then fail).
    """
    _send_no_install_path()
    _publish_no_metrics()
    _ask_nobody_for_the_public_address()


# Marks a replacement of Streamlit's own function, so that it is replaced once (the page runs again and again).
_DEBRIEFS_OWN = "debrief_private"


def _send_no_install_path() -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession

    original = AppSession._create_new_session_message
    if getattr(original, _DEBRIEFS_OWN, False):
        return

    def new_session_message_without_install_path(self: AppSession, *args: Any, **kwargs: Any) -> ForwardMsg:
        message = original(self, *args, **kwargs)
        message.new_session.main_script_path = Path(message.new_session.main_script_path).name
        return message

    setattr(new_session_message_without_install_path, _DEBRIEFS_OWN, True)
    # Streamlit has no hook for this message: replacing its method is the point.
    AppSession._create_new_session_message = new_session_message_without_install_path  # type: ignore[method-assign]


def _publish_no_metrics() -> None:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    providers = getattr(Runtime.instance().stats_mgr, "_providers_by_family", None)
    if isinstance(providers, dict):
        providers.clear()


def _ask_nobody_for_the_public_address() -> None:
    from streamlit import net_util

    if getattr(net_util, "_external_ip", None) is None and hasattr(net_util, "_external_ip"):
        net_util._external_ip = "0.0.0.0"
