"""Casts users make (CREATE CAST): from a state file and from the catalogs, and their DDL.

A cast is database-wide and has no name of its own: it is the pair of its types. So the plan cannot create the
declared casts in its throwaway schemas as it does other objects (a cast between two built-in types would
collide with the live one, and only a superuser may make it). Instead, once the normalizer has created the
file's types and functions in the throwaway schemas (normalize.py), `resolve` reads each declared cast's type
names with to_regtype and its function with to_regprocedure, in that same rolled-back transaction and under the
same search_path. A name the file declares (`public.money2`) is first moved to its throwaway schema, as every
statement of the trial is (schema_references.to_physical); what the server prints (format_type, regprocedure) is
mapped back to the logical schemas (inspector.SchemaMap.text). The live casts are read by queries/user_casts.sql
with the same functions under the inspection's search_path, so both sides compare with plain equality.

Neither function runs anything: they parse a name and look it up (type modifiers, which would run a type's
modifier input function, are refused by spec/casts.py). Every statement the plan writes holds the server's
spelling of the names, never the file's text.

Only user casts are read: built-in ones (oid below 16384) and an extension's are never compared, changed or
exported. PostgreSQL has no ALTER CAST: a cast whose function, method or context changes is dropped and created
again in the plan's transaction. A cast needs its function and types (queries/dependencies.sql reads pg_depend
for the live ones; `resolve` names them for the declared ones), so it is dropped before they are, and created
after them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import psycopg
from psycopg.rows import dict_row

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl, schema_references, trial_lookup
from reconciler.postgres.dependencies import object_id, replace_needs
from reconciler.postgres.model import Cast, Database, cast_key
from reconciler.postgres.spec.casts import parse_cast_key, parse_function_signature
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.trial_lookup import Locator

if TYPE_CHECKING:
    from reconciler.postgres.inspector import SchemaMap


METHODS: dict[str, Literal["function", "binary", "inout"]] = {"f": "function", "b": "binary", "i": "inout"}
CONTEXTS: dict[str, Literal["explicit", "assignment", "implicit"]] = {
    "e": "explicit",
    "a": "assignment",
    "i": "implicit",
}

# Each declared cast's types and function as the trial resolves them, and the objects of the managed (throwaway)
# schemas they are: a type as queries/dependencies.sql names it (an array by its element type), the function by
# its identity arguments. NULL where a name resolves to nothing.
RESOLVE = """
WITH declared AS (
    SELECT u.position, to_regtype(u.source) AS source, to_regtype(u.target) AS target,
           to_regprocedure(u.function) AS function
    FROM unnest(%(sources)s::text[], %(targets)s::text[], %(functions)s::text[])
         WITH ORDINALITY AS u (source, target, function, position)
),
needed_types AS (
    SELECT d.position, n.nspname AS schema_name,
           CASE WHEN b.typtype = 'e' THEN 'enum' WHEN b.typtype = 'd' THEN 'domain' WHEN b.typtype = 'r' THEN 'range'
                WHEN c.relkind = 'c' THEN 'type' WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'matview'
                ELSE 'table' END AS kind,
           CASE WHEN c.relkind = 'c' OR c.oid IS NULL THEN b.typname ELSE c.relname END AS name
    FROM declared d
    CROSS JOIN LATERAL (VALUES (d.source), (d.target)) AS x (oid)
    JOIN pg_type t ON t.oid = x.oid
    JOIN pg_type b ON b.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
    JOIN pg_namespace n ON n.oid = b.typnamespace
    LEFT JOIN pg_class c ON c.oid = b.typrelid
    WHERE n.nspname = ANY(%(schemas)s)
      AND (b.typtype IN ('e', 'd', 'r') OR c.relkind IN ('c', 'r', 'p', 'f', 'v', 'm'))
)
SELECT d.position, format_type(d.source, NULL) AS source, format_type(d.target, NULL) AS target,
       d.function::regprocedure::text AS function,
       CASE WHEN n.nspname = ANY(%(schemas)s) AND p.prokind IN ('f', 'a')
            THEN json_build_object('schema', n.nspname, 'name', p.proname,
                                   'arguments', pg_get_function_identity_arguments(p.oid)) END AS needed_function,
       coalesce((SELECT json_agg(json_build_object('kind', k.kind, 'schema', k.schema_name, 'name', k.name))
                 FROM needed_types k WHERE k.position = d.position), '[]'::json) AS needed_types
