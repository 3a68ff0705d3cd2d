"""Event triggers read back into the database's `event_triggers:`, keyed by name."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reconciler.postgres.firing import DECLARED
from reconciler.postgres.model import Database, EventTrigger
from reconciler.postgres.spec.database import DatabaseSpec


def event_trigger_declaration(found: EventTrigger) -> dict[str, Any]:
    """Its event and function, its tags when it has some, its firing when not the usual, its owner and comment."""
    spec: dict[str, Any] = {"event": found.event, "function": found.function}
    if found.tags:
        spec["tags"] = list(found.tags)
    if found.enabled != "origin":
        spec["enabled"] = DECLARED[found.enabled]
    if found.owner is not None:
        spec["owner"] = found.owner
    if found.comment is not None:
        spec["comment"] = found.comment
    return spec


def _reads_back(name: str, declaration: dict[str, Any]) -> bool:
    try:
        DatabaseSpec.model_validate({"database": "d", "schemas": {"public": {}}, "event_triggers": {name: declaration}})
    except ValidationError:
        return False
    return True


def exported(live: Database, left_out: list[str]) -> dict[str, Any]:
    """The database's event triggers by name; one a state file cannot hold is noted in `left_out`."""
    declared: dict[str, Any] = {}
    for name, found in live.event_triggers.items():
        declaration = event_trigger_declaration(found)
        if _reads_back(name, declaration):
            declared[name] = declaration
        else:
            left_out.append(f"event trigger {name}: a function name or tag state files cannot hold")
    return declared
