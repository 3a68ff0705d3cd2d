"""Comments on objects that carry one besides their definition (schemas, functions, sequences, enums, constraints,
indexes, triggers).

A comment is not part of an object's definition: when only the comment differs, COMMENT ON changes it in place
instead of dropping and re-creating the object, and an object re-created for another reason gets its comment back
from its create statements (ddl.comment_if_any).
"""

from __future__ import annotations

from pydantic import BaseModel

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import quote_ident


def only_comment_differs(want: BaseModel, have: BaseModel) -> bool:
    """True when two versions of an object differ in their comment and in nothing else."""
    return want.model_dump(exclude={"comment"}) == have.model_dump(exclude={"comment"}) and getattr(
        want, "comment", None
    ) != getattr(have, "comment", None)


def comment_change(target: str, want: str | None, have: str | None) -> list[Statement]:
    """COMMENT ON `target` when the comment changes (IS NULL when it goes away); nothing otherwise."""
    return [] if want == have else [ddl.comment_on(target, want)]


def without_comments(statements: list[Statement]) -> list[Statement]:
    """Statements less their COMMENT ON: an update states the comment change itself (comment_change)."""
    return [s for s in statements if s.phase != ddl.Phase.COMMENT]


# The comment PostgreSQL gives `public` in a new database (and template1): read as no declaration at all.
PUBLIC_SCHEMA_COMMENT = "standard public schema"


def schema_comment_text(schema: str, want: str | None) -> str | None:
    """The comment to set on `schema` for its declared comment.

    `public` without a declared comment gets PostgreSQL's own (PUBLIC_SCHEMA_COMMENT), which the inspector reads
    as no comment; `comment: ""` on it declares none at all (queries/schemas.sql reads a public schema without
    a comment as ""), and COMMENT ON ... IS '' removes a comment, as pg_dump writes it.
    """
    return PUBLIC_SCHEMA_COMMENT if want is None and schema == "public" else want


def schema_comment_changes(desired: dict[str, str], live: dict[str, str], schemas: list[str]) -> dict[str, Statement]:
    """Schema -> COMMENT ON SCHEMA, for each existing declared schema whose comment differs."""
    changes = {}
    for schema in schemas:
        want, have = desired.get(schema), live.get(schema)
        if want != have:
            changes[schema] = ddl.comment_on(f"SCHEMA {quote_ident(schema)}", schema_comment_text(schema, want))
    return changes
