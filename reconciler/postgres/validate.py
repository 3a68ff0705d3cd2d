"""Checks on a PostgreSQL state file that need no server.

pydantic checks shapes; this module checks meaning: every column a key,
index or reference names exists, foreign keys point at declared tables and at
columns that are unique there, trigger functions are declared, and names that
PostgreSQL keeps in one namespace do not collide. Each problem names its file,
line and field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache, partial

from reconciler.errors import StateIssue
from reconciler.postgres import fragments, fragments_tables, partitions, publications, renames, subscriptions
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.overloads import aggregate_variants, first_function, function_variants, procedure_variants
from reconciler.postgres.spec.constraints import Reference
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.operators import parse_signature, split_reference
from reconciler.postgres.spec.routines import FunctionSpec, RoutineSpec
from reconciler.postgres.spec.rules import VIEW_RULE_NAME, ViewRuleSpec
from reconciler.postgres.spec.tables import IndexSpec, TableSpec, TriggerSpec
from reconciler.postgres.steps import validate_steps
from reconciler.state.yaml_source import SourceMap

SourcePath = tuple[str | int, ...]
# Apply records (_reconcile.applies) and plan's throwaway schemas (_reconcile_shadow_...).
RESERVED_SCHEMA_PREFIX = "_reconcile"
Report = Callable[[SourcePath, str], None]


def unique_column_sets(table: TableSpec) -> list[set[str]]:
    sets = [{name} for name, col in table.columns.items() if col.primary_key or col.unique]
    if table.primary_key:
        sets.append(set(table.primary_key.columns))
    sets += [set(u.columns) for u in table.unique]
    sets += [columns for i in table.indexes.values() if i.unique and not i.where and (columns := _plain_columns(i))]
    return sets


def _plain_columns(index: IndexSpec) -> set[str] | None:
    """The columns of an index whose entries are all columns (`b DESC` is column b), else None (an expression)."""
    columns = set()
    for entry in index.columns:
        try:
            key = fragments_tables.index_key(entry)
        except FragmentError:
            return None  # reported where the index is checked
        if key.column is None:
            return None
        columns.add(key.column)
    return columns


def _keys_with_parents(spec: DatabaseSpec, schema_name: str, table: TableSpec) -> list[set[str]]:
    """A table's unique column sets, and for a partition its partitioned tables' (their keys reach every partition)."""
    sets = unique_column_sets(table)
    seen = _once()
    while table.partition_of is not None:
        key = partitions.spec_parent_key(table.partition_of, schema_name)
        schema = spec.schemas.get(key[0])
        parent = schema.tables.get(key[1]) if schema is not None else None
        if parent is None or seen(key):
            break
        sets += unique_column_sets(parent)
        schema_name, table = key[0], parent
    return sets


def validate_database(spec: DatabaseSpec, source: SourceMap) -> list[StateIssue]:
    """Every semantic problem in one database's state file."""
    issues: list[StateIssue] = []

    def report(path: tuple[str | int, ...], message: str) -> None:
        issues.append(source.issue(path, message))

    for schema_name, schema in spec.schemas.items():
        if schema_name.startswith(RESERVED_SCHEMA_PREFIX):
            report(("schemas", schema_name), f"schema names starting with {RESERVED_SCHEMA_PREFIX} are reconcile's own")
        _check_fragments(("schemas", schema_name), schema, report)
        relations: dict[str, tuple[str | int, ...]] = {}
        base: tuple[str | int, ...] = ("schemas", schema_name)

        def claim(
            name: str, path: tuple[str | int, ...], what: str, relations: dict[str, SourcePath] = relations
        ) -> None:
            if name in relations:
                other = ".".join(str(p) for p in relations[name])
                report(
                    path,
                    f"{what} name {name!r} is already used by {other} "
                    "(tables, views, sequences and indexes share one namespace)",
                )
            else:
                relations[name] = path

        for kind in ("tables", "views", "sequences", "materialized_views"):
            for name in getattr(schema, kind):
                claim(name, (*base, kind, name), kind[:-1].replace("_", " "))
        for name in schema.procedures:
            if name in schema.functions:
                report(
                    (*base, "procedures", name),
                    f"procedure name {name!r} is also a function's: state files name each routine once per schema",
                )
        for matview_name, matview in schema.materialized_views.items():
            for index_name in matview.indexes:
                claim(index_name, (*base, "materialized_views", matview_name, "indexes", index_name), "index")
        for view_name, view in schema.views.items():
            for trigger_name, trigger in view.triggers.items():
                path = (*base, "views", view_name, "triggers", trigger_name, "function")
                _check_trigger_function(spec, schema_name, trigger, path, report)
                if trigger.enabled is not True:
                    report(
                        (*base, "views", view_name, "triggers", trigger_name, "enabled"),
                        "a view's triggers always fire: PostgreSQL cannot ENABLE / DISABLE them; leave out enabled",
                    )
        for table_name, table in schema.tables.items():
            for index_name in table.indexes:
                claim(index_name, (*base, "tables", table_name, "indexes", index_name), "index")
            for constraint_name in [u.name for u in table.unique] + (
                [table.primary_key.name] if table.primary_key else []
            ):
                if constraint_name:
                    claim(constraint_name, (*base, "tables", table_name), "constraint")

        for sequence_name, sequence in schema.sequences.items():
            if sequence.owned_by is not None and schema.owning_column(sequence.owned_by) is None:
                report(
                    (*base, "sequences", sequence_name, "owned_by"),
                    f"owned_by {sequence.owned_by!r} names no column of a table declared in schema {schema_name!r}; "
                    "write table.column (a sequence and the table owning it share a schema)",
                )
        for table_name, table in schema.tables.items():
            tpath = (*base, "tables", table_name)
            columns = partitions.inherited_columns(spec.schemas, schema_name, table, _once())
            primary_keys = sum(1 for c in table.columns.values() if c.primary_key) + (1 if table.primary_key else 0)
            if primary_keys > 1:
                report(tpath, "declares more than one primary key (column-level primary_key and primary_key)")

            def need_columns(
                names: list[str], path: tuple[str | int, ...], _columns: set[str] = columns, _table: str = table_name
            ) -> None:
                for name in names:
                    if name not in _columns:
                        report(path, f"column {name!r} does not exist in table {_table!r}")

            if table.partition_of is not None:
                need_columns(table.partition_of.not_null, (*tpath, "partition_of", "not_null"))
                _check_validated_copies(spec, schema_name, table, (*tpath, "partition_of", "validated_checks"), report)
                _check_trigger_enabled(spec, schema_name, table, (*tpath, "partition_of", "trigger_enabled"), report)
            need_columns(list(table.inherited_columns), (*tpath, "inherited_columns"))
            for _, key, place in table.table_keys():
                need_columns(key.columns, (*tpath, *place))
                if key.only and table.partition_by is None:
                    report((*tpath, *place, "only"), "only: true needs a partitioned table (partition_by)")
            for index_name, index in table.indexes.items():
                need_columns(_index_columns(index.columns), (*tpath, "indexes", index_name, "columns"))
                if index.only and table.partition_by is None:
                    only_path = (*tpath, "indexes", index_name, "only")
                    report(only_path, "only: true needs a partitioned table (partition_by)")
                need_columns(index.include, (*tpath, "indexes", index_name, "include"))
            for col_name, col in table.columns.items():
                if col.references:
                    _check_reference(
                        spec,
                        schema_name,
                        [col_name],
                        col.references,
                        (*tpath, "columns", col_name, "references"),
                        report,
                    )
            for i, fk in enumerate(table.foreign_keys):
                need_columns(fk.columns, (*tpath, "foreign_keys", i, "columns"))
                if len(fk.columns) != len(fk.references.columns):
                    report((*tpath, "foreign_keys", i), "columns and references.columns must have the same length")
                _check_reference(
                    spec, schema_name, fk.columns, fk.references, (*tpath, "foreign_keys", i, "references"), report
                )
            for trigger_name, trigger in table.triggers.items():
                path = (*tpath, "triggers", trigger_name, "function")
                _check_trigger_function(spec, schema_name, trigger, path, report)
                need_columns(trigger.update_of, (*tpath, "triggers", trigger_name, "update_of"))
            for i, exclusion in enumerate(table.exclude):
                need_columns(exclusion.include, (*tpath, "exclude", i, "include"))
            if table.cluster_on is not None and table.cluster_on not in _index_names(table_name, table):
                report(
                    (*tpath, "cluster_on"),
                    f"cluster_on names {table.cluster_on!r}, which is no index or key of table {table_name!r}",
                )
            replica_index = table.replica_identity_index
            if replica_index is not None and replica_index not in _key_names(table_name, table):
                report(
                    (*tpath, "replica_identity"),
                    f"replica_identity names {replica_index!r}, which is no unique index or key of "
                    f"table {table_name!r}",
                )
    _check_operator_links(spec, report)
    _check_operator_families(spec, report)
    _check_statistics_schemas(spec, report)
    issues += publications.declaration_issues(spec, source.issue)
    issues += subscriptions.declaration_issues(spec, source.issue)
    return issues + renames.check_declared(spec, source) + validate_steps(spec.steps, source)


