"""Node, the base of every model object: equality as dump equality, and the state file's own SQL."""

from collections.abc import Callable, Mapping
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class Node(BaseModel):
    """Base of every model object. Equality ignores the fields dumps leave out (`source` and the like).

    Field by field, nested models by their own equality: what comparing the two dumps gives, without
    building them (a plan compares every declared table with its live one). The mappings named in
    ORDERED compare in order too: PostgreSQL keeps their entries (storage parameters, a routine's SET
    clauses) in the order they were set, and pg_dump prints them so.
    """

    model_config = ConfigDict(extra="forbid")
    ORDERED: ClassVar[tuple[str, ...]] = ()

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        compared, ordered = _compared_fields(type(self))
        if compared(self) != compared(other):
            return False
        for name in ordered:  # equal as mappings: only two or more entries can stand in another order
            mine = getattr(self, name)
            if len(mine) > 1 and in_order(mine) != in_order(getattr(other, name)):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]


@cache
def _compared_fields(model: type[Node]) -> tuple[Callable[[Any], Any], tuple[str, ...]]:
    """The fields a dump keeps, read at once (a tuple compares them in order and stops at the first unequal), and
    the ones among them that compare in order as well."""
    names = [name for name, info in model.model_fields.items() if not info.exclude]
    ordered = tuple(name for name in names if name in model.ORDERED)
    return (attrgetter(*names) if names else type), ordered  # no field: every two are equal (same type)


def in_order(entries: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """A mapping's entries in their order, for comparing two of them in order."""
    return list(entries.items())


def _source() -> Any:
    return Field(
        default=None,
        exclude=True,
        description="The state file's own SQL to create this from; never compared (see materialize_sources.Sources).",
    )
