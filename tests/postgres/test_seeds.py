"""Seed rows against a real PostgreSQL: policies, references, secrets, prune, validation."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from reconciler.secrets import verify_password
from tests.conftest import Cli, StateDir, sql

SCHEMA = """
schemas:
  public:
    enums:
      tier: [free, pro]
    tables:
      roles:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: varchar(20), nullable: false, unique: true}
          description: text
          note: text
      perms:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: varchar(50), nullable: false, unique: true}
      role_perms:
        columns:
          role_id: {type: int, nullable: false, references: {table: roles, column: id, on_delete: cascade}}
          perm_id: {type: int, nullable: false, references: {table: perms, column: id, on_delete: cascade}}
        primary_key: [role_id, perm_id]
      accounts:
        columns:
          id: {type: serial, primary_key: true}
          email: {type: varchar(100), nullable: false, unique: true}
          password_hash: {type: varchar(255), nullable: false}
          tier: {type: tier, default: "'free'"}
          price: numeric(10,2)
          settings: jsonb
          active: boolean
"""

ROLES = """
table: roles
key: [name]
rows:
  - {name: admin, description: Everything}
  - {name: reader, description: Reads}
"""

PERMS = """
table: perms
key: [name]
rows:
  - {name: a.read}
  - {name: a.write}
  - {name: b.read}
"""

ROLE_PERMS = """
table: role_perms
key: [role, perm]
references:
  role: {column: role_id, table: roles, key: name}
  perm: {column: perm_id, table: perms, key: name}
rows:
  - {role: admin, perm: {match: "*"}}
  - {role: reader, perm: {match: "*.read"}}
"""

ACCOUNTS = """
table: accounts
key: [email]
policy: {policy}
secrets:
  password_hash: argon2
rows:
  - email: admin@example.org
    password_hash: ${{env:TEST_ADMIN_PASSWORD}}
    tier: pro
    price: "12.50"
    settings: {{theme: dark, sizes: [1, 2]}}
    active: true
