"""Owners of schemas and the objects in them: read, declared, compared and changed with ALTER ... OWNER TO.

Owners are compared only where the state file says so: an object's own
`owner:`, else the file's top-level `owner:` (the default for every schema
and object in it). An object with neither is never compared, so a file that
names no owner leaves every owner as it is, and `drift` run by a role other
than the one that applied sees no owner drift. The live side lists the owner
of every managed object (queries/owners.sql); a declared owner is always a
role name, so a plan means the same whoever applies it.

What follows its table is never listed: indexes, and sequences a column owns
(serial, identity, `owned_by`) move with ALTER TABLE ... OWNER TO. The
`public` schema's owner is compared only when its own `owner:` declares it,
never through the top-level one: initdb gives it to pg_database_owner
(PostgreSQL 15) or the bootstrap superuser, and a plan should not take it
over unasked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from reconciler.postgres.dependencies import function_id, member_id, object_id
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import Aggregate, Database, Function, MaterializedView, ObjectOwner, Table
from reconciler.postgres.operators import qualified_operator
from reconciler.postgres.overloads import argument_types
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.user_types import type_id

RoutineT = TypeVar("RoutineT", Function, Aggregate)

# This schema's owner is compared only when the schema itself declares one (see the module docstring).
INITDB_SCHEMA = "public"


_OPERATOR_CLASS = ("operator_class", "OPERATOR CLASS")
_OPERATOR_FAMILY = ("operator_family", "OPERATOR FAMILY")


def _class_parts(family: str | None) -> tuple[tuple[str, str], ...]:
    """An operator class and the family of its name that comes with it: one `owner:` in the file sets both; a class
    in a family made on its own (`family`) is one part, the family having an `owner:` of its own."""
    return (_OPERATOR_CLASS,) if family is not None else (_OPERATOR_CLASS, _OPERATOR_FAMILY)


def schema_id(name: str) -> str:
    return f"schema:{name}"


def from_rows(
    rows: Iterable[Mapping[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> dict[str, ObjectOwner]:
    """queries/owners.sql as graph id -> owner, schemas mapped to their logical names."""
    found: dict[str, ObjectOwner] = {}
    for r in rows:
        schema = logical(r["schema_name"])
        name = schema if r["kind"] == "schema" else r["name"]
        member = text(r["member"]) if r["member"] is not None else None
        key = schema_id(name) if r["kind"] == "schema" else object_id(r["kind"], schema, name, member)
        other = r["member_schema"]
        found[key] = ObjectOwner(
            word=r["word"],
            schema_name=schema,
            name=name,
            member=member,
            member_schema=None if other is None else logical(other),
            owner=r["owner"],
        )
    return found


def owned_objects(db: Database) -> dict[str, ObjectOwner]:
    """Every object of `db` that has an owner of its own (owner left empty), keyed like the live owners."""
    found: dict[str, ObjectOwner] = {}

    def add(key: str, word: str, schema: str, name: str, member: str | None = None, kept_in: str | None = None) -> None:
        found[key] = ObjectOwner(
            word=word, schema_name=schema, name=name, member=member, member_schema=kept_in, owner=""
        )

    def add_statistics(relation: Table | MaterializedView) -> None:
        """Named as members of their table or materialized view, wherever they are kept."""
        for name, statistics in relation.statistics.items():
            key = member_id("statistics", relation, name)
            add(key, "STATISTICS", relation.schema_name, relation.name, name, statistics.other_schema)

    for schema in db.schemas:
        add(schema_id(schema), "SCHEMA", schema, schema)
    for table in db.tables.values():
        add(object_id("table", table.schema_name, table.name), "TABLE", table.schema_name, table.name)
        add_statistics(table)
    for view in db.views.values():
        add(object_id("view", view.schema_name, view.name), "VIEW", view.schema_name, view.name)
    for matview in db.materialized_views.values():
        key = object_id("matview", matview.schema_name, matview.name)
        add(key, "MATERIALIZED VIEW", matview.schema_name, matview.name)
        add_statistics(matview)
    for seq in db.sequences.values():
        if seq.owned_by is None:
            add(object_id("sequence", seq.schema_name, seq.name), "SEQUENCE", seq.schema_name, seq.name)
    for fn in db.functions.values():
        add(function_id(fn), fn.kind.upper(), fn.schema_name, fn.name, fn.identity_arguments)
    for agg in db.aggregates.values():
        key = object_id("function", agg.schema_name, agg.name, agg.identity_arguments)
        add(key, "AGGREGATE", agg.schema_name, agg.name, agg.identity_arguments)
    for op in db.operators.values():
        add(
            object_id("operator", op.schema_name, op.name, op.arguments),
            "OPERATOR",
            op.schema_name,
            op.name,
            op.arguments,
        )
    for enum in db.enums.values():
        add(object_id("enum", enum.schema_name, enum.name), "TYPE", enum.schema_name, enum.name)
    for domain in db.domains.values():
        add(type_id(domain), "DOMAIN", domain.schema_name, domain.name)
    for composite in db.composite_types.values():
        add(type_id(composite), "TYPE", composite.schema_name, composite.name)
    for range_type in db.ranges.values():
        add(type_id(range_type), "TYPE", range_type.schema_name, range_type.name)
    for shell in db.shell_types.values():
        add(object_id("shell_type", shell.schema_name, shell.name), "TYPE", shell.schema_name, shell.name)
    for collation in db.collations.values():
        key = object_id("collation", collation.schema_name, collation.name)
        add(key, "COLLATION", collation.schema_name, collation.name)
    for config in db.text_search_configurations.values():
        key = object_id("text_search_configuration", config.schema_name, config.name)
        add(key, "TEXT SEARCH CONFIGURATION", config.schema_name, config.name)
    for dictionary in db.text_search_dictionaries.values():
        key = object_id("text_search_dictionary", dictionary.schema_name, dictionary.name)
        add(key, "TEXT SEARCH DICTIONARY", dictionary.schema_name, dictionary.name)
    for opclass in db.operator_classes.values():
        for kind, word in _class_parts(opclass.family):
            key = object_id(kind, opclass.schema_name, opclass.name, opclass.method)
            add(key, word, opclass.schema_name, opclass.name, opclass.method)
    for family in db.operator_families.values():
        kind, word = _OPERATOR_FAMILY
        add(
            object_id(kind, family.schema_name, family.name, family.method),
            word,
            family.schema_name,
            family.name,
            family.method,
        )
    return found


def declared(spec: DatabaseSpec, desired: Database) -> dict[str, ObjectOwner]:
    """The owners the state file declares, keyed like the live ones (graph ids of the normalized objects).

    An object's own `owner:` wins over the file's top-level one, which covers every other object and schema
    but `public`; an object with neither is left out, and so is never compared.
    """
    own: dict[str, str] = {}
    for schema_name, schema in spec.schemas.items():
        own.update(_declared_in_schema(schema_name, schema, desired))
    if not own and spec.owner is None:
        return {}  # nothing declares an owner: listing every owned object would find none
    objects = owned_objects(desired)
    found: dict[str, ObjectOwner] = {}
    for key, entry in objects.items():
        owner = own.get(key, None if key == schema_id(INITDB_SCHEMA) else spec.owner)
        if owner is not None:
            found[key] = entry.model_copy(update={"owner": owner})
    return found


def _declared_in_schema(name: str, schema: SchemaSpec, desired: Database) -> Iterator[tuple[str, str]]:
    """(graph id, owner) of every object of one schema that declares an owner."""
    if schema.owner is not None:
        yield schema_id(name), schema.owner
    simple: list[tuple[str, Mapping[str, Any]]] = [
        ("table", schema.tables),
        ("view", schema.views),
        ("matview", schema.materialized_views),
        ("sequence", schema.sequences),
        ("enum", schema.enums),
        ("domain", schema.domains),
        ("type", schema.composite_types),
        ("range", schema.ranges),
        ("shell_type", schema.shell_types),
        ("collation", schema.collations),
        ("text_search_configuration", schema.text_search_configurations),
        ("text_search_dictionary", schema.text_search_dictionaries),
    ]
    for kind, section in simple:
        for object_name, declaration in section.items():
            if declaration.owner is not None:
                yield object_id(kind, name, object_name), declaration.owner
    for _, relation_name, relation in schema.statistics_holders():
        for statistics_name, statistics in relation.statistics.items():
            if statistics.owner is not None:
                yield object_id("statistics", name, relation_name, statistics_name), statistics.owner
    routines: list[tuple[str, Mapping[str, Any]]] = [("function", schema.functions), ("procedure", schema.procedures)]
    for kind, section in routines:
        for object_name, declaration in section.items():
            functions = _routines(desired, name, object_name, kind)
            for variant, matching in _overloads(declaration, functions):
                if variant.owner is not None:
                    for fn in matching:
                        yield function_id(fn), variant.owner
    for object_name, declaration in schema.aggregates.items():
        named = [a for a in desired.aggregates.values() if (a.schema_name, a.name) == (name, object_name)]
        for variant, aggregates in _overloads(declaration, named):
            if variant.owner is not None:
                for agg in aggregates:
                    yield object_id("function", name, object_name, agg.identity_arguments), variant.owner
    yield from _declared_operators(name, schema, desired)
    for object_name, opclass in schema.operator_classes.items():
        if opclass.owner is not None:
            for kind, _ in _class_parts(opclass.family):
                yield object_id(kind, name, object_name, opclass.using), opclass.owner
    for object_name, family in schema.operator_families.items():
        if family.owner is not None:
            yield object_id(_OPERATOR_FAMILY[0], name, object_name, family.using), family.owner


def _declared_operators(name: str, schema: SchemaSpec, desired: Database) -> Iterator[tuple[str, str]]:
    """(graph id, owner) of the operators of one schema that declare an owner, matched by the file's key."""
    for op in desired.operators.values():
        declared = schema.operators.get(op.declared_as or "") if op.schema_name == name else None
        if declared is not None and declared.owner is not None:
            yield object_id("operator", name, op.name, op.arguments), declared.owner


