"""JSON Schemas for the state files, generated from the pydantic models that validate them.

The models accept shorthands (`email: varchar(255)` for a column, a bare
string for a Redis key's value) through `before` validators that pydantic
cannot see, so a model with a shorthand declares it here: `shorthand()`
puts the short form next to the object form, and editors accept every
file `reconcile validate` accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JsonSchema = dict[str, Any]
SchemaExtra = Callable[[JsonSchema, type], None]


def shorthand(*short_forms: JsonSchema) -> SchemaExtra:
    """A `json_schema_extra` saying the model may also be written as one of `short_forms`."""

    def extra(schema: JsonSchema, model: type) -> None:
        long_form = dict(schema)
        schema.clear()
        for key in ("title", "description"):
            if key in long_form:
                schema[key] = long_form.pop(key)
        schema["anyOf"] = [*short_forms, long_form]

    return extra


def with_property(name: str, property_schema: JsonSchema, instead_of: str) -> SchemaExtra:
    """A `json_schema_extra` for an alternative spelling: `name` may be given instead of `instead_of`."""

    def extra(schema: JsonSchema, model: type) -> None:
        schema.setdefault("properties", {})[name] = property_schema
        required = [r for r in schema.get("required", []) if r != instead_of]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)

    return extra


def both(*extras: SchemaExtra) -> SchemaExtra:
    def extra(schema: JsonSchema, model: type) -> None:
        for one in extras:
            one(schema, model)

    return extra


def any_case(*values: str) -> JsonSchema:
    """An enum that also accepts the upper-case spelling (`BEFORE`), as the model's lower-casing validator does."""
    return {"enum": [*values, *(v.upper() for v in values)]}
