"""The whole database in catalog form."""

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.model.access import (
    Acl,
    DefaultPrivileges,
    ExtensionMemberPrivileges,
    ObjectOwner,
    ObjectPrivileges,
)
from reconciler.postgres.model.database_wide import (
    AccessMethod,
    Cast,
    DatabaseSetting,
    EventTrigger,
    Extension,
    ForeignDataWrapper,
    ForeignServer,
    Language,
    Publication,
    Subscription,
    Undeclarable,
    UserMapping,
)
from reconciler.postgres.model.node import Node
from reconciler.postgres.model.operator_classes import OperatorClass, OperatorFamily
from reconciler.postgres.model.routines import Aggregate, Function, Operator
from reconciler.postgres.model.tables import Sequence, Table
from reconciler.postgres.model.text_search import (
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
)
from reconciler.postgres.model.types import Collation, CompositeType, Domain, Enum, RangeType, ShellType
from reconciler.postgres.model.views import MaterializedView, View


class Database(Node):
    """One database's managed content: the declared schemas and the extensions."""

    name: str
    exists: bool = True
    schemas: list[str] = Field(default_factory=empty_list)
    schema_comments: dict[str, str] = Field(default_factory=dict, description="Schema -> its comment, if it has one.")
    extensions: dict[str, Extension] = Field(default_factory=dict)
    enums: dict[str, Enum] = Field(default_factory=dict)
    domains: dict[str, Domain] = Field(default_factory=dict)
    composite_types: dict[str, CompositeType] = Field(default_factory=dict)
    ranges: dict[str, RangeType] = Field(default_factory=dict)
    shell_types: dict[str, ShellType] = Field(default_factory=dict)
    collations: dict[str, Collation] = Field(default_factory=dict)
    sequences: dict[str, Sequence] = Field(default_factory=dict)
    functions: dict[str, Function] = Field(default_factory=dict)
    aggregates: dict[str, Aggregate] = Field(default_factory=dict)
    operators: dict[str, Operator] = Field(default_factory=dict, description="operator_key -> the operator.")
    text_search_parsers: dict[str, TextSearchParser] = Field(default_factory=dict)
    text_search_templates: dict[str, TextSearchTemplate] = Field(default_factory=dict)
    text_search_dictionaries: dict[str, TextSearchDictionary] = Field(default_factory=dict)
    text_search_configurations: dict[str, TextSearchConfiguration] = Field(default_factory=dict)
    # Keyed `schema.name USING method` (operator_classes.key): one name may serve several index methods.
    operator_classes: dict[str, OperatorClass] = Field(default_factory=dict)
    # Families made on their own, keyed like the classes.
    operator_families: dict[str, OperatorFamily] = Field(default_factory=dict)
    # ALTER DATABASE ... SET; None on the desired side when the file does not declare settings: (not compared).
    settings: dict[str, DatabaseSetting] | None = Field(default_factory=dict)
    # ALTER ROLE ... IN DATABASE ... SET, by role; on the desired side only the roles the file lists (compared).
    role_settings: dict[str, dict[str, DatabaseSetting]] = Field(default_factory=dict)
    # GRANT ... ON DATABASE: live, the grantees that differ from the default ACL; desired, the grantees the file
    # lists, or None when it declares no grants: (not compared). database_privileges.py.
    database_grants: Acl | None = Field(default_factory=dict)
    database_grant_defaults: Acl = Field(
        default_factory=dict, exclude=True, description="The database's default ACL (its owner's); never compared."
    )
    tables: dict[str, Table] = Field(default_factory=dict)
    views: dict[str, View] = Field(default_factory=dict)
    shell_operators: list[tuple[str, str, str]] = Field(
        default_factory=empty_list,
        exclude=True,
        description="(schema, name, arguments) of the shells PostgreSQL made for commutators and negators named "
        "before they existed: dropped with their schema, never compared or declared.",
    )
    role: str | None = Field(
        default=None,
        exclude=True,
        description="The live side's: the role that inspected it (current_user), which owns what the plan creates "
        "until an owner change; never compared.",
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
    languages: dict[str, Language] = Field(
        default_factory=dict, description="Database-wide: the procedural languages no extension owns, by name."
    )
    casts: list[tuple[str, str]] = Field(
        default_factory=empty_list,
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
        default_factory=empty_list,
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
