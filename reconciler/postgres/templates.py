"""Schema templates: one declared schema content, reconciled into every live schema a template selects.

AI4I's multi_tenant_db gets one schema per tenant from the platform's tenant
service. `schema_templates.<name>` declares what each of them holds (the same
format as `schemas.<name>`) and which schemas are its: `match`, a glob over
schema names, or `query`, a read-only SELECT returning them. reconcile never
creates or drops those schemas; it reconciles their contents.

The template is normalized once, in its own throwaway schema: first on the
search_path when created (unqualified names in its SQL resolve inside the
tenant schema first, as they do when applied), but read with only the
declared schemas on the path, so every reference to its own objects comes
out qualified with its placeholder name. The live tenant schemas are read
the same way, in batches (tenant_batches.py), so each reference inside
tenant `t` is qualified `t.`. Re-addressing the template's model to `t`
(replacing the placeholder) then gives exactly what `t` must hold, in
PostgreSQL's own spelling, and the ordinary differ plans each tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, TypeVar

import psycopg
from pydantic import BaseModel

from reconciler.changes import Action, Change
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import fragments
from reconciler.postgres.connection import server_message
from reconciler.postgres.differ import diff
from reconciler.postgres.differ.addresses import schema_digest
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.inspector import InspectionStats
from reconciler.postgres.model import Database
from reconciler.postgres.normalize import normalize
from reconciler.postgres.owners import schema_id
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.template_match import TemplateText
from reconciler.postgres.tenant_batches import inspect_in_batches
from reconciler.postgres.validate import RESERVED_SCHEMA_PREFIX, validate_database
from reconciler.shard import Shard, tenant_key
from reconciler.state.yaml_source import SourceMap

# A logical schema name no one declares (a space and brackets), standing for "the tenant schema" until re-addressed.
PLACEHOLDER_SUFFIX = " (schema template)"
# A template's query computes names; it gets this long, read-only, before plan fails.
QUERY_TIMEOUT = "30s"
GLOB_CHARACTERS = frozenset("*?[]!-_$")
IDENTIFIER_MAX = 63
T = TypeVar("T")


def placeholder(template: str) -> str:
    """The logical schema a template is normalized in."""
    return f"{template}{PLACEHOLDER_SUFFIX}"


def is_system_schema(name: str) -> bool:
    """Schemas no template ever selects: PostgreSQL's own, and reconcile's (`_reconcile*`)."""
    return name.startswith(("pg_", RESERVED_SCHEMA_PREFIX)) or name == "information_schema"


@dataclass
class TemplateSourceMap(SourceMap):
    """The state file's source map, naming `schema_templates.<name>` where the trial says `schemas.<placeholder>`."""

    placeholders: dict[str, str] = field(default_factory=dict)

    def _original(self, path: Iterable[str | int]) -> tuple[str | int, ...]:
        path = tuple(path)
        if len(path) >= 2 and path[0] == "schemas" and path[1] in self.placeholders:
            return ("schema_templates", self.placeholders[str(path[1])], *path[2:])
        return path

    def line_for(self, path: Iterable[str | int]) -> int | None:
        return super().line_for(self._original(path))

    def issue(self, path: Iterable[str | int], message: str) -> StateIssue:
        return super().issue(self._original(path), message)


def template_source(source: SourceMap, spec: DatabaseSpec) -> TemplateSourceMap:
    return TemplateSourceMap(
        source.file, source.known_lines(), placeholders={placeholder(name): name for name in spec.schema_templates}
    )


def trial_spec(spec: DatabaseSpec, template: str) -> DatabaseSpec:
    """The database as the trial creates it for one template: the template's schema first, then the declared ones."""
    declared = spec.schema_templates[template]
    schema = SchemaSpec.model_construct(**{name: getattr(declared, name) for name in SchemaSpec.model_fields})
    return spec.model_copy(update={"schemas": {placeholder(template): schema, **spec.schemas}, "schema_templates": {}})


