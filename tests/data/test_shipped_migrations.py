"""A shipped migration is frozen text: the statements it executes never change, however its module is written.

The schema writes its statements from constants and small helpers (`NAME_MAX`,
`_one_of`); a change to one of them, or a new way of writing the module, must
leave every shipped migration's statements exactly as they shipped. Each
digest is the SHA-256 of a migration's statements joined by a NUL, as they
shipped (and as `Database` executes them, one by one).
"""

from __future__ import annotations

import hashlib

import pytest

from data.store.schema import MIGRATIONS

SHIPPED = {
    1: "49849e2904364024d3c6e039128eb13aca73e22fffe24a17e70130d6af3b5330",
    2: "b2c44d49428c519452943762d2f51a4cbd6232a50d55cd2705a7acbd45a9d9ee",
    3: "5ac5aea03a26aa6c29ed74caba9fb535564607992f425f21c55a80f372451ade",
    4: "20bfe5720735a421b1b098a7e1fcda06370062122392007ba5d6b11e03edc2be",
    5: "7316ffe5e5925640c2b3707c6ad37c63e4e8404b4bc097852822bab6f190f900",
}


def _digest(statements: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(statements).encode()).hexdigest()


@pytest.mark.parametrize("version", SHIPPED)
def test_a_shipped_migration_executes_exactly_the_statements_it_shipped_with(version):
    [migration] = [m for m in MIGRATIONS if m.version == version]
    assert _digest(migration.statements) == SHIPPED[version], (
        f"migration {version} has shipped: leave its statements as they are and add a new migration"
    )
