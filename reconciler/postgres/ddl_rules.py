"""Statements for rewrite rules on tables and views.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them. A rule is
created from the state file's own condition and commands when the model carries them (desired side), else from
pg_get_ruledef's parts, which are valid SQL as printed.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, comment_on, lock_on, stmt, table_name
from reconciler.postgres.firing import alter_sql
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Rule, Table, View
from reconciler.postgres.rules import rule_sql


def rule_target(relation: Table | View, rule: Rule) -> str:
    return f"RULE {quote_ident(rule.name)} ON {table_name(relation)}"


def _definition(relation: Table | View, rule: Rule, *, replace: bool) -> Statement:
    where = rule.where_source if rule.actions_source is not None else rule.where
    actions = rule.actions if rule.actions_source is None else rule.actions_source
    sql = rule_sql(rule.name, table_name(relation), rule.event, rule.instead, where, actions, replace=replace)
    return stmt(sql, Phase.CREATE_RULE, lock_on(Kind.RULE, relation))


def enable_rule(relation: Table | View, rule: Rule) -> Statement:
    """ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE RULE (tables only: a view's rules always fire)."""
    sql = alter_sql(table_name(relation), "RULE", rule.name, rule.enabled)
    return stmt(sql, Phase.CREATE_RULE, lock_on(Kind.RULE, relation))


def create_rule(relation: Table | View, rule: Rule) -> list[Statement]:
    """CREATE RULE, then how it fires when not as usual, then its comment."""
    statements = [_definition(relation, rule, replace=False)]
    if rule.enabled != "origin":
        statements.append(enable_rule(relation, rule))
    return statements + comment_if_any(rule_target(relation, rule), rule.comment)


def replace_rule(relation: Table | View, rule: Rule) -> list[Statement]:
    """CREATE OR REPLACE RULE: a new event, condition, INSTEAD or commands; how it fires and its comment stay."""
    return [_definition(relation, rule, replace=True)]


def drop_rule(relation: Table | View, rule: Rule) -> list[Statement]:
    sql = f"DROP RULE {quote_ident(rule.name)} ON {table_name(relation)}"
    return [stmt(sql, Phase.DROP_RULE, lock_on(Kind.RULE, relation))]


def comment_on_rule(relation: Table | View, rule: Rule) -> Statement:
    return comment_on(rule_target(relation, rule), rule.comment)
