"""The server compares staged seed rows with the live ones, and plans exactly what the Python comparison plans.

When the schema has nothing to change, seeds.on_live stages the declared rows against the live tables and
one query returns only the rows that need a look: a value whose stored text is not its declared text, a row
that differs from its live row or has none, and (prune) a live row no declared row has. Each case here runs
both ways, the server's and Python's (every row read back, as the trial does), and the plans or the errors
must be equal; the rows the server sent back are checked too, so the cheap way is known to be the one taken.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from reconciler.errors import StateError
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.seeds import on_live, stage
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_seeds import ROLE_PERMS, apply, seed_state, write_seed

SCHEMA = """
schemas:
  public:
    enums:
      mood: [calm, loud]
    domains:
      yes_no: {type: boolean}
    tables:
      kinds:
        columns:
          code: {type: text, primary_key: true}
          fixed: char(5)
          cents: numeric(10,2)
          anynum: numeric
          ratio: float8
          single: real
          flag: boolean
          agreed: yes_no
          doc: jsonb
          raw: json
          note: text
          addr: inet
          at: timestamptz
          day: date
          n: int
          mood: mood
          tags: text[]
"""

COLUMNS = ["fixed", "cents", "anynum", "ratio", "single", "flag", "agreed", "doc", "raw", "note", "addr", "at"]
COLUMNS += ["day", "n", "mood", "tags"]

# Every value as PostgreSQL gives its text back: the server vouches for it, the row never comes back.
PLAIN = {
    "fixed": "abcde",
    "cents": '"1.50"',
    "anynum": '"2"',
    "ratio": "0.5",
    "single": "0.25",
    "flag": "true",
    "agreed": "null",
    "doc": "{k: v, n: [1, 2]}",
    "raw": """'{"k": 1}'""",
    "note": "hello",
    "addr": "null",
    "at": '"2024-01-01 00:00:00+00"',
    "day": "null",
    "n": "3",
    "mood": "calm",
    "tags": '"{a,b}"',
}
# Stored as declared, but not in the declared text (or of a class only Python checks): it comes back.
ODD = {
    "cents": "1.5",
    "anynum": '"2.0"',
    "ratio": "1",
    "flag": '"t"',
    "agreed": "true",
    "doc": """'{"b":1, "a":2}'""",
    "addr": '"10.0.0.1"',
    "at": '"2024-01-01T00:00:00Z"',
}
NULLS = {c: "null" for c in COLUMNS}
DATED = {**PLAIN, "day": "2024-01-02"}


def _row(code: str, values: dict[str, str]) -> str:
    return "  - {" + ", ".join([f"code: {code}", *(f"{c}: {values.get(c, PLAIN[c])}" for c in COLUMNS)]) + "}"


def _seed(rows: dict[str, dict[str, str]], prune: bool = False) -> str:
    head = ["table: kinds", "key: [code]", *(["prune: true"] if prune else []), "rows:"]
    return "\n".join([*head, *(_row(code, values) for code, values in rows.items())]) + "\n"


ROWS = {"plain": PLAIN, "plain2": {**PLAIN, "note": "other"}, "odd": ODD, "nulls": NULLS, "dated": DATED}


@pytest.fixture
def kinds(cli: Cli, state: StateDir) -> StateDir:
    """The rows applied, so that the closing plan records the normalized schema: plans stage on live tables."""
    state.write(SCHEMA)
    write_seed(state, "kinds", _seed(ROWS))
    apply(cli, state)
    return state


@pytest.fixture
def returned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The keys of the declared rows the server sent back, in every plan from now on."""
    codes: list[str] = []
    take = stage.take_records

    def spied(normalized: Any, records: list[Any]) -> None:
        seed = normalized.seed
        codes.extend(", ".join(seed.key_of(seed.rows[record[0]])) for record in records)
        take(normalized, records)

    monkeypatch.setattr(on_live, "take_records", spied)
    yield codes


