"""Row level security and policies against a real PostgreSQL: what the plan does, and what it refuses.

The A -> B pairs under pairs/policies/ prove convergence; these tests pin the
statements the plan chooses (ALTER POLICY where PostgreSQL allows it, drop and
create where it does not, policies moved out of the way of a column whose type
changes) and the errors a person sees.
"""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

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
    assert "schemas.public.tables.posts.policies.authors" in cli.err
    assert 'role "policy_nobody_has_this_role" does not exist' in cli.err


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
