"""Extension versions (ALTER EXTENSION ... UPDATE [TO version]) and comments.

A version is declared only where it is not the extension's default version
(pg_available_extensions.default_version): both sides read "at the default"
as no version, so plain files stay short and an extension left unpinned is
brought back to its default with a bare UPDATE.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Extension

SCHEMA_MOVE = "moving an extension to another schema is not supported; move it by hand (ALTER EXTENSION ... SET SCHEMA)"


def update_extension(want: Extension, have: Extension) -> tuple[list[Statement], str | None]:
    """The statements that bring `have` to `want`'s version, or why the change is blocked."""
    if want.schema_name != have.schema_name:
        return [], SCHEMA_MOVE
    statements = []
    if want.version != have.version:
        target = "" if want.version is None else f" TO {quote_literal(want.version)}"
        statements.append(
            ddl.stmt(f"ALTER EXTENSION {quote_ident(want.name)} UPDATE{target}", ddl.Phase.CREATE_EXTENSION)
        )
    if want.comment != have.comment:
        # No declared comment: the one CREATE EXTENSION gives.
        statements.append(ddl.comment_on(f"EXTENSION {quote_ident(want.name)}", want.comment or have.default_comment))
    return statements, None
