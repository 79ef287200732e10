"""The schema's one list of tables is the list the migrations make: every table, its role, in link order."""

from __future__ import annotations

from data.store.schema import LINK_TABLES, RECORD_TABLES, TABLES
from data.transfer.csv_format import FILES


def test_the_list_names_every_table_the_migrations_create_and_no_other(db):
    made = db.cursor().execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    )
    assert set(TABLES) == {name for (name,) in made.fetchall()} - {"schema_version"}


def test_each_table_comes_after_the_tables_it_links_to(db):
    links = db.cursor().execute(
        "SELECT table_name, referenced_table FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'"
    )
    position = {table: i for i, table in enumerate(TABLES)}
    found = links.fetchall()
    assert ("interviews", "applications") in found  # the query sees the links
    assert [(table, target) for table, target in found if position[target] >= position[table]] == []


def test_each_record_is_numbered_by_its_own_sequence(db):
    ids = db.cursor().execute(
        "SELECT table_name, column_default FROM information_schema.columns WHERE column_name = 'id'"
    )
    assert dict(ids.fetchall()) == {table: f"nextval('{table}_id_seq')" for table in RECORD_TABLES}


def test_each_link_is_keyed_by_the_two_records_it_ties(db):
    keys = db.cursor().execute(
        "SELECT table_name, constraint_type, constraint_column_names, referenced_table FROM duckdb_constraints()"
        " WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
    )
    found = keys.fetchall()
    for table in LINK_TABLES:
        key = next(columns for name, kind, columns, _ in found if name == table and kind == "PRIMARY KEY")
        tied = {columns[0]: target for name, kind, columns, target in found if name == table and kind == "FOREIGN KEY"}
        assert len(key) == 2 and set(key) == set(tied) and set(tied.values()) <= set(RECORD_TABLES), table


def test_debriefs_csv_format_has_a_file_for_each_record_in_the_schemas_order():
    assert list(FILES) == ["applications", "interviews", "reflections", "contacts", "follow_ups"]
    assert tuple(FILES) == RECORD_TABLES
