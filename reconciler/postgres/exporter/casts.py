"""Users' casts read back into the database's `casts:`, keyed by their types (`integer AS money2`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reconciler.postgres.model import Cast, Database
from reconciler.postgres.spec.casts import CastSpec
from reconciler.postgres.spec.database import DatabaseSpec


def cast_declaration(found: Cast) -> dict[str, Any]:
    """How the cast converts, its context when not explicit, and its comment."""
    spec: dict[str, Any] = {}
    if found.method == "function":
        spec["function"] = found.function
    elif found.method == "binary":
        spec["without_function"] = True
    else:
        spec["inout"] = True
    if found.context != "explicit":
        spec["context"] = found.context
    if found.comment is not None:
        spec["comment"] = found.comment
    return spec


def _reads_back(key: str, declaration: dict[str, Any]) -> bool:
    try:
        CastSpec.model_validate(declaration)
        DatabaseSpec.model_validate({"database": "d", "schemas": {"public": {}}, "casts": {key: declaration}})
    except ValidationError:
        return False
    return True


def exported(live: Database, left_out: list[str]) -> dict[str, Any]:
    """The database's casts by key; one whose names a state file cannot hold is noted in `left_out`."""
    declared: dict[str, Any] = {}
    for key, found in live.user_casts.items():
        declaration = cast_declaration(found)
        if _reads_back(key, declaration):
            declared[key] = declaration
        else:
            left_out.append(f"cast ({key}): a type or function name state files cannot hold")
    return declared
