"""Function options and trigger functions: declared, compared, exported, or reported.

A function carries more than its body: SET clauses (a SECURITY DEFINER
function's search_path above all), PARALLEL, LEAKPROOF, COST and ROWS. Each
is declared in the state file, read back from the catalogs, and altered in
place when someone strips it live; the export writes it so that planning
against the export is empty. Triggers whose function name PostgreSQL prints
quoted or schema-qualified export too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reconciler.postgres.ddl_routines import setting_value_sql
from reconciler.postgres.exporter import export_postgres
from reconciler.postgres.fragments import check_setting_value
from tests.conftest import Cli, StateDir, assert_round_trip, export_to, sql

OPTIONS = """
schemas:
  public:
    functions:
      lookup_owner:
        arguments: item integer
        returns: integer
        language: sql
        volatility: stable
        security_definer: true
        parallel: safe
        leakproof: true
        cost: 5
        set:
          search_path: pg_catalog, public
          work_mem: "'64MB'"
        body: SELECT item
      recent_ids:
        returns: SETOF integer
        language: sql
        rows: 50
        body: SELECT generate_series(1, 3)
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
"""

SETTINGS = "          search_path: pg_catalog, public\n          work_mem: \"'64MB'\"\n"

# Someone strips one option live; drift names the function and the option, apply puts it back.
STRIPPED = [
    pytest.param("ALTER FUNCTION lookup_owner(integer) RESET search_path", "set search_path:", id="search_path"),
    pytest.param("ALTER FUNCTION lookup_owner(integer) RESET ALL", "set work_mem:", id="all-settings"),
    pytest.param(
        "ALTER FUNCTION lookup_owner(integer) SET search_path = public, pg_catalog",
        "set search_path: 'public, pg_catalog' -> 'pg_catalog, public'",
        id="search_path-order",
    ),
    pytest.param("ALTER FUNCTION lookup_owner(integer) PARALLEL UNSAFE", "parallel: 'unsafe' -> 'safe'", id="parallel"),
    pytest.param("ALTER FUNCTION lookup_owner(integer) NOT LEAKPROOF", "leakproof: False -> True", id="leakproof"),
    pytest.param("ALTER FUNCTION lookup_owner(integer) COST 100", "cost: 100.0 -> 5.0", id="cost"),
    pytest.param("ALTER FUNCTION recent_ids() ROWS 1000", "rows: 1000.0 -> 50.0", id="rows"),
    pytest.param(
        "ALTER FUNCTION lookup_owner(integer) SECURITY INVOKER", "security_definer: False -> True", id="definer"
    ),
]

CATALOG = """
SELECT p.proname, p.prosecdef, p.proparallel, p.proleakproof, p.procost, p.prorows,
       (SELECT array_agg(c ORDER BY c) FROM unnest(p.proconfig) AS c)
FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY p.proname
"""


def functions_of(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    """The options as the catalog holds them, read with plain SQL (independent of the inspector)."""
    return sql(pg_url, dbname, CATALOG)


def plan_is_empty(cli: Cli, state: Path) -> None:
    assert cli("plan", "--state", state, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


@pytest.mark.parametrize(("strip", "shown"), STRIPPED)
def test_stripped_function_options_are_drift_and_apply_restores_them(
    strip: str, shown: str, cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    state.write(OPTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    plan_is_empty(cli, state.root)
    declared = functions_of(pg_url, dbname)
    assert declared == [
        ("lookup_owner", True, "s", True, 5.0, 0.0, ["search_path=pg_catalog, public", "work_mem=64MB"]),
        ("recent_ids", False, "u", False, 100.0, 50.0, None),
    ]

    sql(pg_url, dbname, strip)
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2, cli.out + cli.err
    assert "~ function." in cli.out
    assert shown in cli.out
    # Options change in place: no CREATE OR REPLACE (which would also rewrite the body) and no DROP.
    assert cli("plan", "--state", state.root) == 0
    assert "ALTER FUNCTION" in cli.out
    assert "CREATE OR REPLACE" not in cli.out and "DROP FUNCTION" not in cli.out

    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert functions_of(pg_url, dbname) == declared
    plan_is_empty(cli, state.root)

    file, exported = export_to(export_postgres, tmp_path, [])
    assert_round_trip(cli, exported, "postgres")
    functions = file.data["schemas"]["public"]["functions"]
    assert {key: functions["lookup_owner"][key] for key in ("parallel", "leakproof", "cost", "set")} == {
        "parallel": "safe",
        "leakproof": True,
        "cost": 5,
        "set": {"search_path": "pg_catalog, public", "work_mem": "'64MB'"},
    }
    assert functions["recent_ids"]["rows"] == 50
    assert "cost" not in functions["recent_ids"] and "parallel" not in functions["recent_ids"]


def test_a_new_body_keeps_every_option(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    """CREATE OR REPLACE resets what it does not repeat, so a body change spells every option out again."""
    state.write(OPTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    declared = functions_of(pg_url, dbname)
    state.write(OPTIONS.replace("body: SELECT item", "body: SELECT item + 0"))
    assert cli("plan", "--state", state.root) == 0
    assert "body changed" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert functions_of(pg_url, dbname) == declared
    plan_is_empty(cli, state.root)


def test_security_definer_without_search_path_is_a_warning(cli: Cli, state: StateDir, dbname: str) -> None:
    state.write(OPTIONS.replace("          search_path: pg_catalog, public\n", ""))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert (
        f"warning: postgres.{dbname}.function.lookup_owner(item integer) is SECURITY DEFINER without a search_path"
    ) in cli.out
    state.write(OPTIONS)
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "warning:" not in cli.out


def test_dropping_search_path_from_a_security_definer_function_is_a_hazard(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    state.write(OPTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(OPTIONS.replace("          search_path: pg_catalog, public\n", ""))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "set search_path: 'pg_catalog, public' -> (not set)" in cli.out
    assert "! security_definer_search_path:" in cli.out
    assert "RESET search_path" in cli.out


# Written by hand the way an adopted database is: option spellings the state file never uses.
OPTIONS_BY_HAND = """
CREATE FUNCTION secret_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED COST 0.5
    SET search_path TO "$user", Public, "My Schema" SET statement_timeout = 5000 SET DateStyle = 'ISO, MDY'
    AS 'SELECT 42::bigint';
CREATE FUNCTION pairs() RETURNS TABLE (a integer, b text) LANGUAGE sql LEAKPROOF ROWS 7 AS 'SELECT 1, ''x''';
"""

# pg_get_triggerdef quotes a function name that needs it, and qualifies one that a same-named
# function earlier on the search_path (public before app) hides.
TRIGGERS_BY_HAND = """
CREATE SCHEMA app;
CREATE FUNCTION "Bump V"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v = NEW.v + 1; RETURN NEW; END$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE TABLE counters (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0);
CREATE TRIGGER counters_bump BEFORE UPDATE ON counters FOR EACH ROW EXECUTE FUNCTION "Bump V"();
CREATE TABLE app.events (id integer PRIMARY KEY);
CREATE TRIGGER events_touch AFTER INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.touch();
"""


def export_hand_written(cli: Cli, pg_url: str, dbname: str, tmp_path: Path, ddl: str) -> dict[str, Any]:
    """Create the database from `ddl`, export it, and check that planning against the export is empty."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, ddl)
    file, exported = export_to(export_postgres, tmp_path, [])
    assert file.header[1:] == []  # nothing left out
    assert_round_trip(cli, exported, "postgres")
    data: dict[str, Any] = yaml.safe_load((exported / "postgres" / f"{dbname}.yaml").read_text())
    return data


def test_every_function_option_exports(cli: Cli, pg_url: str, dbname: str, tmp_path: Path) -> None:
    functions = export_hand_written(cli, pg_url, dbname, tmp_path, OPTIONS_BY_HAND)["schemas"]["public"]["functions"]
    assert functions["secret_count"] == {
        "returns": "bigint",
        "language": "sql",
        "volatility": "stable",
        "security_definer": True,
        "parallel": "restricted",
        "cost": 0.5,
        "set": {
            "search_path": '"$user", public, "My Schema"',
            "statement_timeout": "'5000'",
            "DateStyle": "'ISO, MDY'",
        },
        "body": "SELECT 42::bigint",
    }
    assert functions["pairs"]["leakproof"] is True
    assert functions["pairs"]["rows"] == 7


