"""SQL/MED: foreign-data wrappers, servers and user mappings, from a state file and from the catalogs, and their DDL.

They are database-wide, so unlike a schema's objects they are not normalized in throwaway schemas: the
desired ones are built from the state file (`desired_objects`), whose values are already what the catalogs
hold (names, option text), and compared with the live ones as they are. The normalizing transaction still
creates the declared wrappers and servers the database lacks (`trial_statements`), so that the foreign
tables of the file can be created there, and so that each wrapper's validator checks the options there
before any plan shows them.

Their grants (USAGE, the one privilege they have) are read as an object's are (privileges.differing): the
grantees whose privileges differ from the default ACL, the owner's USAGE (`owner_default`); the file's are its
declared grantees' sets, `all` read as USAGE.

Statements are ordered by phase (ddl.Phase): wrappers, then servers, then user mappings are created after
extensions and functions and before tables; foreign tables are dropped before their servers, mappings before
their server, servers before their wrapper and the extension that brings it.

Secret options (spec/foreign_data.SECRET_OPTIONS) appear in statements only as `${env:NAME}` tokens, which the
executor replaces with the quoted value at the last moment (Statement.secrets), and are compared by value
(`secret_matches`) without a plan ever holding the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import (
    Acl,
    Database,
    ForeignDataWrapper,
    ForeignServer,
    UserMapping,
    generic_options,
    options_without_secrets,
    user_mapping_key,
)
from reconciler.postgres.privileges import differing, exploded, spec_acl
from reconciler.postgres.spec.access import Grants
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.foreign_data import SECRET_OPTIONS, split_function
from reconciler.secrets import MASK, SecretRef, parse_reference

PUBLIC = "public"
# What a secret option holds in the throwaway transaction that creates a declared server: never the secret.
TRIAL_SECRET = "********"


# --- the state file and the catalogs ------------------------------------------------------------------------


def qualified_function(name: str | None) -> str | None:
    """A declared `schema.function` as the catalog queries print it (each part quoted where needed)."""
    return None if name is None else qualify(*split_function(name))


def _split(options: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Options -> (plain ones, secret ones)."""
    plain = {name: value for name, value in options.items() if name not in SECRET_OPTIONS}
    return plain, {name: value for name, value in options.items() if name in SECRET_OPTIONS}


def usage_acl(grants: Grants) -> Acl:
    """A wrapper's or server's `grants:` as an ACL: USAGE is its one privilege, so `all` is USAGE."""
    return {
        grantee: {"usage" if privilege == "all" else privilege: option for privilege, option in held.items()}
        for grantee, held in spec_acl(grants).items()
    }


def owner_default(owner: str | None) -> Acl:
    """A wrapper's or server's default ACL (acldefault 'F' and 'S'): its owner's USAGE.

    Without the grant option, which an owner holds implicitly: GRANT USAGE ... TO <the owner> WITH GRANT OPTION
    writes it into the ACL (pg_dump shows it), so the file can declare it.
    """
    return {owner: {"usage": False}} if owner is not None else {}


def _live_grants(row: dict[str, Any]) -> Acl:
    return differing(exploded(row["acl"]), exploded(row["default_acl"]))


def desired_objects(
    spec: DatabaseSpec,
) -> tuple[dict[str, ForeignDataWrapper], dict[str, ForeignServer], dict[str, UserMapping]]:
    """The wrappers, servers and user mappings a database file declares, in the model's terms."""
    wrappers = {
        name: ForeignDataWrapper(
            name=name,
            handler=qualified_function(wrapper.handler),
            validator=qualified_function(wrapper.validator),
            options=dict(wrapper.options),
            comment=wrapper.comment,
            owner=wrapper.owner,
            grants=usage_acl(wrapper.grants),
        )
        for name, wrapper in spec.foreign_data_wrappers.items()
    }
    servers: dict[str, ForeignServer] = {}
    mappings: dict[str, UserMapping] = {}
    for name, server in spec.servers.items():
        plain, secrets = _split(server.options)
        servers[name] = ForeignServer(
            name=name,
            wrapper=server.foreign_data_wrapper,
            type=server.type,
            version=server.version,
            options=plain,
            secrets=secrets,
            comment=server.comment,
            owner=server.owner,
            grants=usage_acl(server.grants),
        )
        for user, mapping in server.user_mappings.items():
            plain, secrets = _split(mapping.options)
            mappings[user_mapping_key(name, user)] = UserMapping(server=name, user=user, options=plain, secrets=secrets)
    return wrappers, servers, mappings


