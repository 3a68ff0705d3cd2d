"""Statements for sequences, and keeping a sequence's value inside new bounds (identities use it too).

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, comment_on, stmt
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Sequence, SequenceOptions


def _sequence_options(seq: Sequence) -> str:
    return (
        f"AS {seq.data_type} INCREMENT BY {seq.increment} MINVALUE {seq.min_value} MAXVALUE {seq.max_value}"
        f" START WITH {seq.start} CACHE {seq.cache}" + (" CYCLE" if seq.cycle else " NO CYCLE")
    )


def sequence_owner(seq: Sequence) -> str:
    if seq.owned_by is None:
        return "NONE"
    table, _, column = seq.owned_by.rpartition(".")
    qualified = table if "." in table else f"{quote_ident(seq.schema_name)}.{table}"
    return f"{qualified}.{column}"


def create_sequence(seq: Sequence) -> list[Statement]:
    name = qualify(seq.schema_name, seq.name)
    head = "CREATE UNLOGGED SEQUENCE" if seq.unlogged else "CREATE SEQUENCE"
    statements = [stmt(f"{head} {name} {_sequence_options(seq)}", Phase.SEQUENCE)]
    if seq.owned_by:
        statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY {sequence_owner(seq)}", Phase.SEQUENCE_OWNER))
    return statements + comment_if_any(f"SEQUENCE {name}", seq.comment)


def must_restart(want: SequenceOptions, have: SequenceOptions) -> bool:
    """True when no value lies in both the old and the new bounds: the sequence can only restart at its START."""
    return want.min_value > have.max_value or want.max_value < have.min_value


def keep_in_range(name: str, want: SequenceOptions, have: SequenceOptions, phase: Phase) -> list[Statement]:
    """Move a sequence's value into new bounds before they are set: PostgreSQL refuses bounds that exclude it.

    `name` is the qualified sequence. A raised MINVALUE (or lowered MAXVALUE)
    past the current value makes the next value the new bound (or the START
    value, if the sequence was never used and START fits the old bounds too).
    Bounds that share no value with the old ones restart instead (must_restart).
    """
    if must_restart(want, have):
        return []
    statements = []
    for moved, bound, beyond in (
        (want.min_value > have.min_value, want.min_value, "<"),
        (want.max_value < have.max_value, want.max_value, ">"),
    ):
        if moved:
            unused = want.start if have.min_value <= want.start <= have.max_value else bound
            sql = (
                f"SELECT setval({quote_literal(name)}::regclass, CASE WHEN is_called THEN {bound} "
                f"ELSE {unused} END, false) FROM {name} WHERE last_value {beyond} {bound}"
            )
            statements.append(stmt(sql, phase))
    return statements


def alter_sequence(seq: Sequence, before: Sequence) -> list[Statement]:
    name = qualify(seq.schema_name, seq.name)
    statements = []
    apart = {"owned_by", "comment", "unlogged"}
    if seq.model_dump(exclude=apart) != before.model_dump(exclude=apart):
        statements += keep_in_range(name, seq, before, Phase.SEQUENCE)
        restart = " RESTART" if must_restart(seq, before) else ""
        statements.append(stmt(f"ALTER SEQUENCE {name} {_sequence_options(seq)}{restart}", Phase.SEQUENCE))
    if seq.owned_by != before.owned_by:
        if before.owned_by is not None:
            # First of all: dropping the old owning column or table would take the sequence along.
            statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY NONE", Phase.DISOWN_SEQUENCE))
        if seq.owned_by is not None:
            statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY {sequence_owner(seq)}", Phase.SEQUENCE_OWNER))
    if seq.unlogged != before.unlogged:
        statements.append(stmt(f"ALTER SEQUENCE {name} SET {'UNLOGGED' if seq.unlogged else 'LOGGED'}", Phase.SEQUENCE))
    if seq.comment != before.comment:
        statements.append(comment_on(f"SEQUENCE {name}", seq.comment))
    return statements


def drop_sequence(seq: Sequence) -> list[Statement]:
    # A sequence owned by a column goes with its column or table, which are dropped earlier.
    if_exists = " IF EXISTS" if seq.owned_by else ""
    return [stmt(f"DROP SEQUENCE{if_exists} {qualify(seq.schema_name, seq.name)}", Phase.DROP_SEQUENCE)]
