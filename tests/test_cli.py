"""The command line: help, exit codes, configuration errors, backend selection."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, other_sessions


@pytest.mark.parametrize("command", ["validate", "plan", "apply", "drift"])
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from reconciler.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--state", "--only", "--target", "--no-color"):
        assert option in text


def test_top_level_help_lists_commands_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from reconciler.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "reconcile drift --fail-on-diff" in text and "Exit codes" in text


def test_unknown_backends_fail_loudly(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    assert cli("plan", "--state", tmp_path / "state", "--only", "mongodb") == 1
    assert "unknown backend mongodb" in cli.err


def test_missing_state_directory_is_an_error(cli: Cli, tmp_path: Path) -> None:
    assert cli("validate", "--state", tmp_path / "nope") == 1
    assert "does not exist" in cli.err


def test_unconfigured_backend_is_an_error_not_a_silent_pass(
    cli: Cli, state: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECONCILE_POSTGRES_URL")
    state.write("schemas:\n  public: {}\n")
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 1
    assert "no backend could be checked" in cli.err
    assert cli("plan", "--state", state.root, "--only", "postgres") == 1
    assert "RECONCILE_POSTGRES_URL" in cli.err


def test_an_unconfigured_backend_is_skipped_unless_named(
    cli: Cli, tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("RECONCILE_KAFKA_BOOTSTRAP", "RECONCILE_INFLUXDB_URL", "RECONCILE_TARGETS"):
        monkeypatch.delenv(name, raising=False)
    state = tmp_path / "state"
    state.mkdir()
    (state / "redis.yaml").write_text("keys:\n  'k:a': '1'\n")
    (state / "kafka.yaml").write_text("topics:\n  a: {}\n")
    (state / "influxdb.yaml").write_text("organization: {name: o}\nbuckets:\n  b: {}\n")
    assert cli("plan", "--state", state, "--no-sql") == 0
    assert "kafka: skipped, no connection configured (RECONCILE_KAFKA_BOOTSTRAP)" in cli.out
    assert (
        "influxdb: skipped, no connection configured (RECONCILE_INFLUXDB_URL and RECONCILE_INFLUXDB_TOKEN)" in cli.out
    )
    assert "+ key.k:a" in cli.out and "Plan: 1 to add" in cli.out
    assert cli("plan", "--state", state, "--only", "redis,kafka") == 1
    assert "kafka is named in --only but not configured: set RECONCILE_KAFKA_BOOTSTRAP" in cli.err


def test_an_error_after_a_plan_started_waits_for_that_plan(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backends start planning as they are made (PostgreSQL first), so the error of one made later comes after a
    plan began: the plans already started end before it is reported, and leave no thread or connection behind."""
    monkeypatch.delenv("RECONCILE_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.delenv("RECONCILE_TARGETS", raising=False)
    state.write("schemas:\n  public:\n    tables:\n      t:\n        columns: {id: integer}\n")
    (state.root / "kafka.yaml").write_text("topics:\n  a: {}\n")
    assert cli("plan", "--state", state.root, "--only", "postgres,kafka") == 1
    assert "kafka is named in --only but not configured" in cli.err
    assert not [t.name for t in threading.enumerate() if t.name.startswith(("inspect-", "reconcile-"))]
    assert other_sessions(pg_url, state.dbname) == 0


def test_targets_file_with_secret_from_environment(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECONCILE_POSTGRES_URL")
    port = pg_url.rsplit(":", 1)[1].strip("/")
    (state.root / "targets.yaml").write_text("postgres:\n  url: postgresql://${env:PG_USER}@127.0.0.1:" + port + "/\n")
    state.write("schemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root) == 1
    assert "environment variable PG_USER is not set" in cli.err
    monkeypatch.setenv("PG_USER", "postgres")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2
    assert "+ database" in cli.out


def test_unreachable_server_names_it(cli: Cli, state: StateDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", "postgresql://postgres@127.0.0.1:1/?connect_timeout=2")
    state.write("schemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root) == 1
    assert "cannot connect to PostgreSQL at 127.0.0.1:1" in cli.err


def test_plan_and_drift_exit_codes(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write("schemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root) == 0
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2
    assert cli("drift", "--state", state.root) == 0
    assert "Drift: 1 to add" in cli.out
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--bogus"], "reconcile: error: unrecognized arguments: --bogus"),
        (["--bogus"], "reconcile: error: the following arguments are required: COMMAND"),
        (["destroy"], "reconcile: error: argument COMMAND: invalid choice: 'destroy'"),
        (["plan", "--format", "xml"], "reconcile plan: error: argument --format: invalid choice: 'xml'"),
        (["plan", "--out"], "reconcile plan: error: argument --out: expected one argument"),
        (["apply", "--lock-wait", "soon"], "reconcile apply: error: argument --lock-wait: invalid float value: 'soon'"),
        (["apply", "--lock-retries", "-1"], "reconcile apply: error: argument --lock-retries: '-1' is negative"),
        (
            ["apply", "--lock-retries", "x"],
            "reconcile apply: error: argument --lock-retries: 'x' is not a whole number",
        ),
        ([], "reconcile: error: the following arguments are required: COMMAND"),
        (["drift", "--only"], "reconcile drift: error: argument --only: expected one argument"),
        (["plan", "--target", "a", "x\x1b[2J"], "reconcile: error: unrecognized arguments: x\\x1b[2J"),
        # Options are taken as spelled out: a shortened flag neither approves nor destroys anything.
        (["apply", "--auto"], "reconcile: error: unrecognized arguments: --auto"),
        (["apply", "--allow"], "reconcile: error: unrecognized arguments: --allow"),
        (["export", "--schema", "public"], "reconcile: error: unrecognized arguments: --schema public"),
        (["report", "merge", "--shard", "2", "f.json"], "reconcile: error: unrecognized arguments: --shard"),
    ],
)
def test_usage_errors_exit_1_not_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """CI reads 2 as "changes present": a mistyped option must not pass for a plan with changes."""
    from reconciler.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: reconcile")
    assert captured.err.splitlines()[-1].startswith(message)
    assert "\x1b" not in captured.err


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["schema", "--help"], ["export", "--help"]])
def test_help_and_version_still_exit_0(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from reconciler.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["plan", "--out", "{tmp}/missing/plan.json"],
            "cannot write plan to {tmp}/missing/plan.json: folder {tmp}/missing does not exist",
        ),
        (
            ["plan", "--out", "{tmp}/file/plan.json"],
            "cannot write plan to {tmp}/file/plan.json: {tmp}/file is a file, not a folder",
        ),
        (["plan", "--out", "{tmp}"], "cannot write plan to {tmp}: it is a folder"),
        (
            ["plan", "--out", "/proc/reconcile-plan.json"],
            "cannot write plan to /proc/reconcile-plan.json: folder /proc does not accept new files",
        ),
        (["schema", "--out", "{tmp}/file"], "cannot write schemas to {tmp}/file: it is a file, not a folder"),
        (
            ["schema", "--out", "{tmp}/file/schema"],
            "cannot write schemas to {tmp}/file/schema: {tmp}/file is a file, not a folder",
        ),
        (
            ["schema", "--out", "/proc/reconcile-schema"],
            "cannot write schemas to /proc/reconcile-schema: folder /proc does not accept new files",
        ),
        (["export", "--out", "{tmp}/file"], "cannot write the export to {tmp}/file: it is a file, not a folder"),
        (
            ["export", "--out", "{tmp}/file/exported"],
            "cannot write the export to {tmp}/file/exported: {tmp}/file is a file, not a folder",
        ),
    ],
)
def test_an_output_path_that_cannot_be_written_is_one_line_naming_it(
    cli: Cli, tmp_path: Path, argv: list[str], message: str
) -> None:
    """Paths that fail for root too (CI runs as root): a missing folder, a file as a folder, a folder as the file."""
    (tmp_path / "state").mkdir()
    (tmp_path / "file").write_text("not a folder")
    args = [a.format(tmp=tmp_path) for a in argv]
    assert cli(*args, "--state", tmp_path / "state") == 1
    assert cli.err.splitlines() == [f"error: {message.format(tmp=tmp_path)}"]
    assert (tmp_path / "file").read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "state"]


