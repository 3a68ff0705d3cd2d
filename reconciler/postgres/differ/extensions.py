"""Extension versions (ALTER EXTENSION ... UPDATE [TO version]), schemas and comments.

A version is declared only where it is not the extension's default version
(pg_available_extensions.default_version): both sides read "at the default"
as no version, so plain files stay short and an extension left unpinned is
brought back to its default with a bare UPDATE.

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


def moved_extension(want: Extension, have: Extension) -> tuple[list[Statement], list[Hazard]]:
    """ALTER EXTENSION ... SET SCHEMA, or drop and create for one that cannot be relocated (with its hazard)."""
    if have.relocatable:
        sql = f"ALTER EXTENSION {quote_ident(want.name)} SET SCHEMA {quote_ident(want.schema_name)}"
        return [ddl.stmt(sql, ddl.Phase.CREATE_EXTENSION), *update_extension(want, have)], []
    dropped = ddl.stmt(f"DROP EXTENSION {quote_ident(have.name)}", ddl.Phase.DROP_FUNCTION_TO_REPLACE)
    return [dropped, *ddl_schemas.create_extension(want)], [RECREATED]


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
