"""Settings of a database: ALTER DATABASE ... SET, the defaults every new session of it starts with.

A database file's `settings:` maps a parameter to its value (`statement_timeout: 30s`, `search_path: [app,
public]`); left out, the database's settings are not compared. Its `role_settings:` do the same for single roles in
the database (ALTER ROLE ... IN DATABASE ... SET), each role listed exactly, a role left out not compared.
PostgreSQL keeps each setting as text in pg_db_role_setting, as ALTER ... SET wrote it (names in their canonical
case, `TimeZone`; a list element by element, quoted as identifiers where the parameter quotes them): the trial sets
the declared values as the planning role's own settings in the database (ALTER ROLE CURRENT_USER IN DATABASE, which
any role may do for itself and which checks names and values as ALTER DATABASE does), reads them back and rolls
back. A role's `settings:` in the roles file are read the same way (stored_forms), as the planning role's own
everywhere.

Names are identifiers (`work_mem`, `app.tenant`), quoted here; values are string literals quoted here, a list one
literal per element. Nothing else of the file reaches SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import psycopg

from reconciler.changes import Action
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Database, DatabaseSetting
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.settings import SettingValue

Locator = Callable[[tuple[str | int, ...], str], StateIssue]
KIND = "setting"
# Parameters whose list elements PostgreSQL quotes as identifiers when it stores them (GUC_LIST_QUOTE): export
# writes their values as lists, so that setting them again stores the same text.
QUOTED_LISTS = frozenset({"search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries"})
# Every parameter that takes a list (GUC_LIST_INPUT) among those a database may set.
LISTS = QUOTED_LISTS | {"DateStyle"}

_OWN_ROW = """
SELECT s.setconfig FROM pg_db_role_setting s
WHERE s.setdatabase = {database} AND s.setrole = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
"""
_ELEMENT = re.compile(r'\s*("(?:[^"]|"")*"|[^,]*?)\s*(?:,|$)')


def name_sql(name: str) -> str:
    """`work_mem`, `"TimeZone"`, `app.tenant`: each part an identifier."""
    return ".".join(quote_ident(part) for part in name.split("."))


def value_sql(value: SettingValue) -> str:
    """A declared value as ALTER ... SET takes it: a literal, a list one literal per element."""
    if isinstance(value, list):
        return ", ".join(quote_literal(element) for element in value)
    if isinstance(value, bool):
        return quote_literal("on" if value else "off")
    return quote_literal(str(value))


def entries(setconfig: list[str] | None) -> dict[str, str]:
    """pg_db_role_setting.setconfig (`{"TimeZone=UTC", "search_path=app, public"}`) as name -> text."""
    found: dict[str, str] = {}
    for entry in setconfig or []:
        name, _, value = entry.partition("=")
        found[name] = value
    return found


def exported(settings: Mapping[str, str]) -> dict[str, SettingValue]:
    """Stored settings (name -> text) as a state file writes them."""
    return {name: exported_value(name, value) for name, value in settings.items()}


def exported_value(name: str, stored: str) -> SettingValue:
    """A stored setting as a state file writes it (and a plan sets it again): a list for a parameter that takes
    one, else the text."""
    if name not in LISTS:
        return stored
    elements = []
    for match in _ELEMENT.finditer(stored):
        element = match.group(1)
        if element.startswith('"'):
            element = element[1:-1].replace('""', '"')
        if element or match.group(0).strip():
            elements.append(element)
        if match.end() >= len(stored):
            break
    return elements


# --- the trial (normalize) ------------------------------------------------------------------------------------


def stored_forms(
    conn: psycopg.Connection[Any],
    settings: dict[str, SettingValue],
    refuse: Callable[[str, str], StateError],
    database: str | None = None,
) -> dict[str, str]:
    """Canonical name -> the text PostgreSQL stores for `settings`, set as the connecting role's own defaults (in
    `database`, or everywhere) inside the caller's transaction, which must roll back. `refuse(name, message)`
    makes the error for a setting PostgreSQL refuses."""
    target = "ROLE CURRENT_USER" + ("" if database is None else f" IN DATABASE {quote_ident(database)}")
    conn.execute(f"ALTER {target} RESET ALL".encode())
    canonical: dict[str, str] = {}
    for name, value in settings.items():
        try:
            with conn.transaction():
                conn.execute(f"ALTER {target} SET {name_sql(name)} TO {value_sql(value)}".encode())
        except psycopg.Error as exc:
            raise refuse(name, f"PostgreSQL rejects this setting: {exc.diag.message_primary}") from None
        found = conn.execute("SELECT name FROM pg_settings WHERE lower(name) = lower(%s)", (name,)).fetchone()
        known = str(found[0]) if found else name
        if known in canonical:
            raise refuse(name, f"the same parameter as {canonical[known]!r}")
        canonical[known] = name
    where = "0" if database is None else "(SELECT d.oid FROM pg_database d WHERE d.datname = current_database())"
    row = conn.execute(_OWN_ROW.format(database=where)).fetchone()
    values = entries(row[0] if row else None)
    return {known: values.get(known, "") for known in canonical}


Settings = dict[str, DatabaseSetting]


def resolve(
    conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator
) -> tuple[Settings | None, dict[str, Settings]]:
    """The database's declared settings (None: the file does not declare `settings:`) and those `role_settings:`
    gives each role listed, as PostgreSQL stores them: each set in turn as the planning role's own in the database."""
    if spec.settings is None and not spec.role_settings:
        return None, {}
    row = conn.execute("SELECT current_database()").fetchone()
    database = str(row[0]) if row else ""

    def stored(settings: Mapping[str, SettingValue], *path: str) -> Settings:
        def refuse(name: str, message: str) -> StateError:
            return StateError([locate((*path, name), message)])

        found = stored_forms(conn, dict(settings), refuse, database) if settings else {}
        return {name: DatabaseSetting(value=value) for name, value in found.items()}

    own = None if spec.settings is None else stored(spec.settings, "settings")
    return own, {role: stored(values, "role_settings", role) for role, values in sorted(spec.role_settings.items())}


