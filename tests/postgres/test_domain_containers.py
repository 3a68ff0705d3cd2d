"""A domain that gains a check or NOT NULL while columns store it inside arrays, composite or range types.

PostgreSQL refuses ALTER DOMAIN ... ADD CONSTRAINT and SET NOT NULL then ("cannot alter type ... because column
... uses it"). Arrays: the plan takes the columns through arrays of the base type and back, which checks every
element. Composite and range types: the plan says it cannot be applied, before anything runs.
"""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

ARRAYS = """schemas:
  public:
    domains:
      tag: {{type: text{checks}}}
    tables:
      posts:
        columns:
          id: integer
          tags: tag[]
"""

COMPOSITE = """schemas:
  public:
    domains:
      amount: {{type: integer{checks}}}
    composite_types:
      money_pair:
        attributes: {{low: amount, high: amount}}
    tables:
      quotes:
        columns:
          id: integer
          pair: money_pair
"""

SHORT = ", checks: ['length(VALUE) < 5']"


def test_a_check_on_a_domain_stored_in_arrays_checks_every_element(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(ARRAYS.format(checks=""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "INSERT INTO posts VALUES (1, '{ok,fine}'), (2, '{toolong}')")
    state.write(ARRAYS.format(checks=SHORT))
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert "ALTER TABLE public.posts ALTER COLUMN tags TYPE text[]" in cli.out
    assert "ALTER TABLE public.posts ALTER COLUMN tags TYPE public.tag[] USING tags::public.tag[]" in cli.out
    assert "table_rewrite" in cli.out
    # 'toolong' breaks the new check: the apply fails on the way back and nothing changes.
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert 'violates check constraint "tag_check"' in cli.err, cli.err
    assert sql(pg_url, state.dbname, "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attname = 'tags'") == [
        ("tag[]",)
    ]
    sql(pg_url, state.dbname, "DELETE FROM posts WHERE id = 2")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0
    assert sql(pg_url, state.dbname, "SELECT tags::text FROM posts") == [("{ok,fine}",)]


def test_a_check_on_a_domain_stored_inside_a_composite_type_cannot_be_applied(cli: Cli, state: StateDir) -> None:
    state.write(COMPOSITE.format(checks=""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(COMPOSITE.format(checks=", checks: ['VALUE >= 0']"))
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert "domain.amount (cannot be applied)" in cli.out
    assert "inside a composite or range type (public.quotes.pair" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "cannot be applied" in cli.err
