"""Database settings (`settings:`, ALTER DATABASE ... SET): set, compared and reset as declared, left alone when
the file does not declare them, exported so that export -> plan finds nothing, and refused before anything runs
when PostgreSQL would refuse them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reconciler.postgres import database_settings
from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, with_payload

SETTINGS = """
settings:
  statement_timeout: 30s
  timezone: UTC
  search_path: [app, Public, "$user"]
  work_mem: 65536
  enable_seqscan: false
  app.tenant: "it's"
schemas:
  public: {}
"""


def stored(pg_url: str, dbname: str) -> list[str]:
    rows = sql(
        pg_url,
        dbname,
        "SELECT unnest(setconfig) FROM pg_db_role_setting "
        "WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND setrole = 0",
    )
    return sorted(str(row[0]) for row in rows)


def test_settings_are_set_compared_and_reset_as_declared(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(SETTINGS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert stored(pg_url, state.dbname) == [
        "TimeZone=UTC",
        "app.tenant=it's",
        "enable_seqscan=off",
        'search_path=app, "Public", "$user"',
        "statement_timeout=30s",
        "work_mem=65536",
    ]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err

    sql(pg_url, state.dbname, f"ALTER DATABASE \"{state.dbname}\" SET lock_timeout = '5s'")
    state.write(
        SETTINGS.replace("statement_timeout: 30s", "statement_timeout: 1min").replace("  work_mem: 65536\n", "")
    )
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert "value: '30s' -> '1min'" in cli.out
    assert f"ALTER DATABASE {state.dbname} RESET work_mem" in cli.out
    assert f"ALTER DATABASE {state.dbname} RESET lock_timeout" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "statement_timeout=1min" in stored(pg_url, state.dbname)
    assert not any(s.startswith(("work_mem", "lock_timeout")) for s in stored(pg_url, state.dbname))


def test_a_file_without_settings_leaves_them_alone(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write("schemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, f"ALTER DATABASE \"{state.dbname}\" SET work_mem = '8MB'")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert stored(pg_url, state.dbname) == ["work_mem=8MB"]


def test_export_declares_the_settings_and_plans_nothing(cli: Cli, state: StateDir, pg_url: str, tmp_path: Path) -> None:
    state.write(SETTINGS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", state.dbname, "--out", out) == 0, cli.err
    settings = yaml.safe_load((out / "postgres" / f"{state.dbname}.yaml").read_text())["settings"]
    assert settings["search_path"] == ["app", "Public", "$user"]
    assert settings["TimeZone"] == "UTC" and settings["app.tenant"] == "it's"
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_value_postgresql_refuses_is_refused_naming_the_field(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(SETTINGS.replace("statement_timeout: 30s", "statement_timeout: soon"))
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state.root) == 1, cli.out + cli.err
        assert f"postgres/{state.dbname}.yaml:3: settings.statement_timeout: PostgreSQL rejects this setting" in cli.err
        assert 'invalid value for parameter "statement_timeout"' in cli.err
        assert "Traceback" not in cli.err
    # Nothing was applied: apply refused before creating the database.
    assert sql(pg_url, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{state.dbname}'") == []


def test_a_name_that_leaves_its_slot_is_refused_and_a_value_is_data(hostile_db: HostileDb) -> None:
    doc = base_state()
    doc["settings"] = with_payload({"work_mem TO 1; {payload}; --": "1"}, hostile_db.payload)
    hostile_db.refused(doc, ["settings", "should match pattern"])
    doc["settings"] = with_payload(
        {"app.note": "x'); {payload}; --", "search_path": ["a'); {payload}; --"]}, hostile_db.payload
    )
    hostile_db.stored(doc)
    values = stored(hostile_db.pg_url, hostile_db.dbname)
    assert f"app.note=x'); {hostile_db.payload}; --" in values, values


def test_a_setting_changed_by_hand_is_set_back_from_the_recorded_normalization(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The converged apply recorded the normalized settings; the next plan reads them from there (no trial sets
    them again), and still sets the drifted ones back as declared, a list element by element."""
    state.write(SETTINGS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    before = stored(pg_url, state.dbname)
    sql(pg_url, state.dbname, f'ALTER DATABASE "{state.dbname}" SET search_path = other')
    sql(pg_url, state.dbname, f'ALTER DATABASE "{state.dbname}" SET "TimeZone" = \'Europe/Paris\'')
    trials: list[str] = []
    resolve = database_settings.resolve

    def counted(*args: Any) -> Any:
        trials.append("trial")
        return resolve(*args)

    monkeypatch.setattr(database_settings, "resolve", counted)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert trials == []
    assert f"ALTER DATABASE {state.dbname} SET search_path TO 'app', 'Public', '$user'" in cli.out
    assert stored(pg_url, state.dbname) == before
