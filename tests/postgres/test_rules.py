"""Rewrite rules against a real PostgreSQL: the README's example, what they do once applied, and the plan's words."""

from __future__ import annotations

import pytest

from reconciler.postgres.rules import read_definition, rule_sql
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example


def test_the_readme_example_applies_converges_and_the_rules_act(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write("schemas:\n  public:\n" + readme_example("### Rules: `rules:`"))
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    db = state.dbname
    sql(pg_url, db, "INSERT INTO accounts VALUES (1, 10, false), (2, 20, true)")
    sql(pg_url, db, "INSERT INTO people VALUES (1, 'a', true)")
    sql(pg_url, db, "UPDATE accounts SET balance = balance + 5")
    assert sql(pg_url, db, "SELECT id, balance FROM accounts ORDER BY id") == [(1, 15), (2, 20)]  # 2 is frozen
    assert sql(pg_url, db, "SELECT account_id, delta FROM journal") == [(1, 5)]
    sql(pg_url, db, "DELETE FROM active_people")
    assert sql(pg_url, db, "SELECT id, active FROM people") == [(1, False)]
    enabled = (
        "SELECT r.rulename, r.ev_enabled FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
        "WHERE r.rulename <> '_RETURN' AND c.relnamespace = 'public'::regnamespace ORDER BY 1"
    )
    assert sql(pg_url, db, enabled) == [
        ("announce", "O"),
        ("journal", "A"),
        ("no_frozen_updates", "O"),
        ("soft_delete", "O"),
    ]


def test_a_new_action_is_create_or_replace_and_keeps_how_the_rule_fires(cli: Cli, state: StateDir, pg_url: str) -> None:
    base = """
schemas:
  public:
    tables:
      log: {columns: {what: text}}
      t:
        columns: {id: integer}
        rules:
          note: {event: insert, actions: ["INSERT INTO log VALUES ('{what}')"], enabled: replica, comment: kept}
"""
    state.write(base.replace("{what}", "one"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(base.replace("{what}", "two"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "CREATE OR REPLACE RULE note AS ON INSERT TO public.t DO ALSO (INSERT INTO log VALUES ('two'))" in cli.out
    assert "DROP RULE" not in cli.out and "COMMENT ON RULE" not in cli.out and "ENABLE REPLICA" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    query = "SELECT ev_enabled, obj_description(oid, 'pg_rewrite') FROM pg_rewrite WHERE rulename = 'note'"
    assert sql(pg_url, state.dbname, query) == [("R", "kept")]


DEFINITIONS = [
    ("CREATE RULE r AS\n    ON DELETE TO s.t DO INSTEAD NOTHING;", ("delete", True, None, [])),
    (
        'CREATE RULE "Do It" AS\n    ON UPDATE TO "S"."T"\n'
        "   WHERE ((new.a <> 'x DO y;'::text) AND (\"do\" > 0)) DO  NOTIFY t;",
        ("update", False, "((new.a <> 'x DO y;'::text) AND (\"do\" > 0))", ["NOTIFY t"]),
    ),
    (
        "CREATE RULE r AS\n    ON INSERT TO s.t DO INSTEAD ( INSERT INTO u (a)\n  VALUES ('a;b');\n SELECT (1);\n);",
        ("insert", True, None, ["INSERT INTO u (a)\n  VALUES ('a;b')", "SELECT (1)"]),
    ),
]


@pytest.mark.parametrize(("definition", "parts"), DEFINITIONS)
def test_pg_get_ruledef_text_comes_apart_at_its_own_words(definition: str, parts: tuple[object, ...]) -> None:
    read = read_definition(definition)
    assert (read.event, read.instead, read.where, read.actions) == parts


def test_one_command_is_still_written_as_a_list() -> None:
    assert rule_sql("r", "s.t", "update", False, "new.a > 0", ["NOTIFY t"]) == (
        "CREATE RULE r AS ON UPDATE TO s.t WHERE (new.a > 0) DO ALSO (NOTIFY t)"
    )
