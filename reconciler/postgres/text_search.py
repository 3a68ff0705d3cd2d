"""Full text search objects: their statements from a state file's declaration and from the catalog model.

Parsers and templates are made of functions; a dictionary uses a template, a configuration a parser and, in
its mappings, dictionaries. pg_depend records all of it (and a column, index or view using a configuration
through `'cfg'::regconfig`), so the graph ids `text_search_parser:schema.name` and the like order them:
created after what they use (ddl.Phase.FUNCTION, before tables) and dropped after what uses them.

PostgreSQL alters a configuration's mappings (ALTER ... ADD / ALTER / DROP MAPPING) and a dictionary's options
(ALTER ... (option = value), which takes options away when named without a value and puts the others last, in
the order named) in place; a new parser or template, or any change to a parser or template, drops and creates
the object again.

Everything placed in a statement is an identifier quoted here, a name the spec checked against FunctionName's
shape (or PostgreSQL's own rendering of one), a string literal quoted here, or a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.model import (
    Database,
    TextSearchConfiguration,
    TextSearchDictionary,
    TextSearchParser,
    TextSearchTemplate,
)
from reconciler.postgres.operators import name_in_trial
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.text_search import OptionValue, TextSearchParserSpec, TextSearchTemplateSpec

TextSearchObject = TextSearchParser | TextSearchTemplate | TextSearchDictionary | TextSearchConfiguration

# Graph kind, the SQL words naming the kind, the Database attribute and the schema section, per kind.
KINDS: dict[type[Any], tuple[str, str, str]] = {
    TextSearchParser: ("text_search_parser", "TEXT SEARCH PARSER", "text_search_parsers"),
    TextSearchTemplate: ("text_search_template", "TEXT SEARCH TEMPLATE", "text_search_templates"),
    TextSearchDictionary: ("text_search_dictionary", "TEXT SEARCH DICTIONARY", "text_search_dictionaries"),
    TextSearchConfiguration: ("text_search_configuration", "TEXT SEARCH CONFIGURATION", "text_search_configurations"),
}
PARSER_FUNCTIONS = ("start", "gettoken", "end", "lextypes", "headline")
TEMPLATE_FUNCTIONS = ("init", "lexize")

# One option of pg_ts_dict.dictinitoption as PostgreSQL writes it: `name = 'text'` (E'...' when it holds a
# backslash) or `name = 10`, joined by `, `.
_OPTION = re.compile(
    r"""\s*(?P<name>"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s*=\s*"""
    r"""(?P<value>E'(?:[^'\\]|''|\\\\)*'|'(?:[^']|'')*'|-?[0-9][0-9.eE+-]*)\s*(?:,|$)"""
)


def graph_id(obj: TextSearchObject) -> str:
    return object_id(KINDS[type(obj)][0], obj.schema_name, obj.name)


def target(obj: TextSearchObject) -> str:
    """What COMMENT ON, ALTER and DROP name: `TEXT SEARCH DICTIONARY public.english_nostop`."""
    return f"{KINDS[type(obj)][1]} {qualify(obj.schema_name, obj.name)}"


def parse_options(text: str | None) -> list[tuple[str, str]]:
    """dictinitoption -> [(name, value as written)]; ValueError on anything PostgreSQL would not have written."""
    found: list[tuple[str, str]] = []
    position, text = 0, (text or "").strip()
    while position < len(text):
        match = _OPTION.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read the dictionary options {text!r}")
        name = match.group("name")
        found.append((name[1:-1].replace('""', '"') if name.startswith('"') else name, match.group("value")))
        position = match.end()
    return found


def option_literal(value: OptionValue) -> str:
    """A state file's option value in SQL: a string (or boolean) as a string literal, a number as it is."""
    if isinstance(value, bool):
        return quote_literal("true" if value else "false")
    if isinstance(value, int | float):
        return repr(value)
    return quote_literal(value)


def option_value(written: str) -> OptionValue:
    """An option as PostgreSQL wrote it, back to the state file's value."""
    if written.startswith("E'"):
        return written[2:-1].replace("''", "'").replace("\\\\", "\\")
    if written.startswith("'"):
        return written[1:-1].replace("''", "'")
    return int(written) if re.fullmatch(r"-?[0-9]+", written) else float(written)


def _options_sql(options: list[tuple[str, str]]) -> str:
    return "".join(f", {quote_ident(name)} = {value}" for name, value in options)


def _functions_sql(obj: TextSearchParser | TextSearchTemplate, fields: tuple[str, ...]) -> str:
    return ", ".join(f"{field.upper()} = {getattr(obj, field)}" for field in fields if getattr(obj, field))


