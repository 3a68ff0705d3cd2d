"""Export live PostgreSQL databases as state/postgres/<database>.yaml, to adopt a database that already runs.

The contract is a round trip: planning against the export finds no changes.
The planner never compares what a file says with the catalogs directly; it
creates the declared schema in throwaway schemas and compares PostgreSQL's
own rendering of both sides. So the export reads the database with the
planner's inspector, under the same search_path the planner will use (the
exported schemas in file order, then the extension schemas), and writes each
value so that creating it again renders it exactly as the live catalog does:

- Types and defaults are written in the catalog's spelling, which always
  reads back the same.
- Expressions (checks, index columns and predicates, trigger conditions,
  views) are PostgreSQL's deparsed text, with one repair: PostgreSQL prints
  `varchar_col IN ('a', 'b')` as `(col)::text = ANY ((ARRAY['a'::varchar,
  ...])::text[])`, and parsing that again pushes the cast into the array
  elements, a different tree. Such arrays are written back as the `IN` list
  they came from (or, where that is not possible, with the array's own
  element type spelled out, which stops the push-down).
- A column whose default is `nextval` of a sequence it owns is `serial` (or
  `bigserial`, `smallserial`), and that sequence is not exported separately.
- Single-column primary keys, unique constraints, checks and foreign keys go
  on the column, as people write them; the rest are table-level.
- A constraint's name is left out when PostgreSQL would choose that very
  name again (`users_email_key`, `orders_check`, including its truncation to
  63 bytes) and nothing else in the schema holds it; otherwise it is kept.
- The materializer creates objects in file order, so views come after the
  views they read, and a schema after the schemas whose views or types its
  own views and functions need (otherwise `public` first, then by name).

What state files cannot declare at all (partitioned tables and partitions,
inheritance children, exclusion and NOT VALID constraints, transition-table
triggers, grants, policies, comments on indexes...; see undeclarable.py) is
named in the file's header under "Not declarable yet"; such objects are left
out or declared without what the file cannot say, and plan and apply leave
them alone. Before any other object is written it is rendered back the way
the materializer will create it and compared with the live definition; what
does not render back exactly is left out rather than approximated, and named
in the header, so the plan shows it as the one thing left to settle instead of
silently redefining it. What can only be approximated (a serial column whose
sequence has other options) is declared as closely as possible and also named
in the header.

Which databases: `options.databases`, or every database that accepts
connections except templates and `postgres`. Which schemas: every schema
that is not PostgreSQL's own (pg_catalog, information_schema, pg_toast*,
pg_temp*) or an extension's; `options.prefixes`, when given, limits the
export to the schemas whose names start with one of them. Everything in an
exported schema is declared, since the planner manages declared schemas
whole. A foreign key to a table in a schema the prefixes leave out still
names it, and `reconcile validate` then reports that table as undeclared.
Extensions are database-wide and are all exported (plpgsql, which lives in
pg_catalog, is PostgreSQL's own and is not).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import psycopg
from psycopg.conninfo import conninfo_to_dict

from reconciler.errors import ReconcileError
from reconciler.export import ExportedFile, ExportOptions
from reconciler.postgres import undeclarable
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.connection import connect
from reconciler.postgres.ddl import setting_value_sql
from reconciler.postgres.dependencies import function_id, member_id, object_id, split_qualified, table_id, view_id
from reconciler.postgres.fragments import LIBRARY_LANGUAGES, index_key
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.materialize import index_clause, trigger_clause
from reconciler.postgres.model import (
    Column,
    Constraint,
    Database,
    Function,
    Index,
    Sequence,
    SequenceOptions,
    Table,
    Trigger,
    View,
)
from reconciler.postgres.spec import SETTING_NAME, DatabaseSpec, IndexSpec, TriggerSpec

NAMEDATALEN = 64  # PostgreSQL's identifier buffer: names hold at most 63 bytes

DATABASES = """
SELECT datname FROM pg_database
WHERE NOT datistemplate AND datallowconn AND datname <> 'postgres'
ORDER BY datname
"""

# Schemas people made: not PostgreSQL's own, not created by an extension.
SCHEMAS = r"""
SELECT n.nspname
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE '\_reconcile%'  -- reconcile's own: apply records, plan's throwaway schemas
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname
"""

EXTENSIONS = """
SELECT e.extname, n.nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname <> 'pg_catalog'
ORDER BY e.extname
"""

# Functions using a type of another schema: the materializer creates each schema's types and functions
# together, schema by schema, so the type's schema must come first in the file.
FUNCTION_TYPE_SCHEMAS = """
SELECT DISTINCT pn.nspname, tn.nspname
FROM pg_proc p
JOIN pg_namespace pn ON pn.oid = p.pronamespace
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_type'::regclass
JOIN pg_type t ON t.oid = d.refobjid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
WHERE pn.nspname = ANY(%(schemas)s) AND tn.nspname = ANY(%(schemas)s) AND tn.nspname <> pn.nspname
"""

# Which views each view reads, so views can be declared after the views they need.
VIEW_DEPENDENCIES = """
SELECT DISTINCT vn.nspname AS schema_name, v.relname AS name, rn.nspname AS dep_schema, r.relname AS dep_name
FROM pg_rewrite w
JOIN pg_class v ON v.oid = w.ev_class AND v.relkind = 'v'
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
JOIN pg_class r ON r.oid = d.refobjid AND r.relkind = 'v' AND r.oid <> v.oid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
WHERE vn.nspname = ANY(%(schemas)s)
"""

_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')+)'::regclass\)$")
_INTEGER = re.compile(r"^-?[0-9]+$")
_REFERENCE_NAME = re.compile(r"^[^.(),\s]+$")  # what the `table(column)` shorthand can carry


# --- reading PostgreSQL's deparsed SQL ---------------------------------------------------------------------------


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<string>'(?:[^']|'')*')
    |(?P<quoted>"(?:[^"]|"")*")
    |(?P<word>[^\W\d]\w*(?:\$\w*)*)
    |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    |(?P<cast>::)
    |(?P<punct>[()\[\],;.])
    |(?P<operator>[-+*/<>=~!@\#%^&|`?:$]+)
    """,
    re.VERBOSE,
)
_OPEN = {"(": ")", "[": "]"}
# Words that end an operand when reading backwards: they are never a column, function or type name.
_KEYWORDS = "and or not is in any all some when then else where select on case between like ilike similar exists"
_BOUNDARY_WORDS = frozenset(f"{_KEYWORDS} distinct from as by having using".split())


