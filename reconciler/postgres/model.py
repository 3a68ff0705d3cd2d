"""The PostgreSQL model in catalog form: what the inspector reads.

Both sides of a diff are this type. The live side comes from the target
database; the desired side comes from materializing the state file in a
throwaway schema and inspecting it with the same inspector, so every value
is in PostgreSQL's own canonical spelling (`character varying(255)`,
`nextval('users_id_seq'::regclass)`, `CHECK ((price > (0)::numeric))`) and
plain equality is a correct comparison.

Objects are keyed by their schema-qualified name (`public.users`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ConstraintKind = Literal["primary_key", "unique", "check", "foreign_key", "exclude"]


class Node(BaseModel):
    """Base of every model object. Equality ignores `source` fields (excluded from dumps)."""

    model_config = ConfigDict(extra="forbid")

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        assert isinstance(other, BaseModel)
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]


def _source() -> Any:
    return Field(
        default=None,
        exclude=True,
        description="The state file's own SQL to create this from; never compared (see materialize.Sources).",
    )


class SequenceOptions(Node):
    """What CREATE SEQUENCE sets, for a standalone sequence and for an identity column's own sequence."""

    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int = 1
    max_value: int = 9223372036854775807
    cache: int = 1
    cycle: bool = False


class Column(Node):
    name: str
    type: str
    not_null: bool = False
    default: str | None = Field(default=None, description="pg_get_expr of the default; None for generated columns.")
    identity: Literal["always", "by default"] | None = None
    identity_options: SequenceOptions | None = Field(
        default=None, description="The options of an identity column's sequence (its data_type follows the column)."
    )
    identity_sequence: str | None = Field(
        default=None,
        exclude=True,
        description="The identity sequence's name: orders a serial's sequence around it; never compared.",
    )
    generated: str | None = Field(
        default=None, description="The expression of a GENERATED ALWAYS AS (...) STORED column (pg_get_expr)."
    )
    generated_source: str | None = _source()
    comment: str | None = None

    @classmethod
    def from_catalog(cls, row: Mapping[str, Any], text: Callable[[str], str]) -> Column:
        """A row of queries/columns.sql; `text` maps throwaway schema names in SQL text to logical ones."""
        expression = None if row["default"] is None else text(row["default"])
        generated = row["generated"] == "s"
        identity = _IDENTITY.get(row["identity"] or "")
        options = None
        if identity and row["seq_data_type"] is not None:
            options = SequenceOptions(
                data_type=row["seq_data_type"],
                start=row["seq_start"],
                increment=row["seq_increment"],
                min_value=row["seq_min_value"],
                max_value=row["seq_max_value"],
                cache=row["seq_cache"],
                cycle=row["seq_cycle"],
            )
        return cls(
            name=row["name"],
            type=text(row["type"]),
            not_null=row["not_null"],
            default=None if generated else expression,
            identity=identity,
            identity_options=options,
            identity_sequence=row["identity_sequence"],
            generated=expression if generated else None,
            comment=row["comment"],
        )


_IDENTITY: dict[str, Literal["always", "by default"]] = {"a": "always", "d": "by default"}


class Constraint(Node):
    name: str
    kind: ConstraintKind
    definition: str = Field(description="pg_get_constraintdef, e.g. 'UNIQUE (email)'.")
    columns: list[str] = Field(default_factory=list)
    source: str | None = _source()


class Index(Node):
    """A stand-alone index (indexes that back a constraint belong to the constraint)."""

    name: str
    unique: bool = False
    using: str = Field(description="The part of pg_get_indexdef after USING: 'btree (a, b DESC) WHERE ...'.")
    source: str | None = _source()


class Trigger(Node):
    name: str
    timing_events: str = Field(description="For example 'BEFORE UPDATE'.")
    body: str = Field(description="What follows the table: 'FOR EACH ROW EXECUTE FUNCTION f()'.")
    source: str | None = _source()


class Table(Node):
    schema_name: str
    name: str
    columns: dict[str, Column] = Field(default_factory=dict)
    constraints: dict[str, Constraint] = Field(default_factory=dict)
    indexes: dict[str, Index] = Field(default_factory=dict)
    triggers: dict[str, Trigger] = Field(default_factory=dict)
    comment: str | None = None

    def members(self) -> Iterator[tuple[str, str, Column | Constraint | Index | Trigger]]:
        """(kind, name, object) of every column, constraint, index and trigger, kinds in that order."""
        for kind, members in (
            ("column", self.columns),
            ("constraint", self.constraints),
            ("index", self.indexes),
            ("trigger", self.triggers),
        ):
            for name, member in members.items():
                yield kind, name, member


