"""Statements for views.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_on, stmt, with_options
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import MaterializedView, View


def create_view(view: View, *, replace: bool = False) -> list[Statement]:
    head = "CREATE OR REPLACE VIEW" if replace else "CREATE VIEW"
    name = qualify(view.schema_name, view.name)
    query = view.source or view.definition.rstrip(";")
    statements = [stmt(f"{head} {name}{with_options(view.options)} AS\n{query}", Phase.CREATE_VIEW)]
    if view.comment is not None:
        statements.append(comment_on(f"VIEW {name}", view.comment))
    return statements + column_comments(view) + column_defaults(view)


def column_comments(view: View | MaterializedView, before: View | MaterializedView | None = None) -> list[Statement]:
    """COMMENT ON COLUMN for each of the view's columns whose comment differs from `before` (None: a new view)."""
    name = qualify(view.schema_name, view.name)
    old = before.column_comments if before is not None else {}
    return [
        comment_on(f"COLUMN {name}.{quote_ident(column)}", view.column_comments.get(column))
        for column in [*view.column_comments, *(c for c in old if c not in view.column_comments)]
        if view.column_comments.get(column) != old.get(column)
    ]


def column_defaults(view: View, before: View | None = None) -> list[Statement]:
    """SET DEFAULT or DROP DEFAULT for each of the view's columns whose default differs from `before` (None: new)."""
    name = qualify(view.schema_name, view.name)
    old = before.column_defaults if before is not None else {}
    statements = []
    for column in [*view.column_defaults, *(c for c in old if c not in view.column_defaults)]:
        default = view.column_defaults.get(column)
        if default != old.get(column):
            action = "DROP DEFAULT" if default is None else f"SET DEFAULT {default}"
            statements.append(stmt(f"ALTER VIEW {name} ALTER COLUMN {quote_ident(column)} {action}", Phase.CREATE_VIEW))
    return statements


def drop_view(view: View) -> list[Statement]:
    return [stmt(f"DROP VIEW {qualify(view.schema_name, view.name)}", Phase.DROP_VIEW)]
