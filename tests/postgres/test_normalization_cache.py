"""A converged apply records the normalized schema; later plans of the same state skip the trial."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from devtools import pgcluster
from reconciler.postgres import normalization_cache
from reconciler.postgres.model import Database, Undeclarable
from tests.conftest import Cli, StateDir, sql

STATE = """
schemas:
  public:
    enums:
      mood: [happy, sad]
    functions:
      touch:
        returns: trigger
        body: "BEGIN NEW.changed_at := now(); RETURN NEW; END;"
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: varchar(50), check: "length(name) > 0"}
          state: {type: mood, default: "'happy'"}
          changed_at: timestamptz
          is_sad: {type: boolean, generated: "state IN ('sad')"}
        indexes:
          items_lower_name: {columns: ["lower(name)"], where: "state = 'happy'"}
        triggers:
          items_touch: {timing: before, events: [update], function: touch}
    views:
      happy_items: {query: "SELECT id, name FROM items WHERE state = 'happy'"}
"""


UNIT_DOCUMENTS = "SELECT document FROM _reconcile.normalized_units"


def trials(cluster: pgcluster.Cluster) -> int:
    """How many throwaway schemas the server was asked to create so far (log_statement = all)."""
    log = (cluster.directory / "server.log").read_text(errors="replace")
    return log.count('CREATE SCHEMA "_reconcile_shadow_') + log.count("CREATE SCHEMA _reconcile_shadow_")


@pytest.fixture
def logged(pg_url: str, state: StateDir, cli: Cli) -> StateDir:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    sql(pg_url, "postgres", f"ALTER DATABASE {state.dbname} SET log_statement = 'all'")
    return state


def test_a_plan_of_an_unchanged_state_skips_the_trial_and_still_sees_drift(
    cli: Cli, logged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    # One unit per table, one for the rest.
    assert sql(pg_url, logged.dbname, "SELECT count(*) FROM _reconcile.normalized_units") == [(2,)]
    before = trials(pg_cluster)
    assert cli("drift", "--state", logged.root, "--fail-on-diff") == 0, cli.out + cli.err
    assert trials(pg_cluster) == before  # the recorded normalized schema served

    sql(pg_url, logged.dbname, "DROP TRIGGER items_touch ON items; ALTER TABLE items DROP CONSTRAINT items_name_check")
    assert cli("drift", "--state", logged.root, "--fail-on-diff") == 2
    assert "trigger.items_touch" in cli.out and "items_name_check" in cli.out, cli.out
    assert trials(pg_cluster) == before
    # Repaired from the cache's copy of the state file's own SQL.
    sql(pg_url, logged.dbname, "ALTER TABLE items DROP COLUMN is_sad")
    documents = [json.loads(str(text)) for (text,) in sql(pg_url, logged.dbname, UNIT_DOCUMENTS)]
    assert any("state IN ('sad')" in json.dumps(d) for d in documents)
    assert "length(name) > 0" in json.dumps(documents)
    assert cli("apply", "--state", logged.root, "--auto-approve") == 0, cli.err
    assert "GENERATED ALWAYS AS ((state IN ('sad'))) STORED" in cli.out or "state IN ('sad')" in cli.out, cli.out
    assert cli("plan", "--state", logged.root, "--detailed-exitcode") == 0, cli.out
    assert sql(
        pg_url, logged.dbname, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'items_name_check'"
    ) == [("CHECK ((length((name)::text) > 0))",)]


def test_a_changed_state_or_a_disabled_cache_runs_the_trial(
    cli: Cli, logged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = trials(pg_cluster)
    logged.write(STATE.replace("varchar(50)", "varchar(60)"))
    assert cli("plan", "--state", logged.root, "--detailed-exitcode") == 2
    assert trials(pg_cluster) == before + 1
    logged.write(STATE)
    monkeypatch.setenv("RECONCILE_POSTGRES_CACHE", "off")
    assert cli("plan", "--state", logged.root, "--detailed-exitcode") == 0
    assert trials(pg_cluster) == before + 2


def test_apply_normalizes_once_and_its_closing_plan_records_what_its_first_plan_normalized(
    cli: Cli, logged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    logged.write(STATE.replace("varchar(50)", "varchar(60)"))
    before = trials(pg_cluster)
    assert cli("plan", "--state", logged.root, "--detailed-exitcode") == 2
    per_plan = trials(pg_cluster) - before
    assert per_plan > 0

    before = trials(pg_cluster)
    assert cli("apply", "--state", logged.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out, cli.out
    assert trials(pg_cluster) - before == per_plan  # the closing plan took the first plan's units
    before = trials(pg_cluster)
    assert cli("drift", "--state", logged.root, "--fail-on-diff") == 0, cli.out + cli.err
    assert trials(pg_cluster) == before  # and recorded them in the target


def test_an_apply_that_updates_an_extension_normalizes_again_for_its_closing_plan(
    cli: Cli, state: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    """Unit keys digest the installed extensions' versions: what the first plan normalized under citext 1.5
    is not what the closing plan takes once the apply has updated it."""
    declared = """
    extensions:
      - {{name: citext, version: '{version}'}}
    schemas:
      public:
        tables:
          users:
            columns:
              email: citext
    """
    state.write(declared.format(version="1.5"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, "postgres", f"ALTER DATABASE {state.dbname} SET log_statement = 'all'")
    state.write(declared.format(version="1.6"))
    before = trials(pg_cluster)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out, cli.out
    assert trials(pg_cluster) - before == 2
    assert sql(pg_url, state.dbname, "SELECT extversion FROM pg_extension WHERE extname = 'citext'") == [("1.6",)]


def test_carried_units_are_copies_both_ways() -> None:
    carried = normalization_cache.Carried()
    unit = Database(name="d", dependencies={"view:public.v": ["table:public.t"]})
    carried.keep({"k": unit})
    unit.dependencies["view:public.v"].append("table:public.u")
    taken = carried.take(["k", "missing"])
    assert list(taken) == ["k"]
    taken["k"].dependencies.clear()
    assert carried.take(["k"])["k"].dependencies == {"view:public.v": ["table:public.t"]}


def test_an_entry_that_cannot_be_read_back_is_ignored_with_a_note(
    cli: Cli, logged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    sql(pg_url, logged.dbname, """UPDATE _reconcile.normalized_units SET document = '{"model": {"tables": 1}}'""")
    before = trials(pg_cluster)
    assert cli("plan", "--state", logged.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "2 recorded normalized object(s) failed their signature" in cli.out + cli.err
    assert trials(pg_cluster) == before + 1


def test_a_cached_schema_keeps_every_field_its_dump_leaves_out() -> None:
    """Dependencies and undeclarable entries (a default privilege the trial's objects received) are lists of
    models or mappings the dump leaves out: the cache stores them as JSON and restores them as they were."""
    desired = Database(
        name="d",
        undeclarable=[Undeclarable(kind="grant", name="type public.mood", detail="USAGE to reader")],
        dependencies={"view:public.v": ["table:public.t"]},
    )
    restored = normalization_cache._restore(json.dumps(normalization_cache._document(desired)))
    assert restored.undeclarable == desired.undeclarable
    assert restored.dependencies == desired.dependencies
    assert restored == desired  # every field, the excluded ones too


def test_databases_asking_for_the_code_digest_at_once_read_the_code_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each database's plan thread asks for it first thing; only one of them reads the files."""
    reads: list[str] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(str(path))
        time.sleep(0.001)  # the window in which the other threads ask too
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    normalization_cache._code_digest.cache_clear()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            digests = list(pool.map(lambda _: normalization_cache.code_digest(), range(4)))
    finally:
        normalization_cache._code_digest.cache_clear()
    assert len(set(digests)) == 1
    assert reads and len(reads) == len(set(reads)), "a file was read more than once"
