"""Enum types: labels renamed and added in place, and the type re-created where PostgreSQL has no ALTER.

PostgreSQL adds labels (ALTER TYPE ... ADD VALUE, committed before the rest of
the plan) and renames them (RENAME VALUE, in the transaction), but cannot
remove or reorder them. For those the type is re-created while the data stays:

    ALTER TYPE s.e RENAME TO <aside>;           -- columns keep pointing at it
    CREATE TYPE s.e AS ENUM (...);              -- as declared
    ALTER TABLE t ALTER COLUMN c TYPE s.e USING c::text::s.e;   -- each column, defaults around it
    DROP TYPE s.<aside>;

Views over those columns, and functions, checks and indexes that name the
type, are dropped before and created again after (`recreate_dependents`,
steered by `moved_columns`). A row holding a removed label makes the cast
fail and the transaction roll back: that is what the plan's hazard says.

`renamed_from:` on a label (state format: `{name: shipped, renamed_from: sent}`)
renames the live label in place when only the old one exists; once the new
one exists it does nothing; both existing is an error naming them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import ddl, ddl_enums
from reconciler.postgres.dependencies import DependencyGraph, member_id, object_id
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Collation, Column, Enum, Table
from reconciler.postgres.user_types import UserType

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

RECREATED = Hazard(
    code="dependent_objects",
    message="the type is re-created: columns of it are retyped (rewriting their tables under an ACCESS EXCLUSIVE "
    "lock), views, functions, checks and indexes that use it are dropped and created again",
)


def enum_id(enum: Enum) -> str:
    return object_id("enum", enum.schema_name, enum.name)


def address(enum: Enum) -> str:
    from reconciler.postgres.differ.addresses import display_name

    return f"enum.{display_name(enum.schema_name, enum.name)}"


def spellings(enum: Enum | UserType | Collation) -> set[str]:
    """How format_type may name the enum (or another user type), and regcollation a collation: bare when the search
    path finds it by name, qualified otherwise."""
    return {enum.name, quote_ident(enum.name), qualify(enum.schema_name, enum.name), f"{enum.schema_name}.{enum.name}"}


def label_renames(want: Enum, have: Enum) -> tuple[dict[str, str], str | None]:
    """(old label -> new label to rename in place, or an error when both names exist in the live type)."""
    renames: dict[str, str] = {}
    for new, old in want.renamed_from.items():
        if new in have.labels and old in have.labels:
            return {}, (
                f"label {new!r} is declared renamed_from {old!r}, and the live type has both: drop one of them "
                "by hand, or remove renamed_from"
            )
        if old in have.labels and new not in have.labels:
            renames[old] = new
    return renames, None


def recreated(want: Enum, have: Enum) -> bool:
    """Whether the plan re-creates the enum: a label goes or moves (PostgreSQL only renames and adds labels)."""
    renames, error = label_renames(want, have)
    if error is not None:
        return False  # the change is blocked
    renamed = [renames.get(label, label) for label in have.labels]
    return [label for label in want.labels if label in renamed] != renamed


def update_enum(d: _Differ, want: Enum, have: Enum) -> None:
    """Rename, add, or re-create; the comment changes in place."""
    from reconciler.postgres.differ.comments import comment_change
    from reconciler.postgres.differ.hazards import COMMITTED_FIRST

    name = qualify(want.schema_name, want.name)
    if want.labels == have.labels:
        d.comment_only(address(want), "enum", want, have, f"TYPE {name}")
        return
    detail = [f"labels: {have.labels} -> {want.labels}"]
    renames, error = label_renames(want, have)
    if error is not None:
        d.add(address(want), "enum", Action.UPDATE, have, want, [], blocked=error, detail=detail)
        return
    statements = [
        ddl.stmt(f"ALTER TYPE {name} RENAME VALUE {quote_literal(old)} TO {quote_literal(new)}", ddl.Phase.ENUM)
        for old, new in renames.items()
    ]
    detail += [f"renames label {old!r} to {new!r} (rows keep their value)" for old, new in renames.items()]
    renamed = [renames.get(label, label) for label in have.labels]
    if recreated(want, have):
        recreate(d, want, have, renamed, statements, detail)
        return
    # ADD VALUE is committed before the renames run: place new labels by the names they have then.
    old_names = {new: old for old, new in renames.items()}
    positioned = want.model_copy(update={"labels": [old_names.get(label, label) for label in want.labels]})
    added = ddl_enums.add_enum_values(positioned, have.labels)
    statements = d.tag(added + statements, "alter", enum_id(want))
    statements += comment_change(f"TYPE {name}", want.comment, have.comment)
    hazards = [COMMITTED_FIRST] if added else []
    d.add(address(want), "enum", Action.UPDATE, have, want, statements, detail=detail, hazards=hazards)


def aside_name(enum: Enum) -> str:
    """The name the old type has while the new one takes its place: short, and unlikely to be anyone's."""
    digest = hashlib.sha256(f"{enum.schema_name}.{enum.name}".encode()).hexdigest()[:12]
    return f"_reconcile_old_{digest}"


