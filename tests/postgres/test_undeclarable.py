"""What state files cannot declare is named, and never dropped or redefined because the file leaves it out.

Database A holds one of each kind the format had no words for until now, and
what it still has none for: a partitioned table with partitions and a default
partition, a view reading it, an inheritance child, a
domain, a policy on the partitioned table, grants and default privileges, an unlogged table
with storage parameters, an exclusion constraint, a NOT VALID check, an index
with storage parameters, a constraint trigger,
comments on the indexes behind a primary key and an exclusion constraint. Exporting A and applying the export back
onto A with --allow-destructive must change nothing (pg_dump before and after
are the same), the export's header must name every item, and plan must warn
about them. A state that declares one of them as the format would create it
(a valid check where a NOT VALID one is) is a blocked change.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from devtools.pgcluster import find_bindir
from reconciler.changes import Action
from reconciler.export_files import ExportOptions, write_export
from reconciler.postgres.differ import diff
from reconciler.postgres.exporter import export_postgres
from reconciler.postgres.model import Column, Constraint, Database, Table, Undeclarable
from reconciler.postgres.undeclarable import plural
from tests.conftest import Cli, sql

DATABASE_A = """
CREATE SCHEMA app;
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE users (id serial PRIMARY KEY, tenant text NOT NULL, name text COLLATE "C");
CREATE INDEX users_tenant ON users (tenant);
COMMENT ON INDEX users_pkey IS 'tenant lookups';
CREATE TABLE measurements (id integer PRIMARY KEY, reading positive_int);
CREATE TABLE events (id bigserial, at date NOT NULL, payload text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_other PARTITION OF events DEFAULT;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY recent_only ON events USING (at > '2020-01-01');
CREATE VIEW recent_events AS SELECT id, at FROM events WHERE at > '2025-01-01';
CREATE TABLE base_log (id integer, msg text);
CREATE TABLE audit_log (extra text) INHERITS (base_log);
CREATE UNLOGGED TABLE scratch (k text PRIMARY KEY, v text) WITH (fillfactor = 70);
CREATE TABLE rooms (id integer PRIMARY KEY, during tsrange, EXCLUDE USING gist (during WITH &&));
ALTER TABLE rooms ADD CONSTRAINT rooms_id_check CHECK (id > 0) NOT VALID;
CREATE INDEX rooms_during ON rooms (during) WITH (fillfactor = 80);
CREATE FUNCTION rooms_guard() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE CONSTRAINT TRIGGER rooms_guard AFTER INSERT ON rooms DEFERRABLE FOR EACH ROW EXECUTE FUNCTION rooms_guard();
CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM users';
COMMENT ON INDEX rooms_during_excl IS 'no overlaps';
CREATE STATISTICS app.users_tenant_name ON tenant, name FROM users;
REVOKE EXECUTE ON FUNCTION user_count() FROM PUBLIC;
CREATE MATERIALIZED VIEW user_stats AS SELECT tenant, count(*) AS n FROM users GROUP BY tenant;
GRANT USAGE ON SCHEMA app TO READER;
GRANT SELECT ON users TO READER;
GRANT UPDATE (name) ON users TO WRITER;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO READER;
CREATE TABLE app.items (id integer PRIMARY KEY, label text);
CREATE VIEW app.secure_items WITH (security_barrier) AS SELECT id, label FROM app.items WHERE id > 0;
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql RETURN 42;
CREATE TYPE app.no_labels AS ENUM ();
CREATE CONVERSION app.latin_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
"""


@pytest.fixture
def database_a(pg_url: str, dbname: str) -> Iterator[dict[str, str]]:
    """Database A, with two roles of its own (roles are cluster-wide: dropped after the database)."""
    roles = {"READER": f"{dbname}_reader", "WRITER": f"{dbname}_writer"}
    ddl = DATABASE_A
    for placeholder, role in roles.items():
        sql(pg_url, "postgres", f'CREATE ROLE "{role}"')
        ddl = ddl.replace(f"TO {placeholder};", f'TO "{role}";')
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, ddl)
    try:
        yield roles
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        for role in roles.values():
            sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{role}"')


def schema_dump(url: str, dbname: str) -> str:
    """The database's whole schema: pg_dump --schema-only, or a catalog inventory where pg_dump is missing."""
    pg_dump = find_bindir() / "pg_dump"
    if pg_dump.exists():
        port = url.rstrip("/").rsplit(":", 1)[1]
        dumped = subprocess.run(
            [str(pg_dump), "--schema-only", "-h", "127.0.0.1", "-p", port, "-U", "postgres", dbname],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # Newer pg_dump fences its output with a random key; everything else is the schema.
        return "\n".join(line for line in dumped.splitlines() if not line.startswith(("\\restrict", "\\unrestrict")))
    return catalog_inventory(url, dbname)


def catalog_inventory(url: str, dbname: str) -> str:
    """What pg_dump would show, read from the catalogs: relations, their options, ACLs, members and comments."""
    queries = (
        "SELECT c.relname, c.relkind, c.relpersistence, c.reloptions, c.relacl, c.relrowsecurity,"
        " c.relforcerowsecurity, c.relispartition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname IN ('public', 'app') ORDER BY 1",
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace IN ('public'::regnamespace, 'app'::regnamespace) ORDER BY 1, 2",
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid::regclass::text NOT LIKE 'pg_%' ORDER BY 1",
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
        "SELECT polname, pg_get_expr(polqual, polrelid) FROM pg_policy ORDER BY 1",
        "SELECT objoid, description FROM pg_description WHERE objoid >= 16384 ORDER BY 1, 2",
        "SELECT defaclacl::text FROM pg_default_acl ORDER BY 1",
        "SELECT proname, proacl::text, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
        "SELECT typname, typtype FROM pg_type WHERE typnamespace = 'public'::regnamespace ORDER BY 1",
        "SELECT attrelid::regclass::text, attname, attacl::text, attcollation FROM pg_attribute"
        " WHERE attrelid >= 16384 AND attnum > 0 ORDER BY 1, 2",
    )
    with psycopg.connect(url + dbname) as conn:
        return "\n".join(repr(conn.execute(query.encode()).fetchall()) for query in queries)


def export_a(out: Path, dbname: str) -> list[str]:
    """Export A into `out` as `reconcile export` writes it; the file's header lines."""
    files = export_postgres(ExportOptions(state_dir=out.parent / "no-targets-here", databases=[dbname]))
    write_export(files, out, out.parent / "schema", overwrite=False)  # and the roles file, when A names roles
    [file] = [f for f in files if f.path.name != "_roles.yaml"]
    return file.header


def state_file(out: Path, dbname: str) -> Path:
    return out / "postgres" / f"{dbname}.yaml"


def test_export_then_apply_with_allow_destructive_changes_nothing(
    pg_url: str, dbname: str, database_a: dict[str, str], cli: Cli, tmp_path: Path
) -> None:
    reader, writer = database_a["READER"], database_a["WRITER"]
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    header = "\n".join(export_a(out, dbname))

    # A conversion is not declarable; comments on constraints' indexes are declared, and so is an enum without labels.
    assert "\n  conversion app.latin_to_utf8" in header, header
    assert "no_labels" not in header, header
    assert "users_pkey" not in header and "rooms_during_excl" not in header, header
    assert "grant" not in header  # privileges are declared (privileges.py), on the objects they are on
    schemas = yaml.safe_load(state_file(out, dbname).read_text())["schemas"]
    tables = schemas["public"]["tables"]
    assert sorted(tables) == [
        "audit_log",
        "base_log",
        "events",
        "events_2024",
        "events_2025",
        "events_other",
        "measurements",
        "rooms",
        "scratch",
        "users",
    ]
    assert tables["events_2024"] == {
        "partition_of": {"table": "events", "bounds": "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}
    }
    assert tables["audit_log"] == {"inherits": ["base_log"], "columns": {"extra": "text"}}
    assert schemas["app"]["grants"] == {reader: ["usage"]}
    assert schemas["app"]["enums"] == {"no_labels": []}
    assert tables["users"]["grants"] == {reader: ["select"]}
    # A statistics object kept in another schema than its table's is declared under the table, with its schema.
    assert tables["users"]["statistics"] == {"users_tenant_name": {"columns": ["tenant", "name"], "schema": "app"}}
    assert tables["users"]["primary_key"]["index_comment"] == "tenant lookups"
    assert tables["rooms"]["exclude"][0]["index_comment"] == "no overlaps"
    assert tables["users"]["columns"]["name"]["grants"] == {writer: ["update"]}
    assert schemas["public"]["functions"]["user_count"]["grants"] == {"public": []}
    assert schemas["public"]["default_privileges"] == {"postgres": {"tables": {reader: ["select"]}}}

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out
    [warning] = [line for line in cli.err.splitlines() + cli.out.splitlines() if "not declarable yet" in line]
    assert warning.startswith(f"warning: postgres {dbname}: not declarable yet, left alone: ")
    assert "1 conversion (app.latin_to_utf8)" in warning, warning

    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before


def test_kinds_once_reported_are_declared_not_reported(pg_url: str, dbname: str, cli: Cli, tmp_path: Path) -> None:
    """Kinds the report once named (event triggers, database-wide default privileges, grants on composite, range
    and domain types, enums without labels) are declared now: export writes them instead of listing them, and
    applying the export changes nothing."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    try:
        sql(
            pg_url,
            dbname,
            "CREATE FUNCTION noop_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;"
            "CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION noop_ddl();"
            "CREATE TABLE t (id integer);"
            "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
            "CREATE TYPE pair AS (a integer, b integer);"
            "CREATE TYPE span AS RANGE (subtype = integer);"
            "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);"
            "REVOKE USAGE ON TYPE pair FROM PUBLIC;"
            "GRANT USAGE ON TYPE span TO postgres WITH GRANT OPTION;"
            "REVOKE USAGE ON DOMAIN positive FROM PUBLIC;"
            "CREATE TYPE nothing_yet AS ENUM ()",
        )
        out = tmp_path / "exported"
        header = "\n".join(export_a(out, dbname))
        for reported in ("event trigger", "default privilege", "grant", "enum"):
            assert reported not in header, header
        [exported] = out.rglob(f"{dbname}.yaml")
        text = exported.read_text()
        assert "audit_ddl:\n    event: ddl_command_end\n    function: public.noop_ddl()" in text
        assert "default_privileges:\n  postgres:\n    functions:\n      public: []" in text, text
        type_grants = "      pair:\n        public: []\n      span:\n        postgres:\n          privileges: [usage]"
        assert type_grants in text, text
        assert "    enums:\n      nothing_yet: []" in text, text

        code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
        assert code == 0, cli.out + cli.err
        assert "No changes" in cli.out, cli.out
        assert "not declarable yet" not in cli.out + cli.err, cli.out + cli.err
        with psycopg.connect(pg_url + dbname) as conn:
            assert conn.execute("SELECT evtname FROM pg_event_trigger").fetchall() == [("audit_ddl",)]
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _declare(data: dict[str, Any], schema: str, section: str, name: str, spec: Any) -> None:
    data["schemas"][schema].setdefault(section, {})[name] = spec


def test_a_sql_standard_body_is_exported_and_a_string_body_declared_in_its_place_redefines_it(
    pg_url: str, dbname: str, database_a: dict[str, str], cli: Cli, tmp_path: Path
) -> None:
    """SQL-standard bodies were not declarable once; now export writes them (`sql_body`) and plan redefines them."""
    out = tmp_path / "exported"
    export_a(out, dbname)
    path = state_file(out, dbname)
    data = yaml.safe_load(path.read_text())
    assert data["schemas"]["public"]["functions"]["answer"]["sql_body"] == "RETURN 42"
    _declare(data, "public", "functions", "answer", {"returns": "integer", "language": "sql", "body": "SELECT 42"})
    path.write_text(yaml.safe_dump(data, sort_keys=False))

    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert "sql_body: True -> False" in cli.out
    [(body, standard)] = sql(
        pg_url, dbname, "SELECT prosrc, prosqlbody IS NOT NULL FROM pg_proc WHERE proname = 'answer'"
    )
    assert (body, standard) == ("SELECT 42", False)


def _live_with(entries: list[Undeclarable]) -> Database:
    users = Table(
        schema_name="public",
        name="users",
        columns={"id": Column(name="id", type="integer")},
        constraints={"users_id_check": Constraint(name="users_id_check", kind="check", definition="CHECK (id > 0)")},
    )
    events = Table(schema_name="public", name="events", columns={"id": Column(name="id", type="integer")})
    return Database(
        name="db",
        schemas=["public"],
        tables={"public.users": users, "public.events": events},
        undeclarable=entries,
    )


def test_the_differ_never_drops_what_the_inspector_found_undeclarable() -> None:
    """Pure: absent from the desired state, a protected table or member is not dropped; others are."""
    live = _live_with(
        [
            Undeclarable(kind="partition", name="public.events", protects="table:public.events", effect="exclude"),
            Undeclarable(
                kind="NOT VALID constraint",
                name="public.users: users_id_check",
                protects="constraint:public.users.users_id_check",
                effect="exclude",
                table="table:public.users",
            ),
        ]
    )
    users_without_check = live.tables["public.users"].model_copy(update={"constraints": {}})
    desired = Database(name="db", schemas=["public"], tables={"public.users": users_without_check})
    assert diff(desired, live) == []
    # The policy-like entry alone (no protection) leaves the drop of an undeclared table as it was.
    unprotected = _live_with([Undeclarable(kind="policy", name="public.events: p", table="table:public.users")])
    assert {c.address for c in diff(desired, unprotected) if c.action is Action.DELETE} == {
        "postgres.db.table.events",
        "postgres.db.table.users.constraint.users_id_check",
    }


@pytest.mark.parametrize(
    ("kind", "count", "written"),
    [
        ("policy", 2, "2 policies"),
        ("inheritance child", 2, "2 inheritance children"),
        ("index with storage parameters", 3, "3 indexes with storage parameters"),
        ("grant", 1, "1 grant"),
        ("MATCH FULL foreign key", 2, "2 MATCH FULL foreign keys"),
    ],
)
def test_warning_counts_are_spelled_per_kind(kind: str, count: int, written: str) -> None:
    assert plural(kind, count) == written
