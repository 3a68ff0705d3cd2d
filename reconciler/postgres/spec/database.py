"""A database as a person declares it: its schemas, extensions, casts, event triggers, default privileges, steps and
schema templates."""

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.spec.access import DatabaseDefaultPrivileges, DefaultPrivileges, Grants
from reconciler.postgres.spec.access_methods import AccessMethodName, AccessMethodSpec
from reconciler.postgres.spec.casts import CastSignature, CastSpec
from reconciler.postgres.spec.common import IDENTIFIER_MAX, Identifier, Owner, Strict
from reconciler.postgres.spec.event_triggers import EventTriggerSpec
from reconciler.postgres.spec.extension_members import MemberKey
from reconciler.postgres.spec.foreign_data import ForeignDataWrapperSpec, ServerSpec
from reconciler.postgres.spec.languages import LanguageName, LanguageSpec
from reconciler.postgres.spec.operator_classes import OperatorClassSpec, OperatorFamilySpec
from reconciler.postgres.spec.operators import OperatorSpec, Signature
from reconciler.postgres.spec.publications import PublicationSpec
from reconciler.postgres.spec.routines import AggregateSpec, FunctionSpec, ProcedureSpec
from reconciler.postgres.spec.settings import SettingName, SettingValue
from reconciler.postgres.spec.subscriptions import SubscriptionSpec
from reconciler.postgres.spec.tables import SequenceSpec, TableSpec
from reconciler.postgres.spec.text_search import (
    TextSearchConfigurationSpec,
    TextSearchDictionarySpec,
    TextSearchParserSpec,
    TextSearchTemplateSpec,
)
from reconciler.postgres.spec.types import (
    CollationSpec,
    CompositeTypeSpec,
    DomainSpec,
    EnumSpec,
    RangeSpec,
    ShellTypeSpec,
)
from reconciler.postgres.spec.views import MaterializedViewSpec, ViewSpec
from reconciler.state.jsonschema import any_case, shorthand


def _one_or_overloads(value: object) -> str:
    """Which form an aggregate's declaration takes; the tags read as union members, which errors leave out."""
    return "union[overloads]" if isinstance(value, list) else "union[declaration]"


# Validated as the one form it takes, so a mistake in a declaration is one error, not one per form.
AggregateDeclaration = Annotated[
    Annotated[AggregateSpec, Tag("union[declaration]")]
    | Annotated[list[AggregateSpec], Field(min_length=1), Tag("union[overloads]")],
    Discriminator(_one_or_overloads),
]


