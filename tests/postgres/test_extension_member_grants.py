"""Grants on an extension's members (`member_grants` on its entry) against a real PostgreSQL.

The member is looked up by PostgreSQL in the plan's trial, so spellings of one member compare equal; its
default is what the extension installed (pg_init_privs); the grants go before the extension does, and come
again when it is re-created in another schema.
"""

from __future__ import annotations

import json

from tests.conftest import Cli, StateDir, sql

ROLE = "ext_member_reader"

HSTORE = """
extensions:
  - name: hstore
    member_grants:
      {member}: {{{role}: [execute], public: []}}
schemas:
  public: {{}}
"""

ACL = "SELECT proacl::text FROM pg_proc WHERE oid = 'hstore(text, text)'::regprocedure"


def _role(pg_url: str) -> None:
    sql(pg_url, "postgres", f"DO $$ BEGIN CREATE ROLE {ROLE}; EXCEPTION WHEN duplicate_object THEN NULL; END $$")


def test_spellings_of_one_member_compare_equal(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    _role(pg_url)
    state.write(HSTORE.format(member='"function hstore(text, text)"', role=ROLE))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "REVOKE EXECUTE ON FUNCTION public.hstore(text, text) FROM PUBLIC" in cli.out, cli.out
    assert sql(pg_url, dbname, ACL) == [(f"{{postgres=X/postgres,{ROLE}=X/postgres}}",)]
    state.write(HSTORE.format(member='"FUNCTION public.hstore(TEXT,pg_catalog.text)"', role=ROLE))
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def test_grants_are_revoked_before_the_extension_is_dropped(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    _role(pg_url)
    state.write(HSTORE.format(member='"function hstore(text, text)"', role=ROLE))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write("schemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.out + cli.err
    phases = {s["sql"]: s["phase"] for c in json.loads(cli.out)["changes"] for s in c["statements"]}
    revoke = f"REVOKE EXECUTE ON FUNCTION public.hstore(text, text) FROM {ROLE}"
    assert phases[revoke] < phases["DROP EXTENSION hstore"], phases
    assert "GRANT EXECUTE ON FUNCTION public.hstore(text, text) TO PUBLIC" in phases, phases
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_extension WHERE extname = 'hstore'") == [(0,)]
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_shdepend WHERE refobjid = '{ROLE}'::regrole") == [(0,)]


def test_an_extension_recreated_in_another_schema_gets_its_grants_again(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    """xml2 cannot be relocated: it is dropped and created in the new schema, and its members' grants follow."""
    _role(pg_url)
    declared = """
extensions:
  - name: xml2
    schema: {schema}
    member_grants:
      function xpath_string(text, text): {{public: [], {role}: [execute]}}
schemas:
  {schema}: {{}}
"""
    state.write(declared.format(schema="xml_a", role=ROLE))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(declared.format(schema="xml_b", role=ROLE))
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    acl = "SELECT proacl::text FROM pg_proc WHERE oid = 'xml_b.xpath_string(text, text)'::regprocedure"
    assert sql(pg_url, dbname, acl) == [(f"{{postgres=X/postgres,{ROLE}=X/postgres}}",)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_export_writes_member_grants_and_its_plan_has_no_changes(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    _role(pg_url)
    state.write("extensions: [pg_stat_statements]\nschemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "REVOKE SELECT ON pg_stat_statements FROM PUBLIC")
    sql(pg_url, dbname, f"GRANT SELECT ON pg_stat_statements TO {ROLE}")
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", str(state.root), "--force") == 0, cli.err
    exported = (state.root / "postgres" / f"{dbname}.yaml").read_text(encoding="utf-8")
    assert "view pg_stat_statements:" in exported, exported
    assert "view pg_stat_statements_info" not in exported, exported  # as the extension installed it
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
