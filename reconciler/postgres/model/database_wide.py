"""Database-wide objects: extensions, foreign data, publications, subscriptions, casts, event triggers, access
methods, languages; and what state files cannot declare."""

from typing import Literal

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.model.access import Acl
from reconciler.postgres.model.keys import cast_key
from reconciler.postgres.model.node import Node, _source


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
    default_version: str | None = Field(
        default=None, exclude=True, description="Live: the version a bare CREATE EXTENSION installs; never compared."
    )
    reachable: list[str] | None = Field(
        default=None,
        exclude=True,
        description="Live: the versions ALTER EXTENSION ... UPDATE reaches from the installed one (None: not known); "
        "never compared.",
    )


# Grantee ('public' for PUBLIC) -> privilege (lower case, 'select') -> WITH GRANT OPTION.
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

    columns: list[str] = Field(default_factory=empty_list)
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
    schemas: list[str] = Field(default_factory=empty_list)
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
    tags: list[str] = Field(default_factory=empty_list, description="WHEN TAG IN (...); empty: every command.")
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


class Language(Node):
    """A procedural language no extension owns (pg_language, lanispl), database-wide (languages.py): its
    handlers as `schema.function`, each part quoted where needed."""

    name: str
    trusted: bool = False
    handler: str
    inline: str | None = None
    validator: str | None = None
    comment: str | None = None
    owner: str | None = Field(default=None, description="None in a desired language that declares no owner.")
    grants: Acl = Field(
        default_factory=dict,
        description="The grantees whose USAGE differs from the default: the owner's and PUBLIC's (languages.py).",
    )


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


class DatabaseSetting(Node):
    """One setting of the database (pg_db_role_setting): its text as PostgreSQL stores it."""

    value: str
