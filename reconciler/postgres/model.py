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

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from reconciler.postgres.firing import Firing
from reconciler.postgres.identifiers import object_name
from reconciler.postgres.spec.foreign_data import SECRET_OPTIONS
from reconciler.secrets import MASK

_NUMBERED_SEQ = re.compile(r"_seq([1-9][0-9]*)$")

ConstraintKind = Literal["primary_key", "unique", "check", "foreign_key", "exclude"]


class Node(BaseModel):
    """Base of every model object. Equality ignores the fields dumps leave out (`source` and the like).

    Field by field, nested models by their own equality: what comparing the two dumps gives, without
    building them (a plan compares every declared table with its live one).
    """

    model_config = ConfigDict(extra="forbid")

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _compared_fields(type(self)))

    __hash__ = None  # type: ignore[assignment]


@cache
def _compared_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, info in model.model_fields.items() if not info.exclude)


def _source() -> Any:
    return Field(
        default=None,
        exclude=True,
        description="The state file's own SQL to create this from; never compared (see materialize_sources.Sources).",
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


def _chosen_name(row: Mapping[str, Any]) -> str | None:
    """An identity sequence's name, unless it is one PostgreSQL chooses by itself (ChooseRelationName:
    `<table>_<column>_seq`, or `..._seq1`, `..._seq2` while the name before was taken)."""
    name = row["identity_sequence"]
    if name is None:
        return None
    numbered = _NUMBERED_SEQ.search(name)
    label = f"seq{numbered.group(1)}" if numbered else "seq"
    return None if name == object_name(row["table_name"], row["name"], label) else str(name)


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
    identity_sequence_name: str | None = Field(
        default=None,
        description="The identity sequence's name where it is not PostgreSQL's choice, <table>_<column>_seq.",
    )
    identity_unlogged: bool | None = Field(
        default=None, description="The identity sequence's persistence where it is not its table's."
    )
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
    collation: str | None = Field(default=None, description="The column's collation when not its type's own.")
    storage: str | None = Field(default=None, description="attstorage by name, where not the type's own.")
    type_storage: str | None = Field(
        default=None,
        exclude=True,
        description="The type's own storage, which SET STORAGE goes back to; never compared.",
    )
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
            identity_sequence_name=_chosen_name(row),
            identity_unlogged=row.get("identity_unlogged"),
            generated=expression if generated else None,
            comment=row["comment"],
            collation=row["collation"],
            storage=_STORAGE.get(row.get("storage") or ""),
            type_storage=_STORAGE.get(row.get("type_storage") or ""),
            statistics=row.get("statistics"),
            options=dict(option.partition("=")[::2] for option in row.get("options") or []),
            foreign_options=options_without_secrets(row.get("foreign_options")),
            local=row.get("local", True),
        )


_IDENTITY: dict[str, Literal["always", "by default"]] = {"a": "always", "d": "by default"}
_STORAGE = {"p": "plain", "e": "external", "x": "extended", "m": "main"}


