"""Show text from state files, saved plans and live systems without letting it steer the output.

Names, values, statements and error messages come from files anyone can edit
in a pull request and from live systems anyone with write access can fill. A
newline in a Redis value must not print a line that looks like another plan
line, an ESC must not reach the terminal, and a bidi override must not make
`users_old` read as `dlo_sresu`. `printable` is the one place that decides
what is shown escaped; every renderer and the CLI's error output go through
it. JSON output does not: JSON escapes control characters by itself.
"""

from __future__ import annotations

import re

# Characters that move the cursor, end a line, change the terminal's state, reorder or hide text:
# every code point of Unicode categories Cc (C0, DEL, C1), Cf (bidi embeddings, overrides and isolates,
# zero-width space/joiners, word joiner, BOM, soft hyphen, tag characters), Zl and Zp (line and paragraph
# separators) and Cs (lone surrogates, which a JSON plan can carry and stdout cannot encode), plus the
# invisible look-alikes of a space (combining grapheme joiner, Hangul fillers).
_HIDDEN = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164"
    "\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` on one line with every control, bidi and invisible character written as an escape (`\\x1b`)."""
    return _HIDDEN.sub(_escape_char, text)


def printable_lines(text: str) -> list[str]:
    """Text whose own line breaks are its layout (a message built of lines): each line made printable."""
    return [printable(line) for line in text.split("\n")]


# \$(?:[A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$ and [A-Za-z0-9_$\x80-\uffff], as the classes of what they
# leave out: the same characters (every code point checked), compiled in 0.5 ms instead of 5-6 ms each.
_TAG_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]"
_TAG_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]"
_DOLLAR_TAG = re.compile(rf"\$(?:{_TAG_START}{_TAG_CHAR}*)?\$")
_IDENTIFIER_CHAR = re.compile(r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]")
_ORDINARY_RUN = re.compile(r"[^'\"$/-]+")


def _quoted_end(sql: str, start: int) -> int:
    """End (exclusive) of the '...' literal or "..." identifier opening at `start`; quotes double to escape."""
    quote = sql[start]
    backslash_escapes = quote == "'" and start > 0 and sql[start - 1] in "eE"
    i = start + 1
    while i < len(sql):
        if backslash_escapes and sql[i] == "\\":
            i += 2
            continue
        if sql[i] == quote:
            if sql.startswith(quote, i + 1):
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)


def _sql_segment_end(sql: str, i: int) -> tuple[int, bool]:
    """Where the SQL token at `i` ends, and whether it is a quoted literal or identifier (shown on one line)."""
    char = sql[i]
    if char in "'\"":
        return _quoted_end(sql, i), True
    if sql.startswith("--", i):
        end = sql.find("\n", i)
        return (len(sql) if end < 0 else end), False
    if sql.startswith("/*", i):
        end = sql.find("*/", i + 2)
        return (len(sql) if end < 0 else end + 2), False
    if char == "$" and (i == 0 or not _IDENTIFIER_CHAR.match(sql[i - 1])):
        tag = _DOLLAR_TAG.match(sql, i)
        if tag:
            end = sql.find(tag.group(), tag.end())
            return (len(sql) if end < 0 else end + len(tag.group())), False
    ordinary = _ORDINARY_RUN.match(sql, i)
    return (ordinary.end() if ordinary else i + 1), False


def sql_lines(sql: str) -> list[str]:
    """An SQL statement's display lines: its layout kept, line breaks inside quoted values shown as `\\n`.

    A function body or view query is code whose line breaks are what runs and what a reviewer reads; a
    seed value or comment with a newline is data, and must not print lines of its own.
    """
    pieces: list[str] = []
    i = 0
    while i < len(sql):
        end, quoted = _sql_segment_end(sql, i)
        segment = sql[i:end]
        pieces.append(segment.replace("\n", "\\n") if quoted else segment)
        i = end
    return printable_lines("".join(pieces))
