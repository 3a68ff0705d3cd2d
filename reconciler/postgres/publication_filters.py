"""Row filters of publications (FOR TABLE t WHERE (...)), normalized in the plan's trial.

A row filter is compared as PostgreSQL stores it: pg_publication_rel.prqual, as pg_get_expr prints it. The
desired filter gets that form the way a policy's expressions get theirs: normalize.py creates it in the trial
(rolled back) on the throwaway copy of its table, and the inspector reads it back like a live one
(queries/publications.sql). Publications are database-wide, and the declared name may exist: each filtered
table goes in a trial publication of its own name, and `declared_names` gathers what was read back under the
declared names.

PostgreSQL checks the filter there too: one expression of columns, constants, built-in types and immutable
built-in functions and operators, no WHERE on a partitioned table unless it is published via its root. Its
refusal names the state file's field, and nothing has run on the target. Whether the columns a filter reads are
in the replica identity PostgreSQL checks only when an UPDATE or DELETE runs: so does the plan, not at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.model import Database, Publication
from reconciler.postgres.publications import KIND, declared_table, publication_options, table_clause
from reconciler.postgres.spec.database import DatabaseSpec

# Under normalize.SHADOW_PREFIX, like the throwaway schemas: the trial's own name for the filtered table `entry`
# of declared publication `index`, one trial publication each, so that a refusal names the filter it refuses.
_TRIAL_NAME = "{prefix}{suffix}_publication_{index}_{entry}"


def trial_name(prefix: str, suffix: str, index: int, entry: int) -> str:
    return _TRIAL_NAME.format(prefix=prefix, suffix=suffix, index=index, entry=entry)


def filters_tables(spec: DatabaseSpec) -> bool:
    """Whether a publication of the file declares a row filter (its normalized form reads the table's columns)."""
    return any(entry.where is not None for p in spec.publications.values() for entry in p.tables)


def declared_filters(spec: DatabaseSpec) -> list[dict[str, object]]:
    """Every declared row filter with what the trial checks it with: what its normalized form depends on."""
    return [
        {
            "publication": name,
            "table": entry.table,
            "where": entry.where,
            "columns": entry.columns,
            "via_partition_root": publication.publish_via_partition_root,
        }
        for name, publication in spec.publications.items()
        for entry in publication.tables
        if entry.where is not None
    ]


def trial_statements(
    spec: DatabaseSpec, physical: dict[str, str], prefix: str, suffix: str
) -> Iterator[SourcedStatement]:
    """CREATE PUBLICATION, under a trial name, of each filtered table of each declared publication."""
    for index, (name, publication) in enumerate(spec.publications.items()):
        options = publication_options(publication.publish, publication.publish_via_partition_root)
        for position, entry in enumerate(publication.tables):
            table = declared_table(spec, entry.table)
            if entry.where is None or table is None:  # validate names a table the file does not declare
                continue
            clause = table_clause(qualify(physical[table[0]], table[1]), entry.columns, entry.where)
            sql = f"CREATE PUBLICATION {quote_ident(trial_name(prefix, suffix, index, position))} FOR {clause}"
            yield SourcedStatement(f"{sql} WITH {options}", ("publications", name, "tables", position, "where"))


def declared_names(desired: Database, spec: DatabaseSpec, prefix: str, suffix: str) -> None:
    """The trial's publications in `desired`, one per declared name; the normalizer database's own left out.

    Their tables' dependencies (publications.read_into) are renamed alike.
    """
    names = {
        trial_name(prefix, suffix, index, position): name
        for index, (name, publication) in enumerate(spec.publications.items())
        for position in range(len(publication.tables))
    }
    found: dict[str, Publication] = {}
    for trial, publication in desired.publications.items():
        if trial in names:
            name = names[trial]
            tables = {**(found[name].tables if name in found else {}), **publication.tables}
            found[name] = publication.model_copy(update={"name": name, "tables": dict(sorted(tables.items()))})
    desired.publications = found
    dependencies: dict[str, list[str]] = {}
    for obj, needs in desired.dependencies.items():
        if obj.startswith(f"{KIND}:"):
            head, _, trial = obj.rpartition(".")
            if trial not in names:
                continue
            obj = f"{head}.{names[trial]}"
        dependencies[obj] = needs
    desired.dependencies = dict(sorted(dependencies.items()))