FROM declared d
LEFT JOIN pg_proc p ON p.oid = d.function
LEFT JOIN pg_namespace n ON n.oid = p.pronamespace
ORDER BY d.position
"""


def cast_id(found: Cast) -> str:
    return object_id("cast", "", found.key)


@dataclass(frozen=True)
class _Declared:
    """One `casts:` entry as the trial reads it: its types and function moved to the throwaway schemas."""

    key: str
    source: str
    target: str
    function: str | None


def _declared(spec: DatabaseSpec, physical: dict[str, str]) -> list[_Declared]:
    names = schema_references.declared_names(spec)

    def moved(text: str) -> str:
        return schema_references.to_physical(text, names, physical)[0]

    found = []
    for key, declared in spec.casts.items():
        types = parse_cast_key(key)
        function = None if declared.function is None else parse_function_signature(declared.function).text
        found.append(
            _Declared(key, moved(types.source), moved(types.target), None if function is None else moved(function))
        )
    return found


def _rows(conn: psycopg.Connection[Any], declared: list[_Declared], schemas: list[str]) -> list[dict[str, Any]]:
    parameters = {
        "sources": [d.source for d in declared],
        "targets": [d.target for d in declared],
        "functions": [d.function for d in declared],
        "schemas": schemas,
    }
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(RESOLVE, parameters).fetchall()


def _needs(row: dict[str, Any], mapping: SchemaMap) -> list[str]:
    """Graph ids of the managed types and function a resolved cast needs."""
    needed = {object_id(t["kind"], mapping.logical(t["schema"]), t["name"]) for t in row["needed_types"]}
    function = row["needed_function"]
    if function is not None:
        arguments = mapping.text(function["arguments"])
        needed.add(object_id("function", mapping.logical(function["schema"]), function["name"], arguments))
    return sorted(needed)


def _resolved(row: dict[str, Any], key: str, spec: DatabaseSpec, mapping: SchemaMap, locate: Locator) -> Cast:
    """One declared cast from its row of RESOLVE; StateError when a type or its function does not exist."""
    declared, types = spec.casts[key], parse_cast_key(key)
    for text, value in ((types.source, row["source"]), (types.target, row["target"])):
        if value is None:
            raise StateError([locate(("casts", key), f"type {text!r} does not exist (declare it, or create it)")])
    if declared.function is not None and row["function"] is None:
        raise StateError([locate(("casts", key, "function"), f"function {declared.function!r} does not exist")])
    method = "function" if declared.function is not None else "binary" if declared.without_function else "inout"
    return Cast(
        source=mapping.text(row["source"]),
        target=mapping.text(row["target"]),
        method=cast(Any, method),
        function=mapping.optional(row["function"]),
        context=declared.context,
        comment=declared.comment,
    )


def resolve(
    conn: psycopg.Connection[Any], spec: DatabaseSpec, physical: dict[str, str], mapping: SchemaMap, locate: Locator
) -> tuple[dict[str, Cast], dict[str, list[str]]]:
    """The file's casts in the model's terms, and what each needs; run in the trial, after its objects exist.

    StateError, naming each entry, for a type or function that does not exist, or two keys naming one cast.
    """
    if not spec.casts:
        return {}, {}
    declared = _declared(spec, physical)
    rows = trial_lookup.lookup(
        conn, declared, list(physical.values()), _rows, lambda entry: ("casts", entry.key), locate
    )
    found: dict[str, Cast] = {}
    needs: dict[str, list[str]] = {}
    issues: list[StateIssue] = []
    keys: dict[str, str] = {}  # a resolved cast's key -> the first entry naming it
    for row in rows:
        key = declared[row["position"] - 1].key
        try:
            resolved = _resolved(row, key, spec, mapping, locate)
        except StateError as exc:
            issues += exc.issues
            continue
        if resolved.key in keys:
            issues.append(locate(("casts", key), f"names the same cast as {keys[resolved.key]!r}"))
            continue
        keys[resolved.key] = key
        found[resolved.key] = resolved
        needed = _needs(row, mapping)
        if needed:
            needs[cast_id(resolved)] = needed
    if issues:
        raise StateError(issues)
    return dict(sorted(found.items())), needs


def with_resolved(desired: Database, casts: dict[str, Cast], needs: dict[str, list[str]]) -> None:
    """`desired` holding the file's casts and what they need (the trial read the live database's casts)."""
    desired.user_casts = casts
    replace_needs(desired, "cast", needs)


def read_into(db: Database, rows: list[dict[str, Any]], text: Callable[[str], str]) -> None:
    """queries/user_casts.sql into `db.user_casts`; `text` maps throwaway schema names."""
    for r in rows:
        found = Cast(
            source=text(r["source"]),
            target=text(r["target"]),
            method=METHODS[r["method"]],
            function=None if r["function"] is None else text(r["function"]),
            context=CONTEXTS[r["context"]],
            comment=r["comment"],
        )
        db.user_casts[found.key] = found


# --- statements -----------------------------------------------------------------------------------------------


def target(found: Cast) -> str:
    """What DROP and COMMENT ON name: `CAST (integer AS money2)`."""
    return f"CAST ({cast_key(found.source, found.target)})"


def _method(found: Cast) -> str:
    if found.method == "function":
        return f"WITH FUNCTION {found.function}"
    return "WITHOUT FUNCTION" if found.method == "binary" else "WITH INOUT"


def create(found: Cast) -> list[Statement]:
    context = "" if found.context == "explicit" else f" AS {found.context.upper()}"
    sql = f"CREATE {target(found)} {_method(found)}{context}"
    return [ddl.stmt(sql, ddl.Phase.CAST), *ddl.comment_if_any(target(found), found.comment)]


def drop(found: Cast) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(found)}", ddl.Phase.DROP_CAST)]
