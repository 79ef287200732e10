"""Debrief's data, by capability.

- `data.store`: the database and its records (applications, interviews,
  reflections, contacts, follow-ups, settings), the queries each screen reads,
  the one error family and the read helpers.
- `data.transfer`: files of other formats: Debrief's CSV, other trackers'
  exports, the import (reading, preview, writing) and the export.
- `data.operations`: what acts on the database as a whole: backup and restore,
  the integrity check, the demo.
- `data.labels`: the one set of words for stored values (stages, statuses,
  dimensions), plain words that every layer may read.

A new import format goes in `transfer`, a new kind of record or a screen's query
in `store`, a new whole-database operation in `operations`.
"""
