"""Casts against a real PostgreSQL: what a plan refuses to guess, what a drop needs, which casts are never touched,
and the normalization cache keeping declared casts in its base unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example

FUNCTION = """
schemas:
  public:
    functions:
      date_to_days:
        arguments: d date
        returns: integer
        language: sql
        volatility: immutable
        body: SELECT d - DATE '2000-01-01'
"""

CAST = "casts:\n  date AS integer: {function: 'public.date_to_days(date)', context: assignment}\n"

CASTS = "SELECT castsource::regtype::text, casttarget::regtype::text, castcontext FROM pg_cast WHERE oid >= 16384"


def test_a_cast_applies_converges_and_its_drop_needs_allow_destructive(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(CAST + FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "CREATE CAST (date AS integer) WITH FUNCTION date_to_days(date) AS ASSIGNMENT" in cli.out
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, CASTS) == [("date", "integer", "a")]
    state.write(FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") != 0
    assert "--allow-destructive" in cli.out + cli.err
    assert sql(pg_url, dbname, CASTS) == [("date", "integer", "a")]
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "DROP CAST (date AS integer)" in cli.out
    assert sql(pg_url, dbname, CASTS) == []


def test_a_new_context_drops_and_creates_the_cast_and_the_cached_base_sees_it(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(CAST + FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT count(*) > 0 FROM _reconcile.normalized_units") == [(True,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err  # from the cache
    state.write(CAST.replace("assignment", "implicit") + FUNCTION)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    out = cli.out
    assert out.index("DROP CAST (date AS integer)") < out.index("CREATE CAST (date AS integer)")
    assert "WITH FUNCTION date_to_days(date) AS IMPLICIT" in out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, CASTS) == [("date", "integer", "i")]


@pytest.mark.parametrize(
    ("casts", "where", "message"),
    [
        ("  date AS no_such_type: {inout: true}", "casts.date AS no_such_type", "'no_such_type' does not exist"),
        (
            "  date AS integer: {function: 'public.date_to_days(integer)'}",
            "casts.date AS integer.function",
            "'public.date_to_days(integer)' does not exist",
        ),
        (
            "  date AS integer: {inout: true}\n  date AS int4: {inout: true}",
            "casts.date AS int4",
            "names the same cast as 'date AS integer'",
        ),
    ],
    ids=["type", "function", "twice"],
)
def test_a_cast_naming_what_does_not_exist_or_twice_is_refused_by_the_plan(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, casts: str, where: str, message: str
) -> None:
    path = state.write("casts:\n" + casts + FUNCTION)
    assert cli("validate", "--state", state.root) == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root) == 1
    assert f"postgres/{path.name}:" in cli.err and where in cli.err and message in cli.err, cli.err
    assert "Traceback" not in cli.out + cli.err


def test_built_in_and_extension_casts_are_never_touched_nor_exported(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    state.write("extensions: [citext]\n" + FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT count(*) > 0 FROM pg_cast WHERE castsource = 'citext'::regtype") == [(True,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "CAST" not in cli.out
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    [exported] = out.rglob(f"{dbname}.yaml")
    assert "citext" in exported.read_text() and "casts:" not in exported.read_text()


def test_the_readme_example_applies_and_converges(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    example = readme_example("### Casts: `casts:`")
    state.write(example + FUNCTION + "    enums:\n      mood: [sad, happy]\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, CASTS + " ORDER BY 1, 2") == [
        ("date", "integer", "a"),
        ("json", "text", "e"),
        ("text", "mood", "i"),
    ]
