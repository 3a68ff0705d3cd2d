"""Aggregates: CREATE AGGREGATE from a state file's declaration and from the catalog model.

An aggregate shares the functions' namespace and graph ids (`function:schema.name(types)`), so pg_depend orders
it after the support functions it names and before the views that call it. It has no ALTER for its definition:
a change drops and re-creates it.
"""

from __future__ import annotations

from collections.abc import Iterable

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import qualify, quote_literal
from reconciler.postgres.model import Aggregate
from reconciler.postgres.spec.routines import AggregateSpec

_MODIFY = {"read_only": "READ_ONLY", "shareable": "SHAREABLE", "read_write": "READ_WRITE"}


def _options(spec: AggregateSpec | Aggregate) -> str:
    """The parenthesized options, each only where it says more than PostgreSQL's default."""
    options: list[tuple[str, str | None]] = [
        ("SFUNC", spec.sfunc),
        ("STYPE", spec.stype),
        ("SSPACE", str(spec.sspace) if spec.sspace else None),
        ("FINALFUNC", spec.finalfunc),
        ("FINALFUNC_EXTRA", "" if spec.finalfunc_extra else None),
        ("FINALFUNC_MODIFY", _MODIFY[spec.finalfunc_modify] if spec.finalfunc_modify != "read_only" else None),
        ("COMBINEFUNC", spec.combinefunc),
        ("SERIALFUNC", spec.serialfunc),
        ("DESERIALFUNC", spec.deserialfunc),
        ("INITCOND", None if spec.initcond is None else quote_literal(spec.initcond)),
        ("SORTOP", None if spec.sortop is None else f"OPERATOR({spec.sortop})"),
        ("PARALLEL", spec.parallel.upper() if spec.parallel != "unsafe" else None),
    ]
    return ", ".join(key if value == "" else f"{key} = {value}" for key, value in _present(options))


def _present(options: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in options if value is not None]


def aggregate_sql(qualified: str, spec: AggregateSpec) -> str:
    """CREATE AGGREGATE as the state file declares it (materialize)."""
    return f"CREATE AGGREGATE {qualified}({spec.arguments}) ({_options(spec)})"


def argument_list(arguments: str) -> str:
    """An aggregate's arguments as CREATE, DROP and COMMENT ON AGGREGATE take them: `*` for none (count(*))."""
    return arguments if arguments.strip() else "*"


def target(aggregate: Aggregate) -> str:
    qualified = qualify(aggregate.schema_name, aggregate.name)
    return f"AGGREGATE {qualified}({argument_list(aggregate.identity_arguments)})"


def create_aggregate(aggregate: Aggregate) -> list[Statement]:
    qualified = qualify(aggregate.schema_name, aggregate.name)
    sql = f"CREATE AGGREGATE {qualified}({argument_list(aggregate.arguments)}) ({_options(aggregate)})"
    return [ddl.stmt(sql, ddl.Phase.FUNCTION), *ddl.comment_if_any(target(aggregate), aggregate.comment)]


def drop_aggregate(aggregate: Aggregate) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(aggregate)}", ddl.Phase.DROP_FUNCTION)]
