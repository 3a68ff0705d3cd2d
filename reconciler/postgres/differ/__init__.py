"""Compare two catalog models and list the changes: a pure function, no server.

Both sides are `model.Database` in PostgreSQL's canonical spelling, so the
comparison is plain equality on keyed dictionaries (migra's approach). This
module decides *what* changes and what each change risks; `ddl` supplies
the statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TypeVar

from pydantic import BaseModel

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.postgres import ddl, locks, undeclarable
from reconciler.postgres.casts import Conversion, conversion, no_cast_hazard
from reconciler.postgres.dependencies import (
    DependencyGraph,
    Operation,
    Target,
    function_id,
    matview_id,
    member_id,
    object_id,
    order,
    split_qualified,
    table_id,
    table_members,
    view_id,
)
from reconciler.postgres.differ import (
    constraints,
    enums,
    materialized_views,
    not_null,
    partition_keys,
    partitions,
    table_options,
    view_details,
)
from reconciler.postgres.differ.aggregates import diff_aggregates
from reconciler.postgres.differ.collations import diff_collations
from reconciler.postgres.differ.comments import (
    comment_change,
    only_comment_differs,
    schema_comment_changes,
    without_comments,
)
from reconciler.postgres.differ.extensions import update_extension
from reconciler.postgres.differ.online import OUTSIDE_TRANSACTION, OnlineRules, add_constraint_online, misplaced
from reconciler.postgres.differ.owners import diff_owners
from reconciler.postgres.differ.policies import PolicyDiffer
from reconciler.postgres.differ.privileges import diff_privileges
from reconciler.postgres.differ.schemas import drop_undeclared_schemas
from reconciler.postgres.differ.types import diff_types
from reconciler.postgres.differ.types import drop_and_create as user_type_dependents
from reconciler.postgres.differ.types import objects_by_id as type_objects_by_id
from reconciler.postgres.fragments import FragmentError, tokens
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import (
    Column,
    Constraint,
    Database,
    Enum,
    Extension,
    Function,
    Index,
    MaterializedView,
    Policy,
    Sequence,
    Table,
    Trigger,
    Undeclarable,
    View,
)
from reconciler.postgres.plan_phases import phase

BACKEND = "postgres"

REWRITE = Hazard(code="table_rewrite", message="rewrites the whole table")
EXCLUSIVE_LOCK = Hazard(code="access_exclusive_lock", message="takes an ACCESS EXCLUSIVE lock: blocks reads and writes")
DATA_LOSS = Hazard(code="data_loss", message="the data it holds is lost")
VALIDATION = Hazard(code="long_validation", message="scans the whole table to validate existing rows")
BLOCKS_WRITES = Hazard(code="blocks_writes", message="blocks writes to the table while the index builds")
LOST_SEARCH_PATH = Hazard(
    code="security_definer_search_path",
    message="a SECURITY DEFINER function loses its search_path: it will resolve names with its caller's",
)
COMMITTED_FIRST = Hazard(
    code="not_rolled_back",
    message="ALTER TYPE ... ADD VALUE commits in a transaction of its own before the rest of the plan (PostgreSQL "
    "forbids using a label in the transaction that adds it): if the rest fails, the new label stays",
)
RECREATED_COLUMN = Hazard(
    code="column_recreated",
    message="PostgreSQL 15 cannot change a generation expression, or make a column generated, in place: the column "
    "is dropped and added again (last in the table) with its values computed anew; indexes, constraints and views "
    "on it are re-created",
)
DEPENDENTS = Hazard(
    code="dependent_objects", message="dropped and recreated: dependent objects and grants must allow it"
)

_VARCHAR = re.compile(r"^character varying\((\d+)\)$")
_NUMERIC = re.compile(r"^numeric\((\d+),(\d+)\)$")
_WIDER_INTEGERS = {("smallint", "integer"), ("smallint", "bigint"), ("integer", "bigint")}

ModelT = TypeVar("ModelT", bound=BaseModel)


def display_name(schema: str, name: str) -> str:
    """Object names in addresses: bare in `public`, schema-qualified elsewhere."""
    return name if schema == "public" else f"{schema}.{name}"


def live_objects(db: Database) -> dict[str, object]:
    """Every object of a database by its change address, as changes record it in `before`.

    Its digest, taken when planning, is compared under apply's advisory lock:
    a plan made from a schema that changed since is refused (executor).
    """
    base = f"{BACKEND}.{db.name}"
    objects: dict[str, object] = {}
    if not db.exists:
        return objects
    objects[f"{base}.database"] = None
    for schema in db.schemas:
        objects[f"{base}.schema.{schema}"] = None
    for ext in db.extensions.values():
        objects[f"{base}.extension.{ext.name}"] = _dump(ext)
    kinds = (
        ("enum", db.enums),
        ("sequence", db.sequences),
        ("view", db.views),
        (materialized_views.KIND, db.materialized_views),
    )
    kinds += (("domain", db.domains), ("composite_type", db.composite_types), ("range", db.ranges))  # type: ignore[assignment]
    for kind, items in kinds:
        for obj in items.values():
            objects[f"{base}.{kind}.{display_name(obj.schema_name, obj.name)}"] = _dump(obj)
    for fn in db.functions.values():
        objects[f"{base}.{fn.kind}.{display_name(fn.schema_name, fn.name)}({fn.identity_arguments})"] = _dump(fn)
    for table in db.tables.values():
        address = f"{base}.table.{display_name(table.schema_name, table.name)}"
        objects[address] = _dump(table)
        for kind, name, member in table.members():
            objects[f"{address}.{kind}.{name}"] = _dump(member)
    for key, privileges in db.privileges.items():  # a plan made before a GRANT is refused too
        if privileges.grants:
            objects[f"{base}.privileges.{key}"] = _dump(privileges)
    for key, defaults in db.default_privileges.items():
        objects[f"{base}.default_privileges.{key}"] = _dump(defaults)
    return objects


def is_safe_type_change(before: str, after: str) -> bool:
    """Type changes that keep every value exactly (widening)."""
    if (before, after) in _WIDER_INTEGERS:
        return True
    old_varchar, new_varchar = _VARCHAR.match(before), _VARCHAR.match(after)
    if old_varchar and (after == "text" or (new_varchar and int(new_varchar[1]) >= int(old_varchar[1]))):
        return True
    if before == "character varying" and after == "text":
        return True
    old_num, new_num = _NUMERIC.match(before), _NUMERIC.match(after)
    if old_num and new_num:
        precision_ok = int(new_num[1]) - int(new_num[2]) >= int(old_num[1]) - int(old_num[2])
        return precision_ok and int(new_num[2]) >= int(old_num[2])
    return bool(old_num and after == "numeric")


def is_rewrite_free_type_change(before: str, after: str) -> bool:
    """Changes PostgreSQL applies without rewriting the table (binary-coercible widenings)."""
    old_varchar, new_varchar = _VARCHAR.match(before), _VARCHAR.match(after)
    if old_varchar and (
        after in ("text", "character varying") or (new_varchar and int(new_varchar[1]) >= int(old_varchar[1]))
    ):
        return True
    return before == "character varying" and after == "text"


def _dump(obj: BaseModel | None) -> object:
    return None if obj is None else obj.model_dump(mode="json")


def _field_changes(before: BaseModel, after: BaseModel) -> list[str]:
    old, new = before.model_dump(), after.model_dump()
    return [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if old.get(key) != new[key]]


class _Differ:
    def __init__(self, desired: Database, live: Database, *, online: bool = True) -> None:
        self.desired = desired
        self.live = live
        # Both sides' dependency graphs, built once: ordering, online rules and re-created dependents read them.
        self.desired_graph, self.live_graph = DependencyGraph(desired), DependencyGraph(live)
        self.online = OnlineRules(self.desired_graph, online)
        self.changes: list[Change] = []
        self.base = f"{BACKEND}.{desired.name}"
        self.targets: dict[int, Target] = {}
        self.held = undeclarable.protected(live)  # live objects the state format cannot fully declare
        self.policies = PolicyDiffer(self)
        self.recreated: set[str] = set()  # keys of tables dropped and created again (partitions.must_recreate)
        self.retyped: dict[int, str] = {}  # id of a change giving a column a new type -> the column's graph id
        # id of a change re-creating an enum -> graph ids of the columns it moves to the new type (differ.enums)
        self.moved_columns: dict[int, list[str]] = {}
        # Helper checks of interrupted online SET NOT NULLs on the table being compared, by column (not_null.py).
        self.not_null_helpers: dict[str, Constraint] = {}

    def tag(
        self, statements: list[Statement], operation: Operation, *objects: str, needs: tuple[str, ...] = ()
    ) -> list[Statement]:
        """Record what each statement does to which objects, for `dependencies.order` (comments are left out)."""
        for statement in statements:
            if statement.phase != ddl.Phase.COMMENT:
                self.targets[id(statement)] = Target(operation, objects, needs)
        return statements

    def create_sequence(self, seq: Sequence) -> list[Statement]:
        """CREATE SEQUENCE comes before the columns that use it; OWNED BY after the column that owns it."""
        create, *owner = ddl.create_sequence(seq)
        self.tag([create], "create", _sequence_id(seq))
        return [create, *self.tag(owner, "alter", _sequence_id(seq), needs=_owner_id(seq))]

    def update_sequence(self, want: Sequence, have: Sequence) -> None:
        """ALTER SEQUENCE; OWNED BY NONE first of all, since dropping the old owner would take the sequence along."""
        statements = ddl.alter_sequence(want, have)
        for statement in statements:
            if statement.phase == ddl.Phase.DISOWN_SEQUENCE:
                self.tag([statement], "alter", _sequence_id(want))
            else:
                self.tag([statement], "alter", _sequence_id(want), needs=_owner_id(want))
        address = f"sequence.{display_name(want.schema_name, want.name)}"
        self.add(address, "sequence", Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    def add(
        self,
        address: str,
        kind: str,
        action: Action,
        before: BaseModel | None,
        after: BaseModel | None,
        statements: list[Statement],
        *,
        hazards: list[Hazard] | None = None,
        destructive: bool = False,
        blocked: str | None = None,
        detail: list[str] | None = None,
    ) -> None:
        self.changes.append(
            Change(
                backend=BACKEND,
                scope=self.desired.name,
                address=f"{self.base}.{address}",
                kind=kind,
                action=action,
                before=_dump(before),
                after=_dump(after),
                destructive=destructive,
                hazards=hazards or [],
                statements=[] if blocked else statements,
                blocked=blocked,
                detail=detail or [],
            )
        )

    def keyed(
        self,
        kind: str,
        desired: Mapping[str, ModelT],
        live: Mapping[str, ModelT],
        address: Callable[[ModelT], str],
        create: Callable[[ModelT], list[Statement]],
        drop: Callable[[ModelT], list[Statement]],
        update: Callable[[ModelT, ModelT], None],
        *,
        drop_hazards: list[Hazard] | None = None,
        create_hazards: Callable[[ModelT], list[Hazard]] | None = None,
        ident: Callable[[ModelT], str] | None = None,
    ) -> None:
        """The generic walk: create what is missing, update what differs, drop what is not declared.

        `ident` names an object in the dependency graph; with it, live objects
        the state format cannot fully declare (undeclarable.protected) are never
        dropped for their absence, and a change that would redefine them is blocked.
        """
        for key, want in desired.items():
            have = live.get(key)
            held = self.held.get(ident(have)) if ident is not None and have is not None else None
            if have is None:
                hazards = create_hazards(want) if create_hazards else []
                self.add(address(want), kind, Action.CREATE, None, want, create(want), hazards=hazards)
            elif held is not None and _blocks(held, changed=have != want):
                detail = _field_changes(have, want) if have != want and held.effect != "exclude" else []
                self.add(
                    address(want), kind, Action.UPDATE, have, want, [], blocked=undeclarable.reason(held), detail=detail
                )
            elif have != want:
                update(want, have)
        for key, have in live.items():
            if key not in desired:
                if ident is not None and ident(have) in self.held:
                    continue  # reported as not declarable (plan warning), never dropped for its absence
                self.add(
                    address(have),
                    kind,
                    Action.DELETE,
                    have,
                    None,
                    drop(have),
                    destructive=True,
                    hazards=drop_hazards,
                )

    def comment_only(self, address: str, kind: str, want: ModelT, have: ModelT, target: str) -> None:
        """An object whose comment alone changes: COMMENT ON, never a drop and create."""
        statements = comment_change(target, getattr(want, "comment", None), getattr(have, "comment", None))
        self.add(address, kind, Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    def replace(
        self, address: str, kind: str, want: ModelT, have: ModelT, statements: list[Statement], hazards: list[Hazard]
    ) -> None:
        self.add(
            address, kind, Action.REPLACE, have, want, statements, hazards=hazards, detail=_field_changes(have, want)
        )

    # --- top level ---------------------------------------------------------------

    def run(self) -> list[Change]:
        desired, live = self.desired, self.live
        if not live.exists:
            self.add(
                "database",
                "database",
                Action.CREATE,
                None,
                None,
                [],
                detail=[f"CREATE DATABASE {quote_ident(desired.name)}"],
            )
        # A new database is copied from template1, which has the public schema.
        present = live.schemas if live.exists else ["public"]
        for schema in desired.schemas:
            if schema not in present:
                statements = ddl.create_schema(schema, desired.schema_comments.get(schema))
                self.add(f"schema.{schema}", "schema", Action.CREATE, None, None, statements)
        for schema, statement in schema_comment_changes(
            desired.schema_comments, live.schema_comments, [s for s in desired.schemas if s in present]
        ).items():
            detail = [f"comment: {live.schema_comments.get(schema)!r} -> {desired.schema_comments.get(schema)!r}"]
            self.add(f"schema.{schema}", "schema", Action.UPDATE, None, None, [statement], detail=detail)
        drop_undeclared_schemas(self)

        self.keyed(
            "extension",
            desired.extensions,
            live.extensions,
            lambda e: f"extension.{e.name}",
            ddl.create_extension,
            ddl.drop_extension,
            self.update_extension,
        )
        self.keyed(
            "enum",
            desired.enums,
            live.enums,
            lambda e: f"enum.{display_name(e.schema_name, e.name)}",
            lambda e: self.tag(ddl.create_enum(e), "create", _enum_id(e)),
            lambda e: self.tag(ddl.drop_enum(e), "drop", _enum_id(e)),
            self.update_enum,
        )
        diff_collations(self)
        diff_types(self)
        self.keyed(
            "sequence",
            desired.sequences,
            live.sequences,
            lambda s: f"sequence.{display_name(s.schema_name, s.name)}",
            self.create_sequence,
            lambda s: self.tag(ddl.drop_sequence(s), "drop", _sequence_id(s)),
            self.update_sequence,
            drop_hazards=[Hazard(code="data_loss", message="the sequence's current value is lost")],
            ident=_sequence_id,
        )
        self.keyed(
            "function",
            desired.functions,
            live.functions,
            lambda f: f"{f.kind}.{display_name(f.schema_name, f.name)}({f.identity_arguments})",
            lambda f: self.tag(ddl.create_function(f), "create", function_id(f)),
            lambda f: self.tag(ddl.drop_function(f), "drop", function_id(f)),
            self.update_function,
            ident=function_id,
        )
        recreated = self.recreated = partitions.must_recreate(desired, live)
        partitions.recreate_tables(self, recreated)
        diff_aggregates(self)
        self.keyed(
            "table",
            {key: table for key, table in desired.tables.items() if key not in recreated},
            {key: table for key, table in live.tables.items() if key not in recreated},
            lambda t: f"table.{display_name(t.schema_name, t.name)}",
            self.create_table,
            self.drop_table,
            self.update_table,
            drop_hazards=[DATA_LOSS],
            ident=table_id,
        )
        self.keyed(
            "view",
            desired.views,
            live.views,
            lambda v: f"view.{display_name(v.schema_name, v.name)}",
            lambda v: view_details.create_view(self, v),
            lambda v: view_details.drop_view(self, v),
            lambda want, have: view_details.update_view(self, want, have),
            ident=view_id,
        )
        materialized_views.diff(self, desired, live)
        self.policies.recreate_over_retyped_columns(
            {key: f"table.{display_name(t.schema_name, t.name)}" for key, t in desired.tables.items()}
        )
        self.recreate_dependents()
        self.drop_repeated_creates()
        diff_owners(self)
        diff_privileges(self)  # last: it sees every object the plan creates or re-creates
        return self.changes

    # --- dependents of replaced objects ------------------------------------------

    def recreate_dependents(self) -> None:
        """Drop and re-create, around a replaced object, whatever needs it and is not already dropped.

        PostgreSQL refuses to drop a view, function or key that other objects
        use (pgschema's function_dependents.go does the same job). Each
        dependent is dropped before, and created from the state file after,
        the first replaced object it needs; the change says so. A dropped object
        counts too (a table that becomes a same-named view keeps its readers), and
        so does a column given a new type (PostgreSQL refuses it under a view).
        """
        live_graph, desired_graph = self.live_graph, self.desired_graph
        live_objects, desired_objects = _objects_by_id(self.live), _objects_by_id(self.desired)
        handled = {obj for target in self.targets.values() if target.operation == "drop" for obj in target.objects}
        # Columns that changes of their own retype: not dropped and added again around a type they leave.
        moved = set(self.retyped.values()).union(*self.moved_columns.values())
        for change in self.changes:
            retyped = self.retyped.get(id(change))
            if change.action not in (Action.REPLACE, Action.DELETE) and retyped is None:
                continue
            dropped = [
                obj
                for statement in change.statements
                if (target := self.targets.get(id(statement))) and target.operation == "drop"
                for obj in target.objects
            ]
            recreated = []
            roots = [*dropped, *([retyped] if retyped else []), *self.moved_columns.get(id(change), [])]
            # ALTER COLUMN TYPE rebuilds indexes and constraints itself; views it refuses.
            for dependent in enums.dependents_to_recreate(live_graph, roots, moved, set(dropped)):
                if dependent in handled or dependent not in live_objects or dependent not in desired_objects:
                    continue
                handled.add(dependent)
                held = self.held.get(dependent)
                if held is not None and held.effect != "keep":
                    # Re-creating it from the file would lose what the file cannot say.
                    change.blocked = f"{dependent.replace(':', ' ', 1)} depends on it: {undeclarable.reason(held)}"
                    change.statements = []
                    break
                needs = tuple(desired_graph.needs.get(dependent, ()))
                if isinstance(live_objects[dependent][1], Function | Policy):
                    self.fold_alters(dependent, change.address)  # re-created whole: their alters are moot
                statements = self.drop_and_create(dependent, live_objects[dependent], desired_objects[dependent], needs)
                # A materialized view's indexes, a view's triggers: dropped and re-created with it.
                handled.update(
                    o for s in statements if (t := self.targets.get(id(s))) and t.operation == "drop" for o in t.objects
                )
                change.statements += statements
                recreated.append(dependent.replace(":", " ", 1))
            if recreated:
                change.detail += [f"drops and re-creates {name}, which depends on it" for name in recreated]
                if DEPENDENTS not in change.hazards:
                    change.hazards.append(DEPENDENTS)

    def drop_repeated_creates(self) -> None:
        """Keep one of two identical statements creating the same object (two re-created columns of one foreign key).

        Each column re-created for want of a cast puts back the constraints on it; one spanning both would be
        added twice.
        """
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for change in self.changes:
            kept = []
            for statement in change.statements:
                target = self.targets.get(id(statement))
                if target is not None and target.operation == "create":
                    key = (statement.sql, target.objects)
                    if key in seen:
                        continue
                    seen.add(key)
                kept.append(statement)
            change.statements = kept

    def fold_alters(self, obj: str, replaced: str) -> None:
        """Empty other changes that only alter `obj`: re-creating it as declared does their work.

        Left in place, CREATE OR REPLACE of a function would run between its drop and that of what it needs,
        and ALTER POLICY between the policy's drop and its creation.
        """
        for other in self.changes:
            targets = [self.targets.get(id(s)) for s in other.statements]
            if other.statements and all(
                t is not None and t.operation == "alter" and t.objects == (obj,) for t in targets
            ):
                other.statements = []
                other.detail.append(f"done by re-creating it around {replaced}")

    def drop_and_create(self, obj: str, have: _Located, want: _Located, needs: tuple[str, ...]) -> list[Statement]:
        """Statements that take a dependent out of the way and put it back as declared."""
        recreated = user_type_dependents(self, obj, have, want)
        if recreated is not None:
            return recreated
        (table, old), (_, new) = have, want
        if isinstance(old, View) and isinstance(new, View):
            return view_details.drop_view(self, old) + view_details.create_view(self, new)
        if isinstance(old, MaterializedView) and isinstance(new, MaterializedView):
            return materialized_views.drop(self, old) + materialized_views.create(self, new)
        if isinstance(old, Function) and isinstance(new, Function):
            drop = self.tag(ddl.drop_function(old, to_replace=True), "drop", obj)
            return drop + self.tag(ddl.create_function(new), "create", obj)
        if table is None:
            return []
        if isinstance(old, Index) and isinstance(new, Index) and not isinstance(table, View):
            drop = self.tag(ddl.drop_index(table, old), "drop", obj)
            return drop + self.tag(ddl.create_index(table, new), "create", obj)
        if isinstance(old, Trigger) and isinstance(new, Trigger) and not isinstance(table, MaterializedView):
            drop = self.tag(ddl.drop_trigger(table, old), "drop", obj)
            return drop + self.tag(ddl.create_trigger(table, new), "create", obj)
        if not isinstance(table, Table):
            return []
        if isinstance(old, Constraint) and isinstance(new, Constraint):
            return self.drop_constraint(table, old) + self.add_constraint(table, new)
        if isinstance(old, Policy) and isinstance(new, Policy):
            return self.policies.drop_and_create(table, old, new)
        if isinstance(old, Column) and isinstance(new, Column) and (old.default is not None or old.collation):
            # A default that calls a replaced function, or a re-created collation: take it off, put it back
            # once the function or collation is there again.
            bare = {"default": None, "collation": None}
            release = ddl.alter_column(table, old.model_copy(update=bare), old)
            restore = ddl.alter_column(table, new, new.model_copy(update=bare))
            # Putting a collation back creates what the column needs anew: tagged as creating, it is not
            # taken for moving away from the old collation (which would order it before the drop).
            operation: Operation = "create" if old.collation else "alter"
            return self.tag(release, "alter", obj) + self.tag(restore, operation, obj, needs=needs)
        return []

    # --- per kind ------------------------------------------------------------------

    def update_extension(self, want: Extension, have: Extension) -> None:
        statements, blocked = update_extension(want, have)
        detail = _field_changes(have, want)
        self.add(
            f"extension.{want.name}", "extension", Action.UPDATE, have, want, statements, blocked=blocked, detail=detail
        )

    def update_enum(self, want: Enum, have: Enum) -> None:
        enums.update_enum(self, want, have)

    def update_function(self, want: Function, have: Function) -> None:
        """A new signature or result replaces the function; a new body redefines it; options are altered in place."""
        address = f"{want.kind}.{display_name(want.schema_name, want.name)}({want.identity_arguments})"
        hazards = [LOST_SEARCH_PATH] if _loses_search_path(want, have) else []
        if want.returns != have.returns or want.arguments != have.arguments:
            statements = self.tag(ddl.drop_function(have, to_replace=True), "drop", function_id(have))
            statements += self.tag(ddl.create_function(want, replace=False), "create", function_id(want))
            self.replace(address, want.kind, want, have, statements, [DEPENDENTS, *hazards])
            return
        if want.body != have.body or want.language != have.language or want.sql_body != have.sql_body:
            # A new SQL-standard body is checked as it is created: after what it uses is there.
            needs = tuple(self.desired_graph.needs.get(function_id(want), ()))
            redefine = without_comments(ddl.create_function(want))
            statements = self.tag(redefine, "alter", function_id(want), needs=needs)
        else:
            statements = self.tag(ddl.alter_function(want, have), "alter", function_id(want))
        statements += comment_change(ddl.function_target(want), want.comment, have.comment)
        detail = function_changes(have, want)
        self.add(address, want.kind, Action.UPDATE, have, want, statements, detail=detail, hazards=hazards)

    @cached_property
    def tables_going(self) -> set[str]:
        """Keys of the live tables this plan drops: not declared any more, or dropped to be created again."""
        return {key for key in self.live.tables if key not in self.desired.tables} | self.recreated

    @cached_property
    def dropped_table_members(self) -> dict[str, str]:
        """Graph id of each member of every live table this plan drops -> its table's id."""
        return {member: key for key in self.tables_going for member in table_members(self.live.tables[key])}

    def keep_owned_sequences(self, table: Table) -> tuple[list[Statement], list[Statement]]:
        """Statements around dropping `table` to create it again that keep the sequences its columns own.

        DROP TABLE takes an owned sequence along (a serial's), which the new table's
        defaults still need: disowned first, it survives with its value, and is owned
        again once the new table's column exists.
        """
        before: list[Statement] = []
        after: list[Statement] = []
        for key, seq in self.live.sequences.items():
            want = self.desired.sequences.get(key)
            if want is None or undeclarable.owner_table_id(seq) != table_id(table):
                continue
            name = qualify(seq.schema_name, seq.name)
            disown = ddl.stmt(f"ALTER SEQUENCE {name} OWNED BY NONE", ddl.Phase.DISOWN_SEQUENCE)
            before += self.tag([disown], "alter", _sequence_id(seq))
            if want.owned_by is not None:
                own = ddl.stmt(f"ALTER SEQUENCE {name} OWNED BY {ddl.sequence_owner(want)}", ddl.Phase.SEQUENCE_OWNER)
                after += self.tag([own], "alter", _sequence_id(want), needs=_owner_id(want))
        return before, after

    def drop_table(self, table: Table) -> list[Statement]:
        """DROP TABLE; first its foreign keys to other tables this plan drops, which may point back at it.

        Two tables referencing each other cannot be dropped one after the
        other; with the keys gone first, either order works. A partition whose
        partitioned table goes too drops only such keys of its own: the rest
        goes with the partitioned table.
        """
        members = table_members(table)
        elsewhere = self.dropped_table_members.keys() - set(members)
        first: list[Statement] = []
        for name, constraint in table.constraints.items():
            fk = member_id("constraint", table, name)
            if constraint.kind == "foreign_key" and self.live_graph.needs.get(fk, set()) & elsewhere:
                first += self.tag(ddl.drop_constraint(table, constraint), "drop", fk)
                members.remove(fk)
        if table.partition_of is not None and table.partition_of.key in self.tables_going:
            return first  # the rest goes with its partitioned table (partitions.WITH_PARENT)
        return first + self.tag(ddl.drop_table(table), "drop", *members)

    def create_table(self, table: Table) -> list[Statement]:
        """A new table: each statement tagged with the object it creates, so each is ordered on its own."""
        columns = [member_id("column", table, name) for name in table.columns]
        parent = None if table.partition_of is None else self.desired.tables.get(table.partition_of.key)
        statements = self.tag(ddl.create_table_columns(table, parent), "create", table_id(table), *columns)
        for constraint in table.constraints.values():
            statements += self.add_constraint(table, constraint)
        for index in table.indexes.values():
            statements += self.tag(ddl.create_index(table, index), "create", member_id("index", table, index.name))
        for trigger in table.triggers.values():
            trigger_id = member_id("trigger", table, trigger.name)
            statements += self.tag(ddl.create_trigger(table, trigger), "create", trigger_id)
        statements += table_options.create_extras(self, table) + self.policies.create_all(table)
        return partition_keys.staged(self, table, parent, statements)

    def add_constraint(self, table: Table, constraint: Constraint) -> list[Statement]:
        return self.tag(
            ddl.add_constraint(table, constraint), "create", member_id("constraint", table, constraint.name)
        )

    def drop_constraint(self, table: Table, constraint: Constraint) -> list[Statement]:
        return self.tag(ddl.drop_constraint(table, constraint), "drop", member_id("constraint", table, constraint.name))

    # --- online changes to existing tables (differ/online.py) ---------------------

    def add_constraint_online(self, table: Table, constraint: Constraint) -> list[Statement]:
        if not self.online.adds_constraint_online(table, constraint):
            return self.add_constraint(table, constraint)
        return self.tag(
            add_constraint_online(table, constraint), "create", member_id("constraint", table, constraint.name)
        )

    def constraint_hazards(self, table: Table, constraint: Constraint) -> list[Hazard]:
        if self.online.adds_constraint_online(table, constraint):
            return [OUTSIDE_TRANSACTION]
        return _constraint_hazards(constraint)

    def create_index_online(self, table: Table, index: Index) -> list[Statement]:
        online = self.online.builds_index_online(table, index)
        statements = ddl.create_index_concurrently(table, index) if online else ddl.create_index(table, index)
        return self.tag(statements, "create", member_id("index", table, index.name))

    @cached_property
    def desired_relation_names(self) -> set[tuple[str, str]]:
        """(schema, name) of every desired relation and of the indexes other than a table's plain ones.

        Indexes share their schema's namespace with tables, views, sequences and the indexes behind keys.
        """
        names = {(t.schema_name, t.name) for t in self.desired.tables.values()}
        for table in self.desired.tables.values():
            names |= {(table.schema_name, name) for name in table.constraints}
            names |= {(table.schema_name, name) for name in table.indexes if name not in self.live_index_names(table)}
        names |= {(view.schema_name, view.name) for view in self.desired.views.values()}
        names |= {(seq.schema_name, seq.name) for seq in self.desired.sequences.values()}
        for matview in self.desired.materialized_views.values():
            names |= {(matview.schema_name, name) for name in [matview.name, *matview.indexes]}
        return names

    def live_index_names(self, table: Table) -> set[str]:
        live = self.live.tables.get(f"{table.schema_name}.{table.name}")
        return set() if live is None else set(live.indexes)

    def drop_index_online(self, table: Table, index: Index, rebuilt: Index | None = None) -> list[Statement]:
        """DROP INDEX, CONCURRENTLY after the transaction where the table's changes go online.

        Not when something of the same apply takes the name in the transaction (a key, another table's
        index), nor when the index is rebuilt in the transaction (a key needs it at once): the name must
        be free by then.
        """
        online = (
            self.online.applies_to(table)
            and (table.schema_name, index.name) not in self.desired_relation_names
            and (rebuilt is None or self.online.builds_index_online(table, rebuilt))
        )
        statements = ddl.drop_index_concurrently(table, index) if online else ddl.drop_index(table, index)
        return self.tag(statements, "drop", member_id("index", table, index.name))

    def index_hazards(self, table: Table, index: Index) -> list[Hazard]:
        return [OUTSIDE_TRANSACTION] if self.online.builds_index_online(table, index) else [BLOCKS_WRITES]

    def drop_leftover_indexes(self, address: str, want: Table, have: Table) -> dict[str, Index]:
        """Drop what a failed online step left behind; the live indexes without those.

        An INVALID index (a concurrent build that failed), or a unique index
        named after a constraint still to be added (ADD CONSTRAINT ... USING
        INDEX did not run), holds no data: dropping it is not destructive.
        """
        kept: dict[str, Index] = {}
        for name, index in have.indexes.items():
            pending_key = name in want.constraints and name not in have.constraints
            if name in want.indexes or (index.valid and not pending_key):
                kept[name] = index
                continue
            why = "INVALID: left by a failed concurrent build" if not index.valid else "left by a failed online step"
            statements = self.tag(ddl.drop_index(want, index), "drop", member_id("index", want, name))
            self.add(f"{address}.index.{name}", "index", Action.DELETE, index, None, statements, detail=[why])
        return kept

    def update_table(self, want: Table, have: Table) -> None:
        address = f"table.{display_name(want.schema_name, want.name)}"
        if want.comment != have.comment:
            statements = [ddl.comment_on(f"TABLE {ddl.table_name(want)}", want.comment, want)]
            detail = [f"comment: {have.comment!r} -> {want.comment!r}"]
            self.add(address, "table", Action.UPDATE, have, want, statements, detail=detail)
        table_options.update(self, address, want, have)
        partitions.update_parents(self, address, want, have)
        want_columns, have_columns = partitions.columns_to_compare(self.desired, self.live, want, have)
        self.not_null_helpers = not_null.leftover_helpers(have)
        helper_names = {helper.name for helper in self.not_null_helpers.values()}
        self.keyed(
            "column",
            want_columns,
            have_columns,
            lambda c: f"{address}.column.{c.name}",
            lambda c: self.tag(ddl.add_column(want, c), "create", member_id("column", want, c.name)),
            lambda c: self.tag(ddl.drop_column(want, c), "drop", member_id("column", want, c.name)),
            lambda w, h: self.update_column(address, want, w, h),
            drop_hazards=[DATA_LOSS, EXCLUSIVE_LOCK],
            create_hazards=_column_add_hazards,
        )
        for column, helper in self.not_null_helpers.items():  # not finished by update_column: no longer needed
            detail = [f"left by an interrupted online SET NOT NULL of column {column}: no longer needed"]
            statements = not_null.drop_leftover(want, column)
            self.add(
                f"{address}.constraint.{helper.name}",
                "constraint",
                Action.DELETE,
                helper,
                None,
                statements,
                detail=detail,
            )
        self.keyed(
            "constraint",
            want.constraints,
            {name: k for name, k in have.constraints.items() if name not in helper_names},
            lambda k: f"{address}.constraint.{k.name}",
            lambda k: self.add_constraint_online(want, k),
            lambda k: self.drop_constraint(want, k),
            lambda w, h: (
                self.comment_only(f"{address}.constraint.{w.name}", "constraint", w, h, ddl.constraint_target(want, w))
                if only_comment_differs(w, h)
                else constraints.update_constraint(self, address, want, w, h)
            ),
            create_hazards=lambda k: self.constraint_hazards(want, k),
            ident=lambda k: member_id("constraint", want, k.name),
        )
        live_indexes = self.drop_leftover_indexes(address, want, have)
        self.keyed(
            "index",
            want.indexes,
            live_indexes,
            lambda i: f"{address}.index.{i.name}",
            lambda i: self.create_index_online(want, i),
            lambda i: self.drop_index_online(want, i),
            lambda w, h: (
                self.comment_only(f"{address}.index.{w.name}", "index", w, h, ddl.index_target(want, w))
                if only_comment_differs(w, h)
                else self.replace(
                    f"{address}.index.{w.name}",
                    "index",
                    w,
                    h,
                    self.drop_index_online(want, h, rebuilt=w) + self.create_index_online(want, w),
                    self.index_hazards(want, w),
                )
            ),
            create_hazards=lambda i: self.index_hazards(want, i),
            ident=lambda i: member_id("index", want, i.name),
        )
        self.keyed(
            "trigger",
            want.triggers,
            have.triggers,
            lambda t: f"{address}.trigger.{t.name}",
            lambda t: self.tag(ddl.create_trigger(want, t), "create", member_id("trigger", want, t.name)),
            lambda t: self.tag(ddl.drop_trigger(want, t), "drop", member_id("trigger", want, t.name)),
            lambda w, h: (
                self.comment_only(f"{address}.trigger.{w.name}", "trigger", w, h, ddl.trigger_target(want, w))
                if only_comment_differs(w, h)
                else self.replace(
                    f"{address}.trigger.{w.name}",
                    "trigger",
                    w,
                    h,
                    self.tag(ddl.drop_trigger(want, h), "drop", member_id("trigger", want, h.name))
                    + self.tag(ddl.create_trigger(want, w), "create", member_id("trigger", want, w.name)),
                    [],
                )
            ),
            ident=lambda t: member_id("trigger", want, t.name),
        )
        self.policies.update(address, want, have)

    def conversion(self, before: str, after: str) -> Conversion:
        """How ALTER COLUMN ... TYPE converts the values (casts.py); the enums are both sides' (text to a new one)."""
        if before == after:
            return Conversion(possible=True)
        return conversion(before, after, self.live.casts, _enum_spellings(self.live) | _enum_spellings(self.desired))

    def update_column(self, table_address: str, table: Table, want: Column, have: Column) -> None:
        if want.generated is not None and want.generated != have.generated:
            self.recreate_column(table_address, table, want, have)
            return
        hazards: list[Hazard] = []
        destructive = False
        convert = self.conversion(have.type, want.type)
        if not convert.possible and want.using is None:  # the file's `using:` says how to convert
            self.recreate_column(table_address, table, want, have)
            recreated = self.changes[-1]
            recreated.hazards = [h for h in recreated.hazards if h.code not in ("data_loss", "column_recreated")]
            recreated.hazards.insert(0, no_cast_hazard(have.type, want.type))
            return
        if want.type != have.type:
            if not is_rewrite_free_type_change(have.type, want.type) or want.using is not None:
                hazards += [REWRITE, EXCLUSIVE_LOCK]
            if not is_safe_type_change(have.type, want.type):
                destructive = True
                hazards.append(
                    Hazard(
                        code="data_loss",
                        message=f"{have.type} -> {want.type} may fail or lose precision on existing values",
                    )
                )
        if want.collation != have.collation and want.type == have.type:
            hazards += [REWRITE, EXCLUSIVE_LOCK]
        online_not_null = not_null.goes_online(self.online.applies_to(table), want, have)
        if online_not_null:
            hazards += [OUTSIDE_TRANSACTION, not_null.NULLS_FAIL_VALIDATION]
        elif want.not_null and not have.not_null:
            hazards += [VALIDATION, Hazard(code="fails_on_rows", message="fails if any row holds NULL")]
        statements = ddl.alter_column(
            table,
            want,
            have,
            via_text=convert.via_text,
            rewrites=not is_rewrite_free_type_change(have.type, want.type)
            or want.using is not None
            or want.collation != have.collation,
            not_null_online=online_not_null,
            not_null_helper=self.not_null_helpers.pop(want.name, None) if online_not_null else None,
        )
        # Only what runs in the transaction is ordered against other changes; the online rest comes after all.
        inside = [s for s in statements if not ddl.outside_transaction(s.phase)]
        self.tag_column_alter(table, want, have, inside)
        self.add(
            f"{table_address}.column.{want.name}",
            "column",
            Action.UPDATE,
            have,
            want,
            statements,
            hazards=hazards,
            destructive=destructive,
            detail=_field_changes(have, want) + _using_detail(want, have),
        )
        if want.type != have.type:
            self.retyped[id(self.changes[-1])] = member_id("column", table, want.name)

    def tag_column_alter(
        self, table: Table, want: Column, have: Column, statements: list[Statement]
    ) -> list[Statement]:
        """Tag ALTER COLUMN statements; those adding or dropping an identity as creating or dropping its sequence.

        An identity's sequence and a serial's are both named <table>_<column>_seq:
        this orders ADD GENERATED after the serial's sequence is dropped, and a
        serial's CREATE SEQUENCE after DROP IDENTITY, so neither becomes `..._seq1`.
        """
        column_id = member_id("column", table, want.name)
        for statement in statements:
            if statement.phase == ddl.Phase.ADD_IDENTITY and want.identity and want.identity_sequence:
                self.tag([statement], "create", object_id("sequence", table.schema_name, want.identity_sequence))
            elif statement.phase == ddl.Phase.DROP_IDENTITY and have.identity_sequence:
                self.tag([statement], "drop", object_id("sequence", table.schema_name, have.identity_sequence))
            else:
                self.tag([statement], "alter", column_id)
        return statements

    def recreate_column(self, table_address: str, table: Table, want: Column, have: Column) -> None:
        """Drop and add a column that becomes generated or changes its expression (PostgreSQL 15 has no ALTER).

        DROP COLUMN takes the column's indexes and constraints along: those the
        plan keeps as they are are created again after the column is back; views
        on it are dropped and re-created by `recreate_dependents`.
        """
        column_id = member_id("column", table, want.name)
        statements = self.tag(ddl.drop_column(table, have), "drop", column_id)
        statements += self.tag(ddl.add_column(table, want), "create", column_id)
        live_table = self.live.tables.get(f"{table.schema_name}.{table.name}")
        recreated = []
        # What pg_depend records as needing the column, recreate_dependents takes care of.
        dependents = set(self.live_graph.dependents(column_id))
        if live_table is not None:
            for constraint in table.constraints.values():
                if member_id("constraint", table, constraint.name) in dependents:
                    continue
                if want.name in constraint.columns and live_table.constraints.get(constraint.name) == constraint:
                    statements += self.add_constraint(table, constraint)
                    recreated.append(f"re-creates constraint {constraint.name}")
            for index in table.indexes.values():
                if _mentions(index.using, want.name) and live_table.indexes.get(index.name) == index:
                    statements += self.tag(
                        ddl.create_index(table, index), "create", member_id("index", table, index.name)
                    )
                    recreated.append(f"re-creates index {index.name}")
        hazards = [RECREATED_COLUMN, REWRITE, EXCLUSIVE_LOCK]
        if have.generated is None:
            hazards.append(
                Hazard(code="data_loss", message="the values the column holds are replaced by computed ones")
            )
        self.add(
            f"{table_address}.column.{want.name}",
            "column",
            Action.REPLACE,
            have,
            want,
            statements,
            hazards=hazards,
            destructive=True,
            detail=[*_field_changes(have, want), *recreated],
        )


def _using_detail(want: Column, have: Column) -> list[str]:
    """The file's `using:` expression, shown when it converts the values (the type changes)."""
    return [f"using: {want.using}"] if want.using is not None and want.type != have.type else []


def _mentions(sql_text: str, name: str) -> bool:
    """True when SQL text names `name` (as a word or a quoted identifier); may say so of a same-named function."""
    try:
        found = tokens(sql_text, comments=True)
    except FragmentError:
        return True
    return any(
        (t.kind == "word" and t.text.lower() == name)
        or (t.kind == "quoted" and t.text[1:-1].replace('""', '"') == name)
        for t in found
    )


def _blocks(held: Undeclarable, *, changed: bool) -> bool:
    """Whether declaring a live object the format cannot fully declare is a blocked change.

    A table using a type the format cannot create (`exclude`) is never
    redefined, even when the file declares the same columns; a `freeze`
    object (an exclusion constraint, a view with options) is blocked only
    when the file would redefine it; `keep` objects (an unlogged table, one
    with row level security) change as declared.
    """
    return held.effect == "exclude" or (held.effect == "freeze" and changed)


def function_changes(before: Function, after: Function) -> list[str]:
    """What differs between two versions of a function, one line per option (`set search_path: ...`)."""
    old, new = before.model_dump(exclude={"settings"}), after.model_dump(exclude={"settings"})
    lines = [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if key != "body" and old[key] != new[key]]
    if before.body != after.body:
        lines.append("body changed")
    for name in sorted(before.settings.keys() | after.settings.keys()):
        was, will = before.settings.get(name), after.settings.get(name)
        if was != will:
            lines.append(f"set {name}: {_setting_text(was)} -> {_setting_text(will)}")
    return lines


def _setting_text(value: str | None) -> str:
    return "(not set)" if value is None else repr(value)


def _has_search_path(fn: Function) -> bool:
    return any(name.lower() == "search_path" for name in fn.settings)


def _loses_search_path(want: Function, have: Function) -> bool:
    return want.security_definer and _has_search_path(have) and not _has_search_path(want)


def security_warnings(desired: Database) -> list[str]:
    """SECURITY DEFINER functions declared without `set: {search_path: ...}`.

    Such a function runs with its owner's rights but its caller's search_path: a caller who can
    create objects in any schema on that path can make it call their own operator or function.
    """
    base = f"{BACKEND}.{desired.name}"
    return [
        f"{base}.{fn.kind}.{display_name(fn.schema_name, fn.name)}({fn.identity_arguments}) is SECURITY DEFINER "
        "without a search_path: it resolves names with its caller's search_path. Declare "
        "set: {search_path: ...} listing only schemas untrusted users cannot write, pg_temp last."
        for fn in desired.functions.values()
        if fn.security_definer and not _has_search_path(fn)
    ]


def _column_add_hazards(col: Column) -> list[Hazard]:
    hazards = []
    if ddl.add_column_rewrites(col):
        hazards += [REWRITE, EXCLUSIVE_LOCK]
    if col.not_null and col.default is None and not col.identity and col.generated is None:
        hazards.append(Hazard(code="fails_on_rows", message="NOT NULL without a default fails if the table has rows"))
    return hazards


def _constraint_hazards(constraint: Constraint) -> list[Hazard]:
    if constraint.kind in ("check", "foreign_key") and constraints.is_not_valid(constraint):
        return []  # NOT VALID: existing rows are not checked
    if constraint.kind in ("check", "foreign_key"):
        return [VALIDATION]
    return [BLOCKS_WRITES, EXCLUSIVE_LOCK]


_Located = tuple[Table | View | MaterializedView | None, BaseModel]


def _objects_by_id(db: Database) -> dict[str, _Located]:
    """Every object a dependent can be, by graph id, with the table it belongs to."""
    found: dict[str, _Located] = {view_id(v): (None, v) for v in db.views.values()}
    found.update({function_id(f): (None, f) for f in db.functions.values()})
    found.update(type_objects_by_id(db))
    found.update({matview_id(m): (None, m) for m in db.materialized_views.values()})
    for view in db.views.values():
        for trigger in view.triggers.values():
            found[view_details.trigger_id(view, trigger.name)] = (view, trigger)
    for matview in db.materialized_views.values():
        for index in matview.indexes.values():
            found[materialized_views.index_id(matview, index.name)] = (matview, index)
    for table in db.tables.values():
        for kind, name, member in table.members():
            found[member_id(kind, table, name)] = (table, member)
    return found


def _enum_spellings(db: Database) -> set[str]:
    """How format_type may name the database's enums: bare when on the search path, qualified otherwise."""
    names = set()
    for enum in db.enums.values():
        names |= {enum.name, quote_ident(enum.name), qualify(enum.schema_name, enum.name)}
        names.add(f"{enum.schema_name}.{enum.name}")
    return names


def _enum_id(enum: Enum) -> str:
    return object_id("enum", enum.schema_name, enum.name)


def _sequence_id(seq: Sequence) -> str:
    return object_id("sequence", seq.schema_name, seq.name)


def _owner_id(seq: Sequence) -> tuple[str, ...]:
    """The column that owns a sequence, as a graph id ('table.column' or 'schema.table.column', quoted as needed)."""
    if seq.owned_by is None:
        return ()
    parts = split_qualified(seq.owned_by)
    schema, table, column = ([seq.schema_name, *parts] if len(parts) == 2 else parts)[-3:]
    return (object_id("column", schema, table, column),)


def diff(desired: Database, live: Database, *, online: bool = True) -> list[Change]:
    """Changes that make `live` equal `desired`, ordered as their statements will run (dependencies.order).

    `online`: change existing tables without blocking writers where PostgreSQL allows it (differ/online.py).
    """
    differ = _Differ(desired, live, online=online)
    changes = differ.run()
    with phase("order"):
        ordered = order(changes, differ.targets, differ.desired_graph, differ.live_graph)
    if online and misplaced(changes, ordered):
        return diff(desired, live, online=False)
    return locks.with_row_estimates(ordered, live)
