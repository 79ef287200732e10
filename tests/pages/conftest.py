"""The page tests' names for the databases tests/conftest.py serves to the app's pages.

A page test asks for `search` (the small search of `build_small_search`) or
`empty` (an empty database), both served through `ui.store.serve`, and opens its
page with `open_page = page_opener(PAGE)`. A module that needs more in its
search (wider lapse windows, say) defines its own `search` on `served_search`.
"""

from __future__ import annotations

import pytest

from data.store.db import Database


@pytest.fixture
def search(served_search) -> tuple[Database, dict[str, int]]:
    """The small search, served to the pages: the database and its ids."""
    return served_search


@pytest.fixture
def empty(served) -> Database:
    """An empty database, served to the pages."""
    return served


@pytest.fixture
def shares_db(served) -> Database:
    """`empty` under the name the Applications and labels tests use."""
    return served
