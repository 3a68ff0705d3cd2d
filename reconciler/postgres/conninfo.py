"""libpq connection strings (`host=db1 dbname=shop password=...`), as subscriptions hold them: parsed, masked.

A subscription's CONNECTION is stored as written (pg_subscription.subconninfo), so it is compared as text,
except for its secret values (a password): the state file writes them as `${env:NAME}`, and they are compared
by value, masked in every output, and written by the executor at the last moment (secrets.py, `|conninfo`).

Only the `keyword=value` form is read, the way libpq's conninfo_parse reads it: a value is a run of
non-blank characters or a single-quoted string, and a backslash escapes the next character in both. The URI
form (`postgresql://user:secret@host/db`) is not: it hides a password elsewhere than in `password=`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconciler.postgres.spec.foreign_data import SECRET_OPTIONS  # keywords whose value is a secret, as for servers
from reconciler.secrets import MASK, parse_reference

URI_PREFIXES = ("postgresql://", "postgres://")
KEYWORD = re.compile(r"^[a-z_][a-z0-9_]*$")


class ConninfoError(ValueError):
    """A connection string libpq would not read as keyword=value pairs; the message never holds a value."""


@dataclass(frozen=True)
class Entry:
    """One `keyword=value`: the value unescaped, and where its raw text (quotes included) stands in the string."""

    keyword: str
    value: str
    start: int
    end: int

    @property
    def secret(self) -> bool:
        return self.keyword in SECRET_OPTIONS


def _value(text: str, at: int, keyword: str) -> tuple[str, int]:
    """The value starting at `at`, unescaped, and the index after it."""
    quoted = text.startswith("'", at)
    index = at + 1 if quoted else at
    found: list[str] = []
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            found.append(text[index + 1])
            index += 2
            continue
        if quoted and char == "'":
            return "".join(found), index + 1
        if not quoted and char.isspace():
            break
        found.append(char)
        index += 1
    if quoted:
        raise ConninfoError(f"the value of {keyword!r} opens a quote it never closes")
    return "".join(found), index


def parse(text: str) -> list[Entry]:
    """The keyword=value pairs of a connection string, in order; ConninfoError for anything else."""
    if text.lstrip().startswith(URI_PREFIXES):
        raise ConninfoError("write the connection as keyword=value pairs (host=... dbname=...), not as a URI")
    if "\x00" in text:
        raise ConninfoError("a connection string cannot hold a NUL character")
    entries: list[Entry] = []
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index == len(text):
            return entries
        start = index
        while index < len(text) and text[index] != "=" and not text[index].isspace():
            index += 1
        keyword = text[start:index]
        while index < len(text) and text[index].isspace():
            index += 1
        if not keyword or index == len(text) or text[index] != "=":
            raise ConninfoError(f"expected keyword=value at character {start + 1}")
        index += 1
        while index < len(text) and text[index].isspace():
            index += 1
        value_start = index
        value, index = _value(text, index, keyword)
        entries.append(Entry(keyword, value, value_start, index))


def _replaced(text: str, entries: list[Entry], by: dict[str, str]) -> str:
    """`text` with the raw value of each secret entry replaced by `by[keyword]`."""
    for entry in sorted((e for e in entries if e.secret), key=lambda e: e.start, reverse=True):
        text = text[: entry.start] + by[entry.keyword] + text[entry.end :]
    return text


def masked(text: str) -> str:
    """The string with each secret value shown as the mask: what plans and comparisons see."""
    entries = parse(text)
    return _replaced(text, entries, dict.fromkeys(SECRET_OPTIONS, MASK))


def secrets(text: str) -> dict[str, str]:
    """Secret keyword -> its value (live), or its `${env:NAME}` (declared)."""
    return {entry.keyword: entry.value for entry in parse(text) if entry.secret}


def with_references(shown: str, variables: dict[str, str]) -> str:
    """A live string as shown (secrets masked) with each secret as `${env:VARIABLE}`: what export writes."""
    entries = parse(shown)
    return _replaced(shown, entries, {keyword: "${env:" + name + "}" for keyword, name in variables.items()})


def for_executor(text: str) -> str:
    """A declared string whose `${env:NAME}` values become `${env:NAME|conninfo}`: written quoted for libpq."""
    entries = parse(text)
    tokens = {e.keyword: "${env:" + str(parse_reference(e.value)) + "|conninfo}" for e in entries if e.secret}
    return _replaced(text, entries, tokens)


def declaration_problem(text: str) -> str | None:
    """Why a declared connection string is refused (hostile input), or None; never quotes a value."""
    try:
        entries = parse(text)
    except ConninfoError as exc:
        return str(exc)
    seen: set[str] = set()
    for entry in entries:
        if not KEYWORD.match(entry.keyword):
            return f"{entry.keyword!r} is not a connection keyword (lower-case letters, digits and _)"
        if entry.keyword in seen:
            return f"{entry.keyword!r} is given twice"
        seen.add(entry.keyword)
        reference = parse_reference(text[entry.start : entry.end]) is not None
        if entry.secret and not reference:
            return f"{entry.keyword} is a secret: write it as {entry.keyword}=${{env:NAME}}, never its value"
        if not entry.secret and "${env:" in entry.value:
            return (
                f"{entry.keyword}: only secret keywords ({', '.join(sorted(SECRET_OPTIONS))}) take ${{env:NAME}}, "
                "and as their whole value"
            )
    return None
