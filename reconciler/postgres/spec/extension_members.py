"""Grants on an extension's members, as a database file declares them on the extension's entry.

An extension's objects are its own: the file never declares them, and they come and go with CREATE / DROP
EXTENSION. Their privileges are the one thing a database changes on them (GRANT EXECUTE ON FUNCTION
hstore(text, text) TO app; REVOKE ... FROM PUBLIC), so the extension's entry takes `member_grants`: a member,
written `<kind> <name>` as GRANT ... ON names it, -> its grants (spec/access.Grants).

A member's name is resolved by PostgreSQL in the plan's trial, with the extension's schema on the search_path
(extension_members.py); here it is only checked to be a name, so that nothing else reaches the server: outside
double-quoted identifiers a name holds letters, digits, `_ $ , . ( ) [ ]` and spaces, nothing that could end
a statement or start a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

# Each word a member key may start with, and how its name is looked up (extension_members.RESOLVE).
MemberLookup = Literal["routine", "relation", "type", "schema", "foreign data wrapper", "server", "language"]
MEMBER_KINDS: dict[str, MemberLookup] = {
    "function": "routine",
    "procedure": "routine",
    "aggregate": "routine",
    "table": "relation",
    "view": "relation",
    "materialized view": "relation",
    "foreign table": "relation",
    "sequence": "relation",
    "type": "type",
    "domain": "type",
    "schema": "schema",
    "foreign data wrapper": "foreign data wrapper",
    "server": "server",
    "language": "language",
}
MEMBER_NAME_MAX = 1000

_PART = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
_UNQUOTED = re.compile(r"^[A-Za-z0-9_$ ,.()\[\]]*$")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
# The kinds, longest first, so that `foreign table` is not read as `foreign`.
_KIND = re.compile(
    r"^\s*(" + "|".join(w.replace(" ", r"\s+") for w in sorted(MEMBER_KINDS, key=len, reverse=True)) + r")\s+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_SHAPES: dict[MemberLookup, re.Pattern[str]] = {
    "routine": re.compile(rf"^{_PART}(?:\s*\.\s*{_PART})?\s*\(.*\)$", re.DOTALL),
    "relation": re.compile(rf"^{_PART}(?:\s*\.\s*{_PART})?$"),
    "type": re.compile(rf"^{_PART}.*$", re.DOTALL),
    "schema": re.compile(rf"^{_PART}$"),
    "foreign data wrapper": re.compile(rf"^{_PART}$"),
    "server": re.compile(rf"^{_PART}$"),
    "language": re.compile(rf"^{_PART}$"),
}
_EXAMPLES = {
    "routine": "hstore(text, text)",
    "relation": "pg_stat_statements",
    "type": "hstore",
    "schema": "name",
    "foreign data wrapper": "name",
    "server": "name",
    "language": "name",
}


@dataclass(frozen=True)
class MemberName:
    """A member key read apart: the kind as written (lower case), how it is looked up, and the name."""

    kind: str
    lookup: MemberLookup
    name: str


def parse_member(key: str) -> MemberName:
    """`function hstore(text, text)` -> ('function', 'routine', 'hstore(text, text)'); ValueError when it is not
    a kind and a name of that kind."""
    if "\x00" in key or len(key) > MEMBER_NAME_MAX:
        raise ValueError(f"a member is a kind and a name of at most {MEMBER_NAME_MAX} characters, without NUL")
    match = _KIND.match(key)
    if match is None:
        raise ValueError(
            f"{key!r}: a member is `<kind> <name>` as GRANT ... ON names it, the kind one of "
            f"{', '.join(MEMBER_KINDS)} (`function hstore(text, text)`)"
        )
    kind = " ".join(match.group(1).lower().split())
    lookup = MEMBER_KINDS[kind]
    name = match.group(2).strip()
    if not _UNQUOTED.match(_QUOTED.sub("", name)) or name.count('"') % 2:
        raise ValueError(
            f"{key!r}: outside double quotes a member's name holds only letters, digits, spaces and _ $ , . ( ) [ ]"
        )
    if not _SHAPES[lookup].match(name):
        raise ValueError(f"{key!r}: a {kind} is named like `{kind} {_EXAMPLES[lookup]}`")
    return MemberName(kind, lookup, name)


def _member_key(key: str) -> str:
    parse_member(key)
    return key


MemberKey = Annotated[
    str,
    Field(
        min_length=1,
        description="`<kind> <name>`, kind one of " + ", ".join(MEMBER_KINDS) + ": `function hstore(text, text)`, "
        "`view pg_stat_statements`, `foreign data wrapper postgres_fdw`. Names resolve with the extension's schema "
        "on the search_path.",
    ),
    AfterValidator(_member_key),
]
