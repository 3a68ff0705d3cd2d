"""Extended statistics objects as a table's or materialized view's `statistics:` entries (extended_statistics.py
holds the SQL)."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.exporter.deparsed import reparseable, split_top_level, strip_parens, tokenize, unquote
from reconciler.postgres.model import ExtendedStatistics
from reconciler.postgres.spec.tables import ALL_STATISTICS_KINDS


def declaration(statistics: ExtendedStatistics, types: dict[str, str]) -> dict[str, Any] | list[str]:
    """The state file's entry: the bare column list when kinds, target, schema and comment are the defaults."""
    columns = [_entry(part, types) for part in split_top_level(statistics.columns)]
    spec: dict[str, Any] = {}
    if statistics.kinds and statistics.kinds != list(ALL_STATISTICS_KINDS):
        spec["kinds"] = list(statistics.kinds)
    spec["columns"] = columns
    if statistics.target is not None:
        spec["target"] = statistics.target
    if statistics.other_schema is not None:
        spec["schema"] = statistics.other_schema
    if statistics.comment is not None:
        spec["comment"] = statistics.comment
    return columns if list(spec) == ["columns"] else spec


def _entry(part: str, types: dict[str, str]) -> str:
    """A column name as it is named; an expression without the brackets it is printed in, reparseable."""
    part = part.strip()
    found = tokenize(part)
    if len(found) == 1 and found[0].kind in ("word", "quoted"):
        return unquote(part)
    return strip_parens(reparseable(part, types))
