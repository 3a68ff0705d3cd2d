"""Shell types: created and commented, dropped only with --allow-destructive, exported as mappings, and the
README's example is a valid state file."""

from __future__ import annotations

import json

import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example

SHELLS = """
schemas:
  public:
    shell_types:
      money2: null
      fixed_point: {comment: reserved for a base type}
"""

SHELL_TYPES = (
    "SELECT typname, obj_description(oid, 'pg_type') FROM pg_type "
    "WHERE typnamespace = 'public'::regnamespace AND typtype = 'p' AND NOT typisdefined ORDER BY 1"
)


def test_shell_types_are_created_commented_and_dropped_only_when_allowed(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(SHELLS)
    assert cli("plan", "--state", state.root, "--format", "json") in (0, 2), cli.err
    statements = [s["sql"] for c in json.loads(cli.out)["changes"] for s in c["statements"]]
    assert statements == [
        "CREATE TYPE public.fixed_point",
        "COMMENT ON TYPE public.fixed_point IS 'reserved for a base type'",
        "CREATE TYPE public.money2",
    ]
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, SHELL_TYPES) == [("fixed_point", "reserved for a base type"), ("money2", None)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "not declarable" not in cli.out + cli.err  # the comment is declared with its shell type
    state.write(SHELLS.replace("      money2: null\n", ""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, SHELL_TYPES) == [("fixed_point", "reserved for a base type")]


def test_export_writes_each_shell_type_as_a_mapping_with_its_owner(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(SHELLS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, "postgres", "DO $$BEGIN CREATE ROLE shell_owner; EXCEPTION WHEN duplicate_object THEN NULL; END$$")
    sql(pg_url, dbname, "ALTER TYPE public.money2 OWNER TO shell_owner")
    out = state.root.parent / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    exported = yaml.safe_load((out / "postgres" / f"{dbname}.yaml").read_text())
    assert exported["schemas"]["public"]["shell_types"] == {
        "fixed_point": {"comment": "reserved for a base type"},
        "money2": {"owner": "shell_owner"},
    }


def test_the_readmes_type_example_is_a_valid_state_file(cli: Cli, state: StateDir) -> None:
    state.write(readme_example("### Domains, composite types, range types and shell types"))
    assert cli("validate", "--state", state.root) == 0, cli.out + cli.err
