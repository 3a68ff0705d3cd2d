"""Hostile policy expressions and roles: SQL text from a pull request runs nothing the plan does not show.

The same payloads and checks as test_hostile.py, in the fields policies add:
`using` and `with_check` are each one expression (fragments.check_expression),
and role names are always quoted, so a payload there is only an unknown role.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, items_table, write_state


def with_policy(doc: dict[str, Any], **fields: Any) -> dict[str, Any]:
    items_table(doc)["row_level_security"] = True
    items_table(doc)["policies"] = {"items_policy": {"using": "v > 0", **fields}}
    return doc


REFUSED: list[tuple[str, str, str]] = [
    ("using", "true); {payload}; SELECT (1", "';' ends a statement"),
    ("using", "true) WITH CHECK (true", "closes a bracket it did not open"),
    ("using", "true -- {payload}", "comments are not allowed"),
    ("using", "true /* ) ; {payload} */", "comments are not allowed"),
    ("using", "v > 0, v < 10", "a ',' outside brackets"),
    ("using", "(v > 0", "opens a bracket it does not close"),
    ("using", "v > 'unterminated", "string constant is not closed"),
    ("with_check", "true); {payload}; --", "comments are not allowed"),
    ("with_check", "v > 0); {payload}; SELECT (1", "';' ends a statement"),
    ("with_check", "v > $x$ never closed", "quoted string is not closed"),
]


@pytest.mark.parametrize(("field", "template", "message"), REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED)])
def test_policy_text_that_leaves_its_slot_is_refused_before_anything_runs(
    pg_url: str, dbname: str, hostile_db: HostileDb, field: str, template: str, message: str
) -> None:
    doc = with_policy(base_state(), **{field: template.format(payload=hostile_db.payload)})
    hostile_db.refused(doc, [f"schemas.public.tables.items.policies.items_policy.{field}", message])
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_policy") == [(0,)]


def test_a_role_name_carrying_sql_is_only_a_role_that_does_not_exist(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    role = f"x; {hostile_db.payload}; --"[:63]
    path = write_state(state, with_policy(base_state(), roles=[role]))
    for command in (["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert cli(*command, "--state", state.root) == 1, (command, cli.out, cli.err)
        assert f"postgres/{path.name}:" in cli.err, cli.err
        assert "schemas.public.tables.items.policies.items_policy.roles.0: role " in cli.err, cli.err
        assert "does not exist on the server" in cli.err, cli.err
    hostile_db.untouched()
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_policy") == [(0,)]


def test_a_payload_inside_a_string_of_a_policy_is_stored_as_written(
    pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    payload = hostile_db.payload
    quoted = payload.replace("'", "''")
    hostile_db.stored(with_policy(base_state(), using=f"email <> '); {quoted}; --'", comment=f"'); {payload}; --"))
    [(comment,)] = sql(pg_url, dbname, "SELECT obj_description(oid, 'pg_policy') FROM pg_policy")
    assert comment == f"'); {payload}; --"