def _check_operator_links(spec: DatabaseSpec, report: Report) -> None:
    """Two declared operators linked as commutators (or negators) name each other.

    PostgreSQL keeps the link on both operators, and creating the second one of a pair without it clears the
    link the first made: which one wins would depend on the order they are created in.
    """

    def spelled(schema: str, name: str, left: str | None, right: str) -> tuple[str, str, str, str]:
        return schema, name, " ".join((left or "none").lower().split()), " ".join(right.lower().split())

    declared: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    for schema_name, schema in spec.schemas.items():
        for key in schema.operators:
            signature = parse_signature(key)
            declared[spelled(schema_name, signature.name, signature.left, signature.right)] = (schema_name, key)
    for (schema_name, name, left, right), (_, key) in declared.items():
        operator = spec.schemas[schema_name].operators[key]
        for field, reference, types in (
            ("commutator", operator.commutator, (right, left)),
            ("negator", operator.negator, (left, right)),
        ):
            if reference is None:
                continue
            other_schema, other_name = split_reference(reference)
            found = declared.get(spelled(other_schema or schema_name, other_name, *types))
            if found is None:
                continue
            back = getattr(spec.schemas[found[0]].operators[found[1]], field)
            back_schema, back_name = split_reference(back) if back is not None else (None, "")
            if (back_schema or found[0], back_name) != (schema_name, name):
                report(
                    ("schemas", schema_name, "operators", key, field),
                    f"{reference} is declared too ({found[1]!r}) and does not name this operator as its {field}: "
                    f"declare the link on both operators",
                )


