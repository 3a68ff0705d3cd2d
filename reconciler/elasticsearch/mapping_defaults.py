"""The mapping parameters Elasticsearch 8 leaves out of `GET _mapping`, per field type.

Every field mapper in Elasticsearch declares its parameters with a default
(`FieldMapper.Parameter`), and a parameter is serialized only when it was set
to something else (`Parameter.isConfigured()`: set, and not equal to the
default), unless the mapper marks it `alwaysSerialize()`. So a state that
spells out a default (`format: strict_date_optional_time||epoch_millis` on a
date, `enabled: true` on an object) reads back without it, and comparing the
two would plan a change forever. The defaults differ per type: `norms` is
true on `text` but false on `keyword`, so one type-blind table cannot be
right.

The table below was written from the mappers' `Builder` parameter
definitions in Elasticsearch 8 (the class is named above each type).
Parameters a mapper always serializes (`alwaysSerialize()`, or a serializer
check such as `v != null`) are left out on purpose: Elasticsearch echoes
them, so dropping them would only hide a real change. The same holds for
defaults that depend on index settings (`index.mapping.ignore_malformed`,
`index.mapping.coerce`); the table assumes those settings' own defaults.
"""

from __future__ import annotations

from typing import Any

# FieldMapper.Builder: every field mapper has `meta` (Parameter.metaParam), copy_to and multi-fields; the
# last two are written only when non-empty.
_FIELD: dict[str, Any] = {"meta": {}, "copy_to": [], "fields": {}}
# Parameter.indexParam / docValuesParam / storeParam as most mappers declare them.
_INDEXED: dict[str, Any] = {"index": True, "doc_values": True, "store": False}
# Parameter.scriptParam / onScriptErrorParam (runtime-computed values of indexed fields).
_SCRIPT: dict[str, Any] = {"script": None, "on_script_error": "fail"}
# TextParams: index_options and term_vector are restricted strings whose default is their first choice.
_TEXT: dict[str, Any] = {
    **_FIELD,
    "index": True,
    "store": False,
    "index_options": "positions",
    "norms": True,
    "term_vector": "no",
    "analyzer": "default",  # the index's default analyzer, named "default"
    "similarity": None,
}
# NumberFieldMapper.Builder (long, integer, short, byte, double, float, half_float).
_NUMBER: dict[str, Any] = {
    **_FIELD,
    **_INDEXED,
    **_SCRIPT,
    "ignore_malformed": False,
    "coerce": True,
    "null_value": None,
    "time_series_dimension": False,
    "time_series_metric": None,
}
# RangeFieldMapper.Builder (integer_range, long_range, float_range, double_range, ip_range).
_RANGE: dict[str, Any] = {**_FIELD, **_INDEXED, "coerce": True}
DATE_FORMAT = "strict_date_optional_time||epoch_millis"  # DateFieldMapper.DEFAULT_DATE_TIME_FORMATTER
DATE_NANOS_FORMAT = "strict_date_optional_time_nanos||epoch_millis"  # DEFAULT_DATE_TIME_NANOS_FORMATTER


def _date(default_format: str) -> dict[str, Any]:
    """DateFieldMapper.Builder; `locale` defaults to Locale.ROOT, which serializes as ""."""
    return {
        **_FIELD,
        **_INDEXED,
        **_SCRIPT,
        "format": default_format,
        "locale": "",
        "null_value": None,
        "ignore_malformed": False,
    }


