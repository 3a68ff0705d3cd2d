"""A table's declaration in the state file: columns, keys, checks, foreign keys, exclusions, indexes, triggers, rules.

TableExporter is DatabaseExporter's base class (database.py): the part that
declares one table, and notes what the format cannot say exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from reconciler.postgres import inherited_columns
from reconciler.postgres.collations import declared_collation
from reconciler.postgres.dependencies import member_id
from reconciler.postgres.differ import not_null
from reconciler.postgres.exporter import constraints as constraint_forms
from reconciler.postgres.exporter import partitions
from reconciler.postgres.exporter.catalog import Catalog
from reconciler.postgres.exporter.declarations import (
    TYPE_RANGE,
    is_trigger_function,
    non_default_options,
    parse_index,
    parse_trigger,
)
from reconciler.postgres.exporter.deparsed import (
    Token,
    closing_bracket,
    name_list,
    reparseable,
    strip_parens,
    tokenize,
    unquote,
)
from reconciler.postgres.exporter.names import default_constraint_name
from reconciler.postgres.exporter.policies import table_security
from reconciler.postgres.exporter.rules import rules
from reconciler.postgres.exporter.statistics import declaration as statistics_declaration
from reconciler.postgres.firing import DECLARED
from reconciler.postgres.identifiers import object_name, quote_ident
from reconciler.postgres.materialize_tables import index_clause, trigger_clause
from reconciler.postgres.model import (
    Column,
    ColumnSettings,
    Constraint,
    Database,
    Index,
    MaterializedView,
    Sequence,
    Table,
    Trigger,
    Undeclarable,
    View,
)

_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')+)'::regclass\)$")
_INTEGER = re.compile(r"^-?[0-9]+$")
_REFERENCE_NAME = re.compile(r"^[^.(),\s]+$")  # what the `table(column)` shorthand can carry
_ACTIONS = (("on_update", "ON UPDATE"), ("on_delete", "ON DELETE"))


class TableExporter:
    """Declares tables; the state it reads and the notes it adds are DatabaseExporter's (set in its __init__)."""

    live: Database
    catalog: Catalog
    left_out: list[str]
    differ: list[str]
    serial_sequences: set[str]
    taken: dict[str, Counter[str]]
    held: dict[str, Undeclarable]

    def keeps_default_name(self, table: Table, constraint: Constraint) -> bool:
        """True when declaring `constraint` without a name gives it its live name again."""
        return (
            constraint.name == default_constraint_name(table.name, constraint)
            and self.taken[table.schema_name][constraint.name] == 1
        )

    def table(self, table: Table, functions: Mapping[str, Any]) -> dict[str, Any]:
        columns = {}
        for name, column in table.columns.items():
            if column.local:  # inherited ones are the parent's to declare
                columns[name] = self.column(table, column)
        spec: dict[str, Any] = {}
        if table.comment is not None:
            spec["comment"] = table.comment
        parent = None if table.partition_of is None else self.live.tables.get(table.partition_of.key)
        spec.update(partitions.table_fields(table, parent))
        if table.foreign is not None:
            spec["foreign"] = {"server": table.foreign.server}
            if table.foreign.options:
                spec["foreign"]["options"] = dict(table.foreign.options)
        own, unsaid = inherited_columns.export(table, inherited_columns.column_sources(self.live, table))
        for entry in own.values():
            if "default" in entry:
                entry["default"] = _default_value(reparseable(entry["default"]))
        if own:
            spec["inherited_columns"] = own
        self.left_out += [f"{_display(table)}: {what}" for what in unsaid]
        spec["columns"] = columns
        types = {name: column.type for name, column in table.columns.items()}
        unique: list[Any] = []
        checks: list[Any] = []
        foreign_keys: list[Any] = []
        exclude: list[Any] = []
        key_columns: list[str] = []
        helpers = {helper.name for helper in not_null.leftover_helpers(table).values()}
        for constraint in table.constraints.values():
            if member_id("constraint", table, constraint.name) in self.held:
                continue  # named in the header as not declarable; the plan leaves it alone
            if constraint.name in helpers:
                continue  # left by an interrupted online SET NOT NULL: the next plan finishes or drops it
            where = f"{_display(table)}: constraint {constraint.name} ({constraint.definition})"
            if not set(constraint.columns) <= set(table.columns):
                self.left_out.append(f"{where}: on a column left out")
                continue
            # A commented constraint is declared at table level under its name: COMMENT ON needs the name.
            commented = constraint.comment is not None or constraint.index_comment is not None
            default_name = self.keeps_default_name(table, constraint) and not commented
            single = constraint.columns[0] if len(constraint.columns) == 1 else None
            if single not in columns:
                single = None  # an inherited column: the key is declared at table level
            if constraint.kind in ("primary_key", "unique"):
                declared = constraint_forms.key(constraint)
                if declared is None:
                    self.left_out.append(where)
                    continue
                if table.partition_by is not None and not constraint.index_valid:  # added ON ONLY: named
                    declared, default_name = {**declared, "only": True}, False
                plain = list(declared) == ["columns"]
                flag = "primary_key" if constraint.kind == "primary_key" else "unique"
                if constraint.kind == "primary_key" and "only" not in declared:  # ON ONLY needs NOT NULL before
                    key_columns = list(constraint.columns)
                if default_name and single is not None and plain and not columns[single].get(flag):
                    columns[single][flag] = True
                    continue
                entry = _with_comment(_named_key(constraint, declared, default_name, plain), constraint)
                if constraint.kind == "primary_key":
                    spec["primary_key"] = entry
                else:
                    unique.append(entry)
            elif constraint.kind == "check":
                self.check(constraint, default_name, columns, checks, types, where)
            elif constraint.kind == "foreign_key":
                self.foreign_key(table, constraint, default_name, columns, foreign_keys, where)
            elif (declared := constraint_forms.exclusion(constraint, types)) is not None:
                exclude.append(
                    _with_comment(declared if default_name else {"name": constraint.name, **declared}, constraint)
                )
            else:
                self.left_out.append(where)
        for name in list(columns):
            columns[name] = _compact_column(columns[name], name in key_columns)
        if not columns:
            del spec["columns"]  # a partition, a child with no columns of its own, or a table without columns
        for key, value in (
            ("unique", unique),
            ("checks", checks),
            ("foreign_keys", foreign_keys),
            ("exclude", exclude),
        ):
            if value:
                spec[key] = value
        indexes = {}
        left_out_columns = {name for name, column in table.columns.items() if column.local} - set(columns)
        for index in table.indexes.values():
            if member_id("index", table, index.name) in self.held:
                continue
            if any(unquote(t.text) in left_out_columns for t in tokenize(index.using) if t.kind in ("word", "quoted")):
                self.left_out.append(f"{_display(table)}: index {index.name}: on a column left out")
                continue
            declared = self.index(table, index, types)
            if declared is not None:
                indexes[index.name] = declared
        if indexes:
            spec["indexes"] = indexes
        if table.statistics:
            spec["statistics"] = {
                name: statistics_declaration(stats, types) for name, stats in table.statistics.items()
            }
        triggers = {}
        for trigger in table.triggers.values():
            if member_id("trigger", table, trigger.name) in self.held:
                continue
            declared_trigger = self.trigger(table, trigger, functions)
            if declared_trigger is not None:
                triggers[trigger.name] = declared_trigger
        if triggers:
            spec["triggers"] = triggers
        spec.update(constraint_forms.table_options(table))
        held_policies = {name for name in table.policies if member_id("policy", table, name) in self.held}
        spec.update(table_security(table, types, held_policies, self.left_out))
        held_rules = {name for name in table.rules if member_id("rule", table, name) in self.held}
        spec.update(rules(table, held_rules, self.left_out))
        return spec

    def column(self, table: Table, column: Column) -> dict[str, Any]:
        """A column's fields; nullability is settled afterwards, once keys are known (see _compact_column)."""
        spec: dict[str, Any] = {"type": column.type}
        if column.collation is not None:
            spec["collation"] = declared_collation(column.collation)
        serial = self.serial(table, column)
        if serial is not None:
            spec["type"] = serial
            spec["_implied_not_null"] = True
            if not column.not_null:
                self.differ.append(f"{_display(table)}.{column.name}: serial columns are NOT NULL, this one is not")
        else:
            if column.default is not None:
                spec["default"] = _default_value(reparseable(column.default))
            if column.identity:
                options = non_default_options(column.identity_options) if column.identity_options else {}
                if column.identity_sequence_name is not None:
                    options = {"sequence_name": column.identity_sequence_name, **options}
                if column.identity_unlogged is not None:
                    options["unlogged"] = column.identity_unlogged
                if column.identity_comment is not None:
                    options["comment"] = column.identity_comment
                spec["identity"] = {"generation": column.identity, **options} if options else column.identity
                spec["_implied_not_null"] = True
            # A child's column that is also inherited takes its parent's generation expression: PostgreSQL 15
            # refuses one written again in the child.
            if column.generated is not None and not column.inherited:
                spec["generated"] = strip_parens(reparseable(column.generated))
        spec["_not_null"] = column.not_null
        if column.collation is not None:
            spec["collation"] = declared_collation(column.collation)
        spec.update(column_settings(column))
        if column.foreign_options:
            spec["foreign_options"] = dict(column.foreign_options)
        if column.comment is not None:
            spec["comment"] = column.comment
        return spec

    def serial(self, table: Table, column: Column) -> str | None:
        """`serial` (or bigserial, smallserial) when the column's default is nextval of a sequence it owns."""
        match = _NEXTVAL.match(column.default or "")
        if match is None or column.type not in _SERIALS:
            return None
        owner = f"{quote_ident(table.name)}.{quote_ident(column.name)}"
        owned = [
            (key, s)
            for key, s in self.live.sequences.items()
            if s.schema_name == table.schema_name and s.owned_by == owner
        ]
        regclass = match[1].replace("''", "'")
        found = [
            (key, s)
            for key, s in owned
            if regclass in (quote_ident(s.name), f"{quote_ident(s.schema_name)}.{quote_ident(s.name)}")
        ]
        if not found:
            return None
        key, sequence = found[0]
        if sequence.name != object_name(table.name, column.name, "seq"):
            return None  # serial would name it otherwise: a sequence with owned_by, and the column's default
        expected = Sequence(
            schema_name=sequence.schema_name,
            name=sequence.name,
            data_type=column.type,
            max_value=TYPE_RANGE[column.type][1],
            owned_by=owner,
            unlogged=table.unlogged,  # an unlogged table's serial gets an unlogged sequence (PostgreSQL 15)
        )
        if sequence != expected:
            return None  # other options than serial's: a default and a sequence with owned_by say it exactly
        self.serial_sequences.add(key)
        return _SERIALS[column.type]

    def check(
        self,
        constraint: Constraint,
        default_name: bool,
        columns: dict[str, Any],
        checks: list[Any],
        types: Mapping[str, str],
        where: str,
    ) -> None:
        definition, flags = constraint_forms.split_suffixes(constraint.definition)
        tokens = tokenize(definition)
        if flags - {"not_valid", "no_inherit"} or not (
            definition.startswith("CHECK (") and closing_bracket(tokens, 1) == len(tokens) - 1
        ):
            self.left_out.append(where)
            return
        expression = strip_parens(reparseable(definition[len("CHECK (") : -1], types))
        single = constraint.columns[0] if len(constraint.columns) == 1 and constraint.columns[0] in columns else None
        options: dict[str, Any] = {"valid": False} if "not_valid" in flags else {}
        if "no_inherit" in flags:
            options["no_inherit"] = True
        if default_name and single is not None and "check" not in columns[single] and not options:
            columns[single]["check"] = expression
        elif default_name and not options:
            checks.append(expression)
        else:
            name = {} if default_name and constraint.comment is None else {"name": constraint.name}
            checks.append(_with_comment({**name, "expression": expression, **options}, constraint))

    def foreign_key(
        self,
        table: Table,
        constraint: Constraint,
        default_name: bool,
        columns: dict[str, Any],
        foreign_keys: list[Any],
        where: str,
    ) -> None:
        parsed = self.parse_foreign_key(table, constraint)
        if parsed is None:
            self.left_out.append(where)
            return
        reference, actions, deferral = parsed
        name = None if default_name else constraint.name
        single = constraint.columns[0] if len(constraint.columns) == 1 and constraint.columns[0] in columns else None
        inline_ok = not deferral and "on_delete_columns" not in actions and constraint.comment is None
        if single is not None and inline_ok and "references" not in columns[single]:
            inline = dict(reference)
            inline["column"] = inline.pop("columns")[0]
            inline.update(actions)
            if name is not None:
                inline["name"] = name
            text = _reference_text(reference) if set(inline) <= {"table", "schema", "column"} else None
            columns[single]["references"] = text or inline
            return
        entry: dict[str, Any] = {} if name is None else {"name": name}
        entry["columns"] = list(constraint.columns)
        entry["references"] = _reference_text(reference) or reference
        entry.update(actions)
        entry.update(deferral)
        foreign_keys.append(_with_comment(entry, constraint))

    def parse_foreign_key(
        self, table: Table, constraint: Constraint
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]] | None:
        """The reference, actions and deferral of a foreign key, or None when the spec cannot say it exactly."""
        tokens = tokenize(constraint.definition)
        at = next((i for i, t in enumerate(tokens) if t.text == "REFERENCES"), None)
        if at is None:
            return None
        i = at + 1
        parts: list[str] = []
        while i < len(tokens) and tokens[i].kind in ("word", "quoted"):
            parts.append(unquote(tokens[i].text))
            i += 1
            if i < len(tokens) and tokens[i].text == ".":
                i += 1
        close = closing_bracket(tokens, i) if i < len(tokens) and tokens[i].text == "(" else None
        if close is None or len(parts) not in (1, 2):
            return None
        referenced = name_list(tokens[i + 1 : close])
        if referenced is None:
            return None
        target_schema = parts[0] if len(parts) == 2 else self.resolve_table(parts[0])
        printed = constraint.definition[tokens[at + 1].start : tokens[close].end]
        rest = constraint.definition[tokens[close].end :]
        actions: dict[str, Any] = {}
        deferral: dict[str, Any] = {}
        if rest.startswith(" MATCH FULL"):
            deferral["match"] = "full"
        for key, clause in _ACTIONS:
            found = re.search(rf" {clause} (RESTRICT|CASCADE|SET NULL|SET DEFAULT)\b", rest)
            if found:
                actions[key] = found[1].lower()
        set_columns = _set_columns(tokens, close)
        if set_columns is not None:
            actions["on_delete_columns"] = set_columns
        if " DEFERRABLE" in rest:
            deferral["deferrable"] = True
            if " INITIALLY DEFERRED" in rest:
                deferral["initially_deferred"] = True
        if rest.endswith(" NOT VALID"):
            deferral["valid"] = False
        rendered = f"FOREIGN KEY ({_column_list(constraint.columns)}) REFERENCES {printed}"
        rendered += " MATCH FULL" if "match" in deferral else ""
        rendered += "".join(f" {clause} {actions[key].upper()}" for key, clause in _ACTIONS if key in actions)
        if set_columns is not None:
            rendered += f" ({_column_list(set_columns)})"
        if "deferrable" in deferral:
            rendered += " DEFERRABLE" + (" INITIALLY DEFERRED" if "initially_deferred" in deferral else "")
        rendered += " NOT VALID" if "valid" in deferral else ""
        if rendered != constraint.definition:
            return None  # something the spec cannot say
        reference: dict[str, Any] = {"table": parts[-1]}
        if target_schema is not None and target_schema != table.schema_name:
            reference["schema"] = target_schema
        reference["columns"] = referenced
        return reference, actions, deferral

    def resolve_table(self, name: str) -> str | None:
        """The schema an unqualified table name resolves to on the search_path (the first one holding it)."""
        for schema in [*self.catalog.schemas, *self.catalog.extension_schemas]:
            if f"{schema}.{name}" in self.live.tables:
                return schema
        return None

    def index(self, table: Table | MaterializedView, index: Index, types: Mapping[str, str]) -> Any:
        where = f"{_display(table)}: index {index.name} ({index.using})"
        parsed = parse_index(index)
        if parsed is None or _bracketed_predicate(f"USING {index.using}", parsed.where) != index_clause(parsed):
            self.left_out.append(where)  # WITH (storage parameters)
            return None
        columns = [reparseable(c, types) for c in parsed.columns]
        only = isinstance(table, Table) and table.partition_by is not None and not index.valid
        if (
            only
            or parsed.unique
            or parsed.method != "btree"
            or parsed.where
            or parsed.include
            or parsed.nulls_not_distinct
            or parsed.with_
            or index.statistics
            or index.comment is not None
        ):
            spec: dict[str, Any] = {"columns": columns}
            if parsed.unique:
                spec["unique"] = True
            if parsed.method != "btree":
                spec["method"] = parsed.method
            if parsed.where:
                spec["where"] = strip_parens(reparseable(parsed.where, types))
            if parsed.include:
                spec["include"] = parsed.include
            if parsed.nulls_not_distinct:
                spec["nulls_not_distinct"] = True
            if parsed.with_:
                spec["with"] = dict(parsed.with_)
            if index.statistics:
                spec["statistics"] = dict(sorted(index.statistics.items()))
            if index.comment is not None:
                spec["comment"] = index.comment
            if only:
                spec["only"] = True
            return spec
        return columns

    def trigger(self, table: Table | View, trigger: Trigger, functions: Mapping[str, Any]) -> dict[str, Any] | None:
        where = f"{_display(table)}: trigger {trigger.name}"
        read = parse_trigger(trigger)
        if read is None or trigger_clause(*read) != (trigger.timing_events, trigger.body):
            self.left_out.append(f"{where} ({trigger.timing_events} {trigger.body})")
            return None
        parsed, _ = read
        # The catalog's schema of the function, printed qualified or not: the planner names it in the trigger's
        # own schema, or in `function_schema`, so it is found there again.
        elsewhere = trigger.function_schema not in (None, table.schema_name)
        if elsewhere and not is_trigger_function(self.live, trigger.function_schema, parsed.function):
            self.left_out.append(f"{where}: its function {trigger.function_schema}.{parsed.function}() is not declared")
            return None
        declared = functions.get(parsed.function, {})
        if not elsewhere and (declared[0] if isinstance(declared, list) else declared).get("returns") != "trigger":
            # validate wants the trigger's function declared next to it (not in another schema or an extension)
            self.left_out.append(f"{where}: its function {parsed.function}() is not declared in {table.schema_name}")
            return None
        spec: dict[str, Any] = {"timing": parsed.timing, "events": list(parsed.events)}
        if parsed.update_of:
            spec["update_of"] = list(parsed.update_of)
        if parsed.for_each != "row":
            spec["for_each"] = parsed.for_each
        if parsed.when:
            spec["when"] = strip_parens(reparseable(parsed.when))
        spec["function"] = parsed.function
        if elsewhere:
            spec["function_schema"] = trigger.function_schema
        if parsed.arguments:
            spec["arguments"] = list(parsed.arguments)
        for key in ("constraint", "deferrable", "initially_deferred"):
            if getattr(parsed, key):
                spec[key] = True
        if parsed.from_table is not None:
            spec["from_table"] = parsed.from_table
        for key in ("old_table", "new_table"):
            if getattr(parsed, key) is not None:
                spec[key] = getattr(parsed, key)
        if trigger.enabled != "origin":
            spec["enabled"] = DECLARED[trigger.enabled]
        if trigger.comment is not None:
            spec["comment"] = trigger.comment
        return spec