def _check_operator_families(spec: DatabaseSpec, report: Report) -> None:
    """A class's `family` is declared in its schema's operator_families, for the class's index method."""
    for schema_name, schema in spec.schemas.items():
        for name, opclass in schema.operator_classes.items():
            if opclass.family is None:
                continue
            path = ("schemas", schema_name, "operator_classes", name, "family")
            family = schema.operator_families.get(opclass.family)
            if family is None:
                report(
                    path,
                    f"operator family {opclass.family!r} is not declared in schema {schema_name!r}: declare it "
                    "under operator_families",
                )
            elif family.using != opclass.using:
                report(
                    path,
                    f"operator family {opclass.family!r} is for index method {family.using!r}, "
                    f"this class for {opclass.using!r}",
                )


def _check_validated_copies(
    spec: DatabaseSpec, schema_name: str, table: TableSpec, path: SourcePath, report: Report
) -> None:
    """`partition_of.validated_checks` names checks its partitioned table declares NOT VALID, by name."""
    assert table.partition_of is not None
    parent_schema, parent_name = partitions.spec_parent_key(table.partition_of, schema_name)
    schema = spec.schemas.get(parent_schema)
    parent = schema.tables.get(parent_name) if schema is not None else None
    not_valid = {check.name for check in parent.checks if not check.valid} if parent is not None else set()
    for i, name in enumerate(table.partition_of.validated_checks):
        if name not in not_valid:
            report(
                (*path, i),
                f"{name!r} is not a check its partitioned table declares NOT VALID (named, valid: false): only "
                "such a check's copy in a partition can be validated on its own",
            )


def _check_trigger_enabled(
    spec: DatabaseSpec, schema_name: str, table: TableSpec, path: SourcePath, report: Report
) -> None:
    """`partition_of.trigger_enabled` names row triggers of its partitioned table or of one above it (cloned)."""
    assert table.partition_of is not None
    if not table.partition_of.trigger_enabled:
        return
    cloned = {
        name
        for _, parent in partitions.spec_ancestors(spec.schemas, schema_name, table)
        for name, trigger in parent.triggers.items()
        if trigger.for_each == "row"
    }
    for name in table.partition_of.trigger_enabled:
        if name not in cloned:
            report(
                (*path, name),
                f"{name!r} is not a row trigger of its partitioned table (or of one above it): only those are "
                "cloned to a partition",
            )


