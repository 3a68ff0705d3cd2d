"""Privileges on the database itself: GRANT CONNECT, CREATE, TEMPORARY ON DATABASE.

A database file's `grants:` maps a role (`public` for PUBLIC) to its privileges on the database; each role listed
holds exactly these, a role left out holds its default (PUBLIC: CONNECT and TEMPORARY, the owner: all), and a file
without `grants:` leaves the database's privileges alone. Read from pg_database.datacl (queries/
database_privileges.sql) like any object's ACL, compared as privileges.py compares them: the grantees that differ
from the default ACL. Privilege names come from a fixed list and roles are quoted identifiers: nothing else of the
file reaches SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.postgres import ddl
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.model import Acl, Database
from reconciler.postgres.privileges import PUBLIC, acl_statements, against_default, describe, grantee_sql
from reconciler.postgres.spec.database import DATABASE_PRIVILEGES, DatabaseSpec

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

# PUBLIC's privileges on a new database, whoever owns it (acldefault('d', ...)).
NEW_DATABASE_PUBLIC: Acl = {PUBLIC: {"connect": False, "temporary": False}}


def from_rows(rows: Sequence[Mapping[str, Any]]) -> tuple[Acl, Acl]:
    """(the grantees that differ from the default ACL, the default ACL) of queries/database_privileges.sql's row."""
    if not rows:
        return {}, {}
    return against_default(rows[0]["acl"], rows[0]["default_acl"])


def declared(spec: DatabaseSpec) -> Acl | None:
    """The file's `grants:`, each listed grantee with exactly its privileges; None when it declares none."""
    if spec.grants is None:
        return None
    want: Acl = {}
    for grantee, privileges in spec.grants.items():
        names = DATABASE_PRIVILEGES if "all" in privileges else privileges
        want[grantee] = dict.fromkeys(sorted(set(names)), False)
    return want


def diff(differ: _Differ) -> None:
    """The `database.grants` change, when the file declares grants and they differ from the live ones."""
    from reconciler.postgres.differ.privileges import acl_changes, add_grants_change

    want, live = differ.desired.database_grants, differ.live
    if want is None:
        return
    target = f"DATABASE {quote_ident(live.name)}"
    if live.exists:
        have = live.database_grants or {}
        statements, detail, revokes = acl_changes(target, want, have, live.database_grant_defaults, ddl.Phase.GRANT)
    else:  # created by this plan, owned by a role it does not know: PUBLIC from its default, the others exactly
        public = {PUBLIC: want[PUBLIC]} if PUBLIC in want else {}
        statements, detail, revokes = acl_changes(target, public, {}, NEW_DATABASE_PUBLIC, ddl.Phase.GRANT)
        for grantee, held in want.items():
            if grantee != PUBLIC:
                lines = [f"REVOKE ALL ON {target} FROM {grantee_sql(grantee)}"]
                lines += acl_statements(target, grantee, held, {}, None)
                statements += [ddl.stmt(line, ddl.Phase.GRANT) for line in lines]
                detail.append(f"{grantee}: {describe(held)}")
    add_grants_change(differ, "database", None, None, statements, detail, revokes)


def exported(live: Database) -> dict[str, list[str]]:
    """`grants:` for a database file: the grantees that differ from the default ACL, each with its privileges."""
    return {grantee: sorted(held) for grantee, held in (live.database_grants or {}).items()}
