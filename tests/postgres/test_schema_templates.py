"""Schema templates: one declared content reconciled into every tenant schema the platform created."""

from __future__ import annotations

import json

import psycopg
import pytest

from reconciler.postgres.template_match import TemplateText
from tests.conftest import AppliedCopies, Cli, StateDir, assert_refused_at_load, sql

PUBLIC = """
schemas:
  public:
    tables:
      tenants:
        columns:
          id: {type: int, primary_key: true}
          schema_name: {type: text, nullable: false}
"""
TEMPLATE = """
schema_templates:
  tenant:
    match: "tenant_*"
    functions:
      touch:
        returns: trigger
        body: BEGIN NEW.updated_at = now(); RETURN NEW; END;
    tables:
      documents:
        columns:
          id: {type: serial, primary_key: true}
          owner: {type: int, nullable: false}
          title: {type: varchar(200), nullable: false}
          updated_at: timestamptz
        indexes:
          documents_owner: [owner]
        triggers:
          documents_touch: {timing: before, events: [update], function: touch}
      shares:
        columns:
          document_id: {type: int, nullable: false, references: {table: documents, column: id}}
          member: {type: text, nullable: false, check: "member <> ''"}
    views:
      titles:
        query: SELECT id, title FROM documents
"""
NOTE = "          note: text\n"
TENANTS = ("tenant_a", "tenant_b", "tenant_c")


def _with_note(template: str) -> str:
    return template.replace("          updated_at: timestamptz\n", "          updated_at: timestamptz\n" + NOTE)


def _create_tenants(url: str, dbname: str, names: tuple[str, ...] = TENANTS) -> None:
    """As the tenant service does: plain SQL, outside reconcile."""
    for name in names:
        sql(url, dbname, f"CREATE SCHEMA {name}")


@pytest.fixture
def fleet(state: StateDir, applied_copies: AppliedCopies) -> StateDir:
    """The database with its declared schema applied and three tenant schemas, still empty."""
    # As the tenant service makes them: plain SQL, outside reconcile. `other` is not matched: left alone.
    tenants = "; ".join(f"CREATE SCHEMA {name}" for name in (*TENANTS, "other"))
    applied_copies.copy(state, PUBLIC, after=tenants)
    return state


def _columns(url: str, dbname: str, schema: str, table: str) -> list[str]:
    rows = sql(
        url,
        dbname,
        f"SELECT column_name FROM information_schema.columns WHERE table_schema = '{schema}' "
        f"AND table_name = '{table}' ORDER BY ordinal_position",
    )
    return [str(r[0]) for r in rows]


