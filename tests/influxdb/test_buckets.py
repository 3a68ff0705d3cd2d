"""Organizations, buckets and tokens against the InfluxDB 2 emulator (and the real image where Docker answers).

Every test reconciles its own organization, so tests never see each
other's buckets on the session's server.
"""

from __future__ import annotations

import json
import shutil
import stat
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from influxdb_client import InfluxDBClient, Point
from influxdb_client.client.write_api import SYNCHRONOUS
from influxdb_client.rest import ApiException

from devtools.influxserver import InfluxServer
from reconciler.influxdb.backend import InfluxBackend
from tests.answering_server import Answer, AnsweringServer
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
DAY = 86_400


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


def write(state: Path, org: str, body: str) -> None:
    (state / "influxdb.yaml").write_text(f"organization: {{name: {org}}}\n" + body.strip() + "\n")


def apply(cli: Cli, state: Path, *flags: str) -> None:
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve", *flags) == 0, cli.out + cli.err
    assert cli("drift", "--state", state, "--only", "influxdb", "--fail-on-diff") == 0, cli.out + cli.err


def buckets(client: InfluxDBClient, org: str) -> dict[str, tuple[int, int | None, str | None]]:
    """name -> (retention seconds, shard group seconds, description), system buckets included."""
    found = client.buckets_api().find_buckets(org=org, limit=100).buckets
    result = {}
    for bucket in found:
        rules = bucket.retention_rules or []
        retention = rules[0].every_seconds if rules else 0
        result[bucket.name] = (retention, rules[0].shard_group_duration_seconds if rules else None, bucket.description)
    return result


def write_points(client: InfluxDBClient, org: str, bucket: str, count: int) -> None:
    now = datetime.now(UTC)
    points = [Point("latency").tag("service", f"s{i}").field("ms", float(i)).time(now) for i in range(count)]
    client.write_api(write_options=SYNCHRONOUS).write(bucket=bucket, org=org, record=points)


def count_points(client: InfluxDBClient, org: str, bucket: str) -> int:
    tables = client.query_api().query(f'from(bucket: "{bucket}") |> range(start: -1h)', org=org)
    return sum(len(table.records) for table in tables)


def test_create_from_empty_then_no_false_drift(cli: Cli, state: Path, org: str, client: InfluxDBClient) -> None:
    write(
        state,
        org,
        """
buckets:
  metrics: {retention: 30d, description: API latency}
  archive: {retention: infinite}
  short: {retention: 12h, shard_group_duration: 1h}
""",
    )
    assert cli("plan", "--state", state, "--only", "influxdb", "--detailed-exitcode") == 2
    assert "+ organization" in cli.out and "+ bucket.metrics" in cli.out
    apply(cli, state)
    live = buckets(client, org)
    assert live["metrics"][0] == 30 * DAY and live["metrics"][2] == "API latency"
    assert live["archive"][0] == 0
    assert live["short"][:2] == (12 * 3600, 3600)
    assert {"_monitoring", "_tasks"} <= set(live), "onboarding-style system buckets exist and are left alone"


def test_retention_change_keeps_data_and_shortening_needs_the_flag(
    cli: Cli, state: Path, org: str, client: InfluxDBClient
) -> None:
    write(state, org, "buckets:\n  metrics: {retention: 30d}")
    apply(cli, state)
    write_points(client, org, "metrics", 5)
    write(state, org, "buckets:\n  metrics: {retention: 90d}")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0
    assert "retention: 30d -> 90d" in cli.out
    apply(cli, state)
    assert buckets(client, org)["metrics"][0] == 90 * DAY
    assert count_points(client, org, "metrics") == 5

    write(state, org, "buckets:\n  metrics: {retention: 7d}")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0 and "points older than 7d are deleted" in cli.out
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert "--allow-destructive" in cli.err and buckets(client, org)["metrics"][0] == 90 * DAY
    apply(cli, state, "--allow-destructive")
    assert buckets(client, org)["metrics"][0] == 7 * DAY
    assert count_points(client, org, "metrics") == 5


