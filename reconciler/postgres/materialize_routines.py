"""A state file's functions and procedures rendered as CREATE statements, with where each clause starts.

Pure rendering for materialize.py, which creates them in throwaway schemas.
"""

from __future__ import annotations

from reconciler.postgres.identifiers import dollar_quote
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath
from reconciler.postgres.spec.routines import FunctionSpec, ProcedureSpec, RoutineSpec


def setting_sql(value: str | int | float | bool) -> str:
    """A `set:` value after `SET name =`: strings are SQL as written (validate checked them), the rest literals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def function_statement(qualified: str, fn: FunctionSpec, path: SourcePath) -> SourcedStatement:
    """CREATE FUNCTION with every option the state file declares, and where each clause starts (for errors)."""
    sql = f"CREATE FUNCTION {qualified}({fn.arguments}) RETURNS {fn.returns} LANGUAGE {fn.language}"
    sql += f" {fn.volatility.upper()}" + (" STRICT" if fn.strict else "") + (" WINDOW" if fn.window else "")
    sql += (" SECURITY DEFINER" if fn.security_definer else "") + f" PARALLEL {fn.parallel.upper()}"
    parts: list[tuple[int, SourcePath]] = []
    if fn.leakproof:
        parts.append((len(sql), (*path, "leakproof")))
        sql += " LEAKPROOF"
    for key, number in (("cost", fn.cost), ("rows", fn.rows)):
        if number is not None:
            parts.append((len(sql), (*path, key)))
            sql += f" {key.upper()} {number}"
    if fn.support is not None:
        parts.append((len(sql), (*path, "support")))
        sql += f" SUPPORT {fn.support}"  # a (qualified) name, as FunctionName's pattern checked
    for name, value in fn.settings.items():
        parts.append((len(sql), (*path, "set", name)))
        sql += f" SET {name} = {setting_sql(value)}"
    return _with_body(sql, fn, path, parts)


def procedure_statement(qualified: str, proc: ProcedureSpec, path: SourcePath) -> SourcedStatement:
    """CREATE PROCEDURE with its SECURITY DEFINER and SET clauses (procedures have no other options)."""
    sql = f"CREATE PROCEDURE {qualified}({proc.arguments}) LANGUAGE {proc.language}"
    sql += " SECURITY DEFINER" if proc.security_definer else ""
    parts: list[tuple[int, SourcePath]] = []
    for name, value in proc.settings.items():
        parts.append((len(sql), (*path, "set", name)))
        sql += f" SET {name} = {setting_sql(value)}"
    return _with_body(sql, proc, path, parts)


def _with_body(
    sql: str, routine: RoutineSpec, path: SourcePath, parts: list[tuple[int, SourcePath]]
) -> SourcedStatement:
    """The routine's body as the statement's last clause: a string body dollar-quoted, a SQL-standard body as
    written (validate checked it is RETURN and one expression, or one BEGIN ATOMIC block), on a line of its own."""
    if routine.sql_body is None:
        parts.append((len(sql), path))
        return SourcedStatement(sql + f" AS {dollar_quote(routine.body or '')}", path, tuple(parts))
    parts.append((len(sql), (*path, "sql_body")))
    return SourcedStatement(sql + "\n" + routine.sql_body.strip(), path, tuple(parts))
