"""Operator classes: their statements from a state file's declaration and from the catalog model.

An operator class names the operators and support functions an index method
uses for a type; an index names it after a column (`name my_text_ops`).
CREATE OPERATOR CLASS without FAMILY makes a family of the same name, which
keeps the members an index method does not tie to the class itself (a GiST
class's operators and optional functions): the model reads the members of
that family as the class's, and DROP OPERATOR FAMILY takes the class, its
members and the family away together (DROP OPERATOR CLASS would leave the
family behind, with those members). A class in a family made on its own
(`family`, operator_families.py) is created with FAMILY, holds the members
bound to it, and is dropped with DROP OPERATOR CLASS, the family staying.

PostgreSQL has no ALTER for a class's members, type or method: any change but
its comment drops and creates it, with the indexes that use it around it
(pg_depend: index -> class, class -> its functions, operators and types; the
graph id is `operator_class:schema.name.method`). Created after functions and
operators (ddl.Phase.FUNCTION), dropped with them.

Everything placed in a statement is an identifier quoted here, a member the
spec parsed (spec/operator_classes.py) or PostgreSQL's own rendering of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.model import Database, OperatorClass
from reconciler.postgres.operators import name_in_trial, qualified_operator
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.operator_classes import (
    OperatorClassSpec,
    OperatorMember,
    parse_function_member,
    parse_operator_member,
)
from reconciler.postgres.spec.operators import split_reference

KIND = "operator_class"


def key(schema: str, name: str, method: str) -> str:
    """The model's key: `public.my_text_ops USING btree` (one name may serve several index methods)."""
    return f"{schema}.{name} USING {method}"


def graph_id(opclass: OperatorClass) -> str:
    return object_id(KIND, opclass.schema_name, opclass.name, opclass.method)


def named(word: str, qualified: str, method: str) -> str:
    """`OPERATOR CLASS public.my_text_ops USING btree` (or FAMILY): how COMMENT ON, ALTER and DROP name one."""
    return f"OPERATOR {word} {qualified} USING {quote_ident(method)}"


def target(opclass: OperatorClass) -> str:
    """What COMMENT ON names."""
    return named("CLASS", qualify(opclass.schema_name, opclass.name), opclass.method)


def own_family(opclass: OperatorClass) -> str:
    """What COMMENT ON names for the class's own family, of its name."""
    return named("FAMILY", qualify(opclass.schema_name, opclass.name), opclass.method)


def _create_sql(
    qualified: str,
    method: str,
    input_type: str,
    default: bool,
    members: list[str],
    storage: str | None,
    family: str | None,
) -> str:
    head = f"CREATE OPERATOR CLASS {qualified} {'DEFAULT ' if default else ''}FOR TYPE {input_type}"
    items = [*members, *([f"STORAGE {storage}"] if storage is not None else [])]
    in_family = f" FAMILY {family}" if family is not None else ""
    return f"{head} USING {quote_ident(method)}{in_family} AS {', '.join(items)}"


# --- from the state file (materialize) ----------------------------------------------------------------------


def operator_in_trial(member: OperatorMember, schemas: dict[str, str]) -> str:
    """The member with its operator's schema mapped to the throwaway one when the file declares it."""
    schema, name = split_reference(member.operator)
    if schema is None or schema not in schemas:
        return member.sql()
    return replace(member, operator=qualified_operator(schemas[schema], name)).sql()


def function_in_trial(text: str, schemas: dict[str, str]) -> str:
    """A function member of the state file with its function's schema mapped to the throwaway one when the file
    declares it."""
    member = parse_function_member(text)
    return replace(member, function=name_in_trial(member.function, schemas)).sql()


def spec_sql(qualified: str, opclass: OperatorClassSpec, schemas: dict[str, str], schema: str) -> str:
    """CREATE OPERATOR CLASS as the file declares it in `schema` (throwaway), names of the file's schemas in the
    throwaway ones."""
    members = [f"OPERATOR {operator_in_trial(parse_operator_member(text), schemas)}" for text in opclass.operators]
    members += [f"FUNCTION {function_in_trial(text, schemas)}" for text in opclass.functions]
    family = None if opclass.family is None else qualify(schema, opclass.family)
    return _create_sql(qualified, opclass.using, opclass.type, opclass.default, members, opclass.storage, family)


def trial_statements(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SourcedStatement]:
    """Every operator class the file declares, in the throwaway schemas, with its comment."""
    for logical, schema in spec.schemas.items():
        for name, opclass in schema.operator_classes.items():
            path = ("schemas", logical, "operator_classes", name)
            qualified = qualify(schemas[logical], name)
            yield SourcedStatement(spec_sql(qualified, opclass, schemas, schemas[logical]), path)
            for word, comment in (("CLASS", opclass.comment), ("FAMILY", opclass.family_comment)):
                if comment is not None:
                    what = named(word, qualified, opclass.using)
                    yield SourcedStatement(f"COMMENT ON {what} IS {quote_literal(comment)}", path)


# --- from the model (plans) ---------------------------------------------------------------------------------


def create(opclass: OperatorClass) -> list[Statement]:
    """CREATE OPERATOR CLASS with every member of its family, and COMMENT ON."""
    members = [*(f"OPERATOR {m}" for m in opclass.operators), *(f"FUNCTION {m}" for m in opclass.functions)]
    qualified = qualify(opclass.schema_name, opclass.name)
    family = None if opclass.family is None else qualify(opclass.schema_name, opclass.family)
    sql = _create_sql(qualified, opclass.method, opclass.input_type, opclass.default, members, opclass.storage, family)
    comments = [*ddl.comment_if_any(target(opclass), opclass.comment)]
    comments += ddl.comment_if_any(own_family(opclass), opclass.family_comment)
    return [ddl.stmt(sql, ddl.Phase.FUNCTION), *comments]


def drop(opclass: OperatorClass) -> list[Statement]:
    """DROP OPERATOR FAMILY: the class's own family, with the class and every member; in a family made on its own,
    DROP OPERATOR CLASS: the class and the members bound to it."""
    if opclass.family is not None:
        return [ddl.stmt(f"DROP {target(opclass)}", ddl.Phase.DROP_FUNCTION)]
    return [ddl.stmt(f"DROP {own_family(opclass)}", ddl.Phase.DROP_FUNCTION)]


# --- from the catalog (inspector) ---------------------------------------------------------------------------


def read_into(
    db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """queries/operator_classes.sql into `db.operator_classes`; a class in a family of another schema is not
    declarable (queries/undeclarable.sql reports it) and stays out of the model."""
    for r in rows:
        if r["family_schema"] is not None:
            continue
        schema = logical(r["schema_name"])
        db.operator_classes[key(schema, r["name"], r["method"])] = OperatorClass(
            schema_name=schema,
            name=r["name"],
            method=r["method"],
            family=r["family"],
            input_type=text(r["input_type"]),
            default=r["is_default"],
            storage=None if r["storage"] is None else text(r["storage"]),
            operators=[text(m) for m in r["operators"]],
            functions=[text(m) for m in r["functions"]],
            comment=r["comment"],
            family_comment=r["family_comment"],
        )
