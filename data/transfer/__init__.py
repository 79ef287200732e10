"""Files in and out: Debrief's CSV, other trackers' exports, import and export.

`csv_format` is Debrief's own format (a file for each record table of the
schema), `foreign_formats` other trackers' exports: a new tracker's format goes
there. An import runs in three stages, a module each, so that nothing is written
before the user has seen what will be:
1. `import_reading`: `prepare_import` turns the uploaded files into checked
   tables, one kind for each format, with every problem (reading the uploads
   and zips within bounded budgets is `import_files`, checking cells
   `import_checks`); no database yet.
2. `import_preview`: `preview_import` compares them with the database: what
   will be added, what is already there, what is left out.
3. `import_writing`: `run_import` refuses a plan with problems, takes a backup,
   then writes it all in one transaction.
`exporting` writes Debrief's CSV and zip.
"""
