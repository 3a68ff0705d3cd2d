"""A catalog inventory in the reference format, read with plain SQL.

Deliberately independent of reconciler.postgres.inspector: the acceptance test
must not grade the inspector with itself. The format is the one of the AI4I
reference inventories: per table columns (type, default, not_null),
constraints (kind, definition), indexes (pg_indexes.indexdef) and triggers
(pg_get_triggerdef); plus enums, extensions, functions, sequences and views.
Extension-owned objects are left out.
"""

from __future__ import annotations

from typing import Any

import psycopg

NOT_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"


def inventory(url: str, dbname: str, schema: str = "public") -> dict[str, Any]:
    with psycopg.connect(url + dbname, autocommit=True) as conn:
        conn.execute(f"SET search_path = {schema}")

        def rows(query: str) -> list[tuple[Any, ...]]:
            return conn.execute(query.encode(), (schema,)).fetchall()

        tables: dict[str, Any] = {}
        for (name,) in rows(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind = 'r' AND n.nspname = %s AND {NOT_EXTENSION.format(oid='c.oid')}"
        ):
            tables[name] = {"columns": {}, "constraints": {}, "indexes": {}, "triggers": {}}
        for table, column, typ, default, not_null in rows(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid),"
            " a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " WHERE c.relkind = 'r' AND n.nspname = %s AND a.attnum > 0 AND NOT a.attisdropped"
        ):
            if table in tables:
                tables[table]["columns"][column] = {"default": default, "not_null": not_null, "type": typ}
        for table, name, kind, definition in rows(
            "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k"
            " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s"
        ):
            if table in tables:
                tables[table]["constraints"][name] = {"definition": definition, "kind": kind}
        for table, name, definition in rows(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s"
        ):
            if table in tables:
                tables[table]["indexes"][name] = definition
        for table, name, definition in rows(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT t.tgisinternal AND n.nspname = %s"
        ):
            if table in tables:
                tables[table]["triggers"][name] = definition
        enums: dict[str, list[str]] = {}
        for name, label in rows(
            "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
            " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = %s ORDER BY t.typname, e.enumsortorder"
        ):
            enums.setdefault(name, []).append(label)
        functions = {
            f"{name}({args})": {"language": lang, "returns": returns}
            for name, args, lang, returns in rows(
                "SELECT p.proname, pg_get_function_identity_arguments(p.oid), l.lanname, pg_get_function_result(p.oid)"
                " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                f" WHERE n.nspname = %s AND {NOT_EXTENSION.format(oid='p.oid')}"
            )
        }
        sequences = sorted(
            name
            for (name,) in rows(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'S' AND n.nspname = %s"
            )
        )
        views = {
            name: definition
            for name, definition in rows("SELECT viewname, definition FROM pg_views WHERE schemaname = %s")
        }
        extensions = sorted(
            name for (name,) in conn.execute("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'").fetchall()
        )
    return {
        "enums": enums,
        "extensions": extensions,
        "functions": functions,
        "sequences": sequences,
        "tables": tables,
        "views": views,
    }
