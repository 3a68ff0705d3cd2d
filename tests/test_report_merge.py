"""`reconcile report merge`: shards' JSON reports are untrusted input; every problem names the file and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def _change(tenant: str, **extra: Any) -> dict[str, Any]:
    return {
        "backend": "postgres",
        "scope": "fleet",
        "address": f"postgres.fleet.table.{tenant}.documents.column.note",
        "kind": "column",
        "action": "create",
        "tenant": tenant,
        **extra,
    }


def _plan(shard: str | None, *tenants: str, **extra: Any) -> dict[str, Any]:
    return {"format_version": 1, "kind": "plan", "shard": shard, "changes": [_change(t) for t in tenants], **extra}


def _apply(shard: str, **extra: Any) -> dict[str, Any]:
    return {"format_version": 1, "kind": "apply", "shard": shard, "exit_code": 0, "converged": True, **extra}


def _write(folder: Path, name: str, document: object) -> Path:
    path = folder / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_two_shards_merge_into_one_grouped_plan(cli: Cli, tmp_path: Path) -> None:
    one = _write(tmp_path, "1.json", _plan("1/2", "tenant_a", "tenant_c"))
    two = _write(tmp_path, "2.json", _plan("2/2", "tenant_b"))
    assert cli("report", "merge", two, one) == 0, cli.err
    assert "2 of 2 shards" in cli.out and "+ table.documents.column.note in tenant_a, tenant_c, tenant_b" in cli.out
    assert cli("report", "merge", one, two, "--detailed-exitcode", "--format", "json") == 2
    merged = json.loads(cli.out)
    assert merged["summary"]["add"] == 3 and [r["shard"] for r in merged["reports"]] == ["1/2", "2/2"]


def test_merged_apply_is_ok_only_when_every_shard_converged(cli: Cli, tmp_path: Path) -> None:
    one = _write(tmp_path, "1.json", _apply("1/2", applied=["a"]))
    two = _write(tmp_path, "2.json", _apply("2/2", applied=["b"]))
    assert cli("report", "merge", one, two) == 0, cli.out + cli.err
    assert "Applied 2 change(s) across 2 of 2 shards" in cli.out
    stuck = _write(tmp_path, "3.json", _apply("2/2", converged=False, remaining=["postgres.fleet.x"], exit_code=1))
    assert cli("report", "merge", one, stuck) == 1
    assert "Not converged: 1 address(es) still differ" in cli.out
    broken = _write(tmp_path, "4.json", _apply("2/2", error="postgres fleet: connection refused", exit_code=1))
    assert cli("report", "merge", one, broken, "--format", "markdown") == 1
    assert "shard 2/2 failed: postgres fleet: connection refused" in cli.out
    assert cli("report", "merge", one) == 1 and "missing (no report, so unknown): 2/2" in cli.out


ESCAPE = "\x1b]8;;http://evil\x07click\x1b[2J"


def test_names_from_the_files_cannot_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    failure = {"backend": "postgres", "scope": "fleet", "tenant": f"t{ESCAPE}", "message": f"boom{ESCAPE}\nmore"}
    path = _write(tmp_path, "1.json", _apply("1/1", failures=[failure], exit_code=1))
    for fmt in ("text", "markdown", "json"):
        assert cli("report", "merge", path, "--format", fmt) == 1
        assert "\x1b" not in cli.out + cli.err and "\x07" not in cli.out + cli.err, repr(cli.out)
    plan = _write(tmp_path, "2.json", _plan("1/1", f"tenant{ESCAPE}"))
    assert cli("report", "merge", plan) == 0
    assert "\x1b" not in cli.out


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("", "not a report: Expecting value (line 1)"),
        ("{", "not a report: Expecting property name"),
        ("[]", "not a report: the document is list, not an object"),
        ("[" * 100_000 + "]" * 100_000, "not a report: nested too deeply"),
        ({"format_version": 2, "kind": "plan"}, "format_version: 2; this reconcile reads 1"),
        ({"format_version": 1, "kind": "destroy"}, "kind: 'destroy' is not plan, drift or apply"),
        ({"format_version": 1}, "kind: None is not plan, drift or apply"),
        (_plan("1/1", "t", evil=1), "evil: Extra inputs are not permitted"),
        (_plan("0/1", "t"), "shard: I must be between 1 and N (1), not 0"),
        (_plan("x/1", "t"), "shard: String should match pattern"),
        ({**_plan("1/1"), "changes": [_change("t", action="explode")]}, "changes.0.action: Input should be"),
        ({**_plan("1/1"), "changes": "all"}, "changes: Input should be a valid list"),
        (_apply("1/1", exit_code=7), "exit_code: Input should be less than or equal to 2"),
        (_apply("1/1", failures=[{"backend": "postgres", "scope": "f", "tenant": 5, "message": "m"}]),
         "failures.0.tenant: Input should be a valid string"),
        (_apply("1/1", applied="everything"), "applied: Input should be a valid list"),
    ],
)  # fmt: skip
def test_a_damaged_report_is_one_error_naming_file_and_field(
    cli: Cli, tmp_path: Path, document: object, expected: str
) -> None:
    path = _write(tmp_path, "shard-1.json", document)
    assert cli("report", "merge", path) == 1
    assert f"{path}: {expected}" in cli.err, cli.err
    assert "Traceback" not in cli.err and cli.out == ""


def test_not_utf8_and_missing_files_name_the_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"kind": "plan", "x": "\xe9"}')
    assert cli("report", "merge", path) == 1 and f"{path}: not a report: not UTF-8" in cli.err
    assert cli("report", "merge", tmp_path / "gone.json") == 1
    assert "gone.json: cannot read the report" in cli.err


def test_reports_that_do_not_belong_together_are_refused(cli: Cli, tmp_path: Path) -> None:
    plan = _write(tmp_path, "p.json", _plan("1/2", "a"))
    drift = _write(tmp_path, "d.json", {**_plan("2/2", "b"), "kind": "drift"})
    assert cli("report", "merge", plan, drift) == 1 and "kind: 'drift', but" in cli.err
    other = _write(tmp_path, "o.json", _plan("1/3", "b"))
    assert cli("report", "merge", plan, other) == 1 and "different shard counts" in cli.err
    again = _write(tmp_path, "again.json", _plan("1/2", "b"))
    assert cli("report", "merge", plan, again) == 1 and "shard: 1/2 is also" in cli.err
    assert cli("report", "merge", plan, "--shards", "4") == 1 and "--shards 4, but" in cli.err


def test_a_shard_that_exited_1_without_saying_why_is_not_ok(cli: Cli, tmp_path: Path) -> None:
    one = _write(tmp_path, "1.json", _apply("1/1", exit_code=1))
    assert cli("report", "merge", one) == 1
    assert "shard 1/1 failed: exited 1" in cli.out and "Converged" not in cli.out, cli.out