def _index_names(table_name: str, table: TableSpec) -> set[str]:
    """Names of every index of the table: its declared indexes and its keys (as declared or named by default)."""
    return set(table.indexes) | _key_names(table_name, table)


def _key_names(table_name: str, table: TableSpec) -> set[str]:
    """Names of the table's unique indexes and keys, as declared or as PostgreSQL names them by default."""
    names = {name for name, index in table.indexes.items() if index.unique}
    names |= {key.name or f"{table_name}_{'_'.join(key.columns)}_key" for key in table.unique}
    if table.primary_key is not None or any(c.primary_key for c in table.columns.values()):
        names.add(table.primary_key.name if table.primary_key and table.primary_key.name else f"{table_name}_pkey")
    names |= {f"{table_name}_{name}_key" for name, column in table.columns.items() if column.unique}
    return names


def _once() -> Callable[[tuple[str, str]], bool]:
    """A guard against inheritance cycles: True for a table seen before."""
    seen: set[tuple[str, str]] = set()

    def check(key: tuple[str, str]) -> bool:
        if key in seen:
            return True
        seen.add(key)
        return False

    return check


# Triggers may run PostgreSQL's own trigger functions, which no state file declares.
BUILT_IN_SCHEMA = "pg_catalog"


def _check_trigger_function(
    spec: DatabaseSpec, schema_name: str, trigger: TriggerSpec, path: SourcePath, report: Report
) -> None:
    """A trigger's function is declared next to its table or view (or in its declared `function_schema`), and
    returns trigger."""
    function = trigger.function
    if trigger.function_schema == BUILT_IN_SCHEMA:
        return  # a built-in trigger function (suppress_redundant_updates_trigger): PostgreSQL checks it at plan
    if trigger.function_schema is not None:
        schema_name = trigger.function_schema
        if schema_name not in spec.schemas:
            report((*path[:-1], "function_schema"), f"schema {schema_name!r} is not declared in this file")
            return
    declared = first_function(spec.schemas[schema_name], function)
    if declared is None:
        report(path, f"function {function!r} is not declared in schema {schema_name!r}")
    elif declared.returns.strip().lower() != "trigger":
        report(path, f"function {function!r} does not return trigger")


def _check_statistics_schemas(spec: DatabaseSpec, report: Report) -> None:
    """A statistics object's `schema` is one the file declares, and no two objects share a name in a schema."""
    kept: dict[tuple[str, str], SourcePath] = {}
    for schema_name, schema in spec.schemas.items():
        for section, relation_name, relation in schema.statistics_holders():
            for name, statistics in relation.statistics.items():
                path = ("schemas", schema_name, section, relation_name, "statistics", name)
                home = statistics.schema_ or schema_name
                if home not in spec.schemas:
                    report(
                        (*path, "schema"),
                        f"schema {home!r} is not declared in this file: a statistics object is kept in one of "
                        "the file's schemas",
                    )
                elif (home, name) in kept:
                    other = ".".join(str(p) for p in kept[(home, name)])
                    report(path, f"statistics name {name!r} in schema {home!r} is already used by {other}")
                else:
                    kept[(home, name)] = path


def _index_columns(entries: list[str]) -> list[str]:
    """The plain column names among an index's entries (expressions are checked by PostgreSQL)."""
    names = []
    for entry in entries:
        try:
            column = fragments_tables.index_key(entry).column
        except FragmentError:
            continue  # reported by _check_fragments
        if column is not None:
            names.append(column)
    return names


