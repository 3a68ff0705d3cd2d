"""Domains, composite types and range types: catalog rows to model, graph ids, and their DDL (pure).

Enums live with the older code; these three kinds share one module because
they share a life cycle: created before the tables, functions and views that
use them, dropped after, and (where PostgreSQL has no ALTER for a change)
dropped and created again with whatever uses them (`differ.types`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres.collations import collation_name_sql
from reconciler.postgres.ddl import Phase, stmt
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Attribute, CompositeType, Database, Domain, DomainCheck, RangeType

UserType = Domain | CompositeType | RangeType

# Graph kinds (dependencies.object_id) of the types this module handles.
DOMAIN, COMPOSITE, RANGE = "domain", "type", "range"
TYPE_KINDS = frozenset({DOMAIN, COMPOSITE, RANGE})


def type_id(obj: UserType) -> str:
    """The object's id in the dependency graph: `domain:public.email`, `type:public.address`, `range:public.r`."""
    kind = DOMAIN if isinstance(obj, Domain) else COMPOSITE if isinstance(obj, CompositeType) else RANGE
    return object_id(kind, obj.schema_name, obj.name)


def is_type_id(obj: str) -> bool:
    return obj.partition(":")[0] in TYPE_KINDS


def read_into(
    db: Database, rows: dict[str, list[dict[str, Any]]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """Rows of queries/domains.sql, composite_types.sql and ranges.sql into `db`; `text` maps shadow schemas."""
    for r in rows["domains"]:
        schema = logical(r["schema_name"])
        checks = {
            c["name"]: DomainCheck(name=c["name"], definition=text(c["definition"]), comment=c["comment"])
            for c in r["checks"]
        }
        db.domains[f"{schema}.{r['name']}"] = Domain(
            schema_name=schema,
            name=r["name"],
            base_type=text(r["base_type"]),
            not_null=r["not_null"],
            default=None if r["default"] is None else text(r["default"]),
            collation=None if r["collation"] is None else text(r["collation"]),
            checks=checks,
            comment=r["comment"],
        )
    for r in rows["composite_types"]:
        schema = logical(r["schema_name"])
        attributes = [
            Attribute(
                name=a["name"],
                type=text(a["type"]),
                collation=None if a["collation"] is None else text(a["collation"]),
                comment=a.get("comment"),
            )
            for a in r["attributes"]
        ]
        db.composite_types[f"{schema}.{r['name']}"] = CompositeType(
            schema_name=schema, name=r["name"], attributes=attributes, comment=r["comment"]
        )
    for r in rows["ranges"]:
        schema = logical(r["schema_name"])
        db.ranges[f"{schema}.{r['name']}"] = RangeType(
            schema_name=schema,
            name=r["name"],
            subtype=text(r["subtype"]),
            subtype_opclass=None if r["subtype_opclass"] is None else text(r["subtype_opclass"]),
            collation=None if r["collation"] is None else text(r["collation"]),
            canonical=None if r["canonical"] is None else text(r["canonical"]),
            subtype_diff=None if r["subtype_diff"] is None else text(r["subtype_diff"]),
            multirange=r["multirange"],
            comment=r["comment"],
        )


def default_multirange_name(range_name: str) -> str:
    """The multirange type PostgreSQL names for a range (makeMultirangeTypeName): `range` -> `multirange`."""
    if "range" in range_name:
        return range_name.replace("range", "multirange", 1)
    return f"{range_name}_multirange"


# --- DDL ----------------------------------------------------------------------------------------------


def type_name(obj: UserType) -> str:
    return qualify(obj.schema_name, obj.name)


def check_sql(check: DomainCheck) -> str:
    """A domain check as ADD CONSTRAINT takes it: from the state file's text when known, else the catalog's."""
    definition = check.source or check.definition
    return f"CONSTRAINT {quote_ident(check.name)} {definition.removesuffix(' NOT VALID')}"


def _comment(kind: str, obj: UserType) -> list[Statement]:
    if obj.comment is None:
        return []
    return [stmt(f"COMMENT ON {kind} {type_name(obj)} IS {quote_literal(obj.comment)}", Phase.COMMENT)]


def comment_on(obj: UserType) -> list[Statement]:
    """COMMENT ON, or the statement that removes a comment."""
    kind = "DOMAIN" if isinstance(obj, Domain) else "TYPE"
    if obj.comment is None:
        return [stmt(f"COMMENT ON {kind} {type_name(obj)} IS NULL", Phase.COMMENT)]
    return _comment(kind, obj)


def create_domain(domain: Domain) -> list[Statement]:
    sql = f"CREATE DOMAIN {type_name(domain)} AS {domain.base_type}"
    if domain.collation is not None:
        sql += f" COLLATE {collation_name_sql(domain.collation)}"
    if domain.default is not None:
        sql += f" DEFAULT {domain.default}"
    if domain.not_null:
        sql += " NOT NULL"
    sql += "".join(f" {check_sql(check)}" for check in domain.checks.values() if not _not_valid(check))
    later = [
        stmt(f"ALTER DOMAIN {type_name(domain)} ADD {check_sql(check)} NOT VALID", Phase.ENUM)
        for check in domain.checks.values()
        if _not_valid(check)
    ]
    comments = [_check_comment(domain, check) for check in domain.checks.values() if check.comment is not None]
    return [stmt(sql, Phase.ENUM), *later, *_comment("DOMAIN", domain), *comments]


def _not_valid(check: DomainCheck) -> bool:
    return check.definition.endswith(" NOT VALID")


def _check_comment(domain: Domain, check: DomainCheck) -> Statement:
    value = "NULL" if check.comment is None else quote_literal(check.comment)
    target = f"CONSTRAINT {quote_ident(check.name)} ON DOMAIN {type_name(domain)}"
    return stmt(f"COMMENT ON {target} IS {value}", Phase.COMMENT)


def drop_type(obj: UserType, *, name_reused: bool = False) -> list[Statement]:
    kind = "DOMAIN" if isinstance(obj, Domain) else "TYPE"
    return drop_type_named(kind, obj.schema_name, obj.name, name_reused=name_reused)


def drop_type_named(kind: str, schema: str, name: str, *, name_reused: bool = False) -> list[Statement]:
    """DROP TYPE / DOMAIN, after the columns moved off it; `name_reused`: a type of another kind takes the name.

    That one is created before (types come before the tables that use them), so the old type is first
    renamed aside, at the start of the transaction, and dropped under that name.
    """
    if not name_reused:
        return [stmt(f"DROP {kind} {qualify(schema, name)}", Phase.DROP_ENUM)]
    aside = "_reconcile_old_" + hashlib.sha256(f"{schema}.{name}".encode()).hexdigest()[:12]
    return [
        stmt(f"ALTER {kind} {qualify(schema, name)} RENAME TO {quote_ident(aside)}", Phase.RENAME),
        stmt(f"DROP {kind} {qualify(schema, aside)}", Phase.DROP_ENUM),
    ]


def type_names(db: Database) -> set[tuple[str, str]]:
    """(schema, name) of every enum, domain, composite, range and shell type: they share one namespace."""
    return {
        (obj.schema_name, obj.name)
        for objects in (db.enums, db.domains, db.composite_types, db.ranges, db.shell_types)
        for obj in objects.values()
    }


def alter_domain(want: Domain, have: Domain) -> tuple[list[Statement], list[Statement]]:
    """ALTER DOMAIN statements for what changes in place: (those that check existing values, the rest)."""
    name = type_name(want)
    checking: list[Statement] = []
    other: list[Statement] = []
    if want.default != have.default:
        clause = "DROP DEFAULT" if want.default is None else f"SET DEFAULT {want.default}"
        other.append(stmt(f"ALTER DOMAIN {name} {clause}", Phase.ENUM))
    if want.not_null != have.not_null:
        statement = stmt(f"ALTER DOMAIN {name} {'SET' if want.not_null else 'DROP'} NOT NULL", Phase.ENUM)
        (checking if want.not_null else other).append(statement)
    in_place = {n for n, check in want.checks.items() if n in have.checks and _in_place(check, have.checks[n])}
    for check_name, check in have.checks.items():
        if want.checks.get(check_name) != check and check_name not in in_place:
            other.append(stmt(f"ALTER DOMAIN {name} DROP CONSTRAINT {quote_ident(check_name)}", Phase.DROP_CONSTRAINT))
    for check_name, check in want.checks.items():
        had = have.checks.get(check_name)
        if had == check:
            continue
        if had is not None and check_name in in_place:
            if _not_valid(had) and not _not_valid(check):
                validate = f"ALTER DOMAIN {name} VALIDATE CONSTRAINT {quote_ident(check_name)}"
                checking.append(stmt(validate, Phase.ADD_CONSTRAINT))
            if check.comment != had.comment:
                other.append(_check_comment(want, check))
            continue
        suffix = " NOT VALID" if _not_valid(check) else ""
        checking.append(stmt(f"ALTER DOMAIN {name} ADD {check_sql(check)}{suffix}", Phase.ADD_CONSTRAINT))
        if check.comment is not None:
            other.append(_check_comment(want, check))
    if want.comment != have.comment:
        other += comment_on(want)
    return checking, other


def _in_place(want: DomainCheck, have: DomainCheck) -> bool:
    """The same check, but for its comment or for becoming valid (VALIDATE CONSTRAINT): no drop and add."""
    core = have.definition.removesuffix(" NOT VALID")
    becomes_valid = _not_valid(have) and want.definition == core
    return want.definition == have.definition or becomes_valid


def _attribute_sql(attribute: Attribute) -> str:
    sql = f"{quote_ident(attribute.name)} {attribute.type}"
    return sql + (f" COLLATE {collation_name_sql(attribute.collation)}" if attribute.collation is not None else "")


def create_composite(composite: CompositeType) -> list[Statement]:
    attributes = ", ".join(_attribute_sql(a) for a in composite.attributes)
    created = stmt(f"CREATE TYPE {type_name(composite)} AS ({attributes})", Phase.ENUM)
    comments = [_attribute_comment(composite, a) for a in composite.attributes if a.comment is not None]
    return [created, *_comment("TYPE", composite), *comments]


def _attribute_comment(composite: CompositeType, attribute: Attribute) -> Statement:
    """COMMENT ON COLUMN <type>.<attribute>, or the statement that removes it."""
    text = "NULL" if attribute.comment is None else quote_literal(attribute.comment)
    return stmt(f"COMMENT ON COLUMN {type_name(composite)}.{quote_ident(attribute.name)} IS {text}", Phase.COMMENT)


def alter_composite(want: CompositeType, have: CompositeType) -> list[Statement] | None:
    """ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE, or None when the attributes cannot get there in place.

    Attributes are only ever appended, so the ones kept must keep their order and the new ones come last.
    """
    old = {a.name: a for a in have.attributes}
    new = {a.name: a for a in want.attributes}
    kept_order = [a.name for a in want.attributes if a.name in old]
    if kept_order != [a.name for a in have.attributes if a.name in new]:
        return None
    first_new = next((i for i, a in enumerate(want.attributes) if a.name not in old), len(want.attributes))
    if any(a.name in old for a in want.attributes[first_new:]):
        return None
    actions = [f"DROP ATTRIBUTE {quote_ident(name)}" for name in old if name not in new]
    comments: list[Statement] = []
    for attribute in want.attributes:
        before = old.get(attribute.name)
        if before is None:
            actions.append(f"ADD ATTRIBUTE {_attribute_sql(attribute)}")
        elif before.definition() != attribute.definition():
            collate = f" COLLATE {collation_name_sql(attribute.collation)}" if attribute.collation is not None else ""
            actions.append(f"ALTER ATTRIBUTE {quote_ident(attribute.name)} TYPE {attribute.type}{collate}")
        if attribute.comment != (before.comment if before is not None else None):
            comments.append(_attribute_comment(want, attribute))
    # CASCADE carries the change to the typed tables of the type (CREATE TABLE ... OF); without any, it does nothing.
    alter = f"ALTER TYPE {type_name(want)} {', '.join(f'{action} CASCADE' for action in actions)}"
    statements = [stmt(alter, Phase.ENUM)] if actions else []
    if want.comment != have.comment:
        statements += comment_on(want)
    return statements + comments


def create_range(rng: RangeType) -> list[Statement]:
    options = [f"SUBTYPE = {rng.subtype}"]
    if rng.subtype_opclass is not None:
        options.append(f"SUBTYPE_OPCLASS = {rng.subtype_opclass}")
    if rng.collation is not None:
        options.append(f"COLLATION = {collation_name_sql(rng.collation)}")
    if rng.canonical is not None:
        options.append(f"CANONICAL = {rng.canonical}")
    if rng.subtype_diff is not None:
        options.append(f"SUBTYPE_DIFF = {rng.subtype_diff}")
    if rng.multirange is not None and rng.multirange != default_multirange_name(rng.name):
        options.append(f"MULTIRANGE_TYPE_NAME = {qualify(rng.schema_name, rng.multirange)}")
    return [stmt(f"CREATE TYPE {type_name(rng)} AS RANGE ({', '.join(options)})", Phase.ENUM), *_comment("TYPE", rng)]


def attribute_changes(want: Iterable[Attribute], have: Iterable[Attribute]) -> list[str]:
    """Plan detail lines for a composite type's attributes."""
    old, new = {a.name: a for a in have}, {a.name: a for a in want}
    lines = [f"drops attribute {name}" for name in old if name not in new]
    for name, attribute in new.items():
        if name not in old:
            lines.append(f"adds attribute {_attribute_sql(attribute)}")
        elif old[name].definition() != attribute.definition():
            lines.append(f"attribute {name}: {_attribute_sql(old[name])} -> {_attribute_sql(attribute)}")
        if name in old and old[name].comment != attribute.comment:
            lines.append(f"attribute {name} comment: {old[name].comment!r} -> {attribute.comment!r}")
    if list(old) != [n for n in new if n in old] + [n for n in old if n not in new]:
        lines.append(f"attribute order: {', '.join(old)} -> {', '.join(new)}")
    return lines
