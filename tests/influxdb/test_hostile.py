"""Hostile state/influxdb.yaml: durations and names InfluxDB cannot hold, and credentials never printed.

Every bad file fails `validate` and `plan` with file, line and field before
any request, and the server's organizations and buckets stay as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from influxdb_client import InfluxDBClient

from devtools.influxserver import InfluxServer
from tests.conftest import Cli, assert_refused_at_load, closed_port

SECRET = "s3cr3t-pw"


@pytest.fixture
def org() -> str:
    return f"o{uuid.uuid4().hex[:10]}"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


@pytest.fixture
def client(influx: InfluxServer) -> Iterator[InfluxDBClient]:
    with InfluxDBClient(url=influx.url, token=influx.token) as api:
        yield api


def server_state(client: InfluxDBClient) -> tuple[set[str], set[tuple[str, str]]]:
    """Every organization, and every (organization id, bucket) pair."""
    orgs = {o.name for o in client.organizations_api().find_organizations(limit=100)}
    buckets = {(b.org_id, b.name) for b in client.buckets_api().find_buckets(limit=100).buckets}
    return orgs, buckets


HOSTILE = [
    (
        "buckets:\n  m:\n    retention: 100000w\n",
        "4: buckets.m.retention: retention: '100000w' is 60480000000 seconds, longer than InfluxDB can store",
    ),
    (
        "buckets:\n  m:\n    retention: 9223372037\n",
        "4: buckets.m.retention: retention: 9223372037 is 9223372037 seconds, longer",
    ),
    (
        "buckets:\n  m:\n    retention: 9223372036854775808\n",
        "4: buckets.m.retention: retention: 9223372036854775808 is",
    ),
    ("buckets:\n  m:\n    retention: -1\n", "4: buckets.m.retention: retention: -1 is negative"),
    ("buckets:\n  m:\n    retention: -1d\n", "4: buckets.m.retention: retention: '-1d' is not a duration"),
    ("buckets:\n  m:\n    retention: 1.5d\n", "4: buckets.m.retention: retention: '1.5d' is not a duration"),
    (
        "buckets:\n  m:\n    shard_group_duration: 99999999999s\n",
        "4: buckets.m.shard_group_duration: shard_group_duration: '99999999999s' is",
    ),
    (
        "buckets:\n  m:\n    shard_group_duration: -3600\n",
        "4: buckets.m.shard_group_duration: shard_group_duration: -3600 is negative",
    ),
    ("buckets:\n  ok: {{}}\n  _private: {{}}\n", "4: buckets._private: '_private': names starting with _ are reserved"),
    (
        "buckets:\n  " + "b" * 256 + ": {{}}\n",
        "3: buckets." + "b" * 256 + ": bucket names are at most 255 bytes (this one is 256)",
    ),
    (
        'buckets:\n  "red\\x1b[31m": {{}}\n',
        "3: buckets.red\\x1b[31m: 'red\\x1b[31m': control characters are not allowed",
    ),
    (
        'buckets:\n  " padded": {{}}\n',
        "3: buckets. padded: ' padded': a bucket name cannot be blank or start or end with spaces",
    ),
    ("buckets:\n  'a\"b': {{}}\n", "3: buckets.a\"b: 'a\"b' is not a valid bucket name"),
    (
        'buckets:\n  m: {{}}\nauthorizations:\n  "svc\\x07":\n    read: [m]\n',
        "5: authorizations.svc\\x07: 'svc\\x07': an authorization name",
    ),
]


@pytest.mark.parametrize(("body", "expected"), HOSTILE)
def test_values_influxdb_cannot_hold_fail_with_file_line_and_field(
    cli: Cli, state: Path, org: str, client: InfluxDBClient, body: str, expected: str
) -> None:
    (state / "influxdb.yaml").write_text(f"organization: {{name: {org}}}\n" + body.format())
    before = server_state(client)
    assert_refused_at_load(cli, state, "influxdb", f"state/influxdb.yaml:{expected}")
    assert server_state(client) == before
    assert org not in before[0]


def test_an_organization_name_with_control_characters_is_refused(cli: Cli, state: Path, client: InfluxDBClient) -> None:
    (state / "influxdb.yaml").write_text('organization: {name: "ops\\x1b]0;pwned\\x07"}\nbuckets:\n  m: {}\n')
    before = server_state(client)
    assert cli("plan", "--state", state, "--only", "influxdb") == 1
    assert "state/influxdb.yaml:1: organization.name: 'ops\\x1b]0;pwned\\x07': control characters" in cli.err
    assert server_state(client) == before


@pytest.mark.parametrize(
    "url",
    [
        "http://admin:{secret}@127.0.0.1:{port}",
        "admin:{secret}@127.0.0.1:{port}",
        "http://127.0.0.1:{port}/?token={secret}",
    ],
    ids=["userinfo", "userinfo-without-scheme", "token-in-query"],
)
def test_credentials_in_the_url_never_appear_in_a_connection_error(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_INFLUXDB_URL", url.format(secret=SECRET, port=port))
    monkeypatch.setenv("RECONCILE_INFLUXDB_TOKEN", f"token-{SECRET}")
    (state / "influxdb.yaml").write_text("organization: {name: ops}\nbuckets:\n  m: {}\n")
    assert cli("plan", "--state", state, "--only", "influxdb") == 1
    assert "cannot reach InfluxDB at " in cli.err and "(while trying to ping the server)" in cli.err
    assert SECRET not in cli.out + cli.err


def test_a_missing_token_message_shows_the_url_without_its_password(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_INFLUXDB_URL", f"http://admin:{SECRET}@127.0.0.1:{port}")
    monkeypatch.delenv("RECONCILE_INFLUXDB_TOKEN", raising=False)
    (state / "influxdb.yaml").write_text("organization: {name: ops}\nbuckets:\n  m: {}\n")
    assert cli("plan", "--state", state, "--only", "influxdb") == 1
    assert f"InfluxDB at http://127.0.0.1:{port}: set RECONCILE_INFLUXDB_TOKEN" in cli.err
    assert SECRET not in cli.out + cli.err
