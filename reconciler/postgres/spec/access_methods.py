"""Table access methods as a person declares them, and the `access_method:` of tables and materialized views.

The database's `access_methods` are keyed by name (an access method's name is unique in its database, like an
event trigger's). Only a superuser may CREATE or DROP ACCESS METHOD, and PostgreSQL has no ALTER ACCESS METHOD:
a new handler means dropping the method and creating it again, which PostgreSQL refuses while a relation uses
it (access_methods.py says how the plan handles that). The plan never creates one to check a declaration: the
handler is resolved on the server with to_regprocedure (access_methods.resolve), which reads a name and runs
nothing, and must return table_am_handler.

Only table access methods (TYPE TABLE) are declarable: an index access method is of no use without operator
classes and families, which state files cannot declare, so a user's index access methods are reported as
undeclarable (queries/undeclarable.sql) and left alone.

A table's or materialized view's `access_method:` left out means PostgreSQL's built-in `heap`, never the
session's default_table_access_method: the plan writes USING in every CREATE TABLE and CREATE MATERIALIZED
VIEW, so what it shows is what the apply makes.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from reconciler.postgres.spec.common import IDENTIFIER_MAX, QUALIFIED_NAME, Identifier, Strict

# PostgreSQL 15's own access methods (pg_am rows below FirstNormalObjectId): never declared, dropped or changed.
BUILT_IN = frozenset({"heap", "btree", "hash", "gist", "gin", "spgist", "brin"})
DEFAULT = "heap"


def _not_built_in(name: str) -> str:
    if name in BUILT_IN:
        raise ValueError(f"{name!r} is one of PostgreSQL's built-in access methods: it cannot be declared")
    return name


AccessMethodName = Annotated[Identifier, AfterValidator(_not_built_in)]
HandlerName = Annotated[str, Field(pattern=QUALIFIED_NAME, max_length=IDENTIFIER_MAX * 4 + 5)]
# `access_method:` of a table or materialized view: any table access method, heap included.
RelationAccessMethod = Annotated[
    Identifier | None,
    Field(
        description="Its table access method (CREATE ... USING): a built-in one (heap), an extension's or one "
        "declared under access_methods. Left out: heap, whatever default_table_access_method says. A change "
        "rewrites it under an ACCESS EXCLUSIVE lock (ALTER ... SET ACCESS METHOD)."
    ),
]


class AccessMethodSpec(Strict):
    """A table access method (CREATE ACCESS METHOD ... TYPE TABLE HANDLER ...), database-wide; its key is its name."""

    type: Literal["table"] = Field(
        description="table: the only type state files declare (an index access method needs a handler written in C "
        "for it, which only an extension brings, and the extension then owns the method)."
    )
    handler: HandlerName = Field(
        description="The handler function (`public.my_am_handler`, schema-qualified or found on the search_path): "
        "one taking internal and returning table_am_handler. A new handler drops the method and creates it again, "
        "which the plan refuses while a table or materialized view uses it."
    )
    comment: str | None = None