"""


def seed_state(state: StateDir, monkeypatch: pytest.MonkeyPatch) -> StateDir:
    """SCHEMA and its four seed files (accounts managed), its password set."""
    monkeypatch.setenv("TEST_ADMIN_PASSWORD", "first-password")
    state.write(SCHEMA)
    write_seed(state, "roles", ROLES)
    write_seed(state, "perms", PERMS)
    write_seed(state, "role_perms", ROLE_PERMS)
    write_seed(state, "accounts", ACCOUNTS.format(policy="managed"))
    return state


@pytest.fixture
def seeded(state: StateDir, monkeypatch: pytest.MonkeyPatch) -> StateDir:
    return seed_state(state, monkeypatch)


def write_seed(state: StateDir, table: str, body: str) -> Path:
    folder = state.root / "seeds" / state.dbname
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.yaml"
    path.write_text(body.strip() + "\n")
    return path


def apply(cli: Cli, state: StateDir, *extra: str) -> None:
    assert cli("apply", "--state", state.root, "--auto-approve", *extra) == 0, cli.out + cli.err


def role_perms(url: str, db: str) -> list[tuple[object, ...]]:
    return sql(
        url,
        db,
        "SELECT r.name, p.name FROM role_perms rp JOIN roles r ON r.id = rp.role_id "
        "JOIN perms p ON p.id = rp.perm_id ORDER BY 1, 2",
    )


def test_rows_reference_rows_created_in_the_same_apply(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    assert cli("plan", "--state", seeded.root) == 0
    assert "+ seed.role_perms[reader, b.read]" in cli.out
    apply(cli, seeded)
    assert role_perms(pg_url, seeded.dbname) == [
        ("admin", "a.read"),
        ("admin", "a.write"),
        ("admin", "b.read"),
        ("reader", "a.read"),
        ("reader", "b.read"),
    ]
    assert cli("drift", "--state", seeded.root, "--fail-on-diff") == 0, cli.out


def test_managed_updates_declared_columns_only_and_create_only_never(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    apply(cli, seeded)
    sql(pg_url, seeded.dbname, "UPDATE roles SET description = 'edited', note = 'runtime note' WHERE name = 'admin'")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 2
    assert "~ seed.roles[admin]" in cli.out and "description: 'edited' -> 'Everything'" in cli.out
    apply(cli, seeded)
    assert sql(pg_url, seeded.dbname, "SELECT description, note FROM roles WHERE name = 'admin'") == [
        ("Everything", "runtime note")
    ]

    write_seed(seeded, "roles", ROLES.replace("key: [name]", "key: [name]\npolicy: create_only"))
    sql(pg_url, seeded.dbname, "UPDATE roles SET description = 'owned by the platform now' WHERE name = 'admin'")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0, cli.out


def test_password_is_hashed_verified_and_never_rehashed(
    cli: Cli, seeded: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply(cli, seeded)
    stored = sql(pg_url, seeded.dbname, "SELECT password_hash FROM accounts")[0][0]
    assert isinstance(stored, str) and stored.startswith("$argon2id$")
    assert verify_password(stored, "first-password")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0  # verified, not rehashed: no drift

    monkeypatch.setenv("TEST_ADMIN_PASSWORD", "second-password")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 2
    assert "password_hash: '(sensitive)' -> '(sensitive)'" in cli.out
    assert "second-password" not in cli.out and "first-password" not in cli.out
    apply(cli, seeded)
    assert verify_password(sql(pg_url, seeded.dbname, "SELECT password_hash FROM accounts")[0][0], "second-password")  # type: ignore[arg-type]


def test_create_only_never_overwrites_a_password_changed_in_the_database(
    cli: Cli, seeded: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_seed(seeded, "accounts", ACCOUNTS.format(policy="create_only"))
    apply(cli, seeded)
    sql(pg_url, seeded.dbname, "UPDATE accounts SET password_hash = 'changed-by-the-admin'")
    monkeypatch.setenv("TEST_ADMIN_PASSWORD", "another")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0, cli.out
    apply(cli, seeded)
    assert sql(pg_url, seeded.dbname, "SELECT password_hash FROM accounts") == [("changed-by-the-admin",)]


def test_secrets_never_reach_output_or_saved_plans(cli: Cli, seeded: StateDir, tmp_path: Path) -> None:
    plan_file = tmp_path / "p.json"
    assert cli("plan", "--state", seeded.root, "--format", "json", "--out", plan_file) == 0
    for text in (cli.out, plan_file.read_text()):
        assert "first-password" not in text and "$argon2" not in text
        assert "${env:TEST_ADMIN_PASSWORD|argon2}" in text
    change = next(
        c for c in json.loads(plan_file.read_text())["changes"] if c["address"].endswith("accounts[admin@example.org]")
    )
    assert change["sensitive"] and change["after"]["password_hash"] == "(sensitive)"
    assert cli("apply", plan_file, "--state", seeded.root, "--auto-approve") == 0, cli.err  # re-reads the secret


def test_missing_secret_is_a_plan_error_naming_the_variable(
    cli: Cli, seeded: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_ADMIN_PASSWORD")
    assert cli("plan", "--state", seeded.root) == 1
    assert re.search(
        r"accounts.yaml:\d+: rows.0.password_hash: environment variable TEST_ADMIN_PASSWORD is not set", cli.err
    )


def test_prune_deletes_undeclared_rows_only_with_the_flag(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    apply(cli, seeded)
    sql(pg_url, seeded.dbname, "INSERT INTO perms (name) VALUES ('stray')")
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0  # without prune, other rows are not ours
    write_seed(seeded, "perms", PERMS.replace("key: [name]", "key: [name]\nprune: true"))
    assert cli("plan", "--state", seeded.root) == 0
    assert "- seed.perms[stray] (destructive: needs --allow-destructive)" in cli.out
    assert cli("apply", "--state", seeded.root, "--auto-approve") == 1
    assert sql(pg_url, seeded.dbname, "SELECT count(*) FROM perms WHERE name = 'stray'") == [(1,)]
    apply(cli, seeded, "--allow-destructive")
    assert sql(pg_url, seeded.dbname, "SELECT count(*) FROM perms WHERE name = 'stray'") == [(0,)]


def test_second_apply_issues_no_insert_update_or_delete(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    apply(cli, seeded)
    sql(
        pg_url,
        seeded.dbname,
        """
        CREATE SCHEMA audit;
        CREATE TABLE audit.writes (tbl text, op text);
        CREATE FUNCTION audit.log() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN INSERT INTO audit.writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
        """
        + "".join(
            f"CREATE TRIGGER log AFTER INSERT OR UPDATE OR DELETE ON {t} FOR EACH STATEMENT"
            " EXECUTE FUNCTION audit.log();"
            for t in ("roles", "perms", "role_perms", "accounts")
        ),
    )
    # The audit triggers are not in the state, so the plan lists them for dropping; --target keeps
    # this apply to the seed rows, which must need nothing.
    seeds = f"postgres.{seeded.dbname}.seed"
    assert cli("apply", "--state", seeded.root, "--auto-approve", "--target", seeds) == 0
    assert "No changes" in cli.out
    assert sql(pg_url, seeded.dbname, "SELECT count(*) FROM audit.writes") == [(0,)]


def test_rows_may_fill_a_column_and_a_reference_the_same_apply_adds(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    apply(cli, seeded)
    added = (
        "          active: boolean\n          seats: smallint\n"
        "          role_id: {type: int, references: {table: roles, column: id}}"
    )
    seeded.write(SCHEMA.replace("          active: boolean", added))
    accounts = ACCOUNTS.format(policy="managed").replace("active: true", "active: true\n    seats: 40\n    role: admin")
    accounts = accounts.replace("secrets:", "references:\n  role: {column: role_id, table: roles, key: name}\nsecrets:")
    write_seed(seeded, "accounts", accounts)
    apply(cli, seeded)  # the live table has neither column when the plan reads its rows
    assert sql(pg_url, seeded.dbname, "SELECT a.seats, r.name FROM accounts a JOIN roles r ON r.id = a.role_id") == [
        (40, "admin")
    ]
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_declared_edit_and_deleted_permission_converge(cli: Cli, seeded: StateDir, pg_url: str) -> None:
    apply(cli, seeded)
    sql(pg_url, seeded.dbname, "DELETE FROM perms WHERE name = 'a.read'")  # cascades to role_perms
    sql(pg_url, seeded.dbname, 'UPDATE accounts SET active = false, settings = \'{"theme": "light"}\'')
    assert cli("plan", "--state", seeded.root, "--no-sql") == 0
    assert "+ seed.perms[a.read]" in cli.out and "+ seed.role_perms[admin, a.read]" in cli.out
    assert "~ seed.accounts[admin@example.org]" in cli.out and "active: 'false' -> 'true'" in cli.out
    apply(cli, seeded)
    assert len(role_perms(pg_url, seeded.dbname)) == 5
    assert cli("drift", "--state", seeded.root, "--fail-on-diff") == 0


def test_seed_failure_rolls_back_the_schema_changes_of_the_same_database(
    cli: Cli, seeded: StateDir, pg_url: str
) -> None:
    apply(cli, seeded)
    # Values are type-checked at plan time; constraints are PostgreSQL's to enforce at apply time.
    schema = SCHEMA.replace("description: text", "description: {type: text, check: \"description <> 'x'\"}")
    seeded.write(schema + "      extra:\n        columns:\n          id: int\n")
    write_seed(seeded, "roles", ROLES + "  - {name: clash, description: x}\n")
    assert cli("apply", "--state", seeded.root, "--auto-approve") == 1
    assert "seed.roles[clash]: PostgreSQL refused" in cli.err and "roles_description_check" in cli.err
    assert sql(
        pg_url, seeded.dbname, "SELECT count(*) FROM pg_class WHERE relname IN ('extra', 'roles_description_check')"
    ) == [(0,)]
    assert sql(
        pg_url, seeded.dbname, "SELECT count(*) FROM pg_constraint WHERE conname = 'roles_description_check'"
    ) == [(0,)]


SEED_ERRORS = {
    "value too long": (
        "roles",
        "table: roles\nkey: [name]\nrows:\n  - {name: this-name-is-far-too-long-for-twenty}\n",
        4,
        "rows.0.name: PostgreSQL rejects this value: value too long",
    ),
    "unknown enum label": (
        "accounts",
        ACCOUNTS.format(policy="managed").replace("tier: pro", "tier: platinum"),
        9,
        "rows.0.tier: PostgreSQL rejects this value: invalid input value for enum tier",
    ),
    "precision lost": (
        "accounts",
        ACCOUNTS.format(policy="managed").replace('price: "12.50"', "price: 12.345"),
        10,
        "rows.0.price: 12.345 would be stored as '12.35' in a numeric(10,2) column",
    ),
    "number for text": (
        "roles",
        "table: roles\nkey: [name]\nrows:\n  - {name: admin, description: 100.00}\n",
        4,
        "rows.0.description: text column needs a string: YAML reads this as float 100.0; quote it",
    ),
    "key not unique": (
        "roles",
        "table: roles\nkey: [description]\nrows:\n  - {name: admin, description: x}\n",
        2,
        "key ['description'] is not backed by a primary key or unique constraint",
    ),
    "unknown column": (
        "roles",
        "table: roles\nkey: [name]\nrows:\n  - {name: admin, colour: red}\n",
        4,
        "rows.0.colour: 'colour' is neither a column of 'roles' nor a declared reference",
    ),
    "secret in clear": (
        "accounts",
        ACCOUNTS.format(policy="managed").replace("${env:TEST_ADMIN_PASSWORD}", "hunter2"),
        7,
        "is declared secret: write its value as ${env:NAME}",
    ),
    "secret in key": (
        "accounts",
        ACCOUNTS.format(policy="managed").replace("email: admin@example.org", "email: ${env:TEST_ADMIN_PASSWORD}"),
        7,
        "rows.0.email: key field 'email' cannot be a secret: key values are part of every address",
    ),
    "key declared secret": (
        "accounts",
        ACCOUNTS.format(policy="managed").replace("  password_hash: argon2", "  password_hash: argon2\n  email: plain"),
        6,
        "secrets.email: key field 'email' cannot be a secret",
    ),
    "duplicate key": (
        "roles",
        ROLES + "  - {name: admin, description: Again}\n",
        6,
        "key ['admin'] is already declared on line 4",
    ),
    "dangling reference": (
        "role_perms",
        ROLE_PERMS + "  - {role: ghost, perm: a.read}\n",
        9,
        "rows.2.role: roles row with name = 'ghost' is neither seeded nor in the database",
    ),
    "bad selector": (
        "role_perms",
        ROLE_PERMS + "  - {role: admin, perm: {match: 'zzz.*'}}\n",
        9,
        "selector ['zzz.*'] matches no declared perms row",
    ),
    "not null missing": (
        "accounts",
        "table: accounts\nkey: [email]\nrows:\n  - {email: x@example.org}\n",
        4,
        "row does not set 'password_hash', which is NOT NULL without a default",
    ),
}


@pytest.mark.parametrize("case", sorted(SEED_ERRORS))
def test_seed_errors_name_file_line_and_value_and_apply_nothing(
    case: str, cli: Cli, seeded: StateDir, pg_url: str
) -> None:
    table, body, line, message = SEED_ERRORS[case]
    write_seed(seeded, table, body)
    assert cli("apply", "--state", seeded.root, "--auto-approve") == 1
    assert f"state/seeds/{seeded.dbname}/{table}.yaml:{line}:" in cli.err, cli.err
    assert message in re.sub(r"\s+", " ", cli.err), cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{seeded.dbname}'") == [(0,)]


def test_a_secret_the_server_rejects_is_masked_in_the_error(
    cli: Cli, seeded: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL quotes the rejected input ("invalid input syntax for type numeric: ..."); the value is masked."""
    monkeypatch.setenv("TEST_PRICE", "s3cret-price-value")
    body = ACCOUNTS.format(policy="managed").replace('price: "12.50"', "price: ${env:TEST_PRICE}")
    write_seed(seeded, "accounts", body)
    assert cli("plan", "--state", seeded.root) == 1
    assert "rows.0.price: PostgreSQL rejects this value: invalid input syntax for type numeric" in cli.err, cli.err
    assert "(sensitive)" in cli.err
    assert "s3cret-price-value" not in cli.out + cli.err


