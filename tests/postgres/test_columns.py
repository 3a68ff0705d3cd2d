"""Generated columns, identity and sequence options, and enum labels used in the apply that adds them.

Round trips as in test_roundtrip.py (apply A, load rows, declare B, apply;
converged; data kept; live catalog == B applied to an empty database), with an
inventory that also reads what these kinds add: attgenerated, attidentity, the
options of every sequence (identity sequences included) and what owns it.
Then exports of databases holding them must plan "No changes", and SQL text in
the new fields is refused before anything runs.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.inventory import inventory
from tests.postgres.test_export import export
from tests.postgres.test_roundtrip import Scenario, reference_db, run_round_trip, table

__all__ = ["reference_db"]  # the fixture, used by name below

SEQUENCES = """
SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
       s.seqcycle, d.deptype, t.relname, a.attname
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
     AND d.refclassid = 'pg_class'::regclass
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE n.nspname = 'public' ORDER BY 1
"""
COLUMNS = """
SELECT c.relname, a.attname, a.attgenerated, a.attidentity
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2
"""


def catalog(url: str, db: str) -> dict[str, Any]:
    """The reference inventory, plus generation, identity and every sequence's options and owner."""
    return {
        "inventory": inventory(url, db),
        "sequences": sql(url, db, SEQUENCES),
        "columns": sql(url, db, COLUMNS),
    }


ITEMS = "id: {type: serial, primary_key: true}\nprice: numeric(10,2)\nqty: int"
PRICED = "INSERT INTO items (price, qty) VALUES (2.50, 2), (1.00, 3)"


def enum_table(labels: str, column: str = "feeling: mood") -> str:
    return f"""
schemas:
  public:
    enums:
      mood: [{labels}]
    tables:
      items:
        columns:
          id: {{type: serial, primary_key: true}}
          {column}
"""


def with_sequence(options: str, columns: str) -> str:
    return table(columns) + f"    sequences:\n      ticket: {{{options}}}\n"


GENERATED = [
    Scenario(
        "create-table-with-generated-column",
        "schemas: {public: {}}",
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}"),
    ),
    Scenario(
        "add-generated-column",
        table(ITEMS),
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}"),
        PRICED,
        "SELECT bool_and(total = price * qty) AND count(*) = 2 FROM items",
    ),
    Scenario(
        "change-generation-expression-keeps-index-and-check",
        table(
            ITEMS + "\ntotal: {type: numeric, generated: price * qty, check: total >= 0}",
            "indexes:\n  idx_total: [total]",
        ),
        table(
            ITEMS + "\ntotal: {type: numeric, generated: price * qty * 2, check: total >= 0}",
            "indexes:\n  idx_total: [total]",
        ),
        PRICED,
        "SELECT bool_and(total = price * qty * 2) AND count(*) = 2 FROM items",
    ),
    Scenario(
        "change-generation-expression-under-a-view",
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}")
        + "    views:\n      totals:\n        query: SELECT id, total FROM items\n",
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty + 1}")
        + "    views:\n      totals:\n        query: SELECT id, total FROM items\n",
        PRICED,
        "SELECT bool_and(t.total = i.price * i.qty + 1) FROM totals t JOIN items i USING (id)",
    ),
    Scenario(
        "plain-column-made-generated",
        table(ITEMS + "\ntotal: numeric"),
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}"),
        PRICED,
        "SELECT bool_and(total = price * qty) FROM items",
    ),
    Scenario(
        "generated-column-made-plain-keeps-its-values",
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}"),
        table(ITEMS + "\ntotal: numeric"),
        PRICED,
        "SELECT bool_and(total = price * qty) AND count(*) = 2 FROM items",
    ),
    Scenario(
        "generated-column-made-plain-with-a-default",
        table(ITEMS + "\ntotal: {type: numeric, generated: price * qty}"),
        table(ITEMS + "\ntotal: {type: numeric, default: 0}"),
        PRICED,
        "SELECT bool_and(total = price * qty) FROM items",
    ),
    Scenario(
        "generated-column-with-quoted-names-and-in-list",
        table('id: {type: serial, primary_key: true}\n"Kind": varchar(5)'),
        table(
            'id: {type: serial, primary_key: true}\n"Kind": varchar(5)\n'
            "is_ab: {type: boolean, generated: \"\\\"Kind\\\" IN ('a', 'b')\"}"
        ),
    ),
]

