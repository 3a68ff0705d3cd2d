"""Export live PostgreSQL databases as state/postgres/<database>.yaml, to adopt a database that already runs.

The contract is a round trip: planning against the export finds no changes.
The planner never compares what a file says with the catalogs directly; it
creates the declared schema in throwaway schemas and compares PostgreSQL's
own rendering of both sides. So the export reads the database with the
planner's inspector, under the same search_path the planner will use (the
exported schemas in file order, then the extension schemas), and writes each
value so that creating it again renders it exactly as the live catalog does:

- Types and defaults are written in the catalog's spelling, which always
  reads back the same.
- Expressions (checks, index columns and predicates, trigger conditions,
  views) are PostgreSQL's deparsed text, with one repair: PostgreSQL prints
  `varchar_col IN ('a', 'b')` as `(col)::text = ANY ((ARRAY['a'::varchar,
  ...])::text[])`, and parsing that again pushes the cast into the array
  elements, a different tree. Such arrays are written back as the `IN` list
  they came from (or, where that is not possible, with the array's own
  element type spelled out, which stops the push-down).
- A column whose default is `nextval` of a sequence it owns is `serial` (or
  `bigserial`, `smallserial`), and that sequence is not exported separately.
- Single-column primary keys, unique constraints, checks and foreign keys go
  on the column, as people write them; the rest are table-level.
- A constraint's name is left out when PostgreSQL would choose that very
  name again (`users_email_key`, `orders_check`, including its truncation to
  63 bytes) and nothing else in the schema holds it; otherwise it is kept.
- The materializer creates objects in file order, so views come after the
  views they read, and a schema after the schemas whose views or types its
  own views and functions need (otherwise `public` first, then by name).

What state files cannot declare at all (transition-table triggers from other
tables, base types, comments on the indexes of keys...; see undeclarable.py) is
named in the file's header under "Not declarable yet"; such objects are left
out or declared without what the file cannot say, and plan and apply leave
them alone. Before any other object is written it is rendered back the way
the materializer will create it and compared with the live definition; what
does not render back exactly is left out rather than approximated, and named
in the header, so the plan shows it as the one thing left to settle instead of
silently redefining it. What can only be approximated (a serial column whose
sequence has other options) is declared as closely as possible and also named
in the header.

Which databases: `options.databases`, or every database that accepts
connections except templates and `postgres`. Which schemas: every schema
that is not PostgreSQL's own (pg_catalog, information_schema, pg_toast*,
pg_temp*) or an extension's; `options.prefixes`, when given, limits the
export to the schemas whose names start with one of them. Everything in an
exported schema is declared, since the planner manages declared schemas
whole; without prefixes the file also says `undeclared_schemas: drop`, since
it declares every schema the database holds. A foreign key to a table in a schema the prefixes leave out still
names it, and `reconcile validate` then reports that table as undeclared.
Extensions are database-wide and are all exported (plpgsql, which lives in
pg_catalog, is PostgreSQL's own and is not). The roles the exported files
name go to state/postgres/_roles.yaml (exporter/roles.py), never a password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from reconciler.errors import ReconcileError
from reconciler.export_files import ExportedFile, ExportOptions
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.connection import connect
from reconciler.postgres.exporter.catalog import read_catalog
from reconciler.postgres.exporter.database import DatabaseExporter
from reconciler.postgres.exporter.roles import export_roles
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.spec.database import DatabaseSpec

DATABASES = """
SELECT datname FROM pg_database
WHERE NOT datistemplate AND datallowconn AND datname <> 'postgres'
ORDER BY datname
"""


def server_address(url: str) -> str:
    """`host:port` of the server, for the file header (never the user or password)."""
    params = conninfo_to_dict(url)
    return f"{params.get('host') or 'localhost'}:{params.get('port') or '5432'}"


def databases_to_export(server: psycopg.Connection[Any], requested: list[str]) -> list[str]:
    """The requested databases (each must exist), or every ordinary database on the server."""
    if not requested:
        return [row[0] for row in server.execute(DATABASES)]
    query = "SELECT datname FROM pg_database WHERE datname = ANY(%s)"
    found = {row[0] for row in server.execute(query, (requested,))}
    missing = [name for name in requested if name not in found]
    if missing:
        raise ReconcileError(f"cannot export database(s) {', '.join(missing)}: no such database on the server")
    return list(dict.fromkeys(requested))


def export_database(
    url: str, name: str, prefixes: list[str], secrets: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[str]] | None:
    """One database's state file data and the header lines about what it could not declare.

    `secrets` gets the environment variables of the `${env:...}` placeholders written for secret options.

    None when no schema is left to export (the prefixes match none of its schemas).
    """
    with connect(url, name) as conn, conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        catalog = read_catalog(conn, prefixes)
        if not catalog.schemas:
            return None
        # The planner inspects with exactly these lists (the file's schemas, its extensions and their
        # schemas), so every name the catalogs print (types, regclass, functions) is qualified alike.
        live = inspect_database(
            conn,
            name,
            catalog.schemas,
            extension_schemas=catalog.extension_schemas,
            extensions=[extension for extension, _ in catalog.extensions],
        )
    exporter = DatabaseExporter(live, catalog)
    data = exporter.document()
    DatabaseSpec.model_validate(data)  # a file the exporter gets wrong should fail here, not at the next validate
    if secrets is not None:
        secrets.update(exporter.secrets)
    return data, exporter.notes()


def export_postgres(options: ExportOptions) -> list[ExportedFile]:
    """Every requested database (default: all but templates and `postgres`) as state/postgres/<database>.yaml.

    A database none of whose schemas match `options.prefixes` gives no file,
    unless it was asked for by name, which is an error.
    """
    url = PostgresBackend(options.state_dir).url()
    where = server_address(url)
    files: list[ExportedFile] = []
    # Listing the databases and reading the roles they name share one connection to the server.
    with connect(url, autocommit=True) as server:
        for name in databases_to_export(server, options.databases):
            secrets: dict[str, str] = {}
            exported = export_database(url, name, options.prefixes, secrets)
            if exported is None:
                if options.databases:
                    raise ReconcileError(
                        f"database {name!r} has no schema under the prefixes {', '.join(options.prefixes)} to export"
                    )
                continue
            data, notes = exported
            header = [f"{name}: exported from {where} by reconcile export"]
            if options.prefixes:
                header.append(f"Only the schemas under {', '.join(options.prefixes)}.")
            path = Path("postgres") / f"{name}.yaml"
            files.append(ExportedFile(path=path, data=data, header=header + notes, secrets=secrets))
        # The roles the databases name: owners and grantees must exist before them.
        roles_file = export_roles(server, [DatabaseSpec.model_validate(f.data) for f in files], where)
    return files + ([roles_file] if roles_file is not None else [])