FIELD_DEFAULTS: dict[str, dict[str, Any]] = {
    # TextFieldMapper.Builder (+ TextParams.Analyzers); search analyzers: see DERIVED_DEFAULTS.
    "text": {
        **_TEXT,
        "fielddata": False,
        "fielddata_frequency_filter": {"min": 0, "max": 2147483647, "min_segment_size": 0},
        "eager_global_ordinals": False,
        "index_phrases": False,
        "index_prefixes": None,
    },
    # KeywordFieldMapper.Builder: norms default false (so `norms: true` is a real setting here), index_options
    # is TextParams.keywordIndexOptions ("docs"), ignore_above is Integer.MAX_VALUE on standard indices.
    "keyword": {
        **_FIELD,
        **_INDEXED,
        **_SCRIPT,
        "null_value": None,
        "eager_global_ordinals": False,
        "ignore_above": 2147483647,
        "index_options": "docs",
        "norms": False,
        "similarity": None,
        "normalizer": None,
        "split_queries_on_whitespace": False,
        "time_series_dimension": False,
    },
    # DateFieldMapper.Builder, Resolution.MILLISECONDS and NANOSECONDS.
    "date": _date(DATE_FORMAT),
    "date_nanos": _date(DATE_NANOS_FORMAT),
    # NumberFieldMapper.Builder, one NumberType each.
    "long": _NUMBER,
    "integer": _NUMBER,
    "short": _NUMBER,
    "byte": _NUMBER,
    "double": _NUMBER,
    "float": _NUMBER,
    "half_float": _NUMBER,
    # UnsignedLongFieldMapper.Builder (x-pack): the numeric parameters without coerce.
    "unsigned_long": {k: v for k, v in _NUMBER.items() if k != "coerce"},
    # ScaledFloatFieldMapper.Builder: scaling_factor is required, so it has no default.
    "scaled_float": {
        **_FIELD,
        **_INDEXED,
        "ignore_malformed": False,
        "coerce": True,
        "null_value": None,
        "time_series_dimension": False,
        "time_series_metric": None,
    },
    # BooleanFieldMapper.Builder.
    "boolean": {
        **_FIELD,
        **_INDEXED,
        **_SCRIPT,
        "null_value": None,
        "ignore_malformed": False,
        "time_series_dimension": False,
    },
    # IpFieldMapper.Builder.
    "ip": {
        **_FIELD,
        **_INDEXED,
        **_SCRIPT,
        "ignore_malformed": False,
        "null_value": None,
        "time_series_dimension": False,
    },
    # BinaryFieldMapper.Builder: neither stored nor with doc values by default.
    "binary": {**_FIELD, "store": False, "doc_values": False},
    # ObjectMapper: `enabled` is written only when false; `dynamic` and `subobjects` whenever set.
    "object": {"enabled": True},
    # NestedObjectMapper: include_in_parent / include_in_root are written only when true.
    "nested": {"enabled": True, "include_in_parent": False, "include_in_root": False},
    # FlattenedFieldMapper.Builder.
    "flattened": {
        **_FIELD,
        "index": True,
        "doc_values": True,
        "depth_limit": 20,
        "null_value": None,
        "eager_global_ordinals": False,
        "ignore_above": 2147483647,
        "index_options": "docs",
        "similarity": None,
        "split_queries_on_whitespace": False,
        "time_series_dimensions": [],
    },
    # DenseVectorFieldMapper.Builder: `index`, `similarity` and `index_options` are always written (8.11+);
    # only element_type is left out at its default.
    "dense_vector": {**_FIELD, "element_type": "float"},
    # GeoPointFieldMapper.Builder.
    "geo_point": {
        **_FIELD,
        **_INDEXED,
        **_SCRIPT,
        "ignore_malformed": False,
        "ignore_z_value": True,
        "null_value": None,
        "time_series_metric": None,
    },
    # CompletionFieldMapper.Builder: analyzer, preserve_separators, preserve_position_increments and
    # max_input_length are always written; search_analyzer defaults to the analyzer (see DERIVED_DEFAULTS).
    "completion": {**_FIELD, "contexts": None},
    # SearchAsYouTypeFieldMapper.Builder: the text parameters; doc_values and max_shingle_size are always written.
    "search_as_you_type": _TEXT,
    # WildcardFieldMapper.Builder (x-pack).
    "wildcard": {**_FIELD, "ignore_above": 2147483647, "null_value": None},
    # ConstantKeywordFieldMapper.Builder (x-pack): `value` is unset until the first document sets it.
    "constant_keyword": {**_FIELD, "value": None},
    # FieldAliasMapper: `path` is required and nothing else is accepted.
    "alias": {},
    # RangeFieldMapper.Builder.
    "integer_range": _RANGE,
    "long_range": _RANGE,
    "float_range": _RANGE,
    "double_range": _RANGE,
    "ip_range": _RANGE,
    "date_range": {**_RANGE, "format": DATE_FORMAT, "locale": ""},
}

# The analyzer a type uses when none is declared (TextParams.Analyzers; CompletionFieldMapper uses "simple").
DEFAULT_ANALYZER = {"text": "default", "search_as_you_type": "default", "completion": "simple"}
# Parameters whose default is another parameter's value: search_analyzer defaults to the analyzer, and
# search_quote_analyzer to the search analyzer (TextParams.Analyzers, CompletionFieldMapper.Builder).
DERIVED_DEFAULTS = {"search_analyzer": "analyzer", "search_quote_analyzer": "search_analyzer"}
_DERIVED_TYPES = {
    "search_analyzer": ("text", "search_as_you_type", "completion"),
    "search_quote_analyzer": ("text", "search_as_you_type"),
}


def field_type(field: dict[str, Any]) -> str:
    """A field's type as Elasticsearch reads it: without `type`, a field is an object."""
    kind = field.get("type")
    return kind if isinstance(kind, str) else "object"


def defaults_for(kind: str) -> dict[str, Any]:
    """The parameters of a field of this type that Elasticsearch does not echo at these values.

    A type not in the table (a plugin's) gets only the parameters every field mapper has.
    """
    return FIELD_DEFAULTS.get(kind, _FIELD)


def effective(field: dict[str, Any], key: str, kind: str) -> Any:
    """The value a parameter takes in this field: declared, or its (possibly derived) default."""
    if key in field:
        return field[key]
    if key == "analyzer":
        return DEFAULT_ANALYZER.get(kind)
    source = DERIVED_DEFAULTS.get(key)
    return effective(field, source, kind) if source else defaults_for(kind).get(key)


def derived_default(field: dict[str, Any], key: str, kind: str) -> tuple[bool, Any]:
    """(True, value) when `key` is a parameter whose default is another parameter's value in this type."""
    if kind not in _DERIVED_TYPES.get(key, ()):
        return False, None
    return True, effective(field, DERIVED_DEFAULTS[key], kind)


def same_value(value: Any, default: Any) -> bool:
    """Equal as Elasticsearch parses it: `"true"` is true and `"20"` is 20 where the default is a bool or number."""
    if isinstance(default, bool):
        if isinstance(value, str):
            return value in ("true", "false") and (value == "true") is default
        return isinstance(value, bool) and value is default
    if isinstance(default, (int, float)):
        if isinstance(value, bool):
            return False
        if isinstance(value, str):
            try:
                return float(value) == default
            except ValueError:
                return False
        return isinstance(value, (int, float)) and value == default
    if isinstance(default, dict) and isinstance(value, dict):
        # Elasticsearch fills the keys left out (fielddata_frequency_filter: {min: 0} is the default filter).
        return set(value) <= set(default) and all(same_value(value.get(k, d), d) for k, d in default.items())
    return bool(value == default)
