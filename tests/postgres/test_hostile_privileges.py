"""Hostile grants in state files: grantee and role names are quoted names, privileges a closed list.

Each payload tries to end its slot in a GRANT or ALTER DEFAULT PRIVILEGES and
drop a table in a schema the state does not declare. validate, plan and apply
must exit 1 naming the file and field, and the server must show that nothing
ran (hostile.py's HostileDb: the other schema's table is still there, the
managed schema is as it was, and the payload reached the server only inside a quoted name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from devtools import pgcluster
from tests.conftest import Cli, StateDir
from tests.postgres.hostile import HostileDb, base_state, items_table, server_log, snapshot, write_state

NAME = 'x" TO PUBLIC; DROP TABLE other.victim; --'
PRIVILEGE = "select ON items TO PUBLIC; DROP TABLE other.victim; --"
QUOTE = '"'

Mutation = Callable[[dict[str, Any]], None]

# (what is mutated, the field the error names, what the message says)
REFUSED: list[tuple[Mutation, str, str]] = [
    (
        lambda d: items_table(d).update(grants={NAME: ["select"]}),
        "schemas.public.tables.items.grants",
        "does not exist",
    ),
    (
        lambda d: items_table(d).update(grants={"reader": [PRIVILEGE]}),
        "schemas.public.tables.items.grants",
        "Input should be",
    ),
    (
        lambda d: items_table(d).update(
            grants={"reader": {"privileges": ["select"], "with_grant_option": [PRIVILEGE]}}
        ),
        "schemas.public.tables.items.grants",
        "Input should be",
    ),
    (
        lambda d: items_table(d)["columns"]["v"].update(grants={NAME: ["update"]}),
        "schemas.public.tables.items.columns.v.grants",
        "does not exist",
    ),
    (
        lambda d: d["schemas"]["public"]["views"]["item_emails"].update(column_grants={"email": {NAME: ["select"]}}),
        "schemas.public.views.item_emails.column_grants.email",
        "does not exist",
    ),
    (
        lambda d: d["schemas"]["public"]["views"]["item_emails"].update(column_grants={NAME: {"reader": ["select"]}}),
        "schemas.public.views.item_emails.column_grants",
        "does not exist",
    ),
    (lambda d: d["schemas"]["public"].update(grants={NAME: ["usage"]}), "schemas.public.grants", "does not exist"),
    (
        lambda d: d["schemas"]["public"].update(sequence_grants={"items_id_seq": {NAME: ["usage"]}}),
        "schemas.public.sequence_grants.items_id_seq",
        "does not exist",
    ),
    (
        lambda d: d["schemas"]["public"].update(default_privileges={NAME: {"tables": {"public": ["select"]}}}),
        "schemas.public.default_privileges",
        "does not exist",
    ),
    (
        lambda d: d["schemas"]["public"].update(default_privileges={"postgres": {"tables; DROP": {}}}),
        "schemas.public.default_privileges.postgres",
        "Input should be",
    ),
    # Database-wide default privileges (no IN SCHEMA): the same slots, at the top of the file.
    (
        lambda d: d.update(default_privileges={NAME: {"functions": {"public": []}}}),
        "default_privileges",
        "does not exist",
    ),
    (
        lambda d: d.update(default_privileges={"postgres": {"schemas": {NAME: ["usage"]}}}),
        "default_privileges.postgres.schemas",
        "does not exist",
    ),
    (
        lambda d: d.update(default_privileges={"postgres": {"tables": {"reader": [PRIVILEGE]}}}),
        "default_privileges.postgres.tables.reader",
        "Input should be",
    ),
    (
        lambda d: d.update(default_privileges={"postgres": {"tables; DROP": {}}}),
        "default_privileges.postgres",
        "Input should be",
    ),
    (
        lambda d: d.update(default_privileges={"postgres": {"tables": {"public": ["execute"]}}}),
        "default_privileges.postgres.tables.public",
        "PostgreSQL rejects",
    ),
    # Grants on foreign-data wrappers and servers: grantees are quoted names.
    (
        lambda d: d.update(foreign_data_wrappers={"loose": {"grants": {NAME: ["usage"]}}}),
        "foreign_data_wrappers.loose.grants",
        "does not exist",
    ),
    (
        lambda d: d.update(
            foreign_data_wrappers={"loose": {}},
            servers={"sink": {"foreign_data_wrapper": "loose", "grants": {NAME: []}}},
        ),
        "servers.sink.grants",
        "does not exist",
    ),
    # Grants on an extension's members: the member is a name PostgreSQL looks up, never SQL.
    (
        lambda d: d.update(extensions=[{"name": "hstore", "member_grants": {f"function {PRIVILEGE}": {}}}]),
        "extensions.0.member_grants",
        "outside double quotes",
    ),
    (
        lambda d: d.update(extensions=[{"name": "hstore", "member_grants": {"function hstore(text); --": {}}}]),
        "extensions.0.member_grants",
        "outside double quotes",
    ),
    (
        lambda d: d.update(
            extensions=[{"name": "hstore", "member_grants": {f'function "{NAME.replace(QUOTE, QUOTE * 2)}"(text)': {}}}]
        ),
        "extensions.0.member_grants",
        "names nothing",
    ),
    (
        lambda d: d.update(extensions=[{"name": "hstore", "member_grants": {"function abs(integer)": {}}}]),
        "extensions.0.member_grants.function abs(integer)",
        "is not an object of extension 'hstore'",
    ),
    (
        lambda d: d.update(
            extensions=[{"name": "hstore", "member_grants": {"function hstore(text, text)": {NAME: []}}}]
        ),
        "extensions.0.member_grants.function hstore(text, text)",
        "does not exist",
    ),
    (
        lambda d: d.update(
            extensions=[{"name": "hstore", "member_grants": {"function hstore(text, text)": {"public": [PRIVILEGE]}}}]
        ),
        "extensions.0.member_grants.function hstore(text, text).public",
        "Input should be",
    ),
    (
        lambda d: d.update(extensions=[{"name": "hstore", "member_grants": {"type hstore": {"public": ["select"]}}}]),
        "extensions.0.member_grants.type hstore",
        "PostgreSQL rejects",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    REFUSED,
    ids=[c[1].removeprefix("schemas.public.") + f"-{i}" for i, c in enumerate(REFUSED)],
)
def test_grant_names_that_leave_their_slot_are_refused_before_anything_runs(
    cli: Cli,
    state: StateDir,
    pg_url: str,
    dbname: str,
    pg_cluster: pgcluster.Cluster,
    hostile_db: HostileDb,
    mutate: Mutation,
    field: str,
    message: str,
) -> None:
    doc = base_state()
    mutate(doc)
    path = write_state(state, doc)
    before = snapshot(pg_url, dbname)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        code = cli(*command, "--state", state.root)
        if command == ["validate"] and message.startswith(
            ("does not exist", "PostgreSQL rejects", "names nothing", "is not")
        ):
            continue  # a grantee or member is looked up, a privilege checked by the server: validate reads no catalog
        assert code == 1, (command, cli.out, cli.err)
        assert f"postgres/{path.name}:" in cli.err, cli.err
        assert field in cli.err, cli.err
        assert message in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    assert snapshot(pg_url, dbname) == before
    # The name reaches the server only inside a quoted identifier, never as a statement of its own.
    assert "statement: DROP TABLE other.victim" not in server_log(pg_cluster)
    assert "\tDROP TABLE other.victim" not in server_log(pg_cluster)
