"""PostgreSQL's deparsed SQL text (pg_get_expr, pg_get_indexdef, pg_get_viewdef...): tokens, top-level lists,
and the one repair that makes a deparsed expression parse back to the same tree (see `reparseable`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<string>'(?:[^']|'')*')
    |(?P<quoted>"(?:[^"]|"")*")
    |(?P<word>[^\W\d]\w*(?:\$\w*)*)
    |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    |(?P<cast>::)
    |(?P<punct>[()\[\],;.])
    |(?P<operator>[-+*/<>=~!@\#%^&|`?:$]+)
    """,
    re.VERBOSE,
)
_OPEN = {"(": ")", "[": "]"}
# Words that end an operand when reading backwards: they are never a column, function or type name.
_KEYWORDS = "and or not is in any all some when then else where select on case between like ilike similar exists"
_BOUNDARY_WORDS = frozenset(f"{_KEYWORDS} distinct from as by having using".split())


def tokenize(text: str) -> list[Token]:
    """PostgreSQL's deparsed SQL as tokens (spaces dropped); literals and quoted names stay whole."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            tokens.append(Token("other", text[position], position, position + 1))
            position += 1
            continue
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group(), match.start(), match.end()))
        position = match.end()
    return tokens


def closing_bracket(tokens: list[Token], index: int) -> int | None:
    """Index of the bracket that closes the one at `index`."""
    depth = 0
    for i in range(index, len(tokens)):
        text = tokens[i].text
        if tokens[i].kind != "punct":
            continue
        if text in _OPEN:
            depth += 1
        elif text in (")", "]"):
            depth -= 1
            if depth == 0:
                return i
    return None


def _opening(tokens: list[Token], index: int) -> int | None:
    """Index of the bracket that opens the one closing at `index`."""
    depth = 0
    for i in range(index, -1, -1):
        text = tokens[i].text
        if tokens[i].kind != "punct":
            continue
        if text in (")", "]"):
            depth += 1
        elif text in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top_level(text: str) -> list[str]:
    """Split on the commas that are not inside brackets, literals or quoted names."""
    parts: list[str] = []
    depth, start = 0, 0
    for token in tokenize(text):
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
        elif token.text in (")", "]"):
            depth -= 1
        elif token.text == "," and depth == 0:
            parts.append(text[start : token.start].strip())
            start = token.end
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def strip_parens(text: str) -> str:
    """`((a > 0))` -> `a > 0`: parentheses around the whole expression say nothing to the parser."""
    text = text.strip()
    while text.startswith("("):
        tokens = tokenize(text)
        if closing_bracket(tokens, 0) != len(tokens) - 1:
            break
        text = text[1:-1].strip()
    return text


def unquote(name: str) -> str:
    """A name as PostgreSQL printed it (`"Weird Col"`, `users`) -> the name itself."""
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def name_list(tokens: list[Token]) -> list[str] | None:
    """`a, "B"` -> ['a', 'B']; None when the tokens are anything else."""
    names: list[str] = []
    for i, token in enumerate(tokens):
        if i % 2 == 0 and token.kind in ("word", "quoted"):
            names.append(unquote(token.text))
        elif i % 2 == 1 and token.text == ",":
            continue
        else:
            return None
    return names if len(tokens) % 2 == 1 else None


# --- making deparsed expressions parse back to themselves ----------------------------------------------------------


@dataclass
class _ArrayCast:
    """`ARRAY[...]::T[]` or `(ARRAY[...])::T[]` in the token list."""

    first: int  # first token of the cast expression (ARRAY, or the parenthesis around it)
    last: int  # last token (the `]` of `T[]`)
    array: int  # the ARRAY token
    close: int  # the `]` closing the elements
    target: str  # T
    elements: list[str]
    element_type: str | None  # the type every element is cast to, when they all are


_TYPE_NAME = r'(?:[^\W\d]\w*|"(?:[^"]|"")+")(?:[ .](?:[^\W\d]\w*|"(?:[^"]|"")+"))*(?:\(\d+(?:,\d+)?\))?'
_ELEMENT = re.compile(rf"^(?:'(?:[^']|'')*'|NULL)::(?P<type>{_TYPE_NAME})$")
_ARRAY_TYPE = re.compile(rf"\s*(?P<type>{_TYPE_NAME})\[\]")


def _array_cast(text: str, tokens: list[Token], index: int) -> _ArrayCast | None:
    if tokens[index].text.upper() != "ARRAY" or index + 1 >= len(tokens) or tokens[index + 1].text != "[":
        return None
    close = closing_bracket(tokens, index + 1)
    if close is None:
        return None
    first, after = index, close + 1
    wrapped = index > 0 and tokens[index - 1].text == "(" and after < len(tokens) and tokens[after].text == ")"
    if wrapped:
        first, after = index - 1, after + 1
    if after >= len(tokens) or tokens[after].kind != "cast":
        return None
    # The target type, directly followed by the `[]` that makes it an array type.
    target = _ARRAY_TYPE.match(text, tokens[after].end)
    if target is None:
        return None
    end = after + 1
    while end < len(tokens) and tokens[end].start < target.end():
        end += 1
    elements = split_top_level(text[tokens[index + 1].end : tokens[close].start])
    types = {m["type"].strip() if (m := _ELEMENT.match(e)) else None for e in elements}
    element_type = types.pop() if len(types) == 1 else None
    return _ArrayCast(first, end - 1, index, close, target["type"], elements, element_type)


def _operand_start(tokens: list[Token], last: int) -> int | None:
    """First token of the primary expression ending at token `last`: what a `::type` written after it applies to.

    A name (`t.status`), a literal, a parenthesized expression, a function
    call or a subscript; None for anything else (an operator, a cast chain).
    """
    i = last
    while True:
        token = tokens[i]
        if token.text in (")", "]"):
            opening = _opening(tokens, i)
            if opening is None:
                return None
            i = opening
            before = tokens[i - 1] if i > 0 else None
            if token.text == "]":  # a subscript: continue with what it subscripts
                if before is None or before.text.lower() in _BOUNDARY_WORDS:
                    return None
                i -= 1
                continue
            if before is None or before.kind not in ("word", "quoted") or before.text.lower() in _BOUNDARY_WORDS:
                return i
            i -= 1  # a function call: continue with the function's name
        elif token.kind not in ("word", "quoted", "string", "number"):
            return None
        while i >= 2 and tokens[i - 1].text == "." and tokens[i - 2].kind in ("word", "quoted"):
            i -= 2  # schema.table.column
        if i >= 1 and tokens[i - 1].kind == "cast":
            return None  # the type of an inner cast (`x::a::b`): not a primary
        return i


@dataclass(frozen=True)
class _Edit:
    start: int  # character offsets in the expression
    end: int
    text: str


def _in_list(text: str, tokens: list[Token], cast: _ArrayCast, drop_casts: Callable[[str, str], bool]) -> _Edit | None:
    """`(x)::T = ANY ((ARRAY[...])::T[])` -> `x IN (...)` (`<> ALL` -> `NOT IN`): the SQL PostgreSQL read."""
    a = cast.first
    if not (a >= 4 and tokens[a - 1].text == "(" and cast.last + 1 < len(tokens) and tokens[cast.last + 1].text == ")"):
        return None
    op, quantifier = tokens[a - 3].text, tokens[a - 2].text.upper()
    if (op, quantifier) not in (("=", "ANY"), ("<>", "ALL")):
        return None
    # The left operand must be exactly `P::T`, T being the array's target type: the coercion the
    # IN list's operator added. An operand such as `a || (b)::text` is not that shape and stays.
    cast_at = a - 4
    while cast_at > 0 and tokens[cast_at].kind != "cast":
        cast_at -= 1
    if cast_at == 0 or text[tokens[cast_at].end : tokens[a - 3].start].strip() != cast.target:
        return None
    start = _operand_start(tokens, cast_at - 1)
    if start is None:
        return None
    before = tokens[start - 1] if start > 0 else None
    if before is not None and before.text not in ("(", ",") and before.text.lower() not in _BOUNDARY_WORDS:
        return None  # an operator binding tighter than IN would take part of the operand
    subject = text[tokens[start].start : tokens[cast_at].start].strip()
    elements = cast.elements
    if cast.element_type and drop_casts(subject, cast.element_type):
        elements = [e[: e.rindex("::")] for e in elements]
    if _is_name(subject):
        subject = strip_parens(subject)
    keyword = "IN" if op == "=" else "NOT IN"
    return _Edit(tokens[start].start, tokens[cast.last + 1].end, f"{subject} {keyword} ({', '.join(elements)})")


def _is_name(text: str) -> bool:
    return all(t.kind in ("word", "quoted") or t.text == "." for t in tokenize(strip_parens(text)))


def reparseable(expression: str, column_types: Mapping[str, str] | None = None) -> str:
    """Deparsed SQL that parses back to the same text.

    PostgreSQL parses `ARRAY[...]::T[]` by casting each element to T, so its
    own rendering of `varchar_col IN ('a', 'b')` (an array of varchar cast to
    text[] as a whole) reads back as a different expression. Such arrays are
    written as the IN list they came from; `column_types` (name -> catalog
    type), when known, lets the elements drop the casts the column's type
    implies. Any other such array gets its element type spelled out, which
    keeps the cast on the whole array.
    """
    types = column_types or {}

    def drop_casts(subject: str, element_type: str) -> bool:
        name = unquote(strip_parens(subject))
        return name in types and re.sub(r"\(.*\)$", "", types[name]) == element_type

    position = 0
    while True:
        tokens = tokenize(expression)
        found = next(
            (
                cast
                for index, token in enumerate(tokens)
                if token.start >= position
                and token.kind == "word"
                and (cast := _array_cast(expression, tokens, index)) is not None
            ),
            None,
        )
        if found is None:
            return expression
        position = tokens[found.array].end
        if found.element_type is None or found.element_type == found.target:
            continue  # nothing PostgreSQL would push down, or nothing to tell it
        edit = _in_list(expression, tokens, found, drop_casts)
        if edit is None:
            array = expression[tokens[found.array].start : tokens[found.close].end]
            edit = _Edit(
                tokens[found.first].start,
                tokens[found.last].end,
                f"({array}::{found.element_type}[])::{found.target}[]",
            )
        # Every edit removes one pushed-down array, and what it writes is never one, so this ends.
        expression = expression[: edit.start] + edit.text + expression[edit.end :]
        position = edit.start
