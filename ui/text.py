"""Showing the user's own words safely: as text, never as Markdown or HTML."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in Markdown; escaping
# them all also disarms Streamlit's :directives: and $math$.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")


def md(text: object) -> str:
    """`text` escaped so that Markdown shows it exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def problems_text(problems: list) -> str:
    """Validation problems as a Markdown list for `st.error`."""
    return "\n".join(f"- **{md(p.field)}** {md(p.message)}" for p in problems)
