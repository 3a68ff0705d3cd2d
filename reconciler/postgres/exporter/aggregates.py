"""Aggregates read back into state-file declarations."""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.aggregates import argument_list
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.model import Aggregate
from reconciler.postgres.spec.common import QUALIFIED_NAME

_OPTIONAL = ("finalfunc", "combinefunc", "serialfunc", "deserialfunc", "initcond", "sortop")


def aggregate_declaration(aggregate: Aggregate) -> dict[str, Any] | None:
    """The aggregate's options that are not PostgreSQL's defaults; None when a function name will not read back."""
    names = [aggregate.sfunc, aggregate.finalfunc, aggregate.combinefunc, aggregate.serialfunc, aggregate.deserialfunc]
    if any(name is not None and not re.match(QUALIFIED_NAME, name) for name in names):
        return None
    spec: dict[str, Any] = {"arguments": argument_list(reparseable(aggregate.arguments)), "sfunc": aggregate.sfunc}
    spec["stype"] = aggregate.stype
    if aggregate.sspace:
        spec["sspace"] = aggregate.sspace
    for key in _OPTIONAL:
        value = getattr(aggregate, key)
        if value is not None:
            spec[key] = value
    if aggregate.finalfunc_extra:
        spec["finalfunc_extra"] = True
    if aggregate.finalfunc_modify != "read_only":
        spec["finalfunc_modify"] = aggregate.finalfunc_modify
    if aggregate.parallel != "unsafe":
        spec["parallel"] = aggregate.parallel
    if aggregate.comment is not None:
        spec["comment"] = aggregate.comment
    return spec
