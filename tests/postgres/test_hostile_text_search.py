"""Hostile text in text search objects: names and option names refused before anything runs, option values and
comments kept as data.

Functions, parsers, templates and dictionaries go into statements as names (the pattern of an aggregate's
support functions), token types and option names as plain identifiers, option values as string literals or
numbers (spec/text_search.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, dotted, write_state

PARSER = {"start": "prsd_start", "gettoken": "prsd_nexttoken", "end": "prsd_end", "lextypes": "prsd_lextype"}


def _document(section: str, name: str, declaration: dict[str, Any]) -> dict[str, Any]:
    doc = base_state()
    doc["schemas"]["public"][section] = {name: declaration}
    return doc


# (section, declaration with {payload}, the field named in the error, what the message says)
REFUSED = [
    ("text_search_configurations", {"parser": "default); {payload}; --"}, ("parser",), "String should"),
    (
        "text_search_configurations",
        {"parser": "default", "mappings": {"word": ["simple; {payload}"]}},
        ("mappings", "word", 0),
        "String should",
    ),
    (
        "text_search_configurations",
        {"parser": "default", "mappings": {"word WITH simple; {payload}; --": ["simple"]}},
        ("mappings",),
        "String should",
    ),
    ("text_search_dictionaries", {"template": "simple, x = 1); {payload}; --"}, ("template",), "String should"),
    (
        "text_search_dictionaries",
        {"template": "simple", "options": {"accept = 'true'); {payload}; --": "x"}},
        ("options",),
        "String should",
    ),
    (
        "text_search_dictionaries",
        {"template": "simple", "options": {"accept": ["{payload}"]}},
        ("options", "accept"),
        "valid",
    ),
    ("text_search_parsers", {**PARSER, "headline": "prsd_headline); {payload}; --"}, ("headline",), "String should"),
    ("text_search_templates", {"lexize": "dsimple_lexize) ; {payload}"}, ("lexize",), "String should"),
    # Short enough for the length limits: the patterns refuse them.
    ("text_search_configurations", {"parser": "p;x"}, ("parser",), "should match pattern"),
    ("text_search_templates", {"lexize": "f(1)"}, ("lexize",), "should match pattern"),
    ("text_search_dictionaries", {"template": "simple", "options": {"a=b": 1}}, ("options",), "should match pattern"),
]


@pytest.mark.parametrize(
    ("section", "declaration", "field", "message"), REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_text_search_names_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, section: str, declaration: dict[str, Any], field: tuple[str | int, ...], message: str
) -> None:
    def filled(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(payload=hostile_db.payload)
        if isinstance(value, list):
            return [filled(item) for item in value]
        if isinstance(value, dict):
            return {filled(key): filled(item) for key, item in value.items()}
        return value

    doc = _document(section, "words", filled(declaration))
    hostile_db.refused(doc, [dotted((section, "words", *field)), message])


def test_a_dictionary_option_value_holding_a_payload_reaches_the_template_as_a_string(hostile_db: HostileDb) -> None:
    # The simple template reads stopwords as a file name: PostgreSQL refuses this one as a name, the payload
    # itself never runs.
    value = f"x'); {hostile_db.payload}; --"
    declaration = {"template": "simple", "options": {"stopwords": value}}
    write_state(hostile_db.state, _document("text_search_dictionaries", "words", declaration))
    assert hostile_db.cli("plan", "--state", hostile_db.state.root) == 1
    assert "invalid text search configuration file name" in hostile_db.cli.err, hostile_db.cli.err
    assert "Traceback" not in hostile_db.cli.out + hostile_db.cli.err
    hostile_db.untouched()


def test_text_search_comments_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    text = f"it's'); {hostile_db.payload}; --"
    doc = base_state()
    public = doc["schemas"]["public"]
    public["text_search_parsers"] = {"words_parser": {**PARSER, "comment": text}}
    public["text_search_templates"] = {"plain": {"init": "dsimple_init", "lexize": "dsimple_lexize", "comment": text}}
    public["text_search_dictionaries"] = {"plain_words": {"template": "plain", "comment": text}}
    public["text_search_configurations"] = {
        "words": {"parser": "words_parser", "mappings": {"word": ["plain_words"]}, "comment": text}
    }
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        """
        SELECT obj_description((SELECT oid FROM pg_ts_parser WHERE prsname = 'words_parser'), 'pg_ts_parser'),
               obj_description((SELECT oid FROM pg_ts_template WHERE tmplname = 'plain'), 'pg_ts_template'),
               obj_description('public.plain_words'::regdictionary, 'pg_ts_dict'),
               obj_description('public.words'::regconfig, 'pg_ts_config')
        """,
    )
    assert stored == [(text, text, text, text)]
