"""`renamed_from:` and `using:` against a real PostgreSQL: renames keep rows, then go inert; conversions convert.

Each rename is applied to a database holding rows: the rows (count and
content) are the same after, the plan showed ALTER ... RENAME and nothing
destructive, and the next plan is "No changes". Both names existing is an
error naming both (file:line:field); a rename together with other changes to
the same object plans the rename first; views over renamed columns and tables
keep working and are not re-created. Hostile `using:` and `renamed_from`
values are refused before anything runs. A saved plan holding a rename is
refused once the database changed, and export never writes renamed_from.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from tests.conftest import Cli, StateDir, assert_refused_at_load, sql
from tests.postgres.test_export import export, exported

USERS = """
schemas:
  public:
    tables:
      users:
        columns:
          id: {type: serial, primary_key: true}
          email: {type: text, nullable: false, unique: true}
          age: integer
          team_id: {type: integer, references: teams(id)}
        indexes:
          users_age_idx: [age]
      teams:
        columns:
          id: {type: serial, primary_key: true}
          name: text
    sequences:
      tickets: {}
    views:
      adults:
        query: SELECT id, email FROM users WHERE age >= 18
    materialized_views:
      team_sizes:
        query: SELECT team_id, count(*) AS n FROM users GROUP BY team_id
        indexes:
          team_sizes_team_idx: {columns: [team_id], unique: true}
"""
ROWS = """
INSERT INTO teams (name) VALUES ('red'), ('blue');
INSERT INTO users (email, age, team_id) VALUES ('a@x', 30, 1), ('b@x', 12, 2), ('c@x', 41, 1);
SELECT nextval('tickets'), nextval('tickets');
REFRESH MATERIALIZED VIEW team_sizes
"""


def apply(cli: Cli, state: StateDir, *extra: str) -> None:
    assert cli("apply", "--state", state.root, "--auto-approve", *extra) == 0, cli.out + cli.err
    assert "Converged" in cli.out, cli.out


def changes(cli: Cli, state: StateDir) -> list[dict[str, Any]]:
    assert cli("plan", "--state", state.root, "--format", "json") in (0, 2), cli.out + cli.err
    found: list[dict[str, Any]] = json.loads(cli.out)["changes"]
    return found


def converged(cli: Cli, state: StateDir) -> None:
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def run(url: str, db: str, script: str) -> None:
    with psycopg.connect(url + db, autocommit=True) as conn:
        for statement in script.strip().split(";\n"):
            conn.execute(statement.encode())


def snapshot(url: str, db: str, users: str = "users", email: str = "email", schema: str = "public") -> dict[str, Any]:
    """Every row the scenario's objects hold, read through their (possibly new) names."""
    return {
        "users": sql(url, db, f"SELECT id, {email}, age, team_id FROM {schema}.{users} ORDER BY id"),
        "teams": sql(url, db, f"SELECT id, name FROM {schema}.teams ORDER BY id"),
    }


@pytest.fixture
def filled(cli: Cli, state: StateDir, pg_url: str) -> dict[str, Any]:
    state.write(USERS)
    apply(cli, state)
    run(pg_url, state.dbname, ROWS)
    return snapshot(pg_url, state.dbname)


RENAMES = [
    # (id, old text, new text, statement the plan must show)
    ("column", "email: {type", "mail: {renamed_from: email, type", "RENAME COLUMN email TO mail"),
    (
        "table",
        "      users:\n",
        "      people:\n        renamed_from: users\n",
        "ALTER TABLE public.users RENAME TO people",
    ),
    ("index", "users_age_idx: [age]", "people_age_idx: {renamed_from: users_age_idx, columns: [age]}", "ALTER INDEX"),
    ("view", "      adults:\n", "      grown_ups:\n        renamed_from: adults\n", "ALTER VIEW public.adults RENAME"),
    (
        "materialized-view",
        "      team_sizes:\n",
        "      sizes:\n        renamed_from: team_sizes\n",
        "ALTER MATERIALIZED",
    ),
    (
        "matview-index",
        "team_sizes_team_idx: {columns",
        "sizes_team_idx: {renamed_from: team_sizes_team_idx, columns",
        "RENAME TO sizes_team_idx",
    ),
    ("sequence", "tickets: {}", "ticket_numbers: {renamed_from: tickets}", "ALTER SEQUENCE public.tickets RENAME"),
]


