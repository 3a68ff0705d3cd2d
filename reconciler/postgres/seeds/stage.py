"""Check declared values against the real column types, and get their canonical text.

Runs inside normalization's rolled-back transaction, where the desired tables
exist in throwaway schemas, or, when the declared schema is already what is
live (stage_on_live), in a rolled-back transaction of its own against the
live tables. Each seed table's declared rows are COPYed into a temporary
table with the same column types (no constraints), so
PostgreSQL itself checks lengths, precision, enum labels, booleans and JSON,
and reports the row. Reading the rows back gives each value's canonical text,
which is what the live rows are compared with; a value PostgreSQL would store
differently from what was declared (0.001 in a numeric(15,2) column becomes
0.00) is an error, because it would drift forever.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from psycopg.types.json import set_json_loads

from reconciler.errors import ReconcileError, StateError, StateIssue
from reconciler.postgres.connection import server_message
from reconciler.postgres.plan_phases import phase
from reconciler.postgres.seeds.model import DeclaredRow, SeedTable
from reconciler.secrets import SecretRef

if TYPE_CHECKING:
    from reconciler.postgres.seeds.inspect import LiveRow


@dataclass
class NormalizedRow:
    """A declared row in canonical text, keyed by its natural key."""

    path: tuple[str | int, ...]
    key: tuple[str, ...]
    values: dict[str, str | None]
    refs: dict[str, str]
    secrets: dict[str, SecretRef] = field(default_factory=dict)


@dataclass
class NormalizedTable:
    seed: SeedTable
    column_types: dict[str, str]  # canonical type of every declared column
    rows: list[NormalizedRow]
    reference_types: dict[str, str] = field(default_factory=dict)  # of each reference's key, by field
    # Set when the server compared the staged rows with the live ones (on_live.py): `rows` then holds only
    # the declared rows that need a look, and `live` the live rows they match plus (prune) the undeclared.
    live: dict[tuple[str, ...], LiveRow] | None = None


def to_text(value: Any) -> str | None:
    """A YAML value as PostgreSQL text input."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class _JsonText:
    """A json/jsonb value as the server sent it, parsed only when a declared value needs comparing with it.

    A CSV cell or a YAML string is compared with a JSON value only when that
    value is a JSON string, so most rows never pay for json.loads.
    """

    data: str | bytes

    def parsed(self) -> Any:
        return json.loads(self.data)

    def is_string(self) -> bool:
        return self.data.lstrip()[:1] in ('"', b'"')


def _differs(declared: Any, stored: Any) -> bool:
    """True when PostgreSQL keeps something other than what was declared."""
    if declared is None or isinstance(declared, SecretRef):
        return False
    if isinstance(stored, _JsonText):
        if isinstance(declared, str) and not stored.is_string():
            return False  # a string is only ever compared with a JSON string
        stored = stored.parsed()
    if isinstance(stored, Decimal):
        try:
            return Decimal(str(declared)) != stored
        except InvalidOperation:
            return False
    if isinstance(stored, bool):
        return isinstance(declared, bool) and declared != stored
    if isinstance(stored, (int, float)) and isinstance(declared, (int, float)):
        return float(declared) != float(stored)
    if isinstance(declared, (dict, list)):
        return bool(json.loads(json.dumps(declared)) != stored)
    if isinstance(declared, str) and isinstance(stored, str):
        return declared != stored
    return False


_COPY_LINE = re.compile(r"line (\d+)(?:, column (\w+))?")

# A declared value of these classes is written as text that PostgreSQL's own text of the stored value equals
# exactly when _differs finds nothing to report (on_live compares on the server, relying on it); a value of
# any other class is checked in Python. A mapping or a list is such a value only in a json or jsonb column.
_TEXT_CHECKED = frozenset({str, int, float, bool})
_JSON_TEXT_CHECKED = _TEXT_CHECKED | {dict, list}
_TEXT_OR_NULL = frozenset({str, type(None)})  # every value of a CSV row: checked by the server alone


# The staging table's columns are named by position, never by the seed's own names: a table may have a
# column named like any of them. The ordinal of the declared row, each column's value, each reference's key,
# and, with_declared, each column's declared text and whether the row needs checking in Python.
ORDINAL = "o"
CHECK_IN_PYTHON = "p"


def staged_column(position: int) -> str:
    return f"c{position}"


def staged_reference(position: int) -> str:
    return f"k{position}"


def declared_column(position: int) -> str:
    return f"d{position}"


