"""Functions, indexes, triggers and sequence options read back from catalog text into state-file declarations."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from reconciler.postgres.ddl_routines import setting_value_sql
from reconciler.postgres.exporter.constraints import read_include, read_with
from reconciler.postgres.exporter.deparsed import (
    closing_bracket,
    name_list,
    reparseable,
    split_top_level,
    strip_parens,
    tokenize,
    unquote,
)
from reconciler.postgres.fragments import LIBRARY_LANGUAGES
from reconciler.postgres.fragments_tables import index_key
from reconciler.postgres.model import Database, Function, Index, SequenceOptions, Trigger
from reconciler.postgres.spec.tables import IndexSpec, TriggerSpec

TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


def non_default_options(options: SequenceOptions) -> dict[str, Any]:
    """A sequence's options that differ from what CREATE SEQUENCE (or AS IDENTITY) gives its type by default."""
    low, high = TYPE_RANGE.get(options.data_type, TYPE_RANGE["bigint"])
    ascending = options.increment > 0
    default_min, default_max = (1, high) if ascending else (low, -1)
    spec: dict[str, Any] = {}
    if options.start != (options.min_value if ascending else options.max_value):
        spec["start"] = options.start
    if options.increment != 1:
        spec["increment"] = options.increment
    if options.min_value != default_min:
        spec["min_value"] = options.min_value
    if options.max_value != default_max:
        spec["max_value"] = options.max_value
    if options.cache != 1:
        spec["cache"] = options.cache
    if options.cycle:
        spec["cycle"] = True
    return spec


def function_declaration(function: Function) -> dict[str, Any]:
    """A function; `language` is always written (a reader should not have to know the default is plpgsql)."""
    spec: dict[str, Any] = {}
    if function.arguments:
        spec["arguments"] = reparseable(function.arguments)
    spec["returns"] = function.returns
    spec["language"] = function.language
    if function.volatility != "volatile":
        spec["volatility"] = function.volatility
    if function.strict:
        spec["strict"] = True
    if function.window:
        spec["window"] = True
    if function.security_definer:
        spec["security_definer"] = True
    spec.update(function_options(function))
    spec[body_key(function)] = function.body
    if function.comment is not None:
        spec["comment"] = function.comment
    return spec


def body_key(routine: Function) -> str:
    """`sql_body` for a SQL-standard body (RETURN ..., BEGIN ATOMIC ... END), `body` for a string one."""
    return "sql_body" if routine.sql_body else "body"


def function_options(function: Function) -> dict[str, Any]:
    """PARALLEL, LEAKPROOF, COST, ROWS, SUPPORT and SET clauses, each only where it is not PostgreSQL's default."""
    spec: dict[str, Any] = {}
    if function.parallel != "unsafe":
        spec["parallel"] = function.parallel
    if function.leakproof:
        spec["leakproof"] = True
    if function.cost != (1 if function.language in LIBRARY_LANGUAGES else 100):
        spec["cost"] = _number(function.cost)
    if function.returns_set and function.rows != 1000:
        spec["rows"] = _number(function.rows)
    if function.settings:
        spec["set"] = {name: setting_value_sql(name, value) for name, value in function.settings.items()}
    if function.support is not None:
        spec["support"] = function.support
    return spec


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def parse_index(index: Index) -> IndexSpec | None:
    """`btree (a, b DESC) INCLUDE (c) NULLS NOT DISTINCT WHERE (...)` as an IndexSpec (expressions verbatim)."""
    tokens = tokenize(index.using)
    if len(tokens) < 3 or tokens[0].kind not in ("word", "quoted") or tokens[1].text != "(":
        return None
    close = closing_bracket(tokens, 1)
    if close is None:
        return None
    text = index.using
    spec: dict[str, Any] = {
        "method": unquote(tokens[0].text),
        "unique": index.unique,
        "columns": split_top_level(text[tokens[1].end : tokens[close].start]),
    }
    after = read_include(tokens, close + 1, spec)
    if after is None:
        return None
    i = after
    if [t.text for t in tokens[i : i + 3]] == ["NULLS", "NOT", "DISTINCT"]:
        spec["nulls_not_distinct"] = True
        i += 3
    after = read_with(text, tokens, i, spec)
    if after is None:
        return None
    i = after
    if i < len(tokens) and tokens[i].text == "WHERE":
        spec["where"] = strip_parens(text[tokens[i].end :])
        i = len(tokens)
    if i != len(tokens) or not spec["columns"]:
        return None
    try:
        for column in spec["columns"]:
            index_key(column)  # what validate would refuse cannot be exported as a column entry
        return IndexSpec.model_validate(spec)
    except ValueError:  # FragmentError is one
        return None


