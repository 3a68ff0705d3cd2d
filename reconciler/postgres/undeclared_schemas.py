"""Schemas a database holds that its state file does not declare, for `undeclared_schemas: drop`.

By default reconcile manages the declared schemas only, and a schema the file
does not name is never looked at: other teams and services (a tenant service
creating one schema per customer) may own it. A file can say instead that it
declares the whole database (`undeclared_schemas: drop`, what `reconcile
export` writes): then the plan also inspects every other schema people made
and drops it with everything in it, each object as its own destructive change
in dependency order and the schema last, and so every extension it does not
declare, so nothing goes without `--allow-destructive`. Never candidates:
PostgreSQL's own schemas, schemas an extension created, and reconcile's own
(`_reconcile`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg

# Schemas people made: not PostgreSQL's own, not created by an extension, not reconcile's.
PEOPLE_MADE = r"""
SELECT n.nspname
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE '\_reconcile%'  -- reconcile's own: apply records, plan's throwaway schemas
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname
"""

# Installed extensions and their schemas (plpgsql is PostgreSQL's own).
_EXTENSIONS = """
SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
"""


def find(
    conn: psycopg.Connection[Any], declared: list[str], extensions: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """The schemas and extensions of the connected database the file leaves out, by name.

    `extensions` maps each declared extension to its declared schema. A schema holding a declared extension
    that stays there is kept: dropping it would take the extension along. One the extension moves out of is
    dropped after the move (ALTER EXTENSION ... SET SCHEMA comes first in the plan).
    """
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        people_made = [row[0] for row in conn.execute(PEOPLE_MADE)]
        installed = [(row[0], row[1]) for row in conn.execute(_EXTENSIONS)]
    holding = {schema for name, schema in installed if extensions.get(name) == schema}
    schemas = [name for name in people_made if name not in declared and name not in holding]
    return schemas, sorted(name for name, _ in installed if name not in extensions)
