"""The lock report: each statement's lock on each table, its effect, the table's size; and --max-lock.

The reported levels come from postgres/locks.py's rules; several are checked
here against pg_locks, read from a second session while the statement holds
its lock in an open transaction.
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest

from reconciler.changes import Statement, TableLock
from reconciler.cli import main
from reconciler.postgres.locks import RULES, Kind, blocking_hazards
from tests.conftest import AppliedCopies, Cli, StateDir, sql

ITEMS = """
schemas:
  public:
    tables:
      owners:
        columns:
          id: {type: int, primary_key: true}
      items:
        columns:
          id: {type: int, primary_key: true}
          code: text
          owner_id: int
          qty: int
          note: varchar(10)
"""
ROWS = (
    "INSERT INTO owners VALUES (1), (2); "
    "INSERT INTO items SELECT g, 'c' || g, 1 + g % 2, g, 'n' FROM generate_series(1, 3000) g"
)


def _with(columns: str = "", extra: str = "", *, online: bool = True) -> str:
    """ITEMS with column lines replaced or added (`columns`) and lines under items: (`extra`)."""
    body = ITEMS
    for line in columns.strip().splitlines():
        name = line.split(":")[0]
        old = next((x for x in body.splitlines() if x.strip().startswith(f"{name}:")), None)
        body = body.replace(old, f"          {line}") if old else body + f"          {line}\n"
    body += "".join(f"        {line}\n" for line in extra.strip().splitlines())
    return ("" if online else "online: false\n") + body


@pytest.fixture
def filled(state: StateDir, applied_copies: AppliedCopies) -> StateDir:
    applied_copies.copy(state, ITEMS, after=f"{ROWS}; ANALYZE items; ANALYZE owners")
    return state


def _locks(cli: Cli, state: StateDir) -> list[dict[str, Any]]:
    """(statement, lock) pairs of the JSON plan, flattened: one dict per lock with its statement's SQL."""
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.out + cli.err
    plan = json.loads(cli.out)
    return [
        {**lock, "sql": statement["sql"]}
        for change in plan["changes"]
        for statement in change["statements"]
        for lock in statement["locks"]
    ]


def _lock_of(locks: list[dict[str, Any]], sql_start: str, table: str = "public.items") -> dict[str, Any]:
    found = [lock for lock in locks if lock["sql"].startswith(sql_start) and lock["table"] == table]
    assert len(found) == 1, (sql_start, locks)
    return found[0]


