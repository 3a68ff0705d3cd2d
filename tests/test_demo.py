"""`make demo`: its compose file matches the ports it expects, and the first hour of a new user works.

The demo runs here for real (local servers, no Docker) from a clone in a mode-700 folder, as a clone
under /root would be, then the lines the demo and the README tell a new user to run are run as printed.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import pwd
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from devtools import demo
from devtools.demo import Demo

pytestmark = pytest.mark.xdist_group("test_demo")  # one worker builds the module fixture once

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"


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


# --- `make demo` from a clone in a folder only its owner can enter --------------------------------------------

README = ROOT / "README.md"
DEMO_VARIABLES = {
    "RECONCILE_POSTGRES_URL",
    "RECONCILE_REDIS_URL",
    "RECONCILE_KAFKA_BOOTSTRAP",
    "RECONCILE_ELASTICSEARCH_URL",
    "RECONCILE_INFLUXDB_URL",
    "RECONCILE_INFLUXDB_TOKEN",
    "RECONCILE_INFLUXDB_ORG",
    "AI4I_ADMIN_PASSWORD",
}


@dataclass
class RanDemo:
    """A demo that ran in a clone under a mode-700 folder, and what it printed."""

    demo: Demo
    code: int
    output: str


def _clone(folder: Path) -> Path:
    """A checkout as `make demo` sees it: the state files and a .venv whose `reconcile` is this one."""
    checkout = folder / "clone"
    shutil.copytree(ROOT / "state", checkout / "state")
    shutil.copy(ROOT / "docker-compose.yml", checkout / "docker-compose.yml")
    command = checkout / ".venv" / "bin" / "reconcile"
    command.parent.mkdir(parents=True)
    command.write_text(
        f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} -m reconciler.cli "$@"\n'
    )
    command.chmod(0o755)
    return checkout


def _clean_environment() -> dict[str, str]:
    """The caller's environment without any connection or secret, as in a new shell."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("RECONCILE_", "AI4I_", "PG")) and name != "PYTHONPATH"
    } | {"NO_COLOR": "1"}


@pytest.fixture(scope="module")
def ran_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RanDemo]:
    closed = tmp_path_factory.mktemp("closed-folder")
    closed.chmod(0o700)
    demo = Demo(_clone(closed))
    output = io.StringIO()
    try:
        with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(output):
            for name in set(os.environ) - set(_clean_environment()):
                env.delenv(name)  # up() runs as in a new shell: nothing set but what the demo sets
            env.setenv("NO_COLOR", "1")
            code = demo.up(docker=False)
        yield RanDemo(demo, code, output.getvalue())
    finally:
        with contextlib.redirect_stdout(io.StringIO()):
            demo.down()


def _sh(script: str, demo: Demo) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-e", "-c", script],
        cwd=demo.checkout,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_runs_from_a_clone_in_a_folder_only_its_owner_can_enter(ran_demo: RanDemo) -> None:
    assert ran_demo.demo.checkout.parent.stat().st_mode & 0o777 == 0o700
    assert ran_demo.code == 0, ran_demo.output
    data = Path(ran_demo.demo.record("postgres.dir").read_text().strip())
    assert not data.is_relative_to(ran_demo.demo.checkout.parent)
    assert (data / "data" / "PG_VERSION").exists()
    if os.geteuid() == 0:  # the server runs as another user, who owns the folder
        assert data.stat().st_uid == pwd.getpwnam(os.environ.get("RECONCILE_PG_USER", "nobody")).pw_uid
    assert f"postgres: its data is in {data}" in ran_demo.output


def test_env_file_sets_every_variable_and_only_its_owner_can_read_it(ran_demo: RanDemo) -> None:
    env_file = ran_demo.demo.env_file
    assert env_file.stat().st_mode & 0o777 == 0o600
    exported = _sh(f". {env_file} && env", ran_demo.demo)
    names = {line.split("=", 1)[0] for line in exported.stdout.splitlines()}
    assert names >= DEMO_VARIABLES
    password = next(line for line in exported.stdout.splitlines() if line.startswith("AI4I_ADMIN_PASSWORD="))
    assert password.split("=", 1)[1] not in ran_demo.output  # the secrets are in the file, not on the screen
    assert "RECONCILE_INFLUXDB_ORG=ai4i" in exported.stdout.splitlines()


def test_the_try_line_works_as_printed_in_a_new_shell(ran_demo: RanDemo) -> None:
    tries = [line.removeprefix("Try: ") for line in ran_demo.output.splitlines() if line.startswith("Try: ")]
    assert tries == [". .demo/env && .venv/bin/reconcile plan"]
    result = _sh(tries[0], ran_demo.demo)
    assert result.returncode == 0 and "error" not in result.stderr, result.stderr
    assert result.stdout.strip().endswith("No changes. The live systems match the state files.")


def _readme_block(section: str) -> str:
    """The first ```sh block under a README heading."""
    text = README.read_text(encoding="utf-8").split(f"\n## {section}\n", 1)[1]
    return text.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readme_export_section_works_against_the_demo_as_written(ran_demo: RanDemo) -> None:
    block = _readme_block("Adopting an existing system")
    assert "reconcile export --only influxdb" in block
    result = _sh(f". .demo/env\nPATH=.venv/bin:$PATH\n{block}", ran_demo.demo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "organizations" not in result.stdout + result.stderr
    assert "wrote adopted/influxdb.yaml" in result.stdout
    assert result.stdout.strip().endswith("No changes. The live systems match the state files.")


def test_demo_down_stops_every_server_and_removes_the_postgres_folder(ran_demo: RanDemo) -> None:
    demo = ran_demo.demo
    data = Path(demo.record("postgres.dir").read_text().strip())
    pids = [int(demo.record(name).read_text()) for name in ("postgres.pid", "noida.pid", "influxdb.pid")]
    pids.append(int((demo.record("redis") / "redis.pid").read_text()))
    with contextlib.redirect_stdout(io.StringIO()) as output:
        assert demo.down() == 0
    assert f"postgres: removed its data folder {data}" in output.getvalue()
    assert not data.exists() and not demo.env_file.exists()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _tests_references(path: Path) -> list[str]:
    """Imports of the tests package, and module names such as `python -m tests.x` spells, in one source file."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "tests"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tests":
            found.append(str(node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("tests."):
            found.append(node.value)
    return [f"{path.relative_to(ROOT)}: {name}" for name in found]


def test_the_demo_and_the_product_never_reach_into_tests() -> None:
    """The demo is product tooling: the InfluxDB emulator it starts lives in devtools/, as do its other servers."""
    sources = [*(ROOT / "devtools").glob("*.py"), *(ROOT / "reconciler").rglob("*.py")]
    assert (ROOT / "devtools" / "influx_emulator.py") in sources
    assert [line for path in sources for line in _tests_references(path)] == []