def _both_ways(state: StateDir, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The seed changes (or StateError issues) planned by the server's comparison, then by Python's."""

    def planned() -> Any:
        try:
            changes = PostgresBackend(state.root).plan(state.root).changes
        except StateError as exc:
            return [(i.file, i.line, i.field, i.message) for i in exc.issues]
        return [(c.address, c.action, c.before, c.after, [s.sql for s in c.statements]) for c in changes]

    on_server = planned()
    with monkeypatch.context() as python_only:
        python_only.setattr(on_live, "compared_on_server", lambda *args: False)
        return on_server, planned()


def test_a_converged_table_sends_back_only_rows_whose_text_is_not_the_declared_one(
    kinds: StateDir, returned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    on_server, in_python = _both_ways(kinds, monkeypatch)
    assert on_server == in_python == []
    assert sorted(returned) == ["dated", "odd"]  # the Python run sends none back: it reads every row


def test_live_edits_deletes_and_new_declared_rows_plan_as_in_python(
    kinds: StateDir, pg_url: str, returned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sql(pg_url, kinds.dbname, "UPDATE kinds SET note = 'edited live', fixed = 'zzzzz' WHERE code = 'plain'")
    sql(pg_url, kinds.dbname, "UPDATE kinds SET doc = '{\"k\": \"w\"}', tags = '{}' WHERE code = 'plain2'")
    sql(pg_url, kinds.dbname, "DELETE FROM kinds WHERE code = 'nulls'")
    sql(pg_url, kinds.dbname, "UPDATE kinds SET note = 'not null' WHERE code = 'odd'")
    sql(pg_url, kinds.dbname, "INSERT INTO kinds (code, note) VALUES ('runtime', 'made by the app')")
    rows = {**ROWS, "dated": {**DATED, "n": "4"}, "new": {**PLAIN, "mood": "loud"}}
    for prune in (False, True):
        write_seed(kinds, "kinds", _seed(rows, prune=prune))
        returned.clear()
        on_server, in_python = _both_ways(kinds, monkeypatch)
        assert on_server == in_python
        changed = sorted(address.split("[")[1].rstrip("]") for address, *_ in on_server)
        expected = ["dated", "new", "nulls", "odd", "plain", "plain2"] + (["runtime"] if prune else [])
        assert changed == sorted(expected)
        assert sorted(returned) == ["dated", "new", "nulls", "odd", "plain", "plain2"]


@pytest.mark.parametrize(
    ("column", "value", "stored"),
    [
        ("cents", '"0.001"', "'0.00'"),  # rounded to the scale
        ("fixed", "ab", "'ab'"),  # padded to the length: char(n)'s cast to text drops the padding again
        ("doc", """'"quoted"'""", """'"quoted"'"""),  # a JSON string equal to its declared text, quotes and all
        ("single", "16777217", "'1.6777216e+07'"),  # beyond real's precision
    ],
)
def test_a_value_stored_otherwise_is_refused_as_in_python(
    kinds: StateDir, monkeypatch: pytest.MonkeyPatch, returned: list[str], column: str, value: str, stored: str
) -> None:
    write_seed(kinds, "kinds", _seed({**ROWS, "plain": {**PLAIN, column: value}}))
    on_server, in_python = _both_ways(kinds, monkeypatch)
    assert on_server == in_python
    assert len(on_server) == 1, on_server
    _, line, field, message = on_server[0]
    assert (line, field) == (4, f"rows.0.{column}")
    assert f"would be stored as {stored}" in message
    assert "plain" in returned


def test_rows_keyed_by_references_plan_as_in_python(
    cli: Cli, state: StateDir, pg_url: str, returned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """role_perms is keyed by two references; accounts keeps its argon2 secret, so Python compares its rows."""
    apply(cli, seed_state(state, monkeypatch))
    assert _both_ways(state, monkeypatch) == ([], [])
    assert returned == []

    sql(pg_url, state.dbname, "DELETE FROM role_perms WHERE role_id = (SELECT id FROM roles WHERE name = 'reader')")
    sql(pg_url, state.dbname, "UPDATE roles SET description = 'Edited' WHERE name = 'admin'")
    write_seed(state, "role_perms", ROLE_PERMS.replace("key: [role, perm]", "key: [role, perm]\nprune: true"))
    on_server, in_python = _both_ways(state, monkeypatch)
    assert on_server == in_python
    changed = sorted(address.split(".seed.")[1] for address, *_ in on_server)
    assert changed == ["role_perms[reader, a.read]", "role_perms[reader, b.read]", "roles[admin]"]
    assert sorted(returned) == ["admin", "reader, a.read", "reader, b.read"]


NAMED_LIKE_STAGING = """
schemas:
  public:
    tables:
      owners:
        columns:
          id: {type: serial, primary_key: true}
          k0: {type: text, nullable: false, unique: true}
      items:
        columns:
          o: {type: int, primary_key: true}
          _ord: text
          c0: text
          d0: text
          p: text
          _ref_k0: text
          owner_id: {type: int, references: {table: owners, column: id}}
"""


def test_columns_named_like_the_staging_columns_are_staged_and_compared(
    cli: Cli, state: StateDir, pg_url: str, returned: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging table names its columns by position: a table's own names never meet them (hostile input)."""
    state.write(NAMED_LIKE_STAGING)
    write_seed(state, "owners", "table: owners\nkey: [k0]\nrows:\n  - {k0: first}\n  - {k0: second}\n")
    items = "table: items\nkey: [o]\nreferences:\n  k0: {column: owner_id, table: owners, key: k0}\nrows:\n"
    rows = [f"  - {{o: {n}, _ord: a{n}, c0: b{n}, d0: c{n}, p: d{n}, _ref_k0: e{n}, k0: first}}\n" for n in (1, 2)]
    write_seed(state, "items", items + "".join(rows))
    apply(cli, state)
    assert _both_ways(state, monkeypatch) == ([], [])
    assert returned == []
    sql(pg_url, state.dbname, "UPDATE items SET d0 = 'edited', owner_id = (SELECT id FROM owners WHERE k0 = 'second')")
    on_server, in_python = _both_ways(state, monkeypatch)
    assert on_server == in_python
    assert [(address.split(".seed.")[1], after) for address, _, _, after, _ in on_server] == [
        (
            f"items[{n}]",
            {
                "o": str(n),
                "_ord": f"a{n}",
                "c0": f"b{n}",
                "d0": f"c{n}",
                "p": f"d{n}",
                "_ref_k0": f"e{n}",
                "k0": "first",
            },
        )
        for n in (1, 2)
    ]