class Constraint(Node):
    name: str
    kind: ConstraintKind
    definition: str = Field(description="pg_get_constraintdef, e.g. 'UNIQUE (email)'.")
    columns: list[str] = Field(default_factory=list)
    comment: str | None = None
    index_comment: str | None = Field(
        default=None, description="The comment on the index backing a key or exclusion constraint: COMMENT ON INDEX."
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
    actions: list[str] = Field(default_factory=list, description="Each command of the action; empty: DO NOTHING.")
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
    """A CREATE STATISTICS object on a table, in its table's schema."""

    name: str
    kinds: list[str] = Field(description="ndistinct, dependencies, mcv: the ones built, in that order.")
    columns: str = Field(description="pg_get_statisticsobjdef_columns: 'a, b, (a + b), lower(c)'.")
    target: int | None = Field(default=None, description="ALTER STATISTICS ... SET STATISTICS; None: the columns'.")
    comment: str | None = None


def generic_options(stored: list[str] | None) -> dict[str, str]:
    """Generic options as the catalogs store them (`{host=db,port=5432}`) -> name -> value."""
    return dict(option.partition("=")[::2] for option in stored or [])


def options_without_secrets(stored: list[str] | None) -> dict[str, str]:
    """A wrapper's, foreign table's or column's generic options, a secret's value (password) masked.

    State files keep secrets to servers and user mappings, so there only a secret's name matters (the plan drops
    it), and its value, set by hand, must reach no plan, drift report or export.
    """
    return {name: MASK if name in SECRET_OPTIONS else value for name, value in generic_options(stored).items()}


class ForeignTable(Node):
    """What makes a table foreign (pg_foreign_table): its server and options."""

    server: str
    options: dict[str, str] = Field(default_factory=dict)


class Table(Node):
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
    inherits: list[TableName] = Field(default_factory=list, description="Parents by INHERITS, in their order.")
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


class Enum(Node):
    schema_name: str
    name: str
    labels: list[str]
    comment: str | None = None
    renamed_from: dict[str, str] = Field(
        default_factory=dict,
        exclude=True,
        description="New label -> the label it is renamed from (the state file's `renamed_from:`); never compared.",
    )


class DomainCheck(Node):
    """A domain's check constraint; `source` is the state file's expression to create it from."""

    name: str
    definition: str = Field(description="pg_get_constraintdef, e.g. 'CHECK ((VALUE > 0))', ending NOT VALID if so.")
    comment: str | None = None
    source: str | None = _source()


class Domain(Node):
    schema_name: str
    name: str
    base_type: str = Field(description="format_type of the base type, e.g. 'character varying(20)'.")
    not_null: bool = False
    default: str | None = None
    collation: str | None = Field(default=None, description="Only when it differs from the base type's own.")
    checks: dict[str, DomainCheck] = Field(default_factory=dict)
    comment: str | None = None


class Attribute(Node):
    """An attribute of a composite type."""

    name: str
    type: str
    collation: str | None = Field(default=None, description="Only when it differs from the type's own.")


class CompositeType(Node):
    schema_name: str
    name: str
    attributes: list[Attribute] = Field(default_factory=list)
    comment: str | None = None


class RangeType(Node):
    schema_name: str
    name: str
    subtype: str
    subtype_opclass: str | None = Field(default=None, description="Only when not the subtype's default btree one.")
    collation: str | None = Field(default=None, description="Only when it differs from the subtype's own.")
    canonical: str | None = None
    subtype_diff: str | None = None
    multirange: str | None = Field(default=None, description="The multirange type's name, when not the default.")
    comment: str | None = None


class Function(Node):
    """A function, or a procedure (`kind`): they share one namespace and every attribute a procedure has."""

    schema_name: str
    name: str
    kind: Literal["function", "procedure"] = "function"
    identity_arguments: str = ""
    signature: str = Field(
        default="", description="The input argument types alone: what PostgreSQL tells functions apart by."
    )
    arguments: str = ""
    returns: str
    language: str
    body: str
    sql_body: bool = Field(
        default=False,
        description="The body is SQL-standard (RETURN ..., BEGIN ATOMIC ... END): pg_get_function_sqlbody's text.",
    )
    # The state file's SQL-standard body, created from: its deparsed text may parse to another tree (an output
    # column `'x'::text` is named "text" once re-parsed).
    source: str | None = _source()
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    security_definer: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    leakproof: bool = False
    window: bool = Field(default=False, description="prokind 'w': a window function.")
    cost: float = Field(default=100.0, description="procost: estimated cost per call, in cpu_operator_cost units.")
    rows: float = Field(default=0.0, description="prorows: estimated rows of a set-returning function (0 otherwise).")
    settings: dict[str, str] = Field(
        default_factory=dict,
        description="proconfig: each SET clause, parameter -> value as PostgreSQL stores it ('pg_catalog, public').",
    )
    comment: str | None = None

    @property
    def returns_set(self) -> bool:
        """True for SETOF and TABLE functions, the only ones ROWS applies to."""
        return self.returns.startswith(("SETOF ", "TABLE("))


class Aggregate(Node):
    """An aggregate (CREATE AGGREGATE); functions are named as regproc prints them. An ordered-set one's
    arguments read `direct ORDER BY aggregated`; `m...` are the moving-aggregate options."""

    schema_name: str
    name: str
    identity_arguments: str = ""
    signature: str = ""
    arguments: str = ""
    kind: Literal["normal", "ordered_set", "hypothetical"] = "normal"
    direct_arguments: int = 0
    sfunc: str
    stype: str
    sspace: int = 0
    finalfunc: str | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: Literal["read_only", "shareable", "read_write"] = "read_only"
    combinefunc: str | None = None
    serialfunc: str | None = None
    deserialfunc: str | None = None
    initcond: str | None = None
    msfunc: str | None = None
    minvfunc: str | None = None
    mstype: str | None = None
    msspace: int = 0
    mfinalfunc: str | None = None
    mfinalfunc_extra: bool = False
    mfinalfunc_modify: Literal["read_only", "shareable", "read_write"] = "read_only"
    minitcond: str | None = None
    sortop: str | None = None
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    comment: str | None = None


class Operator(Node):
    """An operator (CREATE OPERATOR) that is not a shell; functions are named as regproc prints them.

    `commutator` and `negator` name an operator as `schema.name` (its schema quoted where needed): the
    commutator takes the argument types swapped, the negator the same ones.
    """

    schema_name: str
    name: str
    left: str | None = Field(default=None, description="format_type of the left argument; None: a prefix operator.")
    right: str
    result: str = Field(description="format_type of the result: the function's, never declared.")
    function: str
    commutator: str | None = None
    negator: str | None = None
    restrict: str | None = None
    join: str | None = None
    hashes: bool = False
    merges: bool = False
    comment: str | None = None
    declared_as: str | None = Field(
        default=None,
        exclude=True,
        description="The state file's key for it (`=== (int, int)`), however it spells the types; never compared.",
    )

    @property
    def arguments(self) -> str:
        """`text, text`, `NONE, integer`: the argument types as DROP / COMMENT ON OPERATOR take them."""
        return operator_arguments(self.left, self.right)


class View(Node):
    schema_name: str
    name: str
    definition: str
    comment: str | None = None
    column_comments: dict[str, str] = Field(default_factory=dict, description="COMMENT ON COLUMN of its columns.")
    options: dict[str, str] = Field(
        default_factory=dict, description="reloptions: security_barrier, security_invoker, check_option -> value."
    )
    triggers: dict[str, Trigger] = Field(default_factory=dict, description="INSTEAD OF (and statement) triggers.")
    rules: dict[str, Rule] = Field(default_factory=dict, description="Its rewrite rules other than _RETURN.")
    source: str | None = _source()


class ColumnSettings(Node):
    """What ALTER COLUMN ... SET gives a materialized view's column, where any is set (as a table Column's)."""

    storage: str | None = Field(default=None, description="attstorage by name, where not the type's own.")
    type_storage: str | None = Field(
        default=None,
        exclude=True,
        description="The type's own storage, which SET STORAGE goes back to; never compared.",
    )
    statistics: int | None = Field(default=None, description="attstattarget, where set (SET STATISTICS).")
    options: dict[str, str] = Field(default_factory=dict, description="attoptions: n_distinct and the like.")

    @classmethod
    def from_catalog(cls, row: Mapping[str, Any]) -> ColumnSettings:
        """An entry of materialized_views.sql's column_settings (the catalog's letters, as columns.sql has them)."""
        return cls(
            storage=_STORAGE.get(row.get("storage") or ""),
            type_storage=_STORAGE.get(row.get("type_storage") or ""),
            statistics=row.get("statistics"),
            options=dict(option.partition("=")[::2] for option in row.get("options") or []),
        )


class MaterializedView(Node):
    schema_name: str
    name: str
    definition: str = Field(description="pg_get_viewdef of the materialized view.")
    with_data: bool = True
    access_method: str = Field(default="heap", description="Its table access method (pg_am.amname).")
    indexes: dict[str, Index] = Field(default_factory=dict)
    storage: dict[str, str] = Field(default_factory=dict, description="reloptions: storage parameter -> value.")
    comment: str | None = None
    column_comments: dict[str, str] = Field(default_factory=dict, description="COMMENT ON COLUMN of its columns.")
    column_settings: dict[str, ColumnSettings] = Field(
        default_factory=dict, description="Columns with a storage, statistics target or options of their own."
    )
    source: str | None = _source()


class Collation(Node):
    """A collation as pg_collation holds it (PostgreSQL 15: an icu locale in colliculocale)."""

    schema_name: str
    name: str
    provider: Literal["icu", "libc"]
    lc_collate: str | None = None
    lc_ctype: str | None = None
    locale: str | None = Field(default=None, description="An icu collation's locale.")
    deterministic: bool = True
    comment: str | None = None


class TextSearchParser(Node):
    """A text search parser (pg_ts_parser): its functions as regproc prints them (unqualified where visible)."""

    schema_name: str
    name: str
    start: str
    gettoken: str
    end: str
    lextypes: str
    headline: str | None = None
    comment: str | None = None


class TextSearchTemplate(Node):
    """A text search template (pg_ts_template): its functions as regproc prints them."""

    schema_name: str
    name: str
    init: str | None = None
    lexize: str
    comment: str | None = None


class TextSearchDictionary(Node):
    """A text search dictionary (pg_ts_dict); the template is named as the search_path finds it."""

    schema_name: str
    name: str
    template: str
    options: list[tuple[str, str]] = Field(
        default_factory=list,
        description="dictinitoption in order: (name, value as PostgreSQL writes it: 'english' quoted, 10 bare).",
    )
    comment: str | None = None


class TextSearchConfiguration(Node):
    """A text search configuration (pg_ts_config); parser and dictionaries named as the search_path finds them."""

    schema_name: str
    name: str
    parser: str
    mappings: dict[str, list[str]] = Field(
        default_factory=dict, description="Token type alias -> its dictionaries as regdictionary prints them, in order."
    )
    comment: str | None = None


class Extension(Node):
    name: str
    schema_name: str
    version: str | None = Field(default=None, description="The installed version; None when it is the default one.")
    comment: str | None = Field(default=None, description="None when it is the one CREATE EXTENSION gives.")
    default_comment: str | None = Field(
        default=None,
        exclude=True,
        description="The comment CREATE EXTENSION gives (the control file's); never compared.",
    )
    relocatable: bool = Field(
        default=True, exclude=True, description="Whether ALTER EXTENSION ... SET SCHEMA can move it; never compared."
    )


# Grantee ('public' for PUBLIC) -> privilege (lower case, 'select') -> WITH GRANT OPTION.
Acl = dict[str, dict[str, bool]]


class ObjectPrivileges(Node):
    """The privileges granted on one object (privileges.py), compared grantee by grantee.

    `grants` holds only the grantees whose privileges differ from the object's
    default ACL (acldefault, or the initial privileges of what initdb made),
    each with its whole set, possibly empty (`public: {}`: PUBLIC's default
    EXECUTE revoked). An object with the default ACL has none, whoever owns it.
    """

    kind: str = Field(description="'schema', 'table', 'view', 'sequence', 'column', 'function', 'enum', 'type'...")
    schema_name: str
    name: str
    member: str | None = Field(default=None, description="A column's name, a function's identity arguments.")
    grants: Acl = Field(default_factory=dict)
    owner: str = Field(default="", exclude=True, description="Whose implicit privileges the default holds.")
    defaults: Acl = Field(default_factory=dict, exclude=True, description="The default ACL, by grantee.")
    parent: str | None = Field(default=None, exclude=True, description="A column's relation, as a graph id.")


class ExtensionMemberPrivileges(Node):
    """The privileges on one object an extension owns (extension_members.py), compared as an object's are.

    `member` is how the state file names it, relative to the extension's schema (`function hstore(text, text)`);
    `grants` the grantees whose privileges differ from the extension's install-time ones (pg_init_privs, or
    acldefault where the extension's script granted nothing).
    """

    extension: str
    member: str
    grants: Acl = Field(default_factory=dict)
    target: str = Field(default="", exclude=True, description="What GRANT ... ON names: `FUNCTION public.f(text)`.")
    defaults: Acl = Field(default_factory=dict, exclude=True, description="The install-time ACL, by grantee.")


class DefaultPrivileges(Node):
    """ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT ... ON on_type.

    In a schema, what its ACL grants, which objects created there receive on top of the rest. Database-wide
    (`schema_name` None), the row replaces the built-in default (acldefault), so `grants` holds, as an
    object's privileges do, only the grantees whose privileges differ from it, each with its whole set.
    """

    schema_name: str | None
    role: str
    on_type: str = Field(description="'tables', 'sequences', 'functions', 'types' or (database-wide) 'schemas'.")
    grants: Acl = Field(default_factory=dict)
    defaults: Acl = Field(
        default_factory=dict, exclude=True, description="Database-wide: the built-in default ACL, by grantee."
    )


class ObjectOwner(Node):
    """Who owns one object (owners.py): every managed object on the live side, the declared ones on the desired."""

    word: str = Field(description="What ALTER ... OWNER TO names the kind with: 'TABLE', 'MATERIALIZED VIEW'...")
    schema_name: str
    name: str
    member: str | None = Field(default=None, description="A function's identity arguments.")
    owner: str


UndeclarableEffect = Literal["report", "keep", "freeze", "exclude"]


class ForeignDataWrapper(Node):
    """A foreign-data wrapper no extension owns; functions as `schema.name`, each part quoted where needed."""

    name: str
    handler: str | None = None
    validator: str | None = None
    options: dict[str, str] = Field(default_factory=dict)
    comment: str | None = None
    owner: str | None = Field(default=None, description="None in a desired wrapper that declares no owner.")
    grants: Acl = Field(
        default_factory=dict,
        description="The grantees whose USAGE differs from the default (the owner's): foreign_data.owner_default.",
    )


class PublishedTable(Node):
    """One table a publication publishes: its column list (empty: every column) and its row filter.

    `columns` are compared by name, sorted: PostgreSQL keeps the list as a set of column numbers (prattrs, in
    column order whatever order it was written in), and a live table's column order may differ from the file's.
    `where` is the row filter as pg_get_expr prints pg_publication_rel.prqual (the desired one as the trial
    stored it, publication_filters.py); `where_source` the state file's own text, run to create it.
    """

    columns: list[str] = Field(default_factory=list)
    where: str | None = None
    where_source: str | None = _source()


class Publication(Node):
    """A publication (logical replication), database-wide (publications.py).

    `tables`: the published tables of the managed schemas, qualified (`public.orders`, quoted where needed) ->
    their column list and row filter; `schemas`: FOR TABLES IN SCHEMA, managed ones only.
    """

    name: str
    all_tables: bool = False
    tables: dict[str, PublishedTable] = Field(default_factory=dict)
    schemas: list[str] = Field(default_factory=list)
    publish: list[str] = Field(default_factory=lambda: ["insert", "update", "delete", "truncate"])
    via_partition_root: bool = False
    comment: str | None = None
    owner: str | None = Field(default=None, description="None in a desired publication that declares no owner.")
    renamed_from: str | None = Field(default=None, exclude=True, description="Desired only: its declared old name.")


class Subscription(Node):
    """A subscription (logical replication), database-wide (subscriptions.py).

    `connection` is how the connection string is shown: declared, with `${env:NAME}` for a password; live, with
    the mask in its place (conninfo.masked). The live values are in `connection_secrets`, never dumped, so no plan
    holds them; `connection_masked` is the string both sides compare, secrets masked. `slot_name` None is NONE.
    """

    name: str
    connection: str
    publications: list[str]
    enabled: bool = False
    slot_name: str | None = None
    binary: bool = False
    streaming: bool = False
    synchronous_commit: str = "off"
    disable_on_error: bool = False
    two_phase: bool = False
    comment: str | None = None
    owner: str | None = Field(default=None, description="None in a desired subscription that declares no owner.")
    connection_masked: str = Field(default="", exclude=True, repr=False)
    connection_secrets: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    connection_readable: bool = Field(
        default=True, exclude=True, description="False when the inspecting role may not read subconninfo."
    )
    connection_is_uri: bool = Field(
        default=False, exclude=True, description="Live: a postgresql:// URI, which state files cannot declare."
    )
    syncing_tables: int = Field(
        default=0, exclude=True, description="Live: tables not yet synchronized (DROP connects to drop their slots)."
    )


class Cast(Node):
    """A user's cast (pg_cast), database-wide (user_casts.py): types as format_type names them, the function as
    regprocedure prints it, both relative to the search_path (`money2`, `int_to_money(integer)`)."""

    source: str
    target: str
    method: Literal["function", "binary", "inout"] = Field(
        description="WITH FUNCTION, WITHOUT FUNCTION (binary coercible) or WITH INOUT."
    )
    function: str | None = Field(default=None, description="The function's regprocedure text, for method function.")
    context: Literal["explicit", "assignment", "implicit"] = "explicit"
    comment: str | None = None

    @property
    def key(self) -> str:
        """`integer AS money2`: what DROP CAST and COMMENT ON CAST name, in brackets."""
        return cast_key(self.source, self.target)


class EventTrigger(Node):
    """An event trigger (pg_event_trigger), database-wide (event_triggers.py): its function by schema and name
    (`audit.log_ddl()`, it takes no arguments), the tags upper-cased in their stored order."""

    name: str
    event: Literal["ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite"]
    function: str
    tags: list[str] = Field(default_factory=list, description="WHEN TAG IN (...); empty: every command.")
    enabled: Literal["origin", "replica", "always", "disabled"] = "origin"
    owner: str | None = Field(default=None, description="None in a desired event trigger that declares no owner.")
    comment: str | None = None


class AccessMethod(Node):
    """A table access method users made (pg_am, amtype 't'), database-wide (access_methods.py): its handler by
    schema and name (`public.my_am`; it takes one internal argument)."""

    name: str
    type: Literal["table"] = "table"
    handler: str
    comment: str | None = None


class ForeignServer(Node):
    """A foreign server. Secret options (spec/foreign_data.SECRET_OPTIONS) are kept apart from the others.

    `secrets` says which are set and how they are shown: `${env:NAME}` on the desired side, the mask on the
    live one; the live values themselves are in `secret_values`, which is never dumped, so no plan holds them.
    """

    name: str
    wrapper: str
    type: str | None = None
    version: str | None = None
    options: dict[str, str] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict)
    secret_values: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    comment: str | None = None
    owner: str | None = Field(default=None, description="None in a desired server that declares no owner.")
    grants: Acl = Field(default_factory=dict, description="As a wrapper's.")


