"""Live inspections started as soon as a state file is read, before it is parsed and validated.

Validating a large file (its models and cross-checks), reading the roles file and listing the databases came
before the live inspection, which the plan then waited for (0.2-0.3 s of a 2,000-table no-op plan in
bench/pg_plan.py), though it needs none of it: only the database's name and what it reads (`inspection_context`).
So `EarlyInspections.start` validates just those fields of the parsed document, with the very types the file's
own validation uses (`_Inspected`), and starts the inspection on a connection and thread of its own
(live_inspection.inspecting_meanwhile); the plan takes it (`take`) when the validated file is planned with
exactly that context, and otherwise discards it and inspects as before. Only names that passed validation reach
the server (a connection's database, a read-only transaction's query parameters), as the plan's own inspection
sends them; nothing else of the file does before the whole file is valid, and a file validation refuses fails
the plan as before.

Parsing a large file came first too (0.3 s at 2,000 tables), so `guess` starts the inspection from what the
file's text says before it is parsed (inspection_guess.py), from the same fields validated the same way; `start`
then keeps it when the parsed document asks for the same one and replaces it otherwise. Where this machine
never parsed a large file's text, `parsed_in_target` asks that database for its values (parsed_in_target.py)
on the plan's own connection, opened ahead with the inspection's, and hands the connection back for the plan.

A database that does not exist, or one whose inspection depends on the server or on renames (undeclared_schemas:
drop, schema templates, a database template, a renamed schema), is never inspected early. Unused inspections are
waited for and their connections closed (`close`).
"""

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

import psycopg
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from reconciler.errors import ConnectionConfigError
from reconciler.postgres import parsed_in_target, renames
from reconciler.postgres.inspection_guess import guessed_document
from reconciler.postgres.inspector import InspectionStats
from reconciler.postgres.kept_connections import KeptConnections
from reconciler.postgres.live_inspection import Inspect, LiveSchema, inspecting_meanwhile
from reconciler.postgres.model import Database
from reconciler.postgres.spec.common import Identifier
from reconciler.postgres.spec.database import DatabaseSpec, ExtensionSpec

Context = dict[str, list[str]]


def inspection_context(spec: DatabaseSpec) -> Context:
    """What a database's live inspection reads: its schemas (with the old names of renamed ones), its extensions
    and their schemas. Apply and re-inspection need it too, even from a saved plan (LoadedDatabase.context)."""
    return _context([*spec.schemas, *renames.old_schema_names(spec)], spec.extensions)


def _context(schemas: list[str], extensions: list[ExtensionSpec]) -> Context:
    return {
        "schemas": schemas,
        "extensions": [e.name for e in extensions],
        "extension_schemas": [e.schema_ for e in extensions],
    }


class _Schema(BaseModel):
    model_config = ConfigDict(extra="ignore")

    renamed_from: Identifier | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_null(cls, value: object) -> object:
        return {} if value is None else value


class _Inspected(BaseModel):
    """The fields of a database file that say what its live inspection reads, as DatabaseSpec types them."""

    model_config = ConfigDict(extra="ignore")

    database: Identifier
    schemas: dict[Identifier, _Schema]
    extensions: list[ExtensionSpec] = []
    undeclared_schemas: Literal["keep", "drop"] = "keep"
    schema_templates: dict[str, Any] = {}
    database_match: str | None = None


def _context_of(document: object) -> tuple[str, Context] | None:
    """The database and the inspection context a parsed document asks for; None when those fields are not valid,
    or when what it inspects depends on the server or on renames."""
    try:
        fields = _Inspected.model_validate(document)
    except ValidationError:
        return None
    if fields.undeclared_schemas == "drop" or fields.schema_templates or fields.database_match is not None:
        return None
    if any(schema.renamed_from is not None for schema in fields.schemas.values()):
        return None
    return fields.database, _context(list(fields.schemas), fields.extensions)


@dataclass
class _Started:
    context: Context
    stats: InspectionStats
    result: Callable[[], LiveSchema]
    stack: contextlib.ExitStack


