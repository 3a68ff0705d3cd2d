"""Subscriptions (logical replication): from a state file and from the catalogs, and their DDL.

They are database-wide and connect to another server, so, like publications, they are never created in the
normalizing trial: the desired ones are built from the state file (`declared`) and compared with the live ones
(queries/subscriptions.sql) in canonical form.

Nothing reconcile runs makes the server connect to a publisher, unless the plan shows it:
- CREATE SUBSCRIPTION always runs WITH (connect = false): no connection, no slot created on the publisher, no
  table subscribed and no data copied, and it may run inside the apply's transaction. `enabled: true` is then
  ALTER SUBSCRIPTION ... ENABLE, which starts the apply worker (it connects, after the commit).
- Publications change with SET PUBLICATION ... WITH (refresh = false): no connection, no data copied.
  reconcile never runs REFRESH PUBLICATION.
- A subscription is dropped after DISABLE and SET (slot_name = NONE), so DROP SUBSCRIPTION does not connect to
  drop its slot (and may run in a transaction): the slot stays on the publisher, keeping WAL there until
  someone drops it, and the plan says so. Only tables still synchronizing make DROP connect (to drop their
  sync slots): the plan says that too.

A password in the connection string is declared as `${env:NAME}`, compared by value and written by the executor
(conninfo.py, secrets.py); the live value is never dumped. A role that may not read subconninfo (only superusers
may, in PostgreSQL 15) does not compare it: the plan says so, and a live subscription the file does not declare
is then left alone (`held`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.changes import Statement
from reconciler.errors import StateIssue
from reconciler.postgres import conninfo, ddl
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Database, Subscription
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.secrets import MASK, TOKEN, SecretRef, parse_reference

Locator = Callable[[tuple[str | int, ...], str], StateIssue]

# synchronous_commit as PostgreSQL accepts it (an enum setting, any case), in the spelling the file writes.
_SYNCHRONOUS_COMMIT = {"true": "on", "yes": "on", "1": "on", "false": "off", "no": "off", "0": "off"}


# --- the state file and the catalogs ------------------------------------------------------------------------


def declaration_issues(spec: DatabaseSpec, locate: Locator) -> list[StateIssue]:
    """Names that would carry a secret token into a statement holding a password (validate reports them)."""
    issues: list[StateIssue] = []
    for name, subscription in spec.subscriptions.items():
        if "${" in name:
            issues.append(locate(("subscriptions", name), "a subscription's name cannot hold '${'"))
        for index, publication in enumerate(subscription.publications):
            if "${" in publication:
                issues.append(locate(("subscriptions", name, "publications", index), "a name cannot hold '${'"))
    return issues


def declared(spec: DatabaseSpec) -> dict[str, Subscription]:
    """The file's subscriptions in the model's terms (the slot defaults to the subscription's name)."""
    found: dict[str, Subscription] = {}
    for name, sub in spec.subscriptions.items():
        found[name] = Subscription(
            name=name,
            connection=sub.connection,
            publications=list(sub.publications),
            enabled=sub.enabled,
            slot_name=sub.slot_name if "slot_name" in sub.model_fields_set else name,
            binary=sub.binary,
            streaming=sub.streaming,
            synchronous_commit=sub.synchronous_commit,
            disable_on_error=sub.disable_on_error,
            two_phase=sub.two_phase,
            comment=sub.comment,
            owner=sub.owner,
            connection_masked=conninfo.masked(sub.connection),
            connection_secrets=conninfo.secrets(sub.connection),
        )
    return found


def with_declared(desired: Database, spec: DatabaseSpec) -> Database:
    """`desired` holding the file's subscriptions (the trial database has none of its own)."""
    desired.subscriptions = declared(spec)
    return desired


def _connection(stored: str | None) -> tuple[str, dict[str, str], bool]:
    """subconninfo -> (shown and compared, secrets masked; the secret values; whether it is a URI)."""
    if stored is None:
        return MASK, {}, False
    try:
        return conninfo.masked(stored), conninfo.secrets(stored), False
    except conninfo.ConninfoError:  # a URI may hold a password anywhere: nothing of it is shown
        return MASK, {}, True


def read_into(db: Database, rows: list[dict[str, Any]]) -> None:
    """queries/subscriptions.sql into `db`."""
    for r in rows:
        shown, values, uri = _connection(r["connection"])
        sync = r["synchronous_commit"].lower()
        db.subscriptions[r["name"]] = Subscription(
            name=r["name"],
            connection=shown,
            publications=list(r["publications"]),
            enabled=r["enabled"],
            slot_name=r["slot_name"],
            binary=r["binary"],
            streaming=r["streaming"],
            synchronous_commit=_SYNCHRONOUS_COMMIT.get(sync, sync),
            disable_on_error=r["disable_on_error"],
            two_phase=r["two_phase"],
            comment=r["comment"],
            owner=r["owner"],
            connection_masked=shown,
            connection_secrets=values,
            connection_readable=r["readable"],
            connection_is_uri=uri,
            syncing_tables=r["syncing_tables"],
        )


def connection_matches(want: Subscription, have: Subscription) -> bool:
    """Whether the live connection string is the declared one: the same text, and each secret the same value."""
    if want.connection_masked != have.connection_masked or set(want.connection_secrets) != set(have.connection_secrets):
        return False
    for keyword, token in want.connection_secrets.items():
        env = parse_reference(token)
        assert env is not None, "declared secrets are ${env:NAME} (conninfo.declaration_problem)"
        if not SecretRef(env).matches(have.connection_secrets.get(keyword)):
            return False
    return True


def _undeclarable_connection(have: Subscription) -> str | None:
    """Why a live subscription's connection string cannot be exported, or None when it can."""
    if not have.connection_readable:
        return "is not readable by the connecting role (only superusers read pg_subscription.subconninfo)"
    if have.connection_is_uri:
        return "is a URI (postgresql://...), which state files cannot declare (keyword=value pairs only)"
    return None


def held(desired: Database, live: Database) -> list[Subscription]:
    """Live subscriptions the file does not declare, whose connection string cannot be declared: left alone."""
    return [
        have
        for name, have in live.subscriptions.items()
        if name not in desired.subscriptions and _undeclarable_connection(have) is not None
    ]


def held_warnings(database: str, desired: Database, live: Database) -> list[str]:
    """A plan warning for each subscription left alone, and each whose connection is not compared."""
    warnings = []
    for name, have in live.subscriptions.items():
        why = _undeclarable_connection(have)
        if why is None or (name in desired.subscriptions and have.connection_readable):
            continue  # a declared URI is compared, and replaced by the declared string
        what = "its connection is not compared" if name in desired.subscriptions else "it is left alone, not dropped"
        warnings.append(f"postgres {database}: the connection string of subscription {name} {why}: {what}")
    return warnings


def header_lines(live: Database) -> list[str]:
    """Export: the subscriptions left out of the file, and why."""
    lines = []
    for name, have in live.subscriptions.items():
        why = _undeclarable_connection(have)
        if why is not None:
            lines.append(f"  subscription {name}: its connection string {why}")
    if not lines:
        return []
    return ["Left alone (the plan never changes or drops them while the file does not declare them):", *lines]


# --- statements -----------------------------------------------------------------------------------------------


def target(name: str) -> str:
    return f"SUBSCRIPTION {quote_ident(name)}"


def _connection_literal(subscription: Subscription) -> str:
    """The declared string as an SQL literal, a password as its `${env:NAME|conninfo}` token."""
    return quote_literal(conninfo.for_executor(subscription.connection))


def _guarded(sql: str, phase: ddl.Phase, subscription: Subscription) -> Statement:
    """A statement holding the connection string: its only tokens are the declared passwords' (hostile names)."""
    tokens = {match[0] for match in TOKEN.finditer(sql)}
    expected = {"${env:" + str(parse_reference(t)) + "|conninfo}" for t in subscription.connection_secrets.values()}
    if not tokens <= expected:
        raise ValueError(f"subscription {subscription.name}: a secret token outside its connection's password")
    return Statement(sql=sql, phase=int(phase), secrets=bool(tokens))


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _slot(slot_name: str | None) -> str:
    return "NONE" if slot_name is None else quote_literal(slot_name)


def _options(subscription: Subscription) -> list[str]:
    """The WITH options of CREATE that differ from PostgreSQL's defaults (slot_name: the subscription's name)."""
    found = []
    if subscription.slot_name != subscription.name:
        found.append(f"slot_name = {_slot(subscription.slot_name)}")
    for option in ("binary", "streaming", "disable_on_error", "two_phase"):
        if getattr(subscription, option):
            found.append(f"{option} = true")
    if subscription.synchronous_commit != "off":
        found.append(f"synchronous_commit = {quote_literal(subscription.synchronous_commit)}")
    return found


def create(subscription: Subscription) -> list[Statement]:
    """CREATE ... WITH (connect = false): nothing connects and no slot is made; then ENABLE, comment, owner."""
    publications = ", ".join(quote_ident(p) for p in subscription.publications)
    options = ", ".join(["connect = false", *_options(subscription)])
    sql = (
        f"CREATE {target(subscription.name)} CONNECTION {_connection_literal(subscription)} "
        f"PUBLICATION {publications} WITH ({options})"
    )
    statements = [_guarded(sql, ddl.Phase.SUBSCRIPTION, subscription)]
    if subscription.enabled:
        statements.append(ddl.stmt(f"ALTER {target(subscription.name)} ENABLE", ddl.Phase.SUBSCRIPTION))
    statements += ddl.comment_if_any(target(subscription.name), subscription.comment)
    if subscription.owner is not None:
        statements.append(owner_statement(subscription.name, subscription.owner))
    return statements


def _set_options(want: Subscription, have: Subscription) -> list[str]:
    found = []
    if want.slot_name != have.slot_name:
        found.append(f"slot_name = {_slot(want.slot_name)}")
    for option in ("binary", "streaming", "disable_on_error"):
        if getattr(want, option) != getattr(have, option):
            found.append(f"{option} = {_bool(getattr(want, option))}")
    if want.synchronous_commit != have.synchronous_commit:
        found.append(f"synchronous_commit = {quote_literal(want.synchronous_commit)}")
    return found


def alter(want: Subscription, have: Subscription, connection_differs: bool) -> list[Statement]:
    """DISABLE first (slot_name = NONE needs it), then connection, publications and options, ENABLE last."""
    name = target(want.name)
    statements = []
    if have.enabled and not want.enabled:
        statements.append(ddl.stmt(f"ALTER {name} DISABLE", ddl.Phase.SUBSCRIPTION))
    if connection_differs:
        sql = f"ALTER {name} CONNECTION {_connection_literal(want)}"
        statements.append(_guarded(sql, ddl.Phase.SUBSCRIPTION, want))
    if want.publications != have.publications:
        publications = ", ".join(quote_ident(p) for p in want.publications)
        sql = f"ALTER {name} SET PUBLICATION {publications} WITH (refresh = false)"
        statements.append(ddl.stmt(sql, ddl.Phase.SUBSCRIPTION))
    options = _set_options(want, have)
    if options:
        statements.append(ddl.stmt(f"ALTER {name} SET ({', '.join(options)})", ddl.Phase.SUBSCRIPTION))
    if want.enabled and not have.enabled:
        statements.append(ddl.stmt(f"ALTER {name} ENABLE", ddl.Phase.SUBSCRIPTION))
    if want.comment != have.comment:
        statements.append(ddl.comment_on(name, want.comment))
    if want.owner is not None and want.owner != have.owner:
        statements.append(owner_statement(want.name, want.owner))
    return statements


def must_be_recreated(want: Subscription, have: Subscription) -> bool:
    """ALTER SUBSCRIPTION cannot change two_phase in PostgreSQL 15."""
    return want.two_phase != have.two_phase


def drop(subscription: Subscription) -> list[Statement]:
    """DISABLE, SET (slot_name = NONE), DROP: PostgreSQL then does not connect to drop the slot, which stays."""
    name = target(subscription.name)
    statements = []
    if subscription.enabled:
        statements.append(ddl.stmt(f"ALTER {name} DISABLE", ddl.Phase.DROP_SUBSCRIPTION))
    if subscription.slot_name is not None:
        statements.append(ddl.stmt(f"ALTER {name} SET (slot_name = NONE)", ddl.Phase.DROP_SUBSCRIPTION))
    return [*statements, ddl.stmt(f"DROP {name}", ddl.Phase.DROP_SUBSCRIPTION)]


def owner_statement(name: str, owner: str) -> Statement:
    return ddl.stmt(f"ALTER {target(name)} OWNER TO {quote_ident(owner)}", ddl.Phase.OWNER)