def _bracketed_predicate(clause: str, where: str | None) -> str:
    """pg_get_indexdef prints a bare predicate (`WHERE live`) without the brackets index_clause always writes."""
    if where is not None and clause.endswith(f" WHERE {where}") and not clause.endswith(f" WHERE ({where})"):
        return clause.removesuffix(f" WHERE {where}") + f" WHERE ({where})"
    return clause


def _display(table: Table | View | MaterializedView) -> str:
    return f"{table.schema_name}.{table.name}"


def _set_columns(tokens: list[Token], after: int) -> list[str] | None:
    """The columns of `ON DELETE SET NULL (a, b)` / `SET DEFAULT (a)` after token `after`, if it names any."""
    words = [t.text for t in tokens]
    for i in range(after + 1, len(tokens) - 4):
        if words[i : i + 3] == ["ON", "DELETE", "SET"] and words[i + 3] in ("NULL", "DEFAULT") and words[i + 4] == "(":
            close = closing_bracket(tokens, i + 4)
            return None if close is None else name_list(tokens[i + 5 : close])
    return None


def _column_list(columns: list[str]) -> str:
    return ", ".join(quote_ident(c) for c in columns)


def _reference_text(reference: dict[str, Any]) -> str | None:
    """The `table(column)` / `schema.table(a, b)` shorthand, when every name fits in it."""
    names = [reference["table"], *reference["columns"], *([reference["schema"]] if "schema" in reference else [])]
    if not all(_REFERENCE_NAME.match(name) for name in names):
        return None
    prefix = f"{reference['schema']}." if "schema" in reference else ""
    return f"{prefix}{reference['table']}({', '.join(reference['columns'])})"