def tokenize(text: str) -> list[Token]:
    """PostgreSQL's deparsed SQL as tokens (spaces dropped); literals and quoted names stay whole."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            tokens.append(Token("other", text[position], position, position + 1))
            position += 1
            continue
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group(), match.start(), match.end()))
        position = match.end()
    return tokens


def _closing(tokens: list[Token], index: int) -> int | None:
    """Index of the bracket that closes the one at `index`."""
    depth = 0
    for i in range(index, len(tokens)):
        text = tokens[i].text
        if tokens[i].kind != "punct":
            continue
        if text in _OPEN:
            depth += 1
        elif text in (")", "]"):
            depth -= 1
            if depth == 0:
                return i
    return None


def _opening(tokens: list[Token], index: int) -> int | None:
    """Index of the bracket that opens the one closing at `index`."""
    depth = 0
    for i in range(index, -1, -1):
        text = tokens[i].text
        if tokens[i].kind != "punct":
            continue
        if text in (")", "]"):
            depth += 1
        elif text in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top_level(text: str) -> list[str]:
    """Split on the commas that are not inside brackets, literals or quoted names."""
    parts: list[str] = []
    depth, start = 0, 0
    for token in tokenize(text):
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
        elif token.text in (")", "]"):
            depth -= 1
        elif token.text == "," and depth == 0:
            parts.append(text[start : token.start].strip())
            start = token.end
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def strip_parens(text: str) -> str:
    """`((a > 0))` -> `a > 0`: parentheses around the whole expression say nothing to the parser."""
    text = text.strip()
    while text.startswith("("):
        tokens = tokenize(text)
        if _closing(tokens, 0) != len(tokens) - 1:
            break
        text = text[1:-1].strip()
    return text


def unquote(name: str) -> str:
    """A name as PostgreSQL printed it (`"Weird Col"`, `users`) -> the name itself."""
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def _names(tokens: list[Token]) -> list[str] | None:
    """`a, "B"` -> ['a', 'B']; None when the tokens are anything else."""
    names: list[str] = []
    for i, token in enumerate(tokens):
        if i % 2 == 0 and token.kind in ("word", "quoted"):
            names.append(unquote(token.text))
        elif i % 2 == 1 and token.text == ",":
            continue
        else:
            return None
    return names if len(tokens) % 2 == 1 else None


# --- making deparsed expressions parse back to themselves ----------------------------------------------------------


@dataclass
class _ArrayCast:
    """`ARRAY[...]::T[]` or `(ARRAY[...])::T[]` in the token list."""

    first: int  # first token of the cast expression (ARRAY, or the parenthesis around it)
    last: int  # last token (the `]` of `T[]`)
    array: int  # the ARRAY token
    close: int  # the `]` closing the elements
    target: str  # T
    elements: list[str]
    element_type: str | None  # the type every element is cast to, when they all are


_TYPE_NAME = r'(?:[^\W\d]\w*|"(?:[^"]|"")+")(?:[ .](?:[^\W\d]\w*|"(?:[^"]|"")+"))*(?:\(\d+(?:,\d+)?\))?'
_ELEMENT = re.compile(rf"^(?:'(?:[^']|'')*'|NULL)::(?P<type>{_TYPE_NAME})$")
_ARRAY_TYPE = re.compile(rf"\s*(?P<type>{_TYPE_NAME})\[\]")


def _array_cast(text: str, tokens: list[Token], index: int) -> _ArrayCast | None:
    if tokens[index].text.upper() != "ARRAY" or index + 1 >= len(tokens) or tokens[index + 1].text != "[":
        return None
    close = _closing(tokens, index + 1)
    if close is None:
        return None
    first, after = index, close + 1
    wrapped = index > 0 and tokens[index - 1].text == "(" and after < len(tokens) and tokens[after].text == ")"
    if wrapped:
        first, after = index - 1, after + 1
    if after >= len(tokens) or tokens[after].kind != "cast":
        return None
    # The target type, directly followed by the `[]` that makes it an array type.
    target = _ARRAY_TYPE.match(text, tokens[after].end)
    if target is None:
        return None
    end = after + 1
    while end < len(tokens) and tokens[end].start < target.end():
        end += 1
    elements = split_top_level(text[tokens[index + 1].end : tokens[close].start])
    types = {m["type"].strip() if (m := _ELEMENT.match(e)) else None for e in elements}
    element_type = types.pop() if len(types) == 1 else None
    return _ArrayCast(first, end - 1, index, close, target["type"], elements, element_type)


def _operand_start(tokens: list[Token], last: int) -> int | None:
    """First token of the primary expression ending at token `last`: what a `::type` written after it applies to.

    A name (`t.status`), a literal, a parenthesized expression, a function
    call or a subscript; None for anything else (an operator, a cast chain).
    """
    i = last
    while True:
        token = tokens[i]
        if token.text in (")", "]"):
            opening = _opening(tokens, i)
            if opening is None:
                return None
            i = opening
            before = tokens[i - 1] if i > 0 else None
            if token.text == "]":  # a subscript: continue with what it subscripts
                if before is None or before.text.lower() in _BOUNDARY_WORDS:
                    return None
                i -= 1
                continue
            if before is None or before.kind not in ("word", "quoted") or before.text.lower() in _BOUNDARY_WORDS:
                return i
            i -= 1  # a function call: continue with the function's name
        elif token.kind not in ("word", "quoted", "string", "number"):
            return None
        while i >= 2 and tokens[i - 1].text == "." and tokens[i - 2].kind in ("word", "quoted"):
            i -= 2  # schema.table.column
        if i >= 1 and tokens[i - 1].kind == "cast":
            return None  # the type of an inner cast (`x::a::b`): not a primary
        return i


@dataclass(frozen=True)
class _Edit:
    start: int  # character offsets in the expression
    end: int
    text: str


def _in_list(text: str, tokens: list[Token], cast: _ArrayCast, drop_casts: Callable[[str, str], bool]) -> _Edit | None:
    """`(x)::T = ANY ((ARRAY[...])::T[])` -> `x IN (...)` (`<> ALL` -> `NOT IN`): the SQL PostgreSQL read."""
    a = cast.first
    if not (a >= 4 and tokens[a - 1].text == "(" and cast.last + 1 < len(tokens) and tokens[cast.last + 1].text == ")"):
        return None
    op, quantifier = tokens[a - 3].text, tokens[a - 2].text.upper()
    if (op, quantifier) not in (("=", "ANY"), ("<>", "ALL")):
        return None
    # The left operand must be exactly `P::T`, T being the array's target type: the coercion the
    # IN list's operator added. An operand such as `a || (b)::text` is not that shape and stays.
    cast_at = a - 4
    while cast_at > 0 and tokens[cast_at].kind != "cast":
        cast_at -= 1
    if cast_at == 0 or text[tokens[cast_at].end : tokens[a - 3].start].strip() != cast.target:
        return None
    start = _operand_start(tokens, cast_at - 1)
    if start is None:
        return None
    before = tokens[start - 1] if start > 0 else None
    if before is not None and before.text not in ("(", ",") and before.text.lower() not in _BOUNDARY_WORDS:
        return None  # an operator binding tighter than IN would take part of the operand
    subject = text[tokens[start].start : tokens[cast_at].start].strip()
    elements = cast.elements
    if cast.element_type and drop_casts(subject, cast.element_type):
        elements = [e[: e.rindex("::")] for e in elements]
    if _is_name(subject):
        subject = strip_parens(subject)
    keyword = "IN" if op == "=" else "NOT IN"
    return _Edit(tokens[start].start, tokens[cast.last + 1].end, f"{subject} {keyword} ({', '.join(elements)})")


def _is_name(text: str) -> bool:
    return all(t.kind in ("word", "quoted") or t.text == "." for t in tokenize(strip_parens(text)))


def reparseable(expression: str, column_types: Mapping[str, str] | None = None) -> str:
    """Deparsed SQL that parses back to the same text.

    PostgreSQL parses `ARRAY[...]::T[]` by casting each element to T, so its
    own rendering of `varchar_col IN ('a', 'b')` (an array of varchar cast to
    text[] as a whole) reads back as a different expression. Such arrays are
    written as the IN list they came from; `column_types` (name -> catalog
    type), when known, lets the elements drop the casts the column's type
    implies. Any other such array gets its element type spelled out, which
    keeps the cast on the whole array.
    """
    types = column_types or {}

    def drop_casts(subject: str, element_type: str) -> bool:
        name = unquote(strip_parens(subject))
        return name in types and re.sub(r"\(.*\)$", "", types[name]) == element_type

    position = 0
    while True:
        tokens = tokenize(expression)
        found = next(
            (
                cast
                for index, token in enumerate(tokens)
                if token.start >= position
                and token.kind == "word"
                and (cast := _array_cast(expression, tokens, index)) is not None
            ),
            None,
        )
        if found is None:
            return expression
        position = tokens[found.array].end
        if found.element_type is None or found.element_type == found.target:
            continue  # nothing PostgreSQL would push down, or nothing to tell it
        edit = _in_list(expression, tokens, found, drop_casts)
        if edit is None:
            array = expression[tokens[found.array].start : tokens[found.close].end]
            edit = _Edit(
                tokens[found.first].start,
                tokens[found.last].end,
                f"({array}::{found.element_type}[])::{found.target}[]",
            )
        # Every edit removes one pushed-down array, and what it writes is never one, so this ends.
        expression = expression[: edit.start] + edit.text + expression[edit.end :]
        position = edit.start


# --- the names PostgreSQL chooses ------------------------------------------------------------------------------------


def _clip(name: str, size: int) -> str:
    """The first `size` bytes of `name`, never cutting a character in two (pg_mbcliplen)."""
    return name.encode()[:size].decode(errors="ignore")


def object_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's makeObjectName: `name1_name2_label`, the longer name shortened first to fit 63 bytes."""
    size1, size2 = len(name1.encode()), len(name2.encode()) if name2 is not None else 0
    available = NAMEDATALEN - 1 - len(label) - 1 - (1 if name2 is not None else 0)
    while size1 + size2 > available:
        if size1 > size2:
            size1 -= 1
        else:
            size2 -= 1
    parts = [_clip(name1, size1), *([_clip(name2, size2)] if name2 is not None else []), label]
    return "_".join(parts)