def test_description_changes_in_place(cli: Cli, state: Path, org: str, client: InfluxDBClient) -> None:
    write(state, org, "buckets:\n  metrics: {retention: 30d, description: old}")
    apply(cli, state)
    ids = {b.name: b.id for b in client.buckets_api().find_buckets(org=org).buckets}
    write(state, org, "buckets:\n  metrics: {retention: 30d, description: new words}")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0 and "description: 'old' -> 'new words'" in cli.out
    apply(cli, state)
    assert buckets(client, org)["metrics"][2] == "new words"
    assert {b.name: b.id for b in client.buckets_api().find_buckets(org=org).buckets}["metrics"] == ids["metrics"]


def test_infinite_retention_round_trips(cli: Cli, state: Path, org: str, client: InfluxDBClient) -> None:
    write(state, org, "buckets:\n  metrics: {retention: 2d}")
    apply(cli, state)
    write(state, org, "buckets:\n  metrics: {retention: infinite}")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0 and "retention: 2d -> infinite" in cli.out
    apply(cli, state)
    assert buckets(client, org)["metrics"][0] == 0


def test_delete_only_owned_buckets_and_only_with_the_flag(
    cli: Cli, state: Path, org: str, client: InfluxDBClient
) -> None:
    write(state, org, "buckets:\n  tmp_a: {}\n  team_b: {}\n  keep: {}")
    apply(cli, state)
    write_points(client, org, "tmp_a", 2)
    write(state, org, "owned_prefixes: [tmp_]\nbuckets:\n  keep: {}")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0
    assert "- bucket.tmp_a" in cli.out and "team_b" not in cli.out
    assert "InfluxDB: 1 live object not declared and not owned (left alone)" in cli.out
    assert cli("plan", "--state", state, "--only", "influxdb", "--format", "json") == 0
    assert json.loads(cli.out)["unmanaged"] == {"influxdb": ["team_b"]}
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert "tmp_a" in buckets(client, org)
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve", "--allow-destructive") == 0
    live = buckets(client, org)
    assert "tmp_a" not in live and "team_b" in live and "keep" in live


def test_a_bad_token_is_a_clear_error_and_nothing_is_applied(
    cli: Cli, state: Path, org: str, monkeypatch: pytest.MonkeyPatch, client: InfluxDBClient
) -> None:
    write(state, org, "buckets:\n  metrics: {retention: 30d}")
    monkeypatch.setenv("RECONCILE_INFLUXDB_TOKEN", "not-a-token")
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert "rejected the token" in cli.err and "RECONCILE_INFLUXDB_TOKEN" in cli.err
    assert "not-a-token" not in cli.err + cli.out
    with pytest.raises(ApiException) as missing:
        client.organizations_api().find_organizations(org=org)
    assert missing.value.status == 404


def test_missing_token_and_bad_input_fail_before_any_request(
    cli: Cli, state: Path, org: str, monkeypatch: pytest.MonkeyPatch, influx: InfluxServer
) -> None:
    write(state, org, "buckets:\n  metrics: {retention: 30m}")
    assert cli("validate", "--state", state) == 1
    assert "influxdb.yaml:3: buckets.metrics: retention: '30m' is shorter than one hour" in cli.err
    write(state, org, "buckets:\n  metrics: {retention: 30d}")
    monkeypatch.delenv("RECONCILE_INFLUXDB_TOKEN")
    assert cli("plan", "--state", state, "--only", "influxdb") == 1 and "set RECONCILE_INFLUXDB_TOKEN" in cli.err


def test_an_organization_that_may_not_be_created_blocks_the_plan(
    cli: Cli, state: Path, org: str, influx: InfluxServer
) -> None:
    (state / "influxdb.yaml").write_text(f"organization: {{name: {org}, create: false}}\nbuckets:\n  m: {{}}\n")
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert "create: false" in cli.err