class SchemaSpec(Strict):
    """Everything declared inside one schema."""

    renamed_from: Identifier | None = Field(
        default=None,
        description="The schema's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    comment: str | None = Field(
        default=None,
        description="Left out on `public`: PostgreSQL's own ('standard public schema'); `\"\"` there: no comment.",
    )
    owner: Owner = None
    enums: dict[Identifier, EnumSpec] = Field(default_factory=dict)
    collations: dict[Identifier, CollationSpec] = Field(default_factory=dict)
    domains: dict[Identifier, DomainSpec] = Field(default_factory=dict)
    composite_types: dict[Identifier, CompositeTypeSpec] = Field(default_factory=dict)
    ranges: dict[Identifier, RangeSpec] = Field(default_factory=dict)
    shell_types: dict[Identifier, ShellTypeSpec] = Field(
        default_factory=dict,
        description="Shell types (CREATE TYPE name), by name: `name: null`, or {comment, owner}. Shell types left "
        "out are dropped.",
    )
    sequences: dict[Identifier, SequenceSpec] = Field(default_factory=dict)
    functions: dict[Identifier, FunctionSpec | Annotated[list[FunctionSpec], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Function name -> its declaration, or a list of declarations for overloads: functions of "
        "one name told apart by their argument types.",
    )
    procedures: dict[Identifier, ProcedureSpec | Annotated[list[ProcedureSpec], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Procedure name -> its declaration, or a list of declarations for overloads: procedures of "
        "one name told apart by their argument types.",
    )
    aggregates: dict[Identifier, AggregateDeclaration] = Field(
        default_factory=dict,
        description="Aggregate name -> its declaration, or a list of declarations for overloads: aggregates of "
        "one name told apart by their arguments.",
    )
    operators: dict[Signature, OperatorSpec] = Field(
        default_factory=dict,
        description="Operators by signature, as DROP OPERATOR names them: `||+ (text, text)`, "
        "`!! (NONE, integer)` for a prefix operator.",
    )
    operator_classes: dict[Identifier, OperatorClassSpec] = Field(
        default_factory=dict,
        description="Operator classes by name: the operators and support functions an index method uses for a type.",
    )
    operator_families: dict[Identifier, OperatorFamilySpec] = Field(
        default_factory=dict,
        description="Operator families made on their own by name: the classes naming them with `family:`, and "
        "loose members.",
    )
    text_search_parsers: dict[Identifier, TextSearchParserSpec] = Field(default_factory=dict)
    text_search_templates: dict[Identifier, TextSearchTemplateSpec] = Field(default_factory=dict)
    text_search_dictionaries: dict[Identifier, TextSearchDictionarySpec] = Field(default_factory=dict)
    text_search_configurations: dict[Identifier, TextSearchConfigurationSpec] = Field(default_factory=dict)
    tables: dict[Identifier, TableSpec] = Field(default_factory=dict)
    views: dict[Identifier, ViewSpec] = Field(default_factory=dict)
    grants: Grants = Field(default_factory=dict, description="Privileges on the schema itself (usage, create).")
    type_grants: dict[Identifier, Grants] = Field(
        default_factory=dict, description="Privileges on types of this schema (enums and others), by type name."
    )
    sequence_grants: dict[Identifier, Grants] = Field(
        default_factory=dict,
        description="Privileges on sequences the sequences section does not declare (serial and identity ones).",
    )
    default_privileges: DefaultPrivileges = Field(
        default_factory=dict,
        description="ALTER DEFAULT PRIVILEGES FOR ROLE <role> IN SCHEMA: role -> tables|sequences|functions|types -> "
        "grants that objects the role creates here later receive.",
    )
    materialized_views: dict[Identifier, MaterializedViewSpec] = Field(default_factory=dict)

    def statistics_holders(self) -> Iterator[tuple[str, str, TableSpec | MaterializedViewSpec]]:
        """(section, name, declaration) of each table and materialized view: what `statistics:` may hang off."""
        for name, table in self.tables.items():
            yield "tables", name, table
        for name, matview in self.materialized_views.items():
            yield "materialized_views", name, matview

    def owning_column(self, owned_by: str) -> tuple[str, str] | None:
        """The (table, column) a sequence's `owned_by: table.column` names, matched against declared names.

        Matching whole declared names (rather than splitting at a dot) reads names that hold dots too, and
        nothing that is not a declared column ever reaches SQL.
        """
        for table_name, table in self.tables.items():
            for column_name in table.columns:
                if owned_by == f"{table_name}.{column_name}":
                    return table_name, column_name
        return None

    @field_validator("enums")
    @classmethod
    def _labels(cls, value: dict[str, EnumSpec]) -> dict[str, EnumSpec]:
        for name, enum in value.items():
            labels = enum.label_names  # none is fine: CREATE TYPE ... AS ENUM () makes a type to add labels to later
            if len(set(labels)) != len(labels):
                raise ValueError(f"enum {name!r} lists a label twice")
            # PostgreSQL takes an empty label (''): only the length is limited.
            for label in labels:
                if len(label.encode()) > IDENTIFIER_MAX:
                    raise ValueError(f"enum {name!r}: labels are at most {IDENTIFIER_MAX} bytes long, not {label!r}")
            for label, old in enum.renames.items():
                if len(old.encode()) > IDENTIFIER_MAX:
                    raise ValueError(f"enum {name!r}: renamed_from is at most {IDENTIFIER_MAX} bytes long, not {old!r}")
                if old in labels:
                    raise ValueError(
                        f"enum {name!r}: label {label!r} is renamed from {old!r}, which is declared too; "
                        "declare one of them"
                    )
            olds = list(enum.renames.values())
            if len(set(olds)) != len(olds):
                raise ValueError(f"enum {name!r}: two labels are renamed from the same label")
        return value


class ExtensionSpec(Strict):
    """An extension; a bare string is its name."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The extension name."}))

    name: Identifier
    schema_: Identifier = Field(default="public", alias="schema")
    version: str | None = Field(
        default=None,
        min_length=1,
        description="Left out: the extension's default version (ALTER EXTENSION ... UPDATE).",
    )
    comment: str | None = Field(default=None, description="Left out: the comment CREATE EXTENSION gives it.")
    member_grants: dict[MemberKey, Grants] = Field(
        default_factory=dict,
        description="Grants on the extension's own objects, by member (`function hstore(text, text)`). A grantee "
        "left out keeps what the extension gave it when installed (pg_init_privs); `public: []` revokes PUBLIC's.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value


STEP_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # no dots: the name ends an address (postgres.<db>.step.<name>)


class StepSpec(Strict):
    """A data step: one SQL statement run once, before or after the schema changes of the apply that first sees it.

    reconcile records it in `_reconcile.steps` (name, sha256 of the SQL) and
    never runs it again; an edited step that already ran is an error.
    """

    name: str = Field(
        pattern=STEP_NAME,
        max_length=100,
        description="Unique in the database, for good: the ledger keeps it after the step leaves the file.",
    )
    when: Literal["before", "after"] = Field(
        description="before: ahead of the schema changes (the old schema); after: once they ran, still in the "
        "transaction (new columns and tables exist; indexes built online and constraints validated online do not)."
    )
    sql: str = Field(
        min_length=1,
        description="One INSERT, UPDATE, DELETE, MERGE, SELECT or WITH statement, shown in full in the plan.",
    )


class SchemaTemplateSpec(SchemaSpec):
    """The contents every schema of a set shares (one per tenant): schema_templates.<name> (templates.py).

    The schemas themselves belong to whoever creates them (a tenant service);
    reconcile reconciles only their contents.
    """

    match: str | None = Field(
        default=None, description="A glob over live schema names (`tenant_*`; * ? and [...] as in shell patterns)."
    )
    query: str | None = Field(
        default=None,
        description="One read-only SELECT returning schema names in its first column, run in the target database.",
    )

    @model_validator(mode="after")
    def _one_selector(self) -> "SchemaTemplateSpec":
        if (self.match is None) == (self.query is None):
            raise ValueError("a schema template takes exactly one of match (a glob) or query (a SELECT)")
        return self


# A database template's name until each live database it matches replaces it (database_templates.py).
TEMPLATE_DATABASE = "_reconcile_database_template"

# What GRANT ... ON DATABASE gives (`all`: each of them); TEMP is TEMPORARY.
DATABASE_PRIVILEGES = ("connect", "create", "temporary")


def _database_privilege(value: object) -> object:
    if not isinstance(value, str):
        return value
    lowered = " ".join(value.lower().split())
    return {"temp": "temporary", "all privileges": "all"}.get(lowered, lowered)


DatabasePrivilege = Annotated[
    Literal["connect", "create", "temporary", "all"],
    BeforeValidator(_database_privilege),
    Field(json_schema_extra=any_case("connect", "create", "temporary", "temp", "all", "all privileges")),
]


class DatabaseSpec(Strict):
    """The whole of one state/postgres/<database>.yaml file."""

    database: Identifier = Field(
        default=TEMPLATE_DATABASE,
        description="The database this file declares. Required, unless database_match makes the file a template.",
    )
    database_match: str | None = Field(
        default=None,
        description="Instead of database: a glob over database names (tenant_*). The file is a database template, "
        "reconciled into every existing database it matches, each in its own transaction; reconcile never creates "
        "or drops those databases.",
    )
    online: bool = Field(
        default=True,
        description="Change tables that already exist without blocking writers: indexes built CONCURRENTLY, "
        "foreign keys and checks added NOT VALID and validated after the transaction. false: everything in "
        "one transaction.",
    )
    owner: Identifier | None = Field(
        default=None,
        description="The owner of every schema and object in this file that declares no owner: of its own (the "
        "public schema itself only by its own owner:). Left out: owners are compared only where an object declares "
        "one.",
    )
    settings: dict[SettingName, SettingValue] | None = Field(
        default=None,
        description="ALTER DATABASE ... SET: the parameters every new session of the database starts with "
        "(statement_timeout: 30s, search_path: [app, public]). Left out: the database's settings are not compared; "
        "declared, exactly these (others are RESET).",
    )
    grants: dict[Identifier, list[DatabasePrivilege]] | None = Field(
        default=None,
        description="GRANT ... ON DATABASE, by role (public: PUBLIC): connect, create, temporary or all. Each role "
        "listed holds exactly these; a role left out holds its default (PUBLIC: connect and temporary, the owner: "
        "all). Left out: the database's privileges are not compared.",
    )
    role_settings: dict[Identifier, dict[SettingName, SettingValue]] = Field(
        default_factory=dict,
        description="ALTER ROLE ... IN DATABASE ... SET, by role: the parameters a role's sessions of this database "
        "start with (over the database's own and the role's everywhere). Each role listed has exactly these (others "
        "are RESET; {} resets them all); a role left out is not compared.",
    )
    undeclared_schemas: Literal["keep", "drop"] = Field(
        default="keep",
        description="Schemas of the database this file does not declare: keep (default) never looks at them; "
        "drop inspects them too and drops each with everything in it (destructive: apply needs "
        "--allow-destructive). reconcile export writes drop, since it declares every schema.",
    )
    extensions: list[ExtensionSpec] = Field(default_factory=empty_list)
    foreign_data_wrappers: dict[Identifier, ForeignDataWrapperSpec] = Field(
        default_factory=dict,
        description="Wrappers made without an extension (an extension's own come with it); others are dropped.",
    )
    servers: dict[Identifier, ServerSpec] = Field(
        default_factory=dict,
        description="Foreign servers with their user mappings (database-wide); servers left out are dropped.",
    )
    publications: dict[Identifier, PublicationSpec] = Field(
        default_factory=dict,
        description="Publications (logical replication, database-wide); publications left out are dropped.",
    )
    subscriptions: dict[Identifier, SubscriptionSpec] = Field(
        default_factory=dict,
        description="Subscriptions (logical replication, database-wide), created WITH (connect = false): reconcile "
        "never connects to a publisher, creates or drops a slot, or copies data. Subscriptions left out are "
        "dropped (detached from their slot first, which stays on the publisher).",
    )
    casts: dict[CastSignature, CastSpec] = Field(
        default_factory=dict,
        description="Casts by their types, as DROP CAST names them: `integer AS money2` (database-wide). Casts "
        "left out are dropped; built-in casts and an extension's are never touched.",
    )
    access_methods: dict[AccessMethodName, AccessMethodSpec] = Field(
        default_factory=dict,
        description="Table access methods by name (database-wide; CREATE ACCESS METHOD needs a superuser). Access "
        "methods left out are dropped; built-in ones and an extension's are never touched.",
    )
    languages: dict[LanguageName, LanguageSpec] = Field(
        default_factory=dict,
        description="Procedural languages by name (database-wide; CREATE LANGUAGE needs a superuser). Languages "
        "left out are dropped; built-in ones and an extension's (plpgsql) are never touched.",
    )
    event_triggers: dict[Identifier, EventTriggerSpec] = Field(
        default_factory=dict,
        description="Event triggers by name (database-wide). Apply drops and disables them first and creates and "
        "enables them last, so its own commands never fire one it changes. Event triggers left out are dropped; an "
        "extension's are never touched.",
    )
    default_privileges: DatabaseDefaultPrivileges = Field(
        default_factory=dict,
        description="ALTER DEFAULT PRIVILEGES FOR ROLE <role> without IN SCHEMA (database-wide): role -> "
        "tables|sequences|functions|types|schemas -> grants that objects the role creates later receive. Such a row "
        "replaces the built-in default: a grantee left out keeps its default (the role's own privileges, PUBLIC's "
        "EXECUTE on functions and USAGE on types); `public: []` revokes it. Rows left out are reset to the default.",
    )
    schemas: dict[Identifier, SchemaSpec] = Field(min_length=1)
    steps: list[StepSpec] = Field(
        default_factory=empty_list,
        description="Data steps run once each, in file order, and recorded in _reconcile.steps (README: Data steps).",
    )
    schema_templates: dict[Identifier, SchemaTemplateSpec] = Field(
        default_factory=dict,
        description="Contents reconciled into every existing schema a template matches (tenant schemas); "
        "the schemas themselves are never created or dropped.",
    )
