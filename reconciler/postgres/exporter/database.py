"""One inspected database turned into the data of its state file, with notes on what it could not declare.

Each table's declaration is TableExporter's (tables.py), DatabaseExporter's base class.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from reconciler.postgres import database_privileges, database_settings, undeclarable
from reconciler.postgres.dependencies import function_id, object_id, split_qualified, table_id, view_id
from reconciler.postgres.exporter import (
    access_methods,
    casts,
    event_triggers,
    foreign_data,
    languages,
    materialized_views,
    partitions,
    publications,
    subscriptions,
)
from reconciler.postgres.exporter import types as user_types
from reconciler.postgres.exporter.aggregates import aggregate_declaration
from reconciler.postgres.exporter.catalog import Catalog
from reconciler.postgres.exporter.collations import collation_declaration
from reconciler.postgres.exporter.declarations import non_default_options
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.exporter.operator_classes import operator_classes, operator_families
from reconciler.postgres.exporter.operators import operator_declaration
from reconciler.postgres.exporter.owners import add_owners
from reconciler.postgres.exporter.privileges import add_privileges, database_default_privileges, grants_value
from reconciler.postgres.exporter.routines import routine_declaration
from reconciler.postgres.exporter.tables import TableExporter
from reconciler.postgres.exporter.text_search import text_search_sections
from reconciler.postgres.model import Database, Enum, Sequence, Table, View
from reconciler.postgres.spec.routines import SETTING_NAME


class DatabaseExporter(TableExporter):
    """Turns one inspected database into the data of its state file, and notes what it could not declare."""

    def __init__(self, live: Database, catalog: Catalog) -> None:
        self.live = live
        self.catalog = catalog
        self.left_out: list[str] = []  # objects not declared: the plan will offer to drop them
        self.differ: list[str] = []  # objects declared as closely as the format allows: the plan will change them
        self.serial_sequences: set[str] = set()  # keys of the sequences serial columns declare
        self.taken = self._names_in_schemas()
        # What the format cannot declare: named in the header by undeclarable.header_lines, and left alone
        # by the plan, so such objects are neither declared (`exclude`) nor noted as left out again.
        self.held = undeclarable.protected(live)
        self.secrets: dict[str, str] = {}  # environment variable -> the secret option its placeholder stands for

    # --- the whole file ---

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {"database": self.live.name}
        schemas = {schema: self.schema(schema) for schema in self.catalog.schemas}
        add_privileges(schemas, self.live)
        data["owner"], overloads = add_owners(schemas, self.live, self.catalog.connecting_role)
        self.differ += [f"{line} (the file declares one owner per name)" for line in overloads]
        if self.catalog.complete:
            data["undeclared_schemas"] = "drop"  # the file declares every schema the database holds
        if self.live.settings:  # ALTER DATABASE ... SET: declared, they are compared (none: left unmanaged)
            data["settings"] = database_settings.exported({n: s.value for n, s in self.live.settings.items()})
        if self.live.role_settings:  # ALTER ROLE ... IN DATABASE ... SET, by role
            data["role_settings"] = {
                role: database_settings.exported({n: s.value for n, s in settings.items()})
                for role, settings in self.live.role_settings.items()
            }
        if self.live.database_grants:  # GRANT ... ON DATABASE: declared, they are compared (none: left unmanaged)
            data["grants"] = database_privileges.exported(self.live)
            self.differ += [
                f"database {self.live.name}: {grantee} declared without the grant option it holds"
                for grantee, held in self.live.database_grants.items()
                if any(held.values())
            ]
        extensions = [self.extension(name, schema) for name, schema in self.catalog.extensions]
        if extensions:
            data["extensions"] = extensions
        wrappers = foreign_data.wrappers(self.live, self.differ)
        if wrappers:
            data["foreign_data_wrappers"] = wrappers
        servers = foreign_data.servers(self.live, self.secrets, self.differ)
        if servers:
            data["servers"] = servers
        declared_publications = publications.exported(self.live)
        if declared_publications:
            data["publications"] = declared_publications
        declared_subscriptions = subscriptions.exported(self.live, self.secrets)
        if declared_subscriptions:
            data["subscriptions"] = declared_subscriptions
        declared_casts = casts.exported(self.live, self.left_out)
        if declared_casts:
            data["casts"] = declared_casts
        declared_methods = access_methods.exported(self.live, self.left_out)
        if declared_methods:
            data["access_methods"] = declared_methods
        declared_languages = languages.exported(self.live, self.left_out)
        if declared_languages:
            data["languages"] = declared_languages
        declared_triggers = event_triggers.exported(self.live, self.left_out)
        if declared_triggers:
            data["event_triggers"] = declared_triggers
        declared_defaults = database_default_privileges(self.live)
        if declared_defaults:
            data["default_privileges"] = declared_defaults
        data["schemas"] = schemas
        return data

    def extension(self, name: str, schema: str) -> Any:
        """The extension's name alone, or a mapping with its schema (when not public), a non-default version and
        comment, and the grants on its members that differ from its install-time ones."""
        live = self.live.extensions.get(name)
        version = live.version if live is not None else None
        comment = live.comment if live is not None else None
        member_grants = {
            entry.member: grants_value(entry.grants)
            for entry in self.live.extension_member_privileges.values()
            if entry.extension == name
        }
        if schema == "public" and version is None and comment is None and not member_grants:
            return name
        spec: dict[str, Any] = {"name": name}
        if schema != "public":
            spec["schema"] = schema
        if version is not None:
            spec["version"] = version
        if comment is not None:
            spec["comment"] = comment
        if member_grants:
            spec["member_grants"] = member_grants
        return spec

    def notes(self) -> list[str]:
        lines: list[str] = []
        if self.left_out:
            lines.append("Left out: the file format cannot declare these exactly (the plan offers to drop them):")
            lines += [f"  {line}" for line in self.left_out]
        if self.differ:
            lines.append("Declared as closely as the file format allows (the plan shows the difference):")
            lines += [f"  {line}" for line in self.differ]
        lines += subscriptions.header_lines(self.live)
        return lines + undeclarable.header_lines(self.live)

    def excluded(self, obj: str) -> bool:
        """True for an object the format cannot declare, which the header names and the plan leaves alone."""
        held = self.held.get(obj)
        return held is not None and held.effect == "exclude"

    def leave_out(self, obj: str, line: str) -> None:
        """Note an object the file does not declare, unless the header already names it as not declarable."""
        if obj not in self.held:
            self.left_out.append(line)

    def secret_in_foreign_table(self, table: Table) -> bool:
        """A foreign table with a secret among its or its columns' options is left out: state files hold none there."""
        if table.foreign is None:
            return False
        options = [table.foreign.options, *(c.foreign_options for c in table.columns.values())]
        if not any(foreign_data.has_secret_option(o) for o in options):
            return False
        where = f"{table.name}" if table.schema_name == "public" else f"{table.schema_name}.{table.name}"
        self.left_out.append(f"foreign table {where}: a secret option (password) belongs in a user mapping")
        return True

    def schema(self, schema: str) -> dict[str, Any]:
        functions = self.functions(schema)  # before tables: triggers need their function declared
        tables = [t for t in self.live.tables.values() if t.schema_name == schema and not self.excluded(table_id(t))]
        tables = [t for t in tables if not self.secret_in_foreign_table(t)]
        tables = partitions.in_creation_order(tables)
        # Before sequences: deciding which columns are serial decides which sequences are left to declare.
        declared_tables = {table.name: self.table(table, functions) for table in tables}
        body: dict[str, Any] = {}
        enums = {e.name: _enum(e) for e in self.live.enums.values() if e.schema_name == schema}
        if schema in self.live.schema_comments:
            body["comment"] = self.live.schema_comments[schema]
        sequences = {
            s.name: self.sequence(s)
            for key, s in self.live.sequences.items()
            if s.schema_name == schema and key not in self.serial_sequences and not self.excluded(_sequence_id(s))
        }
        views = {
            view.name: self.view(view, functions)
            for view in self.ordered_views(schema)
            if not self.excluded(view_id(view))
        }
        matviews = materialized_views.materialized_views(self, schema)
        families = operator_families(self.live, schema, self.left_out)
        for name, section in (
            ("enums", enums),
            ("domains", user_types.domains(self.live, schema, self.left_out)),
            ("composite_types", user_types.composite_types(self.live, schema)),
            ("ranges", user_types.ranges(self.live, schema)),
            ("shell_types", user_types.shell_types(self.live, schema)),
            (
                "collations",
                {c.name: collation_declaration(c) for c in self.live.collations.values() if c.schema_name == schema},
            ),
            ("sequences", sequences),
            ("functions", functions),
            ("procedures", self.functions(schema, "procedure")),
            ("aggregates", self.aggregates(schema)),
            ("operators", self.operators(schema)),
            *text_search_sections(self.live, schema, self.left_out),
            ("operator_families", families),
            ("operator_classes", operator_classes(self.live, schema, self.left_out, families)),
            ("tables", declared_tables),
            ("views", views),
            ("materialized_views", matviews),
        ):
            if section:
                body[name] = section
        return body

    # --- names ---

    def _names_in_schemas(self) -> dict[str, Counter[str]]:
        """Per schema, how many objects hold each relation or constraint name (they compete for default names)."""
        taken: dict[str, Counter[str]] = {}
        for table in self.live.tables.values():
            names = taken.setdefault(table.schema_name, Counter())
            names[table.name] += 1
            names.update(list(table.indexes))
            names.update(list(table.constraints))  # a key's index has the constraint's name: counted once
        for kind in (self.live.views, self.live.sequences, self.live.materialized_views):
            for obj in kind.values():
                taken.setdefault(obj.schema_name, Counter())[obj.name] += 1
        for matview in self.live.materialized_views.values():
            taken.setdefault(matview.schema_name, Counter()).update(list(matview.indexes))
        return taken

    # --- other objects ---

    def sequence(self, sequence: Sequence) -> dict[str, Any]:
        """A standalone sequence, with only the options that differ from CREATE SEQUENCE's defaults."""
        spec: dict[str, Any] = {}
        if sequence.data_type != "bigint":
            spec["type"] = sequence.data_type
        spec.update(non_default_options(sequence))
        if sequence.owned_by is not None:
            spec["owned_by"] = ".".join(split_qualified(sequence.owned_by))
        if sequence.unlogged:
            spec["unlogged"] = True
        if sequence.comment is not None:
            spec["comment"] = sequence.comment
        return spec

    def functions(self, schema: str, kind: str = "function") -> dict[str, Any]:
        """The schema's functions (or procedures, by `kind`) by name."""
        declared: dict[str, Any] = {}
        for function in self.live.functions.values():
            if function.schema_name != schema or function.kind != kind:
                continue
            where = f"{kind} {schema}.{function.name}({function.identity_arguments})"
            if self.excluded(function_id(function)):
                continue
            elif not function.body:
                self.left_out.append(f"{where}: an empty body, which state files cannot hold")
            elif function.language.lower() == "c":  # validate refuses it: a shared library comes with an extension
                self.left_out.append(f"{where}: LANGUAGE c, which state files declare only through an extension")
            elif odd := [name for name in function.settings if not re.match(SETTING_NAME, name)]:
                self.left_out.append(f"{where}: SET {', '.join(odd)}, a parameter name state files cannot hold")
            elif function.name in declared:  # an overload: the name holds a list of declarations
                previous = declared[function.name]
                previous = previous if isinstance(previous, list) else [previous]
                declared[function.name] = [*previous, routine_declaration(function)]
            else:
                declared[function.name] = routine_declaration(function)
        return declared

    def aggregates(self, schema: str) -> dict[str, Any]:
        """The schema's aggregates by name; overloads of one name as a list of declarations."""
        declared: dict[str, Any] = {}
        for aggregate in self.live.aggregates.values():
            if aggregate.schema_name != schema:
                continue
            where = f"aggregate {schema}.{aggregate.name}({aggregate.identity_arguments})"
            spec = aggregate_declaration(aggregate)
            if aggregate.name in self.live_routine_names(schema):
                self.left_out.append(f"{where}: a function of the same name (GRANT and COMMENT name it alone)")
            elif spec is None:
                self.left_out.append(f"{where}: a support function name state files cannot hold")
            elif aggregate.name in declared:  # an overload: the name holds a list of declarations
                previous = declared[aggregate.name]
                declared[aggregate.name] = [*(previous if isinstance(previous, list) else [previous]), spec]
            else:
                declared[aggregate.name] = spec
        return declared

    def operators(self, schema: str) -> dict[str, Any]:
        """The schema's operators by signature (`||+ (text, text)`)."""
        declared: dict[str, Any] = {}
        for operator in self.live.operators.values():
            if operator.schema_name != schema:
                continue
            found = operator_declaration(operator)
            if found is None:
                where = f"operator {schema}.{operator.name}({operator.arguments})"
                self.left_out.append(f"{where}: a name or type state files cannot hold")
            else:
                declared[found[0]] = found[1]
        return declared

    def live_routine_names(self, schema: str) -> set[str]:
        return {f.name for f in self.live.functions.values() if f.schema_name == schema}

    def ordered_views(self, schema: str) -> list[View]:
        """This schema's views, each after the views it reads (the materializer creates them in file order)."""
        views = {v.name: v for v in self.live.views.values() if v.schema_name == schema}
        ordered: list[View] = []
        done: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in done or name in path:
                return
            for dep_schema, dep in sorted(self.catalog.view_dependencies.get((schema, name), set())):
                if dep_schema == schema and dep in views:
                    visit(dep, (*path, name))
            done.add(name)
            ordered.append(views[name])

        for name in sorted(views):
            visit(name, ())
        return ordered

    def view(self, view: View, functions: Mapping[str, Any]) -> dict[str, Any]:
        """A view as pg_get_viewdef prints it: that text is what both sides of the plan are compared in."""
        spec: dict[str, Any] = {"query": reparseable(view.definition.strip().removesuffix(";").strip())}
        if view.comment is not None:
            spec["comment"] = view.comment
        if view.column_comments:
            spec["column_comments"] = dict(view.column_comments)
        if view.column_defaults:
            spec["column_defaults"] = dict(view.column_defaults)
        spec.update(materialized_views.view_details(self, view, functions))
        return spec


def _sequence_id(sequence: Sequence) -> str:
    return object_id("sequence", sequence.schema_name, sequence.name)


def _enum(enum: Enum) -> Any:
    """The labels, or `{labels, comment}` when the type carries a comment."""
    return list(enum.labels) if enum.comment is None else {"labels": list(enum.labels), "comment": enum.comment}
