"""LANGUAGE internal functions: only exact aliases of built-in ones, refused otherwise before anything runs.

A LANGUAGE internal function binds a C function of the server by name; called with arguments its code does not
expect it can crash the server. So a state file may declare one only as an exact alias of a built-in function
(internal_functions.py): anything else is refused by plan and apply, naming the field, and nothing is created.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state

PLUS = {"arguments": "integer, integer", "returns": "integer", "language": "internal", "strict": True, "body": "int4pl"}


def test_a_body_that_is_no_c_name_is_refused_before_anything_runs(hostile_db: HostileDb) -> None:
    doc: dict[str, Any] = base_state()
    doc["schemas"]["public"].setdefault("functions", {})["plus"] = {
        **PLUS,
        "body": f"int4pl'; {hostile_db.payload}; --",
    }
    hostile_db.refused(doc, ["functions.plus.language", "is the C name of a built-in function"])


@pytest.mark.parametrize(
    ("declared", "why"),
    [
        ({**PLUS, "arguments": "text, text"}, "other argument types"),
        ({**PLUS, "returns": "text"}, "another result type"),
        ({**PLUS, "strict": False}, "not STRICT where int4pl is: a NULL would reach its C code"),
        ({**PLUS, "window": True}, "a window function over plain C code"),
        ({**PLUS, "body": "no_such_symbol"}, "no built-in function has that C name"),
    ],
    ids=["arguments", "result", "strict", "window", "symbol"],
)
def test_an_internal_function_that_is_not_an_exact_alias_is_refused_and_nothing_runs(
    cli: Cli, state: StateDir, pg_url: str, declared: dict[str, Any], why: str
) -> None:
    state.write("schemas:\n  public:\n    tables:\n      t:\n        columns:\n          id: int\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    document = base_state()
    document["database"] = state.dbname
    document["schemas"]["public"].setdefault("functions", {})["plus"] = declared
    (state.root / "postgres" / f"{state.dbname}.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state.root) == 1, (why, cli.out, cli.err)
        assert "schemas.public.functions.plus.language" in cli.err, cli.err
        assert "reconcile accepts it only as an exact alias of a built-in function" in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM pg_proc WHERE proname = 'plus'") == [(0,)]


def test_an_exact_alias_applies_converges_and_runs_as_the_built_in(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(
        """
        schemas:
          public:
            functions:
              plus: {arguments: "integer, integer", returns: integer, language: internal, strict: true, body: int4pl}
              previous:
                arguments: anyelement
                returns: anyelement
                language: internal
                window: true
                body: window_lag
        """
    )
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, state.dbname, "SELECT plus(2, 3), plus(NULL, 3)") == [(5, None)]
    rows = sql(pg_url, state.dbname, "SELECT previous(x) OVER (ORDER BY x) FROM generate_series(1, 3) x")
    assert rows == [(None,), (1,), (2,)]
    procedure = "schemas:\n  public:\n    procedures:\n      p: {language: internal, body: int4pl}\n"
    state.write(procedure)
    assert cli("validate", "--state", state.root) == 1
    assert "schemas.public.procedures.p.language" in cli.err and "loads a shared library" in cli.err, cli.err
