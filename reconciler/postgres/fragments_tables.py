"""Table-structure fragments a state file writes: index keys, exclusion elements, partition keys and bounds.

Each is split into its parts and every part checked with fragments.py's rules
(one expression, balanced brackets, no `;`), so the text stays in its slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reconciler.postgres.fragments import (
    FragmentError,
    Token,
    _balanced,
    _not_empty,
    _top_level,
    check_expression,
    tokens,
)


@dataclass(frozen=True)
class IndexKey:
    """One entry of an index's column list: a plain column or an expression, then its options."""

    column: str | None  # a plain column name, quoted when rendered
    expression: str | None  # `(a + b)` or a function call `lower(email)`, as written
    options: str  # COLLATE, operator class, ASC / DESC, NULLS FIRST / LAST, as written


def _matching(found: list[Token], opening: int) -> int:
    """The position of the bracket closing the one at `opening` (the list is balanced)."""
    depth = 0
    for position in range(opening, len(found)):
        kind = found[position].kind
        depth += 1 if kind in "([" else -1 if kind in ")]" else 0
        if depth == 0:
            return position
    raise FragmentError("a bracket is not closed")  # pragma: no cover (balanced before)


# Pure, and every table of a large file repeats the same few entries (`name`, `created_at DESC`): validation,
# materializing and the online checks each split them again.
@lru_cache(maxsize=16384)
def index_key(text: str) -> IndexKey:
    """Split `lower(email) DESC`, `name text_pattern_ops`, `(a + b)` into key and options, checking each part."""
    found = _not_empty(text, "index column")
    _balanced(found, "index column")
    if any(t.kind == "," for t in _top_level(found)):
        raise FragmentError("one index column per entry: a ',' outside brackets separates two")
    column: str | None = None
    expression: str | None = None
    if found[0].kind == "(":
        end = _matching(found, 0)
        check_expression(text[found[0].start + 1 : found[end].start])
        expression = text[found[0].start : found[end].start + 1]
    else:
        end = 0
        while end + 2 < len(found) and found[end + 1].kind == "." and found[end + 2].kind in ("word", "quoted"):
            end += 2
        if found[0].kind not in ("word", "quoted"):
            raise FragmentError(f"{text.strip()!r} is not a column name or an expression")
        if end + 1 < len(found) and found[end + 1].kind == "(":
            end = _matching(found, end + 1)
            expression = text[found[0].start : found[end].start + 1]
        elif end > 0:
            raise FragmentError(f"{text.strip()!r}: write a column of the table by its name alone")
        else:
            first = found[0]
            column = first.text if first.kind == "word" else first.text[1:-1].replace('""', '"')
    rest = found[end + 1 :]
    i = 0
    while i < len(rest):
        token = rest[i]
        if token.kind == "(" and i > 0 and rest[i - 1].kind in ("word", "quoted"):
            i = _opclass_parameters(rest, i)
            continue
        if token.kind not in ("word", "quoted", "."):
            raise FragmentError(
                "after the column or expression only COLLATE, an operator class (with its parameters in brackets), "
                f"ASC / DESC and NULLS FIRST / LAST may follow, not {token.text!r}"
            )
        i += 1
    return IndexKey(column, expression, text[rest[0].start :].strip() if rest else "")


def _opclass_parameters(found: list[Token], opening: int) -> int:
    """Check `(siglen = 8, ...)` after an operator class, each value a literal; the position after the `)`."""
    i = opening + 1
    while True:
        name, equals = found[i : i + 1], found[i + 1 : i + 2]
        if not name or name[0].kind != "word" or not equals or equals[0].text != "=":
            raise FragmentError("an operator class's parameters are `name = value` pairs, e.g. `(siglen = 32)`")
        i += 2
        if i < len(found) and found[i].text == "-":
            i += 1
        if i >= len(found) or found[i].kind not in ("string", "number", "word"):
            raise FragmentError("an operator class parameter's value is a number, a string or a word")
        i += 1
        if i < len(found) and found[i].kind == ",":
            i += 1
            continue
        if i < len(found) and found[i].kind == ")":
            return i + 1
        raise FragmentError("an operator class's parameters are `name = value` pairs, e.g. `(siglen = 32)`")


