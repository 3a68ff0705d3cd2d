"""A NUL character written through a YAML escape (`"\\0"`, `"\\u0000"`, `"\\x00"`) in any PostgreSQL state file.

PostgreSQL stores no NUL in a name or a text value, and psycopg refuses to send one, so such a file used to end
`plan` in "internal error (DataError)". Raw NUL bytes were already refused when a file is read; the escapes are
now refused where they are parsed, naming file, line and field, before anything is sent to the server.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli, StateDir, assert_refused_at_load

MESSAGE = "text holds a NUL character (\\0), which PostgreSQL cannot store"
TABLE = "schemas:\n  public:\n    tables:\n      items:\n        columns: {id: integer, name: text}\n"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('schemas:\n  public: {}\ncomment: "a\\0b"\n', ":4: comment: "),
        ('schemas:\n  "pub\\u0000lic": {}\n', ":3: schemas.<key>: "),
        (TABLE.replace("name: text", 'name: "te\\x00xt"'), ":6: schemas.public.tables.items.columns.name: "),
        (TABLE + "        checks: [\"name <> '\\0'\"]\n", ":7: schemas.public.tables.items.checks.0: "),
        (TABLE + '        comment: "\\U00000000"\n', ":7: schemas.public.tables.items.comment: "),
    ],
)
def test_a_nul_escape_in_a_database_file_is_refused_at_load(cli: Cli, state: StateDir, body: str, where: str) -> None:
    path = state.write(body)
    assert_refused_at_load(cli, state.root, "postgres", f"postgres/{path.name}{where}{MESSAGE}")


def test_a_nul_escape_in_the_database_name_is_refused_at_load(cli: Cli, state: StateDir) -> None:
    path = state.root / "postgres" / "app.yaml"
    path.write_text('database: "app\\0"\nschemas:\n  public: {}\n')
    assert_refused_at_load(cli, state.root, "postgres", f"postgres/app.yaml:1: database: {MESSAGE}")


def test_a_nul_escape_in_a_seed_file_or_the_roles_file_is_refused_at_load(cli: Cli, state: StateDir) -> None:
    state.write(TABLE)
    seeds = state.root / "seeds" / state.dbname
    seeds.mkdir(parents=True)
    (seeds / "items.yaml").write_text('table: items\nkey: [id]\nrows:\n  - {id: 1, name: "a\\0"}\n')
    assert_refused_at_load(cli, state.root, "postgres", f"items.yaml:4: rows.0.name: {MESSAGE}")
    (seeds / "items.yaml").unlink()
    (state.root / "postgres" / "_roles.yaml").write_text('roles:\n  "app\\u0000": {}\n')
    assert_refused_at_load(cli, state.root, "postgres", f"postgres/_roles.yaml:2: roles.<key>: {MESSAGE}")
