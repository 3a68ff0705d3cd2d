"""Aggregates: CREATE AGGREGATE from a state file's declaration and from the catalog model.

An aggregate shares the functions' namespace and graph ids (`function:schema.name(types)`), so pg_depend orders
it after the support functions it names and before the views that call it. It has no ALTER for its definition:
a change drops and re-creates it.

An ordered-set aggregate's arguments read `direct ORDER BY aggregated` (`float8 ORDER BY integer`), as
CREATE, DROP, ALTER and COMMENT ON AGGREGATE take them; GRANT ... ON FUNCTION takes the plain list of all of
them (`float8, integer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from reconciler.changes import Statement
from reconciler.postgres import ddl, fragments
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.identifiers import qualify, quote_literal
from reconciler.postgres.model import Aggregate
from reconciler.postgres.spec.routines import AggregateSpec

_MODIFY = {"read_only": "READ_ONLY", "shareable": "SHAREABLE", "read_write": "READ_WRITE"}


def default_modify(kind: str) -> str:
    """FINALFUNC_MODIFY and MFINALFUNC_MODIFY left out: read_only, read_write for ordered-set aggregates."""
    return "read_only" if kind == "normal" else "read_write"


def _options(spec: AggregateSpec | Aggregate, modify: tuple[str | None, str | None], hypothetical: bool) -> str:
    """The parenthesized options, each only where it says more than PostgreSQL's default."""
    finalfunc_modify, mfinalfunc_modify = modify
    options: list[tuple[str, str | None]] = [
        ("SFUNC", spec.sfunc),
        ("STYPE", spec.stype),
        ("SSPACE", str(spec.sspace) if spec.sspace else None),
        ("FINALFUNC", spec.finalfunc),
        ("FINALFUNC_EXTRA", "" if spec.finalfunc_extra else None),
        ("FINALFUNC_MODIFY", None if finalfunc_modify is None else _MODIFY[finalfunc_modify]),
        ("COMBINEFUNC", spec.combinefunc),
        ("SERIALFUNC", spec.serialfunc),
        ("DESERIALFUNC", spec.deserialfunc),
        ("INITCOND", None if spec.initcond is None else quote_literal(spec.initcond)),
        ("MSFUNC", spec.msfunc),
        ("MINVFUNC", spec.minvfunc),
        ("MSTYPE", spec.mstype),
        ("MSSPACE", str(spec.msspace) if spec.msspace else None),
        ("MFINALFUNC", spec.mfinalfunc),
        ("MFINALFUNC_EXTRA", "" if spec.mfinalfunc_extra else None),
        ("MFINALFUNC_MODIFY", None if mfinalfunc_modify is None else _MODIFY[mfinalfunc_modify]),
        ("MINITCOND", None if spec.minitcond is None else quote_literal(spec.minitcond)),
        ("SORTOP", None if spec.sortop is None else f"OPERATOR({spec.sortop})"),
        ("PARALLEL", spec.parallel.upper() if spec.parallel != "unsafe" else None),
        ("HYPOTHETICAL", "" if hypothetical else None),
    ]
    return ", ".join(key if value == "" else f"{key} = {value}" for key, value in _present(options))


def _present(options: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in options if value is not None]


def aggregate_sql(qualified: str, spec: AggregateSpec) -> str:
    """CREATE AGGREGATE as the state file declares it (materialize)."""
    options = _options(spec, (spec.finalfunc_modify, spec.mfinalfunc_modify), spec.hypothetical)
    return f"CREATE AGGREGATE {qualified}({spec.arguments}) ({options})"


def argument_list(arguments: str) -> str:
    """An aggregate's arguments as CREATE, DROP and COMMENT ON AGGREGATE take them: `*` for none (count(*))."""
    return arguments if arguments.strip() else "*"


def split_order_by(arguments: str) -> tuple[str, str] | None:
    """An ordered-set aggregate's (direct, aggregated) arguments; None for a plain argument list.

    The list was checked (fragments.check_arguments): its tokens find the ORDER BY outside brackets and
    quotes, so a quoted argument name holding the words does not split it.
    """
    try:
        found = fragments.tokens(arguments)
    except FragmentError:
        return None
    depth = 0
    for token, following in pairwise(found):
        if token.kind in "([":
            depth += 1
        elif token.kind in ")]":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.lower() == "order" and following.text.lower() == "by":
            return arguments[: token.start].strip(), arguments[following.start + len(following.text) :].strip()
    return None


def grant_arguments(arguments: str) -> str:
    """The argument list GRANT ... ON FUNCTION takes for an aggregate's (or function's) arguments.

    `*` is `()`; `float8 ORDER BY integer` is `float8, integer`; `VARIADIC "any" ORDER BY VARIADIC "any"` (a
    hypothetical-set aggregate's variadic direct and aggregated arguments are one) is `VARIADIC "any"`.
    """
    if arguments.strip() == "*":
        return ""
    split = split_order_by(arguments)
    if split is None:
        return arguments
    direct, aggregated = split
    if not direct:
        return aggregated
    if aggregated.lower().startswith("variadic"):
        return direct
    return f"{direct}, {aggregated}"


def target(aggregate: Aggregate) -> str:
    qualified = qualify(aggregate.schema_name, aggregate.name)
    return f"AGGREGATE {qualified}({argument_list(aggregate.identity_arguments)})"


def create_aggregate(aggregate: Aggregate) -> list[Statement]:
    qualified = qualify(aggregate.schema_name, aggregate.name)
    default = default_modify(aggregate.kind)
    modify = (_unless(aggregate.finalfunc_modify, default), _unless(aggregate.mfinalfunc_modify, default))
    options = _options(aggregate, modify, aggregate.kind == "hypothetical")
    sql = f"CREATE AGGREGATE {qualified}({argument_list(aggregate.arguments)}) ({options})"
    return [ddl.stmt(sql, ddl.Phase.FUNCTION), *ddl.comment_if_any(target(aggregate), aggregate.comment)]


def _unless(value: str, default: str) -> str | None:
    return None if value == default else value


def drop_aggregate(aggregate: Aggregate) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(aggregate)}", ddl.Phase.DROP_FUNCTION)]
