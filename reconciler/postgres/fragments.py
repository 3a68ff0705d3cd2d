"""SQL fragments a state file writes, checked to be exactly one thing of their kind.

A state file carries SQL text that `reconcile` places inside statements of its
own: a check expression goes into `CHECK (...)`, a view query after
`CREATE VIEW ... AS`, a column type after the column name. State files come
from pull requests, so such text must not be able to end its slot and add
something the plan does not show (`v > 0); DROP TABLE other.t; --`).

Two layers keep it in its slot:

- Here, before anything connects: each fragment is scanned with PostgreSQL's
  lexical rules (string constants in all their forms, dollar quotes, quoted
  identifiers, nested comments) and must be one expression (balanced brackets,
  no `;`, no comment that could swallow the closing bracket), one query, one
  type or one argument list. Expressions are then always placed in brackets.
  Index keys, exclusion elements and partition keys and bounds are split into
  such parts by fragments_tables.py.
- At the server: every statement goes through the extended query protocol,
  which refuses a string holding more than one command (executor, normalize).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# An identifier as PostgreSQL's lexer reads it (letters, digits, _ and $; non-ASCII counts as a letter).
# [A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*, as the classes of what they leave out: the same
# characters (every code point checked), and compiled in a tenth of a millisecond instead of 5-8 ms each.
_WORD = re.compile(r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*")
_DOLLAR_TAG = re.compile(r"\$([^\x00-\x40\x5b-\x5e\x60\x7b-\x7f][^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*)?\$")
# PostgreSQL's `space`: anything else, a no-break space included, is part of an identifier to its lexer.
_SPACE = frozenset(" \t\n\r\f")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_PLAIN_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")

# Bare words that may follow one another in a built-in type name (`double precision`,
# `timestamp(3) with time zone`, `interval day to second`, `character varying(20)`).
_TYPE_WORDS = frozenset(
    [
        "double",
        "precision",
        "character",
        "char",
        "varying",
        "nchar",
        "national",
        "bit",
        "timestamp",
        "time",
        "with",
        "without",
        "zone",
        "interval",
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "to",
        "varchar",
    ]
)
# Languages whose function "body" is a shared library PostgreSQL loads into the server process.
LIBRARY_LANGUAGES = frozenset({"c", "internal"})
QUERY_STARTS = frozenset({"select", "with", "values", "table"})
_C_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class FragmentError(ValueError):
    """A fragment that is not one thing of its kind; the message says what is wrong."""


class Token(NamedTuple):
    """One lexical token: `kind` is word, quoted, string, number, op, or the bracket/punctuation itself."""

    kind: str
    text: str
    start: int


def _line_end(text: str, i: int) -> int:
    """Where a -- comment starting at i ends: PostgreSQL ends it at \n or \r."""
    ends = [end for end in (text.find("\n", i), text.find("\r", i)) if end >= 0]
    return min(ends) if ends else len(text)


def _skip_block_comment(text: str, i: int) -> int:
    """Index after a (nested) /* ... */ comment starting at i."""
    depth, i = 1, i + 2
    while i < len(text):
        if text.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    raise FragmentError("a /* comment is not closed")


def _skip_quoted(text: str, i: int, quote: str, backslash: bool = False) -> int:
    """Index after a '...' constant or "..." name whose opening quote is at i.

    A doubled quote stands for itself; in E'...' constants a backslash escapes
    the next character too.
    """
    i += 1
    while not backslash:  # from quote to quote
        close = text.find(quote, i)
        if close < 0:
            break
        if not text.startswith(quote, close + 1):
            return close + 1
        i = close + 2  # a doubled quote
    while i < len(text):
        if (backslash and text[i] == "\\") or text.startswith(quote * 2, i):
            i += 2  # an escaped character, or a doubled quote
        elif text[i] == quote:
            return i + 1
        else:
            i += 1
    raise FragmentError("a string constant is not closed" if quote == "'" else "a quoted identifier is not closed")


# Prefixes of '...' constants: E'' (backslash escapes), B'' and X'' (bits), N'' (national), U&'' (Unicode escapes).
_STRING_PREFIXES = (("e", True), ("b", False), ("x", False), ("n", False), ("u&", False))


_PREFIX_STARTS = frozenset("'eEbBxXnNuU")


def _string_prefix(text: str, i: int) -> tuple[int, bool] | None:
    """(length of the prefix, backslash escapes) when a '...' constant starts at i."""
    if text[i] not in _PREFIX_STARTS:
        return None
    if text.startswith("'", i):
        return 0, False
    for prefix, backslash in _STRING_PREFIXES:
        if text[i : i + len(prefix)].lower() == prefix and text.startswith("'", i + len(prefix)):
            return len(prefix), backslash
    return None


def tokens(text: str, *, comments: bool = False) -> list[Token]:
    """PostgreSQL's lexical structure of `text` (standard_conforming_strings on, as reconcile sets it).

    Comments are refused unless `comments` is true: in a fragment placed inside
    brackets, a `--` comment would swallow the closing bracket.
    """
    found: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _SPACE:
            i = _SPACES.match(text, i).end()  # type: ignore[union-attr]  # char is one
        elif text.startswith("--", i) or text.startswith("/*", i):
            if not comments:
                raise FragmentError("comments are not allowed here")
            i = _line_end(text, i) if text.startswith("--", i) else _skip_block_comment(text, i)
        elif (prefix := _string_prefix(text, i)) is not None:
            length, backslash = prefix
            end = _skip_quoted(text, i + length, "'", backslash)
            found.append(Token("string", text[i:end], i))
            i = end
        elif char == '"' or (char in "uU" and text.startswith('&"', i + 1)):
            end = _skip_quoted(text, i if char == '"' else i + 2, '"')
            found.append(Token("quoted", text[i:end], i))
            i = end
        elif char == "$" and (match := _DOLLAR_TAG.match(text, i)):
            close = text.find(match.group(0), match.end())
            if close < 0:
                raise FragmentError(f"a {match.group(0)} quoted string is not closed")
            end = close + len(match.group(0))
            found.append(Token("string", text[i:end], i))
            i = end
        elif word := _WORD.match(text, i):
            end = word.end()
            found.append(Token("word", text[i:end], i))
            i = end
        elif char.isdigit() or (char == "." and text[i + 1 : i + 2].isdigit()):
            end = i + 1
            while end < len(text) and (text[end].isalnum() or text[end] in "._"):
                end += 1
            found.append(Token("number", text[i:end], i))
            i = end
        elif char in "()[],;.":
            found.append(Token(char, char, i))
            i += 1
        elif ord(char) < 32 or ord(char) == 127:
            raise FragmentError(f"control character {char!r} is not allowed")
        else:
            end = i + 1
            while end < len(text) and text[end] in "+-*/<>=~!@#%^&|`?:":
                if text.startswith("--", end) or text.startswith("/*", end):
                    break
                end += 1
            found.append(Token("op", text[i:end], i))
            i = end
    return found


def _balanced(found: list[Token], what: str) -> None:
    """Brackets pair up, and nothing ends the statement (`;`) outside of them or inside."""
    for token in found:
        if token.kind == ";":
            raise FragmentError(f"{what} must be a single {what}: ';' ends a statement (position {token.start + 1})")
    stack: list[str] = []
    pairs = {")": "(", "]": "["}
    for token in found:
        if token.kind in "([":
            stack.append(token.kind)
        elif token.kind in ")]" and (not stack or stack.pop() != pairs[token.kind]):
            raise FragmentError(f"{what} closes a bracket it did not open (position {token.start + 1})")
    if stack:
        raise FragmentError(f"{what} opens a bracket it does not close")


def _top_level(found: list[Token]) -> list[Token]:
    """The tokens outside any bracket."""
    depth, outside = 0, []
    for token in found:
        if token.kind in "([":
            depth += 1
        elif token.kind in ")]":
            depth -= 1
        elif depth == 0:
            outside.append(token)
    return outside


def _not_empty(text: str, what: str) -> list[Token]:
    found = tokens(text)
    if not found:
        raise FragmentError(f"{what} is empty")
    return found


def check_expression(text: str) -> None:
    """One SQL expression, to be placed in brackets: `CHECK (...)`, `DEFAULT (...)`, `WHERE (...)`."""
    found = _not_empty(text, "expression")
    _balanced(found, "expression")
    if any(t.kind == "," for t in _top_level(found)):
        raise FragmentError("expression must be a single expression: a ',' outside brackets separates two")


def check_query(text: str) -> None:
    """One query (SELECT, WITH, VALUES or TABLE), as in CREATE VIEW ... AS <query>; comments are allowed."""
    found = tokens(text.strip().rstrip(";"), comments=True)
    if not found:
        raise FragmentError("query is empty")
    _balanced(found, "query")
    first = next((t for t in found if t.kind != "("), None)
    if first is None or first.kind != "word" or first.text.lower() not in QUERY_STARTS:
        raise FragmentError("query must start with SELECT, WITH, VALUES or TABLE")


# The commands a rule's action may be (CREATE RULE's RuleActionStmt): SelectStmt in its forms, INSERT, UPDATE,
# DELETE, NOTIFY.
RULE_ACTION_STARTS = frozenset({"select", "with", "values", "table", "insert", "update", "delete", "notify"})


def check_rule_action(text: str) -> None:
    """One command of a rule's action, placed among the others in `DO ... (a; b)`.

    Like an expression it must not end its slot: no `;` (the actions are a list, and reconcile writes the
    separators), balanced brackets, no comment that could swallow the closing bracket. It runs only when a
    later write fires the rule, never while planning or applying; it is one SELECT, INSERT, UPDATE, DELETE
    or NOTIFY, which is all CREATE RULE accepts.
    """
    found = tokens(text)
    if not found:
        raise FragmentError("action is empty")
    for token in found:
        if token.kind == ";":
            raise FragmentError(
                f"an action must be a single command: ';' ends a statement (position {token.start + 1}); "
                "list each command as its own entry of actions"
            )
    _balanced(found, "action")
    first = next((t for t in found if t.kind != "("), None)
    if first is None or first.kind != "word" or first.text.lower() not in RULE_ACTION_STARTS:
        raise FragmentError("an action must be one SELECT, INSERT, UPDATE, DELETE or NOTIFY command")


def check_select(text: str) -> None:
    """One SELECT (or WITH ... SELECT) query: a schema template's `query`, run read-only in the target database.

    VALUES and TABLE are refused too: the query is there to compute names, and
    reading it should not need more than the first word to know it only reads.
    """
    check_query(text)
    first = next(t for t in tokens(text.strip().rstrip(";"), comments=True) if t.kind != "(")
    if first.text.lower() not in {"select", "with"}:
        raise FragmentError("query must be a SELECT (or WITH ... SELECT) returning schema names")


def check_type(text: str) -> None:
    """One type name: `integer`, `varchar(255)`, `timestamp(3) with time zone`, `public.citext`, `text[]`.

    Modifiers in brackets may hold numbers and names only (`numeric(10, 2)`,
    `geometry(Point, 4326)`); several names in a row only as in PostgreSQL's
    multi-word built-in types.
    """
    found = _not_empty(text, "type")
    _balanced(found, "type")
    depth = 0
    for token in found:
        if token.kind in "([":
            depth += 1
        elif token.kind in ")]":
            depth -= 1
        elif depth > 0:
            if token.kind not in ("number", "word", "quoted", ",") and token.text != "-":
                raise FragmentError(f"type modifiers hold numbers and names only, not {token.text!r}")
        elif token.kind not in ("word", "quoted", "."):
            raise FragmentError(f"{text.strip()!r} is not one type name ({token.text!r} has no place in it)")
    names = _names(_top_level(found))
    if not names:
        raise FragmentError(f"{text.strip()!r} is not a type name")
    if len(names) > 1 and any(n.kind != "word" or n.text.lower() not in _TYPE_WORDS for n in names):
        raise FragmentError(f"{text.strip()!r} is not one type name")


def _names(top: list[Token]) -> list[Token]:
    """The first part of each name in a row (`public.citext` is one name, `double precision` two)."""
    return [t for i, t in enumerate(top) if t.kind in ("word", "quoted") and (i == 0 or top[i - 1].kind != ".")]


def check_returns(text: str) -> None:
    """A function's RETURNS clause: a type, `SETOF <type>`, or `TABLE (<name> <type>, ...)`."""
    found = _not_empty(text, "return type")
    _balanced(found, "return type")
    head = found[0].text.lower() if found[0].kind == "word" else ""
    if head == "table":
        if len(found) < 3 or found[1].kind != "(" or found[-1].kind != ")" or len(_top_level(found)) != 1:
            raise FragmentError("RETURNS TABLE must be `TABLE (name type, ...)` and nothing after it")
        return
    if head == "setof":
        check_type(text[found[1].start :] if len(found) > 1 else "")
        return
    check_type(text)


