"""Privileges (GRANT / REVOKE) and default privileges, in the shape the differ and the exporter share.

The catalog keeps an ACL per object (relacl, nspacl, proacl, typacl, attacl)
or NULL for "the default": the owner holds every privilege and PUBLIC holds
EXECUTE on functions and USAGE on types. Both sides are read the same way
(queries/privileges.sql): the effective ACL and the default one, exploded,
and reduced to the grantees whose privileges differ from their default. So
an object nobody granted anything on compares equal to "nothing declared",
whoever owns it, and `public: []` on a function (REVOKE EXECUTE ... FROM
PUBLIC) is a declaration of its own.

A state file declares, per grantee, the whole set it holds; a grantee left
out keeps its default. The materializer makes each declared set exact with
REVOKE ALL, then GRANT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from reconciler.postgres.aggregates import grant_arguments
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import Acl, DefaultPrivileges, ObjectPrivileges
from reconciler.postgres.overloads import (
    aggregate_variants,
    function_target,
    function_variants,
    procedure_target,
    procedure_variants,
)
from reconciler.postgres.spec.access import Grants, GrantSpec
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec

PUBLIC = "public"

# The SQL word GRANT ... ON <word> takes for each kind the inspector reports.
_ON = {
    "schema": "SCHEMA",
    "table": "TABLE",
    "view": "TABLE",
    "materialized view": "TABLE",
    "foreign table": "TABLE",
    "column": "TABLE",
    "sequence": "SEQUENCE",
    "function": "FUNCTION",
    "procedure": "PROCEDURE",
    "enum": "TYPE",
    "domain": "DOMAIN",
    "type": "TYPE",
}

# Which ALTER DEFAULT PRIVILEGES object type a newly created object of each kind takes its defaults from
# (schemas only from database-wide rows).
DEFAULT_PRIVILEGE_TARGET = {
    "schema": "schemas",
    "table": "tables",
    "view": "tables",
    "materialized view": "tables",
    "foreign table": "tables",
    "sequence": "sequences",
    "function": "functions",
    "procedure": "functions",
    "enum": "types",
    "domain": "types",
    "type": "types",
}


# The dependency graph's kind for a relation kind the privileges query names otherwise.
_GRAPH_KIND = {"materialized view": "matview"}


def privilege_id(kind: str, schema: str, name: str, member: str | None = None) -> str:
    """The graph id privileges are keyed by: `schema:app`, `table:app.users`, `column:app.users.email`.

    A relation's is its graph id (`matview:app.totals`), so a plan that re-creates it grants anew.
    """
    if kind == "schema":
        return f"schema:{name}"
    return object_id(_GRAPH_KIND.get(kind, kind), schema, name, member)


def parent_id(privileges: ObjectPrivileges) -> str | None:
    """The relation a column's privileges belong to (re-creating the relation takes them along)."""
    if privileges.kind != "column":
        return None
    return privileges.parent or object_id("table", privileges.schema_name, privileges.name)


def default_key(schema: str | None, role: str, on_type: str) -> str:
    """`app postgres tables`, or `postgres tables` database-wide."""
    return f"{schema} {role} {on_type}" if schema is not None else f"{role} {on_type}"


# --- reading the catalog ------------------------------------------------------------------------------------


def exploded(entries: Iterable[list[Any]]) -> Acl:
    """An ACL the queries explode (aclexplode) as [grantee, privilege, grantable] rows, by grantee."""
    acl: Acl = {}
    for grantee, privilege, grantable in entries:
        held = acl.setdefault(grantee, {})
        held[privilege] = held.get(privilege, False) or bool(grantable)
    return acl


def differing(effective: Acl, default: Acl) -> Acl:
    """The grantees whose privileges differ from their default, each with its whole (maybe empty) set.

    Grantees keep the ACL's order (the order they were first granted in), which pg_dump prints: granting
    in that order again gives the same ACL. Equality of two models ignores it.
    """
    grantees = [*effective, *(g for g in default if g not in effective)]
    return {
        grantee: dict(sorted(effective.get(grantee, {}).items()))
        for grantee in grantees
        if effective.get(grantee, {}) != default.get(grantee, {})
    }


