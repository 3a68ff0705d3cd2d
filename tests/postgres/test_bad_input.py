"""Bad state files: a message naming file, line and field, exit 1, and nothing applied."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Cli, StateDir, sql

GOOD_TABLE = """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
"""

CASES = {
    "malformed-yaml": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true
          name: text
""",
        8,
        "expected ',' or '}' (parsing a flow mapping that starts on line 7)",
    ),
    "unknown-key": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: text, colour: red}
""",
        8,
        "schemas.public.tables.items.columns.name.colour: unknown field",
    ),
    "wrong-type": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name:
            type: text
            nullable: maybe
""",
        10,
        "schemas.public.tables.items.columns.name.nullable: Input should be a valid boolean",
    ),
    "missing-required-field": (
        """
schemas:
  public:
    views:
      items:
        comment: no query
""",
        5,
        "schemas.public.views.items.query: required field is missing",
    ),
    "key-of-a-table-without-columns": (
        """
schemas:
  public:
    tables:
      items:
        primary_key: [id]
""",
        6,
        "schemas.public.tables.items.primary_key: column 'id' does not exist in table 'items'",
    ),
    "dangling-foreign-key": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          owner_id: {type: int, references: owners(id)}
""",
        8,
        "columns.owner_id.references: references table public.owners, which is not declared",
    ),
    "reference-to-non-unique-column": (
        """
schemas:
  public:
    tables:
      owners:
        columns:
          id: {type: serial, primary_key: true}
          email: text
      items:
        columns:
          id: {type: serial, primary_key: true}
          owner_email: {type: text, references: owners(email)}
""",
        12,
        "carry no primary key or unique constraint",
    ),
    "duplicate-yaml-key": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
      items:
        columns:
          id: int
""",
        8,
        "schemas.public.tables.items: duplicate key 'items' (first defined on line 5)",
    ),
    "index-named-like-a-table": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
        indexes:
          items: [id]
""",
        9,
        "index name 'items' is already used by schemas.public.tables.items",
    ),
    "unknown-index-column": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
        indexes:
          idx_items_name: [name]
""",
        9,
        "column 'name' does not exist in table 'items'",
    ),
    "undeclared-trigger-function": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
        triggers:
          items_touch: {timing: before, events: [update], function: touch}
""",
        9,
        "function 'touch' is not declared in schema 'public'",
    ),
    "type-postgresql-rejects": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name: varchr(10)
""",
        8,
        'schemas.public.tables.items.columns.name: PostgreSQL rejects this: type "varchr" does not exist',
    ),
    "expression-postgresql-rejects": (
        """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
        indexes:
          idx_bad: {columns: [id], where: "no_such_column > 0"}
""",
        9,
        'PostgreSQL rejects this: column "no_such_column" does not exist',
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_located_and_nothing_is_applied(case: str, cli: Cli, state: StateDir, pg_url: str) -> None:
    body, line, message = CASES[case]
    path = state.write(body)
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    location = f"{path.relative_to(state.root.parent)}:{line}:"
    assert location in cli.err, cli.err
    assert message in re.sub(r"\s+", " ", cli.err), cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{state.dbname}'") == [(0,)]


def test_validate_reports_every_problem_at_once_without_a_server(
    cli: Cli, state: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECONCILE_POSTGRES_URL")
    state.write(GOOD_TABLE.replace("primary_key: true}", "primary_key: true, colour: red}"), name="first")
    state.write(GOOD_TABLE + "          owner_id: {type: int, references: owners(id)}\n", name="second")
    assert cli("validate", "--state", state.root) == 1
    assert "2 problems" in cli.err
    assert "first.yaml:7: schemas.public.tables.items.columns.id.colour: unknown field" in cli.err
    assert "second.yaml:8: schemas.public.tables.items.columns.owner_id.references" in cli.err


def test_bad_input_in_an_existing_database_changes_nothing(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(GOOD_TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    state.write(GOOD_TABLE + "          name: {type: text, nullable: nope}\n      more:\n        columns: {id: int}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    tables = sql(
        pg_url,
        state.dbname,
        "SELECT string_agg(relname, ',') FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
    )
    assert tables == [("items",)]


@pytest.mark.parametrize(
    ("lines", "field", "message"),
    [
        ('        cluster_on: "x; DROP TABLE plain"\n', "cluster_on", "no index or key"),
        ("        indexes:\n          plain_id: {columns: [id], only: true}\n", "only", "needs a partitioned table"),
        ("        primary_key: {columns: [id], index_comment: x}\n", "primary_key", "needs a name"),
        ("        primary_key: {name: plain_pkey, columns: [id], only: true}\n", "only", "needs a partitioned table"),
        ("        unique:\n          - {name: plain_key, columns: [id], only: true}\n", "unique.0.only", "partitioned"),
        ("        primary_key: {columns: [id], only: true}\n", "primary_key", "needs a name"),
    ],
    ids=[
        "cluster_on_names_no_index",
        "only_on_a_plain_table",
        "index_comment_without_the_key_name",
        "key_only_on_a_plain_table",
        "unique_key_only_on_a_plain_table",
        "key_only_without_its_name",
    ],
)
def test_table_field_that_does_not_fit_the_table_is_refused(
    state: StateDir, cli: Cli, lines: str, field: str, message: str
) -> None:
    """`cluster_on` naming no index or key, `only: true` on a table that is not partitioned, a comment on a key's
    index or a key added ON ONLY with no name to find it by: file, line, field."""
    path = state.write("schemas:\n  public:\n    tables:\n      plain:\n        columns: {id: bigint}\n" + lines)
    assert cli("validate", "--state", state.root, "--only", "postgres") == 1
    output = cli.out + cli.err
    assert f"{path.name}:" in output and field in output and message in output, output


@pytest.mark.parametrize(
    ("trigger", "field", "message"),
    [
        ("{timing: after, events: [insert], function: f, from_table: other}", "from_table", "constraint triggers"),
        ("{timing: instead of, events: [insert], function: f, enabled: false}", "enabled", "always fire"),
    ],
    ids=["from_table_on_a_plain_trigger", "a_view_trigger_disabled"],
)
def test_trigger_fields_that_do_not_fit_are_refused(
    state: StateDir, cli: Cli, trigger: str, field: str, message: str
) -> None:
    """FROM is for constraint triggers; a view's triggers cannot be disabled: file, line, field."""
    path = state.write(
        "schemas:\n  public:\n    functions:\n      f: {returns: trigger, body: BEGIN RETURN NEW; END}\n"
        "    tables:\n      other: {columns: {id: int}}\n"
        "    views:\n      v:\n        query: SELECT id FROM other\n        triggers:\n          t: " + trigger + "\n"
    )
    assert cli("validate", "--state", state.root, "--only", "postgres") == 1
    output = cli.out + cli.err
    assert f"{path.name}:" in output and field in output and message in output, output