def check_arguments(text: str) -> None:
    """A function's argument list, placed inside the brackets of `name(...)`."""
    if not text.strip():
        return
    _balanced(tokens(text), "argument list")


def check_language(text: str) -> None:
    """A procedural language name; the ones that load a shared library into the server are refused."""
    if not _PLAIN_WORD.match(text):
        raise FragmentError(f"{text!r} is not a language name")
    if text.lower() in LIBRARY_LANGUAGES:
        raise FragmentError(
            f"language {text} loads a shared library into the server; declare such functions through an extension"
            + (
                " (a function may be LANGUAGE internal as an exact alias of a built-in one)"
                if text.lower() == "internal"
                else ""
            )
        )


def check_internal_function(language: str, body: str) -> None:
    """LANGUAGE internal's body: the C name of one built-in function (internal_functions.py checks the rest)."""
    if language.lower() != "internal":
        check_language(language)
        return
    if not _C_NAME.match(body):
        raise FragmentError(f"a LANGUAGE internal body is the C name of a built-in function, not {body!r}")


def check_sql_body(text: str) -> None:
    """A SQL-standard function body: `RETURN <one expression>`, or `BEGIN ATOMIC <statements> END`.

    The body is the last clause of CREATE FUNCTION, written as is. So `RETURN` must be followed by exactly
    one expression (no `;`), and `BEGIN ATOMIC` by statements each ended by `;`, then the END that closes
    the block, with nothing but one optional `;` after it: `BEGIN ATOMIC SELECT 1; END; DROP TABLE t` ends
    the statement early. CASE ... END inside is counted, so its END does not close the block; END or CASE
    after `.` or AS is a column name or label, not a keyword. Comments are allowed: nothing follows the body.
    """
    found = tokens(text, comments=True)
    if not found:
        raise FragmentError("sql_body is empty")
    words = [t.text.lower() if t.kind == "word" else "" for t in found]
    if words[0] == "return":
        if len(found) == 1:
            raise FragmentError("RETURN must be followed by an expression")
        _balanced(found[1:], "expression")
        if any(t.kind == "," for t in _top_level(found[1:])):
            raise FragmentError("RETURN takes a single expression: a ',' outside brackets separates two")
        return
    if words[:2] != ["begin", "atomic"]:
        raise FragmentError("sql_body must start with RETURN or BEGIN ATOMIC")
    end = _atomic_block_end(found, words)
    rest = found[end + 1 :]
    if rest and not (len(rest) == 1 and rest[0].kind == ";"):
        raise FragmentError(
            f"nothing may follow the END that closes BEGIN ATOMIC (position {rest[0].start + 1}: {rest[0].text!r})"
        )
    _balanced([t for t in found[: end + 1] if t.kind != ";"], "BEGIN ATOMIC body")