def against_default(acl: Iterable[list[Any]] | None, default_acl: Iterable[list[Any]]) -> tuple[Acl, Acl]:
    """(the grantees that differ from the default ACL, the default ACL) of an exploded ACL and its default; a
    NULL ACL in the catalog holds the default."""
    default = exploded(default_acl)
    if acl is None:  # nearly every object: nothing differs
        return {}, default
    return differing(exploded(acl), default), default


def from_rows(
    rows: Iterable[Mapping[str, Any]],
    default_rows: Iterable[Mapping[str, Any]],
    logical: Callable[[str], str],
    text: Callable[[str], str],
) -> tuple[dict[str, ObjectPrivileges], dict[str, DefaultPrivileges]]:
    """queries/privileges.sql and default_privileges.sql as model entries, schemas mapped to logical names."""
    found: dict[str, ObjectPrivileges] = {}
    kinds: dict[tuple[str, str], str] = {}
    for r in rows:
        schema = logical(r["schema_name"])
        name = schema if r["kind"] == "schema" else r["name"]
        member = r["member"]
        if r["kind"] in ("function", "procedure") and member is not None:
            member = text(member)
        if r["kind"] not in ("column", "schema"):
            kinds[(schema, name)] = r["kind"]
        grants, default = against_default(r["acl"], r["default_acl"])
        found[privilege_id(r["kind"], schema, name, member)] = ObjectPrivileges(
            kind=r["kind"],
            schema_name=schema,
            name=name,
            member=member,
            grants=grants,
            owner=r["owner"],
            defaults=default,
        )
    for entry in found.values():
        if entry.kind == "column":
            # Rows come ordered by kind, so the relation is known: a view's columns go with the view.
            relation_kind = kinds.get((entry.schema_name, entry.name), "table")
            entry.parent = privilege_id(relation_kind, entry.schema_name, entry.name)
    defaults: dict[str, DefaultPrivileges] = {}
    for r in default_rows:
        in_schema = logical(r["schema_name"]) if r["schema_name"] is not None else None
        acl, built_in = exploded(r["acl"]), exploded(r["default_acl"])
        defaults[default_key(in_schema, r["role"], r["on_type"])] = DefaultPrivileges(
            schema_name=in_schema,
            role=r["role"],
            on_type=r["on_type"],
            grants=acl if in_schema is not None else differing(acl, built_in),
            defaults=built_in,
        )
    return found, defaults


# --- SQL ----------------------------------------------------------------------------------------------------


def grantee_sql(grantee: str) -> str:
    return "PUBLIC" if grantee == PUBLIC else quote_ident(grantee)


def target_sql(privileges: ObjectPrivileges) -> str:
    """What GRANT ... ON names: `TABLE app.users`, `FUNCTION app.f(integer)`, `SCHEMA app`."""
    word = _ON.get(privileges.kind, "TABLE")
    if privileges.kind == "schema":
        return f"SCHEMA {quote_ident(privileges.name)}"
    name = qualify(privileges.schema_name, privileges.name)
    if privileges.kind in ("function", "procedure"):
        name += f"({grant_arguments(privileges.member or '')})"  # an aggregate's `a ORDER BY b` is `a, b`
    return f"{word} {name}"


def _privilege_list(privileges: Iterable[str], column: str | None) -> str:
    suffix = f" ({quote_ident(column)})" if column is not None else ""
    return ", ".join(f"{p.upper()}{suffix}" for p in privileges)


def acl_statements(
    target: str, grantee: str, want: Mapping[str, bool], have: Mapping[str, bool], column: str | None
) -> list[str]:
    """REVOKE and GRANT statements that take `grantee` from the privileges `have` to `want` on `target`."""
    who = grantee_sql(grantee)
    revoke = [p for p in have if p not in want]
    revoke_option = [p for p in have if p in want and have[p] and not want[p]]
    grant = [p for p in want if not want[p] and p not in have]
    grant_option = [p for p in want if want[p] and not have.get(p, False)]
    statements = []
    if revoke:
        statements.append(f"REVOKE {_privilege_list(sorted(revoke), column)} ON {target} FROM {who}")
    if revoke_option:
        statements.append(
            f"REVOKE GRANT OPTION FOR {_privilege_list(sorted(revoke_option), column)} ON {target} FROM {who}"
        )
    if grant:
        statements.append(f"GRANT {_privilege_list(sorted(grant), column)} ON {target} TO {who}")
    if grant_option:
        statements.append(
            f"GRANT {_privilege_list(sorted(grant_option), column)} ON {target} TO {who} WITH GRANT OPTION"
        )
    return statements


