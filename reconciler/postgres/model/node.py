"""Node, the base of every model object: equality as dump equality, and the state file's own SQL."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import attrgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Node(BaseModel):
    """Base of every model object. Equality ignores the fields dumps leave out (`source` and the like).

    Field by field, nested models by their own equality: what comparing the two dumps gives, without
    building them (a plan compares every declared table with its live one).
    """

    model_config = ConfigDict(extra="forbid")

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        compared = _compared_fields(type(self))
        return bool(compared(self) == compared(other))

    __hash__ = None  # type: ignore[assignment]


@cache
def _compared_fields(model: type[BaseModel]) -> Callable[[Any], Any]:
    """The fields a dump keeps, read at once: a tuple compares them in order and stops at the first unequal."""
    names = [name for name, info in model.model_fields.items() if not info.exclude]
    return attrgetter(*names) if names else type  # no field: every two are equal (same type)


def _source() -> Any:
    return Field(
        default=None,
        exclude=True,
        description="The state file's own SQL to create this from; never compared (see materialize_sources.Sources).",
    )
