"""Quoting identifiers and literals the way PostgreSQL's own quote_ident does.

Generated SQL is shown to people in plans, so identifiers are quoted only when
PostgreSQL needs it (upper case, odd characters, keywords other than the
unreserved ones), matching what `pg_dump` and the catalogs print.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Every keyword PostgreSQL 15 does not accept as a bare identifier in all positions
# (categories reserved, type/function name, and column name of pg_get_keywords()).
_KEYWORDS = frozenset(
    [
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "authorization",
        "binary",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "collation",
        "column",
        "concurrently",
        "constraint",
        "create",
        "cross",
        "current_catalog",
        "current_date",
        "current_role",
        "current_schema",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "fetch",
        "for",
        "foreign",
        "freeze",
        "from",
        "full",
        "grant",
        "group",
        "having",
        "ilike",
        "in",
        "initially",
        "inner",
        "intersect",
        "into",
        "is",
        "isnull",
        "join",
        "lateral",
        "leading",
        "left",
        "like",
        "limit",
        "localtime",
        "localtimestamp",
        "natural",
        "not",
        "notnull",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "overlaps",
        "placing",
        "primary",
        "references",
        "returning",
        "right",
        "select",
        "session_user",
        "similar",
        "some",
        "symmetric",
        "table",
        "tablesample",
        "then",
        "to",
        "trailing",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "variadic",
        "verbose",
        "when",
        "where",
        "window",
        "with",
        "between",
        "bigint",
        "bit",
        "boolean",
        "char",
        "character",
        "coalesce",
        "dec",
        "decimal",
        "exists",
        "extract",
        "float",
        "greatest",
        "grouping",
        "inout",
        "int",
        "integer",
        "interval",
        "least",
        "national",
        "nchar",
        "none",
        "normalize",
        "nullif",
        "numeric",
        "out",
        "overlay",
        "position",
        "precision",
        "real",
        "row",
        "setof",
        "smallint",
        "substring",
        "time",
        "timestamp",
        "treat",
        "trim",
        "values",
        "varchar",
        "xmlattributes",
        "xmlconcat",
        "xmlelement",
        "xmlexists",
        "xmlforest",
        "xmlnamespaces",
        "xmlparse",
        "xmlpi",
        "xmlroot",
        "xmlserialize",
        "xmltable",
    ]
)

_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")


def quote_ident(name: str) -> str:
    """Quote an identifier only when PostgreSQL requires it."""
    return _quoted(name)


# A plan quotes the same few thousand names over and over (160,000 calls in a no-op plan of 2,000 tables); the
# cache is bounded, as names come from files and catalogs of any size. (quote_ident keeps the argument's type.)
@lru_cache(maxsize=65536)
def _quoted(name: str) -> str:
    if _PLAIN.match(name) and name not in _KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualify(schema: str, name: str) -> str:
    """A schema-qualified, quoted name."""
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def quote_literal(value: str) -> str:
    """An SQL string literal (standard_conforming_strings is on in every supported server)."""
    return "'" + value.replace("'", "''") + "'"


def dollar_quote(body: str) -> str:
    """Wrap a function body in a dollar-quote tag that does not occur inside it."""
    tag = "$body$"
    counter = 0
    while tag in body:
        counter += 1
        tag = f"$body{counter}$"
    return f"{tag}{body}{tag}"


NAMEDATALEN = 64  # PostgreSQL's identifier buffer: names hold at most 63 bytes


def clip(name: str, size: int) -> str:
    """The first `size` bytes of `name`, never cutting a character in two (pg_mbcliplen)."""
    return name.encode()[:size].decode(errors="ignore")


def name_addition(columns: list[str]) -> str:
    """PostgreSQL's ChooseIndexNameAddition and ChooseForeignKeyConstraintNameAddition: column names joined by `_`,
    cut off once past 63 bytes."""
    text = ""
    for name in columns:
        text = f"{text}_{name}" if text else name
        if len(text.encode()) >= NAMEDATALEN:
            break
    return text


def object_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's makeObjectName: `name1_name2_label`, the longer name shortened first to fit 63 bytes."""
    size1, size2 = len(name1.encode()), len(name2.encode()) if name2 is not None else 0
    available = NAMEDATALEN - 1 - len(label) - 1 - (1 if name2 is not None else 0)
    while size1 + size2 > available:
        if size1 > size2:
            size1 -= 1
        else:
            size2 -= 1
    parts = [clip(name1, size1), *([clip(name2, size2)] if name2 is not None else []), label]
    return "_".join(parts)


def foreign_key_name(table: str, columns: list[str]) -> str:
    """The name PostgreSQL gives a foreign key declared without one, where that name is free."""
    return object_name(table, name_addition(columns), "fkey")