def default_privileges_head(entry: DefaultPrivileges) -> str:
    head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_ident(entry.role)}"
    return head if entry.schema_name is None else f"{head} IN SCHEMA {quote_ident(entry.schema_name)}"


def default_acl_statements(
    entry: DefaultPrivileges, grantee: str, want: Mapping[str, bool], have: Mapping[str, bool]
) -> list[str]:
    """ALTER DEFAULT PRIVILEGES statements taking `grantee` from `have` to `want` for `entry`'s role (and schema)."""
    head = default_privileges_head(entry)
    target = entry.on_type.upper()
    statements = []
    for sql in acl_statements(target, grantee, want, have, None):
        # `GRANT x ON TABLES TO g` -> `ALTER DEFAULT PRIVILEGES ... GRANT x ON TABLES TO g`
        statements.append(f"{head} {sql}")
    return statements


def describe(grants: Mapping[str, bool]) -> str:
    """`select, insert (with grant option)`, or `(none)`."""
    if not grants:
        return "(none)"
    return ", ".join(p + (" (with grant option)" if option else "") for p, option in sorted(grants.items()))


# --- the state file -----------------------------------------------------------------------------------------


def spec_acl(grants: Grants) -> Acl:
    """A file's `grants:` as grantee -> privilege -> with grant option (`all` stays `all`)."""
    acl: Acl = {}
    for grantee, value in grants.items():
        if isinstance(value, GrantSpec):
            option = value.with_grant_option
            acl[grantee] = {p: option is True or (isinstance(option, list) and p in option) for p in value.privileges}
        else:
            acl[grantee] = dict.fromkeys(value, False)
    return acl


def exact_grants(target: str, grants: Grants, column: str | None = None) -> Iterator[str]:
    """Statements that leave each declared grantee with exactly the privileges declared."""
    for grantee, held in spec_acl(grants).items():
        who = grantee_sql(grantee)
        everything = f"ALL ({quote_ident(column)})" if column is not None else "ALL"
        yield f"REVOKE {everything} ON {target} FROM {who}"
        yield from acl_statements(target, grantee, held, {}, column)


SqlAt = tuple[str, tuple[str | int, ...]]


def materialize_grants(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SqlAt]:
    """GRANT / REVOKE statements for every declared privilege, on the physical schemas, with their file paths.

    The throwaway schema standing for `public` first gets the USAGE for PUBLIC
    that initdb gives public, so both compare against the same default.

    An object whose grants take something from its declared owner is first given that owner (`_owned_by`):
    what an owner holds is measured against the owner's default, so `REVOKE ... FROM` the owner only means
    something when the trial's object has that owner (the trial's role owns everything else).
    """
    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        base: tuple[str | int, ...] = ("schemas", logical)
        if logical == "public" and physical != "public":
            yield f"GRANT USAGE ON SCHEMA {quote_ident(physical)} TO PUBLIC", (*base,)
        target = f"SCHEMA {quote_ident(physical)}"
        schema_owner = schema.owner or (spec.owner if logical != "public" else None)
        yield from _owned_by(target, schema_owner, schema.grants, (*base, "grants"))
        for sql in exact_grants(target, schema.grants):
            yield sql, (*base, "grants")
        yield from _object_grants(schema, physical, base, spec.owner)


def _owned_by(target: str, owner: str | None, grants: Grants, path: tuple[str | int, ...]) -> Iterator[SqlAt]:
    """ALTER ... OWNER TO the declared owner, in the trial, when the object's grants take something from it.

    `<owner>: all` is the owner's default and needs no owner; anything else may differ from the default.
    """
    if owner is not None and grants.get(owner, ["all"]) != ["all"]:
        # GRANT ... ON TABLE names views, materialized views and sequences too; so does ALTER TABLE ... OWNER TO.
        yield f"ALTER {target} OWNER TO {quote_ident(owner)}", path


