"""Collations read back into state-file declarations."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.model import Collation


def collation_declaration(collation: Collation) -> dict[str, Any]:
    """Provider, then `locale` (libc's lc_collate and lc_ctype when they are equal), determinism, comment."""
    spec: dict[str, Any] = {"provider": collation.provider}
    if collation.locale is not None:
        spec["locale"] = collation.locale
    elif collation.lc_collate == collation.lc_ctype:
        spec["locale"] = collation.lc_collate
    else:
        spec["lc_collate"] = collation.lc_collate
        spec["lc_ctype"] = collation.lc_ctype
    if not collation.deterministic:
        spec["deterministic"] = False
    if collation.comment is not None:
        spec["comment"] = collation.comment
    return spec
