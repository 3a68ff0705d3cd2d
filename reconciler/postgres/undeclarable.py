"""What a managed schema holds that state files cannot declare, and how plan, apply and export treat it.

One catalog query (queries/undeclarable.sql), sent in the inspector's
pipeline, lists every such object and attribute: base types, policies of
undeclarable tables, grants on kinds not declarable yet, comments the format does not
carry, storage parameters... The rule
built on it: nothing listed is ever dropped or redefined because the state
file does not mention it, a table using such a type is never redefined, and
both `export` (the file's header) and `plan` (a warning) name every item.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from reconciler.postgres.dependencies import object_id, split_qualified
from reconciler.postgres.model import Database, Sequence, Undeclarable, UndeclarableEffect
from reconciler.render.escape import printable

# How strongly an entry holds on to its object, weakest first: the strongest entry for an object wins.
_STRENGTH: dict[UndeclarableEffect, int] = {"report": 0, "keep": 1, "freeze": 2, "exclude": 3}

# Kinds whose detail is part of what they name (which privilege, which flag), so warnings show it.
_DETAIL_NAMES = {
    "grant",
    "revoked default privilege",
    "extension version",
    "owner",
}

_QUALIFIERS = (" with ", " of ", " to ", " in ", " reading ", " that ", " not ")
_IRREGULAR = {"policy": "policies", "index": "indexes", "child": "children", "family": "families"}


def from_rows(rows: Iterable[dict[str, Any]], logical: Any) -> list[Undeclarable]:
    """The query's rows as model entries; `logical` maps a physical schema name to the logical one."""
    found = []
    for r in rows:
        schema = logical(r["schema_name"])
        protects = table = None
        if r["protects"] is not None:
            protects = object_id(r["protects"], schema, r["relation"], r["member"])
        if r["relation"] is not None and r["protects"] not in ("table", "view", "matview", "sequence", "function"):
            table = object_id("table", schema, r["relation"])
        found.append(
            Undeclarable(
                kind=r["kind"],
                schema_name=schema,
                name=r["name"],
                detail=r["detail"],
                protects=protects,
                effect=cast(UndeclarableEffect, r["effect"]),
                table=table,
            )
        )
    return found


def protected(db: Database) -> dict[str, Undeclarable]:
    """Model object id -> the entry that holds on to it most strongly.

    A table is also kept (never dropped for its absence) when something of it
    is not declarable (a policy, an exclusion constraint), and so is the
    sequence a serial column of a kept table owns.
    """
    held: dict[str, Undeclarable] = {}

    def hold(obj: str, entry: Undeclarable) -> None:
        current = held.get(obj)
        if current is None or _STRENGTH[entry.effect] > _STRENGTH[current.effect]:
            held[obj] = entry

    for entry in db.undeclarable:
        if entry.protects is not None:
            hold(entry.protects, entry)
        if entry.table is not None:
            hold(entry.table, entry.model_copy(update={"effect": "keep"}))
    if not held:
        return held  # no table held: no sequence of one either (reading every sequence's owner finds none)
    for sequence in db.sequences.values():
        owner = owner_table_id(sequence)
        if owner is not None and owner in held:
            hold(
                object_id("sequence", sequence.schema_name, sequence.name),
                held[owner].model_copy(update={"effect": "keep"}),
            )
    return held


def owner_table_id(sequence: Sequence) -> str | None:
    """The graph id of the table whose column owns `sequence` ('table.column' or 'schema.table.column')."""
    if sequence.owned_by is None:
        return None
    parts = split_qualified(sequence.owned_by)
    if len(parts) not in (2, 3):
        return None
    schema, table = (sequence.schema_name, parts[0]) if len(parts) == 2 else (parts[0], parts[1])
    return object_id("table", schema, table)


def describe(entry: Undeclarable) -> str:
    """One entry for a file header: `policy public.users: tenant_isolation: FOR SELECT ...`."""
    detail = _one_line(entry.detail)
    return f"{entry.kind} {printable(entry.name)}" + (f": {detail}" if detail else "")


def reason(entry: Undeclarable) -> str:
    """Why a change to a protected object is blocked, for the plan."""
    what = describe(entry)
    if entry.effect == "exclude":
        article = "an" if entry.kind[:1].lower() in "aeiou" else "a"
        return (
            f"the live object is {article} {what}, which state files cannot declare; "
            "remove it from the state file, or change the database by hand"
        )
    return f"redefining it would lose what state files cannot declare ({what}); change it by hand"


def plural(kind: str, count: int) -> str:
    """`1 policy`, `2 policies`, `3 tables with storage parameters`."""
    if count == 1:
        return f"1 {kind}"
    cut = min((kind.find(q) for q in _QUALIFIERS if kind.find(q) > 0), default=len(kind))
    head, tail = kind[:cut], kind[cut:]
    words = head.split(" ")
    last = words[-1]
    words[-1] = _IRREGULAR.get(last, last if last.endswith("s") else last + "s")
    return f"{count} {' '.join(words)}{tail}"


def warning_name(entry: Undeclarable) -> str:
    detail = _one_line(entry.detail)
    name = printable(entry.name)
    return f"{name}: {detail}" if entry.kind in _DETAIL_NAMES and detail else name


def plan_warning(backend: str, db: Database) -> str | None:
    """`postgres auth_db: not declarable yet, left alone: 2 domains (a, b), 1 policy (...)`, or None."""
    if not db.undeclarable:
        return None
    by_kind: dict[str, list[str]] = {}
    for entry in db.undeclarable:
        by_kind.setdefault(entry.kind, []).append(warning_name(entry))
    parts = [f"{plural(kind, len(names))} ({', '.join(names)})" for kind, names in by_kind.items()]
    return f"{backend} {db.name}: not declarable yet, left alone: {', '.join(parts)}"


def header_lines(db: Database) -> list[str]:
    """The export header's section: every entry, one a line."""
    if not db.undeclarable:
        return []
    lines = ["Not declarable yet: state files cannot hold these; plan names them and apply leaves them alone:"]
    return lines + [f"  {describe(entry)}" for entry in db.undeclarable]


def _one_line(text: str | None, limit: int = 160) -> str:
    """Catalog text (a comment, an expression) on one line, shortened: headers and warnings are one line each."""
    if not text:
        return ""
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
