"""Publications (logical replication): from a state file and from the catalogs, and their DDL.

They are database-wide, so, like foreign servers, they are not normalized in throwaway schemas: the desired
ones are built from the state file (`declared`), whose names are matched against the file's declared schemas,
tables and columns, and compared with the live ones (queries/publications.sql). Only what a publication
publishes in the managed schemas is read and changed: tables join and leave one by one (ALTER PUBLICATION ...
ADD / DROP TABLE ONLY), never by SET TABLE, which would drop the tables of other schemas.

Tables always go in as `ONLY t`: without it, PostgreSQL adds a table's inheritance children too, as tables of
their own the file does not list. A table may carry a column list and a row filter (WHERE); the filter is
compared in the form PostgreSQL stores it, the declared one as the plan's trial stored it (publication_filters.py),
and created from the file's own text.

A published table needs the columns its column list and row filter name (pg_depend): PostgreSQL refuses to drop
or retype them while it does. Each published table is a node of the dependency graph (`table_id`), needing its
table and those columns, so that it leaves the publication before they go and joins it again after
(differ/publications.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl, fragments
from reconciler.postgres.dependencies import object_id, split_qualified
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Database, Publication, PublishedTable
from reconciler.postgres.spec.database import DatabaseSpec

Locator = Callable[[tuple[str | int, ...], str], StateIssue]
# The graph's kind for a table in a publication: `publication_table:schema.table.publication`.
KIND = "publication_table"


def table_id(publication: str, qualified: str) -> str:
    """The dependency graph's id of the table `qualified` (`schema.table`, quoted where needed) in `publication`."""
    schema, table = split_qualified(qualified)
    return object_id(KIND, schema, table, publication)


def _needs(qualified: str, columns: list[str]) -> list[str]:
    """The graph ids a published table needs: its table, and the columns its column list and row filter read."""
    schema, table = split_qualified(qualified)
    return [object_id("table", schema, table), *(object_id("column", schema, table, c) for c in sorted(columns))]


# --- the state file and the catalogs ------------------------------------------------------------------------


def declared_table(spec: DatabaseSpec, name: str) -> tuple[str, str] | None:
    """The (schema, table) a `schema.table` names, matched against whole declared names (which may hold dots)."""
    for schema_name, schema in spec.schemas.items():
        for table_name in schema.tables:
            if name == f"{schema_name}.{table_name}":
                return schema_name, table_name
    return None


def declaration_issues(spec: DatabaseSpec, locate: Locator) -> list[StateIssue]:
    """A publication's tables, columns and schemas that the file does not declare (validate reports them)."""
    issues: list[StateIssue] = []
    for name, publication in spec.publications.items():
        for index, entry in enumerate(publication.tables):
            where = ("publications", name, "tables", index)
            table = declared_table(spec, entry.table)
            if table is None:
                issues.append(locate(where, f"{entry.table!r} is not a table this file declares (schema.table)"))
                continue
            columns = spec.schemas[table[0]].tables[table[1]].columns
            unknown = [column for column in entry.columns if column not in columns]
            if unknown:
                issues.append(locate((*where, "columns"), f"{entry.table} declares no column {unknown[0]!r}"))
            if entry.where is not None:
                try:
                    fragments.check_expression(entry.where)
                except FragmentError as exc:
                    issues.append(locate((*where, "where"), f"{exc}; nothing was run"))
        for index, schema in enumerate(publication.schemas):
            if schema not in spec.schemas:
                issues.append(locate(("publications", name, "schemas", index), f"{schema!r} is not a declared schema"))
    return issues


def declared(spec: DatabaseSpec, locate: Locator, trial: dict[str, Publication]) -> dict[str, Publication]:
    """The file's publications in the model's terms, row filters as `trial` (the normalized ones) holds them.

    StateError for a table, column or schema the file does not declare, or a row filter that is not one expression.
    """
    issues = declaration_issues(spec, locate)
    if issues:
        raise StateError(issues)
    found: dict[str, Publication] = {}
    for name, publication in spec.publications.items():
        normalized = trial.get(name)
        tables: dict[str, PublishedTable] = {}
        for entry in publication.tables:
            table = declared_table(spec, entry.table)
            assert table is not None  # declaration_issues checked it
            qualified = qualify(*table)
            stored = normalized.tables.get(qualified) if normalized is not None else None
            tables[qualified] = PublishedTable(
                columns=sorted(entry.columns),
                where=stored.where if stored is not None else entry.where,
                where_source=entry.where,
            )
        found[name] = Publication(
            name=name,
            all_tables=publication.all_tables,
            tables=dict(sorted(tables.items())),
            schemas=sorted(publication.schemas),
            publish=[action for action in ("insert", "update", "delete", "truncate") if action in publication.publish],
            via_partition_root=publication.publish_via_partition_root,
            comment=publication.comment,
            owner=publication.owner,
            renamed_from=publication.renamed_from,
        )
    return found


