"""Tables and what hangs off them: columns, constraints, indexes, triggers, rules, policies; sequences."""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.firing import Firing
from reconciler.postgres.identifiers import object_name
from reconciler.postgres.model.node import Node, _source
from reconciler.postgres.spec.foreign_data import SECRET_OPTIONS
from reconciler.secrets import MASK

_NUMBERED_SEQ = re.compile(r"_seq([1-9][0-9]*)$")

ConstraintKind = Literal["primary_key", "unique", "check", "foreign_key", "exclude"]


class SequenceOptions(Node):
    """What CREATE SEQUENCE sets, for a standalone sequence and for an identity column's own sequence."""

    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int = 1
    max_value: int = 9223372036854775807
    cache: int = 1
    cycle: bool = False


def _chosen_name(table: str, column: str, name: str) -> str | None:
    """An identity sequence's name, unless it is one PostgreSQL chooses by itself (ChooseRelationName:
    `<table>_<column>_seq`, or `..._seq1`, `..._seq2` while the name before was taken)."""
    numbered = _NUMBERED_SEQ.search(name)
    label = f"seq{numbered.group(1)}" if numbered else "seq"
    return None if name == object_name(table, column, label) else name


class Column(Node):
    ORDERED = ("options",)

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
    identity_sequence_name: str | None = Field(
        default=None,
        description="The identity sequence's name where it is not PostgreSQL's choice, <table>_<column>_seq.",
    )
    identity_unlogged: bool | None = Field(
        default=None, description="The identity sequence's persistence where it is not its table's."
    )
    identity_comment: str | None = Field(default=None, description="The identity sequence's comment.")
    generated: str | None = Field(
        default=None, description="The expression of a GENERATED ALWAYS AS (...) STORED column (pg_get_expr)."
    )
    generated_source: str | None = _source()
    using: str | None = Field(
        default=None,
        exclude=True,
        description="The state file's `using:`: converts the old values when the type changes; never compared.",
    )
    comment: str | None = None
    collation: str | None = Field(
        default=None,
        description="The column's collation when not its type's own, as SQL (regcollation): quoted as needed and "
        "qualified where the search path finds another of its name.",
    )
    storage: str | None = Field(default=None, description="attstorage by name, where not the type's own.")
    type_storage: str | None = Field(
        default=None,
        exclude=True,
        description="The type's own storage, which SET STORAGE goes back to; never compared.",
    )
    compression: str | None = Field(default=None, description="attcompression by name (pglz, lz4), where set.")
    statistics: int | None = Field(default=None, description="attstattarget, where set (SET STATISTICS).")
    options: dict[str, str] = Field(default_factory=dict, description="attoptions: n_distinct and the like.")
    foreign_options: dict[str, str] = Field(
        default_factory=dict, description="attfdwoptions: a foreign table's column options (OPTIONS (...))."
    )
    local: bool = Field(
        default=True,
        exclude=True,
        description="attislocal: declared by the table itself; False for a column only inherited from a parent "
        "(all of a partition's), which comes and goes with the parent's. Never compared.",
    )
    inherited: bool = Field(
        default=False,
        exclude=True,
        description="attinhcount > 0: a parent has the column too (a child's own column may also be inherited); "
        "its generation expression is the parent's. Never compared.",
    )

    @classmethod
    def from_catalog(cls, row: Mapping[str, Any], text: Callable[[str], str]) -> "Column":
        """A row of queries/columns.sql; `text` maps throwaway schema names in SQL text to logical ones.

        Only fields that differ from their defaults are passed (for most columns name, type and type_storage):
        pydantic validates each field passed, and the empty ones were a third of building 20,000 columns.
        """
        fields: dict[str, Any] = {"name": row["name"], "type": text(row["type"])}
        if row["not_null"]:
            fields["not_null"] = True
        if row["default"] is not None:
            fields["generated" if row["generated"] == "s" else "default"] = text(row["default"])
        identity = _IDENTITY.get(row["identity"])
        if identity is not None:
            fields["identity"] = identity
        sequence = row["identity_sequence"]  # an identity column's sequence (JSON)
        if sequence is not None:
            fields["identity_sequence"] = sequence["name"]
            chosen = _chosen_name(row["table_name"], row["name"], sequence["name"])
            if chosen is not None:
                fields["identity_sequence_name"] = chosen
            for key in ("unlogged", "comment"):
                if sequence[key] is not None:
                    fields[f"identity_{key}"] = sequence[key]
            if identity is not None and sequence["data_type"] is not None:
                fields["identity_options"] = SequenceOptions(
                    **{key: sequence[key] for key in SequenceOptions.model_fields}
                )
        for key in ("comment", "statistics"):
            if row[key] is not None:
                fields[key] = row[key]
        if row["collation"] is not None:
            fields["collation"] = text(row["collation"])
        for key, names in (("storage", _STORAGE), ("type_storage", _STORAGE), ("compression", COMPRESSION)):
            if row[key] in names:
                fields[key] = names[row[key]]
        if row["options"]:
            fields["options"] = generic_options(row["options"])
        if row["foreign_options"]:
            fields["foreign_options"] = options_without_secrets(row["foreign_options"])
        if not row["local"]:
            fields["local"] = False
        if row["inherited"]:
            fields["inherited"] = True
        return cls(**fields)