def name_addition(columns: list[str]) -> str:
    """PostgreSQL's ChooseIndexNameAddition: column names joined by `_`, cut off once past 63 bytes."""
    text = ""
    for name in columns:
        text = f"{text}_{name}" if text else name
        if len(text.encode()) >= NAMEDATALEN:
            break
    return text


def default_constraint_name(table: str, constraint: Constraint) -> str:
    """The name PostgreSQL gives `constraint` when it is declared without one."""
    if constraint.kind == "primary_key":
        return object_name(table, None, "pkey")
    if constraint.kind == "unique":
        return object_name(table, name_addition(constraint.columns), "key")
    if constraint.kind == "foreign_key":
        return object_name(table, name_addition(constraint.columns), "fkey")
    if constraint.kind == "check":
        return object_name(table, constraint.columns[0] if len(constraint.columns) == 1 else None, "check")
    return object_name(table, name_addition(constraint.columns), "excl")


# --- the export ------------------------------------------------------------------------------------------------------


@dataclass
class Catalog:
    """What the export needs beyond the inspector: the schemas and extensions to declare, and ordering facts."""

    schemas: list[str]
    extensions: list[tuple[str, str]]  # (name, schema)
    view_dependencies: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)

    @property
    def extension_schemas(self) -> list[str]:
        return [schema for _, schema in self.extensions]


def read_catalog(conn: psycopg.Connection[Any], prefixes: list[str]) -> Catalog:
    """The schemas to export, in file order, and the facts the inspector does not read."""
    names = [row[0] for row in conn.execute(SCHEMAS)]
    if prefixes:
        names = [name for name in names if name.startswith(tuple(prefixes))]
    extensions = [(row[0], row[1]) for row in conn.execute(EXTENSIONS)]
    catalog = Catalog(names, extensions)
    needs: set[tuple[str, str]] = set()
    for schema, name, dep_schema, dep_name in conn.execute(VIEW_DEPENDENCIES, {"schemas": names}):
        catalog.view_dependencies.setdefault((schema, name), set()).add((dep_schema, dep_name))
        needs.add((schema, dep_schema))
    needs.update((row[0], row[1]) for row in conn.execute(FUNCTION_TYPE_SCHEMAS, {"schemas": names}))
    catalog.schemas = schema_order(names, needs)
    return catalog


