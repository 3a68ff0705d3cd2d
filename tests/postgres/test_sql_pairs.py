"""A -> B pairs written in SQL (tests/postgres/pairs/<kind>/<case>/a.sql, b.sql), run as peers are measured.

Each pair builds A and B from SQL, exports B, applies the export onto A with
--allow-destructive, and requires a converged plan and A == B in pg_dump
--schema-only form (devtools/sql_pairs.py says exactly how).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.sql_pairs import Pair, find_pairs, run_pair
from tests.conftest import Cli

PAIRS = find_pairs(Path(__file__).parent / "pairs")


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_sql_pair(pair: Pair, pg_url: str, cli: Cli, tmp_path: Path) -> None:
    def reconcile(args: list[str]) -> tuple[int, str]:
        code = cli(*args)
        return code, cli.out + cli.err

    outcome = run_pair(pair, pg_url, tmp_path, reconcile)
    assert outcome.status == "pass", f"{outcome.status}:\n{outcome.detail}"
