"""The dependency graph names a table's members as the rest of the differ does (member_id), each needing its table."""

from __future__ import annotations

from reconciler.postgres.connection import connect
from reconciler.postgres.dependencies import DependencyGraph, table_id, table_members
from reconciler.postgres.normalize import normalize
from tests.conftest import StateDir
from tests.postgres.test_normalization_units import loaded, locator

STATE = """
schemas:
  public:
    functions:
      touch:
        returns: trigger
        language: plpgsql
        body: BEGIN RETURN NEW; END
    tables:
      "Odd Name":
        columns:
          id: {type: integer, primary_key: true}
          "Mixed Case": {type: text, check: "length(\\"Mixed Case\\") < 10"}
          total: integer
        indexes:
          odd_total: {columns: [total]}
        triggers:
          touched: {timing: before, events: [update], function: touch}
        row_level_security: {enabled: true}
        policies:
          readers: {command: select, using: "true"}
        rules:
          keep: {event: delete, instead: true}
        statistics:
          odd_stats: {columns: [id, total]}
"""


def test_every_member_of_a_table_needs_the_table(state: StateDir, pg_url: str) -> None:
    state.write(STATE)
    db = loaded(state.root)
    with connect(pg_url, "postgres") as conn:
        desired, _ = normalize(conn, db.spec, locator(db))
    [table] = desired.tables.values()
    members = table_members(table)[1:]
    kinds = {member.split(":")[0] for member in members}
    assert kinds == {"column", "constraint", "index", "trigger", "policy", "rule", "statistics"}, members
    graph = DependencyGraph(desired)
    assert all(table_id(table) in graph.needs[member] for member in members), graph.needs
    assert set(members) <= graph.needed_by[table_id(table)]
