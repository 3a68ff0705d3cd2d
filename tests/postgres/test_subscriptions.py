"""Subscriptions against a real PostgreSQL: created WITH (connect = false), a password only as ${env:NAME}
(written, compared by value, never shown), ENABLE as its own statement, drops that detach the slot and name it,
and connection strings the connecting role may not read."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from reconciler.export_files import ExportOptions
from reconciler.postgres import conninfo, subscriptions
from reconciler.postgres.differ import diff
from reconciler.postgres.exporter import export_postgres
from reconciler.postgres.identifiers import quote_literal
from reconciler.postgres.model import Database, Subscription
from reconciler.secrets import resolve_tokens
from tests.conftest import Cli, StateDir, sql

# Port 1: nothing listens there, so an enabled subscription's worker connects nowhere.
PUBLISHER = "host=127.0.0.1 port=1 dbname=shop"
# pg_subscription is shared by the cluster's databases: the test's own rows only.
THIS_DATABASE = "(SELECT oid FROM pg_database WHERE datname = current_database())"
ENABLED = f"SELECT subenabled FROM pg_subscription WHERE subdbid = {THIS_DATABASE}"


@pytest.fixture
def subscribed(dbname: str) -> str:
    """The test database; the dbname fixture detaches and drops its subscriptions before DROP DATABASE."""
    return dbname


def _state(connection: str, extra: str = "") -> str:
    return f"""
subscriptions:
  orders_in:
    connection: "{connection}"
    publications: [orders_out, refunds_out]
    slot_name: orders_slot{extra}
schemas:
  public: {{}}