def test_an_export_that_fails_while_writing_names_the_file(tmp_path: Path) -> None:
    from reconciler.errors import ReconcileError
    from reconciler.export_files import ExportedFile, write_export

    with pytest.raises(ReconcileError) as error:
        write_export([ExportedFile(path=Path("redis.yaml"), data={})], Path("/proc/reconcile-export"), tmp_path, False)
    assert str(error.value) == (
        "cannot write the export to /proc/reconcile-export/redis.yaml: folder /proc does not accept new files"
    )


def test_names_in_state_errors_are_printed_escaped(cli: Cli, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "redis.yaml").write_text('"k\\e[2J\\nfake: ok": 1\n')
    assert cli("validate", "--state", state) == 1
    lines = cli.err.splitlines()
    assert lines[0] == "error: 1 problem in the state files:"
    assert lines[1].endswith(
        ":1: k\\x1b[2J\\nfake: ok: unknown field (check the spelling; the README lists the allowed fields)"
    )
    assert len(lines) == 2 and "\x1b" not in cli.err


def test_a_state_file_schema_cannot_annotate_is_named(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "state" / "postgres" / "shop.yaml").mkdir(parents=True)
    assert cli("schema", "--out", tmp_path / "schema", "--state", tmp_path / "state", "--annotate") == 1
    assert cli.err.splitlines() == [f"error: cannot annotate {tmp_path}/state/postgres/shop.yaml: is a directory"]


def test_only_postgres_loads_no_other_backends_client() -> None:
    """`--only postgres` does not pay for importing the Elasticsearch, Kafka, InfluxDB (urllib3) and Redis clients."""
    import subprocess
    import sys

    code = (
        "import sys; from reconciler.cli import main; main(['validate', '--only', 'postgres', '--state', 'state']); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'elasticsearch', 'confluent_kafka', 'urllib3', 'redis'}))"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert result.stdout.splitlines()[-1] == "[]", result.stdout


def test_a_bug_prints_no_traceback_and_no_exception_text(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception ends with exit 1 and its type; its text (which may hold a secret) stays out."""
    from reconciler import cli as cli_module

    def broken(args: object, console: object) -> int:
        raise RuntimeError("password=hunter2")

    monkeypatch.setitem(cli_module.COMMANDS, "validate", broken)
    monkeypatch.delenv("RECONCILE_DEBUG")
    assert cli("validate", "--state", tmp_path) == 1
    assert "internal error (RuntimeError) in `reconcile validate`: this is a bug in reconcile" in cli.err
    assert "RECONCILE_DEBUG=1" in cli.err
    assert "hunter2" not in cli.out + cli.err and "Traceback" not in cli.out + cli.err

    monkeypatch.setenv("RECONCILE_DEBUG", "1")
    with pytest.raises(RuntimeError, match="hunter2"):
        cli("validate", "--state", tmp_path)
