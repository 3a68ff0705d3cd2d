"""What every part of the PostgreSQL state format shares: identifiers, owners, strict models."""

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from reconciler.postgres.fragments import FragmentError

IDENTIFIER_MAX = 63

ReferentialAction = Literal["cascade", "restrict", "set null", "set default", "no action"]
# A storage parameter as WITH (...) names it: `fillfactor`, `autovacuum_enabled`, `toast.autovacuum_enabled`.
STORAGE_PARAMETER = r"^(toast\.)?[A-Za-z_][A-Za-z0-9_]*$"
StorageParameter = Annotated[str, Field(pattern=STORAGE_PARAMETER, max_length=IDENTIFIER_MAX)]
# A storage parameter's value as WITH (...) takes it: a number, a boolean or one bare word (`off`).
StorageValue = bool | int | float | Annotated[str, Field(pattern=r"^[A-Za-z0-9_.+-]+$", max_length=IDENTIFIER_MAX)]


def _named_if_commented(name: str | None, comment: str | None) -> None:
    """COMMENT ON CONSTRAINT needs the constraint's name: a commented constraint declares it."""
    if comment is not None and name is None:
        raise ValueError("a constraint with a comment needs a name")


def _check_identifier(name: str) -> str:
    if not name:
        raise ValueError("names must not be empty")
    if len(name.encode()) > IDENTIFIER_MAX:
        raise ValueError(f"{name!r} is longer than PostgreSQL's {IDENTIFIER_MAX}-byte identifier limit")
    return name


# PostgreSQL truncates longer names with only a NOTICE: the plan would name an object that never exists.
Identifier = Annotated[str, Field(min_length=1), AfterValidator(_check_identifier)]
# The role that owns an object (ALTER ... OWNER TO); left out: the file's top-level owner, and with neither the
# owner is not compared (README "Owners").
Owner = Annotated[
    Identifier | None,
    Field(
        description="The role that owns it (ALTER ... OWNER TO). Left out: the file's top-level owner; with neither, "
        "the owner is not compared and never changed."
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class QualifiedCollation(Strict):
    """A collation named with its schema, where the search path would find another of its name first."""

    schema_: Identifier = Field(alias="schema")
    name: Identifier


# A collation: its name, found on the search path (pg_catalog, then the file's schemas in order), or
# `{schema: app, name: ci}`.
CollationName = Identifier | QualifiedCollation


# A function, operator or table name as CREATE statements take it: `name`, `schema.name`, quoted parts allowed.
QUALIFIED_NAME = r'^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"))?$'


def parsed_by(parse: Callable[[str], object]) -> Callable[[str], str]:
    """An AfterValidator keeping a string `parse` accepts; its FragmentError is the field's error message."""

    def check(value: str) -> str:
        try:
            parse(value)
        except FragmentError as exc:
            raise ValueError(str(exc)) from None
        return value

    return check
