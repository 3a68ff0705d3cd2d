"""What materialized statements carry: their place in the state file, and the state file's own SQL.

Shared by materialize.py and the materialize_<kind> modules that render each kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SourcePath = tuple[str | int, ...]


@dataclass(frozen=True)
class SourcedStatement:
    """A DDL statement and the place in the state file it comes from (for error messages)."""

    sql: str
    path: SourcePath
    parts: tuple[tuple[int, SourcePath], ...] = ()

    def path_at(self, position: int | None) -> SourcePath:
        """The most precise source path for a 1-based character position PostgreSQL reported."""
        best = self.path
        for start, path in self.parts:
            if position is not None and position > start:
                best = path
        return best


@dataclass
class Sources:
    """The state file's own SQL for objects that carry expressions, to create them from.

    PostgreSQL's deparsed text is not always a fixed point: `status IN ('a', 'b')`
    is stored as `((status)::text = ANY ((ARRAY['a'::varchar, ...])::text[]))`, and
    re-parsing that gives a different tree again. So changes are applied from the
    text the person wrote, and only compared in canonical form.

    Check constraints are unnamed in the state file; their names come from
    PostgreSQL, so they are recorded per table in creation order and matched
    to the materialized constraints by that order.
    """

    checks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    indexes: dict[tuple[str, str], str] = field(default_factory=dict)
    triggers: dict[tuple[str, str, str], str] = field(default_factory=dict)
    views: dict[tuple[str, str], str] = field(default_factory=dict)
    materialized_views: dict[tuple[str, str], str] = field(default_factory=dict)
    populated: dict[tuple[str, str], bool] = field(default_factory=dict)
    generated: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (schema, table, policy) -> the state file's USING and WITH CHECK expressions.
    policies: dict[tuple[str, str, str], tuple[str | None, str | None]] = field(default_factory=dict)
    # (schema, table or view, rule) -> the state file's condition and commands.
    rules: dict[tuple[str, str, str], tuple[str | None, list[str]]] = field(default_factory=dict)
    domain_checks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # (schema, enum) -> new label -> the label it is renamed from (`renamed_from:`).
    enum_renames: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    # (schema, function or procedure name) -> its SQL-standard body as the state file writes it.
    sql_bodies: dict[tuple[str, str], str] = field(default_factory=dict)
    # (schema, partition) -> the parent indexes whose partition index the state names (`index_names`).
    index_names: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # (schema, partition) -> the parent's NOT VALID checks whose copy it has validated (`validated_checks`).
    validated_checks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
