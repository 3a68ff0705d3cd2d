"""Operator signatures and names as the state format reads them: what PostgreSQL's lexer reads as one operator."""

from __future__ import annotations

import pytest

from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.spec.operators import OperatorSignature, check_operator_name, parse_signature, split_reference


@pytest.mark.parametrize(
    ("key", "parsed"),
    [
        ("||+ (text, text)", OperatorSignature("||+", "text", "text")),
        ("@-(integer,integer)", OperatorSignature("@-", "integer", "integer")),
        ("<= (numeric(10, 2), double precision)", OperatorSignature("<=", "numeric(10, 2)", "double precision")),
        ("!! (NONE, integer)", OperatorSignature("!!", None, "integer")),
        ("~ (none, public.citext)", OperatorSignature("~", None, "public.citext")),
        ('`?` ("My Type"[], text)', OperatorSignature("`?`", '"My Type"[]', "text")),
    ],
)
def test_a_signature_reads_as_a_name_and_two_argument_types(key: str, parsed: OperatorSignature) -> None:
    assert parse_signature(key) == parsed


@pytest.mark.parametrize("name", ["+", "-", "<>", "*=", "@@@", "~-", "-|-", "&&", "#" * 63, "?|"])
def test_names_the_lexer_reads_as_one_operator_are_accepted(name: str) -> None:
    check_operator_name(name)


@pytest.mark.parametrize("name", ["", "#" * 64, "+-", "*+", "<-", "a+", "=-=--", "/*", "=>", "!=", "= =", "(+)"])
def test_names_the_lexer_would_read_otherwise_are_refused(name: str) -> None:
    with pytest.raises(FragmentError):
        check_operator_name(name)


def test_a_commutator_may_name_its_schema_quoted_or_not() -> None:
    assert split_reference("===") == (None, "===")
    assert split_reference('"Odd ""One""".===') == ('Odd "One"', "===")
    with pytest.raises(FragmentError):
        split_reference("a.b.===")
