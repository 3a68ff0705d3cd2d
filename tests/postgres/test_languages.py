"""Procedural languages: created before the functions written in them, redefined in place with CREATE OR REPLACE
LANGUAGE (the functions, owner and grants stay), dropped only with --allow-destructive after their functions, and
exported back as declared."""

from __future__ import annotations

import yaml

from tests.conftest import Cli, StateDir, plan_sql, sql
from tests.postgres.test_readme_example import readme_example

LANGUAGE = """
languages:
  plsample:
    trusted: true
    handler: pg_catalog.plpgsql_call_handler
    inline: pg_catalog.plpgsql_inline_handler
    validator: pg_catalog.plpgsql_validator
    comment: PL/pgSQL under another name
"""

FUNCTIONS = """
schemas:
  public:
    functions:
      answer: {returns: integer, language: plsample, body: BEGIN RETURN 42; END}
    views:
      answers:
        query: SELECT public.answer() AS a
"""

LANGUAGES = "SELECT lanname, lanpltrusted, laninline <> 0, lanvalidator <> 0 FROM pg_language WHERE oid >= 16384"


def test_a_new_language_is_created_before_the_functions_written_in_it(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(LANGUAGE + FUNCTIONS)
    statements = plan_sql(cli, state)
    create = statements.index(
        "CREATE TRUSTED LANGUAGE plsample HANDLER pg_catalog.plpgsql_call_handler "
        "INLINE pg_catalog.plpgsql_inline_handler VALIDATOR pg_catalog.plpgsql_validator"
    )
    function = next(i for i, s in enumerate(statements) if "FUNCTION public.answer()" in s)
    assert create < function
    assert "COMMENT ON LANGUAGE plsample IS 'PL/pgSQL under another name'" in statements
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT a FROM public.answers") == [(42,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_new_handlers_and_trust_are_one_create_or_replace_that_keeps_functions_and_grants(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    granted = LANGUAGE + "    grants: {public: []}\n"
    state.write(granted + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    function_oid = sql(pg_url, dbname, "SELECT 'public.answer()'::regprocedure::oid")
    untrusted = granted.replace("    trusted: true\n", "").replace("    grants: {public: []}\n", "")
    untrusted = untrusted.replace("    inline: pg_catalog.plpgsql_inline_handler\n", "")
    state.write(untrusted + FUNCTIONS)
    statements = plan_sql(cli, state)
    redefine = (
        "CREATE OR REPLACE LANGUAGE plsample HANDLER pg_catalog.plpgsql_call_handler "
        "VALIDATOR pg_catalog.plpgsql_validator"
    )
    # The default ACL again (an untrusted language takes no grants), granted while it is still trusted.
    assert statements == ["GRANT USAGE ON LANGUAGE plsample TO PUBLIC", redefine]
    assert cli("plan", "--state", state.root) in (0, 2)
    assert "the owner, the grants and the functions written in it stay" in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, LANGUAGES) == [("plsample", False, False, True)]
    assert sql(pg_url, dbname, "SELECT 'public.answer()'::regprocedure::oid") == function_oid
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_an_untrusted_language_holding_grants_is_made_trusted_for_the_revoke_and_untrusted_again(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    untrusted = LANGUAGE.replace("    trusted: true\n", "")
    state.write(untrusted + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    for statement in (
        "CREATE OR REPLACE TRUSTED LANGUAGE plsample HANDLER plpgsql_call_handler",
        "REVOKE USAGE ON LANGUAGE plsample FROM PUBLIC",
        "CREATE OR REPLACE LANGUAGE plsample HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler "
        "VALIDATOR plpgsql_validator",
    ):
        sql(pg_url, dbname, statement)
    statements = plan_sql(cli, state)
    assert statements[0].startswith("CREATE OR REPLACE TRUSTED LANGUAGE plsample HANDLER")
    assert statements[1:] == ["GRANT USAGE ON LANGUAGE plsample TO PUBLIC", statements[0].replace(" TRUSTED", "")]
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    stored = sql(pg_url, dbname, "SELECT lanpltrusted, lanacl::text[] FROM pg_language WHERE lanname = 'plsample'")
    assert stored == [(False, ["postgres=U/postgres", "=U/postgres"])]  # the default ACL, written out
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_language_left_out_is_dropped_only_with_allow_destructive_after_its_functions(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(LANGUAGE + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write("schemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err
    assert sql(pg_url, dbname, LANGUAGES) == [("plsample", True, True, True)]
    statements = plan_sql(cli, state)
    assert statements.index("DROP FUNCTION public.answer()") < statements.index("DROP LANGUAGE plsample")
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, LANGUAGES) == []


def test_export_writes_the_languages_no_extension_brings(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    state.write(LANGUAGE + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "REVOKE USAGE ON LANGUAGE plsample FROM PUBLIC")
    out = state.root.parent / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    exported = yaml.safe_load((out / "postgres" / f"{dbname}.yaml").read_text())
    assert exported["languages"] == {  # plpgsql is the plpgsql extension's: not among them
        "plsample": {
            "trusted": True,
            "handler": "pg_catalog.plpgsql_call_handler",
            "inline": "pg_catalog.plpgsql_inline_handler",
            "validator": "pg_catalog.plpgsql_validator",
            "comment": "PL/pgSQL under another name",
            "owner": "postgres",
            "grants": {"public": []},
        }
    }
    assert exported["schemas"]["public"]["functions"]["answer"]["language"] == "plsample"


def test_the_readmes_language_example_applies_and_converges(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    sql(pg_url, "postgres", "DO $$BEGIN CREATE ROLE app; EXCEPTION WHEN duplicate_object THEN NULL; END$$")
    state.write(readme_example("### Procedural languages: `languages:`"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    acl = sql(pg_url, dbname, "SELECT lanacl::text[] FROM pg_language WHERE lanname = 'plsample'")
    assert acl == [(["postgres=U/postgres", "app=U*/postgres"],)]
    assert sql(pg_url, dbname, "SELECT public.answer()") == [(42,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