_IDENTITY: dict[str, Literal["always", "by default"]] = {"a": "always", "d": "by default"}
_STORAGE = {"p": "plain", "e": "external", "x": "extended", "m": "main"}
COMPRESSION = {"p": "pglz", "l": "lz4"}  # pg_attribute.attcompression


class Constraint(Node):
    name: str
    kind: ConstraintKind
    definition: str = Field(description="pg_get_constraintdef, e.g. 'UNIQUE (email)'.")
    columns: list[str] = Field(default_factory=empty_list)
    comment: str | None = None
    index_comment: str | None = Field(
        default=None, description="The comment on the index backing a key or exclusion constraint: COMMENT ON INDEX."
    )
    index_valid: bool = Field(
        default=True,
        description="False for a partitioned table's key added ON ONLY that some partition has no key attached to "
        "yet (pg_index.indisvalid of its index); not compared, like a partitioned index's `valid`.",
    )
    source: str | None = _source()


class Index(Node):
    """A stand-alone index (indexes that back a constraint belong to the constraint)."""

    name: str
    unique: bool = False
    using: str = Field(description="The part of pg_get_indexdef after USING: 'btree (a, b DESC) WHERE ...'.")
    valid: bool = Field(
        default=True, description="False when a concurrent build failed (pg_index.indisvalid): replaced by a plan."
    )
    statistics: dict[int, int] = Field(
        default_factory=dict, description="Index column position -> its statistics target, where one is set."
    )
    comment: str | None = None
    source: str | None = _source()


class Trigger(Node):
    name: str
    timing_events: str = Field(description="For example 'BEFORE UPDATE'.")
    constraint: bool = Field(default=False, description="A CONSTRAINT TRIGGER (its body says how it defers).")
    body: str = Field(description="What follows the table: 'FOR EACH ROW EXECUTE FUNCTION f()'.")
    function_schema: str | None = Field(default=None, description="The schema of the function it executes.")
    enabled: Firing = Field(
        default="origin", description="pg_trigger.tgenabled: O, R, A or D (ALTER TABLE ... ENABLE / DISABLE TRIGGER)."
    )
    comment: str | None = None
    source: str | None = _source()


class Rule(Node):
    """A rewrite rule (pg_rewrite), in pg_get_ruledef's terms: its WHERE and each action as that prints them."""

    name: str
    event: Literal["select", "insert", "update", "delete"]
    instead: bool = False
    where: str | None = Field(default=None, description="The condition, as pg_get_ruledef prints it after WHERE.")
    actions: list[str] = Field(default_factory=empty_list, description="Each command of the action; empty: DO NOTHING.")
    enabled: Firing = Field(
        default="origin", description="pg_rewrite.ev_enabled: O, R, A or D (ALTER TABLE ... ENABLE / DISABLE RULE)."
    )
    comment: str | None = None
    where_source: str | None = _source()
    actions_source: list[str] | None = _source()


class Policy(Node):
    """A row level security policy, in pg_policy's terms (expressions as pg_get_expr prints them)."""

    name: str
    command: Literal["all", "select", "insert", "update", "delete"] = "all"
    permissive: bool = True
    roles: list[str] = Field(default_factory=lambda: ["public"], description="Sorted role names; 'public' for all.")
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    using_source: str | None = _source()
    with_check_source: str | None = _source()


class TableName(Node):
    """A table another one names: the parent of a partition or of an inheritance child."""

    schema_name: str
    name: str

    @property
    def key(self) -> str:
        """The table's key in `Database.tables`."""
        return f"{self.schema_name}.{self.name}"


class ExtendedStatistics(Node):
    """A CREATE STATISTICS object on a table or materialized view, in its relation's schema or `other_schema`."""

    name: str
    other_schema: str | None = Field(default=None, description="The schema it is kept in, where not its relation's.")
    kinds: list[str] = Field(description="ndistinct, dependencies, mcv: the ones built, in that order.")
    columns: str = Field(description="pg_get_statisticsobjdef_columns: 'a, b, (a + b), lower(c)'.")
    target: int | None = Field(default=None, description="ALTER STATISTICS ... SET STATISTICS; None: the columns'.")
    comment: str | None = None


def generic_options(stored: list[str] | None) -> dict[str, str]:
    """Generic options as the catalogs store them (`{host=db,port=5432}`) -> name -> value."""
    if not stored:  # nearly every column: no generator built (a tenth of building 20,000 columns)
        return {}
    return dict(option.partition("=")[::2] for option in stored)