def _check_fragments(base: SourcePath, schema: SchemaSpec, report: Report) -> None:
    """Every piece of SQL text in the schema is exactly one thing of its kind (fragments.py, fragments_tables.py)."""

    def check(path: SourcePath, text: str, checker: Callable[[str], object]) -> None:
        problem = _fragment_problem(checker, text)
        if problem is not None:
            report(path, f"{problem}; nothing was run")

    routines: list[tuple[tuple[str | int, ...], RoutineSpec]] = [(t, f) for _, t, f in function_variants(schema)]
    routines += [(t, p) for _, t, p in procedure_variants(schema)]
    for tail, routine in routines:
        path = (*base, *tail)
        check((*path, "arguments"), routine.arguments, fragments.check_arguments)
        if isinstance(routine, FunctionSpec):
            check((*path, "returns"), routine.returns, fragments.check_returns)
        if isinstance(routine, FunctionSpec) and routine.sql_body is None:
            internal = partial(fragments.check_internal_function, body=routine.body or "")
            check((*path, "language"), routine.language, internal)
        else:
            check((*path, "language"), routine.language, fragments.check_language)
        if routine.sql_body is not None:
            check((*path, "sql_body"), routine.sql_body, fragments.check_sql_body)
        for setting, value in routine.settings.items():
            if isinstance(value, str):
                check((*path, "set", setting), value, fragments.check_setting_value)
    for name, domain in schema.domains.items():
        path = (*base, "domains", name)
        check((*path, "type"), domain.type, fragments.check_type)
        if isinstance(domain.default, str):
            check((*path, "default"), domain.default, fragments.check_expression)
        for i, constraint in enumerate(domain.checks):
            check((*path, "checks", i), constraint.expression, fragments.check_expression)
    for name, composite in schema.composite_types.items():
        for attribute_name, attribute in composite.attributes.items():
            check((*base, "composite_types", name, "attributes", attribute_name), attribute.type, fragments.check_type)
    for name, rng in schema.ranges.items():
        path = (*base, "ranges", name)
        check((*path, "subtype"), rng.subtype, fragments.check_type)
        for key, named in (
            ("subtype_opclass", rng.subtype_opclass),
            ("canonical", rng.canonical),
            ("subtype_diff", rng.subtype_diff),
        ):
            if named is not None:
                what = "operator class" if key == "subtype_opclass" else "function"
                check((*path, key), named, partial(fragments.check_qualified_name, what=what))
    for _, tail, aggregate in aggregate_variants(schema):
        check((*base, *tail, "arguments"), aggregate.arguments, fragments.check_arguments)
        check((*base, *tail, "stype"), aggregate.stype, fragments.check_type)
        if aggregate.mstype is not None:
            check((*base, *tail, "mstype"), aggregate.mstype, fragments.check_type)
    for name, opclass in schema.operator_classes.items():
        check((*base, "operator_classes", name, "type"), opclass.type, fragments.check_type)
        if opclass.storage is not None:
            check((*base, "operator_classes", name, "storage"), opclass.storage, fragments.check_type)
    for name, view in schema.views.items():
        check((*base, "views", name, "query"), view.query, fragments.check_query)
        for column, default in view.column_defaults.items():
            if isinstance(default, str):
                check((*base, "views", name, "column_defaults", column), default, fragments.check_expression)
        for trigger_name, trigger in view.triggers.items():
            if trigger.when is not None:
                check(
                    (*base, "views", name, "triggers", trigger_name, "when"), trigger.when, fragments.check_expression
                )
    for name, matview in schema.materialized_views.items():
        mpath = (*base, "materialized_views", name)
        check((*mpath, "query"), matview.query, fragments.check_query)
        for index_name, index in matview.indexes.items():
            _check_index(check, (*mpath, "indexes", index_name), index)
        for stats_name, stats in matview.statistics.items():
            for i, entry in enumerate(stats.columns):
                check((*mpath, "statistics", stats_name, "columns", i), entry, fragments.check_expression)
    for table_name, table in schema.tables.items():
        tpath = (*base, "tables", table_name)
        if table.partition_by is not None:
            check((*tpath, "partition_by"), table.partition_by, fragments_tables.check_partition_key)
        if table.partition_of is not None:
            check((*tpath, "partition_of", "bounds"), table.partition_of.bounds, fragments_tables.check_partition_bound)
        for col_name, col in table.columns.items():
            cpath = (*tpath, "columns", col_name)
            check((*cpath, "type"), col.type, fragments.check_type)
            if isinstance(col.default, str):
                check((*cpath, "default"), col.default, fragments.check_expression)
            if col.check is not None:
                check((*cpath, "check"), col.check, fragments.check_expression)
            if col.generated is not None:
                check((*cpath, "generated"), col.generated, fragments.check_expression)
            if col.using is not None:
                check((*cpath, "using"), col.using, fragments.check_expression)
        for stats_name, stats in table.statistics.items():
            for i, entry in enumerate(stats.columns):
                check((*tpath, "statistics", stats_name, "columns", i), entry, fragments.check_expression)
        for col_name, settings in table.inherited_columns.items():
            if isinstance(settings.default, str):
                check((*tpath, "inherited_columns", col_name, "default"), settings.default, fragments.check_expression)
        for i, constraint in enumerate(table.checks):
            check((*tpath, "checks", i), constraint.expression, fragments.check_expression)
        for index_name, index in table.indexes.items():
            _check_index(check, (*tpath, "indexes", index_name), index)
        for trigger_name, trigger in table.triggers.items():
            if trigger.when is not None:
                check((*tpath, "triggers", trigger_name, "when"), trigger.when, fragments.check_expression)
        for i, exclusion in enumerate(table.exclude):
            xpath = (*tpath, "exclude", i)
            check((*xpath, "using"), exclusion.using, lambda text: fragments.check_name(text, "index method"))
            for j, element in enumerate(exclusion.elements):
                check((*xpath, "elements", j), element, fragments_tables.exclusion_element)
            if exclusion.where is not None:
                check((*xpath, "where"), exclusion.where, fragments.check_expression)
        for policy_name, policy in table.policies.items():
            for key, expression in (("using", policy.using), ("with_check", policy.with_check)):
                if expression is not None:
                    check((*tpath, "policies", policy_name, key), expression, fragments.check_expression)
        _check_rules(check, tpath, table.rules)
    for name, view in schema.views.items():
        _check_rules(check, (*base, "views", name), view.rules)