IDENTITY = [
    Scenario(
        "add-identity-with-options",
        table("id: {type: int, nullable: false}\nname: text"),
        table("id: {type: int, identity: {generation: always, start: 100, increment: 10, cache: 5}}\nname: text"),
        "INSERT INTO items VALUES (1, 'a'), (150, 'b')",
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) = 160",
    ),
    Scenario(
        "change-identity-options",
        table("id: {type: bigint, identity: by default}"),
        table(
            "id: {type: bigint, identity: {generation: by default, start: 50, increment: 5, min_value: 10,"
            " max_value: 100000, cache: 20, cycle: true}}"
        ),
    ),
    Scenario(
        "identity-options-and-generation-together",
        table("id: {type: int, identity: {generation: always, increment: 3}}"),
        table("id: {type: int, identity: {generation: by default, increment: 7, max_value: 5000}}"),
    ),
    Scenario(
        "identity-options-back-to-defaults",
        table("id: {type: int, identity: {generation: always, start: 9, increment: 3, cycle: true}}"),
        table("id: {type: int, identity: ALWAYS}"),
    ),
    Scenario(
        "identity-column-widened-keeps-options",
        table("id: {type: int, identity: {generation: always, increment: 2}}"),
        table("id: {type: bigint, identity: {generation: always, increment: 2}}"),
    ),
    Scenario(
        "descending-identity",
        table("id: {type: int, nullable: false}"),
        table("id: {type: int, identity: {generation: by default, increment: -1}}"),
    ),
    Scenario(
        "serial-to-identity-takes-the-sequence-name-and-continues",
        table("id: {type: serial, primary_key: true}\nname: text"),
        table("id: {type: int, identity: by default, primary_key: true}\nname: text"),
        "INSERT INTO items (name) VALUES ('a'), ('b'), ('c')",
        "SELECT nextval('items_id_seq') = 4",
    ),
    Scenario(
        "identity-to-serial-takes-the-sequence-name-and-continues",
        table("id: {type: int, identity: always, primary_key: true}\nname: text"),
        table("id: {type: serial, primary_key: true}\nname: text"),
        "INSERT INTO items (name) VALUES ('a'), ('b'), ('c')",
        "SELECT nextval('items_id_seq') = 4",
    ),
    Scenario(
        "identity-made-descending-restarts",
        table("id: {type: int, identity: always}"),
        table("id: {type: int, identity: {generation: always, increment: -1}}"),
        "INSERT INTO items DEFAULT VALUES",
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) = -1",
    ),
    Scenario(
        "identity-min-value-raised-past-the-used-values",
        table("id: {type: int, identity: by default}"),
        table("id: {type: int, identity: {generation: by default, min_value: 10, start: 10}}"),
        "INSERT INTO items DEFAULT VALUES; INSERT INTO items DEFAULT VALUES",
        "SELECT nextval(pg_get_serial_sequence('items', 'id')) = 10",
    ),
    Scenario(
        "identity-dropped",
        table("id: {type: int, identity: {generation: always, start: 5}}"),
        table("id: {type: int, nullable: false}"),
    ),
]

