"""Event triggers: created, altered in place, dropped and created again, or dropped.

ALTER EVENT TRIGGER changes how one fires (ENABLE [REPLICA | ALWAYS], DISABLE), its owner (compared only where
declared) and, with COMMENT ON, its comment; a new event, function or tag list drops it and creates it again in
the plan's transaction. An event trigger the file leaves out is dropped (destructive). Whatever the plan changes
is dropped or disabled first in the transaction and created or enabled last (event_triggers.py), which each
change says; the graph orders an event trigger's drop before its function's and its creation after it, and one
over a function the plan replaces is dropped and created again around it (differ/dependents.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import event_triggers
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.model import EventTrigger

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

UNFIRED = "the apply's own commands never fire it"
_CREATED = f"created last in the transaction: {UNFIRED}"
_DROPPED = f"dropped first in the transaction: {UNFIRED}"
_RECREATED = f"dropped first in the transaction and created again last: {UNFIRED}"


def address(found: EventTrigger) -> str:
    return f"event_trigger.{found.name}"


def _refired(want: EventTrigger, have: EventTrigger) -> list[str]:
    """What the plan says of a new firing: when in the transaction it is disabled and enabled."""
    if want.enabled == have.enabled:
        return []
    if want.enabled == "disabled":
        return [f"disabled first in the transaction: {UNFIRED}"]
    if have.enabled == "disabled":
        return [f"enabled last in the transaction: {UNFIRED}"]
    return [f"disabled first in the transaction and enabled as declared last: {UNFIRED}"]


def drop_and_create(differ: _Differ, have: EventTrigger, want: EventTrigger) -> list[Statement]:
    """Dropped first in the transaction and created last; created again, it keeps the live owner unless declared."""
    if want.owner is None:
        want = want.model_copy(update={"owner": have.owner})
    obj = event_triggers.trigger_id(want)
    drop = differ.tag(event_triggers.drop(have), "drop", obj)
    return drop + differ.tag(event_triggers.create(want), "create", obj)


def diff_event_triggers(differ: _Differ) -> None:
    live = differ.live.event_triggers
    desired = event_triggers.with_live_owner(differ.desired.event_triggers, live)

    def update(want: EventTrigger, have: EventTrigger) -> None:
        detail = _field_changes(have, want)
        if event_triggers.must_be_recreated(want, have):
            statements = drop_and_create(differ, have, want)
            differ.add(
                address(want), "event_trigger", Action.REPLACE, have, want, statements, detail=[*detail, _RECREATED]
            )
            return
        statements = event_triggers.refire(want, have) + event_triggers.settings(want, have)
        statements = differ.tag(statements, "alter", event_triggers.trigger_id(want))
        detail += _refired(want, have)
        differ.add(address(want), "event_trigger", Action.UPDATE, have, want, statements, detail=detail)

    first = len(differ.changes)
    differ.keyed(
        "event_trigger",
        desired,
        live,
        address,
        lambda t: differ.tag(event_triggers.create(t), "create", event_triggers.trigger_id(t)),
        lambda t: differ.tag(event_triggers.drop(t), "drop", event_triggers.trigger_id(t)),
        update,
    )
    for change in differ.changes[first:]:
        if change.action == Action.CREATE:
            change.detail.append(_CREATED)
        elif change.action == Action.DELETE:
            change.detail.append(_DROPPED)
