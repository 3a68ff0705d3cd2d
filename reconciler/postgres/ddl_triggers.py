"""Statements for triggers on tables and views.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, lock_on, stmt, table_name
from reconciler.postgres.firing import alter_sql
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Table, Trigger, View


def trigger_target(table: Table | View, trigger: Trigger) -> str:
    return f"TRIGGER {quote_ident(trigger.name)} ON {table_name(table)}"


def create_trigger(table: Table | View, trigger: Trigger) -> list[Statement]:
    clause = (trigger.source or f"{trigger.timing_events} ON {{table}} {trigger.body}").replace(
        "{table}", table_name(table)
    )
    create = "CREATE CONSTRAINT TRIGGER" if trigger.constraint else "CREATE TRIGGER"
    sql = f"{create} {quote_ident(trigger.name)} {clause}"
    created = stmt(sql, Phase.CREATE_TRIGGER, lock_on(Kind.CREATE_TRIGGER, table))
    firing = [enable_trigger(table, trigger)] if trigger.enabled != "origin" else []
    return [created, *firing, *comment_if_any(trigger_target(table, trigger), trigger.comment)]


def enable_trigger(table: Table | View, trigger: Trigger) -> Statement:
    """ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER (a view's triggers always fire)."""
    sql = alter_sql(table_name(table), "TRIGGER", trigger.name, trigger.enabled)
    return stmt(sql, Phase.CREATE_TRIGGER, lock_on(Kind.ENABLE_TRIGGER, table))


def drop_trigger(table: Table | View, trigger: Trigger) -> list[Statement]:
    sql = f"DROP TRIGGER {quote_ident(trigger.name)} ON {table_name(table)}"
    return [stmt(sql, Phase.DROP_TRIGGER, lock_on(Kind.DROP_TRIGGER, table))]
