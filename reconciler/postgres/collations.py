"""Collations: CREATE COLLATION from a state file's declaration and from the catalog model.

A collation is created before the tables and columns that use it (ddl.Phase.ENUM,
with the types) and dropped after them (ddl.Phase.DROP_ENUM); pg_depend orders
it against the very columns that use it (dependencies.sql). Every value is
placed as a string literal, so no text of the state file reaches SQL otherwise.
"""

from __future__ import annotations

import re

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import split_qualified
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Collation
from reconciler.postgres.spec.common import QUALIFIED_NAME, CollationName, QualifiedCollation
from reconciler.postgres.spec.types import CollationSpec


def _options(
    provider: str, locale: str | None, lc_collate: str | None, lc_ctype: str | None, deterministic: bool
) -> str:
    options = [f"provider = {provider}"]
    if locale is not None:
        options.append(f"locale = {quote_literal(locale)}")
    else:
        options += [f"lc_collate = {quote_literal(lc_collate or '')}", f"lc_ctype = {quote_literal(lc_ctype or '')}"]
    options.append(f"deterministic = {'true' if deterministic else 'false'}")
    return ", ".join(options)


def collation_sql(qualified: str, spec: CollationSpec) -> str:
    """CREATE COLLATION as the state file declares it (materialize)."""
    options = _options(spec.provider, spec.locale, spec.lc_collate, spec.lc_ctype, spec.deterministic)
    return f"CREATE COLLATION {qualified} ({options})"


def collation_reference(name: CollationName) -> str:
    """A column's, domain's, attribute's or range's collation as the state file names it, as COLLATE takes it."""
    if isinstance(name, QualifiedCollation):
        return qualify(name.schema_, name.name)
    return quote_ident(name)


def collation_name_sql(model: str) -> str:
    """A collation as the model holds it (regcollation's text, `ci`, `"C"`, `app.ci`) for COLLATE: as it is when it
    is a (qualified) name, as the catalog prints one; anything else (a tampered cache entry) quoted as one name."""
    return model if re.match(QUALIFIED_NAME, model) else quote_ident(model)


def declared_collation(sql: str) -> str | dict[str, str]:
    """A collation as the model holds it (regcollation's text) as a state file names it (export)."""
    parts = split_qualified(sql)
    return parts[0] if len(parts) == 1 else {"schema": parts[0], "name": parts[1]}


def target(collation: Collation) -> str:
    return f"COLLATION {qualify(collation.schema_name, collation.name)}"


def create_collation(collation: Collation) -> list[Statement]:
    options = _options(
        collation.provider, collation.locale, collation.lc_collate, collation.lc_ctype, collation.deterministic
    )
    sql = f"CREATE COLLATION {qualify(collation.schema_name, collation.name)} ({options})"
    return [ddl.stmt(sql, ddl.Phase.ENUM), *ddl.comment_if_any(target(collation), collation.comment)]


def drop_collation(collation: Collation) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(collation)}", ddl.Phase.DROP_ENUM)]
