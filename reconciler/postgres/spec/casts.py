"""Casts as a person declares them, and the type names and function signatures they take.

The database's `casts` are keyed by what DROP CAST and COMMENT ON CAST name: `"integer AS money"`. The key holds
what tells casts apart (the source and target types), so a declaration cannot disagree with its key, and the way
a cast is made (`function`, `without_function` or `inout`) is its value.

Type names and a function's argument types are plain names, arrays allowed (`public.money2`, `"Odd"[]`,
`double precision`), never modifiers: CREATE CAST ignores them, and reading one back would run the type's
modifier input function. The plan resolves them on the server (user_casts.resolve) with to_regtype and
to_regprocedure, which read names and run nothing, and writes every statement from what the server returns.
"""

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reconciler.postgres import fragments
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.spec.common import IDENTIFIER_MAX, QUALIFIED_NAME, Strict, parsed_by

# A key's shape for pydantic and the JSON Schema: two type names around AS; parse_cast_key checks the rest.
CAST_KEY_PATTERN = r"^\s*\S.*\s[Aa][Ss]\s+\S.*$"
# A function signature's shape: a name, maybe schema-qualified, then its argument types in brackets.
SIGNATURE_PATTERN = r"^\s*\S[^(]*\(.*\)\s*$"

CastContext = Literal["explicit", "assignment", "implicit"]


@dataclass(frozen=True)
class CastKey:
    """A parsed `casts:` key: the source and the target type as written."""

    source: str
    target: str


@dataclass(frozen=True)
class FunctionSignature:
    """A parsed `function:`: the (maybe qualified) name as written, and its argument types."""

    name: str
    arguments: tuple[str, ...]

    @property
    def text(self) -> str:
        """`public.f(integer,text)`: as to_regprocedure reads it."""
        return f"{self.name}({','.join(self.arguments)})"


def check_plain_type(text: str) -> None:
    """One type name without modifiers: `integer`, `public.money2`, `text[]`, `"Odd type"`, `double precision`."""
    fragments.check_type(text)
    for token in fragments.tokens(text):
        if token.kind == "(" or token.kind == "number":
            raise FragmentError(
                f"{text.strip()!r}: a cast's types take no modifiers (CREATE CAST ignores them); write the type alone"
            )


def parse_cast_key(key: str) -> CastKey:
    """`"integer AS money"` -> its types; FragmentError unless it is two type names around one AS."""
    found = fragments.tokens(key)
    split = [t for t in found if t.kind == "word" and t.text.lower() == "as"]
    if len(split) != 1:
        raise FragmentError(f"{key!r} is not a cast such as 'integer AS money': one source type, AS, one target type")
    source, target = key[: split[0].start].strip(), key[split[0].start + 2 :].strip()
    for role, side in (("source", source), ("target", target)):
        if not side:
            raise FragmentError(f"{key!r} names no {role} type")
        check_plain_type(side)
    return CastKey(source, target)


def parse_function_signature(text: str) -> FunctionSignature:
    """`public.f(integer, text)` -> its parts; FragmentError unless a (qualified) name and plain argument types."""
    found = fragments.tokens(text)
    opening = next((i for i, t in enumerate(found) if t.kind == "("), None)
    if opening is None or found[-1].kind != ")":
        raise FragmentError(f"{text!r} is not a function signature such as 'public.int_to_money(integer)'")
    name = text[: found[opening].start].strip()
    if not re.match(QUALIFIED_NAME, name):
        raise FragmentError(f"{name!r} is not a function name (`name` or `schema.name`, quoted where needed)")
    if len(name) > IDENTIFIER_MAX * 2 + 5:
        raise FragmentError(f"{name!r} is longer than a schema-qualified name can be")
    inside_start, inside_end = found[opening].start + 1, found[-1].start
    inside = text[inside_start:inside_end]
    inner = fragments.tokens(inside)
    arguments: list[str] = []
    if inner:
        at = 0
        for comma in [*fragments.top_level_commas(inner), len(inside)]:
            argument = inside[at:comma].strip()
            if not argument:
                raise FragmentError(f"{text!r}: an argument type is missing")
            check_plain_type(argument)
            arguments.append(argument)
            at = comma + 1
    return FunctionSignature(name, tuple(arguments))


CastSignature = Annotated[
    str, Field(pattern=CAST_KEY_PATTERN, max_length=IDENTIFIER_MAX * 6), AfterValidator(parsed_by(parse_cast_key))
]
FunctionSignatureText = Annotated[
    str,
    Field(pattern=SIGNATURE_PATTERN, max_length=IDENTIFIER_MAX * 12),
    AfterValidator(parsed_by(parse_function_signature)),
]


class CastSpec(Strict):
    """A cast (CREATE CAST); its key names the source and target types: `"integer AS money"`.

    Exactly one of `function`, `without_function` and `inout` says how values convert.
    """

    function: FunctionSignatureText | None = Field(
        default=None,
        description="WITH FUNCTION: its signature, argument types only (`public.int_to_money(integer)`). It takes "
        "the source type (and optionally integer typmod and boolean explicit) and returns the target type.",
    )
    without_function: bool = Field(
        default=False, description="WITHOUT FUNCTION: the types are binary coercible (same internal form)."
    )
    inout: bool = Field(
        default=False, description="WITH INOUT: the source's output function, then the target's input function."
    )
    context: CastContext = Field(
        default="explicit",
        description="explicit (only `::` or CAST), assignment (also on assignment to a column), or implicit (any "
        "expression).",
    )
    comment: str | None = None

    @model_validator(mode="after")
    def _one_method(self) -> "CastSpec":
        chosen = [self.function is not None, self.without_function, self.inout]
        if sum(chosen) != 1:
            raise ValueError("give exactly one of function (a signature), without_function: true and inout: true")
        return self
