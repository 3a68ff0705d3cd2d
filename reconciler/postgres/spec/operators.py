"""Operators as a person declares them, and the operator names PostgreSQL's lexer reads as one operator.

A schema's `operators` are keyed by signature, the way DROP OPERATOR and
COMMENT ON OPERATOR name one: `"||+ (text, text)"`, `"!! (NONE, integer)"`
for a prefix operator. The key holds what tells operators apart (the name and
the argument types), so overloads are plain keys and nothing in a declaration
can disagree with its key.

Operator names go into statements unquoted (SQL has no quoting for them), so
a name is checked here exactly as PostgreSQL's lexer (scan.l) reads an
operator: its characters, at most 63 of them, no `--` or `/*` inside, and a
trailing `+` or `-` only in a name holding one of `~ ! @ # % ^ & | \\` ?`.
"""

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from reconciler.postgres import fragments
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.spec.common import IDENTIFIER_MAX, Owner, Strict, parsed_by
from reconciler.postgres.spec.routines import FunctionName

OPERATOR_CHARACTERS = "+-*/<>=~!@#%^&|`?"
# What lets a name end in + or -: without one of these, the lexer would cut the + or - off as a token of its own.
_SIGNIFICANT = frozenset("~!@#%^&|`?")
_SYMBOL = r"[-+*/<>=~!@#%^&|`?]{1,63}"
_SCHEMA = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
# The shapes pydantic and the JSON Schema check; check_operator_name then applies the lexer's own rules.
SIGNATURE_PATTERN = rf"^\s*{_SYMBOL}\s*\(.+\)\s*$"
OPERATOR_REFERENCE = rf"^(?:{_SCHEMA}\.)?{_SYMBOL}$"
# The word DROP OPERATOR and COMMENT ON OPERATOR take for the missing left argument of a prefix operator.
NO_ARGUMENT = "NONE"


def check_operator_name(name: str) -> None:
    """Raise FragmentError unless PostgreSQL's lexer reads `name` as exactly one operator that CREATE OPERATOR takes."""
    if not name or len(name) > IDENTIFIER_MAX:
        raise FragmentError(f"an operator name is 1 to {IDENTIFIER_MAX} characters, not {len(name)}")
    odd = sorted({char for char in name if char not in OPERATOR_CHARACTERS})
    if odd:
        raise FragmentError(f"operator {name!r}: {''.join(odd)!r} is not an operator character ({OPERATOR_CHARACTERS})")
    if "--" in name or "/*" in name:
        raise FragmentError(f"operator {name!r}: -- and /* start a comment, and cannot appear in an operator name")
    if len(name) > 1 and name[-1] in "+-" and not _SIGNIFICANT & set(name):
        raise FragmentError(
            f"operator {name!r}: a name ending in + or - must hold one of ~ ! @ # % ^ & | ` ? "
            "(PostgreSQL reads the last character as an operator of its own)"
        )
    if name == "!=":
        raise FragmentError("operator '!=': PostgreSQL reads != as <>; declare <>")
    if name == "=>":
        raise FragmentError("operator '=>': PostgreSQL reserves => (named arguments)")


@dataclass(frozen=True)
class OperatorSignature:
    """A parsed `operators:` key: the name, the left argument type (None: a prefix operator), the right one."""

    name: str
    left: str | None
    right: str

    @property
    def arguments(self) -> str:
        """`text, text` or `NONE, integer`: what follows the name in DROP / COMMENT ON / ALTER OPERATOR."""
        return f"{self.left or NO_ARGUMENT}, {self.right}"


def parse_signature(key: str) -> OperatorSignature:
    """`"||+ (text, text)"` -> its parts; FragmentError when it is not an operator name and two single types."""
    match = re.match(r"^\s*([^\s(]+)\s*\((.*)\)\s*$", key, re.DOTALL)
    if match is None:
        raise FragmentError(f"{key!r} is not an operator signature such as '||+ (text, text)' or '!! (NONE, integer)'")
    name, inside = match.group(1), match.group(2)
    check_operator_name(name)
    found = fragments.tokens(inside)
    commas = fragments.top_level_commas(found)
    if len(commas) != 1:
        raise FragmentError(
            f"{key!r} must name two argument types: (left, right), NONE on the left of a prefix operator"
        )
    left, right = inside[: commas[0]].strip(), inside[commas[0] + 1 :].strip()
    if right.upper() == NO_ARGUMENT:
        raise FragmentError(f"{key!r}: the right argument is required (PostgreSQL 14 removed postfix operators)")
    fragments.check_type(right)
    if left.upper() == NO_ARGUMENT:
        return OperatorSignature(name, None, right)
    fragments.check_type(left)
    return OperatorSignature(name, left, right)


def split_reference(reference: str) -> tuple[str | None, str]:
    """`other.==` -> ('other', '=='); `==` -> (None, '=='); a quoted schema comes back unquoted."""
    match = re.match(rf"^(?:({_SCHEMA})\.)?({_SYMBOL})$", reference)
    if match is None:
        raise FragmentError(f"{reference!r} is not an operator name or schema.operator")
    schema, name = match.group(1), match.group(2)
    check_operator_name(name)
    if schema is not None and schema.startswith('"'):
        schema = schema[1:-1].replace('""', '"')
    return schema, name


Signature = Annotated[
    str, Field(pattern=SIGNATURE_PATTERN, max_length=IDENTIFIER_MAX * 8), AfterValidator(parsed_by(parse_signature))
]
OperatorReference = Annotated[
    str,
    Field(pattern=OPERATOR_REFERENCE, max_length=IDENTIFIER_MAX * 2 + 3),
    AfterValidator(parsed_by(split_reference)),
]


class OperatorSpec(Strict):
    """An operator (CREATE OPERATOR); its key names it and its argument types: `"||+ (text, text)"`."""

    function: FunctionName = Field(
        description="The function implementing it (`name` or `schema.name`), taking the argument types in order."
    )
    commutator: OperatorReference | None = Field(
        default=None,
        description="The operator x <commutator> y equals y <this> x: a name in this schema, or schema.name. "
        "PostgreSQL creates an empty (shell) operator for one that does not exist yet.",
    )
    negator: OperatorReference | None = Field(
        default=None, description="The operator that returns the opposite boolean result, named like commutator."
    )
    restrict: FunctionName | None = Field(default=None, description="Restriction selectivity estimator (eqsel).")
    join: FunctionName | None = Field(default=None, description="Join selectivity estimator (eqjoinsel).")
    hashes: bool = Field(default=False, description="HASHES: the operator can drive hash joins.")
    merges: bool = Field(default=False, description="MERGES: the operator can drive merge joins.")
    comment: str | None = None
    owner: Owner = None
