"""Secret options of servers and user mappings: only ever ${env:NAME}, written when applying, compared by value,
and never in plan, apply, drift or export output, JSON plans or saved plans."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reconciler.export_files import ExportOptions
from reconciler.postgres import foreign_data
from reconciler.postgres.differ import diff
from reconciler.postgres.exporter import export_postgres
from reconciler.postgres.model import Database, UserMapping
from tests.conftest import Cli, StateDir, sql

STATE = """
extensions: [postgres_fdw]
servers:
  warehouse:
    foreign_data_wrapper: postgres_fdw
    options: {{host: warehouse.internal, port: 5433, dbname: stock}}
    user_mappings:
      {role}:
        options: {{user: reader, password: "${{env:WAREHOUSE_PASSWORD}}"}}
      public: {{}}
schemas:
  public:
    tables:
      stock:
        foreign: {{server: warehouse, options: {{table_name: levels}}}}
        columns:
          sku: text
"""


@pytest.fixture
def role(pg_url: str, dbname: str) -> Iterator[str]:
    name = f"{dbname}_fdw"
    sql(pg_url, "postgres", f'CREATE ROLE "{name}"')
    try:
        yield name
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{name}"')


def mapping_options(pg_url: str, dbname: str, role: str) -> list[str]:
    [(options,)] = sql(pg_url, dbname, f"SELECT umoptions FROM pg_user_mappings WHERE usename = '{role}'")
    assert isinstance(options, list)
    return options


def test_a_mapping_password_is_written_compared_and_never_shown(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = f"s3cret-{uuid.uuid4().hex}"
    monkeypatch.setenv("WAREHOUSE_PASSWORD", secret)
    state.write(STATE.format(role=role))
    outputs = []
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert "password ${env:WAREHOUSE_PASSWORD}" in cli.out
    saved = tmp_path / "plan.json"
    assert cli("plan", "--state", state.root, "--format", "json", "--out", saved) == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err + saved.read_text())
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert f"password={secret}" in mapping_options(pg_url, dbname, role)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)

    # Drift: the password changed by hand is found by value, and shown only as the mask and the token.
    sql(pg_url, dbname, f"ALTER USER MAPPING FOR \"{role}\" SERVER warehouse OPTIONS (SET password 'hand-set')")
    assert cli("drift", "--state", state.root) == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert "SET password ${env:WAREHOUSE_PASSWORD}" in cli.out
    assert "(sensitive)" in cli.out
    assert "hand-set" not in cli.out
    assert cli("plan", "--state", state.root, "--out", saved) == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err + saved.read_text())
    assert cli("apply", saved, "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert f"password={secret}" in mapping_options(pg_url, dbname, role)

    # A new secret in the environment is a change to make, again without its value.
    monkeypatch.setenv("WAREHOUSE_PASSWORD", secret + "-rotated")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert f"password={secret}-rotated" in mapping_options(pg_url, dbname, role)

    files = export_postgres(ExportOptions(state_dir=tmp_path / "none", databases=[dbname]))
    [exported] = [f for f in files if f.path.name == f"{dbname}.yaml"]
    mapping = exported.data["servers"]["warehouse"]["user_mappings"][role]
    assert mapping == {"options": {"user": "reader", "password": f"${{env:SERVER_WAREHOUSE_{role.upper()}_PASSWORD}}"}}
    assert exported.secrets == {
        f"SERVER_WAREHOUSE_{role.upper()}_PASSWORD": f"option password of server warehouse {role}"
    }
    outputs.append(repr(exported.data) + "\n".join(exported.header))
    for text in outputs:
        assert secret not in text


def test_an_error_applying_a_secret_never_prints_it(
    cli: Cli, state: StateDir, dbname: str, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """postgres_fdw refuses a password among a server's options: the error names the option, never its value."""
    secret = f"s3cret-{uuid.uuid4().hex}"
    monkeypatch.setenv("WAREHOUSE_PASSWORD", secret)
    body = STATE.format(role=role).replace("dbname: stock}", 'dbname: stock, password: "${env:WAREHOUSE_PASSWORD}"}')
    state.write(body)
    assert cli("plan", "--state", state.root) == 1
    assert "servers.warehouse" in cli.err and "password" in cli.err
    assert secret not in cli.out + cli.err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("{password: hunter2}", "write it as ${env:NAME}"),
        ('{user: "${env:REMOTE_USER}"}', "only secret options"),
        ('{password: "x${env:REMOTE}"}', "write it as ${env:NAME}"),
    ],
)
def test_a_secret_in_clear_or_an_env_reference_elsewhere_is_refused(
    cli: Cli, state: StateDir, role: str, options: str, message: str
) -> None:
    state.write(
        f"""
servers:
  warehouse:
    foreign_data_wrapper: postgres_fdw
    user_mappings:
      {role}: {{options: {options}}}
schemas:
  public: {{}}
"""
    )
    assert cli("validate", "--state", state.root) == 1
    assert f"servers.warehouse.user_mappings.{role}.options" in cli.err and message in cli.err
    assert "hunter2" not in cli.out + cli.err.replace("hunter2' is", "")