def with_declared(desired: Database, spec: DatabaseSpec, locate: Locator) -> Database:
    """`desired` holding the file's publications and what their tables need (not the trial database's).

    The trial created only the filtered tables (publication_filters.py): what their filters read comes from it.
    """
    desired.publications = declared(spec, locate, desired.publications)
    read = {obj: needs for obj, needs in desired.dependencies.items() if obj.startswith(f"{KIND}:")}
    kept = {obj: needs for obj, needs in desired.dependencies.items() if obj not in read}
    for publication in desired.publications.values():
        for qualified, published in publication.tables.items():
            obj = table_id(publication.name, qualified)
            kept[obj] = sorted({*_needs(qualified, published.columns), *read.get(obj, [])})
    desired.dependencies = dict(sorted(kept.items()))
    return desired


def read_into(db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str]) -> None:
    """queries/publications.sql into `db`; `logical` maps a physical schema name to the logical one."""
    for r in rows:
        tables = {
            qualify(logical(t["schema"]), t["table"]): PublishedTable(columns=sorted(t["columns"]), where=t["where"])
            for t in r["tables"]
        }
        db.publications[r["name"]] = Publication(
            name=r["name"],
            all_tables=r["all_tables"],
            tables=dict(sorted(tables.items())),
            schemas=sorted(logical(s) for s in r["schemas"]),
            publish=list(r["publish"]),
            via_partition_root=r["via_partition_root"],
            comment=r["comment"],
            owner=r["owner"],
        )
        for t in r["tables"]:
            qualified = qualify(logical(t["schema"]), t["table"])
            db.dependencies[table_id(r["name"], qualified)] = _needs(qualified, t["reads"])
    db.dependencies = dict(sorted(db.dependencies.items()))


# --- what needs a superuser ----------------------------------------------------------------------------------


def _needs_superuser(want: Publication, have: Publication | None) -> bool:
    """FOR ALL TABLES and FOR TABLES IN SCHEMA: created, or schemas added (dropping needs only ownership)."""
    if want.all_tables and (have is None or not have.all_tables):
        return True
    return bool(set(want.schemas) - set(have.schemas if have else []))


def refuse_unprivileged(conn: psycopg.Connection[Any], desired: Database, live: Database, locate: Locator) -> None:
    """StateError naming each publication whose change only a superuser may make, when the role is not one."""
    wanting = [
        name for name, want in desired.publications.items() if _needs_superuser(want, live.publications.get(name))
    ]
    if not wanting:
        return
    row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if row is not None and row[0]:
        return
    issues = []
    for name in wanting:
        field = "all_tables" if desired.publications[name].all_tables else "schemas"
        issues.append(
            locate(
                ("publications", name, field),
                f"publication {name}: FOR {'ALL TABLES' if field == 'all_tables' else 'TABLES IN SCHEMA'} needs a "
                "superuser, and the connecting role is not one: list the tables instead, or plan as a superuser",
            )
        )
    raise StateError(issues)


# --- statements -----------------------------------------------------------------------------------------------


def target(name: str) -> str:
    return f"PUBLICATION {quote_ident(name)}"


def table_clause(qualified: str, columns: list[str], where: str | None) -> str:
    """`TABLE ONLY t (a, b) WHERE (...)`, as CREATE and ALTER PUBLICATION ... ADD take it."""
    listed = f" ({', '.join(quote_ident(c) for c in columns)})" if columns else ""
    filtered = f" WHERE ({where})" if where is not None else ""
    return f"TABLE ONLY {qualified}{listed}{filtered}"


def _table(qualified: str, published: PublishedTable) -> str:
    """The clause of a published table, its row filter as the state file writes it when known."""
    return table_clause(qualified, published.columns, published.where_source or published.where)