def stage_table(
    conn: psycopg.Connection[Any],
    normalized: NormalizedTable,
    physical: dict[str, str],
    index: int,
    with_declared: bool = False,
) -> sql.Identifier:
    """COPY a seed table's declared rows into a temporary table with the columns' types; returns its name.

    with_declared also keeps each value's declared text, and marks the rows with a value of another
    class than _TEXT_CHECKED, so that the server can tell which rows need checking in Python.
    """
    seed = normalized.seed
    stage = sql.Identifier(f"_reconcile_stage_{index}")
    columns = seed.columns
    fields = {staged_column(i): c for i, c in enumerate(columns)}
    fields |= {staged_reference(i): f for i, f in enumerate(seed.references)}
    source: list[sql.Composable] = [sql.SQL("0::integer AS {}").format(sql.Identifier(ORDINAL))]
    source += [
        sql.SQL("t.{} AS {}").format(sql.Identifier(c), sql.Identifier(staged_column(i))) for i, c in enumerate(columns)
    ]
    joins: list[sql.Composable] = [
        sql.SQL("{}.{} AS t").format(sql.Identifier(physical[seed.schema]), sql.Identifier(seed.table))
    ]
    for i, ref in enumerate(seed.references.values()):
        alias = sql.Identifier(f"r{i}")
        key = sql.Identifier(staged_reference(i))
        source.append(sql.SQL("{}.{} AS {}").format(alias, sql.Identifier(ref.key), key))
        joins.append(
            sql.SQL("{}.{} AS {}").format(sql.Identifier(physical[ref.schema]), sql.Identifier(ref.table), alias)
        )
    names = [ORDINAL, *fields]
    if with_declared:
        declared = [declared_column(i) for i in range(len(columns))]
        source += [sql.SQL("NULL::text AS {}").format(sql.Identifier(d)) for d in declared]
        source.append(sql.SQL("false AS {}").format(sql.Identifier(CHECK_IN_PYTHON)))
        names += [*declared, CHECK_IN_PYTHON]
    conn.execute(
        sql.SQL("CREATE TEMP TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(
            stage, sql.SQL(", ").join(source), sql.SQL(", ").join(joins)
        )
    )
    _read_types(conn, normalized, index)
    checked = [
        _JSON_TEXT_CHECKED if normalized.column_types[c] in ("json", "jsonb") else _TEXT_CHECKED for c in columns
    ]
    rows: list[DeclaredRow] = seed.rows
    written_secrets: list[str] = []
    secrets = written_secrets
    try:
        with (
            conn.transaction(),
            conn.cursor().copy(
                sql.SQL("COPY {} ({}) FROM STDIN").format(stage, sql.SQL(", ").join(map(sql.Identifier, names)))
            ) as copy,
        ):
            for ordinal, row in enumerate(rows):
                values = list(map(row.values.get, columns))
                cells = [
                    value if value is None or value.__class__ is str else _stored_text(value, row, seed, c, secrets)
                    for c, value in zip(columns, values, strict=True)
                ]
                refs = [row.refs.get(f) for f in seed.references]
                if with_declared:
                    unchecked = not _TEXT_OR_NULL.issuperset(map(type, values)) and any(
                        v is not None and v.__class__ not in classes for v, classes in zip(values, checked, strict=True)
                    )
                    copy.write_row([str(ordinal), *cells, *refs, *cells, "t" if unchecked else "f"])
                else:
                    copy.write_row([str(ordinal), *cells, *refs])
    except psycopg.Error as exc:
        match = _COPY_LINE.search(exc.diag.context or "")
        row = rows[int(match[1]) - 1] if match and int(match[1]) <= len(rows) else rows[0]
        field = fields.get(exc.diag.column_name or (match[2] if match else None) or "")
        where = (*row.path, field) if field else row.path
        raise StateError(
            [seed.source.issue(where, f"PostgreSQL rejects this value: {server_message(exc, written_secrets)}")]
        ) from None
    return stage


def _read_types(conn: psycopg.Connection[Any], normalized: NormalizedTable, index: int) -> None:
    """The canonical types of the staged columns and references' keys, by the seed's names."""
    seed = normalized.seed
    types = dict(
        conn.execute(
            sql.SQL(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = {}::regclass AND attnum > 0 AND NOT attisdropped"
            ).format(sql.Literal(f"_reconcile_stage_{index}"))
        ).fetchall()
    )
    normalized.column_types = {c: types[staged_column(i)] for i, c in enumerate(seed.columns)}
    normalized.reference_types = {f: types[staged_reference(i)] for i, f in enumerate(seed.references)}