_TRIGGER_HEAD = re.compile(r"^(?P<timing>BEFORE|AFTER|INSTEAD OF) (?P<events>.+)$", re.DOTALL)
_TRIGGER_BODY = re.compile(
    r"^(?:FROM (?P<from>\S+) )?(?P<deferral>(?:NOT )?DEFERRABLE INITIALLY (?:DEFERRED|IMMEDIATE) )?"
    r"(?:REFERENCING (?:OLD TABLE AS (?P<old>\S+) )?(?:NEW TABLE AS (?P<new>\S+) )?)?"
    r"FOR EACH (?P<each>ROW|STATEMENT) (?P<rest>.+)$",
    re.DOTALL,
)


class TriggerCall(NamedTuple):
    """`EXECUTE FUNCTION [schema.]name(arguments)` as pg_get_triggerdef prints it; names unquoted."""

    schema: str | None
    function: str
    arguments: str


def trigger_call(text: str) -> TriggerCall | None:
    """The function a trigger executes, its name quoted or not and qualified when the search_path needs it."""
    tokens = tokenize(text)
    if [t.text for t in tokens[:2]] != ["EXECUTE", "FUNCTION"]:
        return None
    names: list[str] = []
    i = 2
    while i < len(tokens) and tokens[i].kind in ("word", "quoted") and len(names) < 2:
        names.append(unquote(tokens[i].text))
        i += 1
        if i < len(tokens) and tokens[i].text == "." and tokens[i].kind == "punct":
            i += 1
        else:
            break
    if not names or i >= len(tokens) or tokens[i].text != "(" or closing_bracket(tokens, i) != len(tokens) - 1:
        return None
    arguments = text[tokens[i].end : tokens[-1].start]
    return TriggerCall(names[0] if len(names) == 2 else None, names[-1], arguments)


def parse_trigger(trigger: Trigger) -> tuple[TriggerSpec, str | None] | None:
    """A trigger's catalog text as a TriggerSpec (the WHEN expression verbatim) and the schema its function
    is qualified with (None when unqualified), or None if the text says more than a TriggerSpec holds."""
    head, body = _TRIGGER_HEAD.match(trigger.timing_events), _TRIGGER_BODY.match(trigger.body)
    if head is None or body is None:
        return None
    events: list[str] = []
    update_of: list[str] = []
    for event in head["events"].split(" OR "):
        if event.startswith("UPDATE OF "):
            names = name_list(tokenize(event.removeprefix("UPDATE OF ")))
            if names is None:
                return None
            update_of, event = names, "UPDATE"
        events.append(event.lower())
    rest = body["rest"]
    when = None
    if rest.startswith("WHEN ("):
        tokens = tokenize(rest)
        close = closing_bracket(tokens, 1)
        if close is None:
            return None
        when = rest[tokens[1].end : tokens[close].start]
        rest = rest[tokens[close].end :].strip()
    call = trigger_call(rest)
    if call is None:
        return None
    arguments: list[str] = []
    for argument in split_top_level(call.arguments):
        if not (argument.startswith("'") and argument.endswith("'")):
            return None
        arguments.append(argument[1:-1].replace("''", "'"))
    try:
        spec = TriggerSpec.model_validate(
            {
                "timing": head["timing"].lower(),
                "events": events,
                "update_of": update_of,
                "for_each": body["each"].lower(),
                "when": when,
                "function": call.function,
                "arguments": arguments,
                "constraint": trigger.constraint,
                "from_table": body["from"],
                "deferrable": (body["deferral"] or "").startswith("DEFERRABLE"),
                "initially_deferred": "INITIALLY DEFERRED" in (body["deferral"] or ""),
                "old_table": unquote(body["old"]) if body["old"] else None,
                "new_table": unquote(body["new"]) if body["new"] else None,
            }
        )
        return spec, call.schema
    except ValueError:
        return None


def is_trigger_function(live: Database, schema: str | None, name: str) -> bool:
    """Whether `schema` holds a function `name()` returning trigger that the export declares (a trigger may run a
    function of another schema, or one of PostgreSQL's own: its declaration names that schema in `function_schema`)."""
    if schema == "pg_catalog":  # PostgreSQL's own (suppress_redundant_updates_trigger): never declared
        return True
    return any(
        fn.schema_name == schema and fn.name == name and fn.kind == "function" and fn.returns == "trigger"
        for fn in live.functions.values()
    )