def test_tokens_are_created_scoped_and_rotated_without_printing_them(
    cli: Cli, state: Path, org: str, client: InfluxDBClient, influx: InfluxServer, tmp_path: Path
) -> None:
    token_file = tmp_path / "secrets" / "asr.token"
    body = f"""
buckets:
  metrics: {{retention: 30d}}
  logs: {{retention: 7d}}
authorizations:
  asr-writer: {{write: [metrics], token_file: {token_file}}}
"""
    write(state, org, body)
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 0, cli.err
    token = token_file.read_text().strip()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token and token not in cli.out + cli.err
    assert cli("drift", "--state", state, "--only", "influxdb", "--fail-on-diff") == 0, cli.out
    with InfluxDBClient(url=influx.url, token=token) as scoped:
        write_points(scoped, org, "metrics", 1)
        with pytest.raises(ApiException) as refused:
            write_points(scoped, org, "logs", 1)
        assert refused.value.status in (403, 404)

    write(state, org, body.replace("write: [metrics]", "write: [metrics, logs]"))
    assert cli("plan", "--state", state, "--only", "influxdb") == 0
    assert "± authorization.asr-writer" in cli.out and "lose access" in cli.out
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    apply(cli, state, "--allow-destructive")
    rotated = token_file.read_text().strip()
    assert rotated != token and rotated not in cli.out + cli.err
    with InfluxDBClient(url=influx.url, token=rotated) as scoped:
        write_points(scoped, org, "logs", 1)
    with InfluxDBClient(url=influx.url, token=token) as old, pytest.raises(ApiException) as revoked:
        write_points(old, org, "metrics", 1)
    assert revoked.value.status == 401


def test_many_buckets_are_listed_in_pages(cli: Cli, state: Path, org: str, influx: InfluxServer) -> None:
    names = "\n".join(f"  b{i:03}: {{retention: 30d}}" for i in range(230))
    write(state, org, "buckets:\n" + names)
    apply(cli, state)
    backend = InfluxBackend(state)
    assert backend.plan(state).changes == []
    assert backend.requests == 1 + 1 + 3  # /ping, the organization, then 232 buckets in pages of 100


