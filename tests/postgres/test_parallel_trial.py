"""The whole trial split into chunks on connections of their own gives exactly what the one trial gives.

Chunks are small here (MIN_CHUNK_TABLES lowered to one table a chunk) so that
small states split; each comparison normalizes the same state with the one
trial and with chunks, and requires the same desired model (fields the dump
leaves out included, in order) and the same plan against the live database.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from devtools.sql_pairs import Pair, psql
from reconciler.errors import ConnectionConfigError
from reconciler.postgres import normalization_cache, parallel_trial
from reconciler.postgres.backend import LoadedDatabase, inspect_live
from reconciler.postgres.connection import connect
from reconciler.postgres.differ import diff
from reconciler.postgres.model import Database
from reconciler.postgres.normalization_units import unit_keys
from reconciler.postgres.normalize import normalize
from reconciler.postgres.spec.database import DatabaseSpec
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_normalization_units import CHAIN, canonical, loaded, locator

# test_normalization_units' chain of tables, with more the trial creates: a domain, a sequence a default takes
# numbers from, an identity column, a comment, a check, and a table referencing two others across schemas.
STATE = (
    CHAIN.replace(
        "    functions:\n",
        "    domains:\n      email: {type: text, checks: [\"VALUE LIKE '%@%'\"]}\n"
        "    sequences:\n      tickets: {start: 100}\n    functions:\n",
        1,
    ).replace(
        "          email: {type: varchar(255), unique: true, nullable: false}\n",
        "          email: {type: email, nullable: false, unique: true}\n"
        "          ticket: {type: bigint, default: \"nextval('tickets')\"}\n"
        "          number: {type: integer, identity: always}\n"
        "        comment: who pays\n"
        '        checks: ["length(email) < 300"]\n',
        1,
    )
    + """      payments:
        columns:
          id: {type: serial, primary_key: true}
          invoice_id: {type: integer, references: invoices(id)}
          order_id: {type: integer, references: {schema: public, table: orders, columns: [id]}}
"""
)


def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_trial, "MIN_CHUNK_TABLES", 1)
    monkeypatch.setenv(parallel_trial.CONNECTIONS_VARIABLE, "3")


@pytest.fixture(autouse=True)
def chunks_of_one_table(monkeypatch: pytest.MonkeyPatch) -> None:
    small_chunks(monkeypatch)


def in_chunks(
    url: str, dbname: str, db: LoadedDatabase, roles: list[str] | None = None
) -> tuple[bool, Database | None]:
    """Whether the state may split, and the desired schema from its chunks (None where the whole trial must run)."""
    spec, named = db.spec, roles or []
    with connect(url, dbname) as conn:
        keys = unit_keys(spec, normalization_cache.context_digest(conn, spec))
        eligible = parallel_trial.chunk_count(spec, keys) >= 2 and parallel_trial.isolated(conn, spec, named)
        conn.rollback()

        def trial(on: psycopg.Connection[Any], part: DatabaseSpec) -> Database:
            return normalize(on, part, locator(db))[0]

        found = parallel_trial.normalize_in_chunks(spec, keys, conn, lambda: connect(url, dbname), trial, named)
    if found is None:
        return eligible, None
    desired, units = found
    assert set(units) == set(keys.all())  # every unit, to record
    return eligible, desired


def assert_same_as_one_trial(url: str, dbname: str, db: LoadedDatabase, chunked: Database) -> None:
    with connect(url, dbname) as conn:
        whole, _ = normalize(conn, db.spec, locator(db))
        live = inspect_live(conn, dbname, db.context())
    assert canonical(chunked) == canonical(whole)
    planned = [c.model_dump(mode="json") for c in diff(chunked, live, online=db.spec.online)]
    assert planned == [c.model_dump(mode="json") for c in diff(whole, live, online=db.spec.online)]


def test_chunks_give_what_the_one_trial_gives(state: StateDir, cli: Cli, pg_url: str) -> None:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    db = loaded(state.root)
    assert parallel_trial.chunks(db.spec, 3) == [
        {("public", "accounts"), ("public", "orders")},
        {("public", "lines"), ("public", "audit")},
        {("billing", "invoices"), ("billing", "payments")},
    ]
    eligible, chunked = in_chunks(pg_url, state.dbname, db)
    assert eligible and chunked is not None
    assert_same_as_one_trial(pg_url, state.dbname, db, chunked)


def test_a_cold_plan_in_chunks_converges_and_records_every_unit(state: StateDir, cli: Cli, pg_url: str) -> None:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "DELETE FROM _reconcile.normalized_units")  # cold: nothing recorded
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "ALTER TABLE billing.payments DROP COLUMN order_id")  # drift in the last chunk
    sql(pg_url, state.dbname, "DELETE FROM _reconcile.normalized_units")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "+ table.billing.payments.column.order_id" in cli.out, cli.out
    # The closing plan recorded the chunks' units: 6 tables and the base.
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM _reconcile.normalized_units") == [(7,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_an_error_in_a_chunk_is_reported_as_the_one_trial_reports_it(
    state: StateDir, cli: Cli, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(STATE.replace("note: text", 'note: {type: text, default: "no_such_function()"}'))
    sql(pg_url, state.dbname, "DELETE FROM _reconcile.normalized_units")
    assert cli("plan", "--state", state.root) == 1
    chunked_error = cli.err
    monkeypatch.setenv(parallel_trial.CONNECTIONS_VARIABLE, "1")
    assert cli("plan", "--state", state.root) == 1
    assert chunked_error == cli.err
    assert "tables.lines.columns.note: PostgreSQL rejects this" in cli.err and "no_such_function" in cli.err, cli.err


def test_sequence_names_that_depend_on_other_tables_fall_back_to_the_one_trial(
    state: StateDir, cli: Cli, pg_url: str
) -> None:
    """PostgreSQL names the second `a_b_c_seq` it needs `a_b_c_seq1`: chunks apart would both say `a_b_c_seq`."""
    clash = """