def _overloads(declaration: Any, functions: list[RoutineT]) -> Iterator[tuple[Any, list[RoutineT]]]:
    """Each declaration of a name with the normalized functions (or aggregates) it declares.

    One declaration declares every function of its name; in a list of overloads each entry declares the
    function whose argument types it names (export writes PostgreSQL's own spelling of them).
    """
    if not isinstance(declaration, list):
        yield declaration, functions
        return
    for variant in declaration:
        wanted = _spelled(argument_types(variant.arguments))
        yield variant, [fn for fn in functions if _spelled(fn.identity_arguments) == wanted]


def _spelled(arguments: str) -> str:
    spelled = " ".join(arguments.lower().split())
    return "" if spelled == "*" else spelled  # an aggregate of no arguments, count(*)


def _routines(desired: Database, schema: str, name: str, kind: str) -> list[Function]:
    return [f for f in desired.functions.values() if (f.schema_name, f.name, f.kind) == (schema, name, kind)]


def owner_sql(entry: ObjectOwner, owner: str) -> str:
    """`ALTER TABLE app.items OWNER TO "app_owner"`."""
    if entry.word == "SCHEMA":
        target = quote_ident(entry.name)
    elif entry.word == "OPERATOR":
        target = f"{qualified_operator(entry.schema_name, entry.name)} ({entry.member})"
    elif entry.word == "STATISTICS":  # named as a member of its relation, in its own schema
        target = qualify(entry.member_schema or entry.schema_name, entry.member or "")
    elif entry.word in ("OPERATOR CLASS", "OPERATOR FAMILY"):
        target = f"{qualify(entry.schema_name, entry.name)} USING {quote_ident(entry.member or '')}"
    else:
        target = qualify(entry.schema_name, entry.name)
        if entry.member is not None:
            # An aggregate of no arguments is name(*) to ALTER AGGREGATE (count(*)); a function's is name().
            target += f"({entry.member or '*'})" if entry.word == "AGGREGATE" else f"({entry.member})"
    return f"ALTER {entry.word} {target} OWNER TO {quote_ident(owner)}"


def describe(owner: str | None) -> str:
    """None: an object the plan creates, owned by whichever role applies it."""
    return "the applying role" if owner is None else owner
