"""Operators: CREATE OPERATOR from a state file's declaration and from the catalog model, and their catalog rows.

An operator's graph id is `operator:schema.name(left, right)`; pg_depend orders it after the functions and
types it names, and before the views, constraints and indexes that use it. PostgreSQL can ALTER only an
operator's RESTRICT and JOIN estimators (ALTER OPERATOR ... SET); any other change drops and re-creates it.

Operator names are written unquoted (SQL has no quoting for them): every name placed in a statement passed
check_operator_name, which reads it as PostgreSQL's lexer does. Commutators and negators are always written
schema-qualified in OPERATOR(...): PostgreSQL looks an unqualified one up on the search_path, and creates a
shell operator in the first schema there when it finds none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl, fragments
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.model import Database, Operator, operator_arguments, operator_key
from reconciler.postgres.spec.operators import OperatorSpec, check_operator_name, parse_signature, split_reference


def qualified_operator(schema: str, name: str) -> str:
    """`public.||+`: the schema quoted as an identifier, the name (checked) as the operator it is."""
    check_operator_name(name)
    return f"{quote_ident(schema)}.{name}"


def operator_id(operator: Operator) -> str:
    return object_id("operator", operator.schema_name, operator.name, operator.arguments)


def target(operator: Operator) -> str:
    """What COMMENT ON and ALTER name: `OPERATOR public.||+ (text, text)`."""
    return f"OPERATOR {qualified_operator(operator.schema_name, operator.name)} ({operator.arguments})"


def _clauses(
    function: str,
    left: str | None,
    right: str,
    links: tuple[str | None, str | None],
    estimators: tuple[str | None, str | None],
    flags: tuple[bool, bool],
) -> str:
    parts = [f"FUNCTION = {function}"]
    if left is not None:
        parts.append(f"LEFTARG = {left}")
    parts.append(f"RIGHTARG = {right}")
    for word, linked in zip(("COMMUTATOR", "NEGATOR"), links, strict=True):
        if linked is not None:
            parts.append(f"{word} = OPERATOR({linked})")
    for word, estimator in zip(("RESTRICT", "JOIN"), estimators, strict=True):
        if estimator is not None:
            parts.append(f"{word} = {estimator}")
    parts += [word for word, flag in zip(("HASHES", "MERGES"), flags, strict=True) if flag]
    return ", ".join(parts)


def name_in_trial(name: str, schemas: dict[str, str]) -> str:
    """A function name of the state file, its schema mapped to the throwaway one when the file declares it."""
    found = fragments.tokens(name)
    if len(found) != 3 or found[1].kind != ".":
        return name
    first = found[0]
    schema = first.text[1:-1].replace('""', '"') if first.kind == "quoted" else first.text.lower()
    return f"{quote_ident(schemas[schema])}{name[found[1].start :]}" if schema in schemas else name


def _linked_in_trial(reference: str | None, own: str, schemas: dict[str, str]) -> str | None:
    """A commutator or negator of the state file, qualified: by its operator's schema when it names none."""
    if reference is None:
        return None
    schema, name = split_reference(reference)
    physical = own if schema is None else schemas.get(schema, schema)
    return qualified_operator(physical, name)


def operator_sql(physical: str, key: str, spec: OperatorSpec, schemas: dict[str, str]) -> str:
    """CREATE OPERATOR as the state file declares it, in the throwaway schema `physical` (materialize)."""
    signature = parse_signature(key)
    clauses = _clauses(
        name_in_trial(spec.function, schemas),
        signature.left,
        signature.right,
        (_linked_in_trial(spec.commutator, physical, schemas), _linked_in_trial(spec.negator, physical, schemas)),
        (
            None if spec.restrict is None else name_in_trial(spec.restrict, schemas),
            None if spec.join is None else name_in_trial(spec.join, schemas),
        ),
        (spec.hashes, spec.merges),
    )
    return f"CREATE OPERATOR {qualified_operator(physical, signature.name)} ({clauses})"


