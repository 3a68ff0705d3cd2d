"""Grants on the objects an extension owns: read from the catalogs, resolved in the plan's trial, and named.

An extension's members are never declared (queries/privileges.sql leaves them out), but their privileges are
the database's: `GRANT EXECUTE ON FUNCTION hstore(text, text) TO app`, `REVOKE ... FROM PUBLIC`, `GRANT SELECT
ON pg_stat_statements TO monitor`. Their default is not acldefault but what the extension's script left when it
was installed, which PostgreSQL records in pg_init_privs (privtype 'e'); where the script granted nothing the
default is acldefault. queries/extension_member_privileges.sql reads, for the extensions in scope (in a managed
schema, or declared), the members whose ACL was ever set, and each is compared as an object's privileges are
(privileges.differing): the grantees whose privileges differ from the install-time ones.

A member is named `<kind> <name>` relative to the extension's schema (`function hstore(text, text)`,
`type hstore`, `view pg_stat_statements`): PostgreSQL's own identity of it (pg_identify_object_as_address),
with `pg_catalog.` and the extension's schema left off the names. So a member keeps its name when the
extension moves to another schema.

In the trial (`resolve`, run once the declared extensions exist there), each extension's member keys are
looked up by PostgreSQL with only the extension's schema on the search_path (to_regprocedure, to_regclass,
to_regtype, ...): nothing runs but those look-ups. A key that names nothing, or an object that is not the
extension's, is an error naming file, line and field; two spellings of one member are too. Then each declared
grantee's set is made exact there on the catalog's own name of the member (REVOKE ALL, GRANT), so PostgreSQL
checks the privileges against the kind and spells `all` out, and the result is read back with the same query
as the live side. The desired privileges are the declared grantees' only: a grantee left out keeps its default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from reconciler.errors import StateError, StateIssue
from reconciler.postgres import trial_lookup
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import Database, ExtensionMemberPrivileges
from reconciler.postgres.privileges import differing, exact_grants, exploded
from reconciler.postgres.spec.database import DatabaseSpec, ExtensionSpec
from reconciler.postgres.spec.extension_members import parse_member
from reconciler.postgres.trial_lookup import Locator

QUERY = "extension_member_privileges"  # an inspector query kind (queries/extension_member_privileges.sql)

# pg_identify_object_as_address's type -> the kind a key names, and the word GRANT ... ON takes for it.
_KINDS = {
    "function": ("function", "FUNCTION"),
    "aggregate": ("aggregate", "FUNCTION"),
    "procedure": ("procedure", "PROCEDURE"),
    "table": ("table", "TABLE"),
    "view": ("view", "TABLE"),
    "materialized view": ("materialized view", "TABLE"),
    "foreign table": ("foreign table", "TABLE"),
    "sequence": ("sequence", "SEQUENCE"),
    "type": ("type", "TYPE"),
    "schema": ("schema", "SCHEMA"),
    "foreign-data wrapper": ("foreign data wrapper", "FOREIGN DATA WRAPPER"),
    "server": ("server", "FOREIGN SERVER"),
    "language": ("language", "LANGUAGE"),
}
_QUALIFIED = ("function", "aggregate", "procedure", "table", "view", "materialized view", "foreign table", "sequence")


def privileges_key(extension: str, member: str) -> str:
    return f"{extension}/{member}"


def _unqualified(name: str, schemas: Iterable[str]) -> str:
    """A type as format_type_be_qualified writes it, without the leading schema when it is one of `schemas`."""
    for schema in schemas:
        prefix = f"{quote_ident(schema)}."
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def member_name(row: dict[str, Any], extension_schema: str) -> str:
    """How a state file names the member of a row: `function hstore(text, text)`, `type hstore`."""
    kind = _KINDS[row["kind"]][0]
    names, args = list(row["names"]), list(row["args"] or [])
    if row["kind"] in _QUALIFIED:
        schema, name = names
        text = quote_ident(name) if schema == extension_schema else qualify(schema, name)
    elif row["kind"] == "type":
        text = _unqualified(names[0], ("pg_catalog", extension_schema))
    else:
        text = quote_ident(names[0])
    if kind in ("function", "aggregate", "procedure"):
        text += "(" + ", ".join(_unqualified(a, ("pg_catalog", extension_schema)) for a in args) + ")"
    return f"{kind} {text}"


def member_target(row: dict[str, Any]) -> str:
    """What GRANT ... ON names for the member of a row, schema-qualified: `FUNCTION public.hstore(text, text)`."""
    kind, word = _KINDS[row["kind"]]
    names, args = list(row["names"]), list(row["args"] or [])
    if row["kind"] in _QUALIFIED:
        text = qualify(*names)
    elif row["kind"] == "type":
        text = names[0]
    else:
        text = quote_ident(names[0])
    if kind in ("function", "aggregate", "procedure"):
        text += "(" + ", ".join(_unqualified(a, ("pg_catalog",)) for a in args) + ")"
    return f"{word} {text}"


def _entry(row: dict[str, Any], extension_schema: str, only: Iterable[str] | None = None) -> ExtensionMemberPrivileges:
    default = exploded(row["default_acl"])
    grants = differing(exploded(row["acl"]), default)
    if only is not None:
        kept = set(only)
        grants = {grantee: held for grantee, held in grants.items() if grantee in kept}
    return ExtensionMemberPrivileges(
        extension=row["extension"],
        member=member_name(row, extension_schema),
        grants=grants,
        target=member_target(row),
        defaults=default,
    )


def read_into(db: Database, rows: list[dict[str, Any]]) -> None:
    """queries/extension_member_privileges.sql into `db`: the members whose privileges differ from the default."""
    for row in rows:
        if row["kind"] not in _KINDS:
            continue
        entry = _entry(row, row["extension_schema"])
        if entry.grants:
            db.extension_member_privileges[privileges_key(entry.extension, entry.member)] = entry


# --- the trial ----------------------------------------------------------------------------------------------

# Each declared member as PostgreSQL resolves it with the extension's schema on the search_path: the object, its
# identity and whether it is the extension's. NULL columns where a name resolves to nothing.
RESOLVE = """
WITH declared AS (
    SELECT u.position, u.lookup, u.name
    FROM unnest(%(lookups)s::text[], %(names)s::text[]) WITH ORDINALITY AS u (lookup, name, position)
),
found AS (
    SELECT d.position,
           CASE d.lookup WHEN 'routine' THEN 'pg_proc'::regclass WHEN 'relation' THEN 'pg_class'::regclass
                         WHEN 'type' THEN 'pg_type'::regclass WHEN 'schema' THEN 'pg_namespace'::regclass
                         WHEN 'foreign data wrapper' THEN 'pg_foreign_data_wrapper'::regclass
                         WHEN 'server' THEN 'pg_foreign_server'::regclass
                         WHEN 'language' THEN 'pg_language'::regclass END::oid AS classid,
           CASE d.lookup WHEN 'routine' THEN to_regprocedure(d.name)::oid
                         WHEN 'relation' THEN to_regclass(d.name)::oid
                         WHEN 'type' THEN to_regtype(d.name)::oid
                         WHEN 'schema' THEN to_regnamespace(d.name)::oid
                         WHEN 'foreign data wrapper' THEN
                             (SELECT w.oid FROM pg_foreign_data_wrapper w WHERE w.fdwname = (parse_ident(d.name))[1])
                         WHEN 'server' THEN
                             (SELECT s.oid FROM pg_foreign_server s WHERE s.srvname = (parse_ident(d.name))[1])
                         WHEN 'language' THEN
                             (SELECT l.oid FROM pg_language l WHERE l.lanname = (parse_ident(d.name))[1]) END AS objid
    FROM declared d
)
SELECT f.position, f.classid, f.objid,
       EXISTS (SELECT 1 FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid
               WHERE e.classid = f.classid AND e.objid = f.objid AND e.objsubid = 0
                 AND e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e' AND x.extname = %(extension)s)
           AS member,
       a.type AS kind, a.object_names AS names, a.object_args AS args
FROM found f
LEFT JOIN LATERAL (SELECT * FROM pg_identify_object_as_address(f.classid, f.objid, 0) WHERE f.objid IS NOT NULL) a
    ON true
ORDER BY f.position
"""


@dataclass(frozen=True)
class _Declared:
    """One key of an extension's `member_grants`, with the path of its entry in the file."""

    key: str
    lookup: str
    name: str
    path: tuple[str | int, ...]


def _declared(index: int, extension: ExtensionSpec) -> list[_Declared]:
    found = []
    for key in extension.member_grants:
        parsed = parse_member(key)
        found.append(_Declared(key, parsed.lookup, parsed.name, ("extensions", index, "member_grants", key)))
    return found


def _lookup(extension: ExtensionSpec) -> trial_lookup.Read[_Declared]:
    def read(conn: psycopg.Connection[Any], declared: list[_Declared], _: list[str]) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute("SELECT set_config('search_path', %s, true)", (quote_ident(extension.schema_),))
            parameters = {
                "lookups": [d.lookup for d in declared],
                "names": [d.name for d in declared],
                "extension": extension.name,
            }
            return cursor.execute(RESOLVE, parameters).fetchall()

    return read


def resolve(conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator) -> dict[str, ExtensionMemberPrivileges]:
    """The declared grants on extension members, as PostgreSQL stores them; run in the trial once its extensions
    exist. StateError naming each member key that names nothing, another's object or a member named already, and
    each grant PostgreSQL refuses."""
    issues: list[StateIssue] = []
    targets: dict[tuple[int, int], tuple[_Declared, ExtensionSpec]] = {}
    for index, extension in enumerate(spec.extensions):
        declared = _declared(index, extension)
        if not declared:
            continue
        rows = trial_lookup.lookup(conn, declared, [], _lookup(extension), lambda d: d.path, locate)
        for row in rows:
            entry = declared[row["position"] - 1]
            problem = _problem(row, entry, extension, targets)
            if problem is not None:
                issues.append(locate(entry.path, problem))
                continue
            targets[(row["classid"], row["objid"])] = (entry, extension)
            issues += _grant(conn, member_target(row), entry, extension, locate)
    if issues:
        raise StateError(issues)
    if not targets:
        return {}
    with conn.cursor(row_factory=dict_row) as cursor:
        parameters = {"schemas": [], "extensions": sorted({e.name for _, e in targets.values()}), "public_like": []}
        text = resources.files("reconciler.postgres").joinpath(f"queries/{QUERY}.sql").read_text(encoding="utf-8")
        read = {(r["classid"], r["objid"]): r for r in cursor.execute(text.encode(), parameters).fetchall()}
    found: dict[str, ExtensionMemberPrivileges] = {}
    for identity, (entry, extension) in targets.items():
        acl = read.get(identity)
        if acl is None:  # every declared grantee holds its default: the ACL was never set
            continue
        privileges = _entry(acl, extension.schema_, extension.member_grants[entry.key])
        if privileges.grants:
            found[privileges_key(extension.name, privileges.member)] = privileges
    return found


def _problem(
    row: dict[str, Any],
    entry: _Declared,
    extension: ExtensionSpec,
    seen: dict[tuple[int, int], tuple[_Declared, ExtensionSpec]],
) -> str | None:
    if row["objid"] is None:
        return f"{entry.key!r} names nothing (looked up with schema {extension.schema_!r} on the search_path)"
    if not row["member"] or row["kind"] not in _KINDS:
        return f"{entry.key!r} is not an object of extension {extension.name!r}"
    earlier = seen.get((row["classid"], row["objid"]))
    if earlier is not None:
        return f"{entry.key!r} names the member {earlier[0].key!r} names already"
    return None


def _grant(
    conn: psycopg.Connection[Any], target: str, entry: _Declared, extension: ExtensionSpec, locate: Locator
) -> list[StateIssue]:
    """Make each declared grantee's privileges on the member exact, in the trial; an issue for a refused one."""
    for sql in exact_grants(target, extension.member_grants[entry.key]):
        try:
            with conn.transaction():
                conn.execute(sql.encode())
        except psycopg.Error as exc:
            return [locate(entry.path, f"PostgreSQL rejects this: {exc.diag.message_primary}")]
    return []


def with_resolved(desired: Database, found: dict[str, ExtensionMemberPrivileges]) -> None:
    """`desired` holding the file's grants on extension members (the trial read none: its extensions are real)."""
    desired.extension_member_privileges = found
