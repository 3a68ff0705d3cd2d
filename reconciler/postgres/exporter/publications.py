"""Publications read back into a state file: tables as `schema.table`, column lists, row filters, publish options.

A row filter is written as PostgreSQL prints it (pg_get_expr): the plan normalizes it to the same text.
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres.dependencies import split_qualified
from reconciler.postgres.model import Database, Publication, PublishedTable
from reconciler.postgres.spec.publications import PUBLISH_ACTIONS


def _table(qualified: str, published: PublishedTable) -> Any:
    """`schema.table` alone, or with its column list and row filter."""
    schema, table = split_qualified(qualified)
    name = f"{schema}.{table}"
    if not published.columns and published.where is None:
        return name
    spec: dict[str, Any] = {"table": name}
    if published.columns:
        spec["columns"] = list(published.columns)
    if published.where is not None:
        spec["where"] = published.where
    return spec


def _publication(publication: Publication) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if publication.all_tables:
        spec["all_tables"] = True
    if publication.tables:
        spec["tables"] = [_table(t, c) for t, c in publication.tables.items()]
    if publication.schemas:
        spec["schemas"] = list(publication.schemas)
    if tuple(publication.publish) != PUBLISH_ACTIONS:
        spec["publish"] = list(publication.publish)
    if publication.via_partition_root:
        spec["publish_via_partition_root"] = True
    if publication.owner is not None:
        spec["owner"] = publication.owner
    if publication.comment is not None:
        spec["comment"] = publication.comment
    return spec


def exported(live: Database) -> dict[str, Any]:
    """Every publication, by name."""
    return {name: _publication(p) for name, p in live.publications.items()}