def _glob_problem(pattern: str) -> str | None:
    if not pattern:
        return "match is empty: write a glob such as tenant_*"
    if len(pattern.encode()) > IDENTIFIER_MAX:
        return f"match is longer than {IDENTIFIER_MAX} bytes, so it can match no schema name"
    odd = sorted({c for c in pattern if not (c.isalnum() or c in GLOB_CHARACTERS)})
    if odd:
        return f"match may hold letters, digits, _ $ - and the glob characters * ? [ ] !, not {''.join(odd)!r}"
    if pattern.count("[") != pattern.count("]"):
        return "match opens a [ it does not close (or closes one it did not open)"
    return None


def validate_templates(spec: DatabaseSpec, source: SourceMap) -> list[StateIssue]:
    """Every problem in the file's schema templates: selectors, and the contents as validate_database checks them."""
    issues: list[StateIssue] = []
    for name, template in spec.schema_templates.items():
        path: tuple[str | int, ...] = ("schema_templates", name)
        if template.match is not None:
            problem = _glob_problem(template.match)
            if problem is not None:
                issues.append(source.issue((*path, "match"), problem))
            for schema in spec.schemas:
                if problem is None and fnmatchcase(schema, template.match):
                    issues.append(
                        source.issue(
                            (*path, "match"),
                            f"matches schema {schema!r}, which schemas.{schema} declares: "
                            "a schema is declared in one place",
                        )
                    )
        if template.query is not None:
            try:
                fragments.check_select(template.query)
            except fragments.FragmentError as exc:
                issues.append(source.issue((*path, "query"), str(exc)))
        if placeholder(name) in spec.schemas:
            issues.append(source.issue(path, f"schema {placeholder(name)!r} is reserved for this template"))
        mapped = template_source(source, spec)
        issues += [
            issue
            for issue in validate_database(trial_spec(spec, name), mapped)
            if (issue.field or "").startswith(f"schema_templates.{name}")
        ]
    return issues


def select_schemas(conn: psycopg.Connection[Any], spec: DatabaseSpec, source: SourceMap) -> dict[str, list[str]]:
    """Template -> the live schemas it selects, sorted; a schema declared or selected twice is an error."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        conn.execute("SELECT set_config('statement_timeout', %s, true)", (QUERY_TIMEOUT,))
        live = [row[0] for row in conn.execute("SELECT nspname::text FROM pg_namespace ORDER BY 1")]
        listed: dict[str, list[str]] = {}
        issues: list[StateIssue] = []
        for name, template in spec.schema_templates.items():
            if template.match is not None:
                listed[name] = [s for s in live if fnmatchcase(s, template.match)]
                continue
            try:
                listed[name] = _query_schemas(conn, template.query or "", set(live))
            except (psycopg.Error, TypeError) as exc:
                message = (
                    f"PostgreSQL refused the query: {server_message(exc)}"
                    if isinstance(exc, psycopg.Error)
                    else str(exc)
                )
                issues.append(source.issue(("schema_templates", name, "query"), message))
    return _assign(spec, source, listed, issues)


def _query_schemas(conn: psycopg.Connection[Any], query: str, present: set[str]) -> list[str]:
    """The template's query (read-only, one statement through the extended protocol); names of live schemas."""
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(query.strip().rstrip(";").encode(), prepare=True)
        rows = cursor.fetchall() if cursor.description is not None else []
    values = [row[0] for row in rows if row[0] is not None]
    if any(not isinstance(v, str) for v in values):
        raise TypeError("the query's first column must hold schema names (text)")
    return sorted({v for v in values if v in present})


def _assign(
    spec: DatabaseSpec, source: SourceMap, listed: dict[str, list[str]], issues: list[StateIssue]
) -> dict[str, list[str]]:
    """Give each listed schema to its template: never a system schema, a declared one, or one twice."""
    selected: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for name, names in listed.items():
        template = spec.schema_templates[name]
        path = ("schema_templates", name, "match" if template.match is not None else "query")
        selected[name] = []
        for schema in names:
            if is_system_schema(schema):
                continue
            if schema in spec.schemas:
                issues.append(
                    source.issue(
                        path, f"selects schema {schema!r}, which schemas.{schema} declares: declare it in one place"
                    )
                )
            elif schema in owner:
                issues.append(source.issue(path, f"selects schema {schema!r}, as template {owner[schema]!r} does"))
            else:
                owner[schema] = name
                selected[name].append(schema)
    if issues:
        raise StateError(issues)
    return selected


