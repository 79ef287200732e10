"""Texts that try to break out of where they are shown or stored, shared by the hostile-input tests.

Each must be stored and shown exactly as typed, as text: no HTML, no script, no
link, no image, no SQL, no layout trick takes effect.
"""

from __future__ import annotations

MARKER = "window.__pwned"

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMAGE_ONERROR = '<img src=x onerror="window.__pwned=1;alert(1)">'
SVG_ONLOAD = '<svg onload="window.__pwned=1">'
JAVASCRIPT_LINK = '<a href="javascript:window.__pwned=1">click</a>'
MARKDOWN_LINK = "[click me](javascript:window.__pwned=1)"
MARKDOWN_IMAGE = "![x](http://example.invalid/x.png)"
MARKDOWN_AUTOLINK = "<http://example.invalid/track>"
SQL = "'); DROP TABLE applications;--"
RIGHT_TO_LEFT = "\u202eevil.exe\u202c שלום مرحبا"
ZERO_WIDTH = "Ac\u200bme\u200d\ufeff"
EMOJI = "🚀 👩🏽‍💻 🇺🇦"
DIRECTIVES = ":red[big] :material/warning: $x^2$ **bold** `code` # heading"
HTML_ENTITY = "&lt;b&gt;not bold&lt;/b&gt; &amp;"

PAYLOADS = (
    SCRIPT,
    IMAGE_ONERROR,
    SVG_ONLOAD,
    JAVASCRIPT_LINK,
    MARKDOWN_LINK,
    MARKDOWN_IMAGE,
    MARKDOWN_AUTOLINK,
    SQL,
    RIGHT_TO_LEFT,
    ZERO_WIDTH,
    EMOJI,
    DIRECTIVES,
    HTML_ENTITY,
)


def short(n: int, limit: int = 200) -> str:
    """A name-length text made of the payloads, different for each `n`, at most `limit` characters."""
    text = f"{n} {PAYLOADS[n % len(PAYLOADS)]} {SQL}"
    return text[:limit]


def long_note(limit: int = 10_000) -> str:
    """A note exactly `limit` characters long, every payload in it, several lines."""
    body = "\n".join(PAYLOADS) + "\n"
    return (body * (limit // len(body) + 1))[:limit]
