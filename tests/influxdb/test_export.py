"""`reconcile export` for InfluxDB: an organization's buckets and tokens round-trip to an empty plan."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import yaml
from influxdb_client import BucketRetentionRules, InfluxDBClient

from devtools.influxserver import InfluxServer
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def org(influx: InfluxServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """An organization of the test's own, named through RECONCILE_INFLUXDB_ORG as an operator would."""
    name = f"exp{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("RECONCILE_INFLUXDB_ORG", name)
    return name


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def test_ai4i_buckets_and_hand_made_ones_round_trip(
    cli: Cli, tmp_path: Path, influx: InfluxServer, org: str, state: Path
) -> None:
    shutil.copy(ROOT / "state" / "influxdb.yaml", state / "influxdb.yaml")
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 0, cli.err
    with InfluxDBClient(url=influx.url, token=influx.token) as client:
        org_id = client.organizations_api().find_organizations(org=org)[0].id
        client.buckets_api().create_bucket(
            bucket_name="by_hand",
            description="made in the UI",
            retention_rules=BucketRetentionRules(
                type="expire", every_seconds=86_400, shard_group_duration_seconds=7200
            ),
            org=org_id,
        )
    out = tmp_path / "exported"
    assert cli("export", "--only", "influxdb", "--out", out) == 0, cli.err
    exported = yaml.safe_load((out / "influxdb.yaml").read_text())
    assert exported["organization"] == {"name": org}
    assert exported["buckets"]["metrics_archive"] == {"retention": "365d"}
    assert exported["buckets"]["by_hand"] == {
        "retention": "1d",
        "description": "made in the UI",
        "shard_group_duration": "2h",
    }
    assert "_monitoring" not in exported["buckets"]
    assert cli("plan", "--state", out, "--only", "influxdb", "--detailed-exitcode") == 0, cli.out
    assert "No changes" in cli.out


def test_tokens_are_exported_by_permissions_never_by_value(cli: Cli, tmp_path: Path, org: str, state: Path) -> None:
    token_file = tmp_path / "asr.token"
    (state / "influxdb.yaml").write_text(
        "organization: {name: x}\nbuckets:\n  m: {retention: 30d}\n"
        f"authorizations:\n  asr: {{write: [m], read: [m], token_file: {token_file}}}\n"
    )
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 0, cli.err
    out = tmp_path / "exported"
    assert cli("export", "--only", "influxdb", "--out", out) == 0, cli.err
    text = (out / "influxdb.yaml").read_text()
    assert token_file.read_text().strip() not in text
    assert yaml.safe_load(text)["authorizations"] == {"asr": {"read": ["m"], "write": ["m"]}}
    assert cli("plan", "--state", out, "--only", "influxdb", "--detailed-exitcode") == 0, cli.out
