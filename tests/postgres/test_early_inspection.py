"""Live inspections started from a parsed state file: taken by the plan when the validated file asks for the
same inspection, discarded otherwise, never started from fields that are not valid, and always closed."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import ConnectionConfigError
from reconciler.postgres.backend import inspect_live
from reconciler.postgres.early_inspection import EarlyInspections
from reconciler.postgres.inspector import InspectionStats
from tests.conftest import Cli, StateDir, other_sessions, sql

TABLE = "schemas:\n  public:\n    tables:\n      items:\n        columns: {id: integer}\n"
CONTEXT = {"schemas": ["public"], "extensions": [], "extension_schemas": []}


def _document(dbname: str, **fields: Any) -> dict[str, Any]:
    return {"database": dbname, "schemas": {"public": {"tables": {}}}, **fields}


def test_the_inspection_started_from_the_parsed_file_is_the_one_the_plan_takes(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    early = EarlyInspections(pg_url, False, inspect_live)
    early.start(_document(dbname, extensions=["plpgsql"]))
    assert early.take(dbname, CONTEXT, InspectionStats()) is None  # asked with other extensions: discarded
    early.start(_document(dbname))
    stats = InspectionStats()
    taken = early.take(dbname, CONTEXT, stats)
    assert taken is not None
    with taken as result:
        live = result().database
    assert list(live.tables) == ["public.items"]
    assert (stats.queries > 0, stats.round_trips) == (True, 3)  # counted where the plan counts its inspection
    assert early.take(dbname, CONTEXT, InspectionStats()) is None  # taken once
    early.close()
    assert other_sessions(pg_url, dbname) == 0


def test_nothing_starts_from_fields_that_are_not_valid_or_that_depend_on_the_server(pg_url: str, dbname: str) -> None:
    early = EarlyInspections(pg_url, False, inspect_live)
    for document in (
        _document("x" * 64),  # not an identifier: never sent to the server
        _document(dbname, schemas={"": {}}),
        _document(dbname, extensions=[{"name": "pgcrypto", "schema": "x" * 64}]),
        _document(dbname, undeclared_schemas="drop"),
        _document(dbname, schema_templates={"tenant": {"match": "^t_"}}),
        _document(dbname, schemas={"app": {"renamed_from": "legacy"}}),
        ["not", "a", "mapping"],
    ):
        early.start(document)
    assert early.take(dbname, CONTEXT, InspectionStats()) is None
    assert early.take("x" * 64, CONTEXT, InspectionStats()) is None
    # One that does not exist is connected to on the inspection's thread, and fails there; the plan, which finds
    # out for itself that it does not exist, never takes it, and anyone who did would get the connection's error.
    early.start(_document("no_such_database_here"))
    taken = early.take("no_such_database_here", CONTEXT, InspectionStats())
    assert taken is not None
    with pytest.raises(ConnectionConfigError, match="no_such_database_here"), taken as result:
        result()
    early.close()


def test_a_file_its_validation_refuses_fails_the_plan_and_leaves_no_inspection_behind(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TABLE + "        checks: ['id > 0; DROP TABLE public.items']\n")
    assert cli("plan", "--state", state.root) == 1
    assert "checks" in cli.err and "Traceback" not in cli.err, cli.err
    assert other_sessions(pg_url, dbname) == 0
    assert sql(pg_url, dbname, "SELECT count(*) FROM public.items") == [(0,)]


def test_a_plan_uses_the_inspection_started_from_its_file_unless_the_server_decides_what_to_inspect(
    cli: Cli, state: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[bool] = []
    original = EarlyInspections.take

    def recording(self: EarlyInspections, name: str, context: Any, stats: InspectionStats) -> Any:
        found = original(self, name, context, stats)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(EarlyInspections, "take", recording)
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    taken.clear()
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert taken == [True]
    taken.clear()
    state.write("undeclared_schemas: drop\n" + TABLE)  # which schemas to read is the server's to say
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert taken == [False]


def test_no_more_databases_are_inspected_early_than_the_plan_starts_with(pg_url: str, dbname: str) -> None:
    """The plan starts as many databases as it has workers; a fleet of files would otherwise hold two connections
    per database before the plan used any."""
    early = EarlyInspections(pg_url, False, inspect_live, limit=1)
    early.start(_document(dbname))
    early.start(_document("postgres"))  # the second database: the plan inspects it when its turn comes
    assert early.take("postgres", CONTEXT, InspectionStats()) is None
    taken = early.take(dbname, CONTEXT, InspectionStats())
    assert taken is not None
    with pytest.raises(ConnectionConfigError), taken as result:
        result()  # dbname was not created: what matters is that it was started, and the second one not
    early.close()