# The operators a trial created, by the signature text a state file's key gives (to_regoperator reads its types
# as CREATE OPERATOR did: `int` is integer): their types as format_type prints them.
DECLARED_SIGNATURES = """
SELECT u.position, format_type(nullif(o.oprleft, 0), NULL) AS left_type, format_type(o.oprright, NULL) AS right_type
FROM unnest(%s::text[]) WITH ORDINALITY AS u (signature, position)
JOIN pg_operator o ON o.oid = to_regoperator(u.signature)
"""


def regoperator_text(physical: str, key: str) -> str:
    """`schema.===(int,int4)`: a key as to_regoperator reads it."""
    signature = parse_signature(key)
    return f"{qualified_operator(physical, signature.name)}({signature.left or 'NONE'},{signature.right})"


def comment_target(physical: str, key: str) -> str:
    signature = parse_signature(key)
    return f"OPERATOR {qualified_operator(physical, signature.name)} ({signature.arguments})"


def create_operator(operator: Operator) -> list[Statement]:
    clauses = _clauses(
        operator.function,
        operator.left,
        operator.right,
        (operator.commutator, operator.negator),
        (operator.restrict, operator.join),
        (operator.hashes, operator.merges),
    )
    sql = f"CREATE OPERATOR {qualified_operator(operator.schema_name, operator.name)} ({clauses})"
    return [ddl.stmt(sql, ddl.Phase.FUNCTION), *ddl.comment_if_any(target(operator), operator.comment)]


def drop_operator(operator: Operator) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(operator)}", ddl.Phase.DROP_FUNCTION)]


def drop_shells(db: Database, schema: str) -> list[Statement]:
    """DROP OPERATOR for the shells left in a schema that is dropped: PostgreSQL will not drop it around them."""
    return [
        ddl.stmt(f"DROP OPERATOR {qualified_operator(schema, name)} ({arguments})", ddl.Phase.DROP_SCHEMA)
        for shell_schema, name, arguments in db.shell_operators
        if shell_schema == schema
    ]


def alter_estimators(want: Operator, have: Operator) -> list[Statement]:
    """ALTER OPERATOR ... SET (RESTRICT = ..., JOIN = ...) for the estimators that changed; NONE removes one."""
    changed = [
        f"{word} = {value or 'NONE'}"
        for word, value, before in (("RESTRICT", want.restrict, have.restrict), ("JOIN", want.join, have.join))
        if value != before
    ]
    if not changed:
        return []
    return [ddl.stmt(f"ALTER {target(want)} SET ({', '.join(changed)})", ddl.Phase.FUNCTION)]


def only_estimators_differ(want: Operator, have: Operator) -> bool:
    """Whether ALTER OPERATOR can make `have` into `want` (with COMMENT ON for the comment)."""
    movable = {"restrict": None, "join": None, "comment": None}
    return want.model_copy(update=movable) == have.model_copy(update=movable)


def read_into(
    db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """queries/operators.sql into `db.operators`; `logical` and `text` map throwaway schema names."""

    def linked(schema: str | None, name: str | None) -> str | None:
        return None if schema is None or name is None else f"{quote_ident(logical(schema))}.{name}"

    for r in rows:
        schema = logical(r["schema_name"])
        left = None if r["left_type"] is None else text(r["left_type"])
        if r["shell"]:
            db.shell_operators.append((schema, r["name"], operator_arguments(left, text(r["right_type"]))))
            continue
        operator = Operator(
            schema_name=schema,
            name=r["name"],
            left=left,
            right=text(r["right_type"]),
            result=text(r["result"]),
            function=text(r["function"]),
            commutator=linked(r["commutator_schema"], r["commutator"]),
            negator=linked(r["negator_schema"], r["negator"]),
            restrict=None if r["restrict"] is None else text(r["restrict"]),
            join=None if r["join"] is None else text(r["join"]),
            hashes=r["hashes"],
            merges=r["merges"],
            comment=r["comment"],
        )
        db.operators[operator_key(schema, operator.name, left, operator.right)] = operator
