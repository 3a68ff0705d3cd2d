"""Data steps: declared SQL that runs once, before or after the schema changes, recorded in _reconcile.steps."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import psycopg
import pytest

from reconciler.backend import ApplyOptions
from reconciler.errors import ApplyError
from reconciler.plan import Plan
from reconciler.postgres.steps import digest
from reconciler.runner import Selection, apply_plan, make_plan
from tests.conftest import AppliedCopies, Cli, StateDir, assert_refused_at_load, sql
from tests.postgres.test_readme_example import readme_example

USERS = """
schemas:
  public:
    tables:
      runs:
        columns:
          id: {type: serial, primary_key: true}
          note: text
      users:
        columns:
          id: {type: int, primary_key: true}
          email: text
"""
WITH_DOMAIN = USERS + "          domain: text\n"
BACKFILL = "UPDATE users SET domain = split_part(email, '@', 2)"
COUNT = "INSERT INTO runs (note) VALUES ('counted')"


def _steps(*steps: tuple[str, str, str]) -> str:
    """A `steps:` block of (name, when, sql), the SQL as a YAML block scalar."""
    lines = ["steps:"]
    for name, when, text in steps:
        lines += [f"  - name: {name}", f"    when: {when}", "    sql: |"]
        lines += [f"      {line}" for line in text.splitlines()]
    return "\n".join(lines) + "\n"


def _apply(cli: Cli, state: StateDir, *extra: str) -> None:
    assert cli("apply", "--state", state.root, "--auto-approve", *extra) == 0, cli.out + cli.err


def _plan_is_empty(cli: Cli, state: StateDir) -> None:
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def _notes(pg_url: str, dbname: str) -> list[object]:
    return [row[0] for row in sql(pg_url, dbname, "SELECT note FROM runs ORDER BY id")]


def _ledger(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    return sql(pg_url, dbname, "SELECT name, sql_sha256 FROM _reconcile.steps ORDER BY applied_at, name")


def _has_domain(pg_url: str, dbname: str) -> bool:
    query = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'domain'"
    return sql(pg_url, dbname, query) == [(1,)]


@pytest.fixture
def filled(state: StateDir, applied_copies: AppliedCopies) -> StateDir:
    """USERS applied, with two users."""
    applied_copies.copy(state, USERS, after="INSERT INTO users VALUES (1, 'a@x.org'), (2, 'b@y.org')")
    return state


def test_after_step_fills_the_new_column_and_runs_once(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(WITH_DOMAIN + _steps(("backfill_domain", "after", BACKFILL), ("count", "after", COUNT)))
    assert cli("plan", "--state", filled.root) == 0
    assert "+ step.backfill_domain" in cli.out and BACKFILL in cli.out
    assert "pending data step, runs once after the schema changes" in cli.out
    _apply(cli, filled)
    rows = sql(pg_url, filled.dbname, "SELECT id, domain FROM users ORDER BY id")
    assert rows == [(1, "x.org"), (2, "y.org")]
    for _ in range(2):  # apply again: the ledger says both ran, so neither runs
        _plan_is_empty(cli, filled)
        _apply(cli, filled)
    assert _notes(pg_url, filled.dbname) == ["counted"]
    assert _ledger(pg_url, filled.dbname) == [("backfill_domain", digest(BACKFILL)), ("count", digest(COUNT))]


def test_before_runs_on_the_old_schema_after_on_the_new_in_file_order(filled: StateDir, cli: Cli, pg_url: str) -> None:
    seen = (
        "INSERT INTO runs (note) SELECT '{name}: ' || count(*) FROM information_schema.columns "
        "WHERE table_name = 'users' AND column_name = 'domain'"
    )
    filled.write(
        WITH_DOMAIN
        + _steps(
            ("second_after", "after", seen.format(name="second_after")),
            ("first_before", "before", seen.format(name="first_before")),
            ("third_after", "after", seen.format(name="third_after")),
        )
    )
    assert cli("plan", "--state", filled.root) == 0
    order = [cli.out.index(f"step.{name}") for name in ("first_before", "second_after", "third_after")]
    assert order == sorted(order), cli.out  # listed in the order they run
    _apply(cli, filled)
    assert _notes(pg_url, filled.dbname) == ["first_before: 0", "second_after: 1", "third_after: 1"]


def test_a_step_alone_runs_without_schema_changes_and_is_drift_until_then(
    filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(USERS + _steps(("count", "before", COUNT)))
    assert cli("drift", "--state", filled.root, "--fail-on-diff") == 2
    assert "step.count" in cli.out
    _apply(cli, filled)
    assert _notes(pg_url, filled.dbname) == ["counted"]
    assert cli("drift", "--state", filled.root, "--fail-on-diff") == 0, cli.out


def test_steps_run_in_a_database_the_apply_creates(state: StateDir, cli: Cli, pg_url: str, dbname: str) -> None:
    state.write(USERS + _steps(("count", "after", COUNT)))
    _apply(cli, state)
    assert _notes(pg_url, dbname) == ["counted"]
    _plan_is_empty(cli, state)


def test_the_ledger_outlives_the_step_and_keeps_its_name(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(USERS + _steps(("count", "after", COUNT)))
    _apply(cli, filled)
    row = sql(
        pg_url,
        filled.dbname,
        "SELECT database_role, os_user IS NOT NULL, ci IS NOT NULL, reconcile_version, applied_at <= now() "
        "FROM _reconcile.steps",
    )
    assert row == [("postgres", True, True, "0.1.0", True)]
    filled.write(USERS)  # the step leaves the file: nothing to do, the ledger keeps it
    _plan_is_empty(cli, filled)
    assert _ledger(pg_url, filled.dbname) == [("count", digest(COUNT))]
    path = filled.write(USERS + _steps(("count", "after", "DELETE FROM runs")))  # the name again, other SQL
    assert cli("plan", "--state", filled.root) == 1
    assert f"{path.parent.name}/{path.name}:" in cli.err and "steps.0.sql:" in cli.err
    assert digest(COUNT) in cli.err and digest("DELETE FROM runs") in cli.err


def test_an_edited_step_is_an_error_naming_both_digests_and_nothing_runs(
    filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(USERS + _steps(("count", "after", COUNT)))
    _apply(cli, filled)
    edited = COUNT.replace("counted", "edited")
    filled.write(WITH_DOMAIN + _steps(("backfill_domain", "after", BACKFILL), ("count", "after", edited)))
    for command in (["plan"], ["apply", "--auto-approve"], ["drift", "--fail-on-diff"]):
        assert cli(*command, "--state", filled.root) == 1, cli.out + cli.err
        assert f"postgres/{filled.dbname}.yaml:" in cli.err and ": steps.1.sql: step 'count' already ran" in cli.err
        assert digest(COUNT) in cli.err and digest(edited) in cli.err
        assert "Traceback" not in cli.err
    assert not _has_domain(pg_url, filled.dbname)
    assert _notes(pg_url, filled.dbname) == ["counted"]
    # Whitespace around the statement and a final `;` are not edits.
    filled.write(USERS + _steps(("count", "after", f"\n{COUNT};\n")))
    _plan_is_empty(cli, filled)


def test_a_failing_step_rolls_back_the_whole_apply_and_names_the_step(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(
        WITH_DOMAIN
        + _steps(("count", "before", COUNT), ("broken", "after", "UPDATE users SET domain = (1 / (id - id))::text"))
    )
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert f"postgres.{filled.dbname}.step.broken: PostgreSQL refused" in cli.err
    assert "division by zero" in cli.err and "rolled back" in cli.err
    assert not _has_domain(pg_url, filled.dbname)
    assert _notes(pg_url, filled.dbname) == []
    assert sql(pg_url, filled.dbname, "SELECT to_regclass('_reconcile.steps') IS NULL") == [(True,)]
    assert cli("plan", "--state", filled.root) == 0 and "step.count" in cli.out and "step.broken" in cli.out


def test_a_step_that_deletes_rows_needs_allow_destructive(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(USERS + _steps(("drop_b", "after", "DELETE FROM users WHERE email LIKE 'b@%'")))
    assert cli("plan", "--state", filled.root) == 0
    assert "destructive" in cli.out and "data_loss" in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.err
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM users") == [(2,)]
    _apply(cli, filled, "--allow-destructive")
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM users") == [(1,)]


def test_plan_formats_show_the_pending_step_and_its_sql(filled: StateDir, cli: Cli) -> None:
    filled.write(WITH_DOMAIN + _steps(("backfill_domain", "after", BACKFILL)))
    assert cli("plan", "--state", filled.root, "--format", "json") == 0
    plan = json.loads(cli.out)
    (step,) = [c for c in plan["changes"] if c["kind"] == "step"]
    assert step["address"] == f"postgres.{filled.dbname}.step.backfill_domain"
    assert step["after"] == {"name": "backfill_domain", "when": "after", "sql_sha256": digest(BACKFILL)}
    assert [h["code"] for h in step["hazards"]] == ["data_step"]
    assert BACKFILL in [s["sql"] for s in step["statements"]]
    assert any(s["sql"].startswith("INSERT INTO _reconcile.steps") for s in step["statements"])
    assert cli("plan", "--state", filled.root, "--format", "markdown") == 0
    assert "step.backfill_domain" in cli.out and BACKFILL in cli.out


def test_a_saved_plan_runs_its_steps_once(filled: StateDir, cli: Cli, pg_url: str, tmp_path: Path) -> None:
    filled.write(WITH_DOMAIN + _steps(("backfill_domain", "after", BACKFILL), ("count", "after", COUNT)))
    saved = tmp_path / "plan.json"
    assert cli("plan", "--state", filled.root, "--out", saved) == 0
    assert digest(COUNT) in saved.read_text()
    assert cli("apply", saved, "--auto-approve") == 0, cli.out + cli.err
    assert cli("apply", saved, "--auto-approve") == 1  # the steps ran: the saved plan is stale
    assert "stale" in cli.err and "step.count" in cli.err
    assert _notes(pg_url, filled.dbname) == ["counted"]


def test_apply_checks_the_ledger_again_inside_its_transaction(filled: StateDir, cli: Cli, pg_url: str) -> None:
    """A plan whose step another apply ran meanwhile is refused under the advisory lock, not run twice."""
    filled.write(USERS + _steps(("count", "after", COUNT)))
    early = make_plan(Selection(filled.root))
    _apply(cli, filled)
    with pytest.raises(ApplyError, match="step 'count' ran since this plan was made"):
        apply_plan(Plan.model_validate(early.model_dump()), Selection(filled.root), ApplyOptions())
    assert _notes(pg_url, filled.dbname) == ["counted"]


def test_an_after_step_runs_before_the_online_phase(filled: StateDir, cli: Cli, pg_url: str) -> None:
    """online: the step sees the column added in the transaction; the index is built after it commits."""
    filled.write(
        WITH_DOMAIN
        + "        indexes:\n          users_email: [email]\n"
        + _steps(("backfill_domain", "after", BACKFILL))
    )
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "outside the transaction: CREATE INDEX CONCURRENTLY users_email" in cli.err
    assert sql(pg_url, filled.dbname, "SELECT domain FROM users ORDER BY id") == [("x.org",), ("y.org",)]
    _plan_is_empty(cli, filled)


HOSTILE = {
    "two_statements": "UPDATE users SET email = NULL; DROP TABLE users",
    "two_statements_in_lines": "INSERT INTO runs (note) VALUES ('a');\nINSERT INTO runs (note) VALUES ('b')",
    "commit": "COMMIT",
    "rollback": "ROLLBACK",
    "begin": "BEGIN",
    "end": "END",
    "savepoint": "SAVEPOINT s",
    "psql_shell": "\\! rm -rf /tmp/x",
    "psql_meta_after": "SELECT 1 \\gexec",
    "do_block": "DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$",
    "call": "CALL wipe()",
    "copy_program": "COPY users TO PROGRAM 'rm -rf /tmp/x'",
    "set_role": "SET ROLE postgres",
    "reset_role": "RESET ROLE",
    "ddl": "DROP TABLE users",
    "create": "CREATE TABLE evil (id int)",
    "alter_role": "ALTER ROLE postgres PASSWORD 'x'",
    "truncate": "TRUNCATE users",
    "select_into": "SELECT * INTO stolen FROM users",
    "with_select_into": "WITH u AS (SELECT * FROM users) SELECT * INTO stolen FROM u",
    "open_string": "UPDATE users SET email = 'x",
    "comment_hides_nothing_but_second_statement": "SELECT 1 /* x */; DROP TABLE users",
    "empty": "  ;  ",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_step_sql_is_refused_before_anything_runs(text: str, filled: StateDir, cli: Cli, pg_url: str) -> None:
    body = USERS + "steps:\n  - name: harmless\n    when: after\n    sql: x\n  - name: evil\n    when: before\n"
    path = filled.write(body.replace("sql: x", f"sql: {json.dumps(COUNT)}") + f"    sql: {json.dumps(text)}\n")
    line = path.read_text().splitlines().index(f"    sql: {json.dumps(text)}") + 1
    assert_refused_at_load(cli, filled.root, "postgres", f"postgres/{path.name}:{line}: steps.1.sql:")
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert _notes(pg_url, filled.dbname) == []
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM users") == [(2,)]
    assert sql(pg_url, filled.dbname, "SELECT to_regclass('_reconcile.steps') IS NULL") == [(True,)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "'bad name'", "steps.0.name"),
        ("name", "''", "steps.0.name"),
        ("name", "a.b", "steps.0.name"),
        ("when", "during", "steps.0.when"),
    ],
)
def test_bad_step_fields_name_their_line(field: str, value: str, message: str, state: StateDir, cli: Cli) -> None:
    step = {"name": "ok", "when": "after", "sql": json.dumps(COUNT), field: value}
    state.write(USERS + "steps:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in step.items()) + "\n")
    assert_refused_at_load(cli, state.root, "postgres", message)


def test_a_step_name_used_twice_is_refused(state: StateDir, cli: Cli) -> None:
    path = state.write(USERS + _steps(("count", "before", COUNT), ("count", "after", COUNT)))
    line = path.read_text().splitlines().index("  - name: count", 14) + 1
    expected = f"{path.name}:{line}: steps.1.name: step name 'count' is also used by steps.0"
    assert_refused_at_load(cli, state.root, "postgres", expected)


ALLOWED = [
    "INSERT INTO runs (note) SELECT 'x' WHERE false",
    "UPDATE users SET email = lower(email) WHERE email <> lower(email);",
    "WITH m AS (SELECT id FROM users WHERE false) UPDATE users SET email = email FROM m WHERE m.id = users.id",
    "SELECT count(*) FROM users -- a comment is fine",
    "MERGE INTO users u USING (SELECT 1 AS id) s ON u.id = s.id WHEN MATCHED THEN UPDATE SET email = u.email",
    "INSERT INTO runs (note) VALUES ('a;b'), ($$c;d$$), (E'\\\\! not psql')",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_data_statements_are_accepted(text: str, filled: StateDir, cli: Cli) -> None:
    filled.write(USERS + f"steps:\n  - name: fine\n    when: after\n    sql: {json.dumps(text)}\n")
    _apply(cli, filled)
    _plan_is_empty(cli, filled)


def test_the_readme_example_backfills_then_a_later_pr_sets_not_null(cli: Cli, state: StateDir, pg_url: str) -> None:
    first = readme_example("#### Pull request 1: add the column and fill it")
    second = readme_example("#### Pull request 2: make it NOT NULL")
    before = first.split("\n", 1)[1].split("steps:")[0]  # PR 1 without its column and its step
    state.write(before.replace("          domain: text                        # new, nullable for now\n", ""))
    _apply(cli, state)
    sql(
        pg_url,
        state.dbname,
        "INSERT INTO users (email) SELECT 'u' || g || '@d' || g % 3 || '.org' FROM generate_series(1, 30) g",
    )
    state.write(first.split("\n", 1)[1])
    assert cli("plan", "--state", state.root) == 0
    assert "+ step.2024-06-backfill-users-domain" in cli.out and "split_part(email, '@', 2)" in cli.out
    _apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM users WHERE domain IS NULL") == [(0,)]
    state.write(second.split("\n", 1)[1])
    assert cli("plan", "--state", state.root) == 0
    assert "step." not in cli.out and "NOT NULL" in cli.out
    _apply(cli, state)
    _plan_is_empty(cli, state)
    assert len(_ledger(pg_url, state.dbname)) == 1


def test_drift_with_a_reading_role_reads_the_ledger(
    filled: StateDir, cli: Cli, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI's drift role (pg_read_all_data, normalizing on a scratch server) sees a recorded step as done."""
    filled.write(USERS + _steps(("count", "after", COUNT)))
    _apply(cli, filled)
    role, scratch = f"ro_{uuid.uuid4().hex[:8]}", f"scratch_{uuid.uuid4().hex[:8]}"
    sql(pg_url, "postgres", f"CREATE ROLE {role} LOGIN; GRANT pg_read_all_data TO {role}")
    sql(pg_url, "postgres", f"CREATE DATABASE {scratch}")
    try:
        monkeypatch.setenv("RECONCILE_POSTGRES_URL", pg_url.replace("postgres@", f"{role}@"))
        monkeypatch.setenv("RECONCILE_POSTGRES_SCRATCH_URL", f"{pg_url}{scratch}")
        assert cli("drift", "--state", filled.root, "--fail-on-diff") == 0, cli.out + cli.err
        filled.write(USERS + _steps(("count", "after", COUNT), ("count_again", "after", COUNT)))
        assert cli("drift", "--state", filled.root, "--fail-on-diff") == 2, cli.out + cli.err
        assert "step.count_again" in cli.out and "step.count\n" not in cli.out
    finally:
        with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
            conn.execute(f"DROP DATABASE IF EXISTS {filled.dbname} WITH (FORCE)")
            conn.execute(f"DROP ROLE {role}")