SEQUENCE_OPTIONS = [
    Scenario(
        "sequence-owned-by-a-column",
        with_sequence("start: 100", "id: {type: serial, primary_key: true}\nticket_no: int"),
        with_sequence(
            "start: 100, owned_by: items.ticket_no",
            "id: {type: serial, primary_key: true}\nticket_no: {type: int, default: \"nextval('ticket')\"}",
        ),
    ),
    Scenario(
        "sequence-no-longer-owned",
        with_sequence("owned_by: items.ticket_no", "id: {type: serial, primary_key: true}\nticket_no: int"),
        with_sequence("increment: 2", "id: {type: serial, primary_key: true}\nticket_no: int"),
    ),
    Scenario(
        "sequence-owner-moves-to-another-column",
        with_sequence("owned_by: items.a", "id: {type: serial, primary_key: true}\na: int\nb: int"),
        with_sequence("owned_by: items.b", "id: {type: serial, primary_key: true}\na: int\nb: int"),
    ),
    Scenario(
        "sequence-as-type-narrowed",
        with_sequence("type: bigint", "id: {type: serial, primary_key: true}"),
        with_sequence("type: smallint, max_value: 1000, cycle: true", "id: {type: serial, primary_key: true}"),
    ),
    Scenario(
        "descending-sequence",
        with_sequence("start: 100", "id: {type: serial, primary_key: true}"),
        with_sequence(
            "type: integer, increment: -1, min_value: -50, start: -5", "id: {type: serial, primary_key: true}"
        ),
    ),
    Scenario(
        "sequence-min-value-raised-past-the-used-values",
        with_sequence("type: integer", "id: {type: serial, primary_key: true}"),
        with_sequence("type: integer, min_value: 10, start: 10", "id: {type: serial, primary_key: true}"),
        "SELECT nextval('ticket'), nextval('ticket')",
        "SELECT nextval('ticket') = 10",
    ),
    Scenario(
        "sequence-min-value-raised-keeps-a-higher-value",
        with_sequence("start: 100", "id: {type: serial, primary_key: true}"),
        with_sequence("start: 100, min_value: 50", "id: {type: serial, primary_key: true}"),
        "SELECT nextval('ticket'), nextval('ticket')",
        "SELECT nextval('ticket') = 102",
    ),
    Scenario(
        "serial-with-its-own-options-as-owned-sequence",
        table("id: {type: serial, primary_key: true}"),
        table("id: {type: int, primary_key: true, default: \"nextval('items_id_seq')\"}")
        + "    sequences:\n      items_id_seq: {type: integer, max_value: 2147483647, cache: 10, owned_by: items.id}\n",
    ),
]

ENUM_LABELS = [
    Scenario(
        "new-label-as-column-default",
        enum_table("happy, sad", "feeling: {type: mood, default: \"'happy'\"}"),
        enum_table("happy, sad, meh", "feeling: {type: mood, default: \"'meh'\"}"),
        "INSERT INTO items (feeling) VALUES ('sad')",
        "SELECT count(*) = 1 FROM items WHERE feeling = 'sad'",
    ),
    Scenario(
        "new-label-in-a-check",
        enum_table("happy, sad"),
        enum_table("happy, meh, sad", "feeling: {type: mood, check: \"feeling <> 'meh'\"}"),
    ),
    Scenario(
        "new-label-in-a-new-column-default",
        enum_table("happy, sad"),
        enum_table("happy, sad, meh", "feeling: mood\n          other: {type: mood, default: \"'meh'\"}"),
    ),
]

SCENARIOS = GENERATED + IDENTITY + SEQUENCE_OPTIONS + ENUM_LABELS


def apply(cli: Cli, state: StateDir, *extra: str) -> None:
    assert cli("apply", "--state", state.root, "--auto-approve", *extra) == 0, cli.out + cli.err


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_round_trip(
    scenario: Scenario, cli: Cli, state: StateDir, pg_url: str, reference_db: str, tmp_path: Path
) -> None:
    run_round_trip(scenario, cli, state, pg_url, reference_db, tmp_path, catalog)


# A database written by hand with every kind of this file: generated columns, identity options, owned sequences.
HAND_WRITTEN = """
CREATE TABLE halls (id serial PRIMARY KEY, name text);
ALTER TABLE halls RENAME TO rooms;
CREATE TABLE lines (
    no integer GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 10 MAXVALUE 100000 CACHE 5 CYCLE),
    up bigint GENERATED ALWAYS AS IDENTITY,
    down smallint GENERATED ALWAYS AS IDENTITY (INCREMENT BY -2),
    price numeric(10,2),
    qty integer,
    kind varchar(5),
    total numeric GENERATED ALWAYS AS (price * qty) STORED CHECK (total >= 0),
    is_ab boolean GENERATED ALWAYS AS (kind IN ('a', 'b')) STORED,
    ticket integer
);
CREATE INDEX lines_total ON lines (total);
CREATE SEQUENCE ticket AS integer START WITH 7 OWNED BY lines.ticket;
ALTER TABLE lines ALTER COLUMN ticket SET DEFAULT nextval('ticket');
CREATE TABLE counted (id serial PRIMARY KEY);
ALTER SEQUENCE counted_id_seq INCREMENT BY 10 CACHE 3;
"""