def read_back_columns(normalized: NormalizedTable) -> list[sql.Composable]:
    """What take_records needs of each staged row: its ordinal, typed values, texts and references' texts."""
    seed = normalized.seed
    width = len(seed.columns)
    values = [sql.Identifier(staged_column(i)) for i in range(width)]
    keys = [sql.Identifier(staged_reference(i)) for i in range(len(seed.references))]
    selected: list[sql.Composable] = [sql.SQL("s.{}").format(sql.Identifier(ORDINAL))]
    selected += [sql.SQL("s.{}").format(v) for v in values]
    selected += [sql.SQL("s.{}::text").format(name) for name in [*values, *keys]]
    return selected


def json_lazily(cursor: psycopg.Cursor[Any]) -> psycopg.Cursor[Any]:
    """The cursor, reading json as _JsonText: parsed only for the few values that need it (_differs)."""
    set_json_loads(_JsonText, cursor)
    return cursor


def _read_back(conn: psycopg.Connection[Any], normalized: NormalizedTable, stage: sql.Identifier) -> None:
    """Each staged row's canonical text, checked against the declared values (one query, rows fetched at once)."""
    selected = sql.SQL(", ").join(read_back_columns(normalized))
    query = sql.SQL("SELECT {} FROM {} AS s ORDER BY 1").format(selected, stage)
    records = json_lazily(conn.cursor()).execute(query).fetchall()
    take_records(normalized, records)


def take_records(normalized: NormalizedTable, records: Iterable[Sequence[Any]]) -> None:
    """Check read_back_columns records against the declared rows, and add them to `normalized.rows`.

    Raises StateError naming every value PostgreSQL would store as something other than what was declared.
    """
    seed, rows = normalized.seed, normalized.seed.rows
    columns = seed.columns
    width = len(columns)
    # Where each key field's text is: a reference's key, a column's text, or nowhere (then "").
    key_positions = [(f, columns.index(f) if f in columns else None) for f in seed.key]
    end = 1 + 2 * width + len(seed.references)  # records may go on: compare_on_server adds the live row
    issues: list[StateIssue] = []
    for record in records:
        row = rows[record[0]]
        declared = row.values
        texts = record[1 + width : 1 + 2 * width]
        for name, typed, text in zip(columns, record[1 : 1 + width], texts, strict=True):
            value = declared.get(name)
            if value is None or (value.__class__ is str and typed.__class__ is str and value == typed):
                continue
            if _differs(value, typed):
                column_type = normalized.column_types.get(name, "?")
                issues.append(
                    seed.source.issue(
                        (*row.path, name),
                        f"{value!r} would be stored as {text!r} in a {column_type} column "
                        "and drift forever; "
                        "declare the stored value or change the column type",
                    )
                )
        if len(declared) == width and not seed.secrets:
            values = dict(zip(columns, texts, strict=True))
        else:
            values = {c: t for c, t in zip(columns, texts, strict=True) if c in declared and c not in seed.secrets}
        refs = {f: t or "" for f, t in zip(seed.references, record[1 + 2 * width : end], strict=True)}
        secrets = {c: v for c, v in declared.items() if isinstance(v, SecretRef)} if seed.secrets else {}
        key = tuple(
            refs[f] if f in refs else "" if position is None else (texts[position] or "")
            for f, position in key_positions
        )
        normalized.rows.append(NormalizedRow(row.path, key, values, refs, secrets))
    if issues:
        raise StateError(issues)


def _stored_text(value: Any, row: DeclaredRow, seed: SeedTable, column: str, secrets: list[str]) -> str | None:
    """A cell as COPY text; secret values are resolved here and remembered, to mask them in errors."""
    if isinstance(value, SecretRef):
        try:
            secrets.append(value.staged_value())
        except ReconcileError as exc:
            raise StateError([seed.source.issue((*row.path, column), str(exc))]) from None
        return secrets[-1]
    return to_text(value)


def stage_seeds(
    conn: psycopg.Connection[Any], seeds: list[SeedTable], physical: dict[str, str]
) -> list[NormalizedTable]:
    """Normalize every seed table of a database; raise StateError naming file, line and value."""
    result = []
    with phase("seeds"):
        conn.execute("SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true)")
        for index, seed in enumerate(seeds):
            normalized = NormalizedTable(seed, {}, [])
            _read_back(conn, normalized, stage_table(conn, normalized, physical, index))
            result.append(normalized)
    return result
