"""Operators read back into state-file declarations, keyed by signature."""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.model import Operator
from reconciler.postgres.spec.common import QUALIFIED_NAME
from reconciler.postgres.spec.operators import parse_signature, split_reference


def signature_key(name: str, arguments: str) -> str:
    """An operator's key in `operators:`: `||+ (text, text)`, `!! (NONE, integer)`."""
    return f"{name} ({arguments})"


def _linked(reference: str | None, schema: str) -> str | None:
    """A commutator or negator: its name alone when it is in the operator's own schema."""
    if reference is None:
        return None
    own, name = split_reference(reference)
    return name if own == schema else reference


def operator_declaration(operator: Operator) -> tuple[str, dict[str, Any]] | None:
    """The operator's key and its options that are not PostgreSQL's defaults; None when it will not read back."""
    key = signature_key(operator.name, operator.arguments)
    functions = [operator.function, operator.restrict, operator.join]
    if any(name is not None and not re.match(QUALIFIED_NAME, name) for name in functions):
        return None
    try:
        parse_signature(key)
        spec: dict[str, Any] = {"function": operator.function}
        for field, reference in (("commutator", operator.commutator), ("negator", operator.negator)):
            linked = _linked(reference, operator.schema_name)
            if linked is not None:
                spec[field] = linked
    except FragmentError:
        return None
    for field in ("restrict", "join"):
        value = getattr(operator, field)
        if value is not None:
            spec[field] = value
    for flag in ("hashes", "merges"):
        if getattr(operator, flag):
            spec[flag] = True
    if operator.comment is not None:
        spec["comment"] = operator.comment
    return key, spec