class UserMapping(Node):
    """A user mapping: `user` is a role name, or `public`; options and secrets as a server's.

    `readable` is False when the inspecting role may not read the mapping's options (pg_user_mappings shows
    them only to the mapped user, the server's owner and superusers): they are then not compared.
    """

    server: str
    user: str
    options: dict[str, str] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict)
    secret_values: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    readable: bool = Field(default=True, exclude=True)


def user_mapping_key(server: str, user: str) -> str:
    return f"{server}/{user}"


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
    schema_name: str | None = Field(default=None, description="The managed schema it lives in.")
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
    schema_comments: dict[str, str] = Field(default_factory=dict, description="Schema -> its comment, if it has one.")
    extensions: dict[str, Extension] = Field(default_factory=dict)
    enums: dict[str, Enum] = Field(default_factory=dict)
    domains: dict[str, Domain] = Field(default_factory=dict)
    composite_types: dict[str, CompositeType] = Field(default_factory=dict)
    ranges: dict[str, RangeType] = Field(default_factory=dict)
    collations: dict[str, Collation] = Field(default_factory=dict)
    sequences: dict[str, Sequence] = Field(default_factory=dict)
    functions: dict[str, Function] = Field(default_factory=dict)
    aggregates: dict[str, Aggregate] = Field(default_factory=dict)
    operators: dict[str, Operator] = Field(default_factory=dict, description="operator_key -> the operator.")
    text_search_parsers: dict[str, TextSearchParser] = Field(default_factory=dict)
    text_search_templates: dict[str, TextSearchTemplate] = Field(default_factory=dict)
    text_search_dictionaries: dict[str, TextSearchDictionary] = Field(default_factory=dict)
    text_search_configurations: dict[str, TextSearchConfiguration] = Field(default_factory=dict)
    tables: dict[str, Table] = Field(default_factory=dict)
    views: dict[str, View] = Field(default_factory=dict)
    shell_operators: list[tuple[str, str, str]] = Field(
        default_factory=list,
        exclude=True,
        description="(schema, name, arguments) of the shells PostgreSQL made for commutators and negators named "
        "before they existed: dropped with their schema, never compared or declared.",
    )
    privileges: dict[str, ObjectPrivileges] = Field(
        default_factory=dict,
        description="Graph id (dependencies.object_id; 'schema:name' for schemas) -> privileges on it, for every "
        "object that can hold them (columns only with column privileges).",
    )
    default_privileges: dict[str, DefaultPrivileges] = Field(
        default_factory=dict, description="'schema role on_type' -> the schema's default privileges for that role."
    )
    extension_member_privileges: dict[str, ExtensionMemberPrivileges] = Field(
        default_factory=dict,
        description="'extension/member' -> privileges on a member of an extension, where they differ from its "
        "install-time ones (live), or as the file declares them (desired).",
    )
    materialized_views: dict[str, MaterializedView] = Field(default_factory=dict)
    foreign_data_wrappers: dict[str, ForeignDataWrapper] = Field(
        default_factory=dict, description="Database-wide: the wrappers no extension owns, by name."
    )
    servers: dict[str, ForeignServer] = Field(default_factory=dict, description="Database-wide: servers by name.")
    user_mappings: dict[str, UserMapping] = Field(
        default_factory=dict, description="user_mapping_key (server/user) -> the mapping."
    )
    publications: dict[str, Publication] = Field(default_factory=dict, description="Database-wide: by name.")
    subscriptions: dict[str, Subscription] = Field(default_factory=dict, description="Database-wide: by name.")
    user_casts: dict[str, Cast] = Field(
        default_factory=dict,
        description="Database-wide: the casts users made (not built in, no extension's), by `source AS target`.",
    )
    event_triggers: dict[str, EventTrigger] = Field(
        default_factory=dict, description="Database-wide: the event triggers no extension owns, by name."
    )
    access_methods: dict[str, AccessMethod] = Field(
        default_factory=dict,
        description="Database-wide: the table access methods users made (not built in, no extension's), by name.",
    )
    casts: list[tuple[str, str]] = Field(
        default_factory=list,
        exclude=True,
        description="Casts between built-in types (source, target) as format_type names them (casts.py); never "
        "compared.",
    )
    owners: dict[str, ObjectOwner] = Field(
        default_factory=dict,
        description="Graph id ('schema:name' for schemas) -> its owner: every managed object (live), the objects "
        "whose state declares an owner, their own or the file's (desired).",
    )
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


def cast_key(source: str, target: str) -> str:
    """Casts are keyed by their types: `integer AS money2`."""
    return f"{source} AS {target}"


def operator_arguments(left: str | None, right: str) -> str:
    return f"{left or 'NONE'}, {right}"


def operator_key(schema: str, name: str, left: str | None, right: str) -> str:
    """Operators are keyed by name and argument types: `public.||+(text, text)`, `public.!!(NONE, integer)`."""
    return f"{schema}.{name}({operator_arguments(left, right)})"
