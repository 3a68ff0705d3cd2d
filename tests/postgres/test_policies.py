"""Row level security and policies against a real PostgreSQL: what the plan does, and what it refuses.

The A -> B pairs under pairs/policies/ prove convergence; these tests pin the
statements the plan chooses (ALTER POLICY where PostgreSQL allows it, drop and
create where it does not, policies moved out of the way of a column whose type
changes) and the errors a person sees.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from reconciler.postgres.exporter import export_postgres
from tests.conftest import Cli, StateDir, assert_round_trip, export_to, sql

TABLE = """
schemas:
  public:
    tables:
      posts:
        columns:
          id: {{type: integer, primary_key: true}}
          author: {type}
        row_level_security: {rls}
        policies:
          authors: {policy}
"""


def posts(policy: str, *, rls: str = "true", author: str = "text") -> str:
    return TABLE.format(policy=policy, rls=rls, type=author)


def applied(cli: Cli, state: StateDir, body: str) -> None:
    state.write(body)
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def planned(cli: Cli, state: StateDir, body: str) -> str:
    state.write(body)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    return cli.out


def test_roles_and_expressions_change_in_place(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    applied(cli, state, posts("{using: author = current_user}"))
    out = planned(cli, state, posts("{roles: [pg_monitor], using: author = session_user, with_check: author <> ''}"))
    assert "ALTER POLICY authors ON public.posts TO pg_monitor USING (author = session_user) WITH CHECK" in out
    assert "DROP POLICY" not in out
    applied(cli, state, posts("{roles: [pg_monitor], using: author = session_user, with_check: author <> ''}"))
    assert sql(pg_url, dbname, "SELECT polroles::regrole[]::text[] FROM pg_policy") == [(["pg_monitor"],)]


def test_command_kind_and_a_removed_clause_drop_and_create(cli: Cli, state: StateDir) -> None:
    applied(cli, state, posts("{using: author = current_user, with_check: author = current_user}"))
    for changed in (
        "{command: select, using: author = current_user}",
        "{permissive: false, using: author = current_user, with_check: author = current_user}",
        "{using: author = current_user}",
    ):
        out = planned(cli, state, posts(changed))
        assert out.index("DROP POLICY authors ON public.posts") < out.index("CREATE POLICY authors ON public.posts")


def test_a_policy_moves_out_of_the_way_of_a_column_whose_type_changes(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    """PostgreSQL refuses ALTER COLUMN ... TYPE while a policy reads the column, even a policy that stays as it is."""
    applied(cli, state, posts("{using: author = current_user}", author="varchar(20)"))
    out = planned(cli, state, posts("{using: author = current_user}", author="varchar(40)"))
    assert "DROP POLICY authors ON public.posts" in out and "CREATE POLICY authors ON public.posts" in out
    assert "re-created: column posts.author changes type" in out
    applied(cli, state, posts("{using: author = current_user}", author="varchar(40)"))
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_policy") == [(1,)]


def test_row_level_security_flags(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    flags = "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'posts'"
    applied(cli, state, posts("{using: 'true'}", rls="{forced: true}"))
    assert sql(pg_url, dbname, flags) == [(True, True)]
    out = planned(cli, state, posts("{using: 'true'}", rls="false"))
    assert "DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY" in out
    assert "row level security: enabled, forced -> disabled" in out
    applied(cli, state, posts("{using: 'true'}", rls="false"))
    assert sql(pg_url, dbname, flags) == [(False, False)]


def test_a_role_that_does_not_exist_is_a_plan_error_naming_the_policy(cli: Cli, state: StateDir) -> None:
    path = state.write(posts("{roles: [policy_nobody_has_this_role], using: 'true'}"))
    assert cli("plan", "--state", state.root) == 1
    assert f"{path.name}:" in cli.err
    assert "schemas.public.tables.posts.policies.authors.roles.0" in cli.err
    assert "role 'policy_nobody_has_this_role' does not exist on the server" in cli.err


def test_a_command_that_cannot_take_a_clause_is_a_plan_error(cli: Cli, state: StateDir) -> None:
    state.write(posts("{command: select, with_check: 'true'}"))
    assert cli("plan", "--state", state.root) == 1
    assert "schemas.public.tables.posts.policies.authors" in cli.err
    assert "WITH CHECK cannot be applied to SELECT or DELETE" in cli.err


def test_a_dropped_policy_is_destructive(cli: Cli, state: StateDir) -> None:
    applied(cli, state, posts("{using: 'true'}"))
    state.write(TABLE.replace("        policies:\n          authors: {policy}\n", "").format(rls="true", type="text"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "allow-destructive" in cli.out + cli.err


def test_role_keywords_read_in_any_case(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    applied(cli, state, posts("{roles: [Current_User, pg_monitor], using: 'true'}"))
    roles = sql(pg_url, dbname, "SELECT r::text FROM pg_policy, unnest(polroles::regrole[]) AS r ORDER BY 1")
    assert roles == [("pg_monitor",), ("postgres",)]
    # With PUBLIC, PostgreSQL ignores the other roles (with a warning): both sides of the plan say just public.
    applied(cli, state, posts("{roles: [PUBLIC, pg_monitor], using: 'true'}"))
    assert sql(pg_url, dbname, "SELECT polroles::regrole[]::text[] FROM pg_policy") == [(["-"],)]


BY_HAND = """
CREATE TABLE docs (id integer PRIMARY KEY, owner text, status varchar(10));
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY readers ON docs AS RESTRICTIVE FOR SELECT TO pg_monitor, pg_read_all_data
    USING (status IN ('open', 'draft'));
CREATE POLICY writers ON docs FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
COMMENT ON POLICY writers ON docs IS 'owners edit their own';
CREATE TABLE plain (id integer);
ALTER TABLE plain ENABLE ROW LEVEL SECURITY;
"""


def test_policies_export_as_written_and_plan_nothing(cli: Cli, pg_url: str, dbname: str, tmp_path: Path) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, BY_HAND)
    file, exported = export_to(export_postgres, tmp_path, [])
    assert file.header[1:] == []  # nothing left out, nothing undeclarable
    assert_round_trip(cli, exported, "postgres")
    tables = yaml.safe_load((exported / "postgres" / f"{dbname}.yaml").read_text())["schemas"]["public"]["tables"]
    assert tables["plain"]["row_level_security"] is True
    assert tables["docs"]["row_level_security"] == {"enabled": True, "forced": True}
    assert tables["docs"]["policies"] == {
        "readers": {
            "command": "select",
            "permissive": False,
            "roles": ["pg_monitor", "pg_read_all_data"],
            "using": "status IN ('open', 'draft')",
        },
        "writers": {
            "command": "update",
            "using": "owner = CURRENT_USER",
            "with_check": "owner = CURRENT_USER",
            "comment": "owners edit their own",
        },
    }
