"""What the hostile-input tests share: the base state, where a payload goes, and the proof that nothing ran.

A payload tries to end its slot and run a shell command through `COPY ... TO
PROGRAM` (which would create a marker file) and a drop of a table in a schema
the state does not declare. `HostileDb` (the `hostile_db` fixture in
conftest.py) is a database holding the applied base state, that foreign
table and a statement log; `HostileDb.refused` writes a document and proves
validate, plan and apply each exit 1 naming the file and the field, with the
database, the marker and the server log showing that nothing ran.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from devtools import pgcluster
from tests.conftest import Cli, StateDir, sql

Mutation = Callable[[dict[str, Any], str], None]


def base_state() -> dict[str, Any]:
    return {
        "schemas": {
            "public": {
                "functions": {
                    "touch_v": {
                        "returns": "trigger",
                        "body": "BEGIN NEW.v := coalesce(NEW.v, 0); RETURN NEW; END;",
                    }
                },
                "tables": {
                    "items": {
                        "columns": {
                            "id": {"type": "serial", "primary_key": True},
                            "v": {"type": "integer"},
                            "email": {"type": "text"},
                        },
                        "indexes": {"items_email": {"columns": ["email"]}},
                        "triggers": {"items_touch": {"timing": "before", "events": ["insert"], "function": "touch_v"}},
                    }
                },
                "views": {"item_emails": {"query": "SELECT id, email FROM items"}},
            }
        }
    }


def items_table(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["schemas"]["public"]["tables"]["items"]  # type: ignore[no-any-return]


def set_at(path: tuple[str | int, ...]) -> Callable[[str], Mutation]:
    """A mutation that writes the payload at `path` below schemas.public."""

    def with_payload(template: str) -> Mutation:
        def mutate(doc: dict[str, Any], payload: str) -> None:
            node: Any = doc["schemas"]["public"]
            for key in path[:-1]:
                node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
            node[path[-1]] = template.format(payload=payload)

        return mutate

    return with_payload


PAYLOAD = "COPY (SELECT 1) TO PROGRAM 'touch {marker}'; DROP TABLE other.victim"


def server_log(cluster: pgcluster.Cluster) -> str:
    return (cluster.directory / "server.log").read_text(errors="replace")


def assert_refused_before_anything_runs(
    cli: Cli,
    state: StateDir,
    path: Path,
    expected: list[str],
    *,
    pg_url: str,
    dbname: str,
    pg_cluster: pgcluster.Cluster,
    marker: Path,
) -> None:
    """validate, plan and apply each exit 1 naming the file and every `expected` text; nothing reached the server.

    The proof is threefold: the database is unchanged, the marker file the
    payload would create is absent, and the server's log holds no statement
    carrying the payload.
    """
    before = snapshot(pg_url, dbname)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert cli(*command, "--state", state.root) == 1, (command, cli.out, cli.err)
        assert f"postgres/{path.name}:" in cli.err, cli.err
        for text in expected:
            assert text in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    assert not marker.exists()
    assert snapshot(pg_url, dbname) == before
    assert str(marker) not in server_log(pg_cluster)


def snapshot(url: str, dbname: str) -> list[tuple[object, ...]]:
    """Every relation, function and trigger of the managed and the foreign schema, with its definition."""
    return sql(
        url,
        dbname,
        """
        SELECT n.nspname, c.relname, c.relkind, coalesce(pg_get_viewdef(c.oid), ''),
               (SELECT string_agg(pg_get_constraintdef(k.oid), ';' ORDER BY k.conname)
                FROM pg_constraint k WHERE k.conrelid = c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'other')
        UNION ALL
        SELECT n.nspname, p.proname, 'f', pg_get_functiondef(p.oid), ''
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        UNION ALL
        SELECT 'trigger', t.tgname, 't', pg_get_triggerdef(t.oid), '' FROM pg_trigger t WHERE NOT t.tgisinternal
        ORDER BY 1, 2, 3
        """,
    )


def write_state(state: StateDir, doc: dict[str, Any]) -> Path:
    """The document as the state's PostgreSQL file."""
    return state.write(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


@dataclass(frozen=True)
class HostileDb:
    """The database the hostile tests write into, and the payload that must never run there."""

    cli: Cli
    state: StateDir
    pg_url: str
    dbname: str
    cluster: pgcluster.Cluster
    marker: Path
    payload: str

    def refused(self, doc: dict[str, Any], expected: list[str]) -> None:
        """`doc` is refused by validate, plan and apply, naming every `expected` text; nothing reached the server."""
        path = write_state(self.state, doc)
        assert_refused_before_anything_runs(
            self.cli,
            self.state,
            path,
            expected,
            pg_url=self.pg_url,
            dbname=self.dbname,
            pg_cluster=self.cluster,
            marker=self.marker,
        )

    def stored(self, doc: dict[str, Any]) -> None:
        """`doc` (payloads only as data) validates, applies and converges, and the payload never ran."""
        write_state(self.state, doc)
        for command, code in (
            (["validate"], 0),
            (["apply", "--auto-approve"], 0),
            (["plan", "--detailed-exitcode"], 0),
        ):
            assert self.cli(*command, "--state", self.state.root) == code, (command, self.cli.out, self.cli.err)
        self.untouched()

    def untouched(self) -> None:
        """The payload never ran: no marker file, and the foreign table is still there and empty."""
        assert not self.marker.exists()
        assert sql(self.pg_url, self.dbname, "SELECT count(*) FROM other.victim") == [(0,)]


def dotted(field: tuple[str | int, ...]) -> str:
    """How an error names a field below schemas.public."""
    return "schemas.public." + ".".join(str(part) for part in field)


def with_payload(value: Any, payload: str) -> Any:
    """A declaration (strings, lists, mappings) with every `{payload}` replaced by the payload."""
    if isinstance(value, str):
        return value.replace("{payload}", payload)
    if isinstance(value, list):
        return [with_payload(v, payload) for v in value]
    if isinstance(value, dict):
        return {k: with_payload(v, payload) for k, v in value.items()}
    return value
