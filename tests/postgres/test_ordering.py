"""Round trips whose statements only succeed in dependency order.

Each scenario is one that failed with the phase order alone: a foreign key
before the unique index it needs, a view before the view it reads, a table
dropped while a foreign key still points at it, a view replaced while other
views read it. Same contract as test_roundtrip: apply A, declare B, apply,
then the plan is empty and the live catalog equals B applied to an empty
database. Names are chosen so that name order is the wrong order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir
from tests.postgres.test_roundtrip import Scenario, reference_db, run_round_trip

__all__ = ["reference_db"]  # the fixture, used by name below


def schema(body: str) -> str:
    """A public schema whose body is YAML indented for the schema level (tables:, views:, ...)."""
    lines = body.strip("\n").splitlines()
    margin = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "schemas:\n  public:\n" + "\n".join("    " + line[margin:] for line in lines) + "\n"


ITEMS = """
tables:
  items:
    columns:
      id: {type: serial, primary_key: true}
      name: text
      qty: int
"""

# A foreign key whose target columns are unique only through a unique index declared under `indexes:`.
FK_TO_UNIQUE_INDEX = schema(
    """
tables:
  a_orders:
    columns:
      id: {type: serial, primary_key: true}
      account_code: {type: text, references: z_accounts(code)}
  z_accounts:
    columns:
      id: {type: serial, primary_key: true}
      code: {type: text, nullable: false}
    indexes:
      z_accounts_code: {unique: true, columns: [code]}
"""
)

VIEW_OVER_VIEW = schema(
    ITEMS
    + """
views:
  a_report:
    query: SELECT name, total FROM z_totals WHERE total > 0
  z_totals:
    query: SELECT name, sum(qty) AS total FROM items GROUP BY name
"""
)

# The view read by the other sorts first: dropping in name order drops it while still read.
VIEW_UNDER_VIEW = schema(
    ITEMS
    + """
views:
  a_totals:
    query: SELECT name, sum(qty) AS total FROM items GROUP BY name
  z_report:
    query: SELECT name, total FROM a_totals WHERE total > 0
"""
)

PARENT_AND_CHILD = """
tables:
  a_parent:
    columns:
      id: {type: serial, primary_key: true}
      code: {type: text, unique: true}
  b_child:
    columns:
      id: {type: serial, primary_key: true}
      parent_code: {type: text, references: a_parent(code)}
"""

PARENT_ONLY_WITHOUT_KEY = """
tables:
  a_parent:
    columns:
      id: {type: serial, primary_key: true}
      code: text
"""


def totals_view(expression: str) -> str:
    return schema(
        ITEMS
        + f"""
views:
  z_totals:
    query: SELECT name, {expression} AS total FROM items GROUP BY name
  a_report:
    query: SELECT name, total FROM z_totals WHERE total IS NOT NULL
  b_top:
    query: SELECT name FROM a_report ORDER BY total DESC LIMIT 3
"""
    )


def answer_function(returns: str, body: str) -> str:
    return schema(
        ITEMS
        + f"""
functions:
  z_answer:
    returns: {returns}
    language: sql
    body: {body}
views:
  a_answers:
    query: SELECT z_answer() AS answer
"""
    )


def doubled_function(parameter: str) -> str:
    """A function with one named parameter, used by a view (renaming the parameter needs DROP and CREATE)."""
    return schema(
        ITEMS
        + f"""
functions:
  z_doubled:
    arguments: {parameter} integer
    returns: integer
    language: sql
    volatility: immutable
    body: SELECT {parameter} * 2
views:
  a_doubled:
    query: SELECT id, z_doubled(qty) AS doubled FROM items
"""
    )


# A column default that uses a standalone sequence declared in the same state (sorted after the table).
DEFAULT_FROM_SEQUENCE = schema(
    """
sequences:
  z_ticket_numbers: {start: 100}
tables:
  a_tickets:
    columns:
      id: {type: serial, primary_key: true}
      number: {type: bigint, default: "nextval('z_ticket_numbers')"}
"""
)

ROW_TYPE_FUNCTION = schema(
    ITEMS
    + """
functions:
  a_item_label:
    arguments: item items
    returns: text
    language: sql
    volatility: stable
    body: SELECT item.name || ' x' || item.qty
"""
)

SQL_FUNCTION_READING_TABLE = schema(
    ITEMS
    + """
functions:
  a_item_count:
    returns: bigint
    language: sql
    volatility: stable
    body: SELECT count(*) FROM items
"""
)


def two_enums(column_type: str) -> str:
    return schema(
        f"""
enums:
  mood: [happy, sad]
  feeling: [sad, happy, calm]
tables:
  items:
    columns:
      id: {{type: serial, primary_key: true}}
      state: {column_type}
