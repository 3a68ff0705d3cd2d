"""Round trips of issue 15's changes: online changes, renames, `using:` and data steps, from A to B.

Each scenario goes through test_roundtrip.run_round_trip (apply A, load rows,
declare B, apply: converged, drift clean, the catalog equal to B applied to
an empty database, the rows kept), and then through an export: the exported
files plan "No changes". So an online apply leaves nothing half done behind
(no NOT VALID constraint, no helper check, no INVALID index), a rename leaves
exactly what B declares, and what `renamed_from`, `using` and `steps` add to a
state file (a change, not a state) never makes an export differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools import load_writer
from tests.conftest import Cli, StateDir
from tests.postgres.test_export import assert_round_trip, export
from tests.postgres.test_roundtrip import (
    BASE,
    ROWS,
    Scenario,
    enum,
    reference_db,
    run_round_trip,
    sequence,
    table,
    view,
)

__all__ = ["reference_db"]  # the fixture, used by name below

EVENTS = (
    "INSERT INTO accounts SELECT g, 'a' || g FROM generate_series(1, 10) g;"
    " INSERT INTO events (account_id, amount, note, legacy_code)"
    " SELECT 1 + g % 10, g, 'n' || g, 'c' || g FROM generate_series(1, 500) g"
)
EVENTS_KEPT = "SELECT count(code) = 500 AND sum(amount) = 125250 FROM events"
QTY = BASE + "\nqty: text"
BACKFILL = """
steps:
  - name: fill-label
    when: after
    sql: UPDATE items SET label = upper(name) WHERE label IS NULL
"""

SCENARIOS = [
    Scenario(
        "online-index-fk-check-not-null-rename",
        load_writer.TABLES_BEFORE,
        load_writer.TABLES_AFTER,
        EVENTS,
        EVENTS_KEPT,
    ),
    Scenario(
        "online-false-index-fk-check-not-null-rename",
        load_writer.TABLES_BEFORE,
        "online: false\n" + load_writer.TABLES_AFTER,
        EVENTS,
        EVENTS_KEPT,
    ),
    Scenario(
        "rename-column-and-its-index",
        table(BASE, "indexes:\n  items_name: [name]"),
        table(
            "id: {type: serial, primary_key: true}\ntitle: {type: varchar(50), renamed_from: name}",
            "indexes:\n  items_title: {columns: [title], renamed_from: items_name}",
        ),
        ROWS,
        "SELECT string_agg(title, ',' ORDER BY id) = 'a,b,c' FROM items",
    ),
    Scenario(
        "rename-column-with-using",
        table(QTY),
        table(BASE + "\namount: {type: int, renamed_from: qty, using: \"nullif(trim(amount), '')::int\"}"),
        "INSERT INTO items (name, qty) VALUES ('a', ' 7 '), ('b', ''), ('c', '35')",
        "SELECT count(amount) = 2 AND sum(amount) = 42 FROM items",
    ),
    Scenario(
        "rename-view",
        view("SELECT id, name FROM items"),
        view("SELECT id, name FROM items").replace(
            "      item_names:\n", "      names_of_items:\n        renamed_from: item_names\n"
        ),
        ROWS,
        "SELECT count(*) = 3 FROM names_of_items",
    ),
    Scenario(
        "rename-sequence",
        sequence("start: 100"),
        sequence("start: 100, renamed_from: ticket").replace("ticket:", "ticket_number:"),
        "SELECT nextval('ticket'), nextval('ticket')",
        "SELECT nextval('ticket_number') = 102",
    ),
    Scenario(
        "rename-enum-value",
        enum("happy, sad"),
        enum("happy, {name: unhappy, renamed_from: sad}"),
        "INSERT INTO items (feeling) VALUES ('happy'), ('sad')",
        "SELECT string_agg(feeling::text, ',' ORDER BY id) = 'happy,unhappy' FROM items",
    ),
    Scenario(
        "data-step-after-new-column",
        table(BASE),
        table(BASE + "\nlabel: varchar(50)") + BACKFILL,
        ROWS,
        "SELECT string_agg(label, ',' ORDER BY id) = 'A,B,C' FROM items",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_round_trip_then_export_plans_no_changes(
    scenario: Scenario, cli: Cli, state: StateDir, pg_url: str, reference_db: str, tmp_path: Path
) -> None:
    run_round_trip(scenario, cli, state, pg_url, reference_db, tmp_path)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err  # a re-run changes nothing
    assert "No changes" in cli.out, cli.out
    export(tmp_path / "out", databases=[state.dbname])
    assert_round_trip(cli, tmp_path / "out")
