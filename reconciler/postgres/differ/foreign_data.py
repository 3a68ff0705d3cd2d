"""Foreign-data wrappers, servers and user mappings: created, altered in place, dropped, or re-created.

Options change in place (ALTER ... OPTIONS (ADD / SET / DROP)), and so do a wrapper's handler and validator
and a server's version. ALTER SERVER changes neither the type nor the wrapper, nor takes a version away: such
a server is dropped and created again, with its user mappings around it, and the foreign tables on it are
re-created too (differ/partitions.must_recreate), with the views over them (the dependents machinery).

Grants (USAGE) are compared grantee by grantee with the default ACL of the owner the plan leaves (a change of
its own, `<address>.grants`): a wrapper's right after the wrappers, so that a role a server is handed to holds
USAGE on its wrapper by then; a server's with the other grants, and anew for a server the plan re-creates.

An owner is compared only where the file declares one. Secret options are compared by value: the declared
`${env:NAME}` is read from the environment and checked against the live option, and changes show the mask
and the token, never a value. A user mapping whose options the inspecting role cannot read is not compared
(the plan says so: foreign_data.unreadable).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.differ.hazards import DEPENDENTS
from reconciler.postgres.differ.privileges import acl_changes, add_grants_change, after_owner_change
from reconciler.postgres.foreign_data import (
    alter_mapping,
    alter_server,
    alter_wrapper,
    create_mapping,
    create_server,
    create_wrapper,
    drop_mapping,
    drop_server,
    drop_wrapper,
    owner_default,
    owner_statement,
    secret_matches,
    server_grant_target,
    server_must_be_recreated,
    server_target,
    wrapper_target,
)
from reconciler.postgres.model import Acl, ForeignDataWrapper, ForeignServer, Language, ObjectPrivileges, UserMapping
from reconciler.secrets import MASK

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

# Database-wide objects with an owner and USAGE grants of their own.
Owned = TypeVar("Owned", ForeignDataWrapper, Language)


def _mapping_address(mapping: UserMapping) -> str:
    return f"server.{mapping.server}.user_mapping.{mapping.user}"


def owner_change(target: str, want: str | None, have: str | None) -> list[Statement]:
    return [owner_statement(target, want)] if want is not None and want != have else []


def _differing_secrets(want: dict[str, str], have: dict[str, str], values: dict[str, str]) -> set[str]:
    """Names of the declared secret options the live object holds with another value."""
    return {name for name, token in want.items() if name in have and not secret_matches(token, values.get(name))}


def _shown_secrets(want: dict[str, str], have: dict[str, str], differing: set[str]) -> dict[str, str]:
    """The declared secrets as the live ones are shown where they hold the same value: equal models mean no change."""
    return {name: MASK if name in have and name not in differing else token for name, token in want.items()}


def replaced_servers(differ: _Differ) -> set[str]:
    """Names of the live servers this plan drops and creates again."""
    return {
        name
        for name, want in differ.desired.servers.items()
        if name in differ.live.servers and server_must_be_recreated(want, differ.live.servers[name])
    }


def diff_foreign_data(differ: _Differ) -> None:
    """Wrappers, then servers, then user mappings (phases order their statements: ddl.Phase)."""
    _wrappers(differ)
    replaced = replaced_servers(differ)
    _servers(differ, replaced)
    _mappings(differ, replaced)


def grants_apart(desired: Mapping[str, Owned], live: Mapping[str, Owned]) -> dict[str, Owned]:
    """The desired objects as their own change compares them: grants are a change of their own (usage_grants), and
    an owner the file leaves out is the live one."""
    return {
        name: want.model_copy(update={"owner": want.owner or live[name].owner, "grants": live[name].grants})
        if name in live
        else want
        for name, want in desired.items()
    }


def _wrappers(differ: _Differ) -> None:
    live = differ.live.foreign_data_wrappers
    desired = grants_apart(differ.desired.foreign_data_wrappers, live)

    def create(want: ForeignDataWrapper) -> list[Statement]:
        return create_wrapper(want) + owner_change(wrapper_target(want.name), want.owner, None)

    def update(want: ForeignDataWrapper, have: ForeignDataWrapper) -> None:
        statements = alter_wrapper(want, have) + owner_change(wrapper_target(want.name), want.owner, have.owner)
        differ.add(
            f"foreign_data_wrapper.{want.name}",
            "foreign_data_wrapper",
            Action.UPDATE,
            have,
            want,
            statements,
            detail=_field_changes(have, want),
        )

    differ.keyed(
        "foreign_data_wrapper",
        desired,
        live,
        lambda w: f"foreign_data_wrapper.{w.name}",
        create,
        drop_wrapper,
        update,
    )
    for name, want in differ.desired.foreign_data_wrappers.items():
        # Right after the wrappers: a role a server is handed to (ALTER SERVER ... OWNER TO) needs USAGE on its wrapper.
        target = wrapper_target(name)
        usage_grants(
            differ, f"foreign_data_wrapper.{name}", target, want, live.get(name), ddl.Phase.FOREIGN_DATA_WRAPPER
        )


def _servers(differ: _Differ, replaced: set[str]) -> None:
    live = differ.live.servers
    differing: dict[str, set[str]] = {}
    desired: dict[str, ForeignServer] = {}
    for name, want in differ.desired.servers.items():
        have = live.get(name)
        if have is None:
            desired[name] = want
            continue
        differing[name] = _differing_secrets(want.secrets, have.secrets, have.secret_values)
        shown = _shown_secrets(want.secrets, have.secrets, differing[name])
        desired[name] = want.model_copy(
            update={"owner": want.owner or have.owner, "secrets": shown, "grants": have.grants}
        )

    def create(want: ForeignServer) -> list[Statement]:
        declared = differ.desired.servers[want.name]
        return create_server(declared) + owner_change(server_target(want.name), want.owner, None)

    def update(want: ForeignServer, have: ForeignServer) -> None:
        declared = differ.desired.servers[want.name].model_copy(update={"owner": want.owner})
        address = f"server.{want.name}"
        if want.name in replaced:
            statements = drop_server(have) + create(want)
            detail = [*_field_changes(have, want), "ALTER SERVER changes neither its type nor its wrapper: re-created"]
            differ.add(address, "server", Action.REPLACE, have, want, statements, hazards=[DEPENDENTS], detail=detail)
            return
        statements = alter_server(declared, have, differing[want.name])
        statements += owner_change(server_target(want.name), want.owner, have.owner)
        differ.add(address, "server", Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    differ.keyed("server", desired, live, lambda s: f"server.{s.name}", create, drop_server, update)
    for name, want in differ.desired.servers.items():
        # A server the plan creates again starts from the default ACL: its grants are granted anew.
        have = live.get(name) if name not in replaced else None
        usage_grants(differ, f"server.{name}", server_grant_target(name), want, have, ddl.Phase.GRANT)


def usage_grants(
    differ: _Differ,
    address: str,
    target: str,
    want: ForeignDataWrapper | ForeignServer | Language,
    have: ForeignDataWrapper | ForeignServer | Language | None,
    phase: ddl.Phase,
    default: Callable[[str | None], Acl] = owner_default,
) -> None:
    """GRANT / REVOKE USAGE taking a wrapper, server or language from its live grants (or the default ACL of
    `default`, when the plan creates it) to the declared ones: the `<address>.grants` change."""
    statements, detail, revokes = usage_acl_changes(target, want, have, phase, default)
    add_grants_change(differ, address, have, want, statements, detail, revokes)


def usage_acl_changes(
    target: str,
    want: ForeignDataWrapper | ForeignServer | Language,
    have: ForeignDataWrapper | ForeignServer | Language | None,
    phase: ddl.Phase,
    default: Callable[[str | None], Acl] = owner_default,
) -> tuple[list[Statement], list[str], bool]:
    """acl_changes of usage_grants, after any change of owner (ALTER ... OWNER TO hands the old owner's entry on)."""
    owner = want.owner or (have.owner if have is not None else None)
    defaults = default(owner)
    before: Acl = {}
    if have is not None:
        kind = {ForeignServer: "server", Language: "language"}.get(type(have), "foreign data wrapper")
        live = ObjectPrivileges(
            kind=kind, schema_name="", name=have.name, grants=have.grants, defaults=default(have.owner)
        )
        if owner is not None and have.owner is not None and owner != have.owner:
            live = after_owner_change(live, have.owner, owner)
        before = live.grants
    return acl_changes(target, want.grants, before, defaults, phase)


def _mappings(differ: _Differ, replaced: set[str]) -> None:
    live = differ.live.user_mappings
    differing: dict[str, set[str]] = {}
    desired: dict[str, UserMapping] = {}
    for key, want in differ.desired.user_mappings.items():
        have = live.get(key)
        if have is None:
            desired[key] = want
        elif not have.readable:  # not compared: the plan warns (foreign_data.unreadable)
            desired[key] = want.model_copy(update={"options": have.options, "secrets": have.secrets})
        else:
            differing[key] = _differing_secrets(want.secrets, have.secrets, have.secret_values)
            desired[key] = want.model_copy(
                update={"secrets": _shown_secrets(want.secrets, have.secrets, differing[key])}
            )

    def declared(want: UserMapping) -> UserMapping:
        return differ.desired.user_mappings[f"{want.server}/{want.user}"]

    def update(want: UserMapping, have: UserMapping) -> None:
        key = f"{want.server}/{want.user}"
        statements = alter_mapping(declared(want), have, differing.get(key, set()))
        detail = _field_changes(have, want)
        differ.add(_mapping_address(want), "user_mapping", Action.UPDATE, have, want, statements, detail=detail)

    # A mapping kept on a re-created server is dropped and created again with it, below.
    again = {key for key, have in live.items() if have.server in replaced and key in desired}
    differ.keyed(
        "user_mapping",
        {key: want for key, want in desired.items() if key not in again},
        {key: have for key, have in live.items() if key not in again},
        _mapping_address,
        lambda want: create_mapping(declared(want)),
        drop_mapping,
        update,
    )
    for key in sorted(again):  # a re-created server drops its mappings first, and gets them back after
        have = live[key]
        statements = drop_mapping(have) + create_mapping(declared(desired[key]))
        differ.add(
            _mapping_address(have),
            "user_mapping",
            Action.REPLACE,
            have,
            desired[key],
            statements,
            detail=[f"re-created with server {have.server}"],
        )