def with_declared(desired: Database, spec: DatabaseSpec) -> Database:
    """`desired` holding the file's wrappers, servers and mappings (the trial's are whatever the database has)."""
    wrappers, servers, mappings = desired_objects(spec)
    desired.foreign_data_wrappers, desired.servers, desired.user_mappings = wrappers, servers, mappings
    return desired


def _live_split(stored: list[str] | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Catalog options -> (plain ones, the secrets as shown (masked), the secrets' values)."""
    plain, secrets = _split(generic_options(stored))
    return plain, dict.fromkeys(secrets, MASK), secrets


def read_into(db: Database, rows: dict[str, list[dict[str, Any]]]) -> None:
    """queries/foreign_data_wrappers.sql, foreign_servers.sql and user_mappings.sql into `db`."""
    for r in rows["foreign_data_wrappers"]:
        db.foreign_data_wrappers[r["name"]] = ForeignDataWrapper(
            name=r["name"],
            handler=r["handler"],
            validator=r["validator"],
            options=options_without_secrets(r["options"]),
            comment=r["comment"],
            owner=r["owner"],
            grants=_live_grants(r),
        )
    for r in rows["foreign_servers"]:
        plain, shown, values = _live_split(r["options"])
        db.servers[r["name"]] = ForeignServer(
            name=r["name"],
            wrapper=r["wrapper"],
            type=r["type"],
            version=r["version"],
            options=plain,
            secrets=shown,
            secret_values=values,
            comment=r["comment"],
            owner=r["owner"],
            grants=_live_grants(r),
        )
    for r in rows["user_mappings"]:
        plain, shown, values = _live_split(r["options"])
        db.user_mappings[user_mapping_key(r["server"], r["user"])] = UserMapping(
            server=r["server"],
            user=r["user"],
            options=plain,
            secrets=shown,
            secret_values=values,
            readable=r["readable"],
        )


def secret_matches(token: str, live_value: str | None) -> bool:
    """Whether a live secret option holds the value of the declared `${env:NAME}` (read from the environment)."""
    env = parse_reference(token)
    assert env is not None, "secret options are ${env:NAME} (spec/foreign_data.py)"
    return SecretRef(env).matches(live_value)


# --- statements -----------------------------------------------------------------------------------------------


def _pairs(options: dict[str, str], secrets: dict[str, str]) -> list[str]:
    """`name 'value'` for each option; a secret as its `${env:NAME}` token, resolved by the executor."""
    found = [f"{quote_ident(name)} {quote_literal(value)}" for name, value in options.items()]
    return found + [f"{quote_ident(name)} {token}" for name, token in secrets.items()]


def options_clause(options: dict[str, str], secrets: dict[str, str] | None = None) -> str:
    """` OPTIONS (name 'value', ...)`, or nothing without options."""
    pairs = _pairs(options, secrets or {})
    return f" OPTIONS ({', '.join(pairs)})" if pairs else ""


def alter_options(
    want: dict[str, str],
    have: dict[str, str],
    secrets: tuple[dict[str, str], dict[str, str], set[str]] = ({}, {}, set()),
) -> str | None:
    """`OPTIONS (ADD a 'x', SET b 'y', DROP c)` making `have` into `want`, or None when they agree.

    `secrets`: the declared secret tokens, the live secrets (masked), and the names whose live value differs.
    """
    want_secrets, have_secrets, differing = secrets
    parts = [f"DROP {quote_ident(name)}" for name in have if name not in want]
    parts += [f"DROP {quote_ident(name)}" for name in have_secrets if name not in want_secrets]
    for name, value in want.items():
        if name not in have:
            parts.append(f"ADD {quote_ident(name)} {quote_literal(value)}")
        elif have[name] != value:
            parts.append(f"SET {quote_ident(name)} {quote_literal(value)}")
    for name, token in want_secrets.items():
        if name not in have_secrets:
            parts.append(f"ADD {quote_ident(name)} {token}")
        elif name in differing:
            parts.append(f"SET {quote_ident(name)} {token}")
    return f"OPTIONS ({', '.join(parts)})" if parts else None


def wrapper_target(name: str) -> str:
    return f"FOREIGN DATA WRAPPER {quote_ident(name)}"


def server_target(name: str) -> str:
    return f"SERVER {quote_ident(name)}"


def server_grant_target(name: str) -> str:
    """What GRANT ... ON names (ALTER and DROP take SERVER alone)."""
    return f"FOREIGN SERVER {quote_ident(name)}"


def mapping_target(mapping: UserMapping) -> str:
    """`USER MAPPING FOR app SERVER films`; PUBLIC for the mapping of every role."""
    role = "PUBLIC" if mapping.user == PUBLIC else quote_ident(mapping.user)
    return f"USER MAPPING FOR {role} SERVER {quote_ident(mapping.server)}"


def _with_secrets(sql: str, phase: ddl.Phase, secrets: bool) -> Statement:
    return Statement(sql=sql, phase=int(phase), secrets=secrets)


def create_wrapper(wrapper: ForeignDataWrapper) -> list[Statement]:
    sql = f"CREATE {wrapper_target(wrapper.name)}"
    sql += f" HANDLER {wrapper.handler}" if wrapper.handler else " NO HANDLER"
    sql += f" VALIDATOR {wrapper.validator}" if wrapper.validator else " NO VALIDATOR"
    statements = [ddl.stmt(sql + options_clause(wrapper.options), ddl.Phase.FOREIGN_DATA_WRAPPER)]
    return statements + ddl.comment_if_any(wrapper_target(wrapper.name), wrapper.comment)


def alter_wrapper(want: ForeignDataWrapper, have: ForeignDataWrapper) -> list[Statement]:
    clauses = []
    if want.handler != have.handler:
        clauses.append(f"HANDLER {want.handler}" if want.handler else "NO HANDLER")
    if want.validator != have.validator:
        clauses.append(f"VALIDATOR {want.validator}" if want.validator else "NO VALIDATOR")
    options = alter_options(want.options, have.options)
    if options is not None:
        clauses.append(options)
    statements = [
        ddl.stmt(f"ALTER {wrapper_target(want.name)} {clause}", ddl.Phase.FOREIGN_DATA_WRAPPER) for clause in clauses
    ]
    if want.comment != have.comment:
        statements.append(ddl.comment_on(wrapper_target(want.name), want.comment))
    return statements


def drop_wrapper(wrapper: ForeignDataWrapper) -> list[Statement]:
    return [ddl.stmt(f"DROP {wrapper_target(wrapper.name)}", ddl.Phase.DROP_FOREIGN_DATA_WRAPPER)]


def create_server(server: ForeignServer) -> list[Statement]:
    sql = f"CREATE {server_target(server.name)}"
    if server.type is not None:
        sql += f" TYPE {quote_literal(server.type)}"
    if server.version is not None:
        sql += f" VERSION {quote_literal(server.version)}"
    sql += f" {wrapper_target(server.wrapper)}{options_clause(server.options, server.secrets)}"
    statements = [_with_secrets(sql, ddl.Phase.SERVER, bool(server.secrets))]
    return statements + ddl.comment_if_any(server_target(server.name), server.comment)


def alter_server(want: ForeignServer, have: ForeignServer, differing: set[str]) -> list[Statement]:
    """VERSION and OPTIONS in place (a new type or wrapper, or no version any more, re-creates the server)."""
    statements = []
    if want.version != have.version and want.version is not None:
        sql = f"ALTER {server_target(want.name)} VERSION {quote_literal(want.version)}"
        statements.append(ddl.stmt(sql, ddl.Phase.SERVER))
    options = alter_options(want.options, have.options, (want.secrets, have.secrets, differing))
    if options is not None:
        sql = f"ALTER {server_target(want.name)} {options}"
        statements.append(_with_secrets(sql, ddl.Phase.SERVER, "${env:" in options))
    if want.comment != have.comment:
        statements.append(ddl.comment_on(server_target(want.name), want.comment))
    return statements


def server_must_be_recreated(want: ForeignServer, have: ForeignServer) -> bool:
    """ALTER SERVER changes neither the type nor the wrapper, and cannot take the version away."""
    return want.wrapper != have.wrapper or want.type != have.type or (want.version is None and have.version is not None)


def drop_server(server: ForeignServer) -> list[Statement]:
    return [ddl.stmt(f"DROP {server_target(server.name)}", ddl.Phase.DROP_SERVER)]


def create_mapping(mapping: UserMapping) -> list[Statement]:
    sql = f"CREATE {mapping_target(mapping)}{options_clause(mapping.options, mapping.secrets)}"
    return [_with_secrets(sql, ddl.Phase.USER_MAPPING, bool(mapping.secrets))]


def alter_mapping(want: UserMapping, have: UserMapping, differing: set[str]) -> list[Statement]:
    options = alter_options(want.options, have.options, (want.secrets, have.secrets, differing))
    if options is None:
        return []
    sql = f"ALTER {mapping_target(want)} {options}"
    return [_with_secrets(sql, ddl.Phase.USER_MAPPING, "${env:" in options)]


def drop_mapping(mapping: UserMapping) -> list[Statement]:
    return [ddl.stmt(f"DROP {mapping_target(mapping)}", ddl.Phase.DROP_USER_MAPPING)]


def owner_statement(target: str, owner: str) -> Statement:
    return ddl.stmt(f"ALTER {target} OWNER TO {quote_ident(owner)}", ddl.Phase.OWNER)


# --- the normalizing transaction ------------------------------------------------------------------------------

EXISTING = """
SELECT 'wrapper', fdwname FROM pg_foreign_data_wrapper
UNION ALL SELECT 'server', srvname FROM pg_foreign_server
UNION ALL SELECT 'mapping', srvname || '/' || usename FROM pg_user_mappings
"""


def trial_statements(spec: DatabaseSpec, existing: set[tuple[str, str]]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """CREATE statements for the declared wrappers, servers and mappings the database lacks, each with its path.

    They run in the normalizing transaction (rolled back), so that the file's foreign tables can be created
    there and the wrappers' validators check every option first. A secret option holds TRIAL_SECRET there.
    """
    wrappers, servers, mappings = desired_objects(spec)
    for name, wrapper in wrappers.items():
        if ("wrapper", name) not in existing:
            yield create_wrapper(wrapper)[0].sql, ("foreign_data_wrappers", name)
    for name, server in servers.items():
        if ("server", name) not in existing:
            trial = server.model_copy(update={"secrets": {}, "options": {**server.options, **_placeholders(server)}})
            yield create_server(trial)[0].sql, ("servers", name)
    for key, mapping in mappings.items():
        if ("mapping", key) not in existing:
            trial_mapping = mapping.model_copy(
                update={"secrets": {}, "options": {**mapping.options, **dict.fromkeys(mapping.secrets, TRIAL_SECRET)}}
            )
            yield create_mapping(trial_mapping)[0].sql, ("servers", mapping.server, "user_mappings", mapping.user)


def _placeholders(server: ForeignServer) -> dict[str, str]:
    return dict.fromkeys(server.secrets, TRIAL_SECRET)


def unreadable(database: str, desired: Database, live: Database) -> list[str]:
    """A plan warning for each declared user mapping whose live options the inspecting role cannot read."""
    return [
        f"postgres {database}: the options of the user mapping for {mapping.user} on server {mapping.server} are not "
        "readable by the connecting role (only the mapped role, the server's owner and superusers read them): "
        "they are not compared"
        for key, mapping in live.user_mappings.items()
        if not mapping.readable and key in desired.user_mappings
    ]
