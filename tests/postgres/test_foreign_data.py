"""SQL/MED against a real PostgreSQL: the README's example, a server re-created under its mappings and tables, and
what the plan says about options the wrapper refuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example


@pytest.fixture
def roles(pg_url: str, dbname: str) -> Iterator[tuple[str, str]]:
    owner, reader = f"{dbname}_owner", f"{dbname}_reader"
    sql(pg_url, "postgres", f'CREATE ROLE "{owner}"; CREATE ROLE "{reader}"')
    try:
        yield owner, reader
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{owner}"; DROP ROLE IF EXISTS "{reader}"')


def example(roles: tuple[str, str]) -> str:
    owner, reader = roles
    text = readme_example("### Foreign data: `servers:`, `foreign_data_wrappers:` and foreign tables")
    return text.replace("app_owner", owner).replace("app_reader", reader)


def test_the_readme_example_applies_converges_and_a_new_server_type_recreates_what_hangs_off_it(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, roles: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, reader = roles
    monkeypatch.setenv("WAREHOUSE_READER_PASSWORD", "not-shown-anywhere")
    state.write(example(roles))
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT srvtype, srvoptions, pg_get_userbyid(srvowner) FROM pg_foreign_server") == [
        ("postgres", ["host=warehouse.internal", "port=5433", "dbname=stock"], owner)
    ]
    mappings = "SELECT usename, umoptions FROM pg_user_mappings ORDER BY 1"
    assert sql(pg_url, dbname, mappings) == [
        ("public", None),
        (reader, ["user=reader", "password=not-shown-anywhere"]),
    ]
    assert sql(
        pg_url, dbname, "SELECT fdwhandler::regproc::text FROM pg_foreign_data_wrapper WHERE fdwname = 'audit_wrapper'"
    ) == [("postgres_fdw_handler",)]
    table = "SELECT ftoptions, relacl::text FROM pg_foreign_table JOIN pg_class ON oid = ftrelid"
    [(options, acl)] = sql(pg_url, dbname, table)
    assert options == ["schema_name=inventory", "table_name=levels"] and f"{reader}=r/" in str(acl)
    server_acl = "SELECT srvacl::text FROM pg_foreign_server WHERE srvname = 'warehouse'"
    assert sql(pg_url, dbname, server_acl) == [(f"{{{owner}=U/{owner},{reader}=U/{owner}}}",)]
    wrapper_acl = "SELECT fdwacl::text FROM pg_foreign_data_wrapper WHERE fdwname = 'audit_wrapper'"
    assert sql(pg_url, dbname, wrapper_acl) == [(f"{{postgres=U/postgres,{owner}=U*/postgres}}",)]

    state.write(example(roles).replace("type: postgres ", "type: replica "))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    for line in (
        "DROP SERVER warehouse",
        "CREATE SERVER warehouse TYPE 'replica'",
        "DROP FOREIGN TABLE public.stock_levels",
        f"GRANT USAGE ON FOREIGN SERVER warehouse TO {reader}",  # the re-created server's grants, again
    ):
        assert line in cli.out
    assert "not-shown-anywhere" not in cli.out + cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT srvtype FROM pg_foreign_server") == [("replica",)]
    assert sql(pg_url, dbname, mappings)[1] == (reader, ["user=reader", "password=not-shown-anywhere"])
    [(options, acl)] = sql(pg_url, dbname, table)
    assert f"{reader}=r/" in str(acl)
    assert sql(pg_url, dbname, server_acl) == [(f"{{{owner}=U/{owner},{reader}=U/{owner}}}",)]


def test_an_option_the_wrapper_does_not_know_is_an_error_naming_the_file_before_anything_runs(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(
        """
extensions: [postgres_fdw]
servers:
  warehouse:
    foreign_data_wrapper: postgres_fdw
    options: {hots: warehouse.internal}
schemas:
  public: {}
"""
    )
    assert cli("plan", "--state", state.root) == 1
    assert "servers.warehouse" in cli.err and 'invalid option "hots"' in cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'") == [(0,)]
