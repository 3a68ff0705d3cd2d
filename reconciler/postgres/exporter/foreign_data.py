"""Foreign-data wrappers and servers (with their user mappings) read back into a state file, secrets left out.

A secret option (spec/foreign_data.SECRET_OPTIONS) is written as a `${env:NAME}` placeholder named after
its server (and role), and listed among the file's secrets: the export never holds the value, and the
plan needs the variable set, as for role passwords. A user mapping whose options the exporting role cannot
read is exported without them and named in the header.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.exporter.privileges import grants_value
from reconciler.postgres.model import Database, ForeignServer, UserMapping
from reconciler.postgres.spec.foreign_data import SECRET_OPTIONS


def variable_name(parts: list[str], taken: dict[str, str]) -> str:
    """An environment variable name made of `parts` (`FILMS_APP_PASSWORD`), unique in the file."""
    name = re.sub(r"[^A-Z0-9_]", "_", "_".join(parts).upper())
    if not re.match(r"^[A-Z_]", name):
        name = f"_{name}"
    candidate, counter = name, 1
    while candidate in taken:
        counter += 1
        candidate = f"{name}_{counter}"
    return candidate


def _options(
    options: dict[str, str], secrets: dict[str, str], where: list[str], taken: dict[str, str]
) -> dict[str, str]:
    found = dict(options)
    for name in secrets:
        variable = variable_name([*where, name], taken)
        taken[variable] = f"option {name} of {' '.join(where)}"
        found[name] = "${env:" + variable + "}"
    return found


def wrappers(live: Database, differ: list[str]) -> dict[str, Any]:
    """The wrappers no extension owns: handler, validator, options, owner, comment, grants.

    A secret option (password) is left out, and `differ` says so: state files hold secrets only in servers' and
    user mappings' options, so the plan of the file drops it from the wrapper.
    """
    found: dict[str, Any] = {}
    for name, wrapper in live.foreign_data_wrappers.items():
        spec: dict[str, Any] = {}
        for field in ("handler", "validator"):
            if getattr(wrapper, field) is not None:
                spec[field] = getattr(wrapper, field)
        secret = sorted(option for option in wrapper.options if option in SECRET_OPTIONS)
        if secret:
            differ.append(
                f"foreign data wrapper {name}: declared without its secret option {', '.join(secret)}, which "
                "belongs in a server's or a user mapping's options (the plan drops it)"
            )
        options = {option: value for option, value in wrapper.options.items() if option not in SECRET_OPTIONS}
        if options:
            spec["options"] = options
        if wrapper.comment is not None:
            spec["comment"] = wrapper.comment
        if wrapper.owner is not None:
            spec["owner"] = wrapper.owner
        if wrapper.grants:
            spec["grants"] = grants_value(wrapper.grants)
        found[name] = spec
    return found


def _mapping(mapping: UserMapping, taken: dict[str, str], unread: list[str]) -> dict[str, Any] | None:
    if not mapping.readable:
        unread.append(
            f"user mapping for {mapping.user} on server {mapping.server}: its options are not readable by the "
            "exporting role, and are left out"
        )
        return None
    options = _options(mapping.options, mapping.secrets, ["server", mapping.server, mapping.user], taken)
    return {"options": options} if options else None


def _server(server: ForeignServer, live: Database, taken: dict[str, str], unread: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"foreign_data_wrapper": server.wrapper}
    for field in ("type", "version"):
        if getattr(server, field) is not None:
            spec[field] = getattr(server, field)
    options = _options(server.options, server.secrets, ["server", server.name], taken)
    if options:
        spec["options"] = options
    if server.comment is not None:
        spec["comment"] = server.comment
    if server.owner is not None:
        spec["owner"] = server.owner
    if server.grants:
        spec["grants"] = grants_value(server.grants)
    mappings = {m.user: _mapping(m, taken, unread) for m in live.user_mappings.values() if m.server == server.name}
    if mappings:
        spec["user_mappings"] = mappings
    return spec


def servers(live: Database, secrets: dict[str, str], unread: list[str]) -> dict[str, Any]:
    """Every server with its user mappings; `secrets` gets each placeholder's variable and where it stands."""
    return {name: _server(server, live, secrets, unread) for name, server in live.servers.items()}


def has_secret_option(options: dict[str, str]) -> bool:
    """Whether a foreign table's or column's options hold a secret, which state files keep to servers and mappings."""
    return any(name in SECRET_OPTIONS for name in options)
