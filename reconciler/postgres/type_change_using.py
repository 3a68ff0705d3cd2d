"""`using:` on a column: the expression ALTER COLUMN ... TYPE ... USING converts old values with.

It is not part of the column's definition (PostgreSQL keeps no trace of it),
so it rides on the desired model in a field that is never compared: a column
whose type already matches ignores it, and a plan that converged says nothing.
"""

from __future__ import annotations

from reconciler.postgres.model import Database
from reconciler.postgres.spec.database import DatabaseSpec


def attach(desired: Database, spec: DatabaseSpec) -> Database:
    """The desired side with each declared `using:` on its column (a copy when there is any)."""
    wanted = {
        (f"{schema_name}.{table_name}", column_name): column.using
        for schema_name, schema in spec.schemas.items()
        for table_name, table in schema.tables.items()
        for column_name, column in table.columns.items()
        if column.using is not None
    }
    if not wanted:
        return desired
    adjusted = desired.model_copy(deep=True)
    for (table_key, column_name), using in wanted.items():
        table = adjusted.tables.get(table_key)
        if table is not None and column_name in table.columns:
            table.columns[column_name].using = using
    return adjusted