# --- plans ----------------------------------------------------------------------------------------------------


def changed(want: Mapping[str, str], have: Mapping[str, str]) -> list[tuple[str, str | None, str | None]]:
    """(name, live text or None, declared text or None) of each setting to set or to reset."""
    found = [(name, have.get(name), value) for name, value in want.items() if have.get(name) != value]
    return found + [(name, value, None) for name, value in have.items() if name not in want]


def alter_sql(owner: str, name: str, stored: str | None) -> str:
    """`ALTER <owner> SET name TO ...` from the stored text, which setting it again stores unchanged (a cached desired
    model has no more), or `ALTER <owner> RESET name`. `owner`: `DATABASE shop`, `ROLE app`, quoted."""
    if stored is None:
        return f"ALTER {owner} RESET {name_sql(name)}"
    return f"ALTER {owner} SET {name_sql(name)} TO {value_sql(exported_value(name, stored))}"


def diff(desired: Database, live: Database, add: Callable[..., None]) -> None:
    """One change per setting that differs: the database's when the file declares `settings:`, and those of each
    role `role_settings:` lists."""
    database = quote_ident(live.name)
    if desired.settings is not None:
        _diff_one(f"DATABASE {database}", "database.setting", desired.settings, live.settings or {}, add)
    for role, want in desired.role_settings.items():
        owner = f"ROLE {quote_ident(role)} IN DATABASE {database}"
        _diff_one(owner, f"database.role.{role}.setting", want, live.role_settings.get(role, {}), add)


def _diff_one(
    owner: str,
    prefix: str,
    want: Mapping[str, DatabaseSetting],
    have: Mapping[str, DatabaseSetting],
    add: Callable[..., None],
) -> None:
    for name, before, after in changed({n: s.value for n, s in want.items()}, {n: s.value for n, s in have.items()}):
        action = Action.DELETE if after is None else Action.CREATE if before is None else Action.UPDATE
        detail = [] if before is None or after is None else [f"value: {before!r} -> {after!r}"]
        statements = [ddl.stmt(alter_sql(owner, name, after), ddl.Phase.FUNCTION)]
        add(f"{prefix}.{name}", KIND, action, have.get(name), want.get(name), statements, detail=detail)
