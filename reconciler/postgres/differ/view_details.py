"""What a view carries beyond its query: options (security_barrier, security_invoker, check_option), triggers, rules.

Options change in place (ALTER VIEW ... SET / RESET); triggers (INSTEAD OF,
usually) and rules are created after their view and go with it when it is
dropped, so a view that is replaced gets its declared triggers and rules back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl, ddl_triggers, ddl_views
from reconciler.postgres.dependencies import object_id, relation_members, view_id
from reconciler.postgres.differ import rules
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import Trigger, View, in_order
from reconciler.postgres.options_sql import options_to_set

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def trigger_id(view: View, name: str) -> str:
    return object_id("trigger", view.schema_name, view.name, name)


def address(view: View) -> str:
    schema = "" if view.schema_name == "public" else f"{view.schema_name}."
    return f"view.{schema}{view.name}"


def create_view(d: _Differ, view: View) -> list[Statement]:
    """CREATE VIEW with its options, then its triggers and rules, each tagged for ordering."""
    statements = d.tag(ddl_views.create_view(view), "create", view_id(view))
    for trigger in view.triggers.values():
        statements += create_trigger(d, view, trigger)
    return statements + rules.create_all(d, view)


def drop_view(d: _Differ, view: View) -> list[Statement]:
    """DROP VIEW takes the view's triggers and rules along."""
    return d.tag(ddl_views.drop_view(view), "drop", *relation_members(view))


def create_trigger(d: _Differ, view: View, trigger: Trigger) -> list[Statement]:
    return d.tag(ddl_triggers.create_trigger(view, trigger), "create", trigger_id(view, trigger.name))


def drop_trigger(d: _Differ, view: View, trigger: Trigger) -> list[Statement]:
    return d.tag(ddl_triggers.drop_trigger(view, trigger), "drop", trigger_id(view, trigger.name))


def alter_options(view: View, before: dict[str, str]) -> list[Statement]:
    """ALTER VIEW ... SET the declared options when one is new or changed, RESET the ones no longer declared."""
    name = qualify(view.schema_name, view.name)
    statements = []
    changed = options_to_set(view.options, before)
    if changed:
        statements.append(ddl.stmt(f"ALTER VIEW {name} SET ({_pairs(changed)})", ddl.Phase.CREATE_VIEW))
    removed = [quote_ident(key) for key in before if key not in view.options]
    if removed:
        statements.append(ddl.stmt(f"ALTER VIEW {name} RESET ({', '.join(removed)})", ddl.Phase.CREATE_VIEW))
    return statements


def _pairs(options: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in options.items())


def update_view(d: _Differ, want: View, have: View) -> None:
    """A new query replaces the view (and its triggers); options, comment and triggers change in place."""
    from reconciler.postgres.differ.addresses import _field_changes
    from reconciler.postgres.differ.hazards import DEPENDENTS

    where = address(want)
    if want.definition != have.definition:
        statements = drop_view(d, have) + create_view(d, want)
        d.replace(where, "view", want, have, statements, [DEPENDENTS])
        return
    statements = []
    if want.comment != have.comment:
        statements.append(ddl.comment_on(f"VIEW {qualify(want.schema_name, want.name)}", want.comment))
    statements += ddl_views.column_comments(want, have)
    statements += ddl_views.column_defaults(want, have)
    if in_order(want.options) != in_order(have.options):
        statements += d.tag(alter_options(want, have.options), "alter", view_id(want))
    if statements:
        detail = [line for line in _field_changes(have, want) if not line.startswith(("triggers:", "rules:"))]
        d.add(where, "view", Action.UPDATE, have, want, statements, detail=detail)
    d.keyed(
        "trigger",
        want.triggers,
        have.triggers,
        lambda t: f"{where}.trigger.{t.name}",
        lambda t: create_trigger(d, want, t),
        lambda t: drop_trigger(d, want, t),
        lambda w, h: d.update_trigger(f"{where}.trigger.{w.name}", want, w, h),
        ident=lambda t: trigger_id(want, t.name),
    )
    rules.update(d, where, want, have)
