"""Publications read back into a state file: tables as `schema.table`, column lists, publish options.

A publication with a row filter is not declarable: left out of the file, named in its header, and left alone by
the plan (publications.held).
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres import publications
from reconciler.postgres.dependencies import split_qualified
from reconciler.postgres.model import Database, Publication
from reconciler.postgres.spec.publications import PUBLISH_ACTIONS


def _table(qualified: str, columns: list[str]) -> Any:
    schema, table = split_qualified(qualified)
    name = f"{schema}.{table}"
    return {"table": name, "columns": columns} if columns else name


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
    """The declarable publications, by name."""
    held = {p.name for p in publications.held(live)}
    return {name: _publication(p) for name, p in live.publications.items() if name not in held}


def header_lines(live: Database) -> list[str]:
    held = publications.held(live)
    if not held:
        return []
    return ["Left alone (a row filter, which state files cannot declare; the plan never changes or drops them):"] + [
        f"  publication {p.name}: WHERE on {', '.join(p.row_filters)}" for p in held
    ]
