"""Rewrite rules (CREATE RULE) as a person declares them, on tables and on views.

A rule is declared in parts, never as one CREATE RULE text: its name and
relation are the keys it sits under, `event` and `instead` are words, `where`
is one expression and each entry of `actions` one command, each checked like
every other SQL fragment (fragments.py) so that none can end its slot and
add a statement the plan does not show. The parts are what pg_get_ruledef
prints between its fixed words, so export reads them back exactly.
"""

from typing import Literal

from pydantic import Field, field_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.firing import Enabled
from reconciler.postgres.spec.common import Strict
from reconciler.state.jsonschema import any_case

RuleEvent = Literal["insert", "update", "delete"]
# PostgreSQL's name for the ON SELECT rule that makes a relation a view: never a declared rule.
VIEW_RULE_NAME = "_RETURN"


class ViewRuleSpec(Strict):
    """A rule on a view: what it does instead of (or as well as) an INSERT, UPDATE or DELETE."""

    event: RuleEvent = Field(
        json_schema_extra=any_case("insert", "update", "delete"),
        description="The command the rule rewrites (ON SELECT rules are views: declare a view).",
    )
    instead: bool = Field(default=False, description="true: DO INSTEAD; false: DO ALSO.")
    where: str | None = Field(
        default=None, min_length=1, description="A condition on NEW and OLD: the rule applies where it holds."
    )
    actions: list[str] = Field(
        default_factory=empty_list,
        description="The commands it runs, each one SELECT, INSERT, UPDATE, DELETE or NOTIFY without ';'; "
        "left out or empty: DO NOTHING.",
    )
    comment: str | None = None

    @field_validator("event", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class RuleSpec(ViewRuleSpec):
    """A rule on a table; `enabled` is when it fires (ALTER TABLE ... ENABLE / DISABLE RULE)."""

    enabled: Enabled = Field(
        default=True,
        description="true: fires as usual (ENABLE); false: never (DISABLE); replica: only when "
        "session_replication_role is replica; always: whatever that role is.",
    )
