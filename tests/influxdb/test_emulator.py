"""Contract tests of the InfluxDB 2.7 emulator, driven only through the real `influxdb_client` library.

Each expectation is the real server's answer (influxdata/openapi contracts/oss.yml and the InfluxDB 2.7 source), so
these tests pin the emulator to the behaviour `reconcile` will meet in production.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from influxdb_client import (
    Authorization,
    BucketRetentionRules,
    InfluxDBClient,
    OnboardingRequest,
    Permission,
    PermissionResource,
    Point,
)
from influxdb_client.client.write_api import SYNCHRONOUS
from influxdb_client.domain.bucket import Bucket
from influxdb_client.rest import ApiException
from influxdb_client.service import HealthService, SetupService

from devtools.influx_emulator import InfluxEmulator

pytestmark = pytest.mark.xdist_group("test_emulator")  # one worker builds the module fixture once

TOKEN = "operator-token-for-tests"
ORG = "acme"
DAY = 86400


@pytest.fixture(scope="module")
def emulator() -> Iterator[InfluxEmulator]:
    server = InfluxEmulator(port=0).start()
    with InfluxDBClient(url=server.url, token="") as client:
        request = OnboardingRequest(username="admin", password="admin-password", org=ORG, bucket="initial", token=TOKEN)
        SetupService(client.api_client).post_setup(onboarding_request=request)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(emulator: InfluxEmulator) -> Iterator[InfluxDBClient]:
    with InfluxDBClient(url=emulator.url, token=TOKEN, org=ORG) as operator:
        yield operator


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def api_error(call: Callable[[], object]) -> tuple[int, dict[str, Any]]:
    """The status and JSON error body of a call the server must refuse."""
    with pytest.raises(ApiException) as caught:
        call()
    assert caught.value.headers["Content-Type"] == "application/json; charset=utf-8"
    return caught.value.status, json.loads(caught.value.body)


def rules(every: int) -> BucketRetentionRules:
    return BucketRetentionRules(type="expire", every_seconds=every)


def org_id(client: InfluxDBClient, name: str = ORG) -> str:
    return str(client.organizations_api().find_organizations(org=name)[0].id)


def count_by_field(client: InfluxDBClient, bucket: str) -> dict[str, int]:
    tables = client.query_api().query(f'from(bucket: "{bucket}") |> range(start: 0) |> count()')
    return {record.get_field(): record.get_value() for table in tables for record in table.records}


def test_ping_health_and_version_headers(client: InfluxDBClient) -> None:
    assert client.ping() is True
    assert client.version().startswith("v2.7.")
    assert client.build() == "OSS"
    health = HealthService(client.api_client).get_health()
    assert (health.name, health.status, health.message) == ("influxdb", "pass", "ready for queries and writes")


def test_onboarding_once_then_rejected_like_the_server() -> None:
    with InfluxEmulator() as server, InfluxDBClient(url=server.url, token="") as anonymous:
        setup = SetupService(anonymous.api_client)
        assert setup.get_setup().allowed is True
        request = OnboardingRequest(username="root", password="root-password", org="first", bucket="metrics",
                                    retention_period_seconds=2 * DAY)  # fmt: skip
        onboarded = setup.post_setup(onboarding_request=request)
        assert setup.get_setup().allowed is False
        assert onboarded.user.name == "root" and onboarded.org.name == "first"
        assert onboarded.auth.token and onboarded.auth.user_id == onboarded.user.id  # generated: none was given
        assert [(r.every_seconds, r.shard_group_duration_seconds) for r in onboarded.bucket.retention_rules] == [
            (2 * DAY, DAY)
        ]
        status, body = api_error(lambda: setup.post_setup(onboarding_request=request))
        assert (status, body) == (422, {"code": "conflict", "message": "onboarding has already been completed"})

        with InfluxDBClient(url=server.url, token=onboarded.auth.token) as operator:
            found = operator.buckets_api().find_buckets(org_id=onboarded.org.id).buckets
        system = {b.name: (b.type, b.retention_rules[0].every_seconds) for b in found if b.type == "system"}
        assert system == {"_monitoring": ("system", 7 * DAY), "_tasks": ("system", 3 * DAY)}
        assert [b.name for b in found] == ["_monitoring", "_tasks", "metrics"]  # the org index orders by name


def test_create_bucket_answers_the_bucket_schema(client: InfluxDBClient) -> None:
    name = unique("created")
    bucket = client.buckets_api().create_bucket(bucket_name=name, retention_rules=rules(30 * DAY), description="d1")
    assert isinstance(bucket, Bucket)
    assert len(bucket.id) == 16 and int(bucket.id, 16)
    assert (bucket.name, bucket.type, bucket.description, bucket.org_id) == (name, "user", "d1", org_id(client))
    assert bucket.retention_rules[0].to_dict() == {"type": "expire", "every_seconds": 30 * DAY,
                                                   "shard_group_duration_seconds": DAY}  # fmt: skip
    assert bucket.labels == [] and bucket.links._self == f"/api/v2/buckets/{bucket.id}"
    assert bucket.created_at is not None and bucket.updated_at is not None
    assert client.buckets_api().find_bucket_by_id(bucket.id).to_dict() == bucket.to_dict()
    assert client.buckets_api().find_bucket_by_name(name).id == bucket.id


def test_listing_250_buckets_takes_three_pages_of_100(client: InfluxDBClient) -> None:
    org = client.organizations_api().create_organization(name=unique("paging"))
    api = client.buckets_api()
    for i in range(250):
        api.create_bucket(bucket_name=f"bucket-{i:03d}", org=org.id, retention_rules=rules(0))
    expected = ["_monitoring", "_tasks"] + [f"bucket-{i:03d}" for i in range(250)]

    pages, after = [], None
    while True:
        page = api.find_buckets(org_id=org.id, limit=100, **({"after": after} if after else {}))
        pages.append([b.name for b in page.buckets])
        if page.links.next is None:
            break
        after = page.buckets[-1].id
    assert [len(p) for p in pages] == [100, 100, 52]
    assert [name for p in pages for name in p] == expected

    by_offset = [[b.name for b in api.find_buckets(org_id=org.id, limit=100, offset=o).buckets] for o in (0, 100, 200)]
    assert by_offset == pages
    assert api.find_buckets(org_id=org.id, limit=100, offset=200).links.next is None
    assert [b.name for b in api.find_buckets_iter(org_id=org.id, limit=100)] == expected


def test_default_and_invalid_limits(client: InfluxDBClient) -> None:
    page = client.buckets_api().find_buckets()
    assert len(page.buckets) <= 20 and "limit=20" in page.links._self
    for limit in (0, 101):  # BucketsService refuses these itself, so send them through the ApiClient
        call = partial(client.api_client.call_api, "/api/v2/buckets", "GET", query_params=[("limit", limit)])
        status, body = api_error(partial(call, auth_settings=[], response_type="Buckets"))
        assert (status, body) == (400, {"code": "invalid", "message": "limit must be between 1 and 100"})


def test_update_retention_and_description(client: InfluxDBClient) -> None:
    api = client.buckets_api()
    bucket = api.create_bucket(bucket_name=unique("updated"), retention_rules=rules(30 * DAY), description="before")
    bucket.description = "after"
    bucket.retention_rules[0].every_seconds = 7 * DAY
    updated = api.update_bucket(bucket)
    assert updated.description == "after" and updated.retention_rules[0].every_seconds == 7 * DAY
    assert updated.retention_rules[0].shard_group_duration_seconds == DAY  # unchanged unless sent
    assert updated.updated_at >= bucket.updated_at
    assert api.find_bucket_by_id(bucket.id).retention_rules[0].every_seconds == 7 * DAY

    updated.retention_rules[0].every_seconds = 0  # infinite
    assert api.update_bucket(updated).retention_rules[0].every_seconds == 0


def test_infinite_retention(client: InfluxDBClient) -> None:
    api = client.buckets_api()
    retentions: list[list[BucketRetentionRules] | BucketRetentionRules] = [[], rules(0)]
    for retention in retentions:
        bucket = api.create_bucket(bucket_name=unique("forever"), retention_rules=retention)
        assert [(r.every_seconds, r.shard_group_duration_seconds) for r in bucket.retention_rules] == [(0, 7 * DAY)]


def test_invalid_retention_is_400_invalid(client: InfluxDBClient) -> None:
    api = client.buckets_api()
    name = unique("short")
    status, body = api_error(lambda: api.create_bucket(bucket_name=name, retention_rules=rules(60)))
    assert (status, body) == (400, {"code": "invalid", "message": "retention policy duration must be at least 1h0m0s"})
    assert api.find_bucket_by_name(name) is None

    longer_shards = BucketRetentionRules(every_seconds=2 * 3600, shard_group_duration_seconds=DAY)
    status, body = api_error(lambda: api.create_bucket(bucket_name=name, retention_rules=longer_shards))
    assert (status, body["code"]) == (400, "invalid")

    bucket = api.create_bucket(bucket_name=name, retention_rules=rules(30 * DAY))
    bucket.retention_rules[0].every_seconds = 1800
    status, body = api_error(lambda: api.update_bucket(bucket))
    assert (status, body["code"]) == (400, "invalid")
    bucket.retention_rules[0].every_seconds = 2 * 3600  # shorter than the bucket's one-day shard groups
    status, body = api_error(lambda: api.update_bucket(bucket))
    assert (status, body["code"]) == (422, "unprocessable entity")
    assert "shard-group duration" in body["message"]
    assert api.find_bucket_by_id(bucket.id).retention_rules[0].every_seconds == 30 * DAY


def test_duplicate_bucket_is_422_conflict(client: InfluxDBClient) -> None:
    name = unique("twice")
    client.buckets_api().create_bucket(bucket_name=name)
    status, body = api_error(lambda: client.buckets_api().create_bucket(bucket_name=name))
    assert (status, body) == (422, {"code": "conflict", "message": f"bucket with name {name} already exists"})


def test_missing_bucket_is_404_and_bad_ids_400(client: InfluxDBClient) -> None:
    api, missing = client.buckets_api(), "0123456789abcdef"
    not_found = (404, {"code": "not found", "message": "bucket not found"})
    assert api_error(lambda: api.find_bucket_by_id(missing)) == not_found
    assert api_error(lambda: api.delete_bucket(missing)) == not_found
    assert api_error(lambda: api.update_bucket(Bucket(id=missing, name="x", retention_rules=[]))) == not_found
    status, body = api_error(lambda: api.find_bucket_by_id("nope"))
    assert (status, body) == (400, {"code": "invalid", "message": "id must have a length of 16 bytes"})
    status, body = api_error(lambda: api.find_buckets(org="no-such-org"))
    assert (status, body) == (404, {"code": "not found", "message": 'organization name "no-such-org" not found'})
    status, body = api_error(lambda: api.find_buckets(org=ORG, name="no-such-bucket"))
    assert (status, body) == (404, {"code": "not found", "message": 'bucket "no-such-bucket" not found'})


def test_system_buckets_cannot_be_renamed_or_deleted(client: InfluxDBClient) -> None:
    api = client.buckets_api()
    tasks = api.find_buckets(org=ORG, name="_tasks").buckets[0]
    assert api_error(lambda: api.delete_bucket(tasks.id)) == (
        400, {"code": "invalid", "message": "system buckets cannot be deleted"})  # fmt: skip
    tasks.name = "renamed"
    assert api_error(lambda: api.update_bucket(tasks)) == (
        400, {"code": "invalid", "message": "system buckets cannot be renamed"})  # fmt: skip
    status, body = api_error(lambda: api.create_bucket(bucket_name="_mine"))
    assert (status, body["code"]) == (400, "invalid") and "may not start with underscore" in body["message"]


def test_bad_or_missing_token_is_401(emulator: InfluxEmulator) -> None:
    unauthorized = (401, {"code": "unauthorized", "message": "unauthorized access"})
    for token in ("not-a-token", ""):  # "" makes the client send no Authorization header at all
        with InfluxDBClient(url=emulator.url, token=token, org=ORG) as stranger:
            writer = stranger.write_api(write_options=SYNCHRONOUS)
            assert api_error(stranger.buckets_api().find_buckets) == unauthorized
            assert api_error(partial(writer.write, "initial", ORG, "m v=1")) == unauthorized
            assert api_error(partial(stranger.api_client.call_api, "/api/v2/nowhere", "GET")) == unauthorized


def test_scoped_token_reaches_only_its_bucket(client: InfluxDBClient, emulator: InfluxEmulator) -> None:
    api, oid = client.buckets_api(), org_id(client)
    mine = api.create_bucket(bucket_name=unique("mine"))
    other = api.create_bucket(bucket_name=unique("other"))
    scope = PermissionResource(type="buckets", id=mine.id, org_id=oid)
    auth = client.authorizations_api().create_authorization(
        org_id=oid, permissions=[Permission(action="read", resource=scope), Permission(action="write", resource=scope)]
    )
    with InfluxDBClient(url=emulator.url, token=auth.token, org=ORG) as scoped:
        writer = scoped.write_api(write_options=SYNCHRONOUS)
        writer.write(mine.name, ORG, "cpu v=1")
        assert count_by_field(scoped, mine.name) == {"v": 1}
        status, body = api_error(lambda: writer.write(other.name, ORG, "cpu v=1"))
        assert (status, body) == (403, {"code": "forbidden", "message": "insufficient permissions for write"})
        # The bucket API answers a missing permission with 401, as authorizer.IsAllowed does in OSS.
        status, body = api_error(lambda: scoped.buckets_api().find_bucket_by_id(other.id))
        assert (status, body) == (401, {"code": "unauthorized",
                                        "message": f"read:orgs/{oid}/buckets/{other.id} is unauthorized"})  # fmt: skip
        status, body = api_error(lambda: scoped.buckets_api().delete_bucket(other.id))
        assert (status, body["code"]) == (401, "unauthorized")
        assert [b.name for b in scoped.buckets_api().find_buckets(org_id=oid, limit=100).buckets] == [mine.name]
        status, body = api_error(lambda: scoped.query_api().query(f'from(bucket: "{other.name}") |> range(start: 0)'))
        assert (status, body["code"]) == (404, "not found")

        auth.status = "inactive"
        client.authorizations_api().update_authorization(auth)
        status, body = api_error(lambda: writer.write(mine.name, ORG, "cpu v=2"))
        assert (status, body["message"]) == (403, "insufficient permissions for write: token is inactive")
        client.authorizations_api().delete_authorization(auth)
        status, body = api_error(lambda: writer.write(mine.name, ORG, "cpu v=2"))
        assert (status, body) == (401, {"code": "unauthorized", "message": "unauthorized access"})
    assert api.find_bucket_by_id(other.id).name == other.name


def test_authorization_crud(client: InfluxDBClient) -> None:
    api, oid = client.authorizations_api(), org_id(client)
    bucket = client.buckets_api().create_bucket(bucket_name=unique("tokens"))
    permission = Permission(action="read", resource=PermissionResource(type="buckets", id=bucket.id, org_id=oid))
    created = api.create_authorization(authorization=Authorization(org_id=oid, permissions=[permission],
                                                                   description="reader"))  # fmt: skip
    assert created.token and created.status == "active" and (created.org, created.user) == (ORG, "admin")
    assert created.permissions[0].resource.to_dict() == {"type": "buckets", "id": bucket.id, "org_id": oid,
                                                         "name": bucket.name, "org": ORG}  # fmt: skip
    listed = {a.id: a for a in api.find_authorizations(org_id=oid)}
    assert listed[created.id].token == created.token  # OSS answers tokens in clear to an operator
    assert {a.id for a in api.find_authorizations(org=ORG)} == set(listed)
    assert TOKEN in {a.token for a in api.find_authorizations(user="admin")}

    created.description, created.status = "renamed", "inactive"
    updated = api.update_authorization(created)
    assert (updated.description, updated.status, updated.token) == ("renamed", "inactive", created.token)
    assert api.find_authorization_by_id(created.id).description == "renamed"
    api.delete_authorization(created)
    assert api_error(lambda: api.find_authorization_by_id(created.id)) == (
        404, {"code": "not found", "message": "authorization not found"})  # fmt: skip
    status, body = api_error(lambda: api.create_authorization(org_id=oid, permissions=[]))
    assert (status, body) == (400, {"code": "invalid", "message": "authorization must include permissions"})


def test_organizations(client: InfluxDBClient) -> None:
    api, name = client.organizations_api(), unique("org")
    created = api.create_organization(name=name)
    assert created.name == name and created.links.buckets == f"/api/v2/buckets?org={name}"
    assert api.find_organization(created.id).name == name
    assert [o.id for o in api.find_organizations(org=name)] == [created.id]
    assert [o.id for o in api.find_organizations(org_id=created.id)] == [created.id]
    assert {ORG, name} <= {o.name for o in api.find_organizations()}
    assert api_error(lambda: api.create_organization(name=name)) == (
        422, {"code": "conflict", "message": f"organization with name {name} already exists"})  # fmt: skip
    assert api_error(lambda: api.find_organizations(org="ghost")) == (
        404, {"code": "not found", "message": 'organization name "ghost" not found'})  # fmt: skip
    assert api_error(lambda: api.find_organization("0123456789abcdef")) == (
        404, {"code": "not found", "message": "organization not found"})  # fmt: skip


def test_write_query_and_points_survive_a_retention_patch(client: InfluxDBClient) -> None:
    api = client.buckets_api()
    bucket = api.create_bucket(bucket_name=unique("data"), retention_rules=rules(DAY))
    start = datetime.now(UTC) - timedelta(minutes=10)
    points = [Point("cpu").tag("host", h).field("usage", 10.0 + i).time(start + timedelta(minutes=i))
              for i, h in enumerate(["a", "b", "a"])]  # fmt: skip
    client.write_api(write_options=SYNCHRONOUS).write(bucket.name, ORG, points)
    note = Point("mem").tag("host", "a").field("free", 42).field("ok", True).field("note", 'two\nlines, "quoted"')
    client.write_api(write_options=SYNCHRONOUS).write(bucket.name, ORG, note)  # the client sends the newline raw

    def snapshot() -> set[tuple[str, str | None, str, Any]]:
        tables = client.query_api().query(f'from(bucket: "{bucket.name}") |> range(start: -1h)')
        return {(r.get_measurement(), r.values.get("host"), r.get_field(), r.get_value()) for t in tables for r in t}

    before = snapshot()
    assert before == {("cpu", "a", "usage", 10.0), ("cpu", "b", "usage", 11.0), ("cpu", "a", "usage", 12.0),
                      ("mem", "a", "free", 42), ("mem", "a", "ok", True),
                      ("mem", "a", "note", 'two\nlines, "quoted"')}  # fmt: skip
    counts = client.query_api().query(f'from(bucket: "{bucket.name}") |> range(start: 0) |> count()')
    assert sorted((r.values.get("host"), r.get_field(), r.get_value()) for t in counts for r in t) == [
        ("a", "free", 1), ("a", "note", 1), ("a", "ok", 1), ("a", "usage", 2), ("b", "usage", 1)
    ]  # fmt: skip

    bucket.retention_rules[0].every_seconds = 2 * DAY
    assert api.update_bucket(bucket).retention_rules[0].every_seconds == 2 * DAY
    assert snapshot() == before


def test_write_and_query_errors(client: InfluxDBClient) -> None:
    writer = client.write_api(write_options=SYNCHRONOUS)
    status, body = api_error(lambda: writer.write("initial", ORG, "cpu"))
    assert (status, body) == (400, {"code": "invalid", "message": "unable to parse 'cpu': missing fields"})
    status, body = api_error(lambda: writer.write("no-such-bucket", ORG, "cpu v=1"))
    assert (status, body) == (404, {"code": "not found", "message": 'bucket "no-such-bucket" not found'})
    writer.write("initial", ORG, "typed v=1")
    status, body = api_error(lambda: writer.write("initial", ORG, "typed v=1i"))
    assert (status, body["code"]) == (422, "unprocessable entity") and "field type conflict" in body["message"]
    status, body = api_error(lambda: client.query_api().query('from(bucket: "initial") |> range(start: -1h) |> last()'))
    assert (status, body["code"]) == (400, "invalid") and "the emulator supports only" in body["message"]


def test_delete_bucket_deletes_its_points(client: InfluxDBClient) -> None:
    api, name = client.buckets_api(), unique("doomed")
    bucket = api.create_bucket(bucket_name=name)
    client.write_api(write_options=SYNCHRONOUS).write(name, ORG, "m v=1")
    assert count_by_field(client, name) == {"v": 1}
    api.delete_bucket(bucket)
    assert api_error(lambda: api.find_bucket_by_id(bucket.id))[0] == 404
    api.create_bucket(bucket_name=name)
    assert count_by_field(client, name) == {}


def test_unknown_route_is_404_path_not_found(client: InfluxDBClient) -> None:
    status, body = api_error(
        lambda: client.api_client.call_api("/api/v2/nowhere", "GET", auth_settings=[], response_type="object")
    )
    assert (status, body) == (404, {"code": "not found", "message": "path not found"})


def test_command_line_serves_until_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "port"
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.influx_emulator", "--port", "0", "--ready-file", str(ready)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        port = int(ready.read_text())
        with InfluxDBClient(url=f"http://127.0.0.1:{port}", token="") as anonymous:
            assert anonymous.ping() is True
            assert SetupService(anonymous.api_client).get_setup().allowed is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