def schema_order(names: list[str], needs: set[tuple[str, str]]) -> list[str]:
    """`public` first and the rest by name, but each schema after the schemas it `needs`.

    The materializer creates types, functions and views schema by schema in
    file order, so a view or function using another schema's view or type
    must come later. The planner also uses this order as the search_path,
    which is why the export reads the database under this very order.
    """
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name in path:
            return
        for a, b in sorted(needs):
            if a == name and b in names:
                visit(b, (*path, name))
        ordered.append(name)

    for name in sorted(names, key=lambda n: (n != "public", n)):
        visit(name, ())
    return ordered


class DatabaseExporter:
    """Turns one inspected database into the data of its state file, and notes what it could not declare."""

    def __init__(self, live: Database, catalog: Catalog) -> None:
        self.live = live
        self.catalog = catalog
        self.left_out: list[str] = []  # objects not declared: the plan will offer to drop them
        self.differ: list[str] = []  # objects declared as closely as the format allows: the plan will change them
        self.serial_sequences: set[str] = set()  # keys of the sequences serial columns declare
        self.taken = self._names_in_schemas()
        # What the format cannot declare: named in the header by undeclarable.header_lines, and left alone
        # by the plan, so such objects are neither declared (`exclude`) nor noted as left out again.
        self.held = undeclarable.protected(live)

    # --- the whole file ---

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {"database": self.live.name}
        extensions = [
            name if schema == "public" else {"name": name, "schema": schema} for name, schema in self.catalog.extensions
        ]
        if extensions:
            data["extensions"] = extensions
        data["schemas"] = {schema: self.schema(schema) for schema in self.catalog.schemas}
        return data

    def notes(self) -> list[str]:
        lines: list[str] = []
        if self.left_out:
            lines.append("Left out: the file format cannot declare these exactly (the plan offers to drop them):")
            lines += [f"  {line}" for line in self.left_out]
        if self.differ:
            lines.append("Declared as closely as the file format allows (the plan shows the difference):")
            lines += [f"  {line}" for line in self.differ]
        return lines + undeclarable.header_lines(self.live)

    def excluded(self, obj: str) -> bool:
        """True for an object the format cannot declare, which the header names and the plan leaves alone."""
        held = self.held.get(obj)
        return held is not None and held.effect == "exclude"

    def leave_out(self, obj: str, line: str) -> None:
        """Note an object the file does not declare, unless the header already names it as not declarable."""
        if obj not in self.held:
            self.left_out.append(line)

    def schema(self, schema: str) -> dict[str, Any]:
        functions = self.functions(schema)  # before tables: triggers need their function declared
        tables = [t for t in self.live.tables.values() if t.schema_name == schema and not self.excluded(table_id(t))]
        # Before sequences: deciding which columns are serial decides which sequences are left to declare.
        declared_tables = {table.name: self.table(table, functions) for table in tables if self.has_columns(table)}
        body: dict[str, Any] = {}
        enums = {e.name: list(e.labels) for e in self.live.enums.values() if e.schema_name == schema}
        sequences = {
            s.name: self.sequence(s)
            for key, s in self.live.sequences.items()
            if s.schema_name == schema and key not in self.serial_sequences and not self.excluded(_sequence_id(s))
        }
        views = {view.name: self.view(view) for view in self.ordered_views(schema) if not self.excluded(view_id(view))}
        for name, section in (
            ("enums", enums),
            ("sequences", sequences),
            ("functions", functions),
            ("tables", declared_tables),
            ("views", views),
        ):
            if section:
                body[name] = section
        return body

    def has_columns(self, table: Table) -> bool:
        if not table.columns:
            self.left_out.append(f"{_display(table)}: a table without columns; state files declare some")
            return False
        return True

    # --- names ---

    def _names_in_schemas(self) -> dict[str, Counter[str]]:
        """Per schema, how many objects hold each relation or constraint name (they compete for default names)."""
        taken: dict[str, Counter[str]] = {}
        for table in self.live.tables.values():
            names = taken.setdefault(table.schema_name, Counter())
            names[table.name] += 1
            names.update(list(table.indexes))
            names.update(list(table.constraints))  # a key's index has the constraint's name: counted once
        for kind in (self.live.views, self.live.sequences):
            for obj in kind.values():
                taken.setdefault(obj.schema_name, Counter())[obj.name] += 1
        return taken

    def keeps_default_name(self, table: Table, constraint: Constraint) -> bool:
        """True when declaring `constraint` without a name gives it its live name again."""
        return (
            constraint.name == default_constraint_name(table.name, constraint)
            and self.taken[table.schema_name][constraint.name] == 1
        )

    # --- tables ---

    def table(self, table: Table, functions: Mapping[str, Any]) -> dict[str, Any]:
        columns = {}
        for name, column in table.columns.items():
            columns[name] = self.column(table, column)
        spec: dict[str, Any] = {}
        if table.comment is not None:
            spec["comment"] = table.comment
        spec["columns"] = columns
        types = {name: column.type for name, column in table.columns.items()}
        unique: list[Any] = []
        checks: list[Any] = []
        foreign_keys: list[Any] = []
        key_columns: list[str] = []
        for constraint in table.constraints.values():
            if member_id("constraint", table, constraint.name) in self.held:
                continue  # named in the header as not declarable; the plan leaves it alone
            where = f"{_display(table)}: constraint {constraint.name} ({constraint.definition})"
            if not set(constraint.columns) <= set(columns):
                self.left_out.append(f"{where}: on a column left out")
                continue
            default_name = self.keeps_default_name(table, constraint)
            single = constraint.columns[0] if len(constraint.columns) == 1 else None
            if constraint.kind == "primary_key":
                if constraint.definition != f"PRIMARY KEY ({_column_list(constraint.columns)})":
                    self.left_out.append(where)
                    continue
                key_columns = list(constraint.columns)
                if default_name and single is not None:
                    columns[single]["primary_key"] = True
                else:
                    spec["primary_key"] = _named_columns(constraint, default_name)
            elif constraint.kind == "unique":
                self.unique(constraint, default_name, columns, unique, where)
            elif constraint.kind == "check":
                self.check(constraint, default_name, columns, checks, types, where)
            elif constraint.kind == "foreign_key":
                self.foreign_key(table, constraint, default_name, columns, foreign_keys, where)
            else:
                self.left_out.append(where)
        for name in list(columns):
            columns[name] = _compact_column(columns[name], name in key_columns)
        for key, value in (("unique", unique), ("checks", checks), ("foreign_keys", foreign_keys)):
            if value:
                spec[key] = value
        indexes = {}
        left_out_columns = set(table.columns) - set(columns)
        for index in table.indexes.values():
            if member_id("index", table, index.name) in self.held:
                continue
            if any(unquote(t.text) in left_out_columns for t in tokenize(index.using) if t.kind in ("word", "quoted")):
                self.left_out.append(f"{_display(table)}: index {index.name}: on a column left out")
                continue
            declared = self.index(table, index, types)
            if declared is not None:
                indexes[index.name] = declared
        if indexes:
            spec["indexes"] = indexes
        triggers = {}
        for trigger in table.triggers.values():
            if member_id("trigger", table, trigger.name) in self.held:
                continue
            declared_trigger = self.trigger(table, trigger, functions)
            if declared_trigger is not None:
                triggers[trigger.name] = declared_trigger
        if triggers:
            spec["triggers"] = triggers
        return spec

    def column(self, table: Table, column: Column) -> dict[str, Any]:
        """A column's fields; nullability is settled afterwards, once keys are known (see _compact_column)."""
        spec: dict[str, Any] = {"type": column.type}
        serial = self.serial(table, column)
        if serial is not None:
            spec["type"] = serial
            spec["_implied_not_null"] = True
            if not column.not_null:
                self.differ.append(f"{_display(table)}.{column.name}: serial columns are NOT NULL, this one is not")
        else:
            if column.default is not None:
                spec["default"] = _default_value(reparseable(column.default))
            if column.identity:
                options = _non_default_options(column.identity_options) if column.identity_options else {}
                spec["identity"] = {"generation": column.identity, **options} if options else column.identity
                spec["_implied_not_null"] = True
            if column.generated is not None:
                spec["generated"] = strip_parens(reparseable(column.generated))
        spec["_not_null"] = column.not_null
        if column.comment is not None:
            spec["comment"] = column.comment
        return spec

    def serial(self, table: Table, column: Column) -> str | None:
        """`serial` (or bigserial, smallserial) when the column's default is nextval of a sequence it owns."""
        match = _NEXTVAL.match(column.default or "")
        if match is None or column.type not in _SERIALS:
            return None
        owner = f"{quote_ident(table.name)}.{quote_ident(column.name)}"
        owned = [
            (key, s)
            for key, s in self.live.sequences.items()
            if s.schema_name == table.schema_name and s.owned_by == owner
        ]
        regclass = match[1].replace("''", "'")
        found = [
            (key, s)
            for key, s in owned
            if regclass in (quote_ident(s.name), f"{quote_ident(s.schema_name)}.{quote_ident(s.name)}")
        ]
        if not found:
            return None
        key, sequence = found[0]
        if sequence.name != object_name(table.name, column.name, "seq"):
            return None  # serial would name it otherwise: a sequence with owned_by, and the column's default
        expected = Sequence(
            schema_name=sequence.schema_name,
            name=sequence.name,
            data_type=column.type,
            max_value=_TYPE_RANGE[column.type][1],
            owned_by=owner,
        )
        if sequence != expected:
            return None  # other options than serial's: a default and a sequence with owned_by say it exactly
        self.serial_sequences.add(key)
        return _SERIALS[column.type]

    def unique(
        self, constraint: Constraint, default_name: bool, columns: dict[str, Any], unique: list[Any], where: str
    ) -> None:
        plain = f"UNIQUE ({_column_list(constraint.columns)})"
        if constraint.definition not in (plain, f"UNIQUE NULLS NOT DISTINCT ({_column_list(constraint.columns)})"):
            self.left_out.append(where)
            return
        nulls_not_distinct = constraint.definition != plain
        single = constraint.columns[0] if len(constraint.columns) == 1 else None
        if default_name and single is not None and not nulls_not_distinct and not columns[single].get("unique"):
            columns[single]["unique"] = True
            return
        entry = _named_columns(constraint, default_name)
        if nulls_not_distinct:
            entry = {"columns": entry} if isinstance(entry, list) else entry
            entry["nulls_not_distinct"] = True
        unique.append(entry)

    def check(
        self,
        constraint: Constraint,
        default_name: bool,
        columns: dict[str, Any],
        checks: list[Any],
        types: Mapping[str, str],
        where: str,
    ) -> None:
        definition = constraint.definition
        tokens = tokenize(definition)
        if not (definition.startswith("CHECK (") and _closing(tokens, 1) == len(tokens) - 1):
            self.left_out.append(where)  # NOT VALID, NO INHERIT
            return
        expression = strip_parens(reparseable(definition[len("CHECK (") : -1], types))
        single = constraint.columns[0] if len(constraint.columns) == 1 else None
        if default_name and single is not None and "check" not in columns[single]:
            columns[single]["check"] = expression
        elif default_name:
            checks.append(expression)
        else:
            checks.append({"name": constraint.name, "expression": expression})

    def foreign_key(
        self,
        table: Table,
        constraint: Constraint,
        default_name: bool,
        columns: dict[str, Any],
        foreign_keys: list[Any],
        where: str,
    ) -> None:
        parsed = self.parse_foreign_key(table, constraint)
        if parsed is None:
            self.left_out.append(where)
            return
        reference, actions, deferral = parsed
        name = None if default_name else constraint.name
        single = constraint.columns[0] if len(constraint.columns) == 1 else None
        if single is not None and not deferral and "references" not in columns[single]:
            inline = dict(reference)
            inline["column"] = inline.pop("columns")[0]
            inline.update(actions)
            if name is not None:
                inline["name"] = name
            text = _reference_text(reference) if set(inline) <= {"table", "schema", "column"} else None
            columns[single]["references"] = text or inline
            return
        entry: dict[str, Any] = {} if name is None else {"name": name}
        entry["columns"] = list(constraint.columns)
        entry["references"] = _reference_text(reference) or reference
        entry.update(actions)
        entry.update(deferral)
        foreign_keys.append(entry)

    def parse_foreign_key(
        self, table: Table, constraint: Constraint
    ) -> tuple[dict[str, Any], dict[str, str], dict[str, bool]] | None:
        """The reference, actions and deferral of a foreign key, or None when the spec cannot say it exactly."""
        tokens = tokenize(constraint.definition)
        at = next((i for i, t in enumerate(tokens) if t.text == "REFERENCES"), None)
        if at is None:
            return None
        i = at + 1
        parts: list[str] = []
        while i < len(tokens) and tokens[i].kind in ("word", "quoted"):
            parts.append(unquote(tokens[i].text))
            i += 1
            if i < len(tokens) and tokens[i].text == ".":
                i += 1
        close = _closing(tokens, i) if i < len(tokens) and tokens[i].text == "(" else None
        if close is None or len(parts) not in (1, 2):
            return None
        referenced = _names(tokens[i + 1 : close])
        if referenced is None:
            return None
        target_schema = parts[0] if len(parts) == 2 else self.resolve_table(parts[0])
        printed = constraint.definition[tokens[at + 1].start : tokens[close].end]
        rest = constraint.definition[tokens[close].end :]
        actions: dict[str, str] = {}
        deferral: dict[str, bool] = {}
        for key, clause in _ACTIONS:
            found = re.search(rf" {clause} (RESTRICT|CASCADE|SET NULL|SET DEFAULT)\b", rest)
            if found:
                actions[key] = found[1].lower()
        if " DEFERRABLE" in rest:
            deferral["deferrable"] = True
            if " INITIALLY DEFERRED" in rest:
                deferral["initially_deferred"] = True
        rendered = f"FOREIGN KEY ({_column_list(constraint.columns)}) REFERENCES {printed}"
        rendered += "".join(f" {clause} {actions[key].upper()}" for key, clause in _ACTIONS if key in actions)
        if deferral:
            rendered += " DEFERRABLE" + (" INITIALLY DEFERRED" if "initially_deferred" in deferral else "")
        if rendered != constraint.definition:
            return None  # MATCH FULL, SET NULL (columns), NOT VALID
        reference: dict[str, Any] = {"table": parts[-1]}
        if target_schema is not None and target_schema != table.schema_name:
            reference["schema"] = target_schema
        reference["columns"] = referenced
        return reference, actions, deferral

    def resolve_table(self, name: str) -> str | None:
        """The schema an unqualified table name resolves to on the search_path (the first one holding it)."""
        for schema in [*self.catalog.schemas, *self.catalog.extension_schemas]:
            if f"{schema}.{name}" in self.live.tables:
                return schema
        return None

    def index(self, table: Table, index: Index, types: Mapping[str, str]) -> Any:
        where = f"{_display(table)}: index {index.name} ({index.using})"
        parsed = _parse_index(index)
        if parsed is None or f"USING {index.using}" != index_clause(parsed):
            self.left_out.append(where)  # WITH (storage parameters)
            return None
        columns = [reparseable(c, types) for c in parsed.columns]
        if parsed.unique or parsed.method != "btree" or parsed.where or parsed.include or parsed.nulls_not_distinct:
            spec: dict[str, Any] = {"columns": columns}
            if parsed.unique:
                spec["unique"] = True
            if parsed.method != "btree":
                spec["method"] = parsed.method
            if parsed.where:
                spec["where"] = strip_parens(reparseable(parsed.where, types))
            if parsed.include:
                spec["include"] = parsed.include
            if parsed.nulls_not_distinct:
                spec["nulls_not_distinct"] = True
            return spec
        return columns

    def trigger(self, table: Table, trigger: Trigger, functions: Mapping[str, Any]) -> dict[str, Any] | None:
        where = f"{_display(table)}: trigger {trigger.name}"
        read = _parse_trigger(trigger)
        if read is None or trigger_clause(*read) != (trigger.timing_events, trigger.body):
            self.left_out.append(f"{where} ({trigger.timing_events} {trigger.body})")
            return None
        parsed, function_schema = read
        # Qualified only when a same-named function earlier on the search_path hides it; the planner
        # names the function in the trigger's own schema, so it is found there again.
        if function_schema not in (None, table.schema_name):
            self.left_out.append(
                f"{where}: its function {function_schema}.{parsed.function}() is not declared in {table.schema_name}"
            )
            return None
        if functions.get(parsed.function, {}).get("returns") != "trigger":
            # validate wants the trigger's function declared next to it (not in another schema or an extension)
            self.left_out.append(f"{where}: its function {parsed.function}() is not declared in {table.schema_name}")
            return None
        spec: dict[str, Any] = {"timing": parsed.timing, "events": list(parsed.events)}
        if parsed.update_of:
            spec["update_of"] = list(parsed.update_of)
        if parsed.for_each != "row":
            spec["for_each"] = parsed.for_each
        if parsed.when:
            spec["when"] = strip_parens(reparseable(parsed.when))
        spec["function"] = parsed.function
        if parsed.arguments:
            spec["arguments"] = list(parsed.arguments)
        return spec

    # --- other objects ---

    def sequence(self, sequence: Sequence) -> dict[str, Any]:
        """A standalone sequence, with only the options that differ from CREATE SEQUENCE's defaults."""
        spec: dict[str, Any] = {}
        if sequence.data_type != "bigint":
            spec["type"] = sequence.data_type
        spec.update(_non_default_options(sequence))
        if sequence.owned_by is not None:
            spec["owned_by"] = ".".join(split_qualified(sequence.owned_by))
        return spec

    def functions(self, schema: str) -> dict[str, Any]:
        declared: dict[str, Any] = {}
        for function in self.live.functions.values():
            if function.schema_name != schema:
                continue
            where = f"function {schema}.{function.name}({function.identity_arguments})"
            if function.name in declared:
                self.leave_out(function_id(function), f"{where}: an overload (state files key functions by name)")
            elif self.excluded(function_id(function)):
                continue
            elif not function.body:
                self.left_out.append(f"{where}: a SQL-standard body (BEGIN ATOMIC), which state files cannot hold")
            elif odd := [name for name in function.settings if not re.match(SETTING_NAME, name)]:
                self.left_out.append(f"{where}: SET {', '.join(odd)}, a parameter name state files cannot hold")
            else:
                declared[function.name] = _function(function)
        return declared

    def ordered_views(self, schema: str) -> list[View]:
        """This schema's views, each after the views it reads (the materializer creates them in file order)."""
        views = {v.name: v for v in self.live.views.values() if v.schema_name == schema}
        ordered: list[View] = []
        done: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in done or name in path:
                return
            for dep_schema, dep in sorted(self.catalog.view_dependencies.get((schema, name), set())):
                if dep_schema == schema and dep in views:
                    visit(dep, (*path, name))
            done.add(name)
            ordered.append(views[name])

        for name in sorted(views):
            visit(name, ())
        return ordered

    def view(self, view: View) -> dict[str, Any]:
        """A view as pg_get_viewdef prints it: that text is what both sides of the plan are compared in."""
        spec: dict[str, Any] = {"query": reparseable(view.definition.strip().removesuffix(";").strip())}
        if view.comment is not None:
            spec["comment"] = view.comment
        return spec


