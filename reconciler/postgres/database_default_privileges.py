"""Database-wide default privileges (ALTER DEFAULT PRIVILEGES FOR ROLE ... without IN SCHEMA), in the trial.

PostgreSQL keeps at most one such row per role and kind (pg_default_acl with no namespace). It replaces the
built-in default (acldefault) of everything the role creates anywhere in the database, and a schema's own row adds
to it. ALTER DEFAULT PRIVILEGES starts from the built-in default and drops the row once it equals it again, so a
row is read, like an object's ACL, as the grantees whose privileges differ from that default (privileges.py); a
file declares each grantee's whole set and a grantee it leaves out keeps its default: `public: []` under
`functions` revokes PUBLIC's EXECUTE, `<the role itself>: []` the role's own privileges on what it creates.

The trial's transaction, always rolled back:

- resets the connected role's own rows first (`reset_own`): the trial creates every object as that role, and
  such a row would give them privileges the file does not declare (a row revoking PUBLIC's EXECUTE on functions
  would read as `public: []` on every function);
- makes each declared grantee's set exact last (`materialize`), so PostgreSQL checks roles, privilege names and
  grant options and spells `all` out;
- reads every role's rows back, the live ones of roles and grantees the file leaves alone among them, and keeps
  only what the file declares (`declared_only`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg.rows import dict_row

from reconciler.postgres.inspector import query
from reconciler.postgres.model import Database, DefaultPrivileges
from reconciler.postgres.privileges import (
    SqlAt,
    default_acl_statements,
    default_privileges_head,
    from_rows,
    grantee_sql,
    spec_acl,
)
from reconciler.postgres.spec.database import DatabaseSpec


def reset_own(conn: psycopg.Connection[Any]) -> None:
    """Take the connected role's database-wide rows back to the built-in default (in the trial's transaction)."""
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(query("default_privileges"), {"schemas": []}).fetchall()
        user = cursor.execute("SELECT current_user AS name").fetchone()
    assert user is not None
    _, entries = from_rows([], [r for r in rows if r["role"] == user["name"]], str, str)
    for entry in entries.values():
        for grantee, held in entry.grants.items():
            for statement in default_acl_statements(entry, grantee, entry.defaults.get(grantee, {}), held):
                conn.execute(statement.encode())


def materialize(spec: DatabaseSpec) -> Iterator[SqlAt]:
    """Statements leaving each declared grantee with exactly its declared set, with their file paths."""
    for role, by_type in spec.default_privileges.items():
        for on_type, grants in by_type.items():
            entry = DefaultPrivileges(schema_name=None, role=role, on_type=on_type)
            for grantee, held in spec_acl(grants).items():
                path = ("default_privileges", role, on_type, grantee)
                revoke_all = f"REVOKE ALL ON {on_type.upper()} FROM {grantee_sql(grantee)}"
                yield f"{default_privileges_head(entry)} {revoke_all}", path
                yield from ((sql, path) for sql in default_acl_statements(entry, grantee, held, {}))


def declared_only(desired: Database, spec: DatabaseSpec) -> None:
    """Keep, of the database-wide rows the trial read, the declared roles, kinds and grantees."""
    kept: dict[str, DefaultPrivileges] = {}
    for key, entry in desired.default_privileges.items():
        if entry.schema_name is not None:
            kept[key] = entry
            continue
        by_type = spec.default_privileges.get(entry.role, {}).items()
        declared = next((grants for kind, grants in by_type if kind == entry.on_type), {})
        grants = {grantee: held for grantee, held in entry.grants.items() if grantee in declared}
        if grants:
            kept[key] = entry.model_copy(update={"grants": grants})
    desired.default_privileges = kept
