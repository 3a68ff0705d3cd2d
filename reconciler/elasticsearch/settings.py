"""The index settings whose type Elasticsearch fixes, checked before any request.

A state file arrives in a pull request: `number_of_shards: 100000` or
`refresh_interval: fast` should fail at `reconcile validate` with file, line
and field, not halfway through an apply. The table holds the type and bounds
of the settings people commonly declare (from IndexSettings, IndexMetadata
and MapperService in Elasticsearch 8); a setting not in the table is left
to the server, which refuses unknown or malformed settings when the index is
created.

Settings may be written nested (`index: {refresh_interval: 5s}`), flat
(`index.refresh_interval: 5s`) or without the `index.` prefix; every form
names the same setting here, and a problem is reported at the line of the
value that was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
MAX_SHARDS = 1024  # es.index.max_number_of_shards, the default per-index limit

Path = tuple[str | int, ...]

# Elasticsearch's TimeValue: a whole number and a unit; `-1` and `0` need no unit. Fractions are refused.
_TIME = re.compile(r"^(?P<number>\d+)(?P<unit>nanos|micros|ms|s|m|h|d)$", re.IGNORECASE)
_TIME_MS = {"nanos": 1e-6, "micros": 1e-3, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
# Elasticsearch's ByteSizeValue: a number (fractions allowed) and a unit; `-1` and `0` need no unit.
_SIZE = re.compile(r"^\d+(\.\d+)?(b|kb|k|mb|m|gb|g|tb|t|pb|p)$", re.IGNORECASE)
_AUTO_EXPAND = re.compile(r"^\d+-(\d+|all)$")


@dataclass(frozen=True)
class SettingType:
    kind: Literal["int", "bool", "time", "size", "choice", "auto_expand"]
    minimum: int = 0
    maximum: int = INT32_MAX
    choices: tuple[str, ...] = ()
    minus_one: bool = False  # `-1` is allowed (refresh_interval: never refresh)


def _int(minimum: int, maximum: int = INT32_MAX) -> SettingType:
    return SettingType("int", minimum, maximum)


_BOOL = SettingType("bool")
_TIME_VALUE = SettingType("time")
_LONG_LIMIT = _int(0, INT64_MAX)

KNOWN_SETTINGS: dict[str, SettingType] = {
    "index.number_of_shards": _int(1, MAX_SHARDS),
    "index.number_of_replicas": _int(0),
    "index.number_of_routing_shards": _int(1),
    "index.routing_partition_size": _int(1),
    "index.auto_expand_replicas": SettingType("auto_expand"),
    "index.refresh_interval": SettingType("time", minus_one=True),
    "index.max_result_window": _int(1),
    "index.max_inner_result_window": _int(1),
    "index.max_rescore_window": _int(1),
    "index.max_docvalue_fields_search": _int(0),
    "index.max_script_fields": _int(0),
    "index.max_ngram_diff": _int(0),
    "index.max_shingle_diff": _int(0),
    "index.max_refresh_listeners": _int(0),
    "index.max_terms_count": _int(1),
    "index.max_regex_length": _int(1),
    "index.max_slices_per_scroll": _int(1),
    "index.analyze.max_token_count": _int(1),
    "index.highlight.max_analyzed_offset": _int(1),
    "index.priority": _int(0),
    "index.mapping.total_fields.limit": _LONG_LIMIT,
    "index.mapping.depth.limit": _int(1, INT64_MAX),
    "index.mapping.nested_fields.limit": _LONG_LIMIT,
    "index.mapping.nested_objects.limit": _LONG_LIMIT,
    "index.mapping.field_name_length.limit": _int(1, INT64_MAX),
    "index.hidden": _BOOL,
    "index.blocks.read_only": _BOOL,
    "index.blocks.read_only_allow_delete": _BOOL,
    "index.blocks.read": _BOOL,
    "index.blocks.write": _BOOL,
    "index.blocks.metadata": _BOOL,
    "index.load_fixed_bitset_filters_eagerly": _BOOL,
    "index.soft_deletes.enabled": _BOOL,
    "index.mapping.coerce": _BOOL,
    "index.mapping.ignore_malformed": _BOOL,
    "index.translog.sync_interval": _TIME_VALUE,
    "index.translog.durability": SettingType("choice", choices=("request", "async")),
    "index.translog.flush_threshold_size": SettingType("size"),
    "index.search.idle.after": _TIME_VALUE,
    "index.gc_deletes": _TIME_VALUE,
    "index.unassigned.node_left.delayed_timeout": _TIME_VALUE,
    "index.shard.check_on_startup": SettingType("choice", choices=("false", "true", "checksum")),
}


def _text(value: Any) -> str | None:
    """A scalar as Elasticsearch reads it from JSON; None for lists, mappings and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return None


def _int_problem(text: str, kind: SettingType) -> str | None:
    if not re.fullmatch(r"-?\d+", text):
        return f"{text!r} is not a whole number"
    number = int(text)
    if number < kind.minimum:
        return f"{number} is below {kind.minimum}, the smallest value Elasticsearch accepts"
    if number > kind.maximum:
        return f"{number} is above {kind.maximum}, the largest value Elasticsearch accepts"
    return None


def _time_problem(text: str, kind: SettingType) -> str | None:
    if text in ("0",) or (kind.minus_one and text == "-1"):
        return None
    match = _TIME.match(text)
    if not match:
        also = ", or -1 to disable" if kind.minus_one else ""
        return f"{text!r} is not a time value (a whole number and a unit: 500ms, 1s, 5m{also})"
    if int(match["number"]) * _TIME_MS[match["unit"].lower()] > INT64_MAX / 1_000_000:
        return f"{text!r} is longer than Elasticsearch can hold"
    return None


def value_problem(key: str, value: Any) -> str | None:
    """Why Elasticsearch would refuse `value` for the setting `key` (flat, with `index.`), or None."""
    kind = KNOWN_SETTINGS.get(key)
    if kind is None:
        return None
    text = _text(value)
    if text is None:
        return f"expected a single value, got {type(value).__name__}"
    if kind.kind == "int":
        return _int_problem(text, kind)
    if kind.kind == "bool":
        return None if text in ("true", "false") else f"{text!r} is not true or false"
    if kind.kind == "time":
        return _time_problem(text, kind)
    if kind.kind == "size":
        ok = text in ("-1", "0") or _SIZE.match(text)
        return None if ok else f"{text!r} is not a byte size (a number and a unit: 512mb, 1gb)"
    if kind.kind == "auto_expand":
        ok = text == "false" or _AUTO_EXPAND.match(text)
        return None if ok else f"{text!r} is not false or a range such as 0-5 or 0-all"
    choices = kind.choices
    return None if text.lower() in choices else f"{text!r} is not one of {', '.join(choices)}"


def settings_problems(settings: dict[str, Any], path: Path) -> Iterator[tuple[Path, str]]:
    """Problems of every known setting in a (possibly nested) settings mapping, by their path in the file."""
    for where, key, value in _walk(settings, path, ""):
        problem = value_problem(key, value)
        if problem:
            yield where, f"{key}: {problem}"


def _walk(settings: dict[str, Any], path: Path, prefix: str) -> Iterator[tuple[Path, str, Any]]:
    for key, value in settings.items():
        flat = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _walk(value, (*path, key), f"{flat}.")
        else:
            yield (*path, key), flat if flat.startswith("index.") else f"index.{flat}", value
