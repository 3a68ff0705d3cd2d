"""Node, the base of every model object: equality as dump equality, and the state file's own SQL."""

from __future__ import annotations

from functools import cache
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
        return all(getattr(self, name) == getattr(other, name) for name in _compared_fields(type(self)))

    __hash__ = None  # type: ignore[assignment]


@cache
def _compared_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, info in model.model_fields.items() if not info.exclude)


def _source() -> Any:
    return Field(
        default=None,
        exclude=True,
        description="The state file's own SQL to create this from; never compared (see materialize_sources.Sources).",
    )
