"""The README's example of SQL-standard bodies and overloads is valid, applies, converges and runs."""

from __future__ import annotations

import textwrap

import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example


def test_readme_sql_body_example_applies_converges_and_runs(cli: Cli, state: StateDir, pg_url: str) -> None:
    example = readme_example("#### SQL-standard bodies and overloads")
    functions = yaml.safe_load(textwrap.dedent(example))["functions"]
    orders = {"columns": {"id": {"type": "integer", "primary_key": True}, "closed": {"type": "boolean"}}}
    state.write(yaml.safe_dump({"schemas": {"public": {"tables": {"orders": orders}, "functions": functions}}}))
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    [(number, text, count)] = sql(
        pg_url, state.dbname, "SELECT public.add(2, 3), public.add('a'::text, 'b'::text), public.open_orders()"
    )
    assert (number, text, count) == (5, "ab", 0)
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out