_ACTIONS = (("on_update", "ON UPDATE"), ("on_delete", "ON DELETE"))


def _sequence_id(sequence: Sequence) -> str:
    return object_id("sequence", sequence.schema_name, sequence.name)


def _display(table: Table) -> str:
    return f"{table.schema_name}.{table.name}"


def _column_list(columns: list[str]) -> str:
    return ", ".join(quote_ident(c) for c in columns)


def _reference_text(reference: dict[str, Any]) -> str | None:
    """The `table(column)` / `schema.table(a, b)` shorthand, when every name fits in it."""
    names = [reference["table"], *reference["columns"], *([reference["schema"]] if "schema" in reference else [])]
    if not all(_REFERENCE_NAME.match(name) for name in names):
        return None
    prefix = f"{reference['schema']}." if "schema" in reference else ""
    return f"{prefix}{reference['table']}({', '.join(reference['columns'])})"


def _non_default_options(options: SequenceOptions) -> dict[str, Any]:
    """A sequence's options that differ from what CREATE SEQUENCE (or AS IDENTITY) gives its type by default."""
    low, high = _TYPE_RANGE.get(options.data_type, _TYPE_RANGE["bigint"])
    ascending = options.increment > 0
    default_min, default_max = (1, high) if ascending else (low, -1)
    spec: dict[str, Any] = {}
    if options.start != (options.min_value if ascending else options.max_value):
        spec["start"] = options.start
    if options.increment != 1:
        spec["increment"] = options.increment
    if options.min_value != default_min:
        spec["min_value"] = options.min_value
    if options.max_value != default_max:
        spec["max_value"] = options.max_value
    if options.cache != 1:
        spec["cache"] = options.cache
    if options.cycle:
        spec["cycle"] = True
    return spec