def test_quoted_and_qualified_trigger_functions_export(cli: Cli, pg_url: str, dbname: str, tmp_path: Path) -> None:
    schemas = export_hand_written(cli, pg_url, dbname, tmp_path, TRIGGERS_BY_HAND)["schemas"]
    assert schemas["public"]["tables"]["counters"]["triggers"]["counters_bump"]["function"] == "Bump V"
    assert schemas["app"]["tables"]["events"]["triggers"]["events_touch"]["function"] == "touch"


BAD_SETTINGS = [
    pytest.param("search_path: public; DROP TABLE items", "search_path", "';' does not belong", id="semicolon"),
    pytest.param("search_path: public -- x", "search_path", "comments are not allowed here", id="comment"),
    pytest.param("work_mem: 64MB", "work_mem", "write it as the string '64MB'", id="unquoted-unit"),
    pytest.param("search_path: \"'public',\"", "search_path", "must not end with a comma", id="trailing-comma"),
    pytest.param("search_path: public FROM CURRENT", "search_path", "'FROM' does not belong", id="from-current"),
    pytest.param("search_path: (public)", "search_path", "'(' is none of them", id="bracket"),
    pytest.param("search_path: '- x'", "search_path", "'-' must be the sign of a number", id="lone-sign"),
]


@pytest.mark.parametrize(("entry", "name", "message"), BAD_SETTINGS)
def test_a_set_value_is_checked_before_anything_runs(
    entry: str, name: str, message: str, cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    path = state.write(OPTIONS.replace(SETTINGS, f"          {entry}\n"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.strip() == entry)
    for command in ("validate", "plan", "apply"):
        extra = ["--auto-approve"] if command == "apply" else []
        assert cli(command, "--state", state.root, *extra) == 1, cli.out + cli.err
        assert f"{dbname}.yaml:{line}: schemas.public.functions.lookup_owner.set.{name}: " in cli.err
        assert message in cli.err
        assert "Traceback" not in cli.err
    databases = sql(pg_url, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{dbname}'")
    assert databases == []


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        pytest.param("'search path': public", "set.search path", "should match pattern", id="name-with-space"),
        pytest.param("'x;y': '1'", "set.x;y", "should match pattern", id="name-with-semicolon"),
        pytest.param("Work_Mem: \"'1MB'\"", "set", "name the same parameter", id="same-name-twice"),
    ],
)
def test_a_set_name_is_checked(entry: str, field: str, message: str, cli: Cli, state: StateDir, dbname: str) -> None:
    state.write(OPTIONS.replace(SETTINGS, f"{SETTINGS}          {entry}\n"))
    assert cli("validate", "--state", state.root) == 1, cli.out + cli.err
    assert f"schemas.public.functions.lookup_owner.{field}" in cli.err
    assert message in cli.err
    assert "Traceback" not in cli.err


def test_an_option_postgresql_refuses_names_its_field(cli: Cli, state: StateDir, dbname: str) -> None:
    """A value only the server can judge is still reported at the function's line."""
    path = state.write(OPTIONS.replace("'64MB'", "'lots'"))
    assert cli("plan", "--state", state.root) == 1, cli.out + cli.err
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "lookup_owner:" in text)
    assert f"{dbname}.yaml:{line}: schemas.public.functions.lookup_owner: PostgreSQL rejects this" in cli.err
    assert 'invalid value for parameter "work_mem"' in cli.err


@pytest.mark.parametrize(
    ("name", "stored", "written"),
    [
        ("search_path", "pg_catalog, public", "pg_catalog, public"),
        ("search_path", '"$user", public, "My ""Schema"""', '"$user", public, "My ""Schema"""'),
        ("search_path", '""', "''"),
        ("Search_Path", "a", "a"),
        ("work_mem", "64MB", "'64MB'"),
        ("DateStyle", "ISO, MDY", "'ISO, MDY'"),
        ("myapp.note", "it's; DROP TABLE t", "'it''s; DROP TABLE t'"),
    ],
)
def test_stored_settings_are_written_as_sql_that_stores_them_again(name: str, stored: str, written: str) -> None:
    """What the export and ALTER FUNCTION write passes the same lexical check as a hand-written value."""
    assert setting_value_sql(name, stored) == written
    check_setting_value(written)
