"""Constraint forms and table options read back from catalog text: exclusion constraints, NOT VALID, NO INHERIT,
MATCH FULL, deferrable keys, storage parameters, UNLOGGED and the replica identity.

Each declaration is rendered back with the materializer's own code (options_sql) and compared with the catalog's
text; what does not render back exactly is not declared (the caller leaves it out and says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from reconciler.postgres.exporter.deparsed import (
    Token,
    closing_bracket,
    name_list,
    reparseable,
    split_top_level,
    strip_parens,
    tokenize,
    unquote,
)
from reconciler.postgres.materialize_tables import key_clause
from reconciler.postgres.model import Constraint, Table
from reconciler.postgres.options_sql import exclusion_clause
from reconciler.postgres.spec.access_methods import DEFAULT as DEFAULT_ACCESS_METHOD
from reconciler.postgres.spec.constraints import ExclusionSpec, NamedColumns

# What pg_get_constraintdef appends after a constraint's own text, in its order.
_SUFFIXES = (
    ("not_valid", " NOT VALID"),
    ("initially_deferred", " INITIALLY DEFERRED"),
    ("deferrable", " DEFERRABLE"),
    ("no_inherit", " NO INHERIT"),
)
_INTEGER = re.compile(r"^-?[0-9]+$")


def split_suffixes(definition: str) -> tuple[str, set[str]]:
    """`CHECK ((a > 0)) NO INHERIT NOT VALID` -> (`CHECK ((a > 0))`, {'no_inherit', 'not_valid'})."""
    flags = set()
    for flag, suffix in _SUFFIXES:
        if definition.endswith(suffix):
            definition = definition.removesuffix(suffix)
            flags.add(flag)
    return definition, flags


def deferral(flags: set[str]) -> dict[str, bool]:
    """`deferrable` / `initially_deferred` entries of a declaration."""
    found = {}
    if "deferrable" in flags:
        found["deferrable"] = True
        if "initially_deferred" in flags:
            found["initially_deferred"] = True
    return found


def key(constraint: Constraint) -> dict[str, Any] | None:
    """A primary key's or unique constraint's declaration (without its name), or None when it does not render back.

    `columns`, and where set `nulls_not_distinct`, `include`, `with` and the deferral, as NamedColumns holds them.
    """
    kind = "PRIMARY KEY" if constraint.kind == "primary_key" else "UNIQUE"
    core, flags = split_suffixes(constraint.definition)
    if flags - {"deferrable", "initially_deferred"}:
        return None
    spec: dict[str, Any] = {"columns": list(constraint.columns)}
    if core.startswith(f"{kind} NULLS NOT DISTINCT ("):
        spec["nulls_not_distinct"] = True
    tokens = tokenize(core)
    start = next((i for i, t in enumerate(tokens) if t.text == "("), None)
    end = None if start is None else closing_bracket(tokens, start)
    if end is None:
        return None
    if _index_parameters(core, tokens, end + 1, spec) is None:
        return None
    spec.update(deferral(flags))
    try:
        rendered = key_clause(kind, NamedColumns.model_validate(spec))
    except ValueError:
        return None
    return spec if rendered == constraint.definition else None


def read_include(tokens: list[Token], i: int, spec: dict[str, Any]) -> int | None:
    """`INCLUDE (...)` at token `i`, if there, into `spec`: the token after it, or None if unreadable."""
    if i + 1 < len(tokens) and tokens[i].text == "INCLUDE" and tokens[i + 1].text == "(":
        close = closing_bracket(tokens, i + 1)
        names = name_list(tokens[i + 2 : close]) if close is not None else None
        if close is None or names is None:
            return None
        spec["include"] = names
        return close + 1
    return i


def read_with(text: str, tokens: list[Token], i: int, spec: dict[str, Any]) -> int | None:
    """`WITH (storage parameters)` at token `i` of `text`, if there, into `spec`: the token after it, or None."""
    if i + 1 < len(tokens) and tokens[i].text == "WITH" and tokens[i + 1].text == "(":
        close = closing_bracket(tokens, i + 1)
        options = with_options(text[tokens[i + 1].end : tokens[close].start]) if close is not None else None
        if close is None or options is None:
            return None
        spec["with"] = options
        return close + 1
    return i


def _index_parameters(core: str, tokens: list[Token], i: int, spec: dict[str, Any]) -> int | None:
    """`INCLUDE (...)` and `WITH (...)` from token `i` into `spec`: the token after them, or None if unreadable."""
    after = read_include(tokens, i, spec)
    return None if after is None else read_with(core, tokens, after, spec)


def exclusion(constraint: Constraint, types: Mapping[str, str]) -> dict[str, Any] | None:
    """An exclusion constraint's declaration (without its name), or None when it does not render back exactly."""
    core, flags = split_suffixes(constraint.definition)
    if flags - {"deferrable", "initially_deferred"}:
        return None
    tokens = tokenize(core)
    if len(tokens) < 4 or [t.text for t in tokens[:2]] != ["EXCLUDE", "USING"] or tokens[3].text != "(":
        return None
    close = closing_bracket(tokens, 3)
    if close is None:
        return None
    spec: dict[str, Any] = {"using": unquote(tokens[2].text)}
    spec["elements"] = split_top_level(core[tokens[3].end : tokens[close].start])
    after = _index_parameters(core, tokens, close + 1, spec)
    if after is None:
        return None
    i = after
    if i + 1 < len(tokens) and tokens[i].text == "WHERE" and tokens[i + 1].text == "(":
        end = closing_bracket(tokens, i + 1)
        if end != len(tokens) - 1:
            return None
        spec["where"] = core[tokens[i + 1].end : tokens[end].start]
        i = len(tokens)
    if i != len(tokens):
        return None  # USING INDEX TABLESPACE and what else the format does not hold
    spec.update(deferral(flags))
    try:
        rendered = exclusion_clause(ExclusionSpec.model_validate(spec))
    except ValueError:  # FragmentError is one
        return None
    if rendered != constraint.definition:
        return None
    if "where" in spec:
        spec["where"] = strip_parens(reparseable(spec["where"], types))
    spec["elements"] = [reparseable(element, types) for element in spec["elements"]]
    if spec["using"] == "gist":
        del spec["using"]
    return spec


def storage_value(value: str) -> Any:
    """A stored storage parameter as YAML: integers as numbers, the rest as the text PostgreSQL keeps."""
    return int(value) if _INTEGER.match(value) and str(int(value)) == value else value


def table_options(table: Table) -> dict[str, Any]:
    """`options`, `unlogged`, `access_method`, `replica_identity` and `cluster_on` where they are not PostgreSQL's
    defaults (heap for the access method, whatever default_table_access_method says)."""
    spec: dict[str, Any] = {}
    if table.options:
        spec["options"] = {name: storage_value(value) for name, value in table.options.items()}
    if table.unlogged:
        spec["unlogged"] = True
    if table.access_method != DEFAULT_ACCESS_METHOD:
        spec["access_method"] = table.access_method
    if table.replica_identity != "default":
        spec["replica_identity"] = table.replica_identity
    if table.cluster_on is not None:
        spec["cluster_on"] = table.cluster_on
    return spec


def with_options(text: str) -> dict[str, Any] | None:
    """`fillfactor='70', deduplicate_items='off'` (inside WITH (...)) as a mapping, or None."""
    found: dict[str, Any] = {}
    for part in split_top_level(text):
        name, equals, value = part.partition("=")
        if not equals:
            return None
        quoted = value.startswith("'") and value.endswith("'") and len(value) >= 2
        found[name.strip()] = storage_value(value[1:-1].replace("''", "'") if quoted else value)
    return found