def test_template_applies_to_every_tenant_and_converges(cli: Cli, fleet: StateDir, pg_url: str) -> None:
    fleet.write(PUBLIC + TEMPLATE)
    assert cli("plan", "--state", fleet.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert "other" not in cli.out
    assert cli("apply", "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
    for tenant in TENANTS:
        assert _columns(pg_url, fleet.dbname, tenant, "documents") == ["id", "owner", "title", "updated_at"]
    assert sql(pg_url, fleet.dbname, "SELECT count(*) FROM pg_tables WHERE schemaname = 'other'") == [(0,)]
    assert cli("plan", "--state", fleet.root, "--detailed-exitcode") == 0, cli.out + cli.err
    # The view and foreign key inside each tenant point at that tenant's own tables.
    rows = sql(
        pg_url,
        fleet.dbname,
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'tenant_b.shares'::regclass "
        "AND contype = 'f'",
    )
    assert rows == [("FOREIGN KEY (document_id) REFERENCES tenant_b.documents(id)",)]


@pytest.fixture
def applied(cli: Cli, fleet: StateDir) -> StateDir:
    """The template applied to every tenant."""
    fleet.write(PUBLIC + TEMPLATE)
    assert cli("apply", "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
    return fleet


def test_hand_made_column_is_left_alone_unless_declared(cli: Cli, applied: StateDir, pg_url: str) -> None:
    sql(pg_url, applied.dbname, "ALTER TABLE tenant_b.documents ADD COLUMN legacy int")
    assert cli("plan", "--state", applied.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "tenant_b.documents.column.legacy" in cli.out and "left alone" in cli.out
    assert cli("apply", "--state", applied.root, "--auto-approve") == 0, cli.out + cli.err
    assert "legacy" in _columns(pg_url, applied.dbname, "tenant_b", "documents")
    # Declared in the template, it is reconciled like any column: added where missing, kept where present.
    applied.write(
        PUBLIC + TEMPLATE.replace("updated_at: timestamptz\n", "updated_at: timestamptz\n          legacy: int\n")
    )
    assert cli("plan", "--state", applied.root) == 0, cli.out + cli.err
    assert "in tenant_a, tenant_c" in cli.out
    assert cli("apply", "--state", applied.root, "--auto-approve") == 0, cli.out + cli.err
    for tenant in TENANTS:
        assert "legacy" in _columns(pg_url, applied.dbname, tenant, "documents")


def test_grouped_text_and_every_address_in_json(cli: Cli, applied: StateDir, pg_url: str) -> None:
    sql(pg_url, applied.dbname, "ALTER TABLE tenant_c.documents ALTER COLUMN owner DROP NOT NULL")
    applied.write(PUBLIC + _with_note(TEMPLATE))
    assert cli("plan", "--state", applied.root) == 0, cli.out + cli.err
    assert "+ table.documents.column.note in tenant_a, tenant_b, tenant_c" in cli.out
    assert "~ table.documents.column.owner in tenant_c" in cli.out
    assert cli.out.count("ADD COLUMN note") == 1  # the SQL once, for the group's first schema
    assert cli("plan", "--state", applied.root, "--format", "json") == 0, cli.err
    addresses = {c["address"]: c["tenant"] for c in json.loads(cli.out)["changes"]}
    for tenant in TENANTS:
        assert addresses[f"postgres.{applied.dbname}.table.{tenant}.documents.column.note"] == tenant


def test_locked_tenant_fails_alone_and_converges_on_rerun(cli: Cli, applied: StateDir, pg_url: str) -> None:
    applied.write(PUBLIC + _with_note(TEMPLATE))
    with psycopg.connect(pg_url + applied.dbname) as blocker:
        blocker.execute("SELECT * FROM tenant_b.documents")  # a long read: its ACCESS SHARE lock stays until rollback
        code = cli(
            "apply", "--state", applied.root, "--auto-approve", "--lock-timeout", "200ms", "--lock-retries", "0",
            "--parallel", "2",
        )  # fmt: skip
        blocker.rollback()
    assert code == 1, cli.out + cli.err
    assert "1 of 3 tenant schemas failed" in cli.err and "tenant_b:" in cli.err, cli.err
    assert "note" in _columns(pg_url, applied.dbname, "tenant_a", "documents")
    assert "note" in _columns(pg_url, applied.dbname, "tenant_c", "documents")
    assert "note" not in _columns(pg_url, applied.dbname, "tenant_b", "documents")
    assert cli("plan", "--state", applied.root) == 0, cli.out + cli.err
    assert "+ table.documents.column.note in tenant_b" in cli.out and "tenant_a" not in cli.out
    assert cli("apply", "--state", applied.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", applied.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_query_selects_the_tenants_a_table_lists(cli: Cli, fleet: StateDir, pg_url: str) -> None:
    sql(pg_url, fleet.dbname, "INSERT INTO tenants VALUES (1, 'tenant_a'), (2, 'tenant_c'), (3, 'not_created_yet')")
    fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', "query: SELECT schema_name FROM tenants"))
    assert cli("apply", "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
    assert _columns(pg_url, fleet.dbname, "tenant_b", "documents") == []
    assert "title" in _columns(pg_url, fleet.dbname, "tenant_c", "documents")


@pytest.mark.parametrize(
    ("selector", "field", "message"),
    [
        ('match: ""', "match", "match is empty"),
        ('match: "tenant_\'; DROP TABLE tenants; --"', "match", "match may hold"),
        ('match: "tenant_[a"', "match", "opens a ["),
        (f'match: "{"x" * 70}"', "match", "longer than 63 bytes"),
        ('match: "*"', "match", "matches schema 'public'"),
        ("query: SELECT schema_name FROM tenants; DROP TABLE tenants", "query", "';' ends a statement"),
        ("query: DELETE FROM tenants RETURNING schema_name", "query", "query must start with"),
        ("query: VALUES ('tenant_a')", "query", "must be a SELECT"),
        ("query: SELECT schema_name FROM tenants -- ) x", "query", None),
        ('query: "SELECT (schema_name FROM tenants"', "query", "does not close"),
    ],
)
def test_hostile_selectors_are_refused_at_load(
    cli: Cli, fleet: StateDir, selector: str, field: str, message: str | None
) -> None:
    if message is None:  # a comment is allowed in a query: this one is harmless and runs
        fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', selector))
        assert cli("plan", "--state", fleet.root) == 0, cli.out + cli.err
        return
    path = fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', selector))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith(field))
    assert_refused_at_load(cli, fleet.root, "postgres", f"{fleet.dbname}.yaml:{line}: schema_templates.tenant.{field}")
    if message:
        assert message in cli.err, cli.err


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("WITH gone AS (DELETE FROM tenants RETURNING schema_name) SELECT schema_name FROM gone", "read-only"),
        ("SELECT schema_name FROM no_such_table", "does not exist"),
        ("SELECT 42", "schema names (text)"),
    ],
)
def test_query_runs_read_only_and_errors_name_the_field(
    cli: Cli, fleet: StateDir, pg_url: str, query: str, message: str
) -> None:
    sql(pg_url, fleet.dbname, "INSERT INTO tenants VALUES (1, 'tenant_a')")
    path = fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', f"query: {query}"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith("query"))
    assert cli("plan", "--state", fleet.root) == 1, cli.out + cli.err
    assert f"{fleet.dbname}.yaml:{line}: schema_templates.tenant.query" in cli.err and message in cli.err, cli.err
    assert "Traceback" not in cli.err
    assert sql(pg_url, fleet.dbname, "SELECT count(*) FROM tenants") == [(1,)]


def test_a_declared_schema_the_template_selects_is_an_error_naming_both(cli: Cli, fleet: StateDir) -> None:
    body = PUBLIC + "  tenant_a:\n    comment: declared by hand\n" + TEMPLATE
    fleet.write(body)
    assert cli("validate", "--state", fleet.root) == 1
    assert "schema_templates.tenant.match" in cli.err and "schemas.tenant_a" in cli.err, cli.err
    fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', "query: SELECT 'public'::text"))
    assert cli("plan", "--state", fleet.root) == 1
    assert "schema_templates.tenant.query" in cli.err and "schemas.public" in cli.err, cli.err


def test_system_schemas_never_match(cli: Cli, fleet: StateDir, pg_url: str) -> None:
    fleet.write(PUBLIC + TEMPLATE.replace('match: "tenant_*"', 'match: "[_i]*"'))
    assert cli("plan", "--state", fleet.root, "--format", "json") == 0, cli.err
    tenants = {c["tenant"] for c in json.loads(cli.out)["changes"]}
    assert tenants == set(), tenants  # information_schema and _reconcile: never selected


def test_grants_on_the_template_schema_converge(cli: Cli, fleet: StateDir, pg_url: str) -> None:
    """The schema's own privileges entry is keyed `schema:<name>`: readdressed like the schema's name."""
    sql(pg_url, "postgres", "DROP ROLE IF EXISTS tenant_reader; CREATE ROLE tenant_reader")
    try:
        fleet.write(
            PUBLIC
            + TEMPLATE.replace(
                '    match: "tenant_*"\n', '    match: "tenant_*"\n    grants: {tenant_reader: [usage]}\n'
            )
        )
        assert cli("apply", "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
        assert cli("plan", "--state", fleet.root, "--detailed-exitcode") == 0, cli.out + cli.err
        sql(pg_url, fleet.dbname, "REVOKE USAGE ON SCHEMA tenant_b FROM tenant_reader")
        assert cli("plan", "--state", fleet.root, "--detailed-exitcode") == 2, cli.out + cli.err
        assert "tenant_b" in cli.out and "tenant_a" not in cli.out, cli.out
    finally:
        sql(pg_url, fleet.dbname, "DROP OWNED BY tenant_reader")
        sql(pg_url, "postgres", "DROP ROLE tenant_reader")


DRIFTS = [
    "ALTER TABLE tenant_a.documents ALTER COLUMN owner TYPE bigint",
    "ALTER TABLE tenant_a.documents ALTER COLUMN updated_at SET DEFAULT now()",
    "DROP INDEX tenant_a.documents_owner",
    "ALTER TABLE tenant_a.documents DISABLE TRIGGER documents_touch",
    "COMMENT ON TABLE tenant_a.shares IS 'hand-made'",
    "ALTER TABLE tenant_a.shares DROP CONSTRAINT shares_member_check",
    "CREATE OR REPLACE VIEW tenant_a.titles AS SELECT id, title, owner FROM tenant_a.documents",
    "CREATE OR REPLACE FUNCTION tenant_a.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END;$$",
    "GRANT SELECT ON tenant_a.documents TO PUBLIC",
    "ALTER TABLE tenant_a.documents SET (fillfactor = 70)",
    "ALTER TABLE tenant_a.documents ADD COLUMN legacy int",
]


def test_a_tenant_that_drifted_is_never_taken_for_its_template(
    cli: Cli, fleet: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """template_match skips the diff of tenants that dump as their template: the plan is the whole diff's.

    One tenant per kind of drift, in one fleet: each must be planned, the clean ones never.
    """
    drifted = tuple(f"tenant_d{i:02}" for i in range(len(DRIFTS)))
    _create_tenants(pg_url, fleet.dbname, drifted)
    fleet.write(PUBLIC + TEMPLATE)
    assert cli("apply", "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
    for tenant, drift in zip(drifted, DRIFTS, strict=True):
        sql(pg_url, fleet.dbname, drift.replace("tenant_a.", f"{tenant}."))
    assert cli("plan", "--state", fleet.root, "--format", "json") == 0, cli.err
    matched = json.loads(cli.out)
    monkeypatch.setattr(TemplateText, "matches", lambda *_: False)
    assert cli("plan", "--state", fleet.root, "--format", "json") == 0, cli.err
    diffed = json.loads(cli.out)
    assert matched["changes"] == diffed["changes"] and matched["warnings"] == diffed["warnings"]
    said = [c["address"] for c in matched["changes"]] + matched["warnings"]
    for tenant in drifted:
        assert any(f"{tenant}." in text for text in said), (tenant, said)
    assert not any(f"{tenant}." in text for tenant in TENANTS for text in said), said
