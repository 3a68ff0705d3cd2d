"""The InfluxDB differ and state file checks, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from reconciler.changes import Action, Change
from reconciler.errors import StateError
from reconciler.influxdb.backend import load_influx
from reconciler.influxdb.differ import diff_influx
from reconciler.influxdb.model import Authorization, Bucket, LiveInflux, Organization
from reconciler.influxdb.spec import InfluxSpec, duration_seconds, readable_duration

DAY = 86_400
ORG = Organization(name="ai4i", id="0000000000000001")


def spec(**data: object) -> InfluxSpec:
    return InfluxSpec.model_validate({"organization": {"name": "ai4i"}, **data})


def live(*buckets: Bucket, authorizations: dict[str, list[Authorization]] | None = None) -> LiveInflux:
    system = [
        Bucket(name="_monitoring", retention_seconds=7 * DAY, shard_group_seconds=DAY, id="m", system=True),
        Bucket(name="_tasks", retention_seconds=3 * DAY, shard_group_seconds=DAY, id="t", system=True),
    ]
    return LiveInflux(
        organization=ORG, buckets={b.name: b for b in [*system, *buckets]}, authorizations=authorizations or {}
    )


def by_address(changes: list[Change]) -> dict[str, Change]:
    return {c.address: c for c in changes}


def test_durations_read_and_print_the_way_people_write_them() -> None:
    assert duration_seconds("30d", "retention") == 30 * DAY
    assert duration_seconds("12h", "retention") == 12 * 3600
    assert duration_seconds("1w", "retention") == 7 * DAY
    assert duration_seconds("infinite", "retention") == 0
    assert readable_duration(365 * DAY) == "365d"
    assert readable_duration(0) == "infinite"
    with pytest.raises(ValueError, match="not a duration"):
        duration_seconds("30 days", "retention")


def test_an_empty_organization_gets_every_bucket_and_a_missing_one_is_created_first() -> None:
    want = spec(buckets={"metrics": {"retention": "30d"}, "archive": {"retention": "infinite"}})
    plan = diff_influx(want, "ai4i", LiveInflux())
    changes = by_address(plan.changes)
    assert changes["influxdb.ai4i.organization"].action is Action.CREATE
    assert changes["influxdb.ai4i.bucket.metrics"].after["retention_seconds"] == 30 * DAY
    assert changes["influxdb.ai4i.bucket.archive"].after["retention_seconds"] == 0
    assert '"everySeconds": 2592000' in changes["influxdb.ai4i.bucket.metrics"].statements[0].sql
    assert not any(c.destructive for c in plan.changes)


def test_an_organization_declared_create_false_is_blocked_when_missing() -> None:
    plan = diff_influx(
        InfluxSpec.model_validate({"organization": {"name": "ai4i", "create": False}}), "ai4i", LiveInflux()
    )
    assert "create: false" in (plan.changes[0].blocked or "")


def test_server_filled_values_are_not_drift() -> None:
    """Infinite read back as no rules, a shard group the server chose, a description not declared."""
    want = spec(buckets={"archive": {"retention": "infinite"}, "metrics": {"retention": "30d"}})
    have = live(
        Bucket(name="archive", retention_seconds=0, shard_group_seconds=None, id="a"),
        Bucket(name="metrics", retention_seconds=30 * DAY, shard_group_seconds=DAY, description="x", id="b"),
    )
    assert diff_influx(want, "ai4i", have).changes == []


def test_shorter_retention_is_destructive_and_longer_is_not() -> None:
    have = live(Bucket(name="metrics", retention_seconds=30 * DAY, shard_group_seconds=DAY, id="b"))
    shorter = diff_influx(spec(buckets={"metrics": {"retention": "7d"}}), "ai4i", have).changes[0]
    assert shorter.action is Action.UPDATE and shorter.destructive
    assert shorter.hazards[0].code == "data_loss" and "7d" in shorter.hazards[0].message
    assert shorter.after["retentionRules"] == [
        {"type": "expire", "everySeconds": 7 * DAY, "shardGroupDurationSeconds": DAY}
    ]
    longer = diff_influx(spec(buckets={"metrics": {"retention": "infinite"}}), "ai4i", have).changes[0]
    assert not longer.destructive
    assert longer.after["retentionRules"][0]["everySeconds"] == 0
    assert longer.detail == ["retention: 30d -> infinite"]


def test_a_shard_group_longer_than_the_new_retention_is_shortened_with_it() -> None:
    have = live(Bucket(name="metrics", retention_seconds=0, shard_group_seconds=7 * DAY, id="b"))
    change = diff_influx(spec(buckets={"metrics": {"retention": "1d"}}), "ai4i", have).changes[0]
    assert change.after["retentionRules"] == [
        {"type": "expire", "everySeconds": DAY, "shardGroupDurationSeconds": 3600}
    ]
    assert any("longer than the new retention" in line for line in change.detail)


def test_description_and_declared_shard_group_are_updated_in_place() -> None:
    have = live(Bucket(name="metrics", retention_seconds=30 * DAY, shard_group_seconds=DAY, id="b"))
    want = spec(buckets={"metrics": {"retention": "30d", "description": "API metrics", "shard_group_duration": "2d"}})
    change = diff_influx(want, "ai4i", have).changes[0]
    assert change.after == {
        "id": "b",
        "description": "API metrics",
        "retentionRules": [{"type": "expire", "everySeconds": 30 * DAY, "shardGroupDurationSeconds": 2 * DAY}],
    }
    assert not change.destructive
    assert [h.code for h in change.hazards] == ["new_shards_only"]


def test_only_owned_undeclared_buckets_are_deleted_and_system_buckets_never() -> None:
    have = live(
        Bucket(name="tmp_old", retention_seconds=0, id="o"),
        Bucket(name="team_x", retention_seconds=0, id="x"),
    )
    plan = diff_influx(spec(owned_prefixes=["tmp_"]), "ai4i", have)
    assert [(c.address, c.action, c.destructive) for c in plan.changes] == [
        ("influxdb.ai4i.bucket.tmp_old", Action.DELETE, True)
    ]
    assert plan.warnings == [] and plan.unmanaged == ["team_x"]


def test_authorizations_are_created_replaced_or_switched_off() -> None:
    buckets = {"metrics": {"retention": "30d"}, "logs": {"retention": "7d"}}
    have_buckets = [
        Bucket(name="metrics", retention_seconds=30 * DAY, id="b1"),
        Bucket(name="logs", retention_seconds=7 * DAY, id="b2"),
    ]
    want = spec(buckets=buckets, authorizations={"asr": {"write": ["metrics"]}, "llm": {"read": ["logs"]}})
    plan = diff_influx(want, "ai4i", live(*have_buckets))
    assert {c.address: c.action for c in plan.changes} == {
        "influxdb.ai4i.authorization.asr": Action.CREATE,
        "influxdb.ai4i.authorization.llm": Action.CREATE,
    }
    existing = {
        "asr": [Authorization(name="asr", permissions=[("read", "metrics")], id="a1")],
        "llm": [Authorization(name="llm", permissions=[("read", "logs")], active=True, id="a2")],
    }
    want = spec(
        buckets=buckets, authorizations={"asr": {"write": ["metrics"]}, "llm": {"read": ["logs"], "active": False}}
    )
    changes = by_address(diff_influx(want, "ai4i", live(*have_buckets, authorizations=existing)).changes)
    replaced = changes["influxdb.ai4i.authorization.asr"]
    assert replaced.action is Action.REPLACE and replaced.destructive
    assert replaced.hazards[0].code == "token_rotated"
    switched = changes["influxdb.ai4i.authorization.llm"]
    assert switched.action is Action.UPDATE and switched.after == {"id": "a2", "active": False}


def test_two_tokens_with_one_description_block_the_plan() -> None:
    want = spec(buckets={"metrics": {}}, authorizations={"asr": {"write": ["metrics"]}})
    twins = [Authorization(name="asr", permissions=[("write", "metrics")], id=i) for i in ("a1", "a2")]
    have = live(Bucket(name="metrics", retention_seconds=0, id="b1"), authorizations={"asr": twins})
    change = diff_influx(want, "ai4i", have).changes[0]
    assert change.blocked and "a2" in change.blocked


@pytest.mark.parametrize(
    ("bucket", "message"),
    [
        ({"retention": "30m"}, "shorter than one hour"),
        ({"retention": "1d", "shard_group_duration": "7d"}, "longer than the retention"),
        ({"retention": "soon"}, "not a duration"),
        ({"retention": "30d", "colour": "red"}, "extra"),
    ],
)
def test_bad_buckets_are_refused(bucket: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        spec(buckets={"metrics": bucket})


def test_system_bucket_names_cannot_be_declared() -> None:
    problems = list(spec(buckets={"_monitoring": {}}).problems())
    assert problems == [
        (("buckets", "_monitoring"), "'_monitoring': names starting with _ are reserved for InfluxDB's system buckets")
    ]


def test_a_grant_on_an_undeclared_bucket_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "influxdb.yaml").write_text(
        "organization: {name: ai4i}\nbuckets:\n  metrics: {retention: 30d}\nauthorizations:\n"
        "  asr:\n    write: [metrics, metrcs]\n"
    )
    with pytest.raises(StateError) as error:
        load_influx(tmp_path)
    assert "influxdb.yaml:6: authorizations.asr.write.1: bucket 'metrcs' is not declared" in str(error.value)


def test_a_declared_shard_group_longer_than_the_live_retention_is_blocked() -> None:
    have = live(Bucket(name="metrics", retention_seconds=3600, shard_group_seconds=3600, id="b"))
    change = diff_influx(spec(buckets={"metrics": {"shard_group_duration": "1d"}}), "ai4i", have).changes[0]
    assert change.blocked and "longer than the bucket's retention 1h" in change.blocked


def test_a_bucket_read_without_rules_gets_the_servers_shard_group_when_shortened() -> None:
    have = live(Bucket(name="archive", retention_seconds=0, shard_group_seconds=None, id="a"))
    change = diff_influx(spec(buckets={"archive": {"retention": "1d"}}), "ai4i", have).changes[0]
    assert change.after["retentionRules"] == [
        {"type": "expire", "everySeconds": DAY, "shardGroupDurationSeconds": 3600}
    ]


def test_the_server_picks_seven_day_shard_groups_from_180_days() -> None:
    from reconciler.influxdb.differ import default_shard_group

    assert default_shard_group(180 * DAY) == 7 * DAY
    assert default_shard_group(179 * DAY) == DAY
    assert default_shard_group(2 * DAY) == DAY and default_shard_group(2 * DAY - 1) == 3600