def _mapping_groups(mappings: dict[str, list[str]]) -> Iterator[tuple[list[str], list[str]]]:
    """Token types that share one list of dictionaries, with that list, in the order first met."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for token, dictionaries in mappings.items():
        groups.setdefault(tuple(dictionaries), []).append(token)
    for shared, tokens in groups.items():
        yield tokens, list(shared)


def _tokens(tokens: list[str]) -> str:
    return ", ".join(quote_ident(token) for token in tokens)


def mapping_sql(qualified: str, verb: str, mappings: dict[str, list[str]]) -> list[str]:
    """ALTER TEXT SEARCH CONFIGURATION ... ADD (or ALTER) MAPPING FOR ... WITH ..., one per list of dictionaries."""
    return [
        f"ALTER TEXT SEARCH CONFIGURATION {qualified} {verb} MAPPING FOR {_tokens(tokens)} WITH {', '.join(dicts)}"
        for tokens, dicts in _mapping_groups(mappings)
    ]


def drop_mapping_sql(qualified: str, tokens: list[str]) -> list[str]:
    return [f"ALTER TEXT SEARCH CONFIGURATION {qualified} DROP MAPPING FOR {_tokens(tokens)}"] if tokens else []


# --- from the state file (materialize) ----------------------------------------------------------------------


def trial_statements(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SourcedStatement]:
    """Every text search object the file declares, in the throwaway schemas: parsers and templates first, then
    dictionaries, then configurations (each may use the ones before, in any schema), comments with them."""

    def named(name: str) -> str:
        return name_in_trial(name, schemas)

    def comment(what: str, text: str | None, path: tuple[str, ...]) -> Iterator[SourcedStatement]:
        if text is not None:
            yield SourcedStatement(f"COMMENT ON {what} IS {quote_literal(text)}", path)

    def functions(declared: TextSearchParserSpec | TextSearchTemplateSpec, fields: tuple[str, ...]) -> str:
        return ", ".join(f"{f.upper()} = {named(getattr(declared, f))}" for f in fields if getattr(declared, f))

    for logical, schema in spec.schemas.items():
        for name, parser in schema.text_search_parsers.items():
            path, qualified = ("schemas", logical, "text_search_parsers", name), qualify(schemas[logical], name)
            sql = f"CREATE TEXT SEARCH PARSER {qualified} ({functions(parser, PARSER_FUNCTIONS)})"
            yield SourcedStatement(sql, path)
            yield from comment(f"TEXT SEARCH PARSER {qualified}", parser.comment, path)
        for name, template in schema.text_search_templates.items():
            path, qualified = ("schemas", logical, "text_search_templates", name), qualify(schemas[logical], name)
            sql = f"CREATE TEXT SEARCH TEMPLATE {qualified} ({functions(template, TEMPLATE_FUNCTIONS)})"
            yield SourcedStatement(sql, path)
            yield from comment(f"TEXT SEARCH TEMPLATE {qualified}", template.comment, path)
    for logical, schema in spec.schemas.items():
        for name, dictionary in schema.text_search_dictionaries.items():
            path, qualified = ("schemas", logical, "text_search_dictionaries", name), qualify(schemas[logical], name)
            options = "".join(f", {key} = {option_literal(value)}" for key, value in dictionary.options.items())
            sql = f"CREATE TEXT SEARCH DICTIONARY {qualified} (TEMPLATE = {named(dictionary.template)}{options})"
            yield SourcedStatement(sql, path)
            yield from comment(f"TEXT SEARCH DICTIONARY {qualified}", dictionary.comment, path)
    for logical, schema in spec.schemas.items():
        for name, configuration in schema.text_search_configurations.items():
            path = ("schemas", logical, "text_search_configurations", name)
            qualified = qualify(schemas[logical], name)
            parser_name = named(configuration.parser)
            yield SourcedStatement(f"CREATE TEXT SEARCH CONFIGURATION {qualified} (PARSER = {parser_name})", path)
            mappings = {token: [named(d) for d in dicts] for token, dicts in configuration.mappings.items()}
            for sql in mapping_sql(qualified, "ADD", mappings):
                yield SourcedStatement(sql, (*path, "mappings"))
            yield from comment(f"TEXT SEARCH CONFIGURATION {qualified}", configuration.comment, path)


# --- from the model (plans) ---------------------------------------------------------------------------------


def create(obj: TextSearchObject) -> list[Statement]:
    """CREATE (with a configuration's mappings) and COMMENT ON."""
    qualified = qualify(obj.schema_name, obj.name)
    word = KINDS[type(obj)][1]
    sqls: list[str]
    if isinstance(obj, TextSearchParser):
        sqls = [f"CREATE {word} {qualified} ({_functions_sql(obj, PARSER_FUNCTIONS)})"]
    elif isinstance(obj, TextSearchTemplate):
        sqls = [f"CREATE {word} {qualified} ({_functions_sql(obj, TEMPLATE_FUNCTIONS)})"]
    elif isinstance(obj, TextSearchDictionary):
        sqls = [f"CREATE {word} {qualified} (TEMPLATE = {obj.template}{_options_sql(obj.options)})"]
    else:
        sqls = [f"CREATE {word} {qualified} (PARSER = {obj.parser})", *mapping_sql(qualified, "ADD", obj.mappings)]
    statements = [ddl.stmt(sql, ddl.Phase.FUNCTION) for sql in sqls]
    return [*statements, *ddl.comment_if_any(target(obj), obj.comment)]


def drop(obj: TextSearchObject) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(obj)}", ddl.Phase.DROP_FUNCTION)]