def test_a_mapping_whose_options_cannot_be_read_is_not_compared_and_the_plan_says_so() -> None:
    """pg_user_mappings hides umoptions from other roles: nothing is guessed, and the warning names the mapping."""
    declared = UserMapping(server="s", user="app", options={"user": "x"}, secrets={"password": "${env:UNSET_HERE}"})
    hidden = UserMapping(server="s", user="app", readable=False)
    desired = Database(name="d", user_mappings={"s/app": declared})
    live = Database(name="d", user_mappings={"s/app": hidden})
    assert diff(desired, live) == []  # the variable is not even read
    [warning] = foreign_data.unreadable("d", desired, live)
    assert "user mapping for app on server s" in warning and "not compared" in warning
    changed = declared.model_copy(update={"options": {"user": "y"}})
    readable = hidden.model_copy(update={"readable": True, "options": {"user": "x"}})
    [change] = diff(
        Database(name="d", user_mappings={"s/app": changed}), Database(name="d", user_mappings={"s/app": readable})
    )
    assert [s.sql for s in change.statements] == [
        "ALTER USER MAPPING FOR app SERVER s OPTIONS (SET \"user\" 'y', ADD password ${env:UNSET_HERE})"
    ]
    assert change.statements[0].secrets


def test_a_wrapper_holding_a_secret_is_exported_without_it_and_the_plan_never_shows_it(
    cli: Cli, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    """State files keep secrets to servers and user mappings: export leaves a wrapper's out and says so."""
    secret = f"wrapper-secret-{uuid.uuid4().hex[:8]}"
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    try:
        sql(pg_url, dbname, f"CREATE FOREIGN DATA WRAPPER vault OPTIONS (password '{secret}', region 'eu')")
        out = tmp_path / "exported"
        assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
        [exported] = out.rglob(f"{dbname}.yaml")
        text = exported.read_text()
        assert "foreign data wrapper vault: declared without its secret option password" in text, text
        assert "vault:\n    options: {region: eu}" in text and secret not in text, text
        assert cli("plan", "--state", out, "--detailed-exitcode") == 2, cli.out + cli.err
        assert "OPTIONS (DROP password)" in cli.out, cli.out
        assert secret not in cli.out + cli.err
        # A foreign table set by hand with one: declared without it, the plan drops it, and shows it nowhere.
        sql(pg_url, dbname, "CREATE SERVER store FOREIGN DATA WRAPPER vault")
        sql(pg_url, dbname, f"CREATE FOREIGN TABLE levels (sku text OPTIONS (password '{secret}')) SERVER store")
        sql(pg_url, dbname, f"ALTER FOREIGN TABLE levels OPTIONS (ADD password '{secret}')")
        exported.write_text(
            f"database: {dbname}\n"
            "foreign_data_wrappers:\n  vault: {options: {region: eu}}\n"
            "servers:\n  store: {foreign_data_wrapper: vault}\n"
            "schemas:\n  public:\n    tables:\n      levels:\n"
            "        foreign: {server: store}\n        columns: {sku: text}\n"
        )
        shown = ""
        for command in (["plan"], ["plan", "--format", "json"], ["drift"]):
            cli(*command, "--state", out)
            shown += cli.out + cli.err
        assert secret not in shown
        assert "ALTER FOREIGN TABLE public.levels OPTIONS (DROP password)" in shown, shown
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