"""


def _stored_connection(pg_url: str, dbname: str) -> str:
    where = f"subdbid = {THIS_DATABASE} AND subname = 'orders_in'"
    [(stored,)] = sql(pg_url, dbname, f"SELECT subconninfo FROM pg_subscription WHERE {where}")
    assert isinstance(stored, str)
    return stored


def test_a_password_is_written_compared_exported_and_never_shown(
    cli: Cli, state: StateDir, pg_url: str, subscribed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = f"it's a \\s3cret {uuid.uuid4().hex}"
    monkeypatch.setenv("SHOP_REPLICATION_PASSWORD", secret)
    state.write(_state(f"{PUBLISHER} user=replicator password=${{env:SHOP_REPLICATION_PASSWORD}}"))
    outputs = []
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert "password=${env:SHOP_REPLICATION_PASSWORD|conninfo}" in cli.out
    assert "WITH (connect = false, slot_name = 'orders_slot')" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    # Quoted for libpq: the quote and the backslash escaped, the spaces kept inside the quotes.
    assert _stored_connection(pg_url, subscribed) == (
        f"{PUBLISHER} user=replicator password='it\\'s a \\\\s3cret {secret.rsplit(' ', 1)[1]}'"
    )
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)

    # Another value in the environment is a change, shown as the mask and the token.
    monkeypatch.setenv("SHOP_REPLICATION_PASSWORD", secret + "-rotated")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert "password=(sensitive)" in cli.out and "ALTER SUBSCRIPTION orders_in CONNECTION" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert _stored_connection(pg_url, subscribed).endswith("-rotated'")

    files = export_postgres(ExportOptions(state_dir=tmp_path / "none", databases=[subscribed]))
    [exported] = [f for f in files if f.path.name == f"{subscribed}.yaml"]
    assert exported.data["subscriptions"]["orders_in"] == {
        "connection": f"{PUBLISHER} user=replicator password=${{env:SUBSCRIPTION_ORDERS_IN_PASSWORD}}",
        "publications": ["orders_out", "refunds_out"],
        "slot_name": "orders_slot",
        "owner": "postgres",
    }
    assert exported.secrets == {
        "SUBSCRIPTION_ORDERS_IN_PASSWORD": "password of the connection of subscription orders_in"
    }
    outputs.append(repr(exported.data) + "\n".join(exported.header))
    for text in outputs:
        assert secret not in text and "s3cret" not in text


def test_export_then_plan_finds_no_changes(
    cli: Cli, state: StateDir, pg_url: str, subscribed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{subscribed}"')
    sql(
        pg_url,
        subscribed,
        f"CREATE SUBSCRIPTION orders_in CONNECTION '{PUBLISHER} password=''a b'' application_name=x' "
        "PUBLICATION b_out, a_out WITH (connect = false, two_phase = true, synchronous_commit = 'TRUE', "
        "streaming = on); COMMENT ON SUBSCRIPTION orders_in IS 'orders'",
    )
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", subscribed, "--out", out) == 0, cli.out + cli.err
    exported = (out / "postgres" / f"{subscribed}.yaml").read_text()
    assert "password=${env:SUBSCRIPTION_ORDERS_IN_PASSWORD} application_name=x" in exported
    assert "synchronous_commit: 'on'" in exported and "two_phase: true" in exported
    monkeypatch.setenv("SUBSCRIPTION_ORDERS_IN_PASSWORD", "a b")
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def test_enabled_is_an_alter_after_a_create_that_connects_nowhere(
    cli: Cli, state: StateDir, pg_url: str, subscribed: str
) -> None:
    state.write(_state(PUBLISHER, "\n    enabled: true"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    create = cli.out.index("CREATE SUBSCRIPTION orders_in")
    assert "WITH (connect = false" in cli.out[create:] and cli.out.index("ALTER SUBSCRIPTION orders_in ENABLE") > create
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, subscribed, ENABLED) == [(True,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err

    state.write(_state(PUBLISHER, "\n    enabled: false"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "ALTER SUBSCRIPTION orders_in DISABLE" in cli.out
    assert sql(pg_url, subscribed, ENABLED) == [(False,)]


def test_a_drop_detaches_the_slot_in_the_transaction_and_names_what_it_leaves(
    cli: Cli, state: StateDir, pg_url: str, subscribed: str
) -> None:
    state.write(_state(PUBLISHER, "\n    enabled: true"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write("schemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    statements = [line.strip() for line in cli.out.splitlines() if "SUBSCRIPTION" in line]
    assert statements == [
        "ALTER SUBSCRIPTION orders_in DISABLE",
        "ALTER SUBSCRIPTION orders_in SET (slot_name = NONE)",
        "DROP SUBSCRIPTION orders_in",
    ]
    assert "replication slot orders_slot is left on the publisher and keeps WAL there" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(
        pg_url,
        subscribed,
        f"SELECT count(*) FROM pg_subscription WHERE subdbid = {THIS_DATABASE} AND subname = 'orders_in'",
    ) == [(0,)]


def test_a_connection_the_role_cannot_read_is_not_compared_and_an_undeclared_one_is_left_alone() -> None:
    hidden = Subscription(name="s", connection="(sensitive)", publications=["p"], connection_readable=False)
    declared = Subscription(
        name="s",
        connection="host=a password=${env:UNSET_HERE}",
        publications=["p"],
        connection_masked=conninfo.masked("host=a password=${env:UNSET_HERE}"),
        connection_secrets={"password": "${env:UNSET_HERE}"},
    )
    desired, live = Database(name="d", subscriptions={"s": declared}), Database(name="d", subscriptions={"s": hidden})
    assert diff(desired, live) == []  # the variable is not even read
    [warning] = subscriptions.held_warnings("d", desired, live)
    assert "subscription s is not readable" in warning and "not compared" in warning
    [change] = diff(
        desired.model_copy(update={"subscriptions": {"s": declared.model_copy(update={"binary": True})}}), live
    )
    assert [s.sql for s in change.statements] == ["ALTER SUBSCRIPTION s SET (binary = true)"]

    empty = Database(name="d")
    assert diff(empty, live) == []
    [warning] = subscriptions.held_warnings("d", empty, live)
    assert "left alone, not dropped" in warning
    uri = Subscription(name="s", connection="(sensitive)", publications=["p"], connection_is_uri=True)
    assert diff(empty, Database(name="d", subscriptions={"s": uri})) == []
    assert "is a URI" in subscriptions.header_lines(Database(name="d", subscriptions={"s": uri}))[1]


def test_connection_strings_are_read_as_libpq_reads_them() -> None:
    text = "host=db1  application_name='it\\'s  x' password='p w' sslmode=require"
    assert [(e.keyword, e.value) for e in conninfo.parse(text)] == [
        ("host", "db1"),
        ("application_name", "it's  x"),
        ("password", "p w"),
        ("sslmode", "require"),
    ]
    assert conninfo.masked(text) == "host=db1  application_name='it\\'s  x' password=(sensitive) sslmode=require"
    assert conninfo.secrets(text) == {"password": "p w"}
    for refused in ("postgresql://u:secret@db1/shop", "host", "host='db1", "=x"):
        with pytest.raises(conninfo.ConninfoError):
            conninfo.parse(refused)


def test_a_password_token_is_written_inside_the_literal_quoted_for_libpq(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", "o'k \\ x")
    sql_text = "CONNECTION " + quote_literal(conninfo.for_executor("host=a password=${env:PW} port=5"))
    assert sql_text == "CONNECTION 'host=a password=${env:PW|conninfo} port=5'"
    revealed: list[str] = []
    resolved = resolve_tokens(sql_text, quote_literal, revealed)
    assert resolved == "CONNECTION 'host=a password=''o\\''k \\\\ x'' port=5'"
    assert "o'k \\ x" in revealed


def test_a_plain_password_is_written_bare_as_people_write_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq reads a value without blanks, quotes or backslashes as written: then it is not quoted (pg_dump shows
    `password=s3cret` as the source had it); any other value is quoted, as above."""
    monkeypatch.setenv("PW", "s3cret-Key_9=!")
    sql_text = "CONNECTION " + quote_literal(conninfo.for_executor("host=a password=${env:PW} port=5"))
    assert resolve_tokens(sql_text, quote_literal, []) == "CONNECTION 'host=a password=s3cret-Key_9=! port=5'"
    monkeypatch.setenv("PW", "")
    assert resolve_tokens(sql_text, quote_literal, []) == "CONNECTION 'host=a password='''' port=5'"
