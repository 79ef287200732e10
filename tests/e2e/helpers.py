"""What the browser journeys share: picking rows in Streamlit's canvas-drawn tables."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

ROW_HEIGHT = 35  # Streamlit's dataframe rows and header are 35 CSS pixels tall


def _settled_box(table: Locator) -> dict:
    """The table's position once two readings in a row agree (the page may still be moving)."""
    previous = None
    for _ in range(50):
        box = table.bounding_box()
        if box is not None and box == previous:
            return box
        previous = box
        table.page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => r(true)))")
    raise AssertionError("the table never settled on screen")


def select_table_row(table: Locator, shows: Locator, row: int = 0, attempts: int = 4) -> None:
    """Tick the selection box of a data row (0 = first) of an `st.dataframe` until `shows` is visible.

    The grid is drawn on a canvas, so the row is found by position; a click that
    lands while Streamlit is still laying out the page is tried again.
    """
    for attempt in range(attempts):
        box = _settled_box(table)
        table.page.mouse.click(box["x"] + 16, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
        try:
            expect(shows).to_be_visible(timeout=4_000)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def settled(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the page's script (a first visit runs it twice).

    Typing into a widget while a run is still replacing the page can be lost;
    this waits on the app's own run state, not on time.
    """
    expect(page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")).to_have_count(1, timeout=timeout)