def test_ai4i_buckets_converge_from_empty_and_after_tampering(
    cli: Cli, org: str, client: InfluxDBClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    shutil.copy(ROOT / "state" / "influxdb.yaml", state / "influxdb.yaml")
    monkeypatch.setenv("RECONCILE_INFLUXDB_ORG", org)
    apply(cli, state)
    expected = {
        "ai_service_metrics": 30,
        "system_performance": 7,
        "api_gateway_metrics": 30,
        "business_metrics": 90,
        "model_performance": 90,
        "metrics_archive": 365,
    }
    live = buckets(client, org)
    assert {name: live[name][0] // DAY for name in expected} == expected

    api = client.buckets_api()
    by_name = {b.name: b for b in api.find_buckets(org=org).buckets}
    api.delete_bucket(by_name["model_performance"])
    tampered = by_name["system_performance"]
    tampered.retention_rules[0].every_seconds = 3 * DAY
    api.update_bucket(tampered)
    assert cli("drift", "--state", state, "--only", "influxdb", "--fail-on-diff") == 2
    assert "bucket.model_performance" in cli.out
    assert "bucket.system_performance" in cli.out and "3d -> 7d" in cli.out
    apply(cli, state)
    live = buckets(client, org)
    assert {name: live[name][0] // DAY for name in expected} == expected


def test_organization_description_is_updated_in_place(cli: Cli, state: Path, org: str, client: InfluxDBClient) -> None:
    (state / "influxdb.yaml").write_text(f"organization: {{name: {org}, description: first}}\nbuckets:\n  m: {{}}\n")
    apply(cli, state)
    (state / "influxdb.yaml").write_text(f"organization: {{name: {org}, description: second}}\nbuckets:\n  m: {{}}\n")
    assert cli("plan", "--state", state, "--only", "influxdb") == 0 and "description: 'first' -> 'second'" in cli.out
    apply(cli, state)
    assert client.organizations_api().find_organizations(org=org)[0].description == "second"


def test_a_token_that_may_not_create_the_organization_gets_a_clear_error(
    cli: Cli, state: Path, org: str, influx: InfluxServer, monkeypatch: pytest.MonkeyPatch, client: InfluxDBClient
) -> None:
    from influxdb_client import Permission, PermissionResource

    setup_org = client.organizations_api().find_organizations(org="setup")[0]
    readonly = client.authorizations_api().create_authorization(
        org_id=setup_org.id,
        permissions=[Permission(action="read", resource=PermissionResource(type="buckets", org_id=setup_org.id))],
    )
    write(state, org, "buckets:\n  metrics: {retention: 30d}")
    monkeypatch.setenv("RECONCILE_INFLUXDB_TOKEN", readonly.token)
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert f"the token is not allowed to create organization {org}" in cli.err and "write:orgs" in cli.err
    assert readonly.token not in cli.err + cli.out, cli.err
    with pytest.raises(ApiException):
        client.organizations_api().find_organizations(org=org)


def test_a_token_file_that_cannot_be_written_stops_before_a_token_exists(
    cli: Cli, state: Path, org: str, client: InfluxDBClient, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    write(state, org, f"buckets:\n  m: {{}}\nauthorizations:\n  svc: {{write: [m], token_file: {blocker}/svc.token}}")
    assert cli("apply", "--state", state, "--only", "influxdb", "--auto-approve") == 1
    assert f"cannot write the token file {blocker}/svc.token" in cli.err and "Traceback" not in cli.err
    org_id = client.organizations_api().find_organizations(org=org)[0].id
    assert [a.description for a in client.authorizations_api().find_authorizations(org_id=org_id)] == []
    assert cli("plan", "--state", state, "--only", "influxdb") == 0 and "+ authorization.svc" in cli.out


def test_a_url_that_is_not_influxdb_is_refused_before_planning(
    cli: Cli, state: Path, org: str, influx: InfluxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>a login page</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("RECONCILE_INFLUXDB_URL", f"http://user:pw@127.0.0.1:{server.server_address[1]}")
        write(state, org, "buckets:\n  m: {}")
        assert cli("plan", "--state", state, "--only", "influxdb") == 1
        assert "does not answer /ping like InfluxDB" in cli.err and "pw" not in cli.err
    finally:
        server.shutdown()


SECRET_TOKEN = "tok-3f9c1b7e5a2d4c6e8f0a"


@pytest.mark.parametrize(
    ("status", "content_type", "body", "expected"),
    [
        (200, "text/html", b"<html>a login page</html>", "gave an answer InfluxDB 2 would not give"),
        (200, "application/json", b'{"orgs": "all of them"}', "gave an answer InfluxDB 2 would not give"),
        (200, "application/json", b'{"orgs": [{"name": 7, "id": "1"}]}', "gave an answer InfluxDB 2 would not give"),
        (200, "application/json", b'{"orgs": [{"name": "x"}]}', "gave an answer InfluxDB 2 would not give"),
        (502, "text/html", b"<html>" + b"bad gateway " * 1000 + SECRET_TOKEN.encode() + b"</html>", "HTTP 502"),
    ],
    ids=["html", "wrong-type", "name-not-text", "no-id", "long-error-page"],
)
def test_answers_influxdb_would_not_give_are_clear_errors(
    cli: Cli,
    state: Path,
    org: str,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    content_type: str,
    body: bytes,
    expected: str,
) -> None:
    """A proxy or another service behind the URL: exit 1 naming the call, no traceback, no token, a short line."""

    def answer(method: str, path: str) -> Answer:
        if path == "/ping":  # as InfluxDB 2 answers it
            return 204, {"X-Influxdb-Version": "v2.7.11"}, b""
        return status, {"Content-Type": content_type}, body

    with AnsweringServer(answer) as impostor:
        monkeypatch.setenv("RECONCILE_INFLUXDB_URL", impostor.url)
        monkeypatch.setenv("RECONCILE_INFLUXDB_TOKEN", SECRET_TOKEN)
        write(state, org, "buckets:\n  m: {}")
        assert cli("plan", "--state", state, "--only", "influxdb") == 1
    assert expected in cli.err and f"look up organization {org}" in cli.err, cli.err
    assert "Traceback" not in cli.err and SECRET_TOKEN not in cli.out + cli.err
    assert len(cli.err) < 800, cli.err
