"""Files in and out: Debrief's CSV, other trackers' exports, import and export.

`import_files` reads uploaded files and zips within bounded budgets,
`csv_format` and `foreign_formats` turn them into rows, `import_checks` finds
the problems, `importing` previews and writes them; `exporting` writes
Debrief's CSV and zip. A new tracker's format goes in `foreign_formats`.
"""
