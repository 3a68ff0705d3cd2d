"""Whether a column can change type in place, and the USING expression that converts its values.

`ALTER COLUMN c TYPE t` needs an assignment cast from the old type; the plan
always writes `USING c::t`, which needs only an explicit one. PostgreSQL has:
- casts between built-in types listed in pg_cast (the live database's,
  read by queries/casts.sql into `Database.casts`);
- conversion through text (I/O) from any type to a string type, and from a
  string type to any type: `text` to an enum, to `integer`, to `jsonb`;
- no cast between two enums: the value goes through text.
A pair with none of these (bigint to timestamp) cannot be converted: the
differ re-creates the column instead (destructive, its values are lost).

A user-written conversion (a `using:` expression) takes precedence over all
of this where the state format offers one: `conversion` is the one place
that decides the automatic path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconciler.changes import Hazard

STRING_TYPES = frozenset({"text", "character varying", "character", "name", '"char"', "citext"})

_TYPMOD = re.compile(r"\(\s*[\d\s,]*\)")


@dataclass(frozen=True)
class Conversion:
    """How values go from the old type to the new: `via_text` through text; `possible` False when no cast exists."""

    possible: bool
    via_text: bool = False


def base_type(type_text: str) -> str:
    """The type without modifiers: `character varying(20)` -> `character varying`, `numeric(10,2)` -> `numeric`."""
    return _TYPMOD.sub("", type_text).strip()


def conversion(before: str, after: str, casts: list[tuple[str, str]], enums: set[str]) -> Conversion:
    """How `USING` converts a column from `before` to `after` (format_type spellings); `enums` spells the enums."""
    if before.endswith("[]") != after.endswith("[]"):
        # An array to a scalar or back: only text takes either.
        return Conversion(possible=base_type(after) in STRING_TYPES or base_type(before) in STRING_TYPES)
    old, new = base_type(before.removesuffix("[]")), base_type(after.removesuffix("[]"))
    if old == new or old in STRING_TYPES or new in STRING_TYPES:
        return Conversion(possible=True)
    if old in enums and new in enums:
        return Conversion(possible=True, via_text=True)
    builtin = {source for source, _ in casts} | {target for _, target in casts}
    if old not in builtin or new not in builtin:
        return Conversion(possible=True)  # a user's or an extension's type: PostgreSQL decides at apply
    return Conversion(possible=(old, new) in set(casts))


def no_cast_hazard(before: str, after: str) -> Hazard:
    """What re-creating a column for want of a cast costs, and what to do instead."""
    return Hazard(
        code="data_loss",
        message=f"PostgreSQL has no cast from {before} to {after}: the column is dropped and added again (last in "
        "the table, with its indexes and constraints), and the values it holds are lost; to keep them, convert the "
        "column by hand (ALTER COLUMN ... TYPE ... USING an expression) before applying",
    )
