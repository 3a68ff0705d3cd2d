"""Operator classes as a person declares them: how an index method handles a type.

A schema's `operator_classes` are keyed by name. Each names its index method
(`using`) and type, and lists its members as CREATE OPERATOR CLASS writes them
after OPERATOR and FUNCTION:

    operators: ["1 <", "3 = (integer, integer)", "15 <-> (point, point) FOR ORDER BY float_ops"]
    functions: ["1 my_cmp(integer, integer)", "2 (integer, integer) my_sort_support(internal)"]

Every part is checked before it reaches a statement: the strategy or support
number is a number, an operator name is exactly one operator as PostgreSQL's
lexer reads it (spec/operators.py), a function name has the shape of
FunctionName and each type is one type (fragments.check_type). Nothing else
of the file reaches SQL.

Without `family:` a class's family is the one CREATE OPERATOR CLASS makes of
the same name, and every member of it is the class's. A family made on its own
(CREATE OPERATOR FAMILY) is declared under `operator_families`, with its loose
members (ALTER OPERATOR FAMILY ... ADD), and the classes in it name it with
`family:`; their members are then the ones bound to the class. A class in a
family of another schema is not declarable (queries/undeclarable.sql).
"""

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres import fragments
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.spec.common import IDENTIFIER_MAX, QUALIFIED_NAME, Identifier, Owner, Strict, parsed_by
from reconciler.postgres.spec.operators import split_reference

_NUMBER = r"[1-9][0-9]{0,3}"
_NAME = QUALIFIED_NAME[1:-1]  # `name` or `schema.name`, quoted where needed
_MEMBER_MAX = 1024


@dataclass(frozen=True)
class OperatorMember:
    """`15 <-> (point, point) FOR ORDER BY float_ops` in parts; types None when not written."""

    strategy: int
    operator: str
    types: tuple[str, str] | None
    order_by: str | None

    def sql(self) -> str:
        """What follows OPERATOR in CREATE OPERATOR CLASS."""
        types = f"({self.types[0]}, {self.types[1]})" if self.types else ""
        order = f" FOR ORDER BY {self.order_by}" if self.order_by else ""
        return f"{self.strategy} {self.operator}{types}{order}"


@dataclass(frozen=True)
class FunctionMember:
    """`2 (integer, integer) my_sort_support(internal)` in parts; types None when not written."""

    number: int
    types: tuple[str, ...] | None
    function: str
    arguments: tuple[str, ...]

    def sql(self) -> str:
        """What follows FUNCTION in CREATE OPERATOR CLASS."""
        types = f"({', '.join(self.types)}) " if self.types else ""
        return f"{self.number} {types}{self.function}({', '.join(self.arguments)})"


def _types(inside: str, what: str, count: tuple[int, ...]) -> tuple[str, ...]:
    """The comma-separated types inside brackets, each checked to be one type."""
    found = fragments.tokens(inside)
    if not found:
        if 0 in count:
            return ()
        raise FragmentError(f"{what}: the brackets name no type")
    cuts = [-1, *fragments.top_level_commas(found), len(inside)]
    parts = tuple(inside[start + 1 : end].strip() for start, end in pairwise(cuts))
    if len(parts) not in count:
        raise FragmentError(f"{what}: {' or '.join(map(str, count))} types in brackets, not {len(parts)}")
    for part in parts:
        fragments.check_type(part)
    return parts


def parse_operator_member(text: str) -> OperatorMember:
    """`3 =`, `3 = (integer, integer)`, `15 <-> (point, point) FOR ORDER BY float_ops`: FragmentError otherwise."""
    match = re.fullmatch(
        rf"\s*({_NUMBER})\s+(\S+?)\s*(?:\((.*?)\))?\s*(?:FOR\s+(SEARCH|ORDER\s+BY\s+({_NAME})))?\s*",
        text,
        re.DOTALL | re.IGNORECASE,
    )
    if match is None:
        raise FragmentError(
            f"{text!r} is not a strategy number and an operator, such as '1 <', '3 = (integer, integer)' or "
            "'15 <-> (point, point) FOR ORDER BY float_ops'"
        )
    split_reference(match.group(2))  # one operator name, or schema.name
    types = None if match.group(3) is None else _types(match.group(3), text, (2,))
    return OperatorMember(int(match.group(1)), match.group(2), (types[0], types[1]) if types else None, match.group(5))


