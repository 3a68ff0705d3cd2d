"""Materialized views and the details of views (options, triggers, rules) as a state file declares them.

Queries are written as pg_get_viewdef prints them (repaired by `reparseable`,
as plain views are); indexes go through the table exporter's reading of
pg_get_indexdef, triggers through its reading of pg_get_triggerdef, so each
is declared only when it renders back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, get_args

from reconciler.postgres.dependencies import object_id
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.exporter.rules import rules
from reconciler.postgres.exporter.statistics import declaration as statistics_declaration
from reconciler.postgres.exporter.tables import column_settings
from reconciler.postgres.model import MaterializedView, View
from reconciler.postgres.spec.access_methods import DEFAULT as DEFAULT_ACCESS_METHOD
from reconciler.postgres.spec.views import BooleanSpelling

if TYPE_CHECKING:
    from reconciler.postgres.exporter.database import DatabaseExporter

_INTEGER = re.compile(r"^-?[0-9]+$")
_BARE_WORD = re.compile(r"^[A-Za-z0-9_.+-]+$")  # what spec.StorageValue accepts
_BOOLEAN_OPTIONS = ("security_barrier", "security_invoker")
_TRUE = {"true", "on", "yes", "1", "t", "y"}
_FALSE = {"false", "off", "no", "0", "f", "n"}


def query_text(definition: str) -> str:
    return reparseable(definition.strip().removesuffix(";").strip())


def view_details(exporter: DatabaseExporter, view: View, functions: Mapping[str, Any]) -> dict[str, Any]:
    """The options, triggers and rules of a view, to add to its query and comment."""
    where = f"{view.schema_name}.{view.name}"
    spec: dict[str, Any] = {}
    for name, value in view.options.items():
        if name in _BOOLEAN_OPTIONS and value in ("true", "false"):
            spec[name] = value == "true"
        elif name in _BOOLEAN_OPTIONS and value in get_args(BooleanSpelling):
            spec[name] = value  # kept as written: pg_dump prints the spelling
        elif name in _BOOLEAN_OPTIONS and value.lower() in _TRUE | _FALSE:  # another case (ON): same meaning
            spec[name] = value.lower() in _TRUE
            exporter.differ.append(f"{where}: option {name}={value} is declared as {str(spec[name]).lower()}")
        elif name == "check_option" and value in ("local", "cascaded"):
            spec[name] = value
        else:
            exporter.left_out.append(f"{where}: view option {name}={value}")
    triggers = {}
    for trigger in view.triggers.values():
        if object_id("trigger", view.schema_name, view.name, trigger.name) in exporter.held:
            continue
        declared = exporter.trigger(view, trigger, functions)
        if declared is not None:
            triggers[trigger.name] = declared
    if triggers:
        spec["triggers"] = triggers
    held_rules = {name for name in view.rules if object_id("rule", view.schema_name, view.name, name) in exporter.held}
    spec.update(rules(view, held_rules, exporter.left_out))
    return spec


def materialized_view(exporter: DatabaseExporter, matview: MaterializedView) -> dict[str, Any]:
    """A materialized view: query, and only what differs from the defaults."""
    spec: dict[str, Any] = {"query": query_text(matview.definition)}
    if not matview.with_data:
        spec["with_data"] = False
    if matview.access_method != DEFAULT_ACCESS_METHOD:
        spec["access_method"] = matview.access_method
    indexes = {}
    for index in matview.indexes.values():
        if object_id("index", matview.schema_name, matview.name, index.name) in exporter.held:
            continue
        declared = exporter.index(matview, index, {})
        if declared is not None:
            indexes[index.name] = declared
    if indexes:
        spec["indexes"] = indexes
    storage = {}
    for name, value in matview.storage.items():
        if _BARE_WORD.match(value):
            storage[name] = int(value) if _INTEGER.match(value) and str(int(value)) == value else value
        else:
            exporter.left_out.append(f"{matview.schema_name}.{matview.name}: storage parameter {name}={value}")
    if storage:
        spec["storage"] = storage
    if matview.statistics:
        spec["statistics"] = {name: statistics_declaration(stats, {}) for name, stats in matview.statistics.items()}
    if matview.comment is not None:
        spec["comment"] = matview.comment
    if matview.column_comments:
        spec["column_comments"] = dict(matview.column_comments)
    settings = {name: column_settings(column) for name, column in matview.column_settings.items()}
    if settings:
        spec["column_settings"] = settings
    return spec


def materialized_views(exporter: DatabaseExporter, schema: str) -> dict[str, Any]:
    """This schema's materialized views that the format can declare, by name."""
    found = sorted(
        (m for m in exporter.live.materialized_views.values() if m.schema_name == schema), key=lambda m: m.name
    )
    return {
        m.name: materialized_view(exporter, m)
        for m in found
        if not exporter.excluded(object_id("matview", m.schema_name, m.name))
    }
