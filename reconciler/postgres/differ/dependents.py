"""Objects that need a replaced or dropped one: dropped before it and created again, as declared, after."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pydantic import BaseModel

from reconciler.changes import Action, Statement
from reconciler.postgres import (
    ddl,
    ddl_indexes,
    ddl_routines,
    ddl_tables,
    ddl_triggers,
    event_triggers,
    operator_classes,
    operator_families,
    operators,
    text_search,
    undeclarable,
    user_casts,
)
from reconciler.postgres.dependencies import (
    DependencyGraph,
    function_id,
    matview_id,
    member_id,
    view_id,
)
from reconciler.postgres.differ import (
    casts,
    enums,
    materialized_views,
    rules,
    statistics,
    view_details,
)
from reconciler.postgres.differ import event_triggers as event_trigger_changes
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.differ.hazards import (
    DEPENDENTS,
)
from reconciler.postgres.differ.tables import TableDiffer
from reconciler.postgres.differ.text_search import around_dictionaries
from reconciler.postgres.differ.types import drop_and_create as user_type_dependents
from reconciler.postgres.differ.types import objects_by_id as type_objects_by_id
from reconciler.postgres.model import (
    Cast,
    Column,
    CompositeType,
    Constraint,
    Database,
    Domain,
    EventTrigger,
    ExtendedStatistics,
    Function,
    Index,
    MaterializedView,
    Operator,
    OperatorClass,
    OperatorFamily,
    Policy,
    RangeType,
    Rule,
    Table,
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
    Trigger,
    View,
)

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


class DependentsDiffer(TableDiffer):
    def recreate_dependents(self) -> None:
        """Drop and re-create, around a replaced object, whatever needs it and is not already dropped.

        PostgreSQL refuses to drop a view, function or key that other objects
        use (pgschema's function_dependents.go does the same job). Each
        dependent is dropped before, and created from the state file after,
        the first replaced object it needs; the change says so. A dropped object
        counts too (a table that becomes a same-named view keeps its readers), and
        so does a column given a new type (PostgreSQL refuses it under a view).
        """
        if not any(c.action in (Action.REPLACE, Action.DELETE) or id(c) in self.retyped for c in self.changes):
            return
        live_graph, desired_graph = self.live_graph, self.desired_graph
        live_objects, desired_objects = _objects_by_id(self.live), _objects_by_id(self.desired)
        handled = {obj for target in self.targets.values() if target.operation == "drop" for obj in target.objects}
        # Columns that changes of their own retype: not dropped and added again around a type they leave.
        moved = set(self.retyped.values()).union(*self.moved_columns.values(), *self.retyped_copies.values())
        spanning = _keys_between_moved(live_graph, live_objects, moved)
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
            recreated: list[str] = []
            kept: list[str] = []  # what of them goes and comes back: `the mappings of text_search_configuration ...`
            roots = [*dropped, *([retyped] if retyped else []), *self.retyped_copies.get(id(change), [])]
            roots += self.moved_columns.get(id(change), [])
            # ALTER COLUMN TYPE rebuilds indexes and constraints itself; views it refuses.
            for dependent in enums.dependents_to_recreate(live_graph, roots, moved, set(dropped), spanning):
                if dependent in handled or dependent not in live_objects or dependent not in desired_objects:
                    continue
                owner = live_objects[dependent][0]
                if isinstance(owner, Table) and f"{owner.schema_name}.{owner.name}" in self.recreated:
                    continue  # its table is dropped and created again whole (partitions.must_recreate)
                handled.add(dependent)
                held = self.held.get(dependent)
                if held is not None and held.effect != "keep":
                    # Re-creating it from the file would lose what the file cannot say.
                    change.blocked = f"{dependent.replace(':', ' ', 1)} depends on it: {undeclarable.reason(held)}"
                    change.statements = []
                    break
                needs = tuple(desired_graph.needs.get(dependent, ()))
                if isinstance(live_objects[dependent][1], _RECREATED_WHOLE):
                    self.fold_alters(dependent, change.address)  # re-created whole: their alters are moot
                statements = self.drop_and_create(dependent, live_objects[dependent], desired_objects[dependent], needs)
                # A materialized view's indexes, a view's triggers: dropped and re-created with it.
                gone = {
                    o for s in statements if (t := self.targets.get(id(s))) and t.operation == "drop" for o in t.objects
                }
                handled.update(gone)
                change.statements += statements
                parts = _PUT_BACK.get(type(live_objects[dependent][1]))
                if parts is not None and dependent not in gone:
                    # Kept, only mapped (or given its members) again: what uses it is in the way only where it
                    # needs a dropped object too.
                    users = live_graph.dependents(dependent)
                    handled.update(d for d in users if not live_graph.needs.get(d, set()) & set(dropped))
                    kept.append(f"the {parts} of {dependent.replace(':', ' ', 1)}")
                    continue
                recreated.append(dependent.replace(":", " ", 1))
            change.detail += [f"drops and adds again {what}, which uses it" for what in kept]
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
        ALTER POLICY between the policy's drop and its creation, CREATE OR REPLACE RULE before the rule's
        CREATE RULE, and ALTER DOMAIN (or TYPE) on the type while it still stands on the one being replaced.
        """
        for other in self.changes:
            # Its COMMENT ON too: the object is created again with its declared comment.
            targets = [self.targets.get(id(s)) for s in other.statements if s.phase != ddl.Phase.COMMENT]
            if targets and all(t is not None and t.operation == "alter" and t.objects == (obj,) for t in targets):
                other.statements = []
                other.detail.append(f"done by re-creating it around {replaced}")

    def drop_and_create(self, obj: str, have: _Located, want: _Located, needs: tuple[str, ...]) -> list[Statement]:
        """Statements that take a dependent out of the way and put it back as declared."""
        whole = cast("_Differ", self)  # the per-kind modules take the whole differ, of which this is a part
        recreated = user_type_dependents(whole, obj, have, want)
        if recreated is not None:
            return recreated
        (table, old), (_, new) = have, want
        if isinstance(old, View) and isinstance(new, View):
            return view_details.drop_view(whole, old) + view_details.create_view(whole, new)
        if isinstance(old, MaterializedView) and isinstance(new, MaterializedView):
            return materialized_views.drop(whole, old) + materialized_views.create(whole, new)
        if isinstance(old, Function) and isinstance(new, Function):
            drop = self.tag(ddl_routines.drop_function(old, to_replace=True), "drop", obj)
            return drop + self.tag(ddl_routines.create_function(new), "create", obj)
        if isinstance(old, Cast) and isinstance(new, Cast):
            return casts.drop_and_create(whole, old, new)
        if isinstance(old, EventTrigger) and isinstance(new, EventTrigger):
            return event_trigger_changes.drop_and_create(whole, old, new)
        if isinstance(old, Operator) and isinstance(new, Operator):
            drop = self.tag(operators.drop_operator(old), "drop", obj)
            return drop + self.tag(operators.create_operator(new), "create", obj)
        if isinstance(old, TextSearchConfiguration) and isinstance(new, TextSearchConfiguration):
            self.fold_alters(obj, "the dictionaries or parser it uses")  # its mappings are put back as declared
            return around_dictionaries(whole, obj, old, new)
        if isinstance(old, TextSearchDictionary | TextSearchParser | TextSearchTemplate) and type(new) is type(old):
            drop = self.tag(text_search.drop(old), "drop", obj)
            return drop + self.tag(text_search.create(new), "create", obj)
        if isinstance(old, OperatorClass) and isinstance(new, OperatorClass):
            drop = self.tag(operator_classes.drop(old), "drop", obj)
            return drop + self.tag(operator_classes.create(new), "create", obj)
        if isinstance(old, OperatorFamily) and isinstance(new, OperatorFamily):
            # Kept with its classes: its loose members are dropped around what they name and added again as
            # declared (its own change, folded into this one, did part of that), its comment set.
            dropped, added = operator_families.members_changed(new, old, every=True)
            statements = self.tag(dropped, "alter", obj) + self.tag(added, "create", obj)
            return statements + comment_change(operator_families.target(new), new.comment, old.comment)
        if table is None:
            return []
        if isinstance(old, ExtendedStatistics) and isinstance(new, ExtendedStatistics) and not isinstance(table, View):
            return statistics.drop(whole, table, old) + statistics.create(whole, table, new)
        if isinstance(old, Index) and isinstance(new, Index) and not isinstance(table, View):
            drop = self.tag(ddl_indexes.drop_index(table, old), "drop", obj)
            return drop + self.tag(ddl_indexes.create_index(table, new), "create", obj)
        if isinstance(old, Rule) and isinstance(new, Rule) and not isinstance(table, MaterializedView):
            return rules.drop(whole, table, old) + rules.create(whole, table, new)
        if isinstance(old, Trigger) and isinstance(new, Trigger) and not isinstance(table, MaterializedView):
            drop = self.tag(ddl_triggers.drop_trigger(table, old), "drop", obj)
            return drop + self.tag(ddl_triggers.create_trigger(table, new), "create", obj)
        if not isinstance(table, Table):
            return []
        if isinstance(old, Constraint) and isinstance(new, Constraint):
            return self.drop_constraint(table, old) + self.add_constraint(table, new)
        if isinstance(old, Policy) and isinstance(new, Policy):
            return self.policies.drop_and_create(table, old, new)
        if isinstance(old, Column) and isinstance(new, Column) and old.generated and new.generated:
            # A generation expression using a re-created object (a text search configuration): PostgreSQL 15
            # cannot set one on an existing column, so the column is computed anew, with its indexes.
            desired_table = want[0]
            if isinstance(desired_table, Table):
                return self.drop_and_add_column(desired_table, new, old, needs)[0]
            return []
        if isinstance(old, Column) and isinstance(new, Column) and (old.default is not None or old.collation):
            # A default that calls a replaced function, or a re-created collation: take it off, put it back
            # once the function or collation is there again.
            bare = {"default": None, "collation": None}
            release = ddl_tables.alter_column(table, old.model_copy(update=bare), old)
            restore = ddl_tables.alter_column(table, new, new.model_copy(update=bare))
            # Putting a collation or default back creates what the column needs anew: tagged as creating, it is
            # not taken for moving away from the old one (which would order it before the drop). A default is
            # its own object here, so the column is not taken for new (its privileges stay as they are).
            restored = obj if old.collation else obj.replace("column:", "default:", 1)
            return self.tag(release, "alter", obj) + self.tag(restore, "create", restored, needs=needs)
        return []

    # --- per kind ------------------------------------------------------------------


_Located = tuple[Table | View | MaterializedView | None, BaseModel]


# Kept around what they need, only what of them needs it put back: a configuration's mappings, a family's members.
_PUT_BACK: dict[type[BaseModel], str] = {TextSearchConfiguration: "mappings", OperatorFamily: "members"}

# Re-created as declared around what they need (an operator family: its members), so other changes that only alter
# them are moot.
_RECREATED_WHOLE = (
    Function,
    Policy,
    Rule,
    TextSearchDictionary,
    Domain,
    CompositeType,
    RangeType,
    OperatorFamily,
)


def _keys_between_moved(graph: DependencyGraph, objects: dict[str, _Located], moved: set[str]) -> frozenset[str]:
    """Foreign keys with retyped columns on both sides: a referencing one (of its own table) and a referenced one
    (which the key needs in the graph)."""
    return frozenset(
        obj
        for obj, (table, member) in objects.items()
        if isinstance(member, Constraint)
        and member.kind == "foreign_key"
        and isinstance(table, Table)
        and any(member_id("column", table, column) in moved for column in member.columns)
        and graph.needs.get(obj, set()) & moved
    )


def _objects_by_id(db: Database) -> dict[str, _Located]:
    """Every object a dependent can be, by graph id, with the table it belongs to."""
    found: dict[str, _Located] = {view_id(v): (None, v) for v in db.views.values()}
    found.update({function_id(f): (None, f) for f in db.functions.values()})
    found.update({operators.operator_id(o): (None, o) for o in db.operators.values()})
    found.update({user_casts.cast_id(c): (None, c) for c in db.user_casts.values()})
    found.update({event_triggers.trigger_id(t): (None, t) for t in db.event_triggers.values()})
    for section in (
        db.text_search_parsers,
        db.text_search_templates,
        db.text_search_dictionaries,
        db.text_search_configurations,
    ):
        found.update({text_search.graph_id(o): (None, o) for o in section.values()})
    found.update({operator_classes.graph_id(o): (None, o) for o in db.operator_classes.values()})
    found.update({operator_families.graph_id(o): (None, o) for o in db.operator_families.values()})
    found.update(type_objects_by_id(db))
    found.update({matview_id(m): (None, m) for m in db.materialized_views.values()})
    for view in db.views.values():
        for trigger in view.triggers.values():
            found[view_details.trigger_id(view, trigger.name)] = (view, trigger)
        for rule in view.rules.values():
            found[rules.rule_id(view, rule.name)] = (view, rule)
    for matview in db.materialized_views.values():
        for index in matview.indexes.values():
            found[materialized_views.index_id(matview, index.name)] = (matview, index)
        for stats in matview.statistics.values():
            found[member_id("statistics", matview, stats.name)] = (matview, stats)
    for table in db.tables.values():
        for kind, name, member in table.members():
            found[member_id(kind, table, name)] = (table, member)
    return found
