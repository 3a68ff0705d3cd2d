"""Text search parsers, templates, dictionaries and configurations read back into state-file declarations."""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.model import Database, TextSearchConfiguration, TextSearchDictionary
from reconciler.postgres.spec.text_search import OPTION_NAME, TOKEN_TYPE
from reconciler.postgres.text_search import PARSER_FUNCTIONS, TEMPLATE_FUNCTIONS, option_value


def _bare(name: str) -> str:
    """A parser or template as CREATE takes it: `"default"` (a keyword, quoted by PostgreSQL) as `default`.

    PARSER = and TEMPLATE = take any keyword as a name, so a lower-case name needs no quotes there.
    """
    match = re.fullmatch(r'"([a-z_][a-z0-9_$]*)"', name)
    return name if match is None else match.group(1)


def _functions(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    spec = {field: getattr(obj, field) for field in fields if getattr(obj, field) is not None}
    if obj.comment is not None:
        spec["comment"] = obj.comment
    return spec


def _dictionary(dictionary: TextSearchDictionary) -> dict[str, Any] | None:
    if any(not re.match(OPTION_NAME, name) for name, _ in dictionary.options):
        return None
    spec: dict[str, Any] = {"template": _bare(dictionary.template)}
    if dictionary.options:
        spec["options"] = {name: option_value(value) for name, value in dictionary.options}
    if dictionary.comment is not None:
        spec["comment"] = dictionary.comment
    return spec


def _configuration(configuration: TextSearchConfiguration) -> dict[str, Any] | None:
    if any(not re.match(TOKEN_TYPE, token) for token in configuration.mappings):
        return None
    spec: dict[str, Any] = {"parser": _bare(configuration.parser)}
    if configuration.mappings:
        spec["mappings"] = {token: list(dictionaries) for token, dictionaries in configuration.mappings.items()}
    if configuration.comment is not None:
        spec["comment"] = configuration.comment
    return spec


def text_search_sections(live: Database, schema: str, left_out: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """The schema's four text search sections, by name; what will not read back is noted in `left_out`."""
    sections: list[tuple[str, dict[str, Any]]] = [
        (
            "text_search_parsers",
            {
                p.name: _functions(p, PARSER_FUNCTIONS)
                for p in live.text_search_parsers.values()
                if p.schema_name == schema
            },
        ),
        (
            "text_search_templates",
            {
                t.name: _functions(t, TEMPLATE_FUNCTIONS)
                for t in live.text_search_templates.values()
                if t.schema_name == schema
            },
        ),
    ]
    dictionaries: dict[str, Any] = {}
    for dictionary in live.text_search_dictionaries.values():
        if dictionary.schema_name == schema:
            declared = _dictionary(dictionary)
            if declared is None:
                left_out.append(f"text search dictionary {schema}.{dictionary.name}: an option name files cannot hold")
            else:
                dictionaries[dictionary.name] = declared
    configurations: dict[str, Any] = {}
    for configuration in live.text_search_configurations.values():
        if configuration.schema_name == schema:
            found = _configuration(configuration)
            if found is None:
                what = f"text search configuration {schema}.{configuration.name}"
                left_out.append(f"{what}: a token type files cannot hold")
            else:
                configurations[configuration.name] = found
    sections += [("text_search_dictionaries", dictionaries), ("text_search_configurations", configurations)]
    return sections