def _with_comment(entry: Any, constraint: Constraint) -> Any:
    """A table-level constraint entry (always a mapping when commented: the name is kept) with its comments."""
    if constraint.comment is not None and isinstance(entry, dict):
        entry["comment"] = constraint.comment
    if constraint.index_comment is not None and isinstance(entry, dict):
        entry["index_comment"] = constraint.index_comment
    return entry


def _named_key(constraint: Constraint, declared: dict[str, Any], default_name: bool, plain: bool) -> Any:
    """`[a, b]` for a plain key under its default name, else the mapping, with `name` when it must be kept."""
    if plain and default_name:
        return list(constraint.columns)
    return declared if default_name else {"name": constraint.name, **declared}


def _compact_column(spec: dict[str, Any], in_primary_key: bool) -> Any:
    """Settle `nullable` (left out where a key, identity or serial implies NOT NULL) and use the bare-type shorthand."""
    not_null = spec.pop("_not_null")
    implied = spec.pop("_implied_not_null", False) or in_primary_key
    ordered: dict[str, Any] = {"type": spec["type"]}
    if not_null and not implied:
        ordered["nullable"] = False
    for key in (
        "collation",
        "default",
        "identity",
        "generated",
        "primary_key",
        "unique",
        "check",
        "references",
        "storage",
        "compression",
        "statistics",
        "options",
        "foreign_options",
        "comment",
    ):
        if key in spec:
            ordered[key] = spec[key]
    return ordered["type"] if len(ordered) == 1 else ordered


def _default_value(default: str) -> Any:
    """Integers and booleans as YAML scalars (they read back as the same SQL); anything else as SQL text."""
    if _INTEGER.match(default) and str(int(default)) == default:
        return int(default)
    if default in ("true", "false"):
        return default == "true"
    return default


def column_settings(column: Column | ColumnSettings) -> dict[str, Any]:
    """`storage`, `compression`, `statistics` and `options` of a table's or materialized view's column, where set."""
    spec: dict[str, Any] = {}
    if column.storage is not None:
        spec["storage"] = column.storage
    if column.compression is not None:
        spec["compression"] = column.compression
    if column.statistics is not None:
        spec["statistics"] = column.statistics
    if column.options:
        spec["options"] = {key: _number(value) for key, value in column.options.items()}
    return spec


def _number(text: str) -> int | float:
    """An attoption's value as the number it was written as (3 stays 3, 3.0 stays 3.0: the catalog keeps the text)."""
    return int(text) if text.lstrip("-").isdigit() else float(text)