def _named_columns(constraint: Constraint, default_name: bool) -> Any:
    """`[a, b]`, or `{name: ..., columns: [a, b]}` when the name must be kept."""
    return list(constraint.columns) if default_name else {"name": constraint.name, "columns": list(constraint.columns)}


def _compact_column(spec: dict[str, Any], in_primary_key: bool) -> Any:
    """Settle `nullable` (left out where a key, identity or serial implies NOT NULL) and use the bare-type shorthand."""
    not_null = spec.pop("_not_null")
    implied = spec.pop("_implied_not_null", False) or in_primary_key
    ordered: dict[str, Any] = {"type": spec["type"]}
    if not_null and not implied:
        ordered["nullable"] = False
    for key in ("default", "identity", "generated", "primary_key", "unique", "check", "references", "comment"):
        if key in spec:
            ordered[key] = spec[key]
    return ordered["type"] if len(ordered) == 1 else ordered


def _default_value(default: str) -> Any:
    """Integers and booleans as YAML scalars (they read back as the same SQL); anything else as SQL text."""
    if _INTEGER.match(default) and str(int(default)) == default:
        return int(default)
    if default in ("true", "false"):
        return default == "true"
    return default


def _function(function: Function) -> dict[str, Any]:
    """A function; `language` is always written (a reader should not have to know the default is plpgsql)."""
    spec: dict[str, Any] = {}
    if function.arguments:
        spec["arguments"] = reparseable(function.arguments)
    spec["returns"] = function.returns
    spec["language"] = function.language
    if function.volatility != "volatile":
        spec["volatility"] = function.volatility
    if function.strict:
        spec["strict"] = True
    if function.security_definer:
        spec["security_definer"] = True
    spec.update(_function_options(function))
    spec["body"] = function.body
    return spec


