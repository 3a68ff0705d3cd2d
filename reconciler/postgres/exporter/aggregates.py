"""Aggregates read back into state-file declarations."""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.aggregates import argument_list, default_modify
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.model import Aggregate
from reconciler.postgres.spec.common import QUALIFIED_NAME

# The declaration's fields in the order AggregateSpec lists them; each is written unless it holds the default.
_FIELDS = (
    "sfunc",
    "stype",
    "sspace",
    "finalfunc",
    "finalfunc_extra",
    "finalfunc_modify",
    "combinefunc",
    "serialfunc",
    "deserialfunc",
    "initcond",
    "msfunc",
    "minvfunc",
    "mstype",
    "msspace",
    "mfinalfunc",
    "mfinalfunc_extra",
    "mfinalfunc_modify",
    "minitcond",
    "sortop",
    "parallel",
    "comment",
)
_FUNCTIONS = ("sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc")


def aggregate_declaration(aggregate: Aggregate) -> dict[str, Any] | None:
    """The aggregate's options that are not PostgreSQL's defaults; None when a function name will not read back."""
    names = [getattr(aggregate, key) for key in _FUNCTIONS]
    if any(name is not None and not re.match(QUALIFIED_NAME, name) for name in names):
        return None
    spec: dict[str, Any] = {"arguments": argument_list(reparseable(aggregate.arguments))}
    if aggregate.kind == "hypothetical":
        spec["hypothetical"] = True
    modify = default_modify(aggregate.kind)
    defaults = {"finalfunc_modify": modify, "mfinalfunc_modify": modify, "parallel": "unsafe"}
    for key in _FIELDS:
        value = getattr(aggregate, key)
        if key in ("sfunc", "stype") or value not in (None, False, 0, defaults.get(key)):
            spec[key] = value
    return spec
