"""Tables as a person declares them: columns, indexes, triggers, parents, statistics; and sequences.

Their constraints (keys, checks, foreign keys, exclusions) are spec/constraints.py's.
"""

import re
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.firing import Enabled
from reconciler.postgres.spec.access import Grants, PolicySpec, RowLevelSecuritySpec
from reconciler.postgres.spec.access_methods import RelationAccessMethod
from reconciler.postgres.spec.common import (
    QUALIFIED_NAME,
    CollationName,
    Identifier,
    Owner,
    StorageParameter,
    StorageValue,
    Strict,
)
from reconciler.postgres.spec.constraints import CheckSpec, ExclusionSpec, ForeignKeySpec, NamedColumns, Reference
from reconciler.postgres.spec.foreign_data import ForeignTableSpec, Options
from reconciler.postgres.spec.rules import RuleSpec
from reconciler.state.jsonschema import any_case, shorthand

_PARENT = re.compile(r"^\s*(?:(?P<schema>[^.()\s]+)\.)?(?P<table>[^.()\s]+)\s*$")


class SequenceOptionsSpec(Strict):
    """Options of a sequence; left out, each is PostgreSQL's default (which depends on type and direction)."""

    start: int | None = None
    increment: int = Field(default=1, json_schema_extra={"not": {"const": 0}})
    min_value: int | None = None
    max_value: int | None = None
    cache: int = Field(default=1, ge=1)
    cycle: bool = False

    @field_validator("increment")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("increment must not be zero")
        return value