schemas:
  public:
    tables:
      a:
        columns:
          b_c: {type: serial}
      filler:
        columns:
          x: integer
      a_b:
        columns:
          c: {type: serial}
"""
    state.write(clash)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert in_chunks(pg_url, state.dbname, loaded(state.root)) == (True, None)
    sql(pg_url, state.dbname, "DELETE FROM _reconcile.normalized_units")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


@pytest.mark.parametrize(
    ("addition", "before"),
    [
        ("languages: {plpgsql_copy: {handler: pg_catalog.plpgsql_call_handler}}\n", ""),  # declared database-wide
        ("extensions: [citext]\n", ""),  # not installed yet: each trial would create it
        (
            "",
            "CREATE FUNCTION quiet() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';"
            " CREATE EVENT TRIGGER quiet ON ddl_command_start EXECUTE FUNCTION quiet()",
        ),
        ("", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC"),  # the trial resets the role's own
    ],
    ids=["language", "extension_missing", "event_trigger", "default_privileges"],
)
def test_a_trial_that_would_touch_shared_rows_is_not_split(
    state: StateDir, cli: Cli, pg_url: str, addition: str, before: str
) -> None:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    if before:
        assert psql(pg_url, state.dbname, before) is None
    state.write(addition + STATE)
    assert in_chunks(pg_url, state.dbname, loaded(state.root)) == (False, None)


def test_a_role_the_server_lacks_keeps_the_one_trial(state: StateDir, cli: Cli, pg_url: str) -> None:
    """Each trial would create a stand-in for it (role_references.stand_in): two at once would wait on each other."""
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    db = loaded(state.root)
    assert in_chunks(pg_url, state.dbname, db, ["reconcile_no_such_role"]) == (False, None)
    eligible, chunked = in_chunks(pg_url, state.dbname, db, ["postgres"])
    assert eligible and chunked is not None


ACCOUNTS = "    tables:\n      accounts:"


@pytest.mark.parametrize(
    "reader",
    [
        "    views:\n      happy: {query: SELECT id FROM accounts}\n" + ACCOUNTS,
        ACCOUNTS.replace("accounts:", "readers:")
        + "\n        columns: {id: integer}\n"
        + '        policies: {mine: {using: "id IN (SELECT id FROM public.lines)"}}\n      accounts:',
    ],
    ids=["view", "policy"],
)
def test_what_reads_other_tables_keeps_the_one_trial(state: StateDir, cli: Cli, pg_url: str, reader: str) -> None:
    state.write(STATE.replace(ACCOUNTS, reader, 1))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert in_chunks(pg_url, state.dbname, loaded(state.root)) == (False, None)


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_the_connections_setting_is_checked(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(parallel_trial.CONNECTIONS_VARIABLE, value)
    with pytest.raises(ConnectionConfigError, match="RECONCILE_POSTGRES_TRIAL_CONNECTIONS must be a whole number"):
        parallel_trial.connections()


# The pairs whose B creates two tables or more: what can split. test_sql_pairs runs the check on each, on the
# pair's own B and export once the pair passed (building and exporting B is most of the check's cost).
CREATE_TABLE = re.compile(r"\bcreate\s+(?:unlogged\s+)?table\b", re.IGNORECASE)
# Eligible, but a chunk's trial fails and the one trial runs instead: why.
FALLS_BACK = {
    "sequences/owning_column_dropped_while_another_default_moves": "a default calls another table's serial sequence",
    "sequences/table_dropped_while_another_default_leaves_its_sequence": "likewise",
    "dependency_order/function_returns_setof_table": "a function returns a table's rows: not in the other chunk",
}


def splits(pair: Pair) -> bool:
    """Whether the pair's B is a state that may split: two tables or more."""
    return len(CREATE_TABLE.findall(pair.read("b"))) >= 2


def assert_b_is_the_same_in_chunks(pair: Pair, url: str, b_db: str, exported: Path) -> None:
    """B's exported state normalized on B itself, in chunks and in one trial."""
    with pytest.MonkeyPatch.context() as patch:  # the pair's own apply ran with the usual chunks
        small_chunks(patch)
        db = loaded(exported)
        eligible, chunked = in_chunks(url, b_db, db, [ref.role for ref in db.named_roles])
        # An eligible state splits, unless a chunk fails (then the one trial runs: the reason is listed).
        assert (eligible and pair.name not in FALLS_BACK) == (chunked is not None)
        if chunked is not None:
            assert_same_as_one_trial(url, b_db, db, chunked)