def publication_options(publish: Sequence[str], via_partition_root: bool) -> str:
    via = "true" if via_partition_root else "false"
    return f"(publish = {quote_literal(', '.join(publish))}, publish_via_partition_root = {via})"


def _with(publication: Publication) -> str:
    return publication_options(publication.publish, publication.via_partition_root)


def create(publication: Publication) -> list[Statement]:
    sql = f"CREATE {target(publication.name)}"
    if publication.all_tables:
        sql += " FOR ALL TABLES"
    else:
        objects = [_table(t, c) for t, c in publication.tables.items()]
        objects += [f"TABLES IN SCHEMA {quote_ident(s)}" for s in publication.schemas]
        if objects:
            sql += f" FOR {', '.join(objects)}"
    statements = [ddl.stmt(f"{sql} WITH {_with(publication)}", ddl.Phase.PUBLICATION)]
    statements += ddl.comment_if_any(target(publication.name), publication.comment)
    if publication.owner is not None:
        statements.append(owner_statement(publication.name, publication.owner))
    return statements


def leaving(want: Publication, have: Publication) -> list[str]:
    """The tables that leave `have`: those `want` does not publish, or publishes otherwise.

    PostgreSQL 15 cannot change a published table's column list or row filter in place, but by SET TABLE, which
    sets the whole list of tables and schemas, those of schemas the file does not manage too. So a changed table
    leaves and joins again: DROP TABLE and ADD TABLE in the plan's one transaction, which commits them together.
    Logical decoding reads the publication as of each change it decodes: the changes committed before see the old
    column list and filter, those after the new, none the table unpublished. The table stays in the publication
    for its subscribers (no REFRESH PUBLICATION, no new initial copy). SET TABLE does the same inside
    (PostgreSQL drops and adds again a table whose list or filter changes).
    """
    return [t for t, published in have.tables.items() if want.tables.get(t) != published]


def joining(want: Publication, have: Publication) -> list[str]:
    """The tables that join `want`: new ones, and those it publishes otherwise (see `leaving`)."""
    return [t for t, published in want.tables.items() if have.tables.get(t) != published]


def drop_table(name: str, qualified: str) -> Statement:
    return ddl.stmt(f"ALTER {target(name)} DROP TABLE ONLY {qualified}", ddl.Phase.DROP_PUBLICATION)


def add_table(publication: Publication, qualified: str) -> Statement:
    clause = _table(qualified, publication.tables[qualified])
    return ddl.stmt(f"ALTER {target(publication.name)} ADD {clause}", ddl.Phase.PUBLICATION)


def alter(want: Publication, have: Publication) -> list[Statement]:
    """Schemas join and leave one by one; then publish options, comment and owner (tables: `leaving`, `joining`)."""
    name = target(want.name)
    statements = []
    for schema in have.schemas:
        if schema not in want.schemas:
            statements.append(
                ddl.stmt(f"ALTER {name} DROP TABLES IN SCHEMA {quote_ident(schema)}", ddl.Phase.DROP_PUBLICATION)
            )
    for schema in want.schemas:
        if schema not in have.schemas:
            statements.append(
                ddl.stmt(f"ALTER {name} ADD TABLES IN SCHEMA {quote_ident(schema)}", ddl.Phase.PUBLICATION)
            )
    if want.publish != have.publish or want.via_partition_root != have.via_partition_root:
        statements.append(ddl.stmt(f"ALTER {name} SET {_with(want)}", ddl.Phase.PUBLICATION))
    if want.comment != have.comment:
        statements.append(ddl.comment_on(name, want.comment))
    if want.owner is not None and want.owner != have.owner:
        statements.append(owner_statement(want.name, want.owner))
    return statements


def must_be_recreated(want: Publication, have: Publication) -> bool:
    """ALTER PUBLICATION cannot make a publication of all tables one of some, nor the reverse."""
    return want.all_tables != have.all_tables


def drop(publication: Publication) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(publication.name)}", ddl.Phase.DROP_PUBLICATION)]


def rename(old: str, new: str) -> Statement:
    return ddl.stmt(f"ALTER {target(old)} RENAME TO {quote_ident(new)}", ddl.Phase.RENAME)


def owner_statement(name: str, owner: str) -> Statement:
    return ddl.stmt(f"ALTER {target(name)} OWNER TO {quote_ident(owner)}", ddl.Phase.OWNER)
