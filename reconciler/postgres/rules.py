"""Rewrite rules: reading pg_get_ruledef's text into parts, and writing CREATE RULE from parts.

pg_get_ruledef prints every rule in one shape (ruleutils.c, make_ruledef):

    CREATE RULE <name> AS
        ON <EVENT> TO <schema>.<relation>
       [WHERE <condition>] DO [INSTEAD] {NOTHING | <command> | (<command>; <command>; ...)};

The condition is an expression, where the reserved word DO can only appear
quoted or inside brackets, and each command is a statement without a `;` of
its own outside string constants and quoted names. Read with PostgreSQL's
lexical rules (fragments.tokens), the parts come apart exactly: the first DO
outside brackets ends the condition, and the `;` outside string constants
separate the commands. The parts are what a state file declares (spec/rules.py)
and what the differ compares.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.postgres.fragments import FragmentError, Token, tokens
from reconciler.postgres.identifiers import quote_ident

# CREATE RULE <name> AS ON <EVENT> TO <schema> . <relation>: the tokens before the condition or DO.
_HEAD_TOKENS = 10
_EVENTS = {"SELECT": "select", "INSERT": "insert", "UPDATE": "update", "DELETE": "delete"}


@dataclass(frozen=True)
class RuleParts:
    event: str
    instead: bool
    where: str | None
    actions: list[str]


def _word(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.upper() in words


def _depths(found: list[Token]) -> list[int]:
    """Each token's bracket depth (an opening bracket counts as outside what it opens)."""
    depths, depth = [], 0
    for token in found:
        if token.kind in ")]":
            depth -= 1
        depths.append(depth)
        if token.kind in "([":
            depth += 1
    return depths


def read_definition(definition: str) -> RuleParts:
    """A rule's parts from pg_get_ruledef's text; ValueError for text of another shape."""
    try:
        found = tokens(definition)
    except FragmentError as exc:
        raise ValueError(f"cannot read rule definition {definition!r}: {exc}") from None
    depths = _depths(found)
    if len(found) < _HEAD_TOKENS + 3 or not _word(found[5], *_EVENTS) or found[-1].kind != ";":
        raise ValueError(f"cannot read rule definition {definition!r}")
    event = _EVENTS[found[5].text.upper()]
    at = _HEAD_TOKENS
    where = None
    if _word(found[at], "WHERE"):
        do = next((i for i in range(at + 1, len(found)) if depths[i] == 0 and _word(found[i], "DO")), None)
        if do is None:
            raise ValueError(f"cannot find DO in rule definition {definition!r}")
        where = definition[found[at + 1].start : found[do].start].strip()
        at = do
    if not _word(found[at], "DO"):
        raise ValueError(f"cannot find DO in rule definition {definition!r}")
    at += 1
    instead = _word(found[at], "INSTEAD")
    at += instead
    end = len(found) - 1  # the final ';'
    if _word(found[at], "NOTHING") and at + 1 == end:
        return RuleParts(event, instead, where, [])
    if found[at].kind == "(" and found[end - 1].kind == ")" and found[end - 2].kind == ";" and depths[end - 1] == 0:
        # DO (a; b; ): each command is followed by its ';' inside the brackets.
        actions, start = [], found[at].start + 1
        for i in range(at + 1, end - 1):
            if found[i].kind == ";" and depths[i] == 1:
                command = definition[start : found[i].start].strip()
                if command:
                    actions.append(command)
                start = found[i].start + 1
        return RuleParts(event, instead, where, actions)
    return RuleParts(event, instead, where, [definition[found[at].start : found[end].start].strip()])


@dataclass(frozen=True)
class RuleText:
    """CREATE RULE's text, and where its condition and each of its commands start in it (for errors)."""

    sql: str
    where_at: int | None
    actions_at: list[int]


def rule_text(
    name: str,
    relation: str,
    event: str,
    instead: bool,
    where: str | None,
    actions: list[str],
    *,
    replace: bool = False,
) -> RuleText:
    """CREATE [OR REPLACE] RULE: the condition in brackets, the commands always in a bracketed list."""
    head = "CREATE OR REPLACE RULE" if replace else "CREATE RULE"
    sql = f"{head} {quote_ident(name)} AS ON {event.upper()} TO {relation}"
    where_at = None
    if where is not None:
        where_at = len(sql) + len(" WHERE (")
        sql += f" WHERE ({where})"
    sql += " DO INSTEAD" if instead else " DO ALSO"
    if not actions:
        return RuleText(sql + " NOTHING", where_at, [])
    sql += " ("
    actions_at = []
    for i, action in enumerate(actions):
        sql += "; " if i else ""
        actions_at.append(len(sql))
        sql += action
    return RuleText(sql + ")", where_at, actions_at)


def rule_sql(
    name: str,
    relation: str,
    event: str,
    instead: bool,
    where: str | None,
    actions: list[str],
    *,
    replace: bool = False,
) -> str:
    return rule_text(name, relation, event, instead, where, actions, replace=replace).sql
