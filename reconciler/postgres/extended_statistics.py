"""Extended statistics objects (CREATE STATISTICS): what a table or materialized view declares under
`statistics:`, as SQL.

The model keeps what the catalog does (queries/statistics.sql): the kinds built, the columns and
expressions as pg_get_statisticsobjdef_columns prints them, the sample target, the comment and the
schema it is kept in where not its relation's. A change of kinds or columns re-creates the object
(PostgreSQL has no ALTER for them); the target, the comment and the schema change in place. Leaving
out the kinds builds all three, which is also the only form a statistics object over one expression
takes.
"""

from __future__ import annotations

import re

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_on, lock_on, stmt, table_name
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import ExtendedStatistics, MaterializedView, Table
from reconciler.postgres.spec.tables import ALL_STATISTICS_KINDS, StatisticsSpec

_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")

Relation = Table | MaterializedView


def _entry_sql(entry: str) -> str:
    """A column name (quoted) or an expression (in brackets, as CREATE STATISTICS wants one)."""
    return quote_ident(entry) if _PLAIN_NAME.match(entry) else f"({entry})"


def _kinds_sql(kinds: list[str]) -> str:
    return "" if not kinds or kinds == list(ALL_STATISTICS_KINDS) else f" ({', '.join(kinds)})"


def spec_sql(name: str, table: str, spec: StatisticsSpec) -> list[str]:
    """For materialize: CREATE STATISTICS as declared (`name` and `table` qualified), then its target."""
    columns = ", ".join(_entry_sql(entry) for entry in spec.columns)
    statements = [f"CREATE STATISTICS {name}{_kinds_sql(list(spec.kinds))} ON {columns} FROM {table}"]
    if spec.target is not None:
        statements.append(f"ALTER STATISTICS {name} SET STATISTICS {spec.target}")
    return statements


def target(relation: Relation, statistics: ExtendedStatistics) -> str:
    return f"STATISTICS {qualify(statistics.other_schema or relation.schema_name, statistics.name)}"


def create(relation: Relation, statistics: ExtendedStatistics) -> list[Statement]:
    """CREATE STATISTICS (SHARE UPDATE EXCLUSIVE on the relation: reads and writes go on), its target, its comment."""
    kinds = _kinds_sql(statistics.kinds)
    sql = f"CREATE {target(relation, statistics)}{kinds} ON {statistics.columns} FROM {table_name(relation)}"
    statements = [stmt(sql, Phase.CREATE_INDEX, lock_on(Kind.STATISTICS, relation))]
    if statistics.target is not None:
        statements += alter_target(relation, statistics)
    if statistics.comment is not None:
        statements.append(comment_on(target(relation, statistics), statistics.comment))
    return statements


def drop(relation: Relation, statistics: ExtendedStatistics) -> list[Statement]:
    return [stmt(f"DROP {target(relation, statistics)}", Phase.DROP_INDEX, lock_on(Kind.STATISTICS, relation))]


def alter_target(relation: Relation, statistics: ExtendedStatistics) -> list[Statement]:
    value = -1 if statistics.target is None else statistics.target
    return [stmt(f"ALTER {target(relation, statistics)} SET STATISTICS {value}", Phase.CREATE_INDEX)]


def set_schema(relation: Relation, new: ExtendedStatistics, old: ExtendedStatistics) -> list[Statement]:
    """ALTER STATISTICS ... SET SCHEMA: moves the object (the relation is not locked), before its other changes."""
    schema = quote_ident(new.other_schema or relation.schema_name)
    return [stmt(f"ALTER {target(relation, old)} SET SCHEMA {schema}", Phase.CREATE_INDEX)]
