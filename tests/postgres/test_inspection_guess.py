"""The live inspection guessed from a file's text before it is parsed (inspection_guess.py, early_inspection.py).

A guess must give the very context the parsed, validated file gives, or none; only valid names may reach the
server; a guess the parsed file contradicts is replaced by the right inspection and its connection closed; and a
plan still inspects once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.pg_plan import generate
from reconciler.postgres import live_inspection
from reconciler.postgres.backend import inspect_live
from reconciler.postgres.early_inspection import EarlyInspections, _context_of
from reconciler.postgres.inspection_guess import guessed_document
from reconciler.postgres.inspector import InspectionStats
from reconciler.state.yaml_source import load_yaml
from tests.conftest import Cli, StateDir, other_sessions, sql

STATE = Path(__file__).resolve().parents[2] / "state" / "postgres"


def _guessed(text: str) -> Any:
    document = guessed_document(text, "app.yaml")
    return None if document is None else _context_of(document)


@pytest.mark.parametrize("path", sorted(STATE.glob("*.yaml")), ids=lambda p: p.name)
def test_the_guess_from_each_ai4i_file_is_what_its_parsed_document_asks_for(path: Path) -> None:
    assert _guessed(path.read_text()) == _context_of(load_yaml(path).data) is not None


def test_a_large_generated_file_is_guessed() -> None:
    guess = _guessed(generate(50))
    assert guess == ("bench_50", {"schemas": ["public"], "extensions": [], "extension_schemas": []})


def test_extensions_comments_quoted_keys_and_blank_lines_are_read_as_the_parser_reads_them(tmp_path: Path) -> None:
    text = """# the app
database: app   # main
extensions:
  - pgcrypto
  - {name: pg_trgm, schema: util}

schemas:
    # first
    public:
        tables: {}
    "util":
      tables:
        t:
          columns: {id: integer}
    'audit': {}
"""
    (tmp_path / "app.yaml").write_text(text)
    guess = _guessed(text)
    assert guess == _context_of(load_yaml(tmp_path / "app.yaml").data) is not None
    assert guess[1]["schemas"] == ["public", "util", "audit"]
    assert guess[1]["extensions"] == ["pgcrypto", "pg_trgm"]


@pytest.mark.parametrize(
    "text",
    [
        "{database: app, schemas: {public: {}}}\n",  # flow style at the top
        "database: app\nschemas: {public: {}}\n",
        "database: app\nschemas:\n  <<: *base\n",  # a merge key
        "database: app\nschemas:\n    public: {}\n  other: {}\n",  # indentation this reader cannot follow
        "database: app\nschemas:\n  - public\n",
        "database: app\nschemas:\n  public: {}\ndatabase: other\n",  # duplicate top-level key
        "database: app\n",
        "schemas:\n  public: {}\n",
        "database: app\nschemas:\n  public: {}\nundeclared_schemas: drop\n",  # the server says what to read
        "database: app\nschemas:\n  public: {}\nschema_templates:\n  t: {match: '^t_'}\n",
        "database: app\nschemas:\n  " + "x" * 64 + ": {}\n",  # never sent: not an identifier
        'database: "app\\0"\nschemas:\n  public: {}\n',  # nor a name PostgreSQL cannot hold
        "database: app\nextensions: &a [*a]\nschemas:\n  public: {}\n",  # an alias of itself
    ],
)
def test_what_this_reader_does_not_follow_or_validation_refuses_gives_no_guess(text: str) -> None:
    assert _guessed(text) is None


def test_an_alias_bomb_in_the_extensions_gives_no_guess_and_stays_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
    )
    text = "database: app\nextensions:\n  " + bomb.replace("\n", "\n  ").rstrip() + "\nschemas:\n  public: {}\n"
    assert _guessed(text) is None


def test_a_guess_the_parsed_file_contradicts_is_replaced_and_closed(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE SCHEMA app")
    early = EarlyInspections(pg_url, False, inspect_live)
    early.guess(f"database: {dbname}\nschemas:\n  public: {{}}\n", "app.yaml")
    # The parsed document declares another schema (a layout the text reader misread, say).
    early.start({"database": dbname, "schemas": {"app": {}}})
    context = {"schemas": ["app"], "extensions": [], "extension_schemas": []}
    taken = early.take(dbname, context, InspectionStats())
    assert taken is not None
    with taken as result:
        assert result().database.schemas == ["app"]
    early.close()
    assert other_sessions(pg_url, dbname) == 0


def test_a_plan_inspects_once_from_the_guess(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.write("schemas:\n  public:\n    tables:\n      items:\n        columns: {id: integer}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    started: list[str] = []
    original = live_inspection.inspecting_meanwhile

    def counted(url: str, database: str, *args: Any, **options: Any) -> Any:
        started.append(database)
        return original(url, database, *args, **options)

    guesses: list[str] = []
    guess = EarlyInspections.guess

    def recorded(self: EarlyInspections, text: str, file: str) -> None:
        guesses.append(file)
        guess(self, text, file)

    monkeypatch.setattr("reconciler.postgres.early_inspection.inspecting_meanwhile", counted)
    monkeypatch.setattr(EarlyInspections, "guess", recorded)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert started == [state.dbname] and len(guesses) == 1