def recreate(
    d: _Differ, want: Enum, have: Enum, renamed: list[str], renames: list[Statement], detail: list[str]
) -> None:
    """Put the old type aside, create the declared one, move every column over through text, drop the old one."""
    name, aside = qualify(want.schema_name, want.name), aside_name(want)
    removed = [label for label in renamed if label not in want.labels]
    statements = d.tag(list(renames), "alter", enum_id(have))
    statements += d.tag(
        [ddl.stmt(f"ALTER TYPE {name} RENAME TO {quote_ident(aside)}", ddl.Phase.ENUM)], "alter", enum_id(have)
    )
    statements += d.tag(ddl_enums.create_enum(want), "alter", enum_id(want))
    d.created_untagged.add(enum_id(want))
    moved: list[str] = []
    inherited = inherited_columns_of(d, have)
    own_defaults = [(table, column) for table, column in inherited if column.default is not None]
    for table, column in own_defaults:
        dropping = ddl.stmt(f"{ddl.alter_column_prefix(table, column.name)} DROP DEFAULT", ddl.Phase.ALTER_COLUMN)
        statements += d.tag([dropping], "alter", member_id("column", table, column.name))
    moved += [member_id("column", table, column.name) for table, column in inherited]  # by the parent's move
    for table, column in columns_of(d, have):
        column_id = member_id("column", table, column.name)
        statements += d.tag(move_column(d, table, column, want), "alter", column_id)
        moved.append(column_id)
        detail.append(f"moves column {table.schema_name}.{table.name}.{column.name} to the new type")
    for table, column in own_defaults:
        wanted = d.desired.tables[f"{table.schema_name}.{table.name}"].columns[column.name]
        if wanted.default is not None:  # set by the column's own change too where it changes: both set this one
            setting = ddl.stmt(
                f"{ddl.alter_column_prefix(table, column.name)} SET DEFAULT {wanted.default}", ddl.Phase.ALTER_COLUMN
            )
            statements += d.tag([setting], "alter", member_id("column", table, column.name))
    drop = ddl.stmt(f"DROP TYPE {qualify(want.schema_name, aside)}", ddl.Phase.DROP_ENUM)
    statements += d.tag([drop], "drop", enum_id(have))
    hazards = [RECREATED]
    if removed:
        labels = ", ".join(repr(label) for label in removed)
        hazards.append(
            Hazard(
                code="data_loss",
                message=f"labels {labels} of {name} are removed: the apply fails (and changes nothing) if a row of "
                f"{', '.join(c.removeprefix('column:') for c in moved) or 'a column of the type'} holds one; "
                "whether one does cannot be known at plan time: update those rows first",
            )
        )
        detail.append(f"removes labels {labels}")
    else:
        detail.append("reorders labels: PostgreSQL cannot, so the type is re-created")
    d.add(
        address(want),
        "enum",
        Action.REPLACE,
        have,
        want,
        statements,
        hazards=hazards,
        destructive=bool(removed),
        detail=detail,
    )
    d.moved_columns[id(d.changes[-1])] = moved