def _strip(desired: Database, name: str) -> Database:
    """The template's own objects out of the trial's model (the declared schemas are planned elsewhere)."""
    fields: dict[str, Any] = {}
    for key in Database.model_fields:
        value = getattr(desired, key)
        if isinstance(value, dict) and value and isinstance(next(iter(value.values())), BaseModel):
            fields[key] = {k: v for k, v in value.items() if _schema_of(v) == name}
    fields["schemas"] = [name]
    fields["schema_comments"] = {k: v for k, v in desired.schema_comments.items() if k == name}
    fields["extensions"] = {}
    fields["undeclarable"] = [u for u in desired.undeclarable if u.name.startswith(f"{name}.")]
    fields["dependencies"] = dependencies_by_schema(desired.dependencies, [name])[name]
    return desired.model_copy(update=fields)


def dependencies_by_schema(dependencies: dict[str, list[str]], schemas: list[str]) -> dict[str, dict[str, list[str]]]:
    """Each schema's own dependency edges (those of the objects in it), in one pass.

    A tenant's diff builds its dependency graph from these: given every tenant's edges, each of 10,000
    diffs would walk all 10,000 tenants' (quadratic; 1,000 tenants took minutes).
    """
    buckets: dict[str, dict[str, list[str]]] = {s: {} for s in schemas}
    dotted = [s for s in schemas if "." in s]  # ids are `kind:schema.name`: such a schema's head is ambiguous
    for key, needed in dependencies.items():
        rest = key.partition(":")[2]
        schema: str | None = rest.split(".", 1)[0]
        if schema not in buckets:
            schema = next((s for s in dotted if rest.startswith(f"{s}.")), None)
        if schema is not None:
            buckets[schema][key] = needed
    return buckets


def _schema_of(value: BaseModel) -> str | None:
    if getattr(value, "kind", None) == "schema":
        return str(getattr(value, "name", ""))
    schema = getattr(value, "schema_name", None)
    return schema if isinstance(schema, str) else None


class Readdress:
    """Rewrites a model made in one schema so that it names another: names, keys, ids and SQL text."""

    def __init__(self, old: str, new: str) -> None:
        self.pairs = [(f"{quote_ident(old)}.", f"{quote_ident(new)}."), (f"{old}.", f"{new}.")]
        self.old, self.new = old, new
        self.schema_id, self.new_schema_id = schema_id(old), schema_id(new)  # the schema's own entries' key

    def text(self, value: str) -> str:
        if value == self.old:
            return self.new
        if value == self.schema_id:
            return self.new_schema_id
        for before, after in self.pairs:
            if before in value:
                value = value.replace(before, after)
        return value

    def __call__(self, value: T) -> T:
        result: Any = value
        if isinstance(value, str):
            result = self.text(value)
        elif isinstance(value, BaseModel):
            result = value.model_copy(update={k: self(getattr(value, k)) for k in type(value).model_fields})
        elif isinstance(value, dict):
            result = {self(k): self(v) for k, v in value.items()}
        elif isinstance(value, list):
            result = [self(v) for v in value]
        return result  # type: ignore[no-any-return]


def split_by_schema(live: Database, schemas: list[str]) -> dict[str, Database]:
    """One inspection of many schemas, as one Database per schema, each with its own dependency edges."""
    buckets: dict[str, dict[str, Any]] = {s: {} for s in schemas}
    for key in Database.model_fields:
        value = getattr(live, key)
        if isinstance(value, dict) and value and isinstance(next(iter(value.values())), BaseModel):
            for bucket in buckets.values():
                bucket[key] = {}
            for k, v in value.items():
                schema = _schema_of(v)
                if schema in buckets:
                    buckets[schema][key][k] = v
    result: dict[str, Database] = {}
    present = set(live.schemas)
    edges = dependencies_by_schema(live.dependencies, schemas)
    for schema, fields in buckets.items():
        fields["dependencies"] = edges[schema]
        fields["schemas"] = [schema] if schema in present else []
        fields["schema_comments"] = {k: v for k, v in live.schema_comments.items() if k == schema}
        fields["extensions"] = {}
        fields["undeclarable"] = [u for u in live.undeclarable if u.name.startswith(f"{schema}.")]
        result[schema] = live.model_copy(update=fields)
    return result


