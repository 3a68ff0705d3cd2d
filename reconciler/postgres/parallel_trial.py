"""The whole trial split across connections: a large schema's tables normalized in chunks at once.

A cold plan (nothing recorded: a first CI run, or any plan after reconcile's
own normalizing code changed) creates every declared table in the trial, and
on a large schema that DDL is the server's work of seconds: one backend
process, while the other cores of the server idle. Where per-table units are
exact (normalization_units: nothing of the base reads tables) and no
table needs other tables than those its foreign keys name (a policy, a rule,
a constraint trigger FROM another table), the tables
are split into contiguous chunks in the file's order, and each chunk is
normalized in a trial of its own on its own connection, like the partial
trial of a plan that misses a few units: the chunk's tables, everything of
the base, and a bare copy of each table a chunk's foreign key points at in
another chunk. The units come out of each trial (split) and are joined as
recorded units are.

Concurrent trials must not touch a row another one writes, or they would
wait for each other (a unique name, a row they both update): so chunks are
only used when a trial creates nothing outside its own throwaway schemas.
The file declares nothing database-wide that the trial creates or alters
(languages, foreign-data wrappers and servers, casts, access methods, event
triggers, database-wide default privileges, publications, grants on
extension members), every extension is installed where the file puts it,
every role the file names exists, and the database holds no event trigger
the trial would disable and no default privileges of the planning role that
the trial would reset (normalize.py). Anything else, and any failure or
clash of the chunks (UnitConflict), runs the whole trial, which gives the
same result and names the file in its errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

import psycopg

from reconciler.errors import ReconcileError
from reconciler.postgres.connection import connection_count
from reconciler.postgres.model import Database
from reconciler.postgres.normalization_units import TableName, UnitKeys, joined, trial_units
from reconciler.postgres.role_references import existing_roles
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.tables import TableSpec

Connect = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]
Trial = Callable[[psycopg.Connection[Any], DatabaseSpec], Database]

CONNECTIONS_VARIABLE = "RECONCILE_POSTGRES_TRIAL_CONNECTIONS"
DEFAULT_CONNECTIONS = 2
# Below this many tables per chunk, the base created once more per chunk and the connections cost more than
# the chunks save.
MIN_CHUNK_TABLES = 100

# Whether the database holds what a trial alters outside its throwaway schemas: event triggers it disables,
# database-wide default privileges of the planning role it resets, extensions not where the file puts them.
_SHARED_ROWS = """
SELECT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtenabled <> 'D')
    OR EXISTS (SELECT 1 FROM pg_default_acl WHERE defaclnamespace = 0 AND defaclrole = current_user::regrole)
    OR (SELECT count(*) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE (e.extname, n.nspname) IN (SELECT * FROM unnest(%s::text[], %s::text[]))) < %s
"""


def connections() -> int:
    """How many connections one database's whole trial may use at once (RECONCILE_POSTGRES_TRIAL_CONNECTIONS)."""
    return connection_count(CONNECTIONS_VARIABLE, DEFAULT_CONNECTIONS)


def _declares_shared(spec: DatabaseSpec) -> bool:
    """Whether the file declares something database-wide that the trial creates or alters."""
    return bool(
        spec.languages
        or spec.foreign_data_wrappers
        or spec.servers
        or spec.casts
        or spec.access_methods
        or spec.event_triggers
        or spec.default_privileges
        or spec.publications
        or spec.settings
        or spec.role_settings
        or any(extension.member_grants for extension in spec.extensions)
    )


def chunks(spec: DatabaseSpec, count: int) -> list[set[TableName]]:
    """The declared tables in `count` contiguous runs of the file's order (foreign keys mostly point nearby)."""
    names = [(s, t) for s, schema in spec.schemas.items() for t in schema.tables]
    size = -(-len(names) // count)
    return [set(names[start : start + size]) for start in range(0, len(names), size)]


def chunk_count(spec: DatabaseSpec, keys: UnitKeys) -> int:
    """Into how many chunks the whole trial splits (1: it does not), before what the server holds is asked."""
    if not keys.partial:
        return 1
    if any(_names_other_tables(table) for schema in spec.schemas.values() for table in schema.tables.values()):
        return 1
    return min(connections(), len(keys.tables) // MIN_CHUNK_TABLES)


def _names_other_tables(table: TableSpec) -> bool:
    """Whether a table needs other tables than its foreign keys': a policy's or rule's expressions may read any,
    a constraint trigger names its FROM table. Another chunk would hold them."""
    return bool(table.policies or table.rules or any(t.from_table for t in table.triggers.values()))


def isolated(normalizer: psycopg.Connection[Any], spec: DatabaseSpec, roles: Sequence[str]) -> bool:
    """Whether concurrent trials of `spec` would touch no row outside their own schemas (see the module's text)."""
    if _declares_shared(spec) or existing_roles(normalizer, roles) != set(roles):
        return False
    names = [e.name for e in spec.extensions]
    schemas = [e.schema_ for e in spec.extensions]
    row = normalizer.execute(_SHARED_ROWS, (names, schemas, len(names))).fetchone()
    return row is not None and not row[0]


def normalize_in_chunks(
    spec: DatabaseSpec,
    keys: UnitKeys,
    normalizer: psycopg.Connection[Any],
    connect: Connect,
    trial: Trial,
    roles: Sequence[str],
) -> tuple[Database, dict[str, Database]] | None:
    """The desired schema and its units from trials of chunks at once; None where the whole trial must run."""
    count = chunk_count(spec, keys)
    if count < 2 or not isolated(normalizer, spec, roles):
        return None
    parts = chunks(spec, count)
    count = len(parts)  # 4 tables in 3 chunks: 2 of 2

    def run(index: int) -> tuple[Database, dict[TableName, Database]] | None:
        if index == 0:
            return trial_units(spec, parts[index], partial(trial, normalizer))
        with connect() as conn:
            return trial_units(spec, parts[index], partial(trial, conn))

    try:
        with ThreadPoolExecutor(max_workers=count - 1, thread_name_prefix="reconcile-trial") as pool:
            others = pool.map(run, range(1, count))
            results = [run(0), *others]
    except (ReconcileError, psycopg.Error):
        return None
    units = [found for found in results if found is not None]
    if len(units) < len(results):
        return None
    base = units[0][0]
    fragments = {name: fragment for _, found in units for name, fragment in found.items()}
    desired = joined(base, [fragments[name] for name in keys.tables], spec)
    if desired is None:
        return None
    return desired, {keys.base: base, **{keys.tables[name]: fragment for name, fragment in fragments.items()}}
