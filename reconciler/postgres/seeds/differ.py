"""Declared rows against live rows: inserts, column-by-column updates, opt-in deletes (pure).

Statements name rows by natural key and resolve references by subquery, so
a row inserted earlier in the same transaction is found. Secret columns are
never compared as text: argon2 hashes are verified against the declared
secret (never rehashed, so no drift), and every rendering shows them masked;
statements carry `${env:NAME|argon2}` tokens resolved only when applying.
"""

from __future__ import annotations

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.seeds.inspect import LiveRow
from reconciler.postgres.seeds.stage import NormalizedRow, NormalizedTable
from reconciler.secrets import MASK

INSERT_OR_UPDATE_PHASE = 70
DELETE_PHASE = 71


def row_address(database: str, table: NormalizedTable, key: tuple[str, ...]) -> str:
    return f"postgres.{database}.seed.{table.seed.name}[{', '.join(key)}]"


def _literal(text: str | None, type_name: str) -> str:
    return "NULL" if text is None else f"{quote_literal(text)}::{type_name}"


def _reference_value(table: NormalizedTable, field: str, value: str) -> str:
    ref = table.seed.references[field]
    key_type = table.reference_types[field]
    return (
        f"(SELECT {quote_ident(ref.target)} FROM {qualify(ref.schema, ref.table)}"
        f" WHERE {quote_ident(ref.key)} = {_literal(value, key_type)})"
    )


def _where(table: NormalizedTable, key: tuple[str, ...]) -> str:
    conditions = []
    for field, value in zip(table.seed.key, key, strict=True):
        if field in table.seed.references:
            conditions.append(
                f"{quote_ident(table.seed.references[field].column)} = {_reference_value(table, field, value)}"
            )
        else:
            conditions.append(f"{quote_ident(field)} = {_literal(value, table.column_types[field])}")
    return " AND ".join(conditions)


def _assignments(table: NormalizedTable, row: NormalizedRow, columns: list[str]) -> list[tuple[str, str]]:
    """(column, SQL value) pairs for the given fields of a declared row."""
    pairs = []
    for name in columns:
        if name in row.secrets:
            pairs.append((quote_ident(name), f"{row.secrets[name].token}::{table.column_types[name]}"))
        elif name in table.seed.references:
            pairs.append(
                (quote_ident(table.seed.references[name].column), _reference_value(table, name, row.refs[name]))
            )
        else:
            pairs.append((quote_ident(name), _literal(row.values[name], table.column_types[name])))
    return pairs


def _shown(row: NormalizedRow) -> dict[str, str | None]:
    return {**row.values, **row.refs, **{c: MASK for c in row.secrets}}


def shown_live(live: LiveRow, row: NormalizedRow | None) -> dict[str, str | None]:
    secrets = row.secrets if row else {}
    return {**{c: (MASK if c in secrets else v) for c, v in live.values.items()}, **live.refs}


def _upsert(
    database: str,
    address: str,
    action: Action,
    before: dict[str, str | None] | None,
    after: dict[str, str | None],
    statement: str,
    row: NormalizedRow,
    detail: list[str],
) -> Change:
    return Change(
        backend="postgres",
        scope=database,
        address=address,
        kind="row",
        action=action,
        before=before,
        after=after,
        statements=[Statement(sql=statement, phase=INSERT_OR_UPDATE_PHASE, secrets=bool(row.secrets))],
        sensitive=bool(row.secrets),
        detail=detail,
    )


def _unchanged(row: NormalizedRow, have: LiveRow) -> bool:
    """The common case, checked without building anything: every declared value and reference as live, no secret.

    A declared row names a subset of the columns and references read live, so
    item-set inclusion is exactly "no column and no reference differs".
    """
    return not row.secrets and row.values.items() <= have.values.items() and row.refs.items() <= have.refs.items()


def diff_seeds(
    database: str, table: NormalizedTable, live: dict[tuple[str, ...], LiveRow] | None
) -> tuple[list[Change], list[Change]]:
    """(inserts and updates, deletes) for one table; `live` is None when the table does not exist yet."""
    seed = table.seed
    name = qualify(seed.schema, seed.table)
    upserts: list[Change] = []
    deletes: list[Change] = []
    found = (live or {}).get
    for row in table.rows:
        have = found(row.key)
        if have is not None and _unchanged(row, have):
            continue
        address = row_address(database, table, row.key)
        if have is None:
            fields = [*row.values, *row.refs, *row.secrets]
            pairs = _assignments(table, row, fields)
            statement = (
                f"INSERT INTO {name} ({', '.join(c for c, _ in pairs)}) VALUES ({', '.join(v for _, v in pairs)})"
            )
            after = _shown(row)
            detail = [", ".join(f"{k}={v!r}" for k, v in after.items())]
            upserts.append(_upsert(database, address, Action.CREATE, None, after, statement, row, detail))
            continue
        if seed.policy == "create_only":
            continue
        changed = [c for c, v in row.values.items() if have.values.get(c) != v]
        changed += [f for f, v in row.refs.items() if f not in seed.key and have.refs.get(f) != v]
        changed += [c for c, secret in row.secrets.items() if not secret.matches(have.values.get(c))]
        if not changed:
            continue
        pairs = _assignments(table, row, changed)
        statement = f"UPDATE {name} SET {', '.join(f'{c} = {v}' for c, v in pairs)} WHERE {_where(table, row.key)}"
        before, after = shown_live(have, row), _shown(row)
        detail = [f"{c}: {before.get(c)!r} -> {after.get(c)!r}" for c in changed]
        upserts.append(_upsert(database, address, Action.UPDATE, before, after, statement, row, detail))
    if seed.prune and live is not None:
        declared_keys = {row.key for row in table.rows}
        for key, have in live.items():
            if key in declared_keys:
                continue
            deletes.append(
                Change(
                    backend="postgres",
                    scope=database,
                    address=row_address(database, table, key),
                    kind="row",
                    action=Action.DELETE,
                    before=shown_live(have, None),
                    destructive=True,
                    hazards=[Hazard(code="data_loss", message="the row is deleted (prune: true)")],
                    statements=[Statement(sql=f"DELETE FROM {name} WHERE {_where(table, key)}", phase=DELETE_PHASE)],
                )
            )
    return upserts, deletes