def _atomic_block_end(found: list[Token], words: list[str]) -> int:
    """The index of the END closing the block opened at found[0]; `;` may end statements only at its own level."""
    depth, brackets = 0, 0
    for i, token in enumerate(found):
        keyword = words[i] and not (i > 0 and (found[i - 1].kind == "." or words[i - 1] == "as"))
        if token.kind in "([":
            brackets += 1
        elif token.kind in ")]":
            brackets -= 1
        elif keyword and words[i] in ("begin", "case"):
            depth += 1
        elif keyword and words[i] == "end":
            depth -= 1
            if depth == 0:
                if brackets:
                    raise FragmentError(f"END at position {token.start + 1} closes BEGIN ATOMIC inside brackets")
                return i
        elif token.kind == ";" and (depth != 1 or brackets):
            raise FragmentError(f"';' at position {token.start + 1} is inside an expression, not between statements")
    raise FragmentError("BEGIN ATOMIC has no matching END")


_SETTING_NUMBER = re.compile(r"^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][0-9]+)?$")


def check_setting_value(text: str) -> None:
    """A configuration value as after `SET name =`: names, numbers and 'strings', separated by commas.

    `SET search_path = pg_catalog, public` sets two schemas; `'pg_catalog, public'` would be one schema
    with a comma in its name, which is why the value is SQL and not a plain string.
    """
    found = _not_empty(text, "setting value")
    expect_value = True
    for i, token in enumerate(found):
        if not expect_value:
            if token.kind != ",":
                raise FragmentError(
                    f"a setting value is names, numbers or 'strings' separated by commas; {token.text!r} "
                    "does not belong (write a value such as 64MB as the string '64MB')"
                )
        elif token.kind == "number" and not _SETTING_NUMBER.match(token.text):
            raise FragmentError(f"{token.text!r} is not a number; write it as the string '{token.text}'")
        elif token.kind == "op" and token.text in ("-", "+"):
            if i + 1 >= len(found) or found[i + 1].kind != "number":
                raise FragmentError(f"{token.text!r} must be the sign of a number")
            continue
        elif token.kind not in ("word", "quoted", "string", "number"):
            raise FragmentError(f"a setting value is names, numbers or 'strings'; {token.text!r} is none of them")
        expect_value = not expect_value
    if expect_value:
        raise FragmentError("a setting value must not end with a comma")