def alter_options(want: TextSearchDictionary, have: TextSearchDictionary) -> list[Statement]:
    """ALTER TEXT SEARCH DICTIONARY: options no longer declared named bare (removed), then every declared one in
    order (each is taken out and put last, so the result holds exactly the declared options in their order)."""
    if want.options == have.options:
        return []
    declared = {name for name, _ in want.options}
    removed = [quote_ident(name) for name, _ in have.options if name not in declared]
    kept = [f"{quote_ident(name)} = {value}" for name, value in want.options]
    return [ddl.stmt(f"ALTER {target(want)} ({', '.join([*removed, *kept])})", ddl.Phase.FUNCTION)]


def alter_mappings(want: TextSearchConfiguration, have: TextSearchConfiguration) -> list[Statement]:
    """DROP MAPPING for token types no longer mapped, ALTER MAPPING for changed ones, ADD MAPPING for new ones."""
    qualified = qualify(want.schema_name, want.name)
    dropped = [token for token in have.mappings if token not in want.mappings]
    changed = {t: d for t, d in want.mappings.items() if t in have.mappings and have.mappings[t] != d}
    added = {t: d for t, d in want.mappings.items() if t not in have.mappings}
    sqls = [
        *drop_mapping_sql(qualified, dropped),
        *mapping_sql(qualified, "ALTER", changed),
        *mapping_sql(qualified, "ADD", added),
    ]
    return [ddl.stmt(sql, ddl.Phase.FUNCTION) for sql in sqls]


def release_mappings(have: TextSearchConfiguration, tokens: list[str]) -> list[Statement]:
    """DROP MAPPING for `tokens`: lets go of the dictionaries they use, to be dropped and created again."""
    return [ddl.stmt(sql, ddl.Phase.FUNCTION) for sql in drop_mapping_sql(qualify(have.schema_name, have.name), tokens)]


def restore_mappings(want: TextSearchConfiguration, tokens: list[str]) -> list[Statement]:
    """ADD MAPPING for `tokens` as declared, once the dictionaries they use are back."""
    mappings = {token: want.mappings[token] for token in tokens if token in want.mappings}
    qualified = qualify(want.schema_name, want.name)
    return [ddl.stmt(sql, ddl.Phase.FUNCTION) for sql in mapping_sql(qualified, "ADD", mappings)]


# --- from the catalog (inspector) ---------------------------------------------------------------------------


def read_into(
    db: Database, rows: list[dict[str, Any]], logical: Callable[[str], str], text: Callable[[str], str]
) -> None:
    """queries/text_search.sql into the database's four text search sections."""

    def named(value: str | None) -> str | None:
        return None if value is None else text(value)

    for r in rows:
        schema, name, fields, comment = logical(r["schema_name"]), r["name"], r["fields"], r["comment"]
        key = f"{schema}.{name}"
        base: dict[str, Any] = {"schema_name": schema, "name": name, "comment": comment}
        if r["kind"] == "parser":
            functions = {field: named(fields[field]) for field in PARSER_FUNCTIONS}
            db.text_search_parsers[key] = TextSearchParser(**base, **functions)
        elif r["kind"] == "template":
            functions = {field: named(fields[field]) for field in TEMPLATE_FUNCTIONS}
            db.text_search_templates[key] = TextSearchTemplate(**base, **functions)
        elif r["kind"] == "dictionary":
            db.text_search_dictionaries[key] = TextSearchDictionary(
                **base, template=text(fields["template"]), options=parse_options(fields["options"])
            )
        else:
            mappings = {token: [text(d) for d in dicts] for token, dicts in fields["mappings"].items()}
            db.text_search_configurations[key] = TextSearchConfiguration(
                **base, parser=text(fields["parser"]), mappings=mappings
            )
