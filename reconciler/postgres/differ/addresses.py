"""How changes name the objects they touch (addresses), and record them (before / after)."""

from __future__ import annotations

from pydantic import BaseModel

from reconciler.postgres.differ import (
    materialized_views,
)
from reconciler.postgres.model import (
    Database,
)

BACKEND = "postgres"


def display_name(schema: str, name: str) -> str:
    """Object names in addresses: bare in `public`, schema-qualified elsewhere."""
    return name if schema == "public" else f"{schema}.{name}"


def live_objects(db: Database) -> dict[str, object]:
    """Every object of a database by its change address, as changes record it in `before`.

    Its digest, taken when planning, is compared under apply's advisory lock:
    a plan made from a schema that changed since is refused (executor).
    """
    base = f"{BACKEND}.{db.name}"
    objects: dict[str, object] = {}
    if not db.exists:
        return objects
    objects[f"{base}.database"] = None
    for schema in db.schemas:
        objects[f"{base}.schema.{schema}"] = None
    for ext in db.extensions.values():
        objects[f"{base}.extension.{ext.name}"] = _dump(ext)
    kinds = (
        ("enum", db.enums),
        ("sequence", db.sequences),
        ("view", db.views),
        (materialized_views.KIND, db.materialized_views),
    )
    kinds += (("domain", db.domains), ("composite_type", db.composite_types), ("range", db.ranges))  # type: ignore[assignment]
    kinds += (("shell_type", db.shell_types),)  # type: ignore[assignment]
    for kind, items in kinds:
        for obj in items.values():
            objects[f"{base}.{kind}.{display_name(obj.schema_name, obj.name)}"] = _dump(obj)
    for fn in db.functions.values():
        objects[f"{base}.{fn.kind}.{display_name(fn.schema_name, fn.name)}({fn.identity_arguments})"] = _dump(fn)
    for table in db.tables.values():
        address = f"{base}.table.{display_name(table.schema_name, table.name)}"
        objects[address] = _dump(table)
        for kind, name, member in table.members():
            objects[f"{address}.{kind}.{name}"] = _dump(member)
    for key, privileges in db.privileges.items():  # a plan made before a GRANT is refused too
        if privileges.grants:
            objects[f"{base}.privileges.{key}"] = _dump(privileges)
    for key, defaults in db.default_privileges.items():
        objects[f"{base}.default_privileges.{key}"] = _dump(defaults)
    return objects


def _dump(obj: BaseModel | None) -> object:
    return None if obj is None else obj.model_dump(mode="json")


def _field_changes(before: BaseModel, after: BaseModel) -> list[str]:
    old, new = before.model_dump(), after.model_dump()
    return [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if old.get(key) != new[key]]
