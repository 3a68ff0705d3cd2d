"""What the export reads beyond the inspector: which schemas and extensions to declare, and in which order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from reconciler.postgres.undeclared_schemas import PEOPLE_MADE

# Every extension but plpgsql, which initdb installs in every database (in pg_catalog).
EXTENSIONS = """
SELECT e.extname, n.nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
"""

# Functions using a type of another schema: the materializer creates each schema's types and functions
# together, schema by schema, so the type's schema must come first in the file.
FUNCTION_TYPE_SCHEMAS = """
SELECT DISTINCT pn.nspname, tn.nspname
FROM pg_proc p
JOIN pg_namespace pn ON pn.oid = p.pronamespace
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_type'::regclass
JOIN pg_type t ON t.oid = d.refobjid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
WHERE pn.nspname = ANY(%(schemas)s) AND tn.nspname = ANY(%(schemas)s) AND tn.nspname <> pn.nspname
"""

# Which views each view reads, so views can be declared after the views they need.
VIEW_DEPENDENCIES = """
SELECT DISTINCT vn.nspname AS schema_name, v.relname AS name, rn.nspname AS dep_schema, r.relname AS dep_name
FROM pg_rewrite w
JOIN pg_class v ON v.oid = w.ev_class AND v.relkind = 'v'
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
JOIN pg_class r ON r.oid = d.refobjid AND r.relkind = 'v' AND r.oid <> v.oid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE vn.nspname = ANY(%(schemas)s)
"""


@dataclass
class Catalog:
    """What the export needs beyond the inspector: the schemas and extensions to declare, and ordering facts."""

    schemas: list[str]
    extensions: list[tuple[str, str]]  # (name, schema)
    complete: bool = True  # every schema people made is declared (no prefix left one out)
    view_dependencies: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)
    connecting_role: str = ""  # the file's owner when no exported object has one to count (exporter/owners.py)

    @property
    def extension_schemas(self) -> list[str]:
        return [schema for _, schema in self.extensions]


def read_catalog(conn: psycopg.Connection[Any], prefixes: list[str]) -> Catalog:
    """The schemas to export, in file order, and the facts the inspector does not read."""
    names = [row[0] for row in conn.execute(PEOPLE_MADE)]
    if prefixes:
        names = [name for name in names if name.startswith(tuple(prefixes))]
    extensions = [(row[0], row[1]) for row in conn.execute(EXTENSIONS)]
    catalog = Catalog(names, extensions, complete=not prefixes)
    role = conn.execute("SELECT current_user").fetchone()
    catalog.connecting_role = str(role[0]) if role is not None else ""
    needs: set[tuple[str, str]] = set()
    for schema, name, dep_schema, dep_name in conn.execute(VIEW_DEPENDENCIES, {"schemas": names}):
        catalog.view_dependencies.setdefault((schema, name), set()).add((dep_schema, dep_name))
        needs.add((schema, dep_schema))
    needs.update((row[0], row[1]) for row in conn.execute(FUNCTION_TYPE_SCHEMAS, {"schemas": names}))
    catalog.schemas = schema_order(names, needs)
    return catalog


def schema_order(names: list[str], needs: set[tuple[str, str]]) -> list[str]:
    """`public` first and the rest by name, but each schema after the schemas it `needs`.

    The materializer creates types, functions and views schema by schema in
    file order, so a view or function using another schema's view or type
    must come later. The planner also uses this order as the search_path,
    which is why the export reads the database under this very order.
    """
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return
        for a, b in sorted(needs):
            if a == name and b in names:
                visit(b, (*path, name))
        ordered.append(name)

    for name in sorted(names, key=lambda n: (n != "public", n)):
        visit(name, ())
    return ordered