def test_an_argon2_hash_too_long_for_its_column_is_refused_without_hashing(
    cli: Cli, seeded: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan stages a hash of the real one's shape (hashing costs 0.2 s); the column check is the same."""

    def hashed(secret: str) -> str:
        raise AssertionError("a plan hashed a password")

    monkeypatch.setattr("reconciler.secrets.hash_password", hashed)
    seeded.write(SCHEMA.replace("password_hash: {type: varchar(255)", "password_hash: {type: varchar(96)"))
    assert cli("plan", "--state", seeded.root) == 1
    assert "rows.0.password_hash: PostgreSQL rejects this value: value too long for type character varying(96)" in (
        re.sub(r"\s+", " ", cli.err)
    ), cli.err
    seeded.write(SCHEMA.replace("password_hash: {type: varchar(255)", "password_hash: {type: varchar(97)"))
    assert cli("plan", "--state", seeded.root) == 0, cli.err


def test_saved_plan_is_stale_when_a_planned_row_changed(
    cli: Cli, seeded: StateDir, pg_url: str, tmp_path: Path
) -> None:
    apply(cli, seeded)
    sql(pg_url, seeded.dbname, "UPDATE roles SET description = 'edited' WHERE name = 'reader'")
    plan_file = tmp_path / "rows.json"
    assert cli("plan", "--state", seeded.root, "--out", plan_file) == 0
    sql(pg_url, seeded.dbname, "UPDATE roles SET description = 'edited again' WHERE name = 'reader'")
    assert cli("apply", plan_file, "--state", seeded.root, "--auto-approve") == 1
    assert f"postgres.{seeded.dbname}.seed.roles[reader]" in cli.err and "stale" in cli.err
    assert sql(pg_url, seeded.dbname, "SELECT description FROM roles WHERE name = 'reader'") == [("edited again",)]


def write_csv(state: StateDir, name: str, text: str) -> Path:
    path = state.root / "seeds" / state.dbname / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_rows_from_a_csv_file_apply_and_converge(
    cli: Cli, seeded: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Header = row fields; empty cell = NULL; references and ${env:} secrets as in YAML rows."""
    write_seed(seeded, "roles", "table: roles\nkey: [name]\nrows_from: roles.csv\n")
    write_csv(seeded, "roles.csv", 'name,description\nadmin,"Everything, really"\nreader,\n')
    write_seed(seeded, "role_perms", ROLE_PERMS.split("rows:")[0] + "rows_from: role_perms.csv\n")
    write_csv(seeded, "role_perms.csv", "role,perm\nadmin,a.read\nadmin,a.write\nreader,a.read\n")
    monkeypatch.setenv("SECOND_PASSWORD", "second")
    write_seed(seeded, "accounts", ACCOUNTS.format(policy="managed").split("rows:")[0] + "rows_from: accounts.csv\n")
    write_csv(
        seeded,
        "accounts.csv",
        "email,password_hash,tier,price,active\n"
        "admin@example.org,${env:TEST_ADMIN_PASSWORD},pro,12.50,true\n"
        "second@example.org,${env:SECOND_PASSWORD},,,false\n",
    )
    apply(cli, seeded)
    assert sql(pg_url, seeded.dbname, "SELECT name, description FROM roles ORDER BY name") == [
        ("admin", "Everything, really"),
        ("reader", None),
    ]
    assert role_perms(pg_url, seeded.dbname) == [("admin", "a.read"), ("admin", "a.write"), ("reader", "a.read")]
    assert sql(pg_url, seeded.dbname, "SELECT email, tier::text, price, active FROM accounts ORDER BY email") == [
        ("admin@example.org", "pro", Decimal("12.50"), True),
        ("second@example.org", None, None, False),  # an empty cell declares NULL, not the column default
    ]
    assert cli("plan", "--state", seeded.root, "--detailed-exitcode") == 0, cli.out
    assert "second" not in cli.out


CSV_ERRORS = {
    "values-for-columns": ("name,description\nadmin,x,extra\n", 2, "3 values for 2 columns"),
    "key-twice": ("name,description\nadmin,x\nreader,y\nadmin,z\n", 4, "key ['admin'] is already declared on line 2"),
    "unknown-column": ("name,colour\nadmin,red\n", 2, "colour: 'colour' is neither a column of 'roles'"),
    "header-twice": ("name,name\nadmin,x\n", 1, "name: this column is named twice in the header"),
    "no-rows": ("name,description\n", None, "the file holds no rows"),
    "not-utf8": ("name\nadmin\xff\n".encode("latin-1").decode("latin-1"), None, "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CSV_ERRORS))
def test_csv_rows_errors_name_the_csv_file_and_line(cli: Cli, seeded: StateDir, pg_url: str, case: str) -> None:
    text, line, message = CSV_ERRORS[case]
    write_seed(seeded, "roles", "table: roles\nkey: [name]\nrows_from: roles.csv\n")
    path = write_csv(seeded, "roles.csv", "")
    path.write_bytes(text.encode("latin-1") if case == "not-utf8" else text.encode())
    assert cli("plan", "--state", seeded.root) == 1
    where = f"state/seeds/{seeded.dbname}/roles.csv" + (f":{line}:" if line else "")
    assert where in cli.err and message in cli.err, cli.err
    assert "Traceback" not in cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{seeded.dbname}'") == [(0,)]


@pytest.mark.parametrize(
    ("rows_from", "message"),
    [
        ("../../../../etc/passwd.csv", "write a path relative to the seed file's folder"),
        ("/etc/hosts.csv", "write a path relative to the seed file's folder"),
        ("roles.txt", "rows_from names a .csv file"),
        ("missing.csv", "no such file next to roles.yaml"),
        ("outside.csv", "leads out of the state directory"),
    ],
)
def test_rows_from_cannot_read_outside_the_state_directory(
    cli: Cli, seeded: StateDir, tmp_path: Path, rows_from: str, message: str
) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text("name\nadmin\n")
    (seeded.root / "seeds" / seeded.dbname / "outside.csv").symlink_to(outside)
    write_seed(seeded, "roles", f"table: roles\nkey: [name]\nrows_from: {rows_from}\n")
    assert cli("validate", "--state", seeded.root) == 1
    assert f"state/seeds/{seeded.dbname}/roles.yaml:3: rows_from: " in cli.err and message in cli.err, cli.err


def test_rows_and_rows_from_are_exclusive(cli: Cli, seeded: StateDir) -> None:
    write_seed(seeded, "roles", ROLES + "rows_from: roles.csv\n")
    assert cli("validate", "--state", seeded.root) == 1
    assert "declare the rows either in `rows` or in a CSV file named by `rows_from`" in cli.err, cli.err
