"""Database templates: one database file reconciled into every database whose name matches a glob."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Cli, StateDir, sql

BODY = """
schemas:
  public:
    tables:
      documents:
        columns:
          id: {type: int, primary_key: true}
          title: text
"""
NOTE = "          note: text\n"


class Fleet:
    """Databases made by plain SQL, as the platform's tenant service would; dropped afterwards."""

    def __init__(self, url: str, prefix: str, state: StateDir) -> None:
        self.url, self.prefix, self.state = url, prefix, state
        self.tenants = [f"{prefix}_t{n}" for n in range(1, 5)]
        self.other = f"{prefix}_other"

    def write(self, body: str = BODY) -> Path:
        path = self.state.root / "postgres" / "tenants.yaml"
        path.write_text(f'database_match: "{self.prefix}_t*"\n' + body.strip() + "\n")
        return path

    def columns(self, database: str) -> list[str]:
        query = "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents' ORDER BY 1"
        return [str(r[0]) for r in sql(self.url, database, query)]


@pytest.fixture
def fleet(state: StateDir, pg_url: str) -> Iterator[Fleet]:
    made = Fleet(pg_url, state.dbname, state)
    for name in [*made.tenants, made.other]:
        sql(pg_url, "postgres", f'CREATE DATABASE "{name}"')
    made.write()
    yield made
    for name in [*made.tenants, made.other]:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_matching_database_gets_the_file_and_converges(cli: Cli, fleet: Fleet) -> None:
    assert cli("plan", "--state", fleet.state.root, "--format", "json") == 0, cli.err
    scopes = {c["scope"] for c in json.loads(cli.out)["changes"]}
    assert scopes == set(fleet.tenants)  # never the database it does not match, never created or dropped
    assert cli("apply", "--state", fleet.state.root, "--auto-approve") == 0, cli.out + cli.err
    for name in fleet.tenants:
        assert fleet.columns(name) == ["id", "title"]
    assert fleet.columns(fleet.other) == []
    assert cli("plan", "--state", fleet.state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_locked_database_fails_alone_and_converges_on_rerun(cli: Cli, fleet: Fleet) -> None:
    assert cli("apply", "--state", fleet.state.root, "--auto-approve") == 0, cli.out + cli.err
    fleet.write(BODY + NOTE)
    locked = fleet.tenants[1]
    with psycopg.connect(fleet.url + locked) as blocker:
        blocker.execute("SELECT * FROM documents")  # its lock stays until rollback
        code = cli(
            "apply", "--state", fleet.state.root, "--auto-approve", "--lock-timeout", "200ms", "--lock-retries", "0",
            "--parallel", "2", "--format", "json",
        )  # fmt: skip
        blocker.rollback()
    assert code == 1, cli.out + cli.err
    assert "1 of 4 databases of a database template failed" in cli.err and f"{locked}:" in cli.err, cli.err
    report = json.loads(cli.out)
    assert [(f["scope"], f["tenant"]) for f in report["failures"]] == [(locked, None)]
    for name in fleet.tenants:
        assert ("note" in fleet.columns(name)) is (name != locked)
    assert cli("apply", "--state", fleet.state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "note" in fleet.columns(locked)


def test_shards_cover_every_database_once(cli: Cli, fleet: Fleet) -> None:
    seen: list[str] = []
    for i in (1, 2, 3):
        assert cli("plan", "--state", fleet.state.root, "--format", "json", "--shard", f"{i}/3") == 0, cli.err
        seen += sorted({c["scope"] for c in json.loads(cli.out)["changes"]})
    assert sorted(seen) == fleet.tenants


def test_a_database_template_can_hold_schema_templates(cli: Cli, fleet: Fleet) -> None:
    """Database per tenant with schemas per team inside: both templates, each applied in its own transaction."""
    for name in fleet.tenants[:2]:
        sql(fleet.url, name, "CREATE SCHEMA team_a; CREATE SCHEMA team_b")
    fleet.write(BODY + 'schema_templates:\n  team:\n    match: "team_*"\n    tables:\n      notes:\n'
                "        columns:\n          id: {type: int, primary_key: true}\n")  # fmt: skip
    assert cli("apply", "--state", fleet.state.root, "--auto-approve") == 0, cli.out + cli.err
    tables = sql(fleet.url, fleet.tenants[0], "SELECT schemaname FROM pg_tables WHERE tablename = 'notes' ORDER BY 1")
    assert tables == [("team_a",), ("team_b",)]
    assert cli("plan", "--state", fleet.state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_database_a_file_declares_and_a_template_matches_is_an_error(cli: Cli, fleet: Fleet) -> None:
    (fleet.state.root / "postgres" / "one.yaml").write_text(f"database: {fleet.tenants[0]}\n" + BODY)
    assert cli("plan", "--state", fleet.state.root) == 1
    assert "tenants.yaml:1: database_match: matches database" in cli.err and fleet.tenants[0] in cli.err, cli.err


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("", "tenants.yaml:1: database: Field required"),
        ('database: x\ndatabase_match: "t_*"\n', "database_match: a file says database: or database_match:, not both"),
        ('database_match: ""\n', "database_match: database_match is empty"),
        ('database_match: "t_\'; DROP DATABASE x; --"\n', "database_match: database_match may hold"),
        ('database_match: "t_[a"\n', "database_match: database_match opens a ["),
        (f'database_match: "{"x" * 64}"\n', "longer than 63 bytes"),
        ("database_match: [1]\n", "database_match: Input should be a valid string"),
    ],
)
def test_hostile_database_templates_are_refused_at_load(cli: Cli, state: StateDir, head: str, expected: str) -> None:
    (state.root / "postgres" / "tenants.yaml").write_text(head + BODY.strip() + "\n")
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root) == 1, cli.out
        assert expected in cli.err and "Traceback" not in cli.err, cli.err


def test_the_file_is_normalized_once_not_once_per_database(fleet: Fleet, monkeypatch: pytest.MonkeyPatch) -> None:
    from reconciler.postgres import backend, normalize

    calls: list[str] = []
    real = normalize.normalize

    def counted(conn: psycopg.Connection[object], spec: object, *args: object, **kwargs: object) -> object:
        calls.append(getattr(spec, "database", ""))
        return real(conn, spec, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backend, "normalize", counted)
    planned = backend.PostgresBackend(fleet.state.root).plan(fleet.state.root)
    assert {c.scope for c in planned.changes} == set(fleet.tenants)
    assert len(calls) == 1, calls
