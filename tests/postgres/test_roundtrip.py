"""Round trips (migra's test corpus): schema A live, schema B declared.

For every scenario: apply A, optionally load rows, declare B, plan (it must
show changes), apply with --allow-destructive, then assert
- the plan is empty and drift exits 0 (convergence),
- the live catalog equals the catalog of B applied to an empty database
  (read with plain SQL, independent of the inspector),
- rows loaded before survive wherever the change is not destructive.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.inventory import inventory


@dataclass(frozen=True)
class Scenario:
    id: str
    a: str
    b: str
    rows: str = ""  # SQL run between A and B
    check: str = ""  # query that must return [(True,)] after B


def table(columns: str, extra: str = "", name: str = "items") -> str:
    """A one-table schema; `columns` and `extra` are YAML fragments indented for a table body."""
    body = f"""
schemas:
  public:
    tables:
      {name}:
        columns:
{_indent(columns, 10)}
"""
    if extra:
        body += _indent(extra, 8) + "\n"
    return body


def _indent(text: str, spaces: int) -> str:
    lines = [line for line in text.strip("\n").splitlines()]
    margin = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(" " * spaces + line[margin:] for line in lines)


BASE = "id: {type: serial, primary_key: true}\nname: varchar(50)"
ROWS = "INSERT INTO items (name) VALUES ('a'), ('b'), ('c')"
KEPT = "SELECT count(*) = 3 FROM items"

PARENT = """
schemas:
  public:
    tables:
      owners:
        columns:
          id: {type: serial, primary_key: true}
      items:
        columns:
          id: {type: serial, primary_key: true}
          owner_id: int
"""

FUNCTION = """
schemas:
  public:
    functions:
      touch:
        returns: trigger
        body: |
          BEGIN
              NEW.changed_at = now();
              RETURN NEW;
          END;
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          name: varchar(50)
          changed_at: timestamptz
"""


def with_trigger(trigger: str) -> str:
    return FUNCTION + f"        triggers:\n          items_touch: {trigger}\n"


def enum(labels: str) -> str:
    return f"""
schemas:
  public:
    enums:
      mood: [{labels}]
    tables:
      items:
        columns:
          id: {{type: serial, primary_key: true}}
          feeling: mood
"""


def sequence(options: str) -> str:
    return f"""
schemas:
  public:
    sequences:
      ticket: {{{options}}}
    tables:
      items:
        columns:
          id: {{type: serial, primary_key: true}}
"""


def function(returns: str, body: str, volatility: str = "volatile") -> str:
    return f"""
schemas:
  public:
    functions:
      answer:
        returns: {returns}
        language: sql
        volatility: {volatility}
        body: {body}
    tables:
      items:
        columns:
          id: {{type: serial, primary_key: true}}
