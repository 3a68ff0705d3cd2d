"""Extension versions (ALTER EXTENSION ... UPDATE [TO version]), schemas and comments.

A version is declared only where it is not the extension's default version
(pg_available_extensions.default_version): both sides read "at the default"
as no version, so plain files stay short and an extension left unpinned is
brought back to its default with a bare UPDATE. A version no update path
leads to from the installed one (a downgrade: pg_extension_update_paths) is
reached by dropping the extension and creating it at that version, a
destructive change like a move of one that cannot be relocated.

An extension declared in another schema moves there with ALTER EXTENSION
... SET SCHEMA, after the new schema is created and before the old one is
dropped. One its control file marks not relocatable cannot move: it is
dropped and created in the new schema, a destructive change (what uses its
objects makes the drop fail; what its own tables hold is lost).
"""

from __future__ import annotations

from reconciler.changes import Hazard, Statement
from reconciler.postgres import ddl, ddl_schemas
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Extension

RECREATED = Hazard(
    code="extension_recreated",
    message="it cannot be relocated: it is dropped and created in the new schema; what uses its types or "
    "functions makes the drop fail, and what its own tables hold is lost",
)


NO_UPDATE_PATH = Hazard(
    code="extension_recreated",
    message="no update path leads to this version from the installed one: it is dropped and created at that "
    "version; what uses its types or functions makes the drop fail, and what its own tables hold is lost",
)


def unreachable(want: Extension, have: Extension) -> bool:
    """Whether ALTER EXTENSION ... UPDATE cannot take `have` to `want`'s version (known only for a live one)."""
    if want.version == have.version or have.reachable is None:
        return False
    return (want.version or have.default_version) not in have.reachable


def recreated_extension(want: Extension, have: Extension) -> tuple[list[Statement], list[Hazard]]:
    """Drop and create, for a new schema the extension cannot be relocated to or a version no update reaches."""
    dropped = ddl.stmt(f"DROP EXTENSION {quote_ident(have.name)}", ddl.Phase.DROP_FUNCTION_TO_REPLACE)
    hazard = NO_UPDATE_PATH if want.schema_name == have.schema_name else RECREATED
    return [dropped, *ddl_schemas.create_extension(want)], [hazard]


def moved_extension(want: Extension, have: Extension) -> tuple[list[Statement], list[Hazard]]:
    """ALTER EXTENSION ... SET SCHEMA, or drop and create for one that cannot be relocated (with its hazard)."""
    if have.relocatable and not unreachable(want, have):
        sql = f"ALTER EXTENSION {quote_ident(want.name)} SET SCHEMA {quote_ident(want.schema_name)}"
        return [ddl.stmt(sql, ddl.Phase.CREATE_EXTENSION), *update_extension(want, have)], []
    return recreated_extension(want, have)


def update_extension(want: Extension, have: Extension) -> list[Statement]:
    """The statements that bring `have` to `want`'s version and comment."""
    statements = []
    if want.version != have.version:
        target = "" if want.version is None else f" TO {quote_literal(want.version)}"
        statements.append(
            ddl.stmt(f"ALTER EXTENSION {quote_ident(want.name)} UPDATE{target}", ddl.Phase.CREATE_EXTENSION)
        )
    if want.comment != have.comment:
        # No declared comment: the one CREATE EXTENSION gives.
        statements.append(ddl.comment_on(f"EXTENSION {quote_ident(want.name)}", want.comment or have.default_comment))
    return statements
