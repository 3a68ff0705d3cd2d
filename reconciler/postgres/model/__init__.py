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

from reconciler.postgres.model.access import (
    Acl,
    DefaultPrivileges,
    ExtensionMemberPrivileges,
    ObjectOwner,
    ObjectPrivileges,
)
from reconciler.postgres.model.database import Database
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
    PublishedTable,
    Subscription,
    Undeclarable,
    UndeclarableEffect,
    UserMapping,
    user_mapping_key,
)
from reconciler.postgres.model.keys import cast_key, function_key, operator_arguments, operator_key
from reconciler.postgres.model.node import Node, in_order
from reconciler.postgres.model.operator_classes import OperatorClass, OperatorFamily
from reconciler.postgres.model.routines import Aggregate, Function, Operator
from reconciler.postgres.model.tables import (
    Column,
    Constraint,
    ConstraintKind,
    ExtendedStatistics,
    ForeignTable,
    Index,
    Policy,
    Rule,
    Sequence,
    SequenceOptions,
    Table,
    TableName,
    Trigger,
    generic_options,
    options_without_secrets,
)
from reconciler.postgres.model.text_search import (
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
)
from reconciler.postgres.model.types import (
    Attribute,
    Collation,
    CompositeType,
    Domain,
    DomainCheck,
    Enum,
    RangeType,
    ShellType,
)
from reconciler.postgres.model.views import ColumnSettings, MaterializedView, View

__all__ = [
    "AccessMethod",
    "Acl",
    "Aggregate",
    "Attribute",
    "Cast",
    "Collation",
    "Column",
    "ColumnSettings",
    "CompositeType",
    "Constraint",
    "ConstraintKind",
    "Database",
    "DatabaseSetting",
    "DefaultPrivileges",
    "Domain",
    "DomainCheck",
    "Enum",
    "EventTrigger",
    "ExtendedStatistics",
    "Extension",
    "ExtensionMemberPrivileges",
    "ForeignDataWrapper",
    "ForeignServer",
    "ForeignTable",
    "Function",
    "Index",
    "Language",
    "MaterializedView",
    "Node",
    "ObjectOwner",
    "ObjectPrivileges",
    "Operator",
    "OperatorClass",
    "OperatorFamily",
    "Policy",
    "Publication",
    "PublishedTable",
    "RangeType",
    "Rule",
    "Sequence",
    "SequenceOptions",
    "ShellType",
    "Subscription",
    "Table",
    "TableName",
    "TextSearchConfiguration",
    "TextSearchDictionary",
    "TextSearchParser",
    "TextSearchTemplate",
    "Trigger",
    "Undeclarable",
    "UndeclarableEffect",
    "UserMapping",
    "View",
    "cast_key",
    "function_key",
    "generic_options",
    "in_order",
    "operator_arguments",
    "operator_key",
    "options_without_secrets",
    "user_mapping_key",
]
