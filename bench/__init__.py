"""Debrief's benchmark: how the app's speed, memory and payload grow with the size of the job search.

Run it with `python bench/run.py`; `docs/performance.md` explains the figures and holds the latest table.
"""