class Sequence(SequenceOptions):
    schema_name: str
    name: str
    owned_by: str | None = Field(default=None, description="'table.column' when a column owns it (serial, owned_by).")


class Enum(Node):
    schema_name: str
    name: str
    labels: list[str]


class Function(Node):
    schema_name: str
    name: str
    identity_arguments: str = ""
    signature: str = Field(
        default="", description="The input argument types alone: what PostgreSQL tells functions apart by."
    )
    arguments: str = ""
    returns: str
    language: str
    body: str
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    security_definer: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    leakproof: bool = False
    cost: float = Field(default=100.0, description="procost: estimated cost per call, in cpu_operator_cost units.")
    rows: float = Field(default=0.0, description="prorows: estimated rows of a set-returning function (0 otherwise).")
    settings: dict[str, str] = Field(
        default_factory=dict,
        description="proconfig: each SET clause, parameter -> value as PostgreSQL stores it ('pg_catalog, public').",
    )

    @property
    def returns_set(self) -> bool:
        """True for SETOF and TABLE functions, the only ones ROWS applies to."""
        return self.returns.startswith(("SETOF ", "TABLE("))


class View(Node):
    schema_name: str
    name: str
    definition: str
    comment: str | None = None
    options: dict[str, str] = Field(
        default_factory=dict, description="reloptions: security_barrier, security_invoker, check_option -> value."
    )
    triggers: dict[str, Trigger] = Field(default_factory=dict, description="INSTEAD OF (and statement) triggers.")
    source: str | None = _source()


class MaterializedView(Node):
    schema_name: str
    name: str
    definition: str = Field(description="pg_get_viewdef of the materialized view.")
    with_data: bool = True
    indexes: dict[str, Index] = Field(default_factory=dict)
    storage: dict[str, str] = Field(default_factory=dict, description="reloptions: storage parameter -> value.")
    comment: str | None = None
    source: str | None = _source()


class Extension(Node):
    name: str
    schema_name: str


UndeclarableEffect = Literal["report", "keep", "freeze", "exclude"]


class Undeclarable(Node):
    """Something in a managed schema that state files cannot declare (queries/undeclarable.sql).

    It is reported by export and plan, and never dropped or redefined because
    the file does not mention it. `protects` is the graph id
    (dependencies.object_id) of the model object it keeps, and `effect` how:
    `report` (not in the model), `keep` (export declares it; never dropped for
    its absence), `freeze` (declared; never dropped or redefined), `exclude`
    (export leaves it out; never dropped, and declaring it is blocked).
    """

    kind: str = Field(description="What it is, singular: 'partition', 'policy', 'grant'.")
    name: str = Field(
        description="The object, schema-qualified: 'public.events_2024', 'public.users: tenant_isolation'."
    )
    detail: str | None = Field(default=None, description="What exactly: a partition bound, a privilege list.")
    protects: str | None = None
    effect: UndeclarableEffect = "report"
    table: str | None = Field(
        default=None, description="Graph id of the table it is part of (a policy, a constraint): that table is kept."
    )


class Database(Node):
    """One database's managed content: the declared schemas and the extensions."""

    name: str
    exists: bool = True
    schemas: list[str] = Field(default_factory=list)
    extensions: dict[str, Extension] = Field(default_factory=dict)
    enums: dict[str, Enum] = Field(default_factory=dict)
    sequences: dict[str, Sequence] = Field(default_factory=dict)
    functions: dict[str, Function] = Field(default_factory=dict)
    tables: dict[str, Table] = Field(default_factory=dict)
    views: dict[str, View] = Field(default_factory=dict)
    materialized_views: dict[str, MaterializedView] = Field(default_factory=dict)
    undeclarable: list[Undeclarable] = Field(
        default_factory=list,
        exclude=True,
        description="What the managed schemas hold that state files cannot declare; reported and left alone, "
        "never compared.",
    )
    dependencies: dict[str, list[str]] = Field(
        default_factory=dict,
        exclude=True,
        description="Object id -> ids of the objects it needs, from pg_depend (dependencies.object_id); "
        "orders statements, never compared.",
    )


def function_key(schema: str, name: str, identity_arguments: str) -> str:
    """Functions are keyed by signature, since PostgreSQL allows overloads."""
    return f"{schema}.{name}({identity_arguments})"