"""


def view(query: str, comment: str = "") -> str:
    text = table(BASE) + f"    views:\n      item_names:\n        query: {query}\n"
    if comment:
        text += f"        comment: {comment}\n"
    return text


SCENARIOS = [
    Scenario("create-table", "schemas: {public: {}}", table(BASE)),
    Scenario("add-column", table(BASE), table(BASE + "\nprice: numeric(10,2)"), ROWS, KEPT),
    Scenario(
        "add-not-null-column-with-default",
        table(BASE),
        table(BASE + "\nqty: {type: int, nullable: false, default: 1}"),
        ROWS,
        "SELECT bool_and(qty = 1) FROM items",
    ),
    Scenario("drop-column", table(BASE + "\nprice: numeric(10,2)"), table(BASE), ROWS, KEPT),
    Scenario("drop-table", table(BASE) + "      gone:\n        columns:\n          id: int\n", table(BASE)),
    Scenario(
        "widen-varchar", table(BASE), table("id: {type: serial, primary_key: true}\nname: varchar(100)"), ROWS, KEPT
    ),
    Scenario("varchar-to-text", table(BASE), table("id: {type: serial, primary_key: true}\nname: text"), ROWS, KEPT),
    Scenario("int-to-bigint", table(BASE + "\nqty: int"), table(BASE + "\nqty: bigint"), ROWS, KEPT),
    Scenario(
        "text-to-int-using-cast",
        table(BASE + "\ncode: text"),
        table(BASE + "\ncode: int"),
        "INSERT INTO items (code) VALUES ('1'), ('22')",
        "SELECT sum(code) = 23 FROM items",
    ),
    Scenario(
        "set-not-null",
        table(BASE),
        table("id: {type: serial, primary_key: true}\nname: {type: varchar(50), nullable: false}"),
        ROWS,
        KEPT,
    ),
    Scenario(
        "drop-not-null",
        table("id: {type: serial, primary_key: true}\nname: {type: varchar(50), nullable: false}"),
        table(BASE),
        ROWS,
        KEPT,
    ),
    Scenario(
        "add-default",
        table(BASE),
        table("id: {type: serial, primary_key: true}\nname: {type: varchar(50), default: \"'x'\"}"),
    ),
    Scenario(
        "change-default",
        table(BASE + "\nat: {type: timestamptz, default: now()}"),
        table(BASE + "\nat: {type: timestamptz, default: \"now() + interval '1 day'\"}"),
    ),
    Scenario("drop-default", table(BASE + "\nqty: {type: int, default: 0}"), table(BASE + "\nqty: int")),
    Scenario(
        "type-change-with-default",
        table(BASE + "\nqty: {type: int, default: 0}"),
        table(BASE + "\nqty: {type: bigint, default: 5}"),
        ROWS,
        KEPT,
    ),
    Scenario(
        "add-identity",
        table("id: {type: int, nullable: false}\nname: text"),
        table("id: {type: int, identity: by default}\nname: text"),
    ),
    Scenario(
        "drop-identity",
        table("id: {type: int, identity: always}\nname: text"),
        table("id: {type: int, nullable: false}\nname: text"),
    ),
    Scenario(
        "identity-always-to-by-default",
        table("id: {type: bigint, identity: always}"),
        table("id: {type: bigint, identity: by default}"),
    ),
    Scenario(
        "add-serial-column",
        table("name: text"),
        table("name: text\nseq: serial"),
        "INSERT INTO items VALUES ('a')",
        "SELECT count(*) = 1 FROM items",
    ),
    Scenario(
        "add-primary-key",
        table("id: {type: int, nullable: false}\nname: text"),
        table("id: {type: int, primary_key: true}\nname: text"),
    ),
    Scenario(
        "drop-primary-key", table("id: {type: int, primary_key: true}"), table("id: {type: int, nullable: false}")
    ),
    Scenario(
        "change-primary-key-columns",
        table("a: {type: int, nullable: false}\nb: {type: int, nullable: false}", "primary_key: [a]"),
        table("a: {type: int, nullable: false}\nb: {type: int, nullable: false}", "primary_key: [a, b]"),
    ),
    Scenario(
        "add-unique-column",
        table(BASE),
        table("id: {type: serial, primary_key: true}\nname: {type: varchar(50), unique: true}"),
        ROWS,
        KEPT,
    ),
    Scenario(
        "drop-unique",
        table("id: {type: serial, primary_key: true}\nname: {type: varchar(50), unique: true}"),
        table(BASE),
    ),
    Scenario(
        "add-multi-column-unique",
        table(BASE + "\nkind: text"),
        table(BASE + "\nkind: text", "unique:\n  - [name, kind]"),
    ),
    Scenario(
        "named-unique-constraint", table(BASE), table(BASE, "unique:\n  - {name: uq_items_name, columns: [name]}")
    ),
    Scenario("add-check", table(BASE + "\nqty: int"), table(BASE + "\nqty: {type: int, check: qty >= 0}"), ROWS, KEPT),
    Scenario(
        "change-check-in-list",
        table(BASE + "\nstate: {type: varchar(10), check: \"state IN ('a', 'b')\"}"),
        table(BASE + "\nstate: {type: varchar(10), check: \"state IN ('a', 'b', 'c')\"}"),
    ),
    Scenario("drop-check", table(BASE + "\nqty: int", "checks: ['qty > 0']"), table(BASE + "\nqty: int")),
    Scenario(
        "add-foreign-key", PARENT, PARENT.replace("owner_id: int", "owner_id: {type: int, references: owners(id)}")
    ),
    Scenario(
        "change-foreign-key-action",
        PARENT.replace("owner_id: int", "owner_id: {type: int, references: owners(id)}"),
        PARENT.replace(
            "owner_id: int", "owner_id: {type: int, references: {table: owners, column: id, on_delete: cascade}}"
        ),
    ),
    Scenario(
        "drop-foreign-key", PARENT.replace("owner_id: int", "owner_id: {type: int, references: owners(id)}"), PARENT
    ),
    Scenario("add-index", table(BASE), table(BASE, "indexes:\n  idx_items_name: [name]"), ROWS, KEPT),
    Scenario(
        "change-index-columns",
        table(BASE + "\nkind: text", "indexes:\n  idx_items_name: [name]"),
        table(BASE + "\nkind: text", "indexes:\n  idx_items_name: [name, kind]"),
    ),
    Scenario(
        "partial-index-predicate",
        table(BASE, "indexes:\n  idx_open: {columns: [name], where: \"name IN ('a', 'b')\"}"),
        table(BASE, "indexes:\n  idx_open: {columns: [name], where: \"name IN ('a', 'b', 'c')\"}"),
    ),
    Scenario(
        "unique-index", table(BASE), table(BASE, "indexes:\n  uq_name_lower: {unique: true, columns: [lower(name)]}")
    ),
    Scenario(
        "gin-expression-index",
        table(BASE + "\ntags: jsonb"),
        table(BASE + "\ntags: jsonb", "indexes:\n  idx_tags: {method: gin, columns: [tags]}"),
    ),
    Scenario(
        "covering-index",
        table(BASE + "\nqty: int"),
        table(BASE + "\nqty: int", "indexes:\n  idx_cover: {columns: [name], include: [qty]}"),
    ),
    Scenario(
        "descending-index",
        table(BASE, "indexes:\n  idx_name: [name]"),
        table(BASE, "indexes:\n  idx_name: [name DESC NULLS LAST]"),
    ),
    Scenario("drop-index", table(BASE, "indexes:\n  idx_items_name: [name]"), table(BASE)),
    Scenario("create-enum", table(BASE), enum("happy, sad")),
    Scenario(
        "enum-add-value-in-the-middle",
        enum("happy, sad"),
        enum("happy, calm, sad"),
        "INSERT INTO items (feeling) VALUES ('sad')",
        "SELECT count(*) = 1 FROM items WHERE feeling = 'sad'",
    ),
    Scenario("drop-enum", enum("happy, sad"), table("id: {type: serial, primary_key: true}")),
    Scenario(
        "enum-column-to-text-then-drop-enum",
        enum("happy, sad"),
        table("id: {type: serial, primary_key: true}\nfeeling: text"),
        "INSERT INTO items (feeling) VALUES ('sad')",
        "SELECT count(*) = 1 FROM items WHERE feeling = 'sad'",
    ),
    Scenario(
        "serial-to-plain-int", table(BASE), table("id: {type: int, primary_key: true}\nname: varchar(50)"), ROWS, KEPT
    ),
    Scenario("create-sequence", table("id: {type: serial, primary_key: true}"), sequence("start: 100")),
    Scenario("alter-sequence", sequence("start: 100"), sequence("start: 100, increment: 5, cache: 10")),
    Scenario("create-function", table("id: {type: serial, primary_key: true}"), function("integer", "SELECT 42")),
    Scenario("change-function-body", function("integer", "SELECT 42"), function("integer", "SELECT 43", "immutable")),
    Scenario("change-function-return-type", function("integer", "SELECT 42"), function("bigint", "SELECT 42::bigint")),
    Scenario("create-trigger", FUNCTION, with_trigger("{timing: before, events: [update], function: touch}")),
    Scenario(
        "change-trigger-when",
        with_trigger("{timing: before, events: [update], function: touch}"),
        with_trigger("{timing: before, events: [insert, update], when: \"NEW.name IN ('a', 'b')\", function: touch}"),
    ),
    Scenario("drop-trigger", with_trigger("{timing: before, events: [update], function: touch}"), FUNCTION),
    Scenario("create-view", table(BASE), view("SELECT id, name FROM items")),
    Scenario(
        "change-view",
        view("SELECT id, name FROM items"),
        view("SELECT id, upper(name) AS name FROM items WHERE name IN ('a', 'b')"),
    ),
    Scenario("view-comment", view("SELECT id FROM items"), view("SELECT id FROM items", "All the ids")),
    Scenario("drop-view", view("SELECT id, name FROM items"), table(BASE)),
    Scenario(
        "table-and-column-comments",
        table(BASE),
        table("id: {type: serial, primary_key: true, comment: The key}\nname: varchar(50)", "comment: Things we sell"),
    ),
    Scenario(
        "add-extension",
        table(BASE),
        "extensions: [pgcrypto]\n"
        + table(BASE + "\ntoken: {type: text, default: \"encode(gen_random_bytes(8), 'hex')\"}"),
    ),
    Scenario(
        "second-schema-with-cross-schema-reference",
        table(BASE),
        table(BASE) + "  billing:\n    tables:\n      invoices:\n        columns:\n"
        "          id: {type: serial, primary_key: true}\n"
        "          item_id: {type: int, references: {schema: public, table: items, column: id}}\n",
    ),
    Scenario("quoted-identifiers", table(BASE), table(BASE + '\n"Order": int\nuser: text', name="Items")),
]


@pytest.fixture
def reference_db(pg_url: str) -> Iterator[str]:
    name = f"r_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def full_inventory(url: str, db: str) -> dict[str, object]:
    return {schema: inventory(url, db, schema) for schema in ("public", "billing")}


Catalog = Callable[[str, str], object]


def run_round_trip(
    scenario: Scenario,
    cli: Cli,
    state: StateDir,
    pg_url: str,
    reference_db: str,
    tmp_path: Path,
    catalog: Catalog = full_inventory,
) -> None:
    """Apply A, load rows, declare B and apply it: converged, and `catalog` equals B built from empty."""
    state.write(scenario.a)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    if scenario.rows:
        sql(pg_url, state.dbname, scenario.rows)

    state.write(scenario.b)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out

    reference = StateDir(tmp_path / "reference", reference_db)
    reference.write(scenario.b)
    assert cli("apply", "--state", reference.root, "--auto-approve") == 0, cli.out + cli.err
    assert catalog(pg_url, state.dbname) == catalog(pg_url, reference_db)
    if scenario.check:
        assert sql(pg_url, state.dbname, scenario.check) == [(True,)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_round_trip(
    scenario: Scenario, cli: Cli, state: StateDir, pg_url: str, reference_db: str, tmp_path: Path
) -> None:
    run_round_trip(scenario, cli, state, pg_url, reference_db, tmp_path)
