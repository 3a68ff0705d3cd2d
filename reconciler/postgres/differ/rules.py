"""Rewrite rules of tables and views: created, replaced in place, enabled or disabled, dropped.

Rules are compared in pg_get_ruledef's terms (rules.py reads its text into
the event, INSTEAD, the condition and each command). A new definition is
CREATE OR REPLACE RULE, which keeps how the rule fires and its comment;
ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE RULE and COMMENT ON RULE
change those alone.

A rule depends (pg_depend) on the columns, tables, views and functions its
condition and commands name. A replaced view or function, or a table
created again, drops and re-creates it through `recreate_dependents`, and so
does a column given a new type: PostgreSQL refuses ALTER COLUMN ... TYPE
while a rule names the column. A rule that changes too and names such a
column is dropped and created as declared by its own change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl_rules
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.model import Rule, Table, View

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

# What CREATE OR REPLACE RULE sets; the rest (enabled, comment) has statements of its own.
_DEFINITION = {"event", "instead", "where", "actions"}


def rule_id(relation: Table | View, name: str) -> str:
    return object_id("rule", relation.schema_name, relation.name, name)


def create(d: _Differ, relation: Table | View, rule: Rule) -> list[Statement]:
    return d.tag(ddl_rules.create_rule(relation, rule), "create", rule_id(relation, rule.name))


def drop(d: _Differ, relation: Table | View, rule: Rule) -> list[Statement]:
    return d.tag(ddl_rules.drop_rule(relation, rule), "drop", rule_id(relation, rule.name))


def create_all(d: _Differ, relation: Table | View) -> list[Statement]:
    """A new (or re-created) relation's rules."""
    return [statement for rule in relation.rules.values() for statement in create(d, relation, rule)]


def update(d: _Differ, address: str, want: Table | View, have: Table | View) -> None:
    """The rules of a table or view both sides have."""
    d.keyed(
        "rule",
        want.rules,
        have.rules,
        lambda r: f"{address}.rule.{r.name}",
        lambda r: create(d, want, r),
        lambda r: drop(d, want, r),
        lambda w, h: change(d, f"{address}.rule.{w.name}", want, w, h),
        ident=lambda r: rule_id(want, r.name),
    )


def retyped_needs(d: _Differ, relation: Table | View, rule: Rule) -> list[str]:
    """The columns the live `rule` names whose type changes: PostgreSQL refuses ALTER TYPE while it exists."""
    needs = d.live_graph.needs.get(rule_id(relation, rule.name), set())
    return sorted(d.retyped_columns[obj] for obj in needs if obj in d.retyped_columns)


def change(d: _Differ, address: str, relation: Table | View, want: Rule, have: Rule) -> None:
    detail = _changes(want, have)
    retyped = retyped_needs(d, relation, have)
    if retyped:  # dropped before the column's ALTER TYPE, created as declared after it
        detail += [f"re-created: column {name} changes type" for name in retyped]
        recreated = drop(d, relation, have) + create(d, relation, want)
        d.add(address, "rule", Action.REPLACE, have, want, recreated, detail=detail)
        return
    statements: list[Statement] = []
    ident = rule_id(relation, want.name)
    if want.model_dump(include=_DEFINITION) != have.model_dump(include=_DEFINITION):
        needs = tuple(d.desired_graph.needs.get(ident, ()))
        statements += d.tag(ddl_rules.replace_rule(relation, want), "alter", ident, needs=needs)
    if want.enabled != have.enabled:
        statements += d.tag([ddl_rules.enable_rule(relation, want)], "alter", ident)
    if want.comment != have.comment:
        statements.append(ddl_rules.comment_on_rule(relation, want))
    d.add(address, "rule", Action.UPDATE, have, want, statements, detail=detail)


def _changes(want: Rule, have: Rule) -> list[str]:
    old, new = have.model_dump(), want.model_dump()
    return [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if old[key] != new[key]]
