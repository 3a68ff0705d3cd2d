"""A state file's domains, composite types and range types rendered as CREATE statements.

Pure rendering for materialize.py, which creates them in throwaway schemas.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres.collations import collation_reference
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath, Sources
from reconciler.postgres.materialize_tables import check_clause, literal_default, name_clause
from reconciler.postgres.spec.database import SchemaSpec
from reconciler.postgres.spec.types import CompositeTypeSpec, DomainSpec, RangeSpec


def domain_statements(qualified: str, domain: DomainSpec, path: SourcePath) -> tuple[list[SourcedStatement], list[str]]:
    """CREATE DOMAIN as declared, then its NOT VALID checks and check comments; and its check clauses in the
    order PostgreSQL creates (and names) them: the valid ones inline, the rest as they are added."""
    sql = f"CREATE DOMAIN {qualified} AS {domain.type}"
    parts: list[tuple[int, SourcePath]] = []
    if domain.collation is not None:
        parts.append((len(sql), (*path, "collation")))
        sql += f" COLLATE {collation_reference(domain.collation)}"
    if domain.default is not None:
        parts.append((len(sql), (*path, "default")))
        sql += f" DEFAULT {literal_default(domain.default)}"
    if not domain.nullable:
        sql += " NOT NULL"
    clauses = []
    for i, check in enumerate(domain.checks):
        if check.valid:
            parts.append((len(sql), (*path, "checks", i)))
            clauses.append(check_clause(check.expression))
            sql += f" {name_clause(check.name)}{clauses[-1]}"
    statements = [SourcedStatement(sql, path, tuple(parts))]
    for i, check in enumerate(domain.checks):
        if not check.valid:
            clauses.append(check_clause(check.expression))
            add = f"ALTER DOMAIN {qualified} ADD {name_clause(check.name)}{clauses[-1]} NOT VALID"
            statements.append(SourcedStatement(add, (*path, "checks", i)))
    for i, check in enumerate(domain.checks):
        if check.comment is not None and check.name is not None:
            target = f"CONSTRAINT {quote_ident(check.name)} ON DOMAIN {qualified}"
            statements.append(
                SourcedStatement(f"COMMENT ON {target} IS {quote_literal(check.comment)}", (*path, "checks", i))
            )
    return statements, clauses


def composite_statement(qualified: str, composite: CompositeTypeSpec, path: SourcePath) -> SourcedStatement:
    lines = []
    for name, attribute in composite.attributes.items():
        collate = f" COLLATE {collation_reference(attribute.collation)}" if attribute.collation is not None else ""
        lines.append(f"{quote_ident(name)} {attribute.type}{collate}")
    return SourcedStatement(f"CREATE TYPE {qualified} AS ({', '.join(lines)})", (*path, "attributes"))


def range_statement(physical: str, name: str, rng: RangeSpec, path: SourcePath) -> SourcedStatement:
    options = [f"SUBTYPE = {rng.subtype}"]
    for key, value in (
        ("SUBTYPE_OPCLASS", rng.subtype_opclass),
        ("COLLATION", None if rng.collation is None else collation_reference(rng.collation)),
        ("CANONICAL", rng.canonical),
        ("SUBTYPE_DIFF", rng.subtype_diff),
        ("MULTIRANGE_TYPE_NAME", None if rng.multirange is None else qualify(physical, rng.multirange)),
    ):
        if value is not None:
            options.append(f"{key} = {value}")
    return SourcedStatement(f"CREATE TYPE {qualify(physical, name)} AS RANGE ({', '.join(options)})", path)


def type_statements(schema: SchemaSpec, logical: str, physical: str, sources: Sources) -> Iterator[SourcedStatement]:
    """Domains, composite types, range types and shell types of one schema, with their comments.

    They may use one another in any order: normalize retries what needs a type created later.
    """
    for name, domain in schema.domains.items():
        path: SourcePath = ("schemas", logical, "domains", name)
        statements, sources.domain_checks[(logical, name)] = domain_statements(qualify(physical, name), domain, path)
        yield from statements
        if domain.comment is not None:
            yield SourcedStatement(
                f"COMMENT ON DOMAIN {qualify(physical, name)} IS {quote_literal(domain.comment)}", path
            )
    for name, composite in schema.composite_types.items():
        path = ("schemas", logical, "composite_types", name)
        yield composite_statement(qualify(physical, name), composite, path)
        if composite.comment is not None:
            yield SourcedStatement(
                f"COMMENT ON TYPE {qualify(physical, name)} IS {quote_literal(composite.comment)}", path
            )
        for attribute_name, attribute in composite.attributes.items():
            if attribute.comment is not None:
                target = f"{qualify(physical, name)}.{quote_ident(attribute_name)}"
                sql = f"COMMENT ON COLUMN {target} IS {quote_literal(attribute.comment)}"
                yield SourcedStatement(sql, (*path, "attributes", attribute_name, "comment"))
    for name, rng in schema.ranges.items():
        path = ("schemas", logical, "ranges", name)
        yield range_statement(physical, name, rng, path)
        if rng.comment is not None:
            yield SourcedStatement(f"COMMENT ON TYPE {qualify(physical, name)} IS {quote_literal(rng.comment)}", path)
    for name, shell in schema.shell_types.items():
        path = ("schemas", logical, "shell_types", name)
        yield SourcedStatement(f"CREATE TYPE {qualify(physical, name)}", path)
        if shell.comment is not None:
            yield SourcedStatement(f"COMMENT ON TYPE {qualify(physical, name)} IS {quote_literal(shell.comment)}", path)
