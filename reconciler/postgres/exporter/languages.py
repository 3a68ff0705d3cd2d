"""Procedural languages read back into the database's `languages:`, keyed by name."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reconciler.postgres.exporter.privileges import grants_value
from reconciler.postgres.model import Database, Language
from reconciler.postgres.spec.database import DatabaseSpec


def _declaration(language: Language) -> dict[str, Any]:
    declaration: dict[str, Any] = {"trusted": True} if language.trusted else {}
    declaration["handler"] = language.handler
    for field in ("inline", "validator", "comment", "owner"):
        if getattr(language, field) is not None:
            declaration[field] = getattr(language, field)
    if language.grants:
        declaration["grants"] = grants_value(language.grants)
    return declaration


def exported(live: Database, left_out: list[str]) -> dict[str, Any]:
    """The languages no extension owns, by name; one a state file cannot hold is noted in `left_out`."""
    declared: dict[str, Any] = {}
    for name, language in live.languages.items():
        declaration = _declaration(language)
        try:
            DatabaseSpec.model_validate({"database": "d", "schemas": {"public": {}}, "languages": {name: declaration}})
        except ValidationError:
            left_out.append(f"language {name}: a name or grants state files cannot hold")
            continue
        declared[name] = declaration
    return declared
