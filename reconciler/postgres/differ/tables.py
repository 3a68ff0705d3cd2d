"""Tables and their columns, constraints, indexes, triggers, rules: created, dropped, altered (online where it can)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, cast

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import (
    ddl,
    ddl_constraints,
    ddl_indexes,
    ddl_sequences,
    ddl_tables,
    ddl_triggers,
    inherited_columns,
    undeclarable,
)
from reconciler.postgres.casts import Conversion, conversion, no_cast_hazard
from reconciler.postgres.dependencies import (
    member_id,
    object_id,
    table_id,
    table_members,
)
from reconciler.postgres.differ import (
    constraints,
    not_null,
    partition_indexes,
    partition_keys,
    partitions,
    policies,
    rules,
    statistics,
    table_options,
)
from reconciler.postgres.differ.addresses import _field_changes, display_name
from reconciler.postgres.differ.comments import (
    comment_change,
)
from reconciler.postgres.differ.core import DifferCore
from reconciler.postgres.differ.hazards import (
    BLOCKS_WRITES,
    DATA_LOSS,
    EXCLUSIVE_LOCK,
    RECREATED_COLUMN,
    REWRITE,
    VALIDATION,
)
from reconciler.postgres.differ.online import OUTSIDE_TRANSACTION, add_constraint_online
from reconciler.postgres.differ.sequences import _owner_id, _sequence_id, align_owner, live_owner
from reconciler.postgres.differ.type_changes import is_rewrite_free_type_change, is_safe_type_change
from reconciler.postgres.fragments import FragmentError, tokens
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind, take
from reconciler.postgres.model import (
    Column,
    Constraint,
    Database,
    Index,
    Table,
    Trigger,
    View,
)

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


class TableDiffer(DifferCore):
    @cached_property
    def tables_going(self) -> set[str]:
        """Keys of the live tables this plan drops: not declared any more, or dropped to be created again."""
        return {key for key in self.live.tables if key not in self.desired.tables} | self.recreated

    @cached_property
    def dropped_table_members(self) -> dict[str, str]:
        """Graph id of each member of every live table this plan drops -> its table's id."""
        return {member: key for key in self.tables_going for member in table_members(self.live.tables[key])}

    @cached_property
    def constraints_going(self) -> set[str]:
        """Graph ids of the live constraints of kept tables that this plan drops: gone, or defined anew."""
        going: set[str] = set()
        for key, have in self.live.tables.items():
            want = self.desired.tables.get(key)
            if want is None or key in self.tables_going:
                continue
            for name, constraint in have.constraints.items():
                kept = want.constraints.get(name)
                if kept is None or kept.definition != constraint.definition:
                    going.add(member_id("constraint", have, name))
        return going

    @cached_property
    def retyped_columns(self) -> dict[str, str]:
        """Graph id -> `table.column` of every column whose type or collation this diff changes in place (ALTER
        COLUMN ... TYPE).

        PostgreSQL refuses the change while a policy or rule names the column: those are dropped and created
        again around it.
        """
        found = {}
        for key, want in self.desired.tables.items():
            have = self.live.tables.get(key)
            if have is None:
                continue
            columns = have.columns
            for name, column in want.columns.items():
                before = columns.get(name)
                if before is None or (before.type == column.type and before.collation == column.collation):
                    continue
                if column.generated == before.generated:
                    found[member_id("column", want, name)] = f"{want.name}.{name}"
        return found

    @cached_property
    def owned_sequences(self) -> dict[str, list[str]]:
        """Graph id of each live table -> keys of the live sequences its columns own (a serial's)."""
        owned: dict[str, list[str]] = {}
        for key, seq in self.live.sequences.items():
            owner = undeclarable.owner_table_id(seq)
            if owner is not None:
                owned.setdefault(owner, []).append(key)
        return owned

    def keep_owned_sequences(self, table: Table) -> tuple[list[Statement], list[Statement]]:
        """Statements around dropping `table` to create it again that keep the sequences its columns own.

        DROP TABLE takes an owned sequence along (a serial's), which the new table's
        defaults still need: disowned first, it survives with its value, and is owned
        again once the new table's column exists.
        """
        before: list[Statement] = []
        after: list[Statement] = []
        for key in self.owned_sequences.get(table_id(table), []):
            seq, want = self.live.sequences[key], self.desired.sequences.get(key)
            if want is None:
                continue
            name = qualify(seq.schema_name, seq.name)
            disown = ddl.stmt(f"ALTER SEQUENCE {name} OWNED BY NONE", ddl.Phase.DISOWN_SEQUENCE)
            before += self.tag([disown], "alter", _sequence_id(seq))
            if want.owned_by is not None:
                own = ddl.stmt(
                    f"ALTER SEQUENCE {name} OWNED BY {ddl_sequences.sequence_owner(want)}", ddl.Phase.SEQUENCE_OWNER
                )
                aligned = align_owner(self.live, self.recreated, want, live_owner(self.live, seq))
                after += self.tag([*aligned, own], "alter", _sequence_id(want), needs=_owner_id(want))
        return before, after

    def drop_table(self, table: Table) -> list[Statement]:
        """DROP TABLE; first its foreign keys to other tables this plan drops, which may point back at it, and to
        keys of kept tables this plan drops, and its policies that read other objects.

        Two tables referencing each other cannot be dropped one after the
        other; with the keys gone first, either order works. A referenced key
        that goes while its table stays (a primary key moving to a new column)
        is dropped early, before its columns go: the foreign key leaning on it
        must go before that, not with its table at the end. A partition whose
        partitioned table goes too drops only such keys of its own: the rest
        goes with the partitioned table.
        """
        members = table_members(table)
        elsewhere = (self.dropped_table_members.keys() - set(members)) | self.constraints_going
        first: list[Statement] = []
        for name, constraint in table.constraints.items():
            fk = member_id("constraint", table, name)
            if constraint.kind == "foreign_key" and self.live_graph.needs.get(fk, set()) & elsewhere:
                first += self.tag(ddl_constraints.drop_constraint(table, constraint), "drop", fk)
                members.remove(fk)
        for name, policy in table.policies.items():
            # A policy reading a view or function (or another table) would go with its table, but that view may
            # read the table too, and must be dropped before it: the policy goes first, on its own.
            pid = member_id("policy", table, name)
            if self.live_graph.needs.get(pid, set()) - set(members):
                first += self.tag(policies.drop_policy(table, policy), "drop", pid)
                members.remove(pid)
        if table.partition_of is not None and table.partition_of.key in self.tables_going:
            return first  # the rest goes with its partitioned table (partitions.WITH_PARENT)
        if table.partition_of is not None and self._referenced_tree(table):
            # A foreign key to the partitioned tree holds a part for each partition, which DROP TABLE refuses
            # to remove ("constraint ... depends on table"); DETACH PARTITION removes it, refusing instead while
            # referencing rows point into the partition.
            parent = qualify(table.partition_of.schema_name, table.partition_of.name)
            sql = f"ALTER TABLE {parent} DETACH PARTITION {ddl.table_name(table)}"
            tree = table.partition_of
            locks = [take(Kind.DETACH_PARTITION, tree.schema_name, tree.name)]
            locks.append(ddl.lock_on(Kind.DETACH_PARTITION, table))
            first += self.tag([ddl.stmt(sql, ddl.Phase.DROP_FOREIGN_KEY, *locks)], "alter", table_id(table))
        # The sequences its columns own go with it (a serial's), unless kept (keep_owned_sequences disowns them):
        # what else uses one, another table's default, must change or go first.
        members += [
            _sequence_id(self.live.sequences[key])
            for key in self.owned_sequences.get(table_id(table), [])
            if key not in self.desired.sequences
        ]
        return first + self.tag(ddl_tables.drop_table(table), "drop", *members)

    def _referenced_tree(self, partition: Table) -> bool:
        """Whether a live foreign key references a partitioned table `partition` belongs to (at any level)."""
        parent = partition.partition_of
        while parent is not None:
            needed_by = self.live_graph.needed_by.get(object_id("table", parent.schema_name, parent.name), set())
            if any(n.startswith("constraint:") for n in needed_by):
                return True
            above = self.live.tables.get(parent.key)
            parent = above.partition_of if above is not None else None
        return False

    def create_table(self, table: Table) -> list[Statement]:
        """A new table: each statement tagged with the object it creates, so each is ordered on its own."""
        columns = [member_id("column", table, name) for name in table.columns]
        parent = None if table.partition_of is None else self.desired.tables.get(table.partition_of.key)
        statements = self.tag(ddl_tables.create_table_columns(table, parent), "create", table_id(table), *columns)
        own_settings = inherited_columns.create_sql(table, inherited_columns.column_sources(self.desired, table))
        statements += self.tag(own_settings, "alter", table_id(table), needs=(table_id(table),))
        for constraint in table.constraints.values():
            statements += self.add_constraint(table, constraint)
        for index in table.indexes.values():
            statements += self.tag(
                ddl_indexes.create_index(table, index), "create", member_id("index", table, index.name)
            )
        for trigger in table.triggers.values():
            trigger_id = member_id("trigger", table, trigger.name)
            statements += self.tag(ddl_triggers.create_trigger(table, trigger), "create", trigger_id)
        statements += table_options.create_extras(cast("_Differ", self), table) + self.policies.create_all(table)
        statements += statistics.create_all(cast("_Differ", self), table)
        statements += rules.create_all(cast("_Differ", self), table)
        return partition_keys.staged(cast("_Differ", self), table, parent, statements)

    def add_constraint(self, table: Table, constraint: Constraint) -> list[Statement]:
        return self.tag(
            ddl_constraints.add_constraint(table, constraint), "create", member_id("constraint", table, constraint.name)
        )

    def drop_constraint(self, table: Table, constraint: Constraint) -> list[Statement]:
        return self.tag(
            ddl_constraints.drop_constraint(table, constraint), "drop", member_id("constraint", table, constraint.name)
        )

    # --- online changes to existing tables (differ/online.py) ---------------------

    def add_constraint_online(self, table: Table, constraint: Constraint) -> list[Statement]:
        if not self.online.adds_constraint_online(table, constraint):
            return self.add_constraint(table, constraint)
        return self.tag(
            add_constraint_online(table, constraint), "create", member_id("constraint", table, constraint.name)
        )

    def constraint_hazards(self, table: Table, constraint: Constraint) -> list[Hazard]:
        if table.foreign is not None:  # PostgreSQL checks no rows of a foreign table
            return []
        if self.online.adds_constraint_online(table, constraint):
            return [OUTSIDE_TRANSACTION]
        return _constraint_hazards(constraint)

    def create_index_online(self, table: Table, index: Index) -> list[Statement]:
        online = self.online.builds_index_online(table, index)
        statements = (
            ddl_indexes.create_index_concurrently(table, index) if online else ddl_indexes.create_index(table, index)
        )
        return self.tag(statements, "create", member_id("index", table, index.name))

    @cached_property
    def drops_extensions(self) -> bool:
        """Whether the plan drops a live extension."""
        return any(name not in self.desired.extensions for name in self.live.extensions)

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
        be free by then. Nor when a column of the table changes type: ALTER COLUMN ... TYPE rebuilds the
        table's indexes under its ACCESS EXCLUSIVE lock anyway, and refuses one its new type cannot hold
        (a GIN index of a jsonb column becoming json). Nor when the plan drops an extension: the index may
        use its operator class or functions, and DROP EXTENSION in the transaction refuses while it exists
        (the graph does not know operator classes).
        """
        cascade = bool(self.cascaded_with(table, index.name))
        online = (
            not cascade
            and self.online.applies_to(table)
            and (table.schema_name, index.name) not in self.desired_relation_names
            and (rebuilt is None or self.online.builds_index_online(table, rebuilt))
            and not self.retypes_columns(table)
            and not self.drops_extensions
        )
        statements = (
            ddl_indexes.drop_index_concurrently(table, index)
            if online
            else ddl_indexes.drop_index(table, index, cascade=cascade)
        )
        return self.tag(statements, "drop", member_id("index", table, index.name))

    def retypes_columns(self, table: Table) -> bool:
        """True when the plan changes the type (or collation) of a live column of `table`."""
        live = self.live.tables.get(f"{table.schema_name}.{table.name}")
        if live is None:
            return False
        return any(
            (col := table.columns.get(name)) is not None and (col.type, col.collation) != (had.type, had.collation)
            for name, had in live.columns.items()
        )

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
            cascade = bool(self.cascaded_with(want, name))
            if cascade:  # a partitioned table's unique index, not an online step's: the key takes its name
                why = "a unique index named as the key the state declares, which takes its place"
            dropped = ddl_indexes.drop_index(want, index, cascade=cascade)
            statements = self.tag(dropped, "drop", member_id("index", want, name))
            self.add(f"{address}.index.{name}", "index", Action.DELETE, index, None, statements, detail=[why])
        return kept

    def cascaded_with(self, table: Table, index: str) -> list[tuple[Table, str]]:
        """The partitions' keys DROP INDEX ... CASCADE of `table`'s index takes (parent_indexes_dropped)."""
        return self.cascaded.get((f"{table.schema_name}.{table.name}", index), [])

    def update_table(self, want: Table, have: Table) -> None:
        address = f"table.{display_name(want.schema_name, want.name)}"
        if want.comment != have.comment:
            statements = [ddl.comment_on(f"{ddl.table_word(want)} {ddl.table_name(want)}", want.comment, want)]
            detail = [f"comment: {have.comment!r} -> {want.comment!r}"]
            self.add(address, "table", Action.UPDATE, have, want, statements, detail=detail)
        table_options.update(cast("_Differ", self), address, want, have)
        have = partitions.update_parents(cast("_Differ", self), address, want, have)
        have = partition_indexes.update(cast("_Differ", self), address, want, have)
        want_columns, have_columns = partitions.columns_to_compare(self.desired, self.live, want, have)
        self.not_null_helpers = not_null.leftover_helpers(have)
        helper_names = {helper.name for helper in self.not_null_helpers.values()}
        self.keyed(
            "column",
            want_columns,
            have_columns,
            lambda c: f"{address}.column.{c.name}",
            lambda c: self.tag(ddl_tables.add_column(want, c), "create", member_id("column", want, c.name)),
            lambda c: self.drop_column(want, c),
            lambda w, h: self.update_column(address, want, w, h),
            drop_hazards=[DATA_LOSS, EXCLUSIVE_LOCK],
            create_hazards=lambda c: [] if want.foreign is not None else _column_add_hazards(c),
        )
        for name, kept in want_columns.items():  # unchanged, but in the way of a column it reads (update_column)
            if kept.generated is not None and have_columns.get(name) == kept and self._reads_retyped(want, kept):
                self.recreate_column(address, want, kept, kept)
                self.changes[-1].detail.insert(0, "reads a column given a new type: dropped and added again")
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
        live_constraints = {name: k for name, k in have.constraints.items() if name not in helper_names}
        partition_indexes.recreate_to_detach(cast("_Differ", self), address, want, live_constraints)
        live_constraints = partition_indexes.validity_as_desired(want, want.constraints, live_constraints)
        self.keyed(
            "constraint",
            want.constraints,
            live_constraints,
            lambda k: f"{address}.constraint.{k.name}",
            lambda k: self.add_constraint_online(want, k),
            lambda k: self.drop_constraint(want, k),
            lambda w, h: constraints.update_constraint(cast("_Differ", self), address, want, w, h),
            create_hazards=lambda k: self.constraint_hazards(want, k),
            ident=lambda k: member_id("constraint", want, k.name),
        )
        live_indexes = self.drop_leftover_indexes(address, want, have)
        partition_indexes.recreate_to_detach(cast("_Differ", self), address, want, live_indexes)
        live_indexes = partition_indexes.validity_as_desired(want, want.indexes, live_indexes)
        self.keyed(
            "index",
            want.indexes,
            live_indexes,
            lambda i: f"{address}.index.{i.name}",
            lambda i: self.create_index_online(want, i),
            lambda i: self.drop_index_online(want, i),
            lambda w, h: (
                self.index_in_place(f"{address}.index.{w.name}", want, w, h)
                if ddl_indexes.settings_alone_differ(w, h)
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
        table_key = f"{want.schema_name}.{want.name}"
        cascading = {f"{self.base}.{address}.index.{i}": i for t, i in self.cascaded if t == table_key}
        for change in self.changes if cascading else []:  # what a DROP INDEX ... CASCADE takes along, said
            if change.address in cascading and change.kind == "index" and change.action != Action.CREATE:
                keys = self.cascaded_with(want, cascading[change.address])
                named = ", ".join(f"{display_name(p.schema_name, p.name)}.{name}" for p, name in keys)
                change.detail.append(
                    f"CASCADE: also drops the partitions' keys on indexes attached to it ({named}); those the state "
                    "still declares are added again as the partitions' own"
                )
        self.keyed(
            "trigger",
            want.triggers,
            have.triggers,
            lambda t: f"{address}.trigger.{t.name}",
            lambda t: self.tag(ddl_triggers.create_trigger(want, t), "create", member_id("trigger", want, t.name)),
            lambda t: self.tag(ddl_triggers.drop_trigger(want, t), "drop", member_id("trigger", want, t.name)),
            lambda w, h: self.update_trigger(f"{address}.trigger.{w.name}", want, w, h),
            ident=lambda t: member_id("trigger", want, t.name),
        )
        self.policies.update(address, want, have)
        rules.update(cast("_Differ", self), address, want, have)
        statistics.diff_statistics(cast("_Differ", self), address, want, have)

    def conversion(self, before: str, after: str) -> Conversion:
        """How ALTER COLUMN ... TYPE converts the values (casts.py); the enums are both sides' (text to a new one)."""
        if before == after:
            return Conversion(possible=True)
        return conversion(before, after, self.live.casts, _enum_spellings(self.live) | _enum_spellings(self.desired))

    def update_column(self, table_address: str, table: Table, want: Column, have: Column) -> None:
        if want.generated is not None and (want.generated != have.generated or self._reads_retyped(table, have)):
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
        if table.foreign is not None:  # no rows of its own: nothing is rewritten, scanned or lost
            hazards, destructive = [], False
        statements = ddl_tables.alter_column(
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
        statements = self.around_parent_retype(table, want, have, statements)
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
        if (want.type, want.collation) != (have.type, have.collation):  # both ALTER ... TYPE: views re-created
            self.retyped[id(self.changes[-1])] = member_id("column", table, want.name)
            self.retyped_copies[id(self.changes[-1])] = partitions.inherited_copies(self.live, table, want.name)

    def around_parent_retype(
        self, table: Table, want: Column, have: Column, statements: list[Statement]
    ) -> list[Statement]:
        """A column's statements with what a retype reaching children needs: the children's own defaults dropped
        before this table's ALTER ... TYPE, and this table's own default set after its parent's."""
        statements = partitions.drop_own_defaults(self.live, table, have, want) + statements
        live_table = self.live.tables.get(f"{table.schema_name}.{table.name}")
        if live_table is not None and partitions.retyped_by_parent(
            self.desired, self.live, table, live_table, want.name
        ):
            setting = f"ALTER TABLE {ddl.table_name(table)} ALTER COLUMN {quote_ident(want.name)} SET DEFAULT "
            later = {"phase": int(ddl.Phase.SET_OWN_DEFAULT)}
            statements = [s.model_copy(update=later) if s.sql.startswith(setting) else s for s in statements]
        return statements

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

    def update_trigger(self, address: str, relation: Table | View, want: Trigger, have: Trigger) -> None:
        """A trigger of a table or view whose firing (ENABLE / DISABLE TRIGGER) or comment alone changes is altered
        in place; any other change drops and creates it."""
        if _in_place(want, have):
            statements = [ddl_triggers.enable_trigger(relation, want)] if want.enabled != have.enabled else []
            statements += comment_change(ddl_triggers.trigger_target(relation, want), want.comment, have.comment)
            self.add(address, "trigger", Action.UPDATE, have, want, statements, detail=_field_changes(have, want))
            return
        trigger = object_id("trigger", relation.schema_name, relation.name, want.name)
        statements = self.tag(ddl_triggers.drop_trigger(relation, have), "drop", trigger)
        statements += self.tag(ddl_triggers.create_trigger(relation, want), "create", trigger)
        self.replace(address, "trigger", want, have, statements, [])

    def drop_column(self, table: Table, column: Column) -> list[Statement]:
        """DROP COLUMN, which drops the sequences the column owns too: what still uses them is let go first."""
        column_id = member_id("column", table, column.name)
        owned = [_sequence_id(s) for s in self.live.sequences.values() if _owner_id(s) == (column_id,)]
        return self.tag(ddl_tables.drop_column(table, column), "drop", column_id, *owned)

    def _reads_retyped(self, table: Table, column: Column) -> bool:
        """Whether a generated column's expression reads a column this diff retypes: PostgreSQL refuses the
        ALTER COLUMN ... TYPE while it does ("used by a generated column"), and has no ALTER for the expression."""
        needs = self.live_graph.needs.get(member_id("column", table, column.name), set())
        return any(needed in self.retyped_columns for needed in needs)

    def recreate_column(self, table_address: str, table: Table, want: Column, have: Column) -> None:
        """Drop and add a column that becomes generated or changes its expression (PostgreSQL 15 has no ALTER).

        DROP COLUMN takes the column's indexes and constraints along: those the
        plan keeps as they are are created again after the column is back; views
        on it are dropped and re-created by `recreate_dependents`.
        """
        statements, recreated = self.drop_and_add_column(table, want, have)
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

    def drop_and_add_column(
        self, table: Table, want: Column, have: Column, needs: tuple[str, ...] = ()
    ) -> tuple[list[Statement], list[str]]:
        """DROP COLUMN and ADD COLUMN, then the kept indexes and constraints the drop took along; with what it says."""
        column_id = member_id("column", table, want.name)
        statements = self.drop_column(table, have)
        statements += self.tag(ddl_tables.add_column(table, want), "create", column_id, needs=needs)
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
                        ddl_indexes.create_index(table, index), "create", member_id("index", table, index.name)
                    )
                    recreated.append(f"re-creates index {index.name}")
        return statements, recreated


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


def _column_add_hazards(col: Column) -> list[Hazard]:
    hazards = []
    if ddl_tables.add_column_rewrites(col):
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


def _enum_spellings(db: Database) -> set[str]:
    """How format_type may name the database's enums: bare when on the search path, qualified otherwise."""
    names = set()
    for enum in db.enums.values():
        names |= {enum.name, quote_ident(enum.name), qualify(enum.schema_name, enum.name)}
        names.add(f"{enum.schema_name}.{enum.name}")
    return names


def _in_place(want: Trigger, have: Trigger) -> bool:
    """The same trigger but for when it fires and its comment."""
    kept = {"enabled", "comment"}
    return bool(want.model_dump(exclude=kept) == have.model_dump(exclude=kept))
