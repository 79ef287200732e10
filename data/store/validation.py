"""The rules every record obeys before it is written, phrased for the user.

Each check returns `Problem`s (which field, and why in plain words) rather than
raising, so a form can show every problem at once and keep what was typed.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from data.store.errors import InvalidRecord, Problem
from data.store.schema import NAME_MAX, NOTE_MAX, URL_MAX

__all__ = ["InvalidRecord", "Problem"]

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def clean(text: str | None) -> str | None:
    """Trim surrounding white space; an empty text is no value."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def with_texts_cleaned(record: R, texts: tuple[str, ...]) -> R:
    """A copy of `record` (a dataclass) with each field named in `texts` passed through `clean`."""
    changes: dict[str, Any] = {name: clean(getattr(record, name)) for name in texts}
    return dataclasses.replace(record, **changes)


def required(field: str, value: object) -> list[Problem]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Problem(field, "is required.")]
    return []


def max_length(field: str, value: str | None, limit: int) -> list[Problem]:
    if value is not None and len(value) > limit:
        return [Problem(field, f"is {len(value):,} characters long; the limit is {limit:,}.")]
    return []


def name_field(field: str, value: str | None, *, is_required: bool = False) -> list[Problem]:
    """A short text such as a company, role or person's name (up to 200 characters)."""
    if is_required and required(field, value):
        return required(field, value)
    return max_length(field, value, NAME_MAX)


def note_field(field: str, value: str | None) -> list[Problem]:
    """A free text such as notes or feedback (up to 10,000 characters)."""
    return max_length(field, value, NOTE_MAX)


def url_field(field: str, value: str | None) -> list[Problem]:
    """A web address: http or https with a host, as copied from a browser."""
    if value is None:
        return []
    problems = max_length(field, value, URL_MAX)
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in value:
        problems.append(Problem(field, "must be a web address starting with http:// or https://."))
    return problems


def one_of(field: str, value: str | None, allowed: tuple[str, ...]) -> list[Problem]:
    if value not in allowed:
        return [Problem(field, f"must be one of {', '.join(allowed)}.")]
    return []


def not_before(field: str, later: date | None, earlier: date | None, earlier_name: str) -> list[Problem]:
    """`later` may not come before `earlier` (either may be missing)."""
    if later is not None and earlier is not None and later < earlier:
        return [Problem(field, f"cannot be before {earlier_name} ({earlier:%Y-%m-%d}).")]
    return []


def email_field(field: str, value: str | None) -> list[Problem]:
    if value is None:
        return []
    problems = name_field(field, value)
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or " " in value:
        problems.append(Problem(field, "does not look like an email address (name@example.com)."))
    return problems