@dataclass
class EarlyInspections:
    """The inspections started from parsed documents, by database, until the plan takes them or closes."""

    url: str
    read_only: bool
    inspect: Callable[..., Database]  # backend.inspect_live, given name, context and stats by keyword
    kept: KeptConnections | None = None  # where the plan's own connections are opened ahead, and apply's kept
    # At most this many databases at once, the first files': the plan starts with as many (its workers), and a
    # fleet of files would otherwise hold two connections per database before the plan uses any.
    limit: int = 1
    _started: dict[str, _Started] = field(default_factory=dict)
    _guessed: dict[str, str] = field(default_factory=dict)  # file -> the database its text names
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def guess(self, text: str, file: str) -> None:
        """Start inspecting the database a file's text names, before the file is parsed (inspection_guess.py)."""
        document = guessed_document(text, file)
        name = self.start(document) if document is not None else None
        if name is not None:
            with self._lock:
                self._guessed[file] = name

    def start(self, document: object) -> str | None:
        """Start inspecting the database a parsed document names, when its inspection fields are valid; that
        database's name, when it is inspected early.

        An inspection already started for that database with another context (a guess the parsed file
        contradicts) is discarded first.
        """
        found = _context_of(document)
        if found is None:
            return None
        name, context = found
        with self._lock:
            started = self._started.get(name)
            if started is None and len(self._started) >= self.limit:
                return None
            if started is not None and started.context == context:
                return name
            self._started.pop(name, None)
        if started is not None:
            started.stack.close()
        stats = InspectionStats()
        inspect: Inspect = partial(self.inspect, name=name, context=context, stats=stats)
        stack = contextlib.ExitStack()
        if self.kept is not None:
            self.kept.open_ahead(self.url, name, 2)  # this inspection's connection and the plan's own
        # Connected on the inspection's thread: reading the files goes on meanwhile. A database that does not
        # exist yet fails there, and the plan, which sees to it, never takes that inspection.
        result = stack.enter_context(
            inspecting_meanwhile(self.url, name, inspect, self.read_only, self.kept, connect_first=False)
        )
        with self._lock:
            self._started[name] = _Started(context, stats, result, stack)
        return name

    def parsed_in_target(self, key: str, file: str, length: int) -> dict[str, Any] | None:
        """The values of a large file whose text names a database inspected early, as that database keeps them
        under `key` (parse_cache.key), or None: a small file, none kept or trusted, or no connection to ask on."""
        with self._lock:
            name = self._guessed.get(file)
        if name is None or self.kept is None or length < parsed_in_target.MIN_LENGTH:
            return None
        try:
            conn = self.kept.take(self.url, name)
        except (psycopg.Error, ConnectionConfigError):
            return None  # a database the plan is about to create, or out of reach: the file is parsed
        if conn is None:
            return None
        try:
            data = parsed_in_target.read(conn, key)
        except psycopg.Error:  # none recorded yet, or not readable by this role
            data = None
        if conn.closed or conn.broken:
            conn.close()
        else:
            self.kept.put_back(self.url, name, conn)
        return data

    def take(
        self, name: str, context: Context, stats: InspectionStats
    ) -> contextlib.AbstractContextManager[Callable[[], LiveSchema]] | None:
        """The inspection of `name` as `live_schema` gives one, if it was started with exactly `context`."""
        with self._lock:
            started = self._started.pop(name, None)
        if started is None:
            return None
        if started.context != context:
            started.stack.close()
            return None
        return self._taken(started, stats)

    @contextlib.contextmanager
    def _taken(self, started: _Started, stats: InspectionStats) -> Iterator[Callable[[], LiveSchema]]:
        with started.stack:
            yield started.result
            stats.count(started.stats.queries, started.stats.round_trips)

    def close(self) -> None:
        """Wait for the inspections nobody took and close their connections (errors there are the plan's no more)."""
        with self._lock:
            left, self._started = list(self._started.values()), {}
        for started in left:
            with contextlib.suppress(Exception):
                started.stack.close()