def parse_function_member(text: str) -> FunctionMember:
    """`1 my_cmp(integer, integer)` or `1 (integer, integer) my_cmp(integer, integer)`: FragmentError otherwise."""
    match = re.fullmatch(
        rf"\s*({_NUMBER})\s+(?:\(([^()]*)\)\s*)?({_NAME})\s*\((.*)\)\s*",
        text,
        re.DOTALL,
    )
    if match is None:
        raise FragmentError(
            f"{text!r} is not a support number and a function with its argument types, such as "
            "'1 my_cmp(integer, integer)' or '1 (integer, integer) my_cmp(integer, integer)'"
        )
    types = None if match.group(2) is None else _types(match.group(2), text, (1, 2))
    arguments = _types(match.group(4), text, (0, 1, 2, 3, 4, 5, 6, 7, 8))
    return FunctionMember(int(match.group(1)), types, match.group(3), arguments)


OperatorMemberText = Annotated[
    str, Field(min_length=1, max_length=_MEMBER_MAX), AfterValidator(parsed_by(parse_operator_member))
]
FunctionMemberText = Annotated[
    str, Field(min_length=1, max_length=_MEMBER_MAX), AfterValidator(parsed_by(parse_function_member))
]
# The index method: an access method's name (btree, hash, gist, gin, spgist, brin, or an extension's).
IndexMethod = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", max_length=IDENTIFIER_MAX)]


class OperatorClassSpec(Strict):
    """An operator class (CREATE OPERATOR CLASS): the operators and support functions an index method uses for a
    type. PostgreSQL has no ALTER for its members: any change but the comment and owner drops and creates it,
    with the indexes that use it."""

    using: IndexMethod = Field(description="The index method: btree, hash, gist, gin, spgist, brin...")
    type: str = Field(
        min_length=1,
        max_length=_MEMBER_MAX,
        description="The data type the class handles (FOR TYPE); checked to be one type (validate.py).",
    )
    default: bool = Field(
        default=False, description="DEFAULT: the class indexes of this method use for the type when they name none."
    )
    storage: str | None = Field(
        default=None,
        min_length=1,
        max_length=_MEMBER_MAX,
        description="STORAGE: the type the index stores, where it differs from the type (GiST, GIN, BRIN).",
    )
    operators: list[OperatorMemberText] = Field(
        default_factory=empty_list,
        description="Each `strategy operator [(left, right)] [FOR ORDER BY sort_family]`, as after OPERATOR.",
    )
    functions: list[FunctionMemberText] = Field(
        default_factory=empty_list,
        description="Each `number [(left, right)] function(argument types)`, as after FUNCTION.",
    )
    family: Identifier | None = Field(
        default=None,
        description="FAMILY: an operator family the same schema declares (operator_families), for the same "
        "index method. Without it the class has a family of its own, of its name.",
    )
    comment: str | None = None
    family_comment: str | None = Field(
        default=None, description="The comment of its own family (without `family`; a declared family has its own)."
    )
    owner: Owner = Field(default=None, description="Its owner, and its own family's (without `family`).")

    @model_validator(mode="after")
    def _has_members(self) -> "OperatorClassSpec":
        if not self.operators and not self.functions:
            raise ValueError("an operator class needs at least one member: list operators or functions")
        if self.family is not None and self.family_comment is not None:
            raise ValueError("family_comment is for a class's own family: comment the declared family itself")
        return self


class OperatorFamilySpec(Strict):
    """An operator family made on its own (CREATE OPERATOR FAMILY): the operator classes that name it with
    `family:`, and loose members, added and dropped in place (ALTER OPERATOR FAMILY ... ADD / DROP), such as a
    B-tree family's cross-type operators."""

    using: IndexMethod = Field(description="The index method: btree, hash, gist, gin, spgist, brin...")
    operators: list[OperatorMemberText] = Field(
        default_factory=empty_list,
        description="Loose operators, each `strategy operator (left, right) [FOR SEARCH | FOR ORDER BY "
        "sort_family]`: ALTER OPERATOR FAMILY ... ADD needs the types.",
    )
    functions: list[FunctionMemberText] = Field(
        default_factory=empty_list,
        description="Loose support functions, each `number [(left, right)] function(argument types)`.",
    )
    comment: str | None = None
    owner: Owner = None

    @field_validator("operators")
    @classmethod
    def _typed_operators(cls, value: list[str]) -> list[str]:
        for text in value:
            if parse_operator_member(text).types is None:
                raise ValueError(
                    f"operator {text!r}: a family's loose operator names its types, as in '1 < (integer, bigint)'"
                )
        return value
