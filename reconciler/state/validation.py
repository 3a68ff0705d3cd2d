"""Turn pydantic validation errors into located, human-readable state issues."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from reconciler.errors import StateError, StateIssue
from reconciler.state.yaml_source import SourceDocument

ModelT = TypeVar("ModelT", bound=BaseModel)


def _describe(error: dict[str, object]) -> str:
    kind = error.get("type")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; the README lists the allowed fields)"
    if kind == "missing":
        return "required field is missing"
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


def validate_document(model: type[ModelT], document: SourceDocument) -> ModelT:
    """Validate a parsed YAML document strictly; raise StateError with file, line and field."""
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        issues: list[StateIssue] = []
        for error in exc.errors():
            # pydantic adds union-member and function names to locations; keep the data path only.
            path = [p for p in error["loc"] if isinstance(p, int) or not str(p).startswith(("function-", "union["))]
            issues.append(document.source.issue(path, _describe(dict(error))))
        raise StateError(issues) from None
