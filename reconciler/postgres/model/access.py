"""Privileges (ACLs by grantee), default privileges and owners."""

from pydantic import Field

from reconciler.postgres.model.node import Node

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
    member_schema: str | None = Field(
        default=None, description="A statistics object's schema, where not its relation's (`schema_name`)."
    )
    owner: str
