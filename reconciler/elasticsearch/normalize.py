"""Normalize Elasticsearch settings and mappings so both sides compare without false drift.

Elasticsearch answers settings flattened and as strings (`index.number_of_shards:
"3"`), adds keys nobody declared (uuid, creation_date, ...), and drops mapping
parameters set to their type's default (`format` of a date, `enabled: true` of
an object, `norms: true` of a text field but not of a keyword; see
mapping_defaults). So declared settings are flattened and stringified the same
way and only declared keys are compared; declared mappings lose
default-valued parameters before they are compared, as a subset, with the
live mapping.
"""

from __future__ import annotations

from typing import Any

from reconciler.elasticsearch.mapping_defaults import defaults_for, derived_default, field_type, same_value

# Settings that cannot change on an open index (Elasticsearch's "static" index settings).
STATIC_SETTINGS = (
    "index.number_of_shards",
    "index.number_of_routing_shards",
    "index.codec",
    "index.routing_partition_size",
    "index.soft_deletes.enabled",
    "index.load_fixed_bitset_filters_eagerly",
    "index.shard.check_on_startup",
    "index.store.type",
    "index.mode",
)
STATIC_PREFIXES = ("index.sort.", "index.analysis.", "index.similarity.")
# The static settings Elasticsearch does change on a closed index (close, PUT _settings, open); the others
# (shard counts, sort, mode, soft deletes, ...) are fixed when the index is created.
CLOSED_INDEX_SETTINGS = ("index.codec",)
CLOSED_INDEX_PREFIXES = ("index.analysis.", "index.similarity.")


def is_static(key: str) -> bool:
    return key in STATIC_SETTINGS or key.startswith(STATIC_PREFIXES)


def changes_when_closed(key: str) -> bool:
    """True for a static setting that a closed index accepts (analysis, similarity, codec)."""
    return key in CLOSED_INDEX_SETTINGS or key.startswith(CLOSED_INDEX_PREFIXES)


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [_text(v) for v in value]
    return value


def flatten_settings(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{number_of_shards: 3, index: {refresh_interval: 5s}}
    -> {index.number_of_shards: "3", index.refresh_interval: "5s"}."""
    flat: dict[str, Any] = {}
    for key, value in settings.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_settings(value, f"{path}."))
        else:
            flat[path] = _text(value)
    return {(k if k.startswith("index.") else f"index.{k}"): v for k, v in flat.items()}


def _is_default(field: dict[str, Any], key: str, value: Any, kind: str) -> bool:
    """True when Elasticsearch would leave this parameter out of the field as it answers `GET _mapping`."""
    defaults = defaults_for(kind)
    if key in defaults:
        return same_value(value, defaults[key])
    derived, default = derived_default(field, key, kind)
    return derived and value == default


def _normalize_field(field: dict[str, Any], *, root: bool = False) -> dict[str, Any]:
    kind = field_type(field)
    out: dict[str, Any] = {}
    for key, value in field.items():
        if not root and _is_default(field, key, value, kind):
            continue
        if key in ("properties", "fields") and isinstance(value, dict):
            out[key] = {name: _normalize_field(sub) if isinstance(sub, dict) else sub for name, sub in value.items()}
        elif key == "copy_to" and isinstance(value, str):
            out[key] = [value]
        elif key == "scaling_factor" and isinstance(value, (int, float, str)) and not isinstance(value, bool):
            out[key] = _number(value)
        elif isinstance(value, str) and value in ("true", "false"):
            out[key] = value == "true"
        else:
            out[key] = value
    if "properties" in out and out.get("type") == "object":
        del out["type"]  # implicit for fields with properties
    return out


def _number(value: int | float | str) -> Any:
    """scaling_factor as Elasticsearch answers it, a float; text that is no number is left for the server."""
    try:
        return float(value)
    except ValueError:
        return value


def normalize_mapping(mapping: dict[str, Any]) -> dict[str, Any]:
    """A mapping as Elasticsearch stores it: defaults dropped per field type, booleans normalized."""
    return _normalize_field(mapping, root=True)


def mapping_difference(
    declared: dict[str, Any], live: dict[str, Any], path: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """(additions, incompatibilities): declared fields missing live, and declared parameters that differ.

    Both arguments are normalized. Live fields and parameters nobody declared
    (dynamic fields, defaults) are not differences.
    """
    additions: dict[str, Any] = {}
    conflicts: list[str] = []
    for key, want in declared.items():
        have = live.get(key)
        where = f"{path}{key}"
        if key in ("properties", "fields") and isinstance(want, dict):
            have_fields = have if isinstance(have, dict) else {}
            for name, sub in want.items():
                if name not in have_fields:
                    additions.setdefault(key, {})[name] = sub
                else:
                    sub_add, sub_conflicts = mapping_difference(sub, have_fields[name], f"{where}.{name}.")
                    if sub_add:
                        additions.setdefault(key, {})[name] = {**_identity(have_fields[name]), **sub_add}
                    conflicts += sub_conflicts
        elif key == "dynamic" and have != want:
            additions[key] = want  # `dynamic` can be updated in place
        elif have != want:
            conflicts.append(f"{where}: {have!r} -> {want!r}")
    return additions, conflicts


def _identity(field: dict[str, Any]) -> dict[str, Any]:
    """What put_mapping needs to restate about an existing field when adding inside it."""
    return {k: v for k, v in field.items() if k == "type"}