def renamed_state(old: str, new: str) -> str:
    assert old in USERS
    text = USERS.replace(old, new)
    if "renamed_from: users\n" in text:  # what names the table follows it
        text = text.replace("FROM users", "FROM people")
    if "mail: {renamed_from" in text:
        text = text.replace("id, email FROM", "id, mail AS email FROM")  # the view's own column keeps its name
    return text


@pytest.mark.parametrize(("old", "new", "statement"), [r[1:] for r in RENAMES], ids=[r[0] for r in RENAMES])
def test_each_kind_is_renamed_with_its_rows_kept_then_inert(
    cli: Cli, state: StateDir, pg_url: str, filled: dict[str, Any], old: str, new: str, statement: str
) -> None:
    state.write(renamed_state(old, new))
    planned = changes(cli, state)
    # Renames alone (a table's serial sequence follows it): nothing dropped or re-created.
    assert all(c["action"] == "update" and not c["destructive"] for c in planned), planned
    assert all(" RENAME " in s["sql"] for c in planned for s in c["statements"]), planned
    assert statement in planned[0]["statements"][0]["sql"]
    assert len(planned) == (2 if "renamed_from: users\n" in new else 1)
    apply(cli, state)
    users = "people" if "renamed_from: users\n" in new else "users"
    assert snapshot(pg_url, state.dbname, users, "mail" if "mail:" in new else "email") == filled
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM adults" if "grown" not in new else "SELECT 2") == [(2,)]
    if "tickets" in new:
        assert sql(pg_url, state.dbname, "SELECT nextval('ticket_numbers')") == [(3,)]  # the counter kept
    converged(cli, state)


def test_views_over_a_renamed_column_and_table_keep_working_and_are_not_recreated(
    cli: Cli, state: StateDir, pg_url: str, filled: dict[str, Any]
) -> None:
    text = renamed_state("email: {type", "mail: {renamed_from: email, type")
    text = text.replace("      users:\n", "      people:\n        renamed_from: users\n").replace(
        "FROM users", "FROM people"
    )
    state.write(text)
    planned = changes(cli, state)
    assert [c["address"].split(".", 2)[2] for c in planned] == [
        "table.people",
        "table.people.column.mail",
        "sequence.people_id_seq",
    ]
    oid_before = sql(pg_url, state.dbname, "SELECT 'adults'::regclass::oid, 'team_sizes'::regclass::oid")
    apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT email FROM adults ORDER BY id") == [("a@x",), ("c@x",)]
    assert sql(pg_url, state.dbname, "SELECT 'adults'::regclass::oid, 'team_sizes'::regclass::oid") == oid_before
    assert "people.mail AS email" in str(sql(pg_url, state.dbname, "SELECT pg_get_viewdef('adults')")[0][0])
    assert snapshot(pg_url, state.dbname, "people", "mail") == filled
    converged(cli, state)


def test_a_renamed_schema_keeps_its_tables_and_rows(cli: Cli, state: StateDir, pg_url: str) -> None:
    body = """
    schemas:
      public: {}
      billing:
        tables:
          invoices:
            columns:
              id: {type: serial, primary_key: true}
              total: numeric(10,2)
        views:
          big: {query: SELECT id FROM invoices WHERE total > 10}
    """
    state.write(body)
    apply(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO billing.invoices (total) VALUES (5), (50), (500)")
    renamed = body.replace("      billing:\n", "      finance:\n        renamed_from: billing\n")
    state.write(renamed)
    planned = changes(cli, state)
    assert [c["statements"][0]["sql"] for c in planned] == ["ALTER SCHEMA billing RENAME TO finance"]
    apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT id, total::text FROM finance.invoices ORDER BY id") == [
        (1, "5.00"),
        (2, "50.00"),
        (3, "500.00"),
    ]
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM finance.big") == [(2,)]
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'") == [(0,)]
    converged(cli, state)


