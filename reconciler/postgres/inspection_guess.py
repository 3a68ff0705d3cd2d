"""What a database file's text says its live inspection reads, read before the file is parsed.

Parsing came before the live inspection could start: 0.3 s of a 2,000-table no-op plan, while the server sat
idle. The few fields the inspection needs sit in plain block-style lines, so they are read from the text first:
the top-level `database`, `extensions`, the fields that leave the choice of schemas to the server
(early_inspection._Inspected), and the keys of `schemas` at the indentation of its first one. The lines found
are parsed by the same hardened builder as whole files (state/yaml_build.py) and validated by the same types as
a parsed file's fields, so only valid names reach the server, as a plan's own inspection sends them.

The result is a guess, shaped like a parsed document: a plan takes an inspection only when the validated file
asks for exactly the same one (early_inspection.EarlyInspections.take), so a wrong guess costs an inspection
thrown away, never a wrong plan. Anything this reader does not expect (flow style at the top, keys it cannot
read, indentation it cannot follow) gives no guess, and the inspection starts once the file is parsed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reconciler.state.yaml_build import Builder, Refused
from reconciler.state.yaml_source import Loader

# A top-level line: a plain key, then nothing (a block follows) or its value. Comments and document markers aside,
# any other top-level line (flow style, a quoted or complex key, a merge key) gives no guess.
_TOP = re.compile(r"^(?![ \t#\r\n]|---|\.\.\.)([^\n]+)$", re.MULTILINE)
_TOP_KEY = re.compile(r"([A-Za-z_]+):(?:[ \t][^\n]*)?")
# A schema's key as a line of its own: a plain identifier or a simply quoted name.
_SCHEMA_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_$]*|\"[^\"\\\n]*\"|'[^'\n]*'):(?:[ \t][^\n]*)?")
_FIRST_CHILD = re.compile(r"^( +)[^ #\n]", re.MULTILINE)
# The top-level fields copied as written: those the inspection reads or that make it the server's to decide.
_COPIED = ("database", "extensions", "undeclared_schemas", "schema_templates", "database_match")


def guessed_document(text: str, name: str) -> dict[str, Any] | None:
    """The inspection's fields as the text's block-style lines give them; None when they cannot be read so."""
    blocks = _top_level_blocks(text)
    if blocks is None or "database" not in blocks or "schemas" not in blocks:
        return None
    schemas = _schema_keys(blocks["schemas"])
    if schemas is None:
        return None
    lines = [blocks[key] for key in _COPIED if key in blocks]
    lines.append("schemas:\n" + "".join(f"  {key}: {{}}\n" for key in schemas))
    builder = Builder(Loader("\n".join(lines)), name, nul_refused=True)
    try:
        document = builder.document({})
    except (Refused, yaml.YAMLError):
        return None
    return None if builder.issues else document


def _top_level_blocks(text: str) -> dict[str, str] | None:
    """Each top-level key's lines (its own and those under it), by key."""
    starts = list(_TOP.finditer(text))
    blocks: dict[str, str] = {}
    for index, match in enumerate(starts):
        key = _TOP_KEY.fullmatch(match[1].rstrip())
        if key is None or key[1] in blocks:
            return None
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        blocks[key[1]] = text[match.start() : end]
    return blocks


def _schema_keys(block: str) -> list[str] | None:
    """The keys of the `schemas:` block: the lines at the indentation of its first key."""
    head, _, body = block.partition("\n")
    if head.split(":", 1)[1].split("#", 1)[0].strip():
        return None  # `schemas: {...}` on one line
    first = _FIRST_CHILD.search(body)
    if first is None:
        return None
    indent = len(first[1])
    keys: list[str] = []
    for spaces, line in re.findall(rf"^( {{0,{indent}}})([^ #\n][^\n]*)$", body, re.MULTILINE):
        key = _SCHEMA_KEY.fullmatch(line.rstrip())
        if len(spaces) < indent or key is None:
            return None  # a line less indented than the schemas, or a key this reader cannot read
        keys.append(key[1])
    return keys
