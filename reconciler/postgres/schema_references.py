"""Qualified names in a state file's SQL, pointed at the throwaway schemas the plan normalizes in.

normalize.py creates what a file declares in throwaway schemas, one per declared
schema, and sets the search_path to them, so unqualified names find the declared
objects. A qualified one, `SELECT * FROM app.users` in a view or
`nextval('app.orders_id_seq')` in a default, would name the live schema instead:
PostgreSQL refuses it when the live object is missing, and worse, binds to the
live object (with its live columns) when it is there. So before the materialized
statements run, `schema.name` where `name` is something the file declares in
`schema` becomes `<throwaway>.name`, in names and in string constants that hold
exactly such a name (regclass and regproc literals), and a declared schema's own
name cast to regnamespace (`'app'::regnamespace`) the throwaway one's. The inspector maps the
throwaway names back (inspector.SchemaMap.text), so the catalog text reads as
written.

Only names the file declares are rewritten: a function an extension installs in
`public` keeps its real schema. Dollar-quoted strings (function bodies, checked
only when they run) are left alone, but for the body of a LANGUAGE sql routine:
PostgreSQL inlines such a body wherever a CHECK, an index expression or a
generated column calls it, and parses it then, even over an empty table. There
a reference is rewritten only as quote_ident spells its schema (`app.x`,
`"App".x`), the spelling the inspector's mapping gives back, so the body reads
back exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from reconciler.postgres.fragments import FragmentError, Token, tokens
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.overloads import function_variants
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec

_SERIAL = re.compile(r"^\s*(small|big)?serial\s*$", re.IGNORECASE)
# 'app.name', '"App"."Name"' or 'app."Name"' inside a string constant, nothing else.
# 'app' or '"App"' inside a string constant cast to regnamespace.
_SCHEMA_LITERAL = re.compile(r'^(?:"(?:[^"]|"")+"|[^".\s\']+)$')
_QUALIFIED_LITERAL = re.compile(r'^(?P<schema>"(?:[^"]|"")+"|[^".\s]+)\.(?P<name>"(?:[^"]|"")+"|[^".\s()]+)$')


def declared_names(spec: DatabaseSpec) -> dict[str, set[str]]:
    """Logical schema -> the names of what the file creates in it (with serial and identity sequences)."""
    return {logical: _schema_names(schema) for logical, schema in spec.schemas.items()}


def _schema_names(schema: SchemaSpec) -> set[str]:
    names: set[str] = set()
    for section in (
        schema.enums,
        schema.collations,
        schema.domains,
        schema.composite_types,
        schema.ranges,
        schema.shell_types,
        schema.sequences,
        schema.procedures,
        schema.aggregates,
        schema.tables,
        schema.views,
        schema.materialized_views,
        schema.text_search_configurations,  # 'app.english'::regconfig
        schema.text_search_dictionaries,  # 'app.english_stem'::regdictionary
        schema.operator_classes,  # an index entry's `name app.my_text_ops`
    ):
        names.update(section)
    names.update(name for name, _, _ in function_variants(schema))
    for table_name, table in schema.tables.items():
        for column_name, column in table.columns.items():
            if column.identity is not None or _SERIAL.match(column.type):
                names.add(f"{table_name}_{column_name}_seq")
    names.update(f"_{name}" for name in list(names))  # array types
    return names


def _name(token: Token) -> str | None:
    """The name a word or quoted token stands for, as the catalog keeps it."""
    if token.kind == "word":
        return token.text.lower()
    if token.kind == "quoted" and token.text.startswith('"'):
        return token.text[1:-1].replace('""', '"')
    return None


def _literal_name(text: str) -> str:
    return text[1:-1].replace('""', '"') if text.startswith('"') else text.lower()


def to_physical(
    sql: str, names: Mapping[str, set[str]], physical: Mapping[str, str], *, exact_only: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """`sql` with declared `schema.name` references moved to the throwaway schemas, and its edits.

    Each edit is (where it starts in the original text, how many characters longer it made the text).
    `exact_only` (inside a body) rewrites a schema only where it is spelled as quote_ident spells it.
    """
    try:
        found = tokens(sql, comments=True)
    except FragmentError:
        return sql, []  # not lexable here: PostgreSQL reports it, at positions that still match
    sql_routine = not exact_only and _creates_sql_routine(found)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    values = _values(found)
    for i, token in enumerate(found):
        if token.kind == "string" and token.text.startswith("'"):
            if i in values:
                continue
            edit = _namespace_edit(found, i, physical, exact_only) or _literal_edit(token, names, physical, exact_only)
            if edit is not None:
                edits.append(edit)
            continue
        if token.kind == "string" and token.text.startswith("$"):
            if sql_routine:
                edits += _body_edit(token, names, physical)
            continue
        schema = _name(token)
        if schema is None or schema not in physical or i + 2 >= len(found) or found[i + 1].kind != ".":
            continue
        if i > 0 and found[i - 1].kind == ".":
            continue  # table.column or schema.table.column: not in a schema's place
        if exact_only and token.text != quote_ident(schema):
            continue
        name = _name(found[i + 2])
        if name is not None and name in names.get(schema, ()):
            edits.append((token.start, token.start + len(token.text), quote_ident(physical[schema])))
    shifts: list[tuple[int, int]] = []
    out, at = [], 0
    for start, end, replacement in edits:
        out += [sql[at:start], replacement]
        shifts.append((start, len(replacement) - (end - start)))
        at = end
    out.append(sql[at:])
    return "".join(out), shifts


# Words before a bracket whose string constants are values (enum labels, options), words before one that is
# (COMMENT ON ... IS, ALTER TYPE ... ADD VALUE 'x' BEFORE 'y'), and an aggregate's initial states (INITCOND =).
_VALUE_LISTS = frozenset({"enum", "options"})
_BEFORE_A_VALUE = frozenset({"is", "value", "before", "after"})
_STATES = frozenset({"initcond", "minitcond"})


def _values(found: list[Token]) -> set[int]:
    """The indexes of the string constants that are values, never names: a comment, an enum label, a setting, an
    aggregate's initial state, an option, a partition bound, or a constant cast to a type but a reg* one.

    Only a constant that may be a regclass or regproc literal (`nextval('app.seq')`) names an object: one of
    these spelling `lib.t` was moved to the throwaway schema and read back so (a comment, a label). One pass.
    """
    values: set[int] = set()
    seen: list[Token] = []  # the tokens before
    lists: list[bool] = []  # for each open bracket: whether its string constants are values
    bound = False  # after FOR VALUES: a partition bound
    for i, token in enumerate(found):
        if token.kind == "string":
            words = [t.text.lower() if t.kind == "word" else t.text for t in seen[-3:]]
            prev = words[-1] if words else ""
            if (
                bound
                or any(lists)
                or prev in _BEFORE_A_VALUE
                or (prev == "to" and len(seen) > 1 and seen[-2].kind == "string")  # RENAME VALUE 'x' TO 'y'
                or (prev in ("=", "to") and len(words) == 3 and (words[0] == "set" or words[1] in _STATES))
                or _cast_to_a_value(found, i)
            ):
                values.add(i)
        elif token.kind == "(":
            lists.append(bool(seen) and seen[-1].kind == "word" and seen[-1].text.lower() in _VALUE_LISTS)
        elif token.kind == ")" and lists:
            lists.pop()
        elif token.kind == "word" and token.text.lower() == "values" and seen and seen[-1].text.lower() == "for":
            bound = True
        seen.append(token)
    return values


def _cast_to_a_value(found: list[Token], i: int) -> bool:
    """Whether the constant at `found[i]` is cast (`::type`, maybe again) to types none of which is a reg* one."""
    types = []
    j = i + 1
    while j + 1 < len(found) and found[j].text == "::" and found[j + 1].kind == "word":
        types.append(found[j + 1].text.lower())
        j += 2
    return bool(types) and not any(name.startswith("reg") for name in types)


def _creates_sql_routine(found: list[Token]) -> bool:
    """Whether the statement is CREATE [OR REPLACE] FUNCTION or PROCEDURE ... LANGUAGE sql."""
    words = [t.text.lower() for t in found[:4] if t.kind == "word"]
    if not words or words[0] != "create" or not {"function", "procedure"} & set(words[1:4]):
        return False
    return any(
        t.kind == "word" and t.text.lower() == "language" and _name(found[i + 1]) == "sql"
        for i, t in enumerate(found[:-1])
    )


def _body_edit(token: Token, names: Mapping[str, set[str]], physical: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """The dollar-quoted body of a LANGUAGE sql routine with its exactly spelled references rewritten."""
    tag = token.text[: token.text.index("$", 1) + 1]
    inner = token.text[len(tag) : -len(tag)]
    rewritten, shifts = to_physical(inner, names, physical, exact_only=True)
    if not shifts or tag in rewritten:
        return []
    return [(token.start, token.start + len(token.text), f"{tag}{rewritten}{tag}")]


def _namespace_edit(
    found: list[Token], i: int, physical: Mapping[str, str], exact_only: bool
) -> tuple[int, int, str] | None:
    """A declared schema's name cast to regnamespace (`'app'::regnamespace`): the throwaway schema's instead."""
    if i + 2 >= len(found) or found[i + 1].text != "::" or found[i + 2].text.lower() != "regnamespace":
        return None
    token = found[i]
    body = token.text[1:-1]
    if not _SCHEMA_LITERAL.match(body):
        return None
    schema = _literal_name(body)
    if schema not in physical or (exact_only and body != quote_ident(schema)):
        return None
    return token.start + 1, token.start + 1 + len(body), quote_ident(physical[schema])


def _literal_edit(
    token: Token, names: Mapping[str, set[str]], physical: Mapping[str, str], exact_only: bool = False
) -> tuple[int, int, str] | None:
    body = token.text[1:-1]
    if "''" in body:
        return None
    match = _QUALIFIED_LITERAL.match(body)
    if match is None:
        return None
    schema, name = _literal_name(match["schema"]), _literal_name(match["name"])
    if schema not in physical or name not in names.get(schema, ()):
        return None
    if exact_only and match["schema"] != quote_ident(schema):
        return None
    start = token.start + 1  # inside the quote
    return start, start + len(match["schema"]), quote_ident(physical[schema])


def _moved(position: int, shifts: list[tuple[int, int]]) -> int:
    """A position in the original text as it is in the rewritten one."""
    return position + sum(growth for start, growth in shifts if start < position)


def readdress(
    statements: Iterable[SourcedStatement], names: Mapping[str, set[str]], physical: Mapping[str, str]
) -> list[SourcedStatement]:
    """The statements with their declared qualified names in the throwaway schemas, located parts kept in place.

    A statement that spells no declared schema's name anywhere, in any case, holds no reference to rewrite and
    is not lexed (most statements: materialize names the throwaway schemas itself).
    """
    spellings = {spelling.lower() for schema in physical for spelling in (schema, quote_ident(schema))}
    result = []
    for statement in statements:
        lowered = statement.sql.lower()
        if not any(spelling in lowered for spelling in spellings):
            result.append(statement)
            continue
        sql, shifts = to_physical(statement.sql, names, physical)
        if not shifts:
            result.append(statement)
            continue
        parts = tuple((_moved(start, shifts), path) for start, path in statement.parts)
        result.append(SourcedStatement(sql, statement.path, parts))
    return result
