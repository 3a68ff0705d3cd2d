"""Statements for functions and procedures, and the SET values of their settings.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

import re

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, stmt
from reconciler.postgres.identifiers import dollar_quote, qualify, quote_ident, quote_literal
from reconciler.postgres.model import Function

# Parameters whose SET value is a list of names: PostgreSQL stores each element as a quoted identifier.
LIST_OF_NAMES_SETTINGS = frozenset(
    {"search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries"}
)


_STORED_LIST_ELEMENT = re.compile(r'"(?:[^"]|"")*"|[^,\s]+')


_PLAIN_ELEMENT = re.compile(r"^[a-z_][a-z0-9_$]*$")


_QUOTED_ELEMENT = re.compile(r'^"(?:[^"]|"")+"$')


def setting_value_sql(name: str, stored: str) -> str:
    """A value as pg_proc.proconfig stores it, written so that `SET name = <this>` stores it again.

    A list of names (search_path) is stored with each element quoted as an identifier where needed,
    which reads back as itself (`""`, the empty name, only as the string ''). Any other value is stored
    bare (`64MB`) and reads back from a string literal.
    """
    if name.lower() not in LIST_OF_NAMES_SETTINGS:
        return quote_literal(stored)
    elements = []
    for element in _STORED_LIST_ELEMENT.findall(stored):
        if _PLAIN_ELEMENT.match(element) or _QUOTED_ELEMENT.match(element):
            elements.append(element)
        else:
            elements.append("''" if element == '""' else quote_literal(element))
    return ", ".join(elements) or "''"


def number_sql(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _setting_name(name: str) -> str:
    return ".".join(quote_ident(part) for part in name.split("."))


def function_options(fn: Function) -> str:
    """PARALLEL, LEAKPROOF, COST, ROWS, SUPPORT and SET clauses, all spelled out: CREATE OR REPLACE resets what it
    omits."""
    sql = f" PARALLEL {fn.parallel.upper()}" + (" LEAKPROOF" if fn.leakproof else "") + f" COST {number_sql(fn.cost)}"
    if fn.returns_set:
        sql += f" ROWS {number_sql(fn.rows)}"
    if fn.support is not None:
        sql += f" SUPPORT {fn.support}"
    for name, value in fn.settings.items():
        sql += f"\n SET {_setting_name(name)} = {setting_value_sql(name, value)}"
    return sql


def create_procedure(fn: Function, *, replace: bool = True) -> list[Statement]:
    """CREATE PROCEDURE: a procedure has no result, volatility, strictness, parallel safety, cost or rows."""
    head = "CREATE OR REPLACE PROCEDURE" if replace else "CREATE PROCEDURE"
    sql = f"{head} {qualify(fn.schema_name, fn.name)}({fn.arguments})\n LANGUAGE {fn.language}"
    sql += " SECURITY DEFINER" if fn.security_definer else ""
    for name, value in fn.settings.items():
        sql += f"\n SET {_setting_name(name)} = {setting_value_sql(name, value)}"
    sql += routine_body(fn)
    return [stmt(sql, Phase.FUNCTION), *comment_if_any(function_target(fn), fn.comment)]


def create_function(fn: Function, *, replace: bool = True) -> list[Statement]:
    if fn.kind == "procedure":
        return create_procedure(fn, replace=replace)
    head = "CREATE OR REPLACE FUNCTION" if replace else "CREATE FUNCTION"
    sql = (
        f"{head} {qualify(fn.schema_name, fn.name)}({fn.arguments})\n RETURNS {fn.returns}\n"
        f" LANGUAGE {fn.language} {fn.volatility.upper()}"
        + (" STRICT" if fn.strict else "")
        + (" WINDOW" if fn.window else "")
        + (" SECURITY DEFINER" if fn.security_definer else "")
        + function_options(fn)
        + routine_body(fn)
    )
    return [stmt(sql, Phase.FUNCTION), *comment_if_any(function_target(fn), fn.comment)]


def routine_body(fn: Function) -> str:
    """The body clause, last in the statement: `AS $$...$$`, or a SQL-standard body as PostgreSQL deparsed it."""
    return f"\n{fn.source or fn.body}" if fn.sql_body else f"\nAS {dollar_quote(fn.body)}"


def function_target(fn: Function) -> str:
    """How COMMENT ON, ALTER and DROP name a function: `FUNCTION schema.name(argument types)` (or PROCEDURE)."""
    return f"{fn.kind.upper()} {qualify(fn.schema_name, fn.name)}({fn.identity_arguments})"


def alter_function(fn: Function, before: Function) -> list[Statement]:
    """ALTER FUNCTION for what differs among the options that change in place (not body, language, signature)."""
    actions: list[str] = []
    if fn.volatility != before.volatility:
        actions.append(fn.volatility.upper())
    if fn.strict != before.strict:
        actions.append("STRICT" if fn.strict else "CALLED ON NULL INPUT")
    if fn.security_definer != before.security_definer:
        actions.append("SECURITY DEFINER" if fn.security_definer else "SECURITY INVOKER")
    if fn.parallel != before.parallel:
        actions.append(f"PARALLEL {fn.parallel.upper()}")
    if fn.leakproof != before.leakproof:
        actions.append("LEAKPROOF" if fn.leakproof else "NOT LEAKPROOF")
    if fn.cost != before.cost:
        actions.append(f"COST {number_sql(fn.cost)}")
    if fn.rows != before.rows and fn.returns_set:
        actions.append(f"ROWS {number_sql(fn.rows)}")
    if fn.support != before.support and fn.support is not None:  # none again: CREATE OR REPLACE (update_function)
        actions.append(f"SUPPORT {fn.support}")
    actions += setting_actions(fn.settings, before.settings)
    if not actions:
        return []
    sql = f"ALTER {function_target(fn)}\n " + "\n ".join(actions)
    return [stmt(sql, Phase.FUNCTION)]


def setting_actions(want: dict[str, str], have: dict[str, str]) -> list[str]:
    """RESET and SET actions of ALTER FUNCTION that leave proconfig as `want` orders it (pg_dump prints it so).

    SET replaces a parameter's value where it stands and appends a new one; RESET takes one out. Where
    that would leave the kept parameters in another order than the file's, RESET ALL and SET each again.
    """
    kept = [name for name in have if name in want]
    # Where the kept ones lead the file's list in their stored order, SET in place leaves it as the file orders it.
    in_place = list(want)[: len(kept)] == kept
    resets = [f"RESET {_setting_name(name)}" for name in have if name not in want] if in_place else ["RESET ALL"]
    return resets + [
        f"SET {_setting_name(name)} = {setting_value_sql(name, value)}"
        for name, value in want.items()
        if not in_place or have.get(name) != value
    ]


def drop_function(fn: Function, *, to_replace: bool = False) -> list[Statement]:
    phase = Phase.DROP_FUNCTION_TO_REPLACE if to_replace else Phase.DROP_FUNCTION
    return [stmt(f"DROP {function_target(fn)}", phase)]
