"""Compare two catalog models and list the changes: a pure function, no server.

Both sides are `model.Database` in PostgreSQL's canonical spelling, so the
comparison is plain equality on keyed dictionaries (migra's approach). This
module decides *what* changes and what each change risks; `ddl` supplies
the statements.
"""

from __future__ import annotations

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.postgres import (
    database_privileges,
    database_settings,
    ddl,
    ddl_enums,
    ddl_routines,
    ddl_schemas,
    ddl_sequences,
    locks,
    user_types,
)
from reconciler.postgres.dependencies import (
    function_id,
    object_id,
    order,
    table_id,
    view_id,
)
from reconciler.postgres.differ import (
    constraints,
    enums,
    materialized_views,
    partition_indexes,
    partitions,
    view_details,
)
from reconciler.postgres.differ.access_methods import diff_access_methods
from reconciler.postgres.differ.addresses import _field_changes, display_name
from reconciler.postgres.differ.aggregates import diff_aggregates
from reconciler.postgres.differ.casts import diff_casts
from reconciler.postgres.differ.collations import diff_collations
from reconciler.postgres.differ.comments import (
    comment_change,
    schema_comment_changes,
    schema_comment_text,
    without_comments,
)
from reconciler.postgres.differ.dependents import DependentsDiffer
from reconciler.postgres.differ.event_triggers import diff_event_triggers
from reconciler.postgres.differ.extension_members import diff_extension_members
from reconciler.postgres.differ.extensions import moved_extension, unreachable, update_extension
from reconciler.postgres.differ.foreign_data import diff_foreign_data
from reconciler.postgres.differ.functions import _loses_search_path, function_changes
from reconciler.postgres.differ.hazards import (
    DATA_LOSS,
    DEPENDENTS,
    LOST_SEARCH_PATH,
)
from reconciler.postgres.differ.languages import diff_languages
from reconciler.postgres.differ.online import misplaced
from reconciler.postgres.differ.operator_classes import diff_operator_classes, diff_operator_families
from reconciler.postgres.differ.operators import diff_operators
from reconciler.postgres.differ.owners import diff_owners
from reconciler.postgres.differ.privileges import diff_privileges
from reconciler.postgres.differ.publications import diff_publications, republish_around_changed_columns
from reconciler.postgres.differ.schemas import drop_undeclared_schemas
from reconciler.postgres.differ.sequences import _owner_id, _sequence_id, align_owner, live_owner
from reconciler.postgres.differ.subscriptions import diff_subscriptions
from reconciler.postgres.differ.table_options import set_again_on_recreated_indexes
from reconciler.postgres.differ.text_search import diff_text_search
from reconciler.postgres.differ.trigger_clones import diff_clone_firing
from reconciler.postgres.differ.types import diff_types
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.model import (
    Database,
    Enum,
    Extension,
    Function,
    Sequence,
)
from reconciler.postgres.partitions import parents
from reconciler.postgres.plan_phases import phase


