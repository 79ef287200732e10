"""Reading a column of imported text into values, checking each cell as the store's forms do.

Each function takes a column of cells (text, indexed by spreadsheet row) and
returns the values, adding a problem for each cell that breaks a rule. The
rules and their wording are those of `data.store.validation`, applied to whole
columns at once so that a hundred thousand rows are checked in moments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from data.store.validation import Problem, email_field, max_length, not_before, one_of, required, url_field
from data.transfer.csv_format import unprotect
from data.transfer.import_files import ImportProblem, problems_of_a_kind

# The patterns below are written so that pandas can hand them to Arrow's regular
# expressions (RE2), which check a column at once: digits as [0-9] (RE2's \d knows no
# other digits; "٣" is not a whole number here), white space spelled out as
# str.isspace counts it (RE2's \s is ASCII only), and the end as \Z.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_DATE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"
_TIME = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\Z"
# The day of a time: its first ten characters or so, up to the blank or T.
_DAY_OF_TIME = r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[ T]"
# Nine digits at most: every id of a file fits in an integer.
_WHOLE = r"^[0-9]{1,9}\Z"
_DIGITS = r"^[0-9]+\Z"
_NEGATIVE = r"^-[0-9]+\Z"
# http(s)://host…, no white space: a shape `validation.url_field` always accepts.
_PLAIN_URL = f"^(?i:https?)://[^{_SPACES}/?#\\[\\]@:]+(?:[/?#][^{_SPACES}]*)?\\Z"


class Checker:
    """Collects the problems found in one file."""

    def __init__(self, file: str, *, unquote: bool = False):
        self.file = file
        # Debrief's own files mark formula-like texts with an apostrophe (see `csv_format.protect`).
        self.unquote = unquote
        self.problems: list[ImportProblem] = []

    def texts(self, cells: pd.Series) -> pd.Series:
        """The cells as the texts they stand for: trimmed, empty as no value, apostrophe marks removed."""
        values = clean_texts(cells)
        return unprotect(values) if self.unquote else values

    def each(self, failing: pd.Series, column: str, message: Callable[[Any], str]) -> None:
        """A problem for each cell of `failing` (row number → cell), worded by `message(cell)`.

        A cell is a text in most checks (a pair of times in `not_before`): pandas
        does not say which, hence `Any`.

        Cells alike are one problem with their count, and a kind with many values
        is listed up to a point (see `problems_of_a_kind`).
        """
        self.problems += problems_of_a_kind(self.file, column, failing, message)

    def text(self, cells: pd.Series, column: str, limit: int | None, *, is_required: bool = False) -> pd.Series:
        """Trimmed texts, empty ones as no value; checks presence and length."""
        values = self.texts(cells)
        if is_required:
            self.each(values[values.isna()], column, lambda _: required(column, None)[0].message)
        if limit is not None:
            lengths = values.str.len()
            self.each(values[lengths > limit], column, lambda v: max_length(column, v, limit)[0].message)
        return values

    def by_rule(self, values: pd.Series, column: str, rule: Callable[[str, str], list]) -> None:
        """Apply a one-value rule of `data.store.validation` to each distinct present value."""
        present = values.dropna()
        verdicts = {value: _verdict(rule, column, value) for value in present.unique()}
        bad = present[present.map(lambda v: bool(verdicts[v]))]
        self.each(bad, column, lambda v: verdicts[v][-1].message)

    def url(self, cells: pd.Series, column: str, limit: int) -> pd.Series:
        values = self.text(cells, column, limit)
        # Addresses of the plain shape url_field accepts pass at once; only the others are parsed one by one.
        plain = values.str.match(_PLAIN_URL).fillna(False).astype(bool)
        self.by_rule(values[~plain & (values.str.len() <= limit)], column, url_field)
        return values

    def email(self, cells: pd.Series, column: str, limit: int) -> pd.Series:
        values = self.text(cells, column, limit)
        self.by_rule(values[values.str.len() <= limit], column, email_field)
        return values

    def choice(
        self, cells: pd.Series, column: str, allowed: tuple[str, ...], default: str | None, *, is_required: bool
    ) -> pd.Series:
        """One of `allowed`, written as stored (`thank_you`) or as shown (`Thank you`)."""
        values = clean_texts(cells).str.lower().str.replace(" ", "_", regex=False)
        if default is not None:
            values = values.fillna(default)
        elif is_required:
            self.each(values[values.isna()], column, lambda _: required(column, None)[0].message)
        unknown = values.notna() & ~values.isin(allowed)
        original = clean_texts(cells)
        self.each(original[unknown], column, lambda v: f"'{v}' is not allowed; {one_of(column, v, allowed)[0].message}")
        return values

    def date(self, cells: pd.Series, column: str, *, is_required: bool = False) -> pd.Series:
        """Dates written YYYY-MM-DD, as midnight timestamps."""
        texts = clean_texts(cells)
        values = pd.to_datetime(texts.where(texts.str.match(_DATE), None), format="%Y-%m-%d", errors="coerce")
        self._when_unread(texts, values, column, _DATE, "YYYY-MM-DD", is_required)
        return values

    def time(self, cells: pd.Series, column: str, *, is_required: bool = False) -> pd.Series:
        """Times written YYYY-MM-DD HH:MM (seconds allowed), in local time."""
        texts = clean_texts(cells)
        shaped = texts.where(texts.str.match(_TIME), None)
        values = pd.to_datetime(shaped.str.replace("T", " ", regex=False), format="ISO8601", errors="coerce")
        # A time whose day is a real one: what is wrong is the time of day (25:61).
        days = texts.str.extract(_DAY_OF_TIME, expand=False)
        real_day = pd.to_datetime(days, format="%Y-%m-%d", errors="coerce").notna()
        self._when_unread(texts, values, column, _TIME, "YYYY-MM-DD HH:MM", is_required, real_day)
        return values

    def _when_unread(
        self,
        texts: pd.Series,
        values: pd.Series,
        column: str,
        shape: str,
        form: str,
        is_required: bool,
        real_day: pd.Series | None = None,
    ) -> None:
        if is_required:
            self.each(texts[texts.isna()], column, lambda _: required(column, None)[0].message)
        unread = texts.notna() & values.isna()
        right_shape = texts.str.match(shape).fillna(False).astype(bool)
        bad_time = unread & right_shape & (real_day if real_day is not None else False)
        self.each(
            texts[bad_time],
            column,
            lambda v: f"'{v}' is not a time of day: hours go from 00 to 23 and minutes from 00 to 59.",
        )
        self.each(texts[unread & right_shape & ~bad_time], column, lambda v: f"'{v}' is not a day of the calendar.")
        self.each(texts[unread & ~right_shape], column, lambda v: f"'{v}' is not a date written {form}.")

    def whole_number(self, cells: pd.Series, column: str, *, is_required: bool = False) -> pd.Series:
        """Whole numbers such as ids, as a nullable integer column."""
        texts = clean_texts(cells)
        if is_required:
            self.each(texts[texts.isna()], column, lambda _: required(column, None)[0].message)
        numeric = texts.str.match(_WHOLE).fillna(False).astype(bool)
        too_large = ~numeric & texts.str.match(_DIGITS).fillna(False).astype(bool)
        negative = texts.str.match(_NEGATIVE).fillna(False).astype(bool)
        self.each(
            texts[too_large], column, lambda v: f"'{v}' is too large for an id: Debrief reads ids of up to 9 digits."
        )
        self.each(texts[negative], column, lambda v: f"'{v}' must be positive: an id is a whole number from 0 up.")
        other = texts.notna() & ~numeric & ~too_large & ~negative
        self.each(texts[other], column, lambda v: f"'{v}' is not a whole number.")
        return texts.where(numeric).astype("Int64")

    def rating(self, cells: pd.Series, column: str, *, is_required: bool = False) -> pd.Series:
        """A rating from 1 to 5."""
        texts = clean_texts(cells)
        if is_required:
            self.each(texts[texts.isna()], column, lambda _: required(column, None)[0].message)
        good = texts.isin(["1", "2", "3", "4", "5"])
        self.each(texts[texts.notna() & ~good], column, lambda v: f"'{v}' is not a rating: use a whole number 1 to 5.")
        return pd.to_numeric(texts.where(good, None), errors="coerce").astype("Int64")

    def not_before(self, later: pd.Series, earlier: pd.Series, column: str, earlier_name: str) -> None:
        """`later` may not be on a day before `earlier`, as the store requires."""
        early = later.notna() & earlier.notna() & (later.dt.normalize() < earlier.dt.normalize())
        pairs = pd.Series(list(zip(later[early], earlier[early], strict=True)), index=later.index[early], dtype=object)
        self.each(
            pairs, column, lambda pair: not_before(column, pair[0].date(), pair[1].date(), earlier_name)[0].message
        )


def _verdict(rule: Callable[[str, str], list], column: str, value: str) -> list:
    try:
        return rule(column, value)
    except ValueError:  # urlparse refuses some addresses outright ("http://[x")
        return [Problem(column, "must be a web address starting with http:// or https://.")]


def clean_texts(cells: pd.Series) -> pd.Series:
    """Cells trimmed of surrounding white space, with empty cells as no value (as `validation.clean`)."""
    texts = cells.astype("str").str.strip()
    return texts.where(texts != "", None)