def _function_options(function: Function) -> dict[str, Any]:
    """PARALLEL, LEAKPROOF, COST, ROWS and SET clauses, each only where it is not PostgreSQL's default."""
    spec: dict[str, Any] = {}
    if function.parallel != "unsafe":
        spec["parallel"] = function.parallel
    if function.leakproof:
        spec["leakproof"] = True
    if function.cost != (1 if function.language in LIBRARY_LANGUAGES else 100):
        spec["cost"] = _number(function.cost)
    if function.returns_set and function.rows != 1000:
        spec["rows"] = _number(function.rows)
    if function.settings:
        spec["set"] = {name: setting_value_sql(name, value) for name, value in function.settings.items()}
    return spec


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _parse_index(index: Index) -> IndexSpec | None:
    """`btree (a, b DESC) INCLUDE (c) NULLS NOT DISTINCT WHERE (...)` as an IndexSpec (expressions verbatim)."""
    tokens = tokenize(index.using)
    if len(tokens) < 3 or tokens[0].kind not in ("word", "quoted") or tokens[1].text != "(":
        return None
    close = _closing(tokens, 1)
    if close is None:
        return None
    text = index.using
    spec: dict[str, Any] = {
        "method": unquote(tokens[0].text),
        "unique": index.unique,
        "columns": split_top_level(text[tokens[1].end : tokens[close].start]),
    }
    i = close + 1
    if i + 1 < len(tokens) and tokens[i].text == "INCLUDE" and tokens[i + 1].text == "(":
        end = _closing(tokens, i + 1)
        names = _names(tokens[i + 2 : end]) if end is not None else None
        if end is None or names is None:
            return None
        spec["include"] = names
        i = end + 1
    if [t.text for t in tokens[i : i + 3]] == ["NULLS", "NOT", "DISTINCT"]:
        spec["nulls_not_distinct"] = True
        i += 3
    if i < len(tokens) and tokens[i].text == "WHERE":
        spec["where"] = strip_parens(text[tokens[i].end :])
        i = len(tokens)
    if i != len(tokens) or not spec["columns"]:
        return None
    try:
        for column in spec["columns"]:
            index_key(column)  # what validate would refuse cannot be exported as a column entry
        return IndexSpec.model_validate(spec)
    except ValueError:  # FragmentError is one
        return None


