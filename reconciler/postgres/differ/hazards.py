"""The hazards a change can carry: what running it risks, shown with it in the plan."""

from __future__ import annotations

from reconciler.changes import Hazard

REWRITE = Hazard(code="table_rewrite", message="rewrites the whole table")
EXCLUSIVE_LOCK = Hazard(code="access_exclusive_lock", message="takes an ACCESS EXCLUSIVE lock: blocks reads and writes")
DATA_LOSS = Hazard(code="data_loss", message="the data it holds is lost")
VALIDATION = Hazard(code="long_validation", message="scans the whole table to validate existing rows")
BLOCKS_WRITES = Hazard(code="blocks_writes", message="blocks writes to the table while the index builds")
LOST_SEARCH_PATH = Hazard(
    code="security_definer_search_path",
    message="a SECURITY DEFINER function loses its search_path: it will resolve names with its caller's",
)
COMMITTED_FIRST = Hazard(
    code="not_rolled_back",
    message="ALTER TYPE ... ADD VALUE commits in a transaction of its own before the rest of the plan (PostgreSQL "
    "forbids using a label in the transaction that adds it): if the rest fails, the new label stays",
)
RECREATED_COLUMN = Hazard(
    code="column_recreated",
    message="PostgreSQL 15 cannot change a generation expression, or make a column generated, in place: the column "
    "is dropped and added again (last in the table) with its values computed anew; indexes, constraints and views "
    "on it are re-created",
)
DEPENDENTS = Hazard(
    code="dependent_objects", message="dropped and recreated: dependent objects and grants must allow it"
)