def options_without_secrets(stored: list[str] | None) -> dict[str, str]:
    """A wrapper's, foreign table's or column's generic options, a secret's value (password) masked.

    State files keep secrets to servers and user mappings, so there only a secret's name matters (the plan drops
    it), and its value, set by hand, must reach no plan, drift report or export.
    """
    if not stored:
        return {}
    return {name: MASK if name in SECRET_OPTIONS else value for name, value in generic_options(stored).items()}


class ForeignTable(Node):
    """What makes a table foreign (pg_foreign_table): its server and options."""

    server: str
    options: dict[str, str] = Field(default_factory=dict)


class Table(Node):
    ORDERED = ("options",)

    schema_name: str
    name: str
    foreign: ForeignTable | None = Field(default=None, description="Set for a foreign table (relkind 'f').")
    columns: dict[str, Column] = Field(default_factory=dict)
    constraints: dict[str, Constraint] = Field(default_factory=dict)
    indexes: dict[str, Index] = Field(default_factory=dict)
    triggers: dict[str, Trigger] = Field(default_factory=dict)
    comment: str | None = None
    options: dict[str, str] = Field(
        default_factory=dict, description="Storage parameters as reloptions store them; the TOAST table's as toast.*."
    )
    unlogged: bool = False
    access_method: str = Field(
        default="heap",
        description="Its table access method (pg_am.amname); heap for a partitioned or foreign table, which have none.",
    )
    replica_identity: str = Field(default="default", description="default, full, nothing or 'index <name>'.")
    cluster_on: str | None = Field(default=None, description="The index CLUSTER uses (ALTER TABLE ... CLUSTER ON).")
    row_level_security: bool = False
    force_row_level_security: bool = False
    policies: dict[str, Policy] = Field(default_factory=dict)
    rules: dict[str, Rule] = Field(default_factory=dict)
    statistics: dict[str, ExtendedStatistics] = Field(default_factory=dict, description="CREATE STATISTICS objects.")
    partition_by: str | None = Field(default=None, description="pg_get_partkeydef of a partitioned table: 'RANGE (d)'.")
    partition_of: TableName | None = Field(default=None, description="The partitioned table this is a partition of.")
    partition_bound: str | None = Field(
        default=None, description="A partition's bound as pg_get_expr prints it: 'FOR VALUES FROM (...) TO (...)'."
    )
    inherits: list[TableName] = Field(default_factory=empty_list, description="Parents by INHERITS, in their order.")
    of_type: str | None = Field(
        default=None,
        description="A typed table's composite type (CREATE TABLE ... OF type), as format_type prints it: its "
        "columns are the type's attributes.",
    )
    attached_indexes: dict[str, str | None] = Field(
        default_factory=dict,
        description="A partition's indexes attached to its parent's indexes (keys' too): the parent index's "
        "name -> the partition index's name; None in a desired table where the state leaves the name to "
        "PostgreSQL (any name then matches).",
    )
    validated_copies: list[str] = Field(
        default_factory=empty_list,
        description="A partition's copies of its parent's NOT VALID checks that are validated (on it alone, or "
        "made so by its creation after the check), by name, sorted.",
    )
    clone_firing: dict[str, Firing] = Field(
        default_factory=dict,
        description="A partition's clones of its parent's row triggers that fire otherwise than the parent's "
        "trigger (or clone) they come from: trigger name -> firing (ALTER TABLE <partition> ENABLE / DISABLE).",
    )
    # The live table's size, for the plan's lock report (postgres/locks.py); never compared, so autovacuum's
    # ANALYZE between plan and apply does not make a saved plan stale.
    estimated_rows: float | None = Field(
        default=None, exclude=True, description="pg_class.reltuples; -1: never analyzed."
    )
    pages: int | None = Field(default=None, exclude=True, description="The table's size in pages (pg_relation_size).")

    def members(
        self,
    ) -> Iterator[tuple[str, str, Column | Constraint | Index | Trigger | Policy | Rule | ExtendedStatistics]]:
        """(kind, name, object) of every column, constraint, index, trigger, policy, rule and statistics object,
        kinds in that order."""
        members_by_kind: tuple[tuple[str, Mapping[str, Any]], ...] = (
            ("column", self.columns),
            ("constraint", self.constraints),
            ("index", self.indexes),
            ("trigger", self.triggers),
            ("policy", self.policies),
            ("rule", self.rules),
            ("statistics", self.statistics),
        )
        for kind, members in members_by_kind:
            for name, member in members.items():
                yield kind, name, member


class Sequence(SequenceOptions):
    schema_name: str
    name: str
    owned_by: str | None = Field(default=None, description="'table.column' when a column owns it (serial, owned_by).")
    unlogged: bool = Field(default=False, description="CREATE UNLOGGED SEQUENCE (PostgreSQL 15+): not WAL-logged.")
    comment: str | None = None
