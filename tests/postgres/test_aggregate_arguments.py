"""An aggregate's arguments as each statement names them: CREATE / ALTER / COMMENT ON AGGREGATE take
`direct ORDER BY aggregated`, GRANT ... ON FUNCTION the plain list of all of them."""

from __future__ import annotations

import pytest

from reconciler.postgres.aggregates import grant_arguments, split_order_by


@pytest.mark.parametrize(
    ("arguments", "split"),
    [
        ("integer", None),
        ("VARIADIC integer[]", None),
        ("double precision ORDER BY numeric", ("double precision", "numeric")),
        ("ORDER BY boolean, text", ("", "boolean, text")),
        ("f double precision order   by v numeric(10, 2)", ("f double precision", "v numeric(10, 2)")),
        ('"order by" integer, "x" integer', None),  # quoted names holding the words are names
    ],
)
def test_an_ordered_set_aggregate_splits_at_its_order_by(arguments: str, split: tuple[str, str] | None) -> None:
    assert split_order_by(arguments) == split


@pytest.mark.parametrize(
    ("arguments", "grant"),
    [
        ("*", ""),
        ("integer", "integer"),
        ("VARIADIC integer[]", "VARIADIC integer[]"),
        ("boolean, integer, text ORDER BY boolean, text", "boolean, integer, text, boolean, text"),
        ("ORDER BY anyelement", "anyelement"),
        ('VARIADIC "any" ORDER BY VARIADIC "any"', 'VARIADIC "any"'),  # one argument to pg_proc
    ],
)
def test_grant_names_every_argument_type_in_one_list(arguments: str, grant: str) -> None:
    assert grant_arguments(arguments) == grant
