"""Pickers of records: a selectbox of ids shown in words, empty until the user chooses."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def record_picker(
    label: str, choices: Mapping[int, str], placeholder: str, *, key: str, nothing: str | None = None
) -> int | None:
    """A picker of `choices` (a record's id → how it reads) that starts empty, saying `placeholder`; the id chosen.

    With nothing to choose it is off and says `nothing` (`placeholder` unless given).
    """
    return st.selectbox(
        label,
        list(choices),
        format_func=lambda choice: choices.get(choice, str(choice)),
        index=None,
        placeholder=placeholder if choices else nothing or placeholder,
        disabled=not choices,
        key=key,
    )
