"""Table access methods read back into the database's `access_methods:`, keyed by name."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reconciler.postgres.model import Database
from reconciler.postgres.spec.database import DatabaseSpec


def _reads_back(name: str, declaration: dict[str, Any]) -> bool:
    try:
        DatabaseSpec.model_validate({"database": "d", "schemas": {"public": {}}, "access_methods": {name: declaration}})
    except ValidationError:
        return False
    return True


def exported(live: Database, left_out: list[str]) -> dict[str, Any]:
    """The database's table access methods by name; one a state file cannot hold is noted in `left_out`."""
    declared: dict[str, Any] = {}
    for name, found in live.access_methods.items():
        declaration: dict[str, Any] = {"type": found.type, "handler": found.handler}
        if found.comment is not None:
            declaration["comment"] = found.comment
        if _reads_back(name, declaration):
            declared[name] = declaration
        else:
            left_out.append(f"access method {name}: a name or handler state files cannot hold")
    return declared
