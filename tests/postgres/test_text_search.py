"""Text search objects declared by hand (the README's example and more): changes made in place, a dictionary
re-created under a configuration and a generated column, extension members left alone, and undeclared ones dropped
like any object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import Cli, StateDir, sql

DECLARED = """
extensions: [dict_int]
schemas:
  public:
    text_search_templates:
      lowercase: {init: dsimple_init, lexize: dsimple_lexize, comment: simple's functions}
    text_search_dictionaries:
      english_nostop: {template: snowball, options: {language: english}}
      short_numbers: {template: intdict_template, options: {maxlen: 4, rejectlong: true}}
      plain: {template: lowercase, options: {accept: false}}
    text_search_configurations:
      docs:
        parser: default
        mappings:
          asciiword: [english_nostop]
          word: [plain, english_nostop]
          int: [short_numbers]
        comment: Documentation search
    tables:
      pages:
        columns:
          id: {type: integer, primary_key: true}
          body: {type: text}
          search:
            type: tsvector
            generated: "to_tsvector('docs'::regconfig, coalesce(body, ''))"
        indexes:
          pages_search: {columns: [search], method: gin}
"""


def _catalog(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    return sql(
        pg_url,
        dbname,
        """
        SELECT 'dictionary', d.dictname, d.dictinitoption FROM pg_ts_dict d
        WHERE d.dictnamespace = 'public'::regnamespace AND d.dictname <> 'intdict'
        UNION ALL
        SELECT 'mapping', t.alias, string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno)
        FROM pg_ts_config_map m CROSS JOIN LATERAL ts_token_type('default') t
        WHERE m.mapcfg = 'public.docs'::regconfig AND t.tokid = m.maptokentype GROUP BY t.alias
        ORDER BY 1, 2
        """,
    )


def test_declared_text_search_objects_apply_converge_and_export_as_declared(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    state.write(DECLARED)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert _catalog(pg_url, dbname) == [
        ("dictionary", "english_nostop", "language = 'english'"),
        ("dictionary", "plain", "accept = 'false'"),
        ("dictionary", "short_numbers", "maxlen = 4, rejectlong = 'true'"),
        ("mapping", "asciiword", "english_nostop"),
        ("mapping", "int", "short_numbers"),
        ("mapping", "word", "plain, english_nostop"),
    ]
    sql(pg_url, dbname, "INSERT INTO pages VALUES (1, 'Dogs running 123456')")
    assert sql(pg_url, dbname, "SELECT search::text FROM pages") == [("'dog':1 'run':2",)]

    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    exported: dict[str, Any] = yaml.safe_load((out / "postgres" / f"{dbname}.yaml").read_text())["schemas"]["public"]
    declared: dict[str, Any] = yaml.safe_load(DECLARED)["schemas"]["public"]
    for section in ("text_search_templates", "text_search_configurations"):
        assert exported[section] == declared[section]
    # A boolean reads back as the string PostgreSQL keeps: the same option to the template.
    assert exported["text_search_dictionaries"]["plain"] == {"template": "lowercase", "options": {"accept": "false"}}
    assert exported["text_search_dictionaries"]["short_numbers"]["options"] == {"maxlen": 4, "rejectlong": "true"}
    # The extension's own template and dictionary are the extension's.
    assert "intdict" not in exported["text_search_dictionaries"]
    assert "intdict_template" not in exported["text_search_templates"]


def test_options_and_mappings_change_in_place_in_the_declared_order(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(DECLARED)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    changed = (
        DECLARED.replace("{maxlen: 4, rejectlong: true}", "{rejectlong: false, absval: true, maxlen: 6}")
        .replace("options: {language: english}", "options: {language: english, stopwords: english}")
        .replace("word: [plain, english_nostop]", "word: [english_nostop, plain]")
        .replace("int: [short_numbers]", "uint: [simple]")
    )
    state.write(changed)
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "DROP TEXT SEARCH" not in cli.out and "DROP COLUMN" not in cli.out, cli.out
    for statement in (
        "ALTER TEXT SEARCH DICTIONARY public.short_numbers (rejectlong = 'false', absval = 'true', maxlen = 6)",
        "ALTER TEXT SEARCH DICTIONARY public.english_nostop (language = 'english', stopwords = 'english')",
        'ALTER TEXT SEARCH CONFIGURATION public.docs DROP MAPPING FOR "int"',
        "ALTER TEXT SEARCH CONFIGURATION public.docs ALTER MAPPING FOR word WITH english_nostop, plain",
        "ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR uint WITH simple",
    ):
        assert statement in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert _catalog(pg_url, dbname)[:3] == [
        ("dictionary", "english_nostop", "language = 'english', stopwords = 'english'"),
        ("dictionary", "plain", "accept = 'false'"),
        ("dictionary", "short_numbers", "rejectlong = 'false', absval = 'true', maxlen = 6"),
    ]


def test_a_dictionary_given_a_new_template_is_let_go_of_by_its_configuration_and_mapped_again(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(DECLARED)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "INSERT INTO pages VALUES (1, 'Dogs')")
    state.write(DECLARED.replace("plain: {template: lowercase, options: {accept: false}}", "plain: {template: simple}"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    order = [
        'ALTER TEXT SEARCH CONFIGURATION public.docs DROP MAPPING FOR asciiword, word, "int"',
        "DROP TEXT SEARCH DICTIONARY public.plain",
        "CREATE TEXT SEARCH DICTIONARY public.plain (TEMPLATE = simple)",
        "ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR asciiword WITH english_nostop",
    ]
    positions = [cli.out.find(statement) for statement in order]
    assert -1 not in positions and positions == sorted(positions), cli.out
    # The configuration stays: the column computed with it is not touched.
    assert "DROP TEXT SEARCH CONFIGURATION" not in cli.out and "DROP COLUMN" not in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT search::text FROM pages") == [("'dog':1",)]


def test_text_search_objects_the_file_leaves_out_are_dropped_not_reported(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write("schemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(
        pg_url,
        dbname,
        "CREATE TEXT SEARCH DICTIONARY public.leftover_dict (TEMPLATE = simple);"
        "CREATE TEXT SEARCH CONFIGURATION public.leftover (COPY = english);"
        "ALTER TEXT SEARCH CONFIGURATION public.leftover ALTER MAPPING FOR uint WITH leftover_dict",
    )
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "not declarable" not in cli.out + cli.err and "cannot declare" not in cli.out + cli.err
    config, dictionary = (
        cli.out.find("DROP TEXT SEARCH CONFIGURATION public.leftover"),
        cli.out.find("DROP TEXT SEARCH DICTIONARY public.leftover_dict"),
    )
    assert -1 < config < dictionary, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1  # destructive
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_ts_config WHERE cfgname = 'leftover'") == [(0,)]