CASES = [
    # (id, columns, extra, online, statement start, lock, effect)
    ("add_column", "extra: {type: int, default: 0}", "", True, "ALTER TABLE public.items ADD COLUMN extra",
     "ACCESS EXCLUSIVE", "none"),
    ("add_column_volatile_default", "extra: {type: float8, default: random()}", "", True,
     "ALTER TABLE public.items ADD COLUMN extra", "ACCESS EXCLUSIVE", "rewrite"),
    ("type_change_rewrite", "qty: bigint", "", True, "ALTER TABLE public.items ALTER COLUMN qty TYPE bigint",
     "ACCESS EXCLUSIVE", "rewrite"),
    ("type_change_binary_coercible", "note: text", "", True, "ALTER TABLE public.items ALTER COLUMN note TYPE text",
     "ACCESS EXCLUSIVE", "none"),
    ("add_index", "", "indexes:\n  items_code: [code]", False, "CREATE INDEX items_code", "SHARE", "scan"),
    ("add_index_concurrently", "", "indexes:\n  items_code: [code]", True, "CREATE INDEX CONCURRENTLY items_code",
     "SHARE UPDATE EXCLUSIVE", "scan"),
    ("add_foreign_key_not_valid", "", "foreign_keys:\n  - {columns: [owner_id], references: owners(id)}", True,
     "ALTER TABLE public.items ADD CONSTRAINT items_owner_id_fkey", "SHARE ROW EXCLUSIVE", "none"),
    ("validate_foreign_key", "", "foreign_keys:\n  - {columns: [owner_id], references: owners(id)}", True,
     "ALTER TABLE public.items VALIDATE CONSTRAINT items_owner_id_fkey", "SHARE UPDATE EXCLUSIVE", "scan"),
    ("add_foreign_key_validated", "", "foreign_keys:\n  - {columns: [owner_id], references: owners(id)}", False,
     "ALTER TABLE public.items ADD CONSTRAINT items_owner_id_fkey", "SHARE ROW EXCLUSIVE", "scan"),
    ("set_not_null_plain", "code: {type: text, nullable: false}", "", False,
     "ALTER TABLE public.items ALTER COLUMN code SET NOT NULL", "ACCESS EXCLUSIVE", "scan"),
    ("set_not_null_online_helper", "code: {type: text, nullable: false}", "", True,
     "ALTER TABLE public.items ADD CONSTRAINT _reconcile_nn_code", "ACCESS EXCLUSIVE", "none"),
    ("set_not_null_online_validate", "code: {type: text, nullable: false}", "", True,
     "ALTER TABLE public.items VALIDATE CONSTRAINT _reconcile_nn_code", "SHARE UPDATE EXCLUSIVE", "scan"),
    ("set_not_null_online_proven", "code: {type: text, nullable: false}", "", True,
     "ALTER TABLE public.items ALTER COLUMN code SET NOT NULL", "ACCESS EXCLUSIVE", "none"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("columns", "extra", "online", "start", "lock", "effect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_statement_reports_its_lock_effect_and_rows(
    columns: str, extra: str, online: bool, start: str, lock: str, effect: str, filled: StateDir, cli: Cli
) -> None:
    filled.write(_with(columns, extra, online=online))
    found = _lock_of(_locks(cli, filled), start)
    assert (found["lock"], found["effect"]) == (lock, effect)
    assert found["rows_source"] == "reltuples" and found["estimated_rows"] == 3000
    assert found["pages"] > 0


def test_drop_column_reports_access_exclusive(filled: StateDir, cli: Cli) -> None:
    filled.write(ITEMS.replace("          note: varchar(10)\n", ""))
    found = _lock_of(_locks(cli, filled), "ALTER TABLE public.items DROP COLUMN note")
    assert (found["lock"], found["effect"], found["estimated_rows"]) == ("ACCESS EXCLUSIVE", "none", 3000)


def test_a_foreign_key_locks_the_referenced_table_too(filled: StateDir, cli: Cli) -> None:
    filled.write(_with(extra="foreign_keys:\n  - {columns: [owner_id], references: owners(id)}"))
    locks = _locks(cli, filled)
    added = _lock_of(locks, "ALTER TABLE public.items ADD CONSTRAINT items_owner_id_fkey", "public.owners")
    assert (added["lock"], added["estimated_rows"]) == ("SHARE ROW EXCLUSIVE", 2)
    validated = _lock_of(locks, "ALTER TABLE public.items VALIDATE CONSTRAINT", "public.owners")
    assert validated["lock"] == "ROW SHARE"


def test_text_and_markdown_show_locks_next_to_the_change_and_hazards_name_blocking_ones(
    filled: StateDir, cli: Cli
) -> None:
    filled.write(_with("qty: bigint", "indexes:\n  items_code: [code]"))
    assert cli("plan", "--state", filled.root) == 0
    assert "lock public.items: ACCESS EXCLUSIVE, rewrite, ~3k rows" in cli.out
    assert "lock public.items: SHARE UPDATE EXCLUSIVE, scan, ~3k rows" in cli.out
    assert "blocking_lock: ACCESS EXCLUSIVE on public.items, ~3k rows, for the whole rewrite: blocks reads" in cli.out
    assert "blocking_lock: SHARE UPDATE" not in cli.out  # the concurrent build blocks nobody
    assert cli("plan", "--state", filled.root, "--format", "markdown") == 0
    assert "🔒 public.items: ACCESS EXCLUSIVE, rewrite, \\~3k rows" in cli.out


def test_a_never_analyzed_table_says_its_rows_are_unknown_and_a_new_table_is_new(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, ROWS)  # no ANALYZE: reltuples stays -1 (autovacuum waits for its threshold)
    state.write(_with("extra: int") + "      tags:\n        columns:\n          id: int\n")
    locks = _locks(cli, state)
    added = _lock_of(locks, "ALTER TABLE public.items ADD COLUMN extra")
    assert added["rows_source"] == "never_analyzed" and added["estimated_rows"] is None and added["pages"] > 0
    created = _lock_of(locks, "CREATE TABLE public.tags", "public.tags")
    assert (created["rows_source"], created["estimated_rows"]) == ("new_table", 0)
    assert cli("plan", "--state", state.root) == 0
    assert "ACCESS EXCLUSIVE, rows unknown (never analyzed, " in cli.out
    assert "lock public.tags: ACCESS EXCLUSIVE, new table" in cli.out


# --- the rules against the server: pg_locks while the statement holds its lock -------------------------------

HELD = [
    ("ALTER TABLE items ADD COLUMN extra int DEFAULT 0", "add_column"),
    ("ALTER TABLE items ALTER COLUMN qty TYPE bigint", "alter_column_type"),
    ("CREATE INDEX items_code ON items (code)", "create_index"),
    ("ALTER TABLE items ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES owners(id) NOT VALID",
     "add_foreign_key_not_valid"),
    ("ALTER TABLE items ADD CONSTRAINT q CHECK (qty > 0) NOT VALID", "add_check_not_valid"),
    ("ALTER TABLE items ALTER COLUMN code SET NOT NULL", "set_not_null"),
    ("ALTER TABLE items DROP COLUMN note", "drop_column"),
    ("ALTER TABLE items RENAME COLUMN note TO remark", "rename"),
    ("ALTER TABLE items RENAME TO things", "rename"),
    ("COMMENT ON TABLE items IS 'x'", "comment"),
    ("CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
     "create_trigger"),
    ("DROP TABLE items", "drop_table"),
    ("CREATE POLICY own ON items USING (owner_id = 1)", "policy"),
    ("CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING", "rule"),
    ("ALTER TABLE items ENABLE ROW LEVEL SECURITY", "table_alter"),
    ("ALTER TABLE items SET (fillfactor = 80)", "table_options"),
    ("ALTER TABLE items SET UNLOGGED", "set_logged_or_unlogged"),
    ("ALTER TABLE items SET ACCESS METHOD heap", "set_access_method"),
    ("CREATE TABLE parts (LIKE items) PARTITION BY RANGE (id); "
     "ALTER TABLE parts ATTACH PARTITION items FOR VALUES FROM (0) TO (100000)", "attach_partition"),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "kind"), HELD, ids=[f"{k}-{i}" for i, (_, k) in enumerate(HELD)])
def test_the_reported_level_is_the_one_postgresql_takes(
    statement: str, kind: str, filled: StateDir, pg_url: str
) -> None:
    expected = RULES[Kind(kind)].level.value
    url = pg_url + filled.dbname
    oid = sql(pg_url, filled.dbname, "SELECT 'items'::regclass::oid")[0][0]
    with psycopg.connect(url) as session, psycopg.connect(url, autocommit=True) as watcher:
        session.execute(statement)  # the transaction stays open: the lock is held until it ends
        pid = session.info.backend_pid
        rows = watcher.execute(
            "SELECT mode FROM pg_locks WHERE pid = %s AND locktype = 'relation' AND relation = %s AND granted",
            (pid, oid),
        ).fetchall()
        session.rollback()
    held = {mode.removesuffix("Lock") for (mode,) in rows}
    strongest = max(held, key=_MODE_ORDER.index)
    assert _SPELLED[strongest] == expected, (statement, held)


_MODE_ORDER = [
    "AccessShare",
    "RowShare",
    "RowExclusive",
    "ShareUpdateExclusive",
    "Share",
    "ShareRowExclusive",
    "Exclusive",
    "AccessExclusive",
]
_SPELLED = {
    "AccessShare": "ACCESS SHARE",
    "RowShare": "ROW SHARE",
    "RowExclusive": "ROW EXCLUSIVE",
    "ShareUpdateExclusive": "SHARE UPDATE EXCLUSIVE",
    "Share": "SHARE",
    "ShareRowExclusive": "SHARE ROW EXCLUSIVE",
    "Exclusive": "EXCLUSIVE",
    "AccessExclusive": "ACCESS EXCLUSIVE",
}


# --- --max-lock ----------------------------------------------------------------------------------------------


def test_max_lock_refuses_a_plan_above_the_limit_and_applies_nothing(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(_with("qty: bigint", "indexes:\n  items_code: [code]"))
    code = cli("apply", "--state", filled.root, "--auto-approve", "--max-lock", "SHARE UPDATE EXCLUSIVE@1000")
    assert code == 1
    assert "stronger than --max-lock SHARE UPDATE EXCLUSIVE@1000 allows; nothing was applied" in cli.err
    assert f"postgres.{filled.dbname}.table.items.column.qty: public.items: ACCESS EXCLUSIVE, rewrite, ~3k rows" in (
        cli.err
    )
    assert "ALTER TABLE public.items ALTER COLUMN qty TYPE bigint USING qty::bigint" in cli.err
    assert "items_code" not in cli.err  # CREATE INDEX CONCURRENTLY is within the limit
    assert sql(pg_url, filled.dbname, "SELECT format_type(atttypid, NULL) FROM pg_attribute "
               "WHERE attrelid = 'items'::regclass AND attname = 'qty'") == [("integer",)]  # fmt: skip
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM pg_class WHERE relname = 'items_code'") == [(0,)]
    # plan previews the same refusal (after showing the plan)
    assert cli("plan", "--state", filled.root, "--max-lock", "share update exclusive@1k") == 1
    assert "Plan: 1 to add, 1 to change" in cli.out and "--max-lock SHARE UPDATE EXCLUSIVE@1000" in cli.err


def test_max_lock_accepts_a_plan_within_the_limit(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(_with(extra="indexes:\n  items_code: [code]"))  # online: SHARE UPDATE EXCLUSIVE
    assert cli("plan", "--state", filled.root, "--max-lock", "SHARE_UPDATE_EXCLUSIVE") == 0, cli.err
    assert cli("apply", "--state", filled.root, "--auto-approve", "--max-lock", "SHARE UPDATE EXCLUSIVE") == 0, (
        cli.out + cli.err
    )
    # A rewrite of a table below the row threshold is allowed, and a new table is empty.
    filled.write(
        _with("qty: bigint", "indexes:\n  items_code: [code]") + "      tags:\n        columns:\n          id: int\n"
    )
    assert cli("apply", "--state", filled.root, "--auto-approve", "--max-lock", "ROW EXCLUSIVE@10000") == 0, (
        cli.out + cli.err
    )
    assert "Converged" in cli.out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("EXCLUSIVE-ISH", "is not a PostgreSQL table lock mode"),
        ("SHARE@many", "is not LEVEL or LEVEL@ROWS"),
        ("@100", "is not LEVEL or LEVEL@ROWS"),
        ("SHARE@-1", "is not LEVEL or LEVEL@ROWS"),
        ("SHARE;DROP TABLE items", "is not LEVEL or LEVEL@ROWS"),
    ],
)
def test_a_malformed_max_lock_is_refused_clearly(
    value: str, message: str, filled: StateDir, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A usage error: exit 1 (not 2, which CI reads as changes present), nothing planned or applied."""
    filled.write(_with("qty: bigint"))
    with pytest.raises(SystemExit) as exit_info:
        main(["apply", "--state", str(filled.root), "--auto-approve", "--max-lock", value])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert message in err and "ACCESS EXCLUSIVE" in err and "Traceback" not in err
    assert sql(pg_url, filled.dbname, "SELECT format_type(atttypid, NULL) FROM pg_attribute "
               "WHERE attrelid = 'items'::regclass AND attname = 'qty'") == [("integer",)]  # fmt: skip


def test_a_change_taking_several_locks_on_one_table_names_its_strongest_and_longest_once() -> None:
    """Re-creating a table locks it many times; the hazard names the lock that matters, once per table."""

    def lock(table: str, level: str, effect: str) -> TableLock:
        return TableLock(table=table, lock=level, effect=effect, kind="k", estimated_rows=5, rows_source="reltuples")

    statements = [
        Statement(
            sql="a", phase=0, locks=[lock("public.t", "SHARE ROW EXCLUSIVE", "scan"), lock("public.u", "SHARE", "scan")]
        ),
        Statement(sql="b", phase=0, locks=[lock("public.t", "ACCESS EXCLUSIVE", "none")]),
        Statement(sql="c", phase=0, locks=[lock("public.t", "ACCESS EXCLUSIVE", "rewrite")]),
        Statement(sql="d", phase=0, locks=[lock("public.u", "SHARE UPDATE EXCLUSIVE", "scan")]),  # blocks no writer
    ]
    assert [h.message for h in blocking_hazards(statements)] == [
        "ACCESS EXCLUSIVE on public.t, ~5 rows, for the whole rewrite: blocks reads and writes",
        "SHARE on public.u, ~5 rows, for the whole scan: blocks writes",
    ]


def test_attach_partition_takes_the_reported_locks_on_both_tables(filled: StateDir, pg_url: str) -> None:
    """ATTACH PARTITION locks the partitioned table less than the table it attaches (PostgreSQL 12+)."""
    url = pg_url + filled.dbname
    sql(pg_url, filled.dbname, "CREATE TABLE parts (LIKE items) PARTITION BY RANGE (id)")
    with psycopg.connect(url) as session, psycopg.connect(url, autocommit=True) as watcher:
        session.execute("ALTER TABLE parts ATTACH PARTITION items FOR VALUES FROM (0) TO (100000)")
        rows = watcher.execute(
            "SELECT relation::regclass::text, mode FROM pg_locks "
            "WHERE pid = %s AND locktype = 'relation' AND granted AND relation::regclass::text IN ('parts', 'items')",
            (session.info.backend_pid,),
        ).fetchall()
        session.rollback()
    held: dict[str, set[str]] = {}
    for relation, mode in rows:
        held.setdefault(relation, set()).add(mode.removesuffix("Lock"))
    for relation, kind in (("parts", Kind.ATTACH_PARTITION_PARENT), ("items", Kind.ATTACH_PARTITION)):
        strongest = max(held[relation], key=_MODE_ORDER.index)
        assert _SPELLED[strongest] == RULES[kind].level.value, held


def test_renames_report_the_lock_they_take_on_the_live_table(filled: StateDir, cli: Cli) -> None:
    """A rename is catalog-only but takes ACCESS EXCLUSIVE; the size is the live table's, found by its old name."""
    body = ITEMS.replace("      items:\n", "      goods:\n        renamed_from: items\n")
    filled.write(
        body.replace("          note: varchar(10)", "          remark: {type: varchar(10), renamed_from: note}")
    )
    locks = _locks(cli, filled)
    table = _lock_of(locks, "ALTER TABLE public.items RENAME TO goods")
    column = _lock_of(locks, "ALTER TABLE public.goods RENAME COLUMN note TO remark")
    for lock in (table, column):
        assert (lock["lock"], lock["effect"], lock["kind"]) == ("ACCESS EXCLUSIVE", "none", "rename")
        assert lock["rows_source"] == "reltuples" and lock["estimated_rows"] == 3000