class _Differ(DependentsDiffer):
    def create_sequence(self, seq: Sequence) -> list[Statement]:
        """CREATE SEQUENCE comes before the columns that use it; OWNED BY after the column that owns it."""
        create, *linked = ddl_sequences.create_sequence(seq)  # OWNED BY, and the comment
        self.tag([create], "create", _sequence_id(seq))
        if seq.owned_by is not None:  # a new sequence is the applying role's, its table may be another's
            linked = [*align_owner(self.live, self.recreated, seq, self.live.role), *linked]
        return [create, *self.tag(linked, "alter", _sequence_id(seq), needs=_owner_id(seq))]

    def update_sequence(self, want: Sequence, have: Sequence) -> None:
        """ALTER SEQUENCE; OWNED BY NONE first of all, since dropping the old owner would take the sequence along."""
        statements = ddl_sequences.alter_sequence(want, have)
        if want.owned_by is not None and want.owned_by != have.owned_by:
            at = next(i for i, s in enumerate(statements) if s.phase == ddl.Phase.SEQUENCE_OWNER)
            statements[at:at] = align_owner(self.live, self.recreated, want, live_owner(self.live, have))
        for statement in statements:
            if statement.phase == ddl.Phase.DISOWN_SEQUENCE:
                self.tag([statement], "alter", _sequence_id(want))
            else:
                self.tag([statement], "alter", _sequence_id(want), needs=_owner_id(want))
        address = f"sequence.{display_name(want.schema_name, want.name)}"
        self.add(address, "sequence", Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    def drop_enum(self, enum: Enum) -> list[Statement]:
        """DROP TYPE; renamed aside first when a domain, composite or range type of the plan takes the name."""
        reused = (enum.schema_name, enum.name) in user_types.type_names(self.desired)
        return user_types.drop_type_named("TYPE", enum.schema_name, enum.name, name_reused=reused)

    def run(self) -> list[Change]:
        desired, live = self.desired, self.live
        partition_indexes.resolve_names(desired, live)
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
                comment = schema_comment_text(schema, desired.schema_comments.get(schema))
                statements = ddl_schemas.create_schema(schema, comment or None)
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
            ddl_schemas.create_extension,
            ddl_schemas.drop_extension,
            self.update_extension,
        )
        diff_foreign_data(self)
        diff_languages(self)
        diff_publications(self)
        diff_subscriptions(self)
        # Known before the enums (a table re-created whole is not moved to a re-created enum) and the sequences (a
        # new sequence's owner follows whether its table is kept: align_owner).
        recreated = self.recreated = partitions.must_recreate(desired, live)
        partition_indexes.parent_indexes_dropped(self)
        self.keyed(
            "enum",
            desired.enums,
            live.enums,
            lambda e: f"enum.{display_name(e.schema_name, e.name)}",
            lambda e: self.tag(ddl_enums.create_enum(e), "create", _enum_id(e)),
            lambda e: self.tag(self.drop_enum(e), "drop", _enum_id(e)),
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
            lambda s: self.tag(ddl_sequences.drop_sequence(s), "drop", _sequence_id(s)),
            self.update_sequence,
            drop_hazards=[Hazard(code="data_loss", message="the sequence's current value is lost")],
            ident=_sequence_id,
        )
        self.keyed(
            "function",
            desired.functions,
            live.functions,
            lambda f: f"{f.kind}.{display_name(f.schema_name, f.name)}({f.identity_arguments})",
            lambda f: self.tag(ddl_routines.create_function(f), "create", function_id(f)),
            lambda f: self.tag(ddl_routines.drop_function(f), "drop", function_id(f)),
            self.update_function,
            ident=function_id,
        )
        partitions.recreate_tables(self, recreated)
        diff_operators(self)
        diff_aggregates(self)
        diff_casts(self)
        diff_event_triggers(self)
        diff_access_methods(self)
        diff_text_search(self)
        diff_operator_families(self)
        diff_operator_classes(self)
        database_settings.diff(desired, live, self.add)
        database_privileges.diff(self)
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
        for key in sorted({parent for parent, _ in self.detached}):  # the same as declared, yet an index re-created
            if desired.tables[key] == live.tables[key]:
                self.update_table(desired.tables[key], live.tables[key])
        for key, want in desired.tables.items():
            have = live.tables.get(key)
            if not parents(want) or have is None or key in recreated or have != want:
                continue
            # Unchanged in itself, but a parent's change recurses to it over a setting of its own: set it again.
            if partitions.reached_by_parent_changes(desired, live, want, have):
                self.update_table(want, have)
        partition_indexes.created_before_parent(self)
        constraints.validate_partition_copies(self)
        diff_clone_firing(self)
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
        republish_around_changed_columns(self)
        self.recreate_dependents()
        self.drop_repeated_creates()
        set_again_on_recreated_indexes(self)
        partitions.hold_left_parents(self)
        diff_owners(self)
        diff_privileges(self)  # last: it sees every object the plan creates or re-creates
        diff_extension_members(self)
        return self.changes

    # --- dependents of replaced objects ------------------------------------------

    def update_extension(self, want: Extension, have: Extension) -> None:
        address, detail = f"extension.{want.name}", _field_changes(have, want)
        if want.schema_name == have.schema_name and not unreachable(want, have):
            self.add(address, "extension", Action.UPDATE, have, want, update_extension(want, have), detail=detail)
            return
        statements, hazards = moved_extension(want, have)
        action = Action.UPDATE if not hazards else Action.REPLACE
        self.add(
            address,
            "extension",
            action,
            have,
            want,
            statements,
            hazards=hazards,
            destructive=bool(hazards),
            detail=detail,
        )

    def update_enum(self, want: Enum, have: Enum) -> None:
        enums.update_enum(self, want, have)

    def update_function(self, want: Function, have: Function) -> None:
        """A new signature or result replaces the function; a new body redefines it; options are altered in place."""
        address = f"{want.kind}.{display_name(want.schema_name, want.name)}({want.identity_arguments})"
        hazards = [LOST_SEARCH_PATH] if _loses_search_path(want, have) else []
        if want.returns != have.returns or want.arguments != have.arguments or want.window != have.window:
            statements = self.tag(ddl_routines.drop_function(have, to_replace=True), "drop", function_id(have))
            # The new one also stands for the old (its id differs only by parameter names): it is created once the
            # old is dropped, which waits for what depends on it (a domain's check) to be out of the way.
            ids = dict.fromkeys([function_id(want), function_id(have)])
            statements += self.tag(ddl_routines.create_function(want, replace=False), "create", *ids)
            self.replace(address, want.kind, want, have, statements, [DEPENDENTS, *hazards])
            return
        # ALTER FUNCTION sets a SUPPORT function but cannot take one away: CREATE OR REPLACE, which resets it.
        lost_support = want.support is None and have.support is not None
        if want.body != have.body or want.language != have.language or want.sql_body != have.sql_body or lost_support:
            # A new SQL-standard body is checked as it is created: after what it uses is there.
            needs = tuple(self.desired_graph.needs.get(function_id(want), ()))
            redefine = without_comments(ddl_routines.create_function(want))
            statements = self.tag(redefine, "alter", function_id(want), needs=needs)
        else:
            statements = self.tag(ddl_routines.alter_function(want, have), "alter", function_id(want))
        statements += comment_change(ddl_routines.function_target(want), want.comment, have.comment)
        detail = function_changes(have, want)
        self.add(address, want.kind, Action.UPDATE, have, want, statements, detail=detail, hazards=hazards)


def _enum_id(enum: Enum) -> str:
    return object_id("enum", enum.schema_name, enum.name)


def diff(desired: Database, live: Database, *, online: bool = True) -> list[Change]:
    """Changes that make `live` equal `desired`, ordered as their statements will run (dependencies.order).

    `online`: change existing tables without blocking writers where PostgreSQL allows it (differ/online.py).
    """
    differ = _Differ(desired, live, online=online)
    changes = differ.run()
    with phase("order"):  # reported even for no changes: every plan has the same phases
        if not changes:
            return []
        ordered = order(changes, differ.targets, differ.desired_graph, differ.live_graph)
    if online and misplaced(changes, ordered):
        return diff(desired, live, online=False)
    return locks.with_row_estimates(ordered, live)
