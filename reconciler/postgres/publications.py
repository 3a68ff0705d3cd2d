"""Publications (logical replication): from a state file and from the catalogs, and their DDL.

They are database-wide, so, like foreign servers, they are not normalized in throwaway schemas: the desired
ones are built from the state file (`declared`), whose names are matched against the file's declared schemas,
tables and columns, and compared with the live ones (queries/publications.sql). Only what a publication
publishes in the managed schemas is read and changed: tables join and leave one by one (ALTER PUBLICATION ...
ADD / DROP TABLE ONLY), never by SET TABLE, which would drop the tables of other schemas.

Tables always go in as `ONLY t`: without it, PostgreSQL adds a table's inheritance children too, as tables of
their own the file does not list. A live publication with a row filter (WHERE) on a table of the managed
schemas is not declarable: it is left alone, and plan and export say so (`held`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Database, Publication
from reconciler.postgres.spec.database import DatabaseSpec

Locator = Callable[[tuple[str | int, ...], str], StateIssue]


# --- the state file and the catalogs ------------------------------------------------------------------------


def _declared_table(spec: DatabaseSpec, name: str) -> tuple[str, str] | None:
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
            table = _declared_table(spec, entry.table)
            if table is None:
                issues.append(locate(where, f"{entry.table!r} is not a table this file declares (schema.table)"))
                continue
            columns = spec.schemas[table[0]].tables[table[1]].columns
            unknown = [column for column in entry.columns if column not in columns]
            if unknown:
                issues.append(locate((*where, "columns"), f"{entry.table} declares no column {unknown[0]!r}"))
        for index, schema in enumerate(publication.schemas):
            if schema not in spec.schemas:
                issues.append(locate(("publications", name, "schemas", index), f"{schema!r} is not a declared schema"))
    return issues


def declared(spec: DatabaseSpec, locate: Locator) -> dict[str, Publication]:
    """The file's publications in the model's terms; StateError for a table, column or schema it does not declare."""
    issues = declaration_issues(spec, locate)
    if issues:
        raise StateError(issues)
    found: dict[str, Publication] = {}
    for name, publication in spec.publications.items():
        tables: dict[str, list[str]] = {}
        for entry in publication.tables:
            table = _declared_table(spec, entry.table)
            assert table is not None  # declaration_issues checked it
            tables[qualify(*table)] = sorted(entry.columns)
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
    """`desired` holding the file's publications (the trial database's are not the file's)."""
    desired.publications = declared(spec, locate)
    return desired


def read_into(db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str]) -> None:
    """queries/publications.sql into `db`; `logical` maps a physical schema name to the logical one."""
    for r in rows:
        tables = {qualify(logical(t["schema"]), t["table"]): sorted(t["columns"]) for t in r["tables"]}
        db.publications[r["name"]] = Publication(
            name=r["name"],
            all_tables=r["all_tables"],
            tables=dict(sorted(tables.items())),
            schemas=sorted(logical(s) for s in r["schemas"]),
            publish=list(r["publish"]),
            via_partition_root=r["via_partition_root"],
            comment=r["comment"],
            owner=r["owner"],
            row_filters=sorted(qualify(logical(t["schema"]), t["table"]) for t in r["tables"] if t["filtered"]),
        )


def held(live: Database) -> list[Publication]:
    """The live publications state files cannot declare (a row filter on a managed table): left alone."""
    return [publication for publication in live.publications.values() if publication.row_filters]


def held_warnings(database: str, live: Database) -> list[str]:
    """A plan warning for each publication left alone."""
    return [
        f"postgres {database}: publication {p.name} publishes {', '.join(p.row_filters)} with a row filter (WHERE), "
        "which state files cannot declare: it is left alone, neither changed nor dropped"
        for p in held(live)
    ]


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


def _table(qualified: str, columns: list[str]) -> str:
    listed = f" ({', '.join(quote_ident(c) for c in columns)})" if columns else ""
    return f"TABLE ONLY {qualified}{listed}"


def _with(publication: Publication) -> str:
    publish = quote_literal(", ".join(publication.publish))
    via = "true" if publication.via_partition_root else "false"
    return f"(publish = {publish}, publish_via_partition_root = {via})"


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


def alter(want: Publication, have: Publication) -> list[Statement]:
    """Tables and schemas join and leave one by one; then publish options, comment and owner."""
    name = target(want.name)
    statements = []
    for table, columns in have.tables.items():
        if want.tables.get(table) != columns:  # a new column list: out, and back in with it
            statements.append(ddl.stmt(f"ALTER {name} DROP TABLE ONLY {table}", ddl.Phase.DROP_PUBLICATION))
    for schema in have.schemas:
        if schema not in want.schemas:
            statements.append(
                ddl.stmt(f"ALTER {name} DROP TABLES IN SCHEMA {quote_ident(schema)}", ddl.Phase.DROP_PUBLICATION)
            )
    for table, columns in want.tables.items():
        if have.tables.get(table) != columns:
            statements.append(ddl.stmt(f"ALTER {name} ADD {_table(table, columns)}", ddl.Phase.PUBLICATION))
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