def _object_grants(
    schema: SchemaSpec, physical: str, base: tuple[str | int, ...], file_owner: str | None
) -> Iterator[SqlAt]:
    sections: list[tuple[str, str, Mapping[str, Any]]] = [
        ("tables", "TABLE", schema.tables),
        ("views", "TABLE", schema.views),
        ("materialized_views", "TABLE", schema.materialized_views),
        ("sequences", "SEQUENCE", schema.sequences),
    ]
    for section, word, objects in sections:
        for name, obj in objects.items():
            target = f"{word} {qualify(physical, name)}"
            path = (*base, section, name, "grants")
            yield from _owned_by(target, obj.owner or file_owner, obj.grants, path)
            for sql in exact_grants(target, obj.grants):
                yield sql, path
    for name, tail, fn in function_variants(schema):
        target = function_target(schema, physical, name, fn)
        yield from _owned_by(target, fn.owner or file_owner, fn.grants, (*base, *tail, "grants"))
        for sql in exact_grants(target, fn.grants):
            yield sql, (*base, *tail, "grants")
    for name, tail, procedure in procedure_variants(schema):
        target = procedure_target(schema, physical, name, procedure)
        yield from _owned_by(target, procedure.owner or file_owner, procedure.grants, (*base, *tail, "grants"))
        for sql in exact_grants(target, procedure.grants):
            yield sql, (*base, *tail, "grants")
    for name, tail, aggregate in aggregate_variants(schema):
        target = f"FUNCTION {qualify(physical, name)}({grant_arguments(aggregate.arguments)})"
        owned = f"AGGREGATE {qualify(physical, name)}({grant_arguments(aggregate.arguments)})"
        yield from _owned_by(owned, aggregate.owner or file_owner, aggregate.grants, (*base, *tail, "grants"))
        for sql in exact_grants(target, aggregate.grants):
            yield sql, (*base, *tail, "grants")
    for name, table in schema.tables.items():
        for column_name, column in table.columns.items():
            for sql in exact_grants(f"TABLE {qualify(physical, name)}", column.grants, column_name):
                yield sql, (*base, "tables", name, "columns", column_name, "grants")
    column_grants = [
        *(("views", name, view.column_grants) for name, view in schema.views.items()),
        *(("materialized_views", name, matview.column_grants) for name, matview in schema.materialized_views.items()),
    ]
    for section, name, by_column in column_grants:
        for column_name, grants in by_column.items():
            for sql in exact_grants(f"TABLE {qualify(physical, name)}", grants, column_name):
                yield sql, (*base, section, name, "column_grants", column_name)
    for name, grants in schema.type_grants.items():
        word, owner = _declared_type(schema, name)
        yield from _owned_by(
            f"{word} {qualify(physical, name)}", owner or file_owner, grants, (*base, "type_grants", name)
        )
        for sql in exact_grants(f"TYPE {qualify(physical, name)}", grants):
            yield sql, (*base, "type_grants", name)
    for name, grants in schema.sequence_grants.items():
        for sql in exact_grants(f"SEQUENCE {qualify(physical, name)}", grants):
            yield sql, (*base, "sequence_grants", name)


def _declared_type(schema: SchemaSpec, name: str) -> tuple[str, str | None]:
    """What ALTER ... OWNER TO names a type by (DOMAIN for a domain), and the owner its declaration gives it."""
    if name in schema.domains:
        return "DOMAIN", schema.domains[name].owner
    for section in (schema.enums, schema.composite_types, schema.ranges, schema.shell_types):
        if name in section:
            return "TYPE", section[name].owner
    return "TYPE", None


def materialize_default_privileges(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SqlAt]:
    """ALTER DEFAULT PRIVILEGES for each declaration: run last, so they give nothing the file declared."""
    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for role, by_type in schema.default_privileges.items():
            for on_type, grants in by_type.items():
                entry = DefaultPrivileges(schema_name=physical, role=role, on_type=on_type)
                for grantee, held in spec_acl(grants).items():
                    for sql in default_acl_statements(entry, grantee, held, {}):
                        yield sql, ("schemas", logical, "default_privileges", role, on_type, grantee)
