"""Functions that share a name in one schema (overloads), as state files declare them.

A schema's `functions` maps a name to one declaration, or to a list of them
when PostgreSQL holds several functions of that name told apart by their
argument types (`add(integer, integer)` and `add(text, text)`). Every place
that walks the declared functions goes through `function_variants`, and names
a function the way COMMENT and GRANT need it: by name alone when it is the only
one, by name and argument types when it is an overload. A schema's `aggregates`
hold lists the same way (`aggregate_variants`); an aggregate is always named
with its arguments. A schema's `procedures` hold lists the same way too
(`procedure_variants`, `procedure_target`).
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres import fragments
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.identifiers import qualify
from reconciler.postgres.spec.database import SchemaSpec
from reconciler.postgres.spec.routines import AggregateSpec, FunctionSpec, ProcedureSpec

PathTail = tuple[str | int, ...]


def function_variants(schema: SchemaSpec) -> Iterator[tuple[str, PathTail, FunctionSpec]]:
    """Each declared function: its name, where it sits below the schema, and its declaration."""
    for name, declared in schema.functions.items():
        if isinstance(declared, list):
            for i, variant in enumerate(declared):
                yield name, ("functions", name, i), variant
        else:
            yield name, ("functions", name), declared


def procedure_variants(schema: SchemaSpec) -> Iterator[tuple[str, PathTail, ProcedureSpec]]:
    """Each declared procedure: its name, where it sits below the schema, and its declaration."""
    for name, declared in schema.procedures.items():
        if isinstance(declared, list):
            for i, variant in enumerate(declared):
                yield name, ("procedures", name, i), variant
        else:
            yield name, ("procedures", name), declared


def aggregate_variants(schema: SchemaSpec) -> Iterator[tuple[str, PathTail, AggregateSpec]]:
    """Each declared aggregate: its name, where it sits below the schema, and its declaration."""
    for name, declared in schema.aggregates.items():
        if isinstance(declared, list):
            for i, variant in enumerate(declared):
                yield name, ("aggregates", name, i), variant
        else:
            yield name, ("aggregates", name), declared


def first_function(schema: SchemaSpec, name: str) -> FunctionSpec | None:
    """The declaration of `name` (the first, for overloads): what a trigger's function is checked against."""
    declared = schema.functions.get(name)
    if isinstance(declared, list):
        return declared[0] if declared else None
    return declared


def is_overload(schema: SchemaSpec, name: str) -> bool:
    return isinstance(schema.functions.get(name), list)


def argument_types(arguments: str) -> str:
    """An argument list without its DEFAULT clauses, as `FUNCTION name(...)` in COMMENT and GRANT takes it.

    `a integer, b text DEFAULT ''` -> `a integer, b text`. The list was checked (fragments.check_arguments),
    so cutting it by its tokens cannot join or split what it names.
    """
    try:
        found = fragments.tokens(arguments)
    except FragmentError:
        return arguments
    kept: list[str] = []
    start, depth, cut = 0, 0, None
    for token in [*found, None]:
        if token is None or (token.kind == "," and depth == 0):
            end = token.start if token is not None else len(arguments)
            kept.append(arguments[start : cut if cut is not None else end].strip())
            if token is not None:
                start, cut = token.start + 1, None
        elif token.kind in "([":
            depth += 1
        elif token.kind in ")]":
            depth -= 1
        elif depth == 0 and cut is None and (token.text.lower() == "default" or token.text == "="):
            cut = token.start
    return ", ".join(part for part in kept if part)


def function_target(schema: SchemaSpec, physical: str, name: str, fn: FunctionSpec) -> str:
    """`FUNCTION s.name`, or `FUNCTION s.name(a integer, b integer)` for an overload, as COMMENT and GRANT take it."""
    qualified = qualify(physical, name)
    return (
        f"FUNCTION {qualified}({argument_types(fn.arguments)})"
        if is_overload(schema, name)
        else f"FUNCTION {qualified}"
    )


def procedure_target(schema: SchemaSpec, physical: str, name: str, proc: ProcedureSpec) -> str:
    """`PROCEDURE s.name`, or with its argument list for an overload, as COMMENT and GRANT take it."""
    qualified = qualify(physical, name)
    if isinstance(schema.procedures.get(name), list):
        return f"PROCEDURE {qualified}({argument_types(proc.arguments)})"
    return f"PROCEDURE {qualified}"