"""
    )


SERIAL_COLUMN = schema(ITEMS.replace("qty: int", "ticket: serial"))
# The serial's sequence, kept on its own while the column that owned it goes.
SEQUENCE_KEPT_COLUMN_DROPPED = schema(
    ITEMS.replace("      qty: int\n", "") + "sequences:\n  items_ticket_seq: {type: integer, start: 1}\n"
)

# Two schemas with an `accounts` table; billing.invoices names its own schema's one, unqualified.
TWO_ACCOUNTS = """
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {type: serial, primary_key: true}
  billing:
    tables:
      accounts:
        columns:
          id: {type: serial, primary_key: true}
      invoices:
        columns:
          id: {type: serial, primary_key: true}
          account_id: {type: int, references: accounts(id)}
"""

SCENARIOS = [
    Scenario("fk-after-the-unique-index-it-references", "schemas: {public: {}}", FK_TO_UNIQUE_INDEX),
    Scenario("view-created-after-the-view-it-reads", schema(ITEMS), VIEW_OVER_VIEW),
    Scenario("view-dropped-before-the-view-it-reads", VIEW_UNDER_VIEW, schema(ITEMS)),
    Scenario("tables-dropped-referencing-first", schema(PARENT_AND_CHILD), "schemas: {public: {}}"),
    Scenario(
        "unique-key-dropped-after-the-table-whose-fk-uses-it", schema(PARENT_AND_CHILD), schema(PARENT_ONLY_WITHOUT_KEY)
    ),
    Scenario(
        "view-replaced-under-dependent-views",
        totals_view("sum(qty)"),
        totals_view("sum(qty)::bigint * 2"),
        "INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 2)",
        "SELECT count(*) = 2 FROM b_top",
    ),
    Scenario(
        "function-replaced-under-a-dependent-view",
        answer_function("integer", "SELECT 42"),
        answer_function("bigint", "SELECT 42::bigint"),
        check="SELECT answer = 42 FROM a_answers",
    ),
    Scenario(
        "function-parameter-renamed-under-a-dependent-view",
        doubled_function("amount"),
        doubled_function("quantity"),
        "INSERT INTO items (name, qty) VALUES ('a', 21)",
        "SELECT doubled = 42 FROM a_doubled",
    ),
    Scenario(
        "default-using-a-sequence-declared-in-the-same-state",
        "schemas: {public: {}}",
        DEFAULT_FROM_SEQUENCE,
        check="SELECT pg_get_expr(adbin, adrelid) LIKE 'nextval(''z_ticket_numbers''%' FROM pg_attrdef"
        " WHERE adrelid = 'a_tickets'::regclass AND adnum = 2",
    ),
    Scenario("function-over-a-table-row-type", "schemas: {public: {}}", ROW_TYPE_FUNCTION),
    Scenario("sql-function-reading-a-table", "schemas: {public: {}}", SQL_FUNCTION_READING_TABLE),
    Scenario(
        "column-from-one-enum-to-another",
        two_enums("mood"),
        two_enums("feeling"),
        "INSERT INTO items (state) VALUES ('happy'), ('sad')",
        "SELECT array_agg(state::text ORDER BY id) = '{happy,sad}' FROM items",
    ),
    Scenario(
        "sequence-kept-when-the-column-owning-it-goes",
        SERIAL_COLUMN,
        SEQUENCE_KEPT_COLUMN_DROPPED,
        "INSERT INTO items (name) VALUES ('a'), ('b')",
        "SELECT nextval('items_ticket_seq') = 3",
    ),
    Scenario(
        "unqualified-reference-to-its-own-schema",
        "schemas: {public: {}, billing: {}}",
        TWO_ACCOUNTS,
        check="SELECT confrelid = 'billing.accounts'::regclass FROM pg_constraint"
        " WHERE conname = 'invoices_account_id_fkey'",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_dependency_order(
    scenario: Scenario, cli: Cli, state: StateDir, pg_url: str, reference_db: str, tmp_path: Path
) -> None:
    run_round_trip(scenario, cli, state, pg_url, reference_db, tmp_path)


def test_a_replaced_view_says_which_dependents_it_drops_and_recreates(cli: Cli, state: StateDir) -> None:
    state.write(totals_view("sum(qty)"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(totals_view("sum(qty)::bigint * 2"))
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.err
    changes = {c["address"].split(".", 2)[2]: c for c in json.loads(cli.out)["changes"]}
    assert list(changes) == ["view.z_totals"]
    replace = changes["view.z_totals"]
    assert replace["detail"][-2:] == [
        "drops and re-creates view public.a_report, which depends on it",
        "drops and re-creates view public.b_top, which depends on it",
    ]
    assert "dependent_objects" in [h["code"] for h in replace["hazards"]]
    assert [s["sql"].split(" AS")[0] for s in replace["statements"]] == [
        "DROP VIEW public.b_top",
        "DROP VIEW public.a_report",
        "DROP VIEW public.z_totals",
        "CREATE VIEW public.z_totals",
        "CREATE VIEW public.a_report",
        "CREATE VIEW public.b_top",
    ]