def _check_rules(
    check: Callable[[SourcePath, str, Callable[[str], object]], None],
    path: SourcePath,
    rules: Mapping[str, ViewRuleSpec],
) -> None:
    """A rule's name is not the one that makes a view, its condition one expression, each action one command."""
    for rule_name, rule in rules.items():
        rpath = (*path, "rules", rule_name)
        check(rpath, rule_name, _rule_name)
        if rule.where is not None:
            check((*rpath, "where"), rule.where, fragments.check_expression)
        for i, action in enumerate(rule.actions):
            check((*rpath, "actions", i), action, fragments.check_rule_action)


def _rule_name(name: str) -> None:
    if name == VIEW_RULE_NAME:
        raise FragmentError(f"{VIEW_RULE_NAME} is the ON SELECT rule that makes a relation a view: declare a view")


@lru_cache(maxsize=16384)
def _fragment_problem(checker: Callable[[str], object], text: str) -> str | None:
    """Why `text` is not what `checker` accepts, or None; the checks are pure, and files repeat types and defaults."""
    try:
        checker(text)
    except FragmentError as exc:
        return str(exc)
    return None


def _check_index(
    check: Callable[[SourcePath, str, Callable[[str], object]], None], path: SourcePath, index: IndexSpec
) -> None:
    """An index's method is a name, each entry one column or expression, its predicate one expression."""
    check((*path, "method"), index.method, lambda text: fragments.check_name(text, "index method"))
    for i, entry in enumerate(index.columns):
        check((*path, "columns", i), entry, fragments_tables.index_key)
    if index.where is not None:
        check((*path, "where"), index.where, fragments.check_expression)


def _check_reference(
    spec: DatabaseSpec, own_schema: str, columns: list[str], ref: Reference, path: SourcePath, report: Report
) -> None:
    schema_name = ref.schema_ or own_schema
    schema = spec.schemas.get(schema_name)
    target = schema.tables.get(ref.table) if schema else None
    if target is None:
        report(path, f"references table {schema_name}.{ref.table}, which is not declared in database {spec.database!r}")
        return
    # A partition's or a child's columns include its parents'.
    declared = partitions.inherited_columns(spec.schemas, schema_name, target, _once())
    missing = [c for c in ref.columns if c not in declared]
    if missing:
        report(path, f"references column(s) {', '.join(missing)} that table {ref.table!r} does not declare")
        return
    if len(ref.columns) != len(columns):
        report(path, "the number of referencing and referenced columns differs")
        return
    if set(ref.columns) not in _keys_with_parents(spec, schema_name, target):
        report(
            path,
            f"referenced column(s) {', '.join(ref.columns)} of {ref.table!r} carry no primary key or unique constraint",
        )
