"""A -> B pairs written in SQL (tests/postgres/pairs/<kind>/<case>/a.sql, b.sql), run as peers are measured.

Each pair builds A and B from SQL, exports B, applies the export onto A with
--allow-destructive, and requires a converged plan and A == B in pg_dump
--schema-only form (devtools/sql_pairs.py says exactly how). One pair in eight
also runs the other way (B -> A), a scenario of its own: the way back drops
and detaches what the way there created and attached. A pair whose B holds two
tables or more then normalizes B's export on B in chunks too, which must give
what the one trial gives (test_parallel_trial.py).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.sql_pairs import Pair, find_pairs, run_pair
from tests.conftest import Cli
from tests.postgres.test_parallel_trial import assert_b_is_the_same_in_chunks, splits

PAIRS = find_pairs(Path(__file__).parent / "pairs")


@dataclass(frozen=True)
class Reversed(Pair):
    """A pair run the other way: B's SQL builds the live database, and A's is the state to reach."""

    def read(self, part: str) -> str:
        return super().read({"a": "b", "b": "a"}.get(part, part))


# Reversed pairs that cannot pass, and why: PostgreSQL offers no way from B to A short of re-creating a table or
# an index (or losing data), or the plan does not take it yet.
NOT_REVERSIBLE = {
    "extension_versions/used_by_table": "a downgrade drops the extension, which a column's type needs",
    "inheritance/inherit_parent_drops_column": "NO INHERIT leaves the columns local; nothing makes them inherited",
    "inheritance/inherit_removed": "likewise",
    "inheritance/one_keeps_old_parents_column_as_its_own": "likewise",
    "inheritance/no_inherit_leaves_checks": "INHERIT keeps the checks it merges local, and they cannot be dropped",
    "partitions/not_valid_parent_check_validated_on_one_partition": "a copy validated is never made NOT VALID",
    "publications/filtered_column_dropped": "a column list prints in column order, and an added column comes last",
}
# One in eight, chosen by name: the reversed suite as a whole ran outside the tests (devtools.sql_pairs).
REVERSED = [
    Reversed(p.name, p.folder) for p in PAIRS if zlib.crc32(p.name.encode()) % 8 == 5 and p.name not in NOT_REVERSIBLE
]


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_sql_pair(pair: Pair, pg_url: str, cli: Cli, tmp_path: Path) -> None:
    def reconcile(args: list[str]) -> tuple[int, str]:
        code = cli(*args)
        return code, cli.out + cli.err

    def then(b_db: str, exported: Path) -> None:
        if splits(pair) and not isinstance(pair, Reversed):
            assert_b_is_the_same_in_chunks(pair, pg_url, b_db, exported)

    outcome = run_pair(pair, pg_url, tmp_path, reconcile, then)
    assert outcome.status == "pass", f"{outcome.status}:\n{outcome.detail}"


@pytest.mark.parametrize("pair", REVERSED, ids=[p.name for p in REVERSED])
def test_sql_pair_reversed(pair: Pair, pg_url: str, cli: Cli, tmp_path: Path) -> None:
    test_sql_pair(pair, pg_url, cli, tmp_path)
