"""Subscriptions read back into a state file, a password as a `${env:NAME}` placeholder.

A password in a connection string is written as `${env:SUBSCRIPTION_<NAME>_PASSWORD}` and listed among the
file's secrets, as foreign servers' are: the export never holds the value, and the plan needs the variable set.
A subscription whose connection string cannot be declared (unreadable by the exporting role, or a URI) is left
out, named in the header, and left alone by the plan (subscriptions.held).
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres import conninfo, subscriptions
from reconciler.postgres.exporter.foreign_data import variable_name
from reconciler.postgres.model import Database, Subscription


def _connection(subscription: Subscription, taken: dict[str, str]) -> str:
    variables = {}
    for keyword in subscription.connection_secrets:
        variable = variable_name(["subscription", subscription.name, keyword], taken)
        taken[variable] = f"{keyword} of the connection of subscription {subscription.name}"
        variables[keyword] = variable
    return conninfo.with_references(subscription.connection, variables)


def _subscription(subscription: Subscription, taken: dict[str, str]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "connection": _connection(subscription, taken),
        "publications": list(subscription.publications),
    }
    if subscription.enabled:
        spec["enabled"] = True
    if subscription.slot_name != subscription.name:
        spec["slot_name"] = subscription.slot_name
    for option in ("binary", "streaming", "disable_on_error", "two_phase"):
        if getattr(subscription, option):
            spec[option] = True
    if subscription.synchronous_commit != "off":
        spec["synchronous_commit"] = subscription.synchronous_commit
    if subscription.owner is not None:
        spec["owner"] = subscription.owner
    if subscription.comment is not None:
        spec["comment"] = subscription.comment
    return spec


def exported(live: Database, secrets: dict[str, str]) -> dict[str, Any]:
    """The declarable subscriptions, by name; `secrets` gets each placeholder's variable and what it stands for."""
    held = {s.name for s in subscriptions.held(Database(name=live.name), live)}
    return {name: _subscription(s, secrets) for name, s in live.subscriptions.items() if name not in held}


def header_lines(live: Database) -> list[str]:
    return subscriptions.header_lines(live)
