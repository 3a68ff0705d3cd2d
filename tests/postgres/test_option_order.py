"""Options PostgreSQL keeps in the order they were set end in the file's order, with no statement to spare (pure).

ALTER ... SET (...) moves the storage parameters it names to the end of reloptions; ALTER FUNCTION ... SET
replaces a kept parameter where it stands and appends a new one. pg_dump prints both lists in stored order.
The pairs table_options/options_reordered_only and procedures/settings_order_follows_the_file run these
statements on a server; here, which statements a difference takes.
"""

from __future__ import annotations

import pytest

from reconciler.postgres.ddl_routines import setting_actions
from reconciler.postgres.options_sql import options_to_set

WANT = {"autovacuum_enabled": "true", "fillfactor": "80"}


@pytest.mark.parametrize(
    ("have", "expected"),
    [
        (dict(WANT), {}),  # as declared
        ({**WANT, "toast_tuple_target": "256"}, {}),  # one to RESET: the rest stays in order
        ({"fillfactor": "80", "autovacuum_enabled": "true"}, WANT),  # the same options in another order
        ({"autovacuum_enabled": "true"}, WANT),  # a new one: SET names all, in order
        ({"autovacuum_enabled": "true", "fillfactor": "70"}, WANT),  # a new value
        ({"fillfactor": "80", "toast_tuple_target": "256", "autovacuum_enabled": "true"}, WANT),
    ],
)
def test_storage_parameters_are_set_again_in_the_files_order_where_any_differs(
    have: dict[str, str], expected: dict[str, str]
) -> None:
    changed = options_to_set(WANT, have)
    assert changed == expected and list(changed) == list(expected)


@pytest.mark.parametrize(
    ("have", "want", "expected"),
    [
        ({"work_mem": "'64MB'"}, {"work_mem": "'64MB'"}, []),
        # Replaced where it stands, appended at the end, taken out: the order holds without RESET ALL.
        ({"work_mem": "'64MB'", "DateStyle": "'ISO'"}, {"work_mem": "'32MB'", "DateStyle": "'ISO'"}, ["SET work_mem"]),
        ({"work_mem": "'64MB'"}, {"work_mem": "'64MB'", "DateStyle": "'ISO'"}, ["SET DateStyle"]),
        ({"work_mem": "'64MB'", "DateStyle": "'ISO'"}, {"DateStyle": "'ISO'"}, ["RESET work_mem"]),
        # A new one before a kept one, or kept ones in another order: RESET ALL and each again.
        (
            {"DateStyle": "'ISO'"},
            {"search_path": "public", "DateStyle": "'ISO'"},
            ["RESET ALL", "SET search_path", "SET DateStyle"],
        ),
        (
            {"work_mem": "'64MB'", "search_path": "public"},
            {"search_path": "public", "work_mem": "'64MB'"},
            ["RESET ALL", "SET search_path", "SET work_mem"],
        ),
    ],
)
def test_a_routines_set_clauses_end_in_the_files_order(
    have: dict[str, str], want: dict[str, str], expected: list[str]
) -> None:
    actions = setting_actions(want, have)
    assert [" ".join(action.split()[:2]).replace('"', "") for action in actions] == expected, actions
