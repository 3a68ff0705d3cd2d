"""How objects are keyed in the model's dictionaries."""

from __future__ import annotations


def function_key(schema: str, name: str, identity_arguments: str) -> str:
    """Functions are keyed by signature, since PostgreSQL allows overloads."""
    return f"{schema}.{name}({identity_arguments})"


def cast_key(source: str, target: str) -> str:
    """Casts are keyed by their types: `integer AS money2`."""
    return f"{source} AS {target}"


def operator_arguments(left: str | None, right: str) -> str:
    return f"{left or 'NONE'}, {right}"


def operator_key(schema: str, name: str, left: str | None, right: str) -> str:
    """Operators are keyed by name and argument types: `public.||+(text, text)`, `public.!!(NONE, integer)`."""
    return f"{schema}.{name}({operator_arguments(left, right)})"