# What a data step may be: statements that read or write rows, whose whole effect is the text the plan shows.
DATA_STATEMENT_STARTS = frozenset({"insert", "update", "delete", "merge", "select", "with"})
# Why other statements are refused; any other first word gets the general reason.
_REFUSED_STATEMENTS = {
    **dict.fromkeys(
        ("begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare"),
        "is transaction control: a step runs inside the apply's transaction, which reconcile commits or rolls back",
    ),
    "do": "runs a procedural block whose statements the plan cannot show",
    "call": "runs a procedure whose statements the plan cannot show",
    "copy": "can read and write server files and run programs on the server",
    **dict.fromkeys(("set", "reset"), "changes the session's settings or role for the rest of the apply"),
    "truncate": "takes an ACCESS EXCLUSIVE lock and empties the table; write DELETE, which the plan marks destructive",
}


def data_statement_text(text: str) -> str:
    """A data step's statement as it runs and as it is digested: without surrounding space and a final `;`."""
    stripped = text.strip()
    return stripped[:-1].rstrip() if stripped.endswith(";") else stripped


def check_data_statement(text: str) -> list[Token]:
    """One statement that reads or writes rows: INSERT, UPDATE, DELETE, MERGE, SELECT or WITH; its tokens.

    Schema changes belong in the state file, and transaction control, DO
    blocks, procedures, COPY and SET would escape the apply's transaction or
    the plan; psql's backslash commands are not SQL at all.
    """
    found = tokens(data_statement_text(text), comments=True)
    if not found:
        raise FragmentError("statement is empty")
    for token in found:
        if token.kind == "op" and "\\" in token.text:
            raise FragmentError(f"{token.text!r} is a psql meta-command, not SQL; the server never runs psql")
    _balanced(found, "statement")
    first = next((t for t in found if t.kind != "("), None)
    word = first.text.lower() if first is not None and first.kind == "word" else ""
    if word not in DATA_STATEMENT_STARTS:
        shown = first.text if first is not None else "("
        reason = _REFUSED_STATEMENTS.get(word, "is not a data statement (schema changes belong in the state file)")
        raise FragmentError(
            f"a step must be one INSERT, UPDATE, DELETE, MERGE, SELECT or WITH statement: {shown} {reason}"
        )
    top = [t.text.lower() for t in _top_level(found) if t.kind == "word"]
    if "into" in top and not {"insert", "merge"} & set(top[: top.index("into")]):
        raise FragmentError("SELECT ... INTO creates a table; declare it in the state file and INSERT INTO ... SELECT")
    return found


def check_name(text: str, what: str) -> None:
    """A bare SQL name (index method, operator class): letters, digits and _ only."""
    if not _PLAIN_WORD.match(text):
        raise FragmentError(f"{text!r} is not a plain {what} name")


def check_qualified_name(text: str, what: str) -> None:
    """A name, optionally schema-qualified, plain or quoted (`my_fn`, `util."Diff"`): a function, an operator class."""
    found = tokens(text)
    parts = [t for i, t in enumerate(found) if i % 2 == 0]
    dots = [t for i, t in enumerate(found) if i % 2 == 1]
    if (
        not found
        or len(found) % 2 == 0
        or len(parts) > 2
        or any(t.kind not in ("word", "quoted") for t in parts)
        or any(t.kind != "." for t in dots)
    ):
        raise FragmentError(f"{what} {text!r} is not a name or schema.name")


def top_level_commas(found: list[Token]) -> list[int]:
    """Where the commas outside brackets stand in tokenized text: the splits of an argument list."""
    depth, commas = 0, []
    for token in found:
        if token.kind in ("(", "["):
            depth += 1
        elif token.kind in (")", "]"):
            depth -= 1
        elif token.kind == "," and depth == 0:
            commas.append(token.start)
    return commas
