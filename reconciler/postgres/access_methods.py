"""Table access methods (CREATE ACCESS METHOD ... TYPE TABLE) and the access method of each table and
materialized view: from a state file and from the catalogs, and their DDL.

An access method is database-wide, and only a superuser may create one. So the plan never creates one to
normalize it, as it never creates casts or event triggers (user_casts.py, event_triggers.py): once the
normalizer has created the file's functions in its throwaway schemas (normalize.py), `resolve` reads each
declared handler with to_regprocedure (`name(internal)`) in that same rolled-back transaction and under the same
search_path; it must return table_am_handler. A handler the file declares (`public.my_am`) is first moved to its
throwaway schema (schema_references.to_physical), and the function found is named by its schema and name,
mapped back to the logical schemas. Nothing runs: to_regprocedure parses a name and looks it up. Every
statement the plan writes holds the server's spelling of the handler and quote_ident's of the names.

Nor does the trial create its tables and materialized views USING the declared access method (it may not exist
yet): they are made with heap (normalize.py pins default_table_access_method), and `with_resolved` then sets
the declared one (heap where the file says nothing) on the desired side, after `check_relations` made sure
each names a table access method that is built in, an extension's, or declared. The live side reads
pg_class.relam (queries/tables.sql, queries/materialized_views.sql); a partitioned or foreign table has none
(relam 0) and the model says heap.

Each table and materialized view using a user's access method needs it, and the method needs its handler
(graph ids `access_method:<name>`, added here on both sides): CREATE ACCESS METHOD runs after its handler's
CREATE FUNCTION and before the CREATE TABLE or ALTER ... SET ACCESS METHOD that uses it, DROP ACCESS METHOD after
every relation moved away from it or was dropped, and before its handler is dropped. PostgreSQL has no ALTER
ACCESS METHOD: a new handler drops the method and creates it again, which DROP refuses while a relation uses it,
so the plan refuses that change while the live or the desired database has a relation using the method
(differ/access_methods.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import psycopg

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl, trial_lookup
from reconciler.postgres.dependencies import matview_id, object_id, replace_needs, table_id
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import AccessMethod, Database, MaterializedView, Table
from reconciler.postgres.spec.access_methods import DEFAULT
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.trial_lookup import Locator

if TYPE_CHECKING:
    from reconciler.postgres.inspector import SchemaMap


# The access methods that exist, by name: their type ('t' table, 'i' index) and whether a user made them (not
# built in, no extension's): those the file must declare to keep.
EXISTING = """
SELECT a.amname, a.amtype,
       a.oid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_am'::regclass
                                      AND d.objid = a.oid AND d.deptype = 'e') AS users
FROM pg_am a
"""


def method_id(name: str) -> str:
    return object_id("access_method", "", name)


def _resolved(row: dict[str, Any], name: str, spec: DatabaseSpec, mapping: SchemaMap, locate: Locator) -> AccessMethod:
    """One declared access method from its row of trial_lookup.function_rows; StateError when its handler does not
    exist or cannot handle tables."""
    declared = spec.access_methods[name]
    path = ("access_methods", name, "handler")
    if row["function"] is None:
        raise StateError(
            [locate(path, f"function {declared.handler}(internal) does not exist (declare it, or create it)")]
        )
    if not row["returns_expected"]:
        raise StateError([locate(path, f"function {declared.handler}(internal) does not return table_am_handler")])
    return AccessMethod(name=name, handler=mapping.text(row["function"]), comment=declared.comment)


def _existing(conn: psycopg.Connection[Any]) -> dict[str, tuple[str, bool]]:
    """Name -> (amtype, made by a user) of every access method of the database."""
    return {name: (kind, users) for name, kind, users in conn.execute(EXISTING).fetchall()}


def resolve(
    conn: psycopg.Connection[Any], spec: DatabaseSpec, physical: dict[str, str], mapping: SchemaMap, locate: Locator
) -> tuple[dict[str, AccessMethod], dict[str, list[str]]]:
    """The file's access methods in the model's terms, and what each needs; run in the trial, after its objects
    exist. StateError, naming each entry, for a handler that does not exist or does not return table_am_handler,
    and for a name an index access method or an extension's access method holds.
    """
    check_relations(conn, spec, locate)
    if not spec.access_methods:
        return {}, {}
    existing = _existing(conn)
    issues: list[StateIssue] = []
    for name in spec.access_methods:
        kind, users = existing.get(name, ("t", True))
        if kind != "t" or not users:
            held = "an index access method" if kind != "t" else "an extension's access method"
            issues.append(locate(("access_methods", name), f"{name!r} is {held}: it cannot be declared here"))
    if issues:
        raise StateError(issues)
    handlers = {name: f"{declared.handler}(internal)" for name, declared in spec.access_methods.items()}
    rows = trial_lookup.function_rows(
        conn, spec, ("access_methods", "handler"), handlers, physical, "table_am_handler", locate
    )
    found: dict[str, AccessMethod] = {}
    needs: dict[str, list[str]] = {}
    for name, row in rows:
        try:
            found[name] = _resolved(row, name, spec, mapping, locate)
        except StateError as exc:
            issues += exc.issues
            continue
        function = row["needed_function"]
        if function is not None:
            handler = object_id("function", mapping.logical(function["schema"]), function["name"], "internal")
            needs[method_id(name)] = [handler]
    if issues:
        raise StateError(issues)
    return dict(sorted(found.items())), needs


def _declared_relations(spec: DatabaseSpec) -> list[tuple[tuple[str | int, ...], str, str | None]]:
    """(path, `schema.name` key, declared access method) of every table and materialized view that can have one."""
    found: list[tuple[tuple[str | int, ...], str, str | None]] = []
    for schema, declared in spec.schemas.items():
        for name, table in declared.tables.items():
            if table.partition_by is None and table.foreign is None:
                found.append((("schemas", schema, "tables", name), f"{schema}.{name}", table.access_method))
        for name, matview in declared.materialized_views.items():
            path = ("schemas", schema, "materialized_views", name)
            found.append((path, f"{schema}.{name}", matview.access_method))
    return found


def check_relations(conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator) -> None:
    """StateError, naming each, for a table or materialized view whose access method is neither a table access
    method that is built in or an extension's, nor one the file declares."""
    named = [(path, method) for path, _, method in _declared_relations(spec) if method is not None]
    if not named:
        return
    existing = _existing(conn)
    issues = []
    for path, method in named:
        if method in spec.access_methods:
            continue
        kind, users = existing.get(method, ("", False))
        if kind == "t" and not users:
            continue
        if kind == "i":
            problem = "is an index access method, not a table access method"
        elif kind == "t":
            problem = "is not declared under access_methods (a user's access method the plan would drop)"
        else:
            problem = "does not exist (declare it under access_methods)"
        issues.append(locate((*path, "access_method"), f"access method {method!r} {problem}"))
    if issues:
        raise StateError(issues)


