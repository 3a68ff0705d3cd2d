"""LANGUAGE internal functions: accepted only as exact aliases of built-in ones, checked before the trial runs.

A LANGUAGE internal function binds, by its C name (its body), a function compiled into the server. Called with
arguments its C code does not expect (another type, a NULL it does not check for, a window frame it does not
read), it can crash the server, so a pull request must not be able to declare just any. reconcile accepts one
only when a built-in function of pg_catalog binds the same C name with the same argument types (OUT and
VARIADIC ones included), result type, set-returning flag and kind (plain or window), and is STRICT only where
the alias is too (a window function reads its arguments, NULLs included, through its window object, so there
strictness does not matter): such an alias is called exactly as the built-in is (`my_lag(anyelement) ... WINDOW AS
'window_lag'`, the way to make a window function without a C compiler).

The check creates each declared one in pg_temp inside a savepoint, compares its catalog row with the built-ins,
and rolls the savepoint back, before the trial creates anything that could call it (a materialized view's
query runs as it is created). LANGUAGE c stays refused: declare C functions through an extension.
"""

from __future__ import annotations

from typing import Any

import psycopg

from reconciler.errors import StateError, StateIssue
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.overloads import function_variants
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.routines import FunctionSpec
from reconciler.postgres.trial_lookup import Locator

_ALIASES_A_BUILT_IN = """
SELECT EXISTS (
    SELECT 1 FROM pg_proc f JOIN pg_proc b ON b.prosrc = f.prosrc AND b.prolang = f.prolang
    WHERE f.pronamespace = pg_my_temp_schema() AND f.proname = %s
      AND b.pronamespace = 'pg_catalog'::regnamespace
      AND b.proargtypes = f.proargtypes AND b.proallargtypes IS NOT DISTINCT FROM f.proallargtypes
      AND b.provariadic = f.provariadic AND b.prorettype = f.prorettype AND b.proretset = f.proretset
      -- a window function reads its arguments through its window object, NULLs included: strictness is moot
      AND b.prokind = f.prokind AND (f.proisstrict OR NOT b.proisstrict OR f.prokind = 'w')
)
"""


def check_aliases(conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator) -> None:
    """StateError for each declared LANGUAGE internal function that is not an exact alias of a built-in one."""
    issues: list[StateIssue] = []
    for logical, schema in spec.schemas.items():
        for name, tail, fn in function_variants(schema):
            if fn.language.lower() == "internal" and fn.sql_body is None:
                problem = _problem(conn, name, fn)
                if problem is not None:
                    issues.append(locate(("schemas", logical, *tail, "language"), problem))
    if issues:
        raise StateError(issues)


def _problem(conn: psycopg.Connection[Any], name: str, fn: FunctionSpec) -> str | None:
    sql = (
        f"CREATE FUNCTION pg_temp.{quote_ident(name)}({fn.arguments}) RETURNS {fn.returns} LANGUAGE internal"
        + (" STRICT" if fn.strict else "")
        + (" WINDOW" if fn.window else "")
        + f" AS {quote_literal(fn.body or '')}"
    )
    refusal = (
        f"LANGUAGE internal binds the server's C function {fn.body!r}; reconcile accepts it only as an exact alias "
        "of a built-in function binding it (same argument and result types, set-returning, window or not, and "
        "STRICT where the built-in is)"
    )
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(sql.encode())
            row = conn.execute(_ALIASES_A_BUILT_IN, (name,)).fetchone()
    except psycopg.Error as exc:
        return f"{refusal}: PostgreSQL rejects it: {(exc.diag.message_primary or str(exc)).strip()}"
    return None if row is not None and row[0] else f"{refusal}, and no built-in one matches this declaration"