def test_export_declares_generated_identity_and_owned_sequences_exactly(
    pg_url: str, dbname: str, cli: Cli, tmp_path: Path, reference_db: str
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, HAND_WRITTEN)
    out = tmp_path / "exported"
    export(out, databases=[dbname])
    text = (out / "postgres" / f"{dbname}.yaml").read_text()
    assert "Left out" not in text and "closely as" not in text, text
    public = yaml.safe_load(text)["schemas"]["public"]
    lines = public["tables"]["lines"]["columns"]
    assert lines["no"] == {
        "type": "integer",
        "identity": {
            "generation": "by default",
            "start": 100,
            "increment": 10,
            "max_value": 100000,
            "cache": 5,
            "cycle": True,
        },
    }
    assert lines["up"] == {"type": "bigint", "identity": "always"}
    assert lines["down"] == {"type": "smallint", "identity": {"generation": "always", "increment": -2}}
    assert lines["total"] == {
        "type": "numeric",
        "generated": "price * (qty)::numeric",
        "check": "total >= (0)::numeric",
    }
    assert public["sequences"] == {
        # A renamed table's serial keeps its sequence's name: serial would name it rooms_id_seq.
        "halls_id_seq": {"type": "integer", "owned_by": "rooms.id"},
        "ticket": {"type": "integer", "start": 7, "owned_by": "lines.ticket"},
        "counted_id_seq": {"type": "integer", "increment": 10, "cache": 3, "owned_by": "counted.id"},
    }

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out

    # The export builds the same catalog on an empty database.
    (out / "postgres" / f"{dbname}.yaml").write_text(text.replace(f"database: {dbname}", f"database: {reference_db}"))
    (out / "postgres" / f"{dbname}.yaml").rename(out / "postgres" / f"{reference_db}.yaml")
    apply(cli, StateDir(out, reference_db))
    assert catalog(pg_url, dbname) == catalog(pg_url, reference_db)


