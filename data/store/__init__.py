"""The database and its records.

`db` opens the one file and writes through `Database.write`; `schema` holds the
migrations and the one list of tables; `reads` fetches whole results; `errors`
is the one family a page or the command line ever sees. Each record has its
module (`applications`, `interviews`, `reflections`, `contacts`, `follow_ups`,
`settings`); `today` and `prepare` hold the queries shaped for those screens.
"""
