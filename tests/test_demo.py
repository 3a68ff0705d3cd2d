"""The demo's docker-compose.yml runs the images the README names, where devtools/demo.py expects them."""

from __future__ import annotations

from pathlib import Path

import yaml

from devtools import demo

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def test_compose_runs_the_five_real_servers_on_the_ports_the_demo_uses() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    images = {name: service["image"] for name, service in services.items()}
    assert images["postgres"] == "postgres:15" and images["redis"] == "redis:7"
    assert images["influxdb"].startswith("influxdb:2")
    assert images["elasticsearch"].split(":")[-1].startswith("8.")
    assert images["kafka"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"  # KRaft, no ZooKeeper
    published = {name: service["ports"][0].split(":")[1] for name, service in services.items()}
    connections = demo.COMPOSE_CONNECTIONS
    assert f":{published['postgres']}/" in connections["RECONCILE_POSTGRES_URL"]
    assert f":{published['redis']}/" in connections["RECONCILE_REDIS_URL"]
    assert connections["RECONCILE_INFLUXDB_URL"].endswith(f":{published['influxdb']}")
    assert connections["RECONCILE_ELASTICSEARCH_URL"].endswith(f":{published['elasticsearch']}")
    assert connections["RECONCILE_KAFKA_BOOTSTRAP"].endswith(f":{published['kafka']}")
    advertised = services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert f"PLAINTEXT://{connections['RECONCILE_KAFKA_BOOTSTRAP']}" in advertised.split(",")
    token = services["influxdb"]["environment"]["DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"]
    assert token == connections["RECONCILE_INFLUXDB_TOKEN"]