def test_a_label_committed_first_is_shown_and_kept_when_the_rest_fails(cli: Cli, state: StateDir, pg_url: str) -> None:
    """ADD VALUE runs in its own transaction: the plan says so, and a failure after it says what stayed."""
    state.write(enum_table("happy, sad"))
    apply(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO items (feeling) VALUES (NULL)")
    # online: false keeps SET NOT NULL, which fails on the NULL row, in the transaction after the label's.
    state.write(
        "online: false\n" + enum_table("happy, sad, meh", "feeling: {type: mood, default: \"'meh'\", nullable: false}")
    )
    assert cli("plan", "--state", state.root) == 0
    assert "not_rolled_back" in cli.out and "ALTER TYPE public.mood ADD VALUE 'meh'" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "Committed before it, and kept: ALTER TYPE public.mood ADD VALUE 'meh'" in cli.err + cli.out
    assert sql(pg_url, state.dbname, "SELECT enum_range(NULL::mood)::text") == [("{happy,sad,meh}",)]
    assert sql(
        pg_url, state.dbname, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'items'::regclass"
    ) == [("nextval('items_id_seq'::regclass)",)]


def test_a_new_label_in_a_seed_row_of_the_same_apply(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(enum_table("happy, sad", "feeling: {type: mood, unique: true}"))
    apply(cli, state)
    state.write(enum_table("happy, sad, meh", "feeling: {type: mood, unique: true}"))
    folder = state.root / "seeds" / state.dbname
    folder.mkdir(parents=True)
    (folder / "items.yaml").write_text("table: items\nkey: [feeling]\nrows:\n  - {feeling: meh}\n  - {feeling: sad}\n")
    apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT feeling::text FROM items ORDER BY 1") == [("meh",), ("sad",)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out


# --- hostile input in the new fields ----------------------------------------------------------------------------

PAYLOAD = "COPY (SELECT 1) TO PROGRAM 'touch {marker}'"
BASE_COLUMNS = {
    "id": {"type": "serial", "primary_key": True},
    "price": {"type": "numeric"},
    "qty": {"type": "integer"},
}


def _doc(column: dict[str, Any] | None = None, sequence: dict[str, Any] | None = None) -> dict[str, Any]:
    columns = dict(BASE_COLUMNS, **({"total": column} if column else {}))
    schema: dict[str, Any] = {"tables": {"items": {"columns": columns}}}
    if sequence is not None:
        schema["sequences"] = {"ticket": sequence}
    return {"schemas": {"public": schema}}


# (document, dotted field, what the message says)
HOSTILE: list[tuple[dict[str, Any], str, str]] = [
    (
        _doc({"type": "numeric", "generated": "price * qty, evil int"}),
        "total.generated",
        "a ',' outside brackets",
    ),
    (
        _doc({"type": "numeric", "generated": "price * qty); {payload}; SELECT (1"}),
        "total.generated",
        "';' ends a statement",
    ),
    (_doc({"type": "numeric", "generated": "price -- ) STORED"}), "total.generated", "comments are not allowed"),
    (_doc({"type": "numeric", "generated": "price) STORED"}), "total.generated", "closes a bracket it did not open"),
    (_doc({"type": "numeric", "generated": "(price"}), "total.generated", "opens a bracket it does not close"),
    (
        _doc({"type": "numeric", "generated": "price /* ) STORED; {payload} */"}),
        "total.generated",
        "comments are not allowed",
    ),
    (_doc({"type": "numeric", "generated": "'); {payload}; --"}), "total.generated", "not closed"),
    (_doc({"type": "numeric", "generated": "price", "default": "0"}), "total", "both generated and default"),
    (_doc({"type": "int", "generated": "qty", "identity": "always"}), "total", "both generated and identity"),
    (
        _doc({"type": "int", "identity": {"generation": "always; {payload}"}}),
        "total.identity.generation",
        "Input should be 'always' or 'by default'",
    ),
    (
        _doc({"type": "int", "identity": {"generation": "always", "start": "1; {payload}"}}),
        "total.identity.start",
        "valid integer",
    ),
    (
        _doc({"type": "int", "identity": {"generation": "always", "increment": 0}}),
        "total.identity.increment",
        "increment must not be zero",
    ),
    (
        # A name, quoted wherever it is used: this one is refused only for being longer than a name can be.
        _doc({"type": "int", "identity": {"generation": "always", "sequence_name": "x; {payload}"}}),
        "total.identity.sequence_name",
        "63-byte identifier limit",
    ),
    (_doc(sequence={"owned_by": "items.id; {payload}"}), "sequences.ticket.owned_by", "names no column"),
    (_doc(sequence={"owned_by": "items.nope"}), "sequences.ticket.owned_by", "names no column"),
    (_doc(sequence={"owned_by": "other.victim.id"}), "sequences.ticket.owned_by", "names no column"),
    (_doc(sequence={"type": "integer; {payload}"}), "sequences.ticket.type", "Input should be"),
    (_doc(sequence={"cache": 0}), "sequences.ticket.cache", "greater than or equal to 1"),
]


def _with_payload(node: Any, payload: str) -> Any:
    if isinstance(node, dict):
        return {key: _with_payload(value, payload) for key, value in node.items()}
    return node.replace("{payload}", payload) if isinstance(node, str) else node


@pytest.mark.parametrize(("doc", "field", "message"), HOSTILE, ids=[f"{c[1]}-{i}" for i, c in enumerate(HOSTILE)])
def test_sql_in_the_new_fields_is_refused_before_anything_runs(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, doc: dict[str, Any], field: str, message: str
) -> None:
    state.write(yaml.safe_dump(_doc(), sort_keys=False))
    apply(cli, state)
    sql(pg_url, state.dbname, "CREATE SCHEMA other; CREATE TABLE other.victim (id int)")
    marker = tmp_path / f"ran-{uuid.uuid4().hex}"
    payload = PAYLOAD.format(marker=marker)
    path = state.write(yaml.safe_dump(_with_payload(doc, payload), sort_keys=False))
    before = catalog(pg_url, state.dbname)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert cli(*command, "--state", state.root) == 1, (command, cli.out, cli.err)
        where = f"postgres/{path.name}:"
        assert where in cli.err and "schemas.public." in cli.err and field in cli.err, cli.err
        assert message in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    assert not marker.exists()
    assert catalog(pg_url, state.dbname) == before
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM other.victim") == [(0,)]
