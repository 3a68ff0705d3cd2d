"""Operator families made on their own: their statements from a state file's declaration and from the model.

CREATE OPERATOR FAMILY makes an empty family; operator classes join it with
FAMILY, and loose members (a B-tree family's cross-type operators and their
comparison functions, say) are added and dropped in place with ALTER OPERATOR
FAMILY ... ADD / DROP, which name a member by its strategy or support number
and its types. DROP OPERATOR FAMILY takes the family's classes and members
with it: the classes in it depend on it (pg_depend), so a plan that drops or
re-creates the family handles those classes first. The family an operator
class makes of its own name and holds alone is the class's, not one of these
(operator_classes.py). The graph id is `operator_family:schema.name.method`.

Everything placed in a statement is an identifier quoted here, a member the
spec parsed (spec/operator_classes.py) or PostgreSQL's own rendering of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import qualify, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.model import Database, OperatorFamily
from reconciler.postgres.operator_classes import function_in_trial, key, named, operator_in_trial
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.operator_classes import parse_function_member, parse_operator_member

KIND = "operator_family"


def graph_id(family: OperatorFamily) -> str:
    return object_id(KIND, family.schema_name, family.name, family.method)


def target(family: OperatorFamily) -> str:
    """What COMMENT ON, ALTER and DROP name: `OPERATOR FAMILY public.integer_ops USING btree`."""
    return named("FAMILY", qualify(family.schema_name, family.name), family.method)


def _add(what: str, operators: list[str], functions: list[str]) -> str | None:
    """ALTER OPERATOR FAMILY ... ADD for these members (each as after OPERATOR or FUNCTION), None for none."""
    members = [*(f"OPERATOR {m}" for m in operators), *(f"FUNCTION {m}" for m in functions)]
    return f"ALTER {what} ADD {', '.join(members)}" if members else None


# --- from the state file (materialize) ----------------------------------------------------------------------


def trial_statements(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SourcedStatement]:
    """Every family the file declares, in the throwaway schemas, with its members and comment: before the
    operator classes that join it (operator_classes.trial_statements)."""
    for logical, schema in spec.schemas.items():
        for name, family in schema.operator_families.items():
            path = ("schemas", logical, "operator_families", name)
            what = named("FAMILY", qualify(schemas[logical], name), family.using)
            yield SourcedStatement(f"CREATE {what}", path)
            operators = [operator_in_trial(parse_operator_member(text), schemas) for text in family.operators]
            functions = [function_in_trial(text, schemas) for text in family.functions]
            if (add := _add(what, operators, functions)) is not None:
                yield SourcedStatement(add, path)
            if family.comment is not None:
                yield SourcedStatement(f"COMMENT ON {what} IS {quote_literal(family.comment)}", path)


# --- from the model (plans) ---------------------------------------------------------------------------------


def create(family: OperatorFamily) -> list[Statement]:
    """CREATE OPERATOR FAMILY, its loose members, COMMENT ON."""
    what = target(family)
    statements = [ddl.stmt(f"CREATE {what}", ddl.Phase.FUNCTION)]
    if (add := _add(what, family.operators, family.functions)) is not None:
        statements.append(ddl.stmt(add, ddl.Phase.FUNCTION))
    return [*statements, *ddl.comment_if_any(what, family.comment)]


def drop(family: OperatorFamily) -> list[Statement]:
    """DROP OPERATOR FAMILY: the family with its members (and any class still in it)."""
    return [ddl.stmt(f"DROP {target(family)}", ddl.Phase.DROP_FUNCTION)]


def members_changed(
    want: OperatorFamily, have: OperatorFamily, *, every: bool = False
) -> tuple[list[Statement], list[Statement]]:
    """ALTER OPERATOR FAMILY ... DROP the members that go or change, and ... ADD the ones that come or changed (with
    `every`, all of them: around a function or operator they name, re-created): in place, the classes in the
    family and the indexes using them untouched."""
    what = target(want)
    gone: list[str] = []
    came_operators = [m for m in want.operators if every or m not in have.operators]
    came_functions = [m for m in want.functions if every or m not in have.functions]
    # A member is named by its number and types, as the catalog prints them (always written there).
    for text in have.operators:
        if every or text not in want.operators:
            operator = parse_operator_member(text)
            gone.append(f"OPERATOR {operator.strategy} ({', '.join(operator.types or ())})")
    for text in have.functions:
        if every or text not in want.functions:
            function = parse_function_member(text)
            gone.append(f"FUNCTION {function.number} ({', '.join(function.types or ())})")
    dropped = [ddl.stmt(f"ALTER {what} DROP {', '.join(gone)}", ddl.Phase.FUNCTION)] if gone else []
    add = _add(what, came_operators, came_functions)
    return dropped, [] if add is None else [ddl.stmt(add, ddl.Phase.FUNCTION)]


# --- from the catalog (inspector) ---------------------------------------------------------------------------


def read_into(
    db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """queries/operator_families.sql into `db.operator_families`."""
    for r in rows:
        schema = logical(r["schema_name"])
        db.operator_families[key(schema, r["name"], r["method"])] = OperatorFamily(
            schema_name=schema,
            name=r["name"],
            method=r["method"],
            operators=[text(m) for m in r["operators"]],
            functions=[text(m) for m in r["functions"]],
            comment=r["comment"],
        )