def columns_of(d: _Differ, enum: Enum) -> list[tuple[Table, Column]]:
    """Live columns that store the enum, directly or as an array, and that the plan keeps as they are typed.

    A column the plan drops, or gives another type, is altered away by its own change; partitions follow
    their partitioned table, and a child's inherited column (its own too, or not) its parent's.
    """
    names = spellings(enum)
    found = []
    for key, table in d.live.tables.items():
        wanted = d.desired.tables.get(key)
        if wanted is None or key in d.recreated:  # re-created whole (a partition key of the enum: must_recreate)
            continue
        for column in table.columns.values():
            if column.type.removesuffix("[]") not in names or table.partition_of is not None or column.inherited:
                continue
            declared = wanted.columns.get(column.name)
            if declared is not None and declared.type == column.type:
                found.append((table, column))
    return found


def inherited_columns_of(d: _Differ, enum: Enum) -> list[tuple[Table, Column]]:
    """Columns of children and partitions storing the enum that they inherit: their parent's ALTER ... TYPE
    recurses to them, and cannot cast a default of their own from one enum to the other."""
    names = spellings(enum)
    return [
        (table, column)
        for key, table in d.live.tables.items()
        if key in d.desired.tables and key not in d.recreated
        for column in table.columns.values()
        if column.type.removesuffix("[]") in names
        and (table.partition_of is not None or column.inherited)
        and column.name in d.desired.tables[key].columns
    ]


def move_column(d: _Differ, table: Table, column: Column, enum: Enum) -> list[Statement]:
    """ALTER COLUMN ... TYPE the new enum through text, taking the default off and putting it back."""
    prefix = ddl.alter_column_prefix(table, column.name)
    target = qualify(enum.schema_name, enum.name)
    array = column.type.endswith("[]")
    cast = f"{quote_ident(column.name)}::text[]::{target}[]" if array else f"{quote_ident(column.name)}::text::{target}"
    statements = []
    if column.default is not None:
        statements.append(ddl.stmt(f"{prefix} DROP DEFAULT", ddl.Phase.ALTER_COLUMN))
    statements.append(ddl.stmt(f"{prefix} TYPE {target}{'[]' if array else ''} USING {cast}", ddl.Phase.ALTER_COLUMN))
    wanted = d.desired.tables[f"{table.schema_name}.{table.name}"].columns[column.name]
    if wanted.default is not None and column.default is not None:
        # A new default is set by the column's own change too, after this one: both set the declared one.
        statements.append(ddl.stmt(f"{prefix} SET DEFAULT {wanted.default}", ddl.Phase.ALTER_COLUMN))
    return statements


# An access method is never re-created around its handler, nor what uses it around the access method: PostgreSQL
# drops one only when nothing uses it, and the plan moves its users away first (differ/access_methods.py).
_NOT_WALKED = ("access_method:",)


def dependents_to_recreate(
    graph: DependencyGraph, roots: list[str], moved: set[str], dropped: set[str], spanning: frozenset[str] = frozenset()
) -> list[str]:
    """Dependents of `roots` that a re-created type or a retyped column needs out of the way, nearest first.

    A column in `moved` is retyped by a change of its own (ALTER COLUMN ... TYPE rebuilds its indexes and
    constraints): the walk does not re-create it, and past it keeps only views, materialized views,
    functions with SQL-standard bodies, triggers whose WHEN or UPDATE OF names the column and rules, which
    PostgreSQL refuses to retype under, and the foreign keys in `spanning`, whose columns on both sides are
    retyped: the first ALTER would rebuild such a key between the new type and the old one, which PostgreSQL
    refuses where they are not comparable (integer and text). Objects needing a dropped object directly are
    always kept.
    """
    found: list[str] = []
    queue = [
        (dependent, root in moved)
        for root in roots
        if not root.startswith(_NOT_WALKED)
        for dependent in sorted(graph.needed_by.get(root, ()))
    ]
    seen: set[str] = set(roots)
    while queue:
        current, past_moved = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if current.startswith(_NOT_WALKED):
            continue
        through = past_moved or current in moved
        direct = bool(graph.needs.get(current, set()) & dropped)
        refused = current.startswith(("view:", "matview:", "function:", "trigger:", "rule:")) or current in spanning
        if current not in moved and (direct or not past_moved or refused):
            found.append(current)
        queue += [(dependent, through) for dependent in sorted(graph.needed_by.get(current, ()))]
    return found