def test_both_names_existing_is_an_error_naming_both(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(USERS)
    apply(cli, state)
    sql(pg_url, state.dbname, "ALTER TABLE users ADD COLUMN mail text")
    path = state.write(renamed_state("email: {type", "mail: {renamed_from: email, type"))
    assert cli("plan", "--state", state.root) == 1
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "renamed_from: email" in text)
    assert f"{path.name}:{line}" in cli.err, cli.err
    assert "schemas.public.tables.users.columns.mail.renamed_from" in cli.err
    assert "'email'" in cli.err and "'mail'" in cli.err and "both" in cli.err
    assert "Traceback" not in cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'") == [
        (5,)
    ]


def test_a_rename_with_other_changes_plans_the_rename_first(
    cli: Cli, state: StateDir, pg_url: str, filled: dict[str, Any]
) -> None:
    text = USERS.replace("email: {type: text,", "mail: {renamed_from: email, type: text, default: \"'none'\",")
    text = text.replace("      users:\n", "      people:\n        renamed_from: users\n").replace(
        "FROM users", "FROM people"
    )
    text = text.replace("          age: integer\n", "          age: integer\n          nickname: text\n")
    text = text.replace("id, email FROM", "id, mail AS email FROM")
    state.write(text)
    planned = changes(cli, state)
    statements = [s["sql"] for c in planned for s in c["statements"]]
    assert statements[:2] == [
        "ALTER TABLE public.users RENAME TO people",
        "ALTER TABLE public.people RENAME COLUMN email TO mail",
    ], statements
    assert any("ADD COLUMN nickname" in s for s in statements[2:])
    assert any("ALTER COLUMN mail SET DEFAULT 'none'" in s for s in statements[2:])
    assert not any(c["destructive"] for c in planned)
    apply(cli, state)
    assert snapshot(pg_url, state.dbname, "people", "mail") == filled
    sql(pg_url, state.dbname, "INSERT INTO people (age) VALUES (5)")
    assert sql(pg_url, state.dbname, "SELECT mail FROM people WHERE age = 5") == [("none",)]
    converged(cli, state)


USING = """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          qty: text
"""