@dataclass(frozen=True)
class ExclusionElement:
    """One element of an exclusion constraint: an index key, then `WITH` and an operator."""

    key: IndexKey
    operator: str


_OPERATOR_WORD = re.compile(r"^OPERATOR\s*\(\s*([A-Za-z_][A-Za-z0-9_]*\s*\.\s*)?[+\-*/<>=~!@#%^&|`?]+\s*\)$", re.I)


def exclusion_element(text: str) -> ExclusionElement:
    """Split `room WITH =`, `lower(name) WITH =`, `during WITH &&` at the last top-level WITH, checking each part.

    The operator is one operator token, or `OPERATOR(schema.op)`; nothing else may follow WITH.
    """
    found = _not_empty(text, "exclusion element")
    _balanced(found, "exclusion element")
    top = _top_level(found)
    at = next((t for t in reversed(top) if t.kind == "word" and t.text.lower() == "with"), None)
    if at is None:
        raise FragmentError("an exclusion element is `column WITH operator`, e.g. `during WITH &&`")
    operator = text[at.start + len(at.text) :].strip()
    rest = [t for t in found if t.start > at.start]
    one_operator = len(rest) == 1 and rest[0].kind == "op"
    if not (one_operator or _OPERATOR_WORD.match(operator)):
        raise FragmentError(f"after WITH comes one operator, such as = or &&, not {operator!r}")
    return ExclusionElement(index_key(text[: at.start]), operator)


_PARTITION_METHODS = frozenset(["range", "list", "hash"])


def _split_top_level(text: str, found: list[Token]) -> list[str]:
    """`a, lower(b)` as ['a', 'lower(b)']: the text between commas outside brackets."""
    parts, start = [], 0
    for token in _top_level(found):
        if token.kind == ",":
            parts.append(text[start : token.start])
            start = token.start + 1
    return [*parts, text[start:]]


def check_partition_key(text: str) -> None:
    """`RANGE (created_at)`, `LIST (lower(region))`, `HASH (a, b)`: a method and key columns or expressions."""
    found = _not_empty(text, "partition key")
    _balanced(found, "partition key")
    if found[0].kind != "word" or found[0].text.lower() not in _PARTITION_METHODS:
        raise FragmentError("a partition key starts with RANGE, LIST or HASH")
    if len(found) < 3 or found[1].kind != "(" or _matching(found, 1) != len(found) - 1:
        raise FragmentError("a partition key is RANGE, LIST or HASH and its columns in one pair of brackets")
    inner = text[found[1].start + 1 : found[-1].start]
    for part in _split_top_level(inner, tokens(inner)):
        key = index_key(part)
        if any(word.upper() in ("ASC", "DESC", "NULLS") for word in key.options.split()):
            raise FragmentError(f"{part.strip()!r}: a partition key has no ASC / DESC / NULLS order")


_BOUND_SHAPES = (
    ("for", "values", "in", "()"),
    ("for", "values", "from", "()", "to", "()"),
    ("for", "values", "with", "()"),
)


def check_partition_bound(text: str) -> None:
    """`DEFAULT`, `FOR VALUES IN (...)`, `FOR VALUES FROM (...) TO (...)` or `FOR VALUES WITH (MODULUS ..)`."""
    found = _not_empty(text, "partition bound")
    _balanced(found, "partition bound")
    if len(found) == 1 and found[0].kind == "word" and found[0].text.lower() == "default":
        return
    shape: list[str] = []
    groups: list[str] = []
    position = 0
    while position < len(found):
        token = found[position]
        if token.kind == "(":
            end = _matching(found, position)
            shape.append("()")
            groups.append(text[token.start + 1 : found[end].start])
            position = end + 1
            continue
        shape.append(token.text.lower() if token.kind == "word" else token.text)
        position += 1
    if tuple(shape) not in _BOUND_SHAPES:
        raise FragmentError(
            "a partition bound is DEFAULT, FOR VALUES IN (...), FOR VALUES FROM (...) TO (...) "
            "or FOR VALUES WITH (MODULUS m, REMAINDER r)"
        )
    for group in groups:
        for part in _split_top_level(group, tokens(group)):
            check_expression(part)
