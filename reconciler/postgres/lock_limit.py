"""`--max-lock LEVEL[@ROWS]`: refuse a plan that locks a big table harder than allowed.

A team that applies at noon says, for example, `--max-lock "SHARE UPDATE
EXCLUSIVE@100000"`: no statement may take a lock stronger than SHARE UPDATE
EXCLUSIVE (which lets reads and writes go on) on a table estimated above
100,000 rows. The estimate is the plan's (pg_class.reltuples, postgres/locks.py);
a table never analyzed counts as above any threshold unless it has no pages
(its size is unknown, and the limit is a safety net), and a table the plan
creates is empty. Without `@ROWS` the limit applies to every table with rows.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

from reconciler.changes import Change, Statement, TableLock
from reconciler.errors import ApplyError
from reconciler.plan import Plan
from reconciler.postgres.locks import Level
from reconciler.render.escape import printable

_LIMIT = re.compile(r"^\s*(?P<level>[A-Za-z _-]+?)\s*(?:@\s*(?P<rows>[0-9][0-9_]*)\s*(?P<unit>[kKmMgG]?))?\s*$")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}
LEVEL_NAMES = ", ".join(level.value for level in Level)


@dataclass(frozen=True)
class LockLimit:
    level: Level
    rows: int  # the limit applies to tables estimated above this many rows

    def __str__(self) -> str:
        return f"{self.level.value}@{self.rows}"


def parse(text: str) -> LockLimit:
    """`LEVEL` or `LEVEL@ROWS` (ROWS may end in k, M or G); an argparse type, so a bad value is a usage error."""
    match = _LIMIT.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not LEVEL or LEVEL@ROWS (e.g. 'SHARE UPDATE EXCLUSIVE@100000'); LEVEL is one of {LEVEL_NAMES}"
        )
    name = " ".join(re.split(r"[ _-]+", match["level"].strip())).upper()
    try:
        level = Level(name)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{match['level'].strip()!r} is not a PostgreSQL table lock mode; use one of {LEVEL_NAMES}"
        ) from None
    rows = int(match["rows"].replace("_", "")) * _UNITS[match["unit"].lower()] if match["rows"] else 0
    return LockLimit(level, rows)


def _above(lock: TableLock, rows: int) -> bool:
    """True when the table counts as bigger than `rows` (unknown sizes do, unless the table has no pages)."""
    if lock.rows_source == "new_table":
        return False
    if lock.rows_source == "reltuples" and lock.estimated_rows is not None:
        return lock.estimated_rows > rows
    return lock.pages is None or lock.pages > 0


def offending(plan: Plan, limit: LockLimit) -> list[tuple[Change, Statement, TableLock]]:
    """Every (change, statement, lock) that is stronger than the limit on a table above its row threshold."""
    return [
        (change, statement, lock)
        for change in plan.changes
        for statement in change.statements
        for lock in statement.locks
        if Level(lock.lock).rank > limit.level.rank and _above(lock, limit.rows)
    ]


def refuse(plan: Plan, limit: LockLimit) -> None:
    """Raise, naming each offending statement, table, lock and row estimate, when the plan exceeds the limit."""
    found = offending(plan, limit)
    if not found:
        return
    lines = [
        f"  {printable(change.address)}: {printable(lock.describe())}\n      {printable(statement.sql.splitlines()[0])}"
        for change, statement, lock in found
    ]
    raise ApplyError(
        f"the plan takes locks stronger than --max-lock {limit} allows; nothing was applied:\n"
        + "\n".join(lines)
        + "\nRun it at a quieter time with a higher --max-lock, or change the state so that it changes these tables "
        "online (see README: Online changes to tables that already exist)."
    )