class IdentitySpec(SequenceOptionsSpec):
    """An identity column: `always` or `by default`, alone or with the options of its sequence.

    The sequence's type is the column's, so there is no `type` here.
    """

    model_config = ConfigDict(
        json_schema_extra=shorthand(any_case("always", "by default")),
    )

    generation: Literal["always", "by default"] = Field(json_schema_extra=any_case("always", "by default"))
    sequence_name: Identifier | None = Field(
        default=None,
        description="The identity sequence's name (SEQUENCE NAME), in the table's schema; renamed in place when it "
        "changes. Left out: the name PostgreSQL chooses, <table>_<column>_seq (or seq1, seq2... when that was taken).",
    )
    unlogged: bool | None = Field(
        default=None,
        description="The identity sequence's persistence where it is not its table's (ALTER SEQUENCE ... SET "
        "UNLOGGED / SET LOGGED). Left out: the table's, which ALTER TABLE ... SET LOGGED / UNLOGGED carries along.",
    )
    comment: str | None = Field(
        default=None, description="The identity sequence's comment (COMMENT ON SEQUENCE). Left out: none."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"generation": value} if isinstance(value, str) else value

    @field_validator("generation", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


ColumnOption = Literal["n_distinct", "n_distinct_inherited"]


class ColumnSpec(Strict):
    """A column. A bare string is shorthand for `{type: ...}`."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The column type."}))

    type: str = Field(min_length=1)
    renamed_from: Identifier | None = Field(
        default=None,
        description="The column's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    nullable: bool = True
    default: str | int | float | bool | None = None
    identity: IdentitySpec | None = None
    generated: str | None = Field(
        default=None,
        min_length=1,
        description="An expression over the row's other columns: GENERATED ALWAYS AS (...) STORED.",
    )
    primary_key: bool = False
    unique: bool = False
    check: str | None = None
    references: Reference | None = None
    comment: str | None = None
    collation: CollationName | None = Field(
        default=None,
        description="A collation other than the type's: COLLATE. A name found on the search path, or "
        "{schema, name} where another of its name comes first.",
    )
    storage: Literal["plain", "external", "extended", "main"] | None = Field(
        default=None, description="SET STORAGE, where not the type's own (how TOAST stores long values)."
    )
    compression: Literal["pglz", "lz4"] | None = Field(
        default=None,
        description="SET COMPRESSION: how TOAST compresses this column's long values from now on (values stored "
        "before keep theirs). Left out: the server's default_toast_compression.",
    )
    statistics: int | None = Field(
        default=None, ge=0, le=10000, description="SET STATISTICS: ANALYZE's sample target for this column."
    )
    options: dict[ColumnOption, int | float] = Field(
        default_factory=dict, description="SET (n_distinct = ..., n_distinct_inherited = ...): planner estimates."
    )
    grants: Grants = Field(default_factory=dict, description="Column privileges: GRANT ... (column) ON the table.")
    foreign_options: Options = Field(
        default_factory=dict, description="A foreign table's column options: ALTER COLUMN ... OPTIONS (name 'value')."
    )
    using: str | None = Field(
        default=None,
        min_length=1,
        description="When the type changes: the expression that converts the old values, "
        "ALTER COLUMN ... TYPE ... USING <expression>; ignored while the type already matches.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> "ColumnSpec":
        if self.identity and self.default is not None:
            raise ValueError("a column cannot have both identity and default")
        if self.generated is not None and self.default is not None:
            raise ValueError("a column cannot have both generated and default")
        if self.generated is not None and self.identity:
            raise ValueError("a column cannot be both generated and identity")
        return self


class IndexSpec(Strict):
    """An index. `columns` holds column names or expressions, with optional DESC / NULLS / opclass (parameters).

    A bare list is shorthand for `{columns: [...]}` (a plain btree index).
    """

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": {"type": "string"}}))

    columns: list[str] = Field(min_length=1)
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: list[Identifier] = Field(default_factory=empty_list)
    nulls_not_distinct: bool = False
    with_: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, alias="with", description="Storage parameters: WITH (fillfactor = 70)."
    )
    statistics: dict[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=0, le=10000)]] = Field(
        default_factory=dict,
        description="Statistics targets of expression columns, by their position in `columns` (from 1): "
        "ALTER INDEX ... ALTER COLUMN 1 SET STATISTICS 1000. Left out: default_statistics_target.",
    )
    comment: str | None = None
    renamed_from: Identifier | None = Field(
        default=None,
        description="The index's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    only: bool = Field(
        default=False,
        description="On a partitioned table: CREATE INDEX ... ON ONLY, so a partition has an index for it only "
        "where its partition_of.index_names names one (attached); the index is valid once every partition has.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value


class TriggerSpec(Strict):
    """A trigger that runs a declared function."""

    timing: Literal["before", "after", "instead of"] = Field(
        json_schema_extra=any_case("before", "after", "instead of")
    )
    events: list[Literal["insert", "update", "delete", "truncate"]] = Field(
        min_length=1, json_schema_extra={"items": any_case("insert", "update", "delete", "truncate")}
    )
    update_of: list[Identifier] = Field(default_factory=empty_list)
    for_each: Literal["row", "statement"] = Field(default="row", json_schema_extra=any_case("row", "statement"))
    when: str | None = None
    function: Identifier
    function_schema: Identifier | None = Field(
        default=None, description="The declared schema that holds `function`, when it is not the table's own."
    )
    arguments: list[str] = Field(default_factory=empty_list)
    constraint: bool = Field(default=False, description="CREATE CONSTRAINT TRIGGER (after, for each row).")
    from_table: str | None = Field(
        default=None,
        pattern=QUALIFIED_NAME,
        description="A constraint trigger's referenced table, `table` or `schema.table`: FROM <table> (as foreign "
        "keys' internal triggers name the other side).",
    )
    deferrable: bool = False
    initially_deferred: bool = False
    old_table: Identifier | None = Field(default=None, description="REFERENCING OLD TABLE AS <name>.")
    new_table: Identifier | None = Field(default=None, description="REFERENCING NEW TABLE AS <name>.")
    enabled: Enabled = Field(
        default=True,
        description="true: fires as usual (ENABLE); false: never (DISABLE); replica: only when "
        "session_replication_role is replica; always: whatever that role is. Tables only.",
    )
    comment: str | None = None

    @field_validator("timing", "for_each", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _from_needs_constraint(self) -> "TriggerSpec":
        if self.from_table is not None and not self.constraint:
            raise ValueError("from_table is for constraint triggers: set constraint: true")
        return self

    @field_validator("events", mode="before")
    @classmethod
    def _lower_events(cls, value: object) -> object:
        return [v.lower() if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


class ParentSpec(Strict):
    """A table another names as its parent: `events`, `archive.events`, or this mapping."""

    model_config = ConfigDict(
        json_schema_extra=shorthand({"type": "string", "description": "table or schema.table"}),
    )

    table: Identifier
    schema_: Identifier | None = Field(default=None, alias="schema")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        if isinstance(value, str):
            match = _PARENT.match(value)
            if not match:
                raise ValueError(f"cannot read table {value!r}; write it as table or schema.table")
            return {"table": match["table"], "schema": match["schema"]}
        return value


class PartitionOfSpec(ParentSpec):
    """The partitioned table a partition belongs to, and its bound as written after the table name."""

    model_config = ConfigDict(json_schema_extra=None)

    bounds: str = Field(
        min_length=1,
        description="DEFAULT, FOR VALUES IN (...), FOR VALUES FROM (...) TO (...), FOR VALUES WITH (MODULUS m, "
        "REMAINDER r)",
    )
    not_null: list[Identifier] = Field(
        default_factory=empty_list,
        description="Columns NOT NULL in this partition only (the parent's are nullable): PARTITION OF t (c NOT NULL).",
    )
    index_names: dict[Identifier, Identifier] = Field(
        default_factory=dict,
        description="The names of this partition's indexes for its parent's indexes and keys, by the parent "
        "index's name, where PostgreSQL's own choice (<partition>_<columns>_idx, _key, _pkey) is not wanted. "
        "The partition's index of that name is attached to the parent's (ALTER INDEX ... ATTACH PARTITION).",
    )
    validated_checks: list[Identifier] = Field(
        default_factory=empty_list,
        description="The parent's NOT VALID checks (named, valid: false) whose copy in this partition is validated "
        "(ALTER TABLE <partition> VALIDATE CONSTRAINT), as a partition created after the check has it. A copy "
        "validated stays so: one left out is not made NOT VALID again.",
    )
    trigger_enabled: dict[Identifier, Enabled] = Field(
        default_factory=dict,
        description="When this partition's clones of its parent's row triggers fire, where not as the parent's do: "
        "trigger name -> true, false, replica or always (ALTER TABLE <partition> ENABLE / DISABLE TRIGGER).",
    )


StatisticsKind = Literal["ndistinct", "dependencies", "mcv"]
ALL_STATISTICS_KINDS: list[StatisticsKind] = ["ndistinct", "dependencies", "mcv"]


class StatisticsSpec(Strict):
    """An extended statistics object (CREATE STATISTICS) over columns or expressions of its table or
    materialized view, kept in that relation's schema unless `schema` names another of the file's schemas.

    A bare list is shorthand for `{columns: [...]}`.
    """

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": {"type": "string"}}))

    kinds: list[StatisticsKind] = Field(
        default_factory=lambda: list(ALL_STATISTICS_KINDS),
        min_length=1,
        description="What ANALYZE gathers: ndistinct, dependencies, mcv (left out: all three).",
    )
    columns: list[str] = Field(
        min_length=1, description="Column names or expressions: [a, b], [a, 'lower(c)'] (one alone: an expression)."
    )
    target: int | None = Field(
        default=None, ge=0, le=10000, description="ALTER STATISTICS ... SET STATISTICS: ANALYZE's sample target."
    )
    schema_: Identifier | None = Field(
        default=None,
        alias="schema",
        description="The schema the object is kept in (CREATE STATISTICS other.s ON ...), a schema this file "
        "declares; left out: its relation's. A new one moves it (ALTER STATISTICS ... SET SCHEMA).",
    )
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value


class InheritedColumnSpec(Strict):
    """What a partition or inheritance child sets, for itself only, on a column it takes from its parent.

    PostgreSQL keeps such a column the parent's (it follows the parent's type changes and drops); only
    these settings are the table's own: `ALTER TABLE ONLY <table> ALTER COLUMN ... SET DEFAULT`, `SET NOT
    NULL`, `COMMENT ON COLUMN`. A default left out is the parent's.
    """

    default: str | int | float | bool | None = Field(
        default=None, description="This table's own default, where it differs from the parent's."
    )
    not_null: bool = Field(
        default=False,
        description="NOT NULL in this inheritance child only (a partition's goes in partition_of.not_null).",
    )
    comment: str | None = None


class TableSpec(Strict):
    """A table: columns in order, then table-level constraints, indexes, triggers and row level security.

    A partition (`partition_of`) takes its columns from its parent, and an inheritance child (`inherits`)
    takes its parents' columns in addition to its own.
    """

    renamed_from: Identifier | None = Field(
        default=None,
        description="The table's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    comment: str | None = None
    owner: Owner = None
    partition_by: str | None = Field(
        default=None, min_length=1, description="Makes this a partitioned table: RANGE (a), LIST (expr), HASH (a, b)."
    )
    partition_of: PartitionOfSpec | None = None
    inherits: list[ParentSpec] = Field(default_factory=empty_list)
    of_type: str | None = Field(
        default=None,
        pattern=QUALIFIED_NAME,
        description="Makes this a typed table (CREATE TABLE ... OF type): its columns are the composite type's "
        "attributes, and follow the type's changes; set their defaults, NOT NULL and comments under "
        "inherited_columns.",
    )
    inherited_columns: dict[Identifier, InheritedColumnSpec] = Field(
        default_factory=dict,
        description="Settings of a partition or inheritance child on columns it takes from its parent, by column.",
    )
    foreign: ForeignTableSpec | None = Field(
        default=None,
        description="Makes this a foreign table (CREATE FOREIGN TABLE ... SERVER ... OPTIONS): its server and options. "
        "A foreign table holds no keys, indexes, exclusion constraints, storage options, policies or rules.",
    )
    # May be empty (`columns: {}`): PostgreSQL allows a table without columns, and tests of schema tools use them.
    columns: dict[Identifier, ColumnSpec] = Field(default_factory=dict)
    primary_key: NamedColumns | None = None
    unique: list[NamedColumns] = Field(default_factory=empty_list)
    checks: list[CheckSpec] = Field(default_factory=empty_list)
    foreign_keys: list[ForeignKeySpec] = Field(default_factory=empty_list)
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    triggers: dict[Identifier, TriggerSpec] = Field(default_factory=dict)
    exclude: list[ExclusionSpec] = Field(default_factory=empty_list)
    statistics: dict[Identifier, StatisticsSpec] = Field(
        default_factory=dict, description="Extended statistics objects on the table, by name (CREATE STATISTICS)."
    )
    options: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, description="Storage parameters: fillfactor, autovacuum_*, toast.*."
    )
    unlogged: bool = False
    access_method: RelationAccessMethod = None
    replica_identity: str = Field(
        default="default",
        pattern=r"^(default|full|nothing|index \S.*)$",
        description="default, full, nothing, or `index <name>` (a unique index or key of the table).",
    )
    cluster_on: Identifier | None = Field(
        default=None, description="The index (or key) CLUSTER orders the table by: ALTER TABLE ... CLUSTER ON."
    )

    @property
    def replica_identity_index(self) -> str | None:
        """The index named by `replica_identity: index <name>`."""
        return self.replica_identity[len("index ") :] if self.replica_identity.startswith("index ") else None

    def table_keys(self) -> list[tuple[str, NamedColumns, tuple[str | int, ...]]]:
        """The table-level keys, primary key first: `PRIMARY KEY` or `UNIQUE`, the key, its place in the table."""
        keys: list[tuple[str, NamedColumns, tuple[str | int, ...]]] = [
            ("UNIQUE", unique, ("unique", i)) for i, unique in enumerate(self.unique)
        ]
        if self.primary_key is not None:
            keys.insert(0, ("PRIMARY KEY", self.primary_key, ("primary_key",)))
        return keys

    grants: Grants = Field(default_factory=dict)
    row_level_security: RowLevelSecuritySpec | None = None
    policies: dict[Identifier, PolicySpec] = Field(default_factory=dict)
    rules: dict[Identifier, RuleSpec] = Field(
        default_factory=dict, description="Rewrite rules (CREATE RULE ... ON INSERT / UPDATE / DELETE TO the table)."
    )

    @model_validator(mode="after")
    def _columns_or_parent(self) -> "TableSpec":
        if self.partition_of is not None and self.columns:
            raise ValueError("a partition's columns come from the table it is a partition of: leave out columns")
        if self.partition_of is not None and self.inherits:
            raise ValueError("a partition cannot also inherit from other tables")
        if self.of_type is not None and (self.columns or self.partition_of is not None or self.inherits):
            raise ValueError("a typed table's columns come from its type: leave out columns, partition_of, inherits")
        if self.inherited_columns and self.partition_of is None and not self.inherits and self.of_type is None:
            raise ValueError(
                "inherited_columns are for a partition, an inheritance child or a typed table: it has no parent"
            )
        if own := sorted(set(self.inherited_columns) & set(self.columns)):
            raise ValueError(f"{', '.join(own)}: declared under columns, so the table's own, not inherited")
        if self.partition_of is not None and any(c.not_null for c in self.inherited_columns.values()):
            raise ValueError("a partition's own NOT NULL columns go in partition_of.not_null")
        if self.partition_by is not None and self.access_method is not None:
            raise ValueError("PostgreSQL 15 keeps no access method on a partitioned table: declare it on partitions")
        self._foreign_fits()
        return self

    def _foreign_fits(self) -> None:
        """A foreign table takes only what CREATE FOREIGN TABLE does; column options only a foreign table."""
        if self.foreign is None:
            if any(column.foreign_options for column in self.columns.values()):
                raise ValueError(
                    "foreign_options are a foreign table's: declare foreign (its server) or leave them out"
                )
            return
        refused = {
            "primary_key": self.primary_key is not None,
            "unique": bool(self.unique),
            "foreign_keys": bool(self.foreign_keys),
            "indexes": bool(self.indexes),
            "exclude": bool(self.exclude),
            "options": bool(self.options),
            "unlogged": self.unlogged,
            "access_method": self.access_method is not None,
            "replica_identity": self.replica_identity != "default",
            "cluster_on": self.cluster_on is not None,
            "row_level_security": self.row_level_security is not None,
            "policies": bool(self.policies),
            "rules": bool(self.rules),
            "partition_by": self.partition_by is not None,
        }
        for name, column in self.columns.items():
            refused[f"columns.{name}: primary_key, unique or references"] = bool(
                column.primary_key or column.unique or column.references
            )
        found = [field for field, present in refused.items() if present]
        if found:
            raise ValueError(f"a foreign table cannot have {', '.join(found)} (PostgreSQL refuses them)")


class SequenceSpec(SequenceOptionsSpec):
    """A standalone sequence (serial and identity columns create their own).

    `owned_by: table.column` ties it to a column of a table in the same schema:
    dropping the column drops the sequence.
    """

    type: Literal["smallint", "integer", "bigint"] = "bigint"
    owned_by: str | None = Field(default=None, min_length=3, description="table.column, in the sequence's schema.")
    unlogged: bool = Field(default=False, description="CREATE UNLOGGED SEQUENCE: not WAL-logged, not replicated.")
    renamed_from: Identifier | None = Field(
        default=None,
        description="The sequence's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    grants: Grants = Field(default_factory=dict)
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="after")
    def _owner_follows_column(self) -> "SequenceSpec":
        if self.owner is not None and self.owned_by is not None:
            raise ValueError("a sequence owned by a column has its table's owner: leave out owner")
        return self


# A configuration parameter as SET names it: `search_path`, `work_mem`, `myapp.tenant` (validate checks the value).
