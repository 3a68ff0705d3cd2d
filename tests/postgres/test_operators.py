"""Operators declared by hand: aliases in signatures, owners of overloads, estimators altered in place, a schema
renamed under them, and the plan's order around their functions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Cli, StateDir, sql

FUNCTIONS = """
schemas:
  public:
    functions:
      same_int: {arguments: "a int, b int", returns: bool, language: sql, body: "SELECT a = b"}
      same_text: {arguments: "a text, b text", returns: bool, language: sql, body: "SELECT lower(a) = lower(b)"}
      halve: {arguments: "a int", returns: int, language: sql, body: "SELECT a / 2"}
"""

OPERATORS = (
    FUNCTIONS
    + """
    operators:
      "=== (int, int4)": {function: same_int, commutator: "===", restrict: eqsel, owner: {role}}
      "=== (text, text)": {function: same_text, comment: case blind}
      "@/ (none, int)": {function: halve}
"""
)


@pytest.fixture
def role(pg_url: str, dbname: str) -> Iterator[str]:
    name = f"{dbname}_ops"
    sql(pg_url, "postgres", f'CREATE ROLE "{name}"')
    try:
        yield name
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{name}"')


def operators(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    return sql(
        pg_url,
        dbname,
        """
        SELECT o.oid::regoperator::text, o.oprcode::text, o.oprrest::text, pg_get_userbyid(o.oprowner),
               obj_description(o.oid, 'pg_operator')
        FROM pg_operator o WHERE o.oprnamespace = 'public'::regnamespace AND o.oprcode <> 0 ORDER BY 1
        """,
    )


def test_hand_written_operators_apply_converge_and_take_their_owner(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, role: str
) -> None:
    state.write(OPERATORS.replace("{role}", role))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert operators(pg_url, dbname) == [
        ("===(integer,integer)", "same_int", "eqsel", role, None),
        ("===(text,text)", "same_text", "-", "postgres", "case blind"),
        ("@/(NONE,integer)", "halve", "-", "postgres", None),
    ]

    # A new estimator is altered in place; the operator (and its oid) stays.
    [(oid,)] = sql(pg_url, dbname, "SELECT '===(int, int)'::regoperator::oid")
    state.write(OPERATORS.replace("{role}", role).replace("restrict: eqsel", "restrict: neqsel"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "ALTER OPERATOR public.=== (integer, integer) SET (RESTRICT = neqsel)" in cli.out
    assert "DROP OPERATOR" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT '===(int, int)'::regoperator::oid") == [(oid,)]

    # Dropped for good with its function: the operator goes first.
    state.write(
        FUNCTIONS.replace('      halve: {arguments: "a int", returns: int, language: sql, body: "SELECT a / 2"}\n', "")
        + '    operators:\n      "=== (text, text)": {function: same_text, comment: case blind}\n'
    )
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    drops = [line.strip() for line in cli.out.splitlines() if line.strip().startswith("DROP ")]
    assert drops.index("DROP OPERATOR public.@/ (NONE, integer)") < drops.index("DROP FUNCTION public.halve(a integer)")
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert [row[0] for row in operators(pg_url, dbname)] == ["===(text,text)"]


def test_an_operator_in_a_renamed_schema_is_only_renamed_with_it(cli: Cli, state: StateDir, pg_url: str) -> None:
    before = (
        FUNCTIONS.replace("  public:", "  util:") + '    operators:\n      "=== (int, int)": {function: same_int}\n'
    )
    state.write(before)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(before.replace("  util:", "  tools:\n    renamed_from: util"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "ALTER SCHEMA util RENAME TO tools" in cli.out
    assert "OPERATOR" not in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_commutator_declared_without_the_link_back_is_refused(cli: Cli, state: StateDir) -> None:
    one_way = FUNCTIONS + (
        "    operators:\n"
        '      "<== (int, int)": {function: same_int, commutator: "==>"}\n'
        '      "==> (int, int)": {function: same_int}\n'
    )
    state.write(one_way)
    assert cli("validate", "--state", state.root) == 1
    assert "operators.<== (int, int).commutator" in cli.err, cli.err
    assert "declare the link on both operators" in cli.err
    state.write(
        one_way.replace(
            '"==> (int, int)": {function: same_int}', '"==> (int, int)": {function: same_int, commutator: "<=="}'
        )
    )
    assert cli("validate", "--state", state.root) == 0, cli.err