def with_resolved(
    desired: Database, spec: DatabaseSpec, methods: dict[str, AccessMethod], needs: dict[str, list[str]]
) -> None:
    """`desired` holding the file's access methods, what they need, and each relation's declared access method
    (the trial made every relation with heap, and read the live database's access methods)."""
    desired.access_methods = methods
    replace_needs(desired, "access_method", needs)
    relations: dict[str, Table | MaterializedView] = {**desired.tables, **desired.materialized_views}
    for _, key, method in _declared_relations(spec):
        if key in relations:
            relations[key].access_method = method or DEFAULT
    _relation_needs(desired)


def _relation_needs(db: Database) -> None:
    """Each table and materialized view needs the user's access method it uses."""
    relations: list[tuple[str, str]] = [(table_id(t), t.access_method) for t in db.tables.values()]
    relations += [(matview_id(m), m.access_method) for m in db.materialized_views.values()]
    for relation, method in relations:
        needed = method_id(method)
        if method in db.access_methods and needed not in db.dependencies.get(relation, []):
            db.dependencies[relation] = sorted([*db.dependencies.get(relation, []), needed])


def read_into(
    db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """queries/access_methods.sql into `db.access_methods`, with what needs what; `logical` and `text` map
    throwaway schema names."""
    for r in rows:
        db.access_methods[r["name"]] = AccessMethod(name=r["name"], handler=text(r["handler"]), comment=r["comment"])
        function = object_id("function", logical(r["handler_schema"]), r["handler_name"], r["handler_arguments"])
        db.dependencies[method_id(r["name"])] = [function]
    _relation_needs(db)


# --- statements -----------------------------------------------------------------------------------------------


def target(found: AccessMethod) -> str:
    """What DROP and COMMENT ON name: `ACCESS METHOD columnar`."""
    return f"ACCESS METHOD {quote_ident(found.name)}"


def create(found: AccessMethod) -> list[Statement]:
    sql = f"CREATE {target(found)} TYPE TABLE HANDLER {found.handler}"
    return [ddl.stmt(sql, ddl.Phase.ACCESS_METHOD), *ddl.comment_if_any(target(found), found.comment)]


def drop(found: AccessMethod) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(found)}", ddl.Phase.DROP_ACCESS_METHOD)]


def using(method: str) -> str:
    """The USING clause of CREATE TABLE and CREATE MATERIALIZED VIEW: always written, so the session's
    default_table_access_method never decides."""
    return f" USING {quote_ident(method)}"


def set_access_method(relation: Table | MaterializedView) -> Statement:
    """ALTER TABLE / MATERIALIZED VIEW ... SET ACCESS METHOD: rewrites it under ACCESS EXCLUSIVE (a materialized
    view's size is not read: the lock report says unknown, which --max-lock counts as big)."""
    word = "TABLE" if isinstance(relation, Table) else "MATERIALIZED VIEW"
    sql = f"ALTER {word} {ddl.table_name(relation)} SET ACCESS METHOD {quote_ident(relation.access_method)}"
    return ddl.stmt(sql, ddl.Phase.ALTER_COLUMN, ddl.lock_on(Kind.SET_ACCESS_METHOD, relation))
