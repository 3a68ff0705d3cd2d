"""Subscriptions: created (WITH (connect = false)), altered in place, re-created for two_phase, or dropped.

The connection string is compared as text with its secrets masked, and each secret by value (the declared
`${env:NAME}` read from the environment): the change shows the mask and the token, never a value. An owner is
compared only where the file declares one. Dropping a subscription, or re-creating it, is destructive: the
plan names the replication slot it leaves on the publisher, and says when DROP will connect to the publisher
(tables still synchronizing). Subscriptions whose connection string cannot be declared (unreadable, a URI) and
that the file does not declare are left alone (subscriptions.held).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard
from reconciler.postgres import subscriptions
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.model import Subscription

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

STOPS = Hazard(
    code="replication_stops",
    message="the changes its publications publish are no longer applied here; reconcile never drops the slot, "
    "copies data or refreshes publications",
)


def _address(subscription: Subscription) -> str:
    return f"subscription.{subscription.name}"


def drop_hazards(have: Subscription) -> list[Hazard]:
    """What dropping `have` leaves behind on the publisher, and when DROP itself connects there."""
    hazards = [STOPS]
    if have.slot_name is not None:
        hazards.append(
            Hazard(
                code="slot_left",
                message=f"its replication slot {have.slot_name} is left on the publisher and keeps WAL there until "
                f"dropped (on the publisher: SELECT pg_drop_replication_slot('{have.slot_name}'))",
            )
        )
    if have.syncing_tables:
        hazards.append(
            Hazard(
                code="connects",
                message=f"{have.syncing_tables} of its tables are still synchronizing: DROP SUBSCRIPTION connects to "
                "the publisher to drop their synchronization slots",
            )
        )
    return hazards


def diff_subscriptions(differ: _Differ) -> None:
    held = {s.name for s in subscriptions.held(differ.desired, differ.live)}
    live = {name: have for name, have in differ.live.subscriptions.items() if name not in held}
    for name, declared in differ.desired.subscriptions.items():
        have = live.get(name)
        if have is None:
            statements = subscriptions.create(declared)
            differ.add(_address(declared), "subscription", Action.CREATE, None, declared, statements)
            continue
        declared = declared.model_copy(update={"owner": declared.owner or have.owner})
        connection_differs = have.connection_readable and not subscriptions.connection_matches(declared, have)
        # Compared as shown: the live string (secrets masked) where it holds the declared one, or is not readable.
        want = declared if connection_differs else declared.model_copy(update={"connection": have.connection})
        if want == have:
            continue
        detail = _field_changes(have, want)
        if subscriptions.must_be_recreated(want, have):
            statements = subscriptions.drop(have) + subscriptions.create(declared)
            detail.append("ALTER SUBSCRIPTION cannot change two_phase (PostgreSQL 15): re-created")
            differ.add(
                _address(want),
                "subscription",
                Action.REPLACE,
                have,
                want,
                statements,
                hazards=drop_hazards(have),
                destructive=True,
                detail=detail,
            )
            continue
        statements = subscriptions.alter(declared, have, connection_differs)
        differ.add(_address(want), "subscription", Action.UPDATE, have, want, statements, detail=detail)
    for name, have in live.items():
        if name not in differ.desired.subscriptions:
            differ.add(
                _address(have),
                "subscription",
                Action.DELETE,
                have,
                None,
                subscriptions.drop(have),
                destructive=True,
                hazards=drop_hazards(have),
            )