@dataclass
class TemplatePlan:
    """Every tenant schema's changes, and the digest of each changed tenant as planned (`<digest> <schema>`)."""

    changes: list[Change] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    selected: dict[str, list[str]] = field(default_factory=dict)
    left_alone: list[str] = field(default_factory=list)

    def warnings(self, database: str) -> list[str]:
        """What tenant schemas hold that their template does not declare: named, never dropped."""
        if not self.left_alone:
            return []
        shown = ", ".join(self.left_alone[:5]) + (", ..." if len(self.left_alone) > 5 else "")
        return [
            f"postgres {database}: {len(self.left_alone)} objects in tenant schemas are not in their schema template "
            f"and are left alone (never dropped): {shown}"
        ]


def plan_templates(
    conn: psycopg.Connection[Any],
    normalizer: psycopg.Connection[Any],
    spec: DatabaseSpec,
    source: SourceMap,
    stats: InspectionStats | None = None,
    shard: Shard | None = None,
) -> TemplatePlan:
    """Select, normalize once per template, inspect every selected schema at once, and diff tenant by tenant.

    With a shard, only its tenants are inspected and planned: selection (and its checks) still sees them all.
    """
    plan = TemplatePlan(selected=select_schemas(conn, spec, source))
    if shard is not None:
        plan.selected = {
            name: [s for s in schemas if shard.owns(tenant_key(spec.database, s))]
            for name, schemas in plan.selected.items()
        }
    mapped = template_source(source, spec)
    declared = list(spec.schemas)
    extension_schemas = [e.schema_ for e in spec.extensions]
    everyone = sorted(s for schemas in plan.selected.values() for s in schemas)
    template_of = {schema: name for name, schemas in plan.selected.items() for schema in schemas}
    templates: dict[str, tuple[str, Database, TemplateText]] = {}
    for name in plan.selected:
        logical = placeholder(name)
        desired, _ = normalize(normalizer, trial_spec(spec, name), mapped.issue, stats, hidden=frozenset({logical}))
        template = _strip(desired, logical)
        templates[name] = (logical, template, TemplateText(template, logical))
    planned: dict[str, TemplatePlan] = {}  # only the tenants with changes or objects left alone
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        # Batches (tenant_batches.py): a batch's models are dropped once its tenants are diffed.
        for batch, live in inspect_in_batches(conn, spec.database, everyone, declared, extension_schemas, stats):
            for schema, have in split_by_schema(live, batch).items():
                tenant = _plan_tenant(*templates[template_of[schema]], schema, have, spec.online)
                if tenant.changes or tenant.left_alone:
                    planned[schema] = tenant
    for schemas in plan.selected.values():  # template by template, as the selection lists them
        for schema in schemas:
            if schema in planned:
                plan.changes += planned[schema].changes
                plan.digests += planned[schema].digests
                plan.left_alone += planned[schema].left_alone
    return plan


def _plan_tenant(
    logical: str, template: Database, text: TemplateText, schema: str, have: Database, online: bool
) -> TemplatePlan:
    """One tenant schema's changes, what it holds that the template does not, and its digest when it changes."""
    plan = TemplatePlan()
    readdress = Readdress(logical, schema)
    if text.matches(have, readdress):
        return plan  # reads exactly as its template (template_match.py)
    for change in diff(readdress(template), have, online=online):
        change.tenant = schema
        # The tenant service or a person may add to a tenant schema: what the template does not declare
        # is theirs (README: "Schema templates").
        if change.action is Action.DELETE:
            plan.left_alone.append(change.address)
        else:
            plan.changes.append(change)
    if plan.changes:
        plan.digests.append(f"{schema_digest(have)} {schema}")  # apply compares it under the tenant's lock
    return plan