_TRIGGER_HEAD = re.compile(r"^(?P<timing>BEFORE|AFTER|INSTEAD OF) (?P<events>.+)$", re.DOTALL)
_TRIGGER_BODY = re.compile(r"^FOR EACH (?P<each>ROW|STATEMENT) (?P<rest>.+)$", re.DOTALL)


class TriggerCall(NamedTuple):
    """`EXECUTE FUNCTION [schema.]name(arguments)` as pg_get_triggerdef prints it; names unquoted."""

    schema: str | None
    function: str
    arguments: str


def _trigger_call(text: str) -> TriggerCall | None:
    """The function a trigger executes, its name quoted or not and qualified when the search_path needs it."""
    tokens = tokenize(text)
    if [t.text for t in tokens[:2]] != ["EXECUTE", "FUNCTION"]:
        return None
    names: list[str] = []
    i = 2
    while i < len(tokens) and tokens[i].kind in ("word", "quoted") and len(names) < 2:
        names.append(unquote(tokens[i].text))
        i += 1
        if i < len(tokens) and tokens[i].text == "." and tokens[i].kind == "punct":
            i += 1
        else:
            break
    if not names or i >= len(tokens) or tokens[i].text != "(" or _closing(tokens, i) != len(tokens) - 1:
        return None
    arguments = text[tokens[i].end : tokens[-1].start]
    return TriggerCall(names[0] if len(names) == 2 else None, names[-1], arguments)


def _parse_trigger(trigger: Trigger) -> tuple[TriggerSpec, str | None] | None:
    """A trigger's catalog text as a TriggerSpec (the WHEN expression verbatim) and the schema its function
    is qualified with (None when unqualified), or None if the text says more than a TriggerSpec holds."""
    head, body = _TRIGGER_HEAD.match(trigger.timing_events), _TRIGGER_BODY.match(trigger.body)
    if head is None or body is None:
        return None
    events: list[str] = []
    update_of: list[str] = []
    for event in head["events"].split(" OR "):
        if event.startswith("UPDATE OF "):
            names = _names(tokenize(event.removeprefix("UPDATE OF ")))
            if names is None:
                return None
            update_of, event = names, "UPDATE"
        events.append(event.lower())
    rest = body["rest"]
    when = None
    if rest.startswith("WHEN ("):
        tokens = tokenize(rest)
        close = _closing(tokens, 1)
        if close is None:
            return None
        when = rest[tokens[1].end : tokens[close].start]
        rest = rest[tokens[close].end :].strip()
    call = _trigger_call(rest)
    if call is None:
        return None
    arguments: list[str] = []
    for argument in split_top_level(call.arguments):
        if not (argument.startswith("'") and argument.endswith("'")):
            return None
        arguments.append(argument[1:-1].replace("''", "'"))
    try:
        spec = TriggerSpec.model_validate(
            {
                "timing": head["timing"].lower(),
                "events": events,
                "update_of": update_of,
                "for_each": body["each"].lower(),
                "when": when,
                "function": call.function,
                "arguments": arguments,
            }
        )
        return spec, call.schema
    except ValueError:
        return None


def server_address(url: str) -> str:
    """`host:port` of the server, for the file header (never the user or password)."""
    params = conninfo_to_dict(url)
    return f"{params.get('host') or 'localhost'}:{params.get('port') or '5432'}"


def databases_to_export(url: str, requested: list[str]) -> list[str]:
    """The requested databases (each must exist), or every ordinary database on the server."""
    with connect(url, autocommit=True) as conn:
        if not requested:
            return [row[0] for row in conn.execute(DATABASES)]
        found = {
            row[0] for row in conn.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (requested,))
        }
    missing = [name for name in requested if name not in found]
    if missing:
        raise ReconcileError(f"cannot export database(s) {', '.join(missing)}: no such database on the server")
    return list(dict.fromkeys(requested))


def export_database(url: str, name: str, prefixes: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """One database's state file data and the header lines about what it could not declare.

    None when no schema is left to export (the prefixes match none of its schemas).
    """
    with connect(url, name) as conn, conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        catalog = read_catalog(conn, prefixes)
        if not catalog.schemas:
            return None
        # The planner inspects with exactly these lists (the file's schemas, its extensions and their
        # schemas), so every name the catalogs print (types, regclass, functions) is qualified alike.
        live = inspect_database(
            conn,
            name,
            catalog.schemas,
            extension_schemas=catalog.extension_schemas,
            extensions=[extension for extension, _ in catalog.extensions],
        )
    exporter = DatabaseExporter(live, catalog)
    data = exporter.document()
    DatabaseSpec.model_validate(data)  # a file the exporter gets wrong should fail here, not at the next validate
    return data, exporter.notes()


def export_postgres(options: ExportOptions) -> list[ExportedFile]:
    """Every requested database (default: all but templates and `postgres`) as state/postgres/<database>.yaml.

    A database none of whose schemas match `options.prefixes` gives no file,
    unless it was asked for by name, which is an error.
    """
    url = PostgresBackend(options.state_dir).url()
    where = server_address(url)
    files: list[ExportedFile] = []
    for name in databases_to_export(url, options.databases):
        exported = export_database(url, name, options.prefixes)
        if exported is None:
            if options.databases:
                raise ReconcileError(
                    f"database {name!r} has no schema under the prefixes {', '.join(options.prefixes)} to export"
                )
            continue
        data, notes = exported
        header = [f"{name}: exported from {where} by reconcile export"]
        if options.prefixes:
            header.append(f"Only the schemas under {', '.join(options.prefixes)}.")
        files.append(ExportedFile(path=Path("postgres") / f"{name}.yaml", data=data, header=header + notes))
    return files
