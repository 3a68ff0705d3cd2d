"""Which column type changes keep every value, and which PostgreSQL applies without rewriting the table."""

from __future__ import annotations

import re

_VARCHAR = re.compile(r"^character varying\((\d+)\)$")
_NUMERIC = re.compile(r"^numeric\((\d+),(\d+)\)$")
_WIDER_INTEGERS = {("smallint", "integer"), ("smallint", "bigint"), ("integer", "bigint")}


def is_safe_type_change(before: str, after: str) -> bool:
    """Type changes that keep every value exactly (widening)."""
    if (before, after) in _WIDER_INTEGERS:
        return True
    old_varchar, new_varchar = _VARCHAR.match(before), _VARCHAR.match(after)
    if old_varchar and (after == "text" or (new_varchar and int(new_varchar[1]) >= int(old_varchar[1]))):
        return True
    if before == "character varying" and after == "text":
        return True
    old_num, new_num = _NUMERIC.match(before), _NUMERIC.match(after)
    if old_num and new_num:
        precision_ok = int(new_num[1]) - int(new_num[2]) >= int(old_num[1]) - int(old_num[2])
        return precision_ok and int(new_num[2]) >= int(old_num[2])
    return bool(old_num and after == "numeric")


def is_rewrite_free_type_change(before: str, after: str) -> bool:
    """Changes PostgreSQL applies without rewriting the table (binary-coercible widenings)."""
    old_varchar, new_varchar = _VARCHAR.match(before), _VARCHAR.match(after)
    if old_varchar and (
        after in ("text", "character varying") or (new_varchar and int(new_varchar[1]) >= int(old_varchar[1]))
    ):
        return True
    return before == "character varying" and after == "text"
