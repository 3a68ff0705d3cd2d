"""SQL clauses for constraint forms, table options and trigger options, shared by materialize, ddl and export.

Kept apart from materialize.py so the exporter can render a declaration back with the very code that will
create it, and compare the result with the catalog's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from reconciler.postgres.fragments_tables import exclusion_element
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.spec.common import StorageValue
from reconciler.postgres.spec.constraints import ExclusionSpec

REPLICA_IDENTITIES = ("default", "full", "nothing")


def storage_value_sql(value: StorageValue) -> str:
    """A storage parameter's value as pg_get_indexdef prints it: bare where it is a plain name, else a literal.

    PostgreSQL stores the text it is given either way, so this spelling only matters to the exporter, which
    compares a rendered index with the catalog's text.
    """
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return text if quote_ident(text) == text else quote_literal(text)


def storage_parameters_sql(options: dict[str, StorageValue]) -> str:
    """`fillfactor='70', toast.autovacuum_enabled='false'` (names are checked plain words by the spec)."""
    return ", ".join(f"{name.lower()}={storage_value_sql(value)}" for name, value in options.items())


def options_to_set(want: Mapping[str, str], have: Mapping[str, str]) -> dict[str, str]:
    """What ALTER ... SET (...) names: every declared option, in the file's order, once any is new or changed
    or the ones kept are stored in another order.

    SET moves the options it names to the end of the stored list, in its order, and RESET takes out the
    others, so the list ends as the file orders it (pg_dump prints it in that order). Nothing when all match.
    """
    changed = any(have.get(key) != value for key, value in want.items())
    reordered = [key for key in have if key in want] != [key for key in want if key in have]
    return dict(want) if changed or reordered else {}


def with_clause(options: dict[str, StorageValue]) -> str:
    """` WITH (...)`, or nothing when there are no options."""
    return f" WITH ({storage_parameters_sql(options)})" if options else ""


def deferral_sql(deferrable: bool, initially_deferred: bool) -> str:
    """` DEFERRABLE [INITIALLY DEFERRED]` as constraints and constraint triggers take it."""
    if not deferrable:
        return ""
    return " DEFERRABLE" + (" INITIALLY DEFERRED" if initially_deferred else "")


def exclusion_element_sql(text: str) -> str:
    """`room WITH =`: a plain column quoted, an expression and the operator as written."""
    element = exclusion_element(text)
    key = element.key
    head = quote_ident(key.column) if key.column is not None else str(key.expression)
    return f"{head} {key.options}".rstrip() + f" WITH {element.operator}"


def exclusion_clause(spec: ExclusionSpec) -> str:
    """`EXCLUDE USING gist (room WITH =, during WITH &&) ... WHERE (...)` after ADD [CONSTRAINT name]."""
    sql = f"EXCLUDE USING {spec.using} ({', '.join(exclusion_element_sql(e) for e in spec.elements)})"
    if spec.include:
        sql += f" INCLUDE ({', '.join(quote_ident(c) for c in spec.include)})"
    sql += with_clause(spec.with_)
    if spec.where:
        sql += f" WHERE ({spec.where})"
    return sql + deferral_sql(spec.deferrable, spec.initially_deferred)


def replica_identity_sql(value: str) -> str:
    """What follows `ALTER TABLE t REPLICA IDENTITY`: DEFAULT, FULL, NOTHING or USING INDEX name."""
    if value in REPLICA_IDENTITIES:
        return value.upper()
    return f"USING INDEX {quote_ident(value.removeprefix('index '))}"
