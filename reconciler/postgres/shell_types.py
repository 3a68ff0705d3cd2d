"""Shell types (CREATE TYPE name): a type name with no definition yet, from a state file and the catalogs, and
their DDL.

They are created in the throwaway schemas like the other types (materialize_types.py), so the inspector reads
them back there. A shell type has nothing to change but its comment and owner; PostgreSQL fills one in when a
base type of its name is created (which state files cannot declare), and refuses to drop it while a function
takes or returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import qualify
from reconciler.postgres.model import Database, ShellType


def target(shell: ShellType) -> str:
    """What DROP and COMMENT ON name: `TYPE public.money2`."""
    return f"TYPE {qualify(shell.schema_name, shell.name)}"


def read_into(db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str]) -> None:
    """queries/shell_types.sql into `db.shell_types`."""
    for r in rows:
        schema = logical(r["schema_name"])
        db.shell_types[f"{schema}.{r['name']}"] = ShellType(schema_name=schema, name=r["name"], comment=r["comment"])


def create(shell: ShellType) -> list[Statement]:
    return [ddl.stmt(f"CREATE {target(shell)}", ddl.Phase.ENUM), *ddl.comment_if_any(target(shell), shell.comment)]


def drop(shell: ShellType, *, name_reused: bool = False) -> list[Statement]:
    """DROP TYPE with the other types; at the start of the transaction when a type of another kind takes the name
    (PostgreSQL renames no shell type, so it cannot be put aside as user_types.drop_type_named does)."""
    return [ddl.stmt(f"DROP {target(shell)}", ddl.Phase.RENAME if name_reused else ddl.Phase.DROP_ENUM)]
