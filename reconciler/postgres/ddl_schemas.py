"""Statements for schemas and extensions.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, stmt
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Extension


def create_schema(name: str, comment: str | None = None) -> list[Statement]:
    return [
        stmt(f"CREATE SCHEMA {quote_ident(name)}", Phase.CREATE_SCHEMA),
        *comment_if_any(f"SCHEMA {quote_ident(name)}", comment),
    ]


def drop_schema(name: str) -> list[Statement]:
    # No CASCADE: what is still in it (an object the plan did not drop) makes PostgreSQL refuse.
    return [stmt(f"DROP SCHEMA {quote_ident(name)}", Phase.DROP_SCHEMA)]


def create_extension(ext: Extension) -> list[Statement]:
    return [
        stmt(
            f"CREATE EXTENSION IF NOT EXISTS {quote_ident(ext.name)} SCHEMA {quote_ident(ext.schema_name)}"
            + ("" if ext.version is None else f" VERSION {quote_literal(ext.version)}"),
            Phase.CREATE_EXTENSION,
        ),
        *comment_if_any(f"EXTENSION {quote_ident(ext.name)}", ext.comment),
    ]


def drop_extension(ext: Extension) -> list[Statement]:
    return [stmt(f"DROP EXTENSION {quote_ident(ext.name)}", Phase.DROP_EXTENSION)]