def test_using_converts_the_values_and_is_inert_once_the_type_matches(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(USING)
    apply(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO items (qty) VALUES ('42'), (' 7 '), (NULL)")
    state.write(USING.replace("qty: text", "qty: {type: integer, using: \"nullif(trim(qty), '')::integer\"}"))
    planned = changes(cli, state)
    (change,) = planned
    assert change["statements"][0]["sql"].endswith("TYPE integer USING nullif(trim(qty), '')::integer")
    assert "table_rewrite" in {h["code"] for h in change["hazards"]}
    assert "using: nullif(trim(qty), '')::integer" in change["detail"]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2 and "rewrites the whole table" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1  # may lose data: --allow-destructive
    apply(cli, state, "--allow-destructive")
    assert sql(pg_url, state.dbname, "SELECT id, qty FROM items ORDER BY id") == [(1, 42), (2, 7), (3, None)]
    converged(cli, state)


def test_a_rename_and_a_type_change_with_using_together(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(USING)
    apply(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO items (qty) VALUES ('42')")
    state.write(USING.replace("qty: text", "amount: {renamed_from: qty, type: integer, using: amount::integer}"))
    apply(cli, state, "--allow-destructive")
    assert sql(pg_url, state.dbname, "SELECT amount FROM items") == [(42,)]
    converged(cli, state)


def test_a_saved_plan_with_a_rename_is_refused_once_the_database_changed(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path
) -> None:
    state.write(USERS)
    apply(cli, state)
    state.write(renamed_state("email: {type", "mail: {renamed_from: email, type"))
    plan_file = tmp_path / "plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "ALTER TABLE users RENAME COLUMN email TO mail")  # done by hand meanwhile
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 1
    assert "stale" in cli.err or "changed after this plan was made" in cli.err, cli.err
    converged(cli, state)  # the key is inert now: the rename was done


def test_a_saved_plan_with_a_rename_applies_when_nothing_changed(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, filled: dict[str, Any]
) -> None:
    state.write(renamed_state("email: {type", "mail: {renamed_from: email, type"))
    plan_file = tmp_path / "plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0, cli.out + cli.err
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert snapshot(pg_url, state.dbname, email="mail") == filled
    converged(cli, state)


def test_export_never_writes_renamed_from(cli: Cli, state: StateDir, pg_url: str, tmp_path: Path) -> None:
    state.write(renamed_state("email: {type", "mail: {renamed_from: email, type"))
    apply(cli, state)
    export(tmp_path / "out", databases=[state.dbname])
    assert "renamed_from" not in (tmp_path / "out" / "postgres" / f"{state.dbname}.yaml").read_text()
    assert "mail" in exported(tmp_path / "out", state.dbname)["schemas"]["public"]["tables"]["users"]["columns"]


HOSTILE_USING = [
    "qty::integer; DROP TABLE items",
    "qty::integer) ; SELECT pg_sleep(10); --",
    "1 /* unterminated",
    "'unterminated",
    "",
]
HOSTILE_NAMES = ['x"; DROP TABLE items; --', "a" * 64, "", ["qty"], {"name": "qty"}]


@pytest.mark.parametrize("payload", HOSTILE_USING)
def test_hostile_using_is_refused_before_anything_runs(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, payload: str
) -> None:
    path = state.write(USING.replace("qty: text", f"qty: {{type: integer, using: {json.dumps(payload)}}}"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "using:" in text)
    assert_refused_at_load(cli, state.root, "postgres", f"{path.name}:{line}")
    assert "columns.qty.using" in cli.err, cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'") == [(0,)]


@pytest.mark.parametrize("payload", HOSTILE_NAMES, ids=["quote", "too-long", "empty", "list", "mapping"])
@pytest.mark.parametrize("where", ["column", "table", "schema"])
def test_hostile_renamed_from_is_refused_before_anything_runs(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, payload: object, where: str
) -> None:
    doc = yaml.safe_load(USING)
    target = {
        "column": doc["schemas"]["public"]["tables"]["items"]["columns"]["qty"],
        "table": doc["schemas"]["public"]["tables"]["items"],
        "schema": doc["schemas"]["public"],
    }[where]
    if isinstance(target, str):
        target = doc["schemas"]["public"]["tables"]["items"]["columns"]["qty"] = {"type": target}
    target["renamed_from"] = payload
    path = state.write(yaml.safe_dump(doc))
    if isinstance(payload, str) and '"' in payload:  # a valid identifier: quoted, never run as SQL
        assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
        assert sql(pg_url, dbname, "SELECT count(*) FROM items") == [(0,)]
        return
    assert_refused_at_load(cli, state.root, "postgres", f"{path.name}:")
    assert "renamed_from" in cli.err, cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'") == [(0,)]


def test_a_quoted_name_is_renamed_as_written(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(USING.replace("qty: text", "qty: text\n          'Odd \"name\"; --': int"))
    apply(cli, state)
    sql(pg_url, state.dbname, """INSERT INTO items (qty, "Odd ""name""; --") VALUES ('1', 9)""")
    state.write(USING.replace("qty: text", "qty: text\n          plain: {type: int, renamed_from: 'Odd \"name\"; --'}"))
    planned = changes(cli, state)
    assert planned[0]["statements"][0]["sql"] == 'ALTER TABLE public.items RENAME COLUMN "Odd ""name""; --" TO plain'
    apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT plain FROM items") == [(9,)]
    converged(cli, state)


def test_renamed_from_its_own_or_a_still_declared_name_is_refused(cli: Cli, state: StateDir) -> None:
    path = state.write(USING.replace("qty: text", "qty: {type: text, renamed_from: qty}"))
    assert_refused_at_load(cli, state.root, "postgres", f"{path.name}:")
    assert "renamed from its own name" in cli.err
    path = state.write(USING.replace("qty: text", "qty: text\n          n: {type: int, renamed_from: id}"))
    assert_refused_at_load(cli, state.root, "postgres", f"{path.name}:")
    assert "which this file also declares" in cli.err


README = Path(__file__).resolve().parents[2] / "README.md"
AUTH_DB = Path(__file__).resolve().parents[2] / "state" / "postgres" / "auth_db.yaml"


def _readme_ai4i_rename() -> tuple[str, str, str]:
    """The README's AI4I rename: the removed line, the added line and the plan it says `reconcile plan` prints."""
    text = README.read_text()
    section = text[text.index("The AI4I example: a pull request renames") :]
    diff, after = section[section.index("```diff\n") + 8 :].split("```\n", 1)
    removed = next(line[1:] for line in diff.splitlines() if line.startswith("-"))
    added = next(line[1:] for line in diff.splitlines() if line.startswith("+"))
    plan = after[after.index("```\n") + 4 :].split("```", 1)[0]
    return removed, added, plan


def test_the_readme_ai4i_rename_plans_as_shown_and_keeps_the_rows(cli: Cli, state: StateDir, pg_url: str) -> None:
    """The shipped auth_db (under the test's database name), then the README's pull request renaming a column."""
    removed, added, readme_plan = _readme_ai4i_rename()
    shipped = AUTH_DB.read_text().replace("\ndatabase: auth_db\n", f"\ndatabase: {state.dbname}\n")
    path = state.root / "postgres" / f"{state.dbname}.yaml"
    path.write_text(shipped)
    apply(cli, state)
    sql(
        pg_url,
        state.dbname,
        "INSERT INTO users (email, password_hash, username, created_at) "
        "VALUES ('ada@example.org', 'x', 'ada', '2024-06-01 12:00+00')",
    )
    users = shipped.index("\n      users:\n")
    at = shipped.index(removed, users)  # the users table's own line, not another table's created_at
    path.write_text(shipped[:at] + added + shipped[at + len(removed) :])

    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert readme_plan.replace("auth_db", state.dbname).strip() in cli.out, cli.out
    apply(cli, state)
    converged(cli, state)  # the key stays in the file, inert
    kept = sql(pg_url, state.dbname, "SELECT username, registered_at = '2024-06-01 12:00+00' FROM users")
    assert kept == [("ada", True)]
    columns = sql(
        pg_url,
        state.dbname,
        "SELECT count(*) FROM information_schema.columns WHERE column_name = 'created_at' AND table_name = 'users'",
    )
    assert columns == [(0,)]


# --- planning a rename never writes to or locks the target ------------------------------------------------------


def _table_and_column_renamed() -> str:
    """USERS with `users` renamed to `people` and its `email` to `mail`, the view and matview following."""
    text = renamed_state("email: {type", "mail: {renamed_from: email, type")
    return text.replace("      users:\n", "      people:\n        renamed_from: users\n").replace(
        "FROM users", "FROM people"
    )


def _statements(planned: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(c["address"].split(".", 2)[2], s["sql"]) for c in planned for s in c["statements"]]


RENAMED_PLAN = [
    ("table.people", "ALTER TABLE public.users RENAME TO people"),
    ("table.people.column.mail", "ALTER TABLE public.people RENAME COLUMN email TO mail"),
    ("sequence.people_id_seq", "ALTER SEQUENCE public.users_id_seq RENAME TO people_id_seq"),
]


@pytest.mark.parametrize("mode", ["ACCESS SHARE", "EXCLUSIVE"])
def test_a_plan_with_pending_renames_takes_no_lock_beyond_access_share(
    cli: Cli, state: StateDir, pg_url: str, filled: dict[str, Any], mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session holds `mode` on the renamed table (and its neighbours) in an open transaction.

    EXCLUSIVE conflicts with every lock but ACCESS SHARE, so the plan going
    through proves it takes nothing stronger on them; the old trial waited 2 s
    for its ACCESS EXCLUSIVE behind an ACCESS SHARE reader, then failed.
    """
    state.write(_table_and_column_renamed())
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=5s")  # a regression fails here instead of hanging the suite
    with psycopg.connect(pg_url + state.dbname) as holder:
        holder.execute(f"LOCK TABLE users, teams, adults IN {mode} MODE")
        held = holder.execute(
            "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND mode = %s AND granted "
            "AND relation IN ('users'::regclass, 'teams'::regclass, 'adults'::regclass)",
            (mode.title().replace(" ", "") + "Lock",),
        ).fetchone()
        assert held == (3,)
        under_lock = changes(cli, state)
        # Nobody else took a lock on those relations meanwhile, or waits for one: the plan's are all gone.
        others = sql(
            pg_url,
            state.dbname,
            "SELECT mode, granted FROM pg_locks WHERE relation = 'users'::regclass AND pid <> "
            f"{holder.info.backend_pid}",
        )
        assert others == []
    assert _statements(under_lock) == RENAMED_PLAN
    assert _statements(changes(cli, state)) == RENAMED_PLAN  # the same plan without the other session
    assert sql(pg_url, state.dbname, "SELECT to_regclass('people') IS NULL, to_regclass('users') IS NOT NULL") == [
        (True, True)
    ]


def test_a_plan_with_pending_renames_needs_only_a_reading_role(
    cli: Cli, state: StateDir, pg_url: str, filled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """CONNECT (PUBLIC's), USAGE and SELECT on the target, the desired schema normalized on a scratch database."""
    state.write(_table_and_column_renamed())
    expected = _statements(changes(cli, state))
    assert expected == RENAMED_PLAN
    role, scratch = f"ro_{uuid.uuid4().hex[:8]}", f"scratch_{uuid.uuid4().hex[:8]}"
    sql(pg_url, "postgres", f"CREATE ROLE {role} LOGIN")
    sql(pg_url, "postgres", f"CREATE DATABASE {scratch}")
    # pg_read_all_data: SELECT on every table and sequence, USAGE on every schema, and nothing else (grants of
    # its own on the tables would be drift: the file declares none).
    sql(pg_url, "postgres", f"GRANT pg_read_all_data TO {role}")
    try:
        monkeypatch.setenv("RECONCILE_POSTGRES_URL", pg_url.replace("postgres@", f"{role}@"))
        monkeypatch.setenv("RECONCILE_POSTGRES_SCRATCH_URL", f"{pg_url}{scratch}")
        assert _statements(changes(cli, state)) == expected
        assert cli("drift", "--state", state.root, "--fail-on-diff") == 2, cli.out + cli.err
        assert "RENAME COLUMN email TO mail" in cli.out, cli.out
    finally:
        with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
            conn.execute(f"DROP DATABASE IF EXISTS {state.dbname} WITH (FORCE)")
            conn.execute(f"DROP ROLE {role}")
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{scratch}'") == [(0,)]


SEEDED = """
schemas:
  public:
    tables:
      teams:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: text, nullable: false, unique: true}
      members:
        columns:
          id: {type: serial, primary_key: true}
          login: {type: text, nullable: false, unique: true}
          team_id: {type: integer, references: teams(id)}
"""
TEAM_SEEDS = """
table: {table}
key: [{name}]
rows:
  - {{{name}: red}}
  - {{{name}: blue}}
"""
MEMBER_SEEDS = """
table: members
key: [login]
references:
  team: {{column: team_id, table: {table}, key: {name}}}
rows:
  - {{login: ada, team: red}}
  - {{login: bob, team: blue}}
"""


def test_seed_rows_of_a_renamed_table_and_column_are_read_under_the_old_names(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    """The plan reads seeded rows before its renames ran: the same rows, so only the renames are planned."""
    state.write(SEEDED)
    seeds = state.root / "seeds" / state.dbname
    seeds.mkdir(parents=True)
    (seeds / "teams.yaml").write_text(TEAM_SEEDS.format(table="teams", name="name"))
    (seeds / "members.yaml").write_text(MEMBER_SEEDS.format(table="teams", name="name"))
    apply(cli, state)
    before = sql(pg_url, state.dbname, "SELECT m.login, t.name FROM members m JOIN teams t ON t.id = m.team_id")

    renamed = SEEDED.replace("      teams:\n", "      squads:\n        renamed_from: teams\n")
    renamed = renamed.replace("name: {type: text", "title: {renamed_from: name, type: text").replace(
        "teams(id)", "squads(id)"
    )
    state.write(renamed)
    (seeds / "teams.yaml").unlink()
    (seeds / "squads.yaml").write_text(TEAM_SEEDS.format(table="squads", name="title"))
    (seeds / "members.yaml").write_text(MEMBER_SEEDS.format(table="squads", name="title"))
    planned = changes(cli, state)
    assert [s for _, s in _statements(planned)] == [
        "ALTER TABLE public.teams RENAME TO squads",
        "ALTER TABLE public.squads RENAME COLUMN name TO title",
        "ALTER SEQUENCE public.teams_id_seq RENAME TO squads_id_seq",
    ], planned
    apply(cli, state)
    after = sql(pg_url, state.dbname, "SELECT m.login, t.title FROM members m JOIN squads t ON t.id = m.team_id")
    assert sorted(after) == sorted(before)
    converged(cli, state)
