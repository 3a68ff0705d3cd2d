"""YAML loading that remembers where every value came from.

PyYAML forgets line numbers once it builds Python objects, silently keeps the
last of two duplicate keys, and expands aliases without limit. This tool's
errors must name file, line and field, and state files arrive in pull requests,
so this module reads the file under a size limit, insists on UTF-8, and builds
values from parse events itself (yaml_build.py): it records the line of every
mapping key and sequence item by its path, rejects duplicate keys, and bounds
alias expansion and nesting.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reconciler.errors import StateError, StateIssue
from reconciler.state import parse_cache
from reconciler.state.yaml_build import Builder, Lines, PathKey, Refused

# libyaml's parser is ~20x faster than the pure-Python one and gives the same events and marks.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The 100,000-row seed benchmark (bench/seeds.py) is about 11 MB; 64 MiB leaves room for wider rows
# while refusing, before reading, a file no one writes by hand.
MAX_FILE_BYTES = 64 * 1024 * 1024


def _printable(text: str) -> str:
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


@dataclass
class SourceMap:
    """Line numbers (1-based) of every value in one YAML document, by path.

    A document taken from the parse cache (parse_cache.py) has none until a line is asked for: `reparse` then
    parses its text again, once, for them.
    """

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)
    reparse: Callable[[], Lines] | None = field(default=None, repr=False, compare=False)

    def known_lines(self) -> dict[PathKey, int]:
        """Every line, parsing the text again first where the document came from the parse cache."""
        reparse = self.reparse
        if reparse is not None:
            self.lines.update(reparse())  # two threads may both parse: the same lines either way
            self.reparse = None
        return self.lines

    def line_for(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of `path` (pydantic locations may go deeper)."""
        lines = self.known_lines()
        key = tuple(path)
        while key:
            if key in lines:
                return lines[key]
            key = key[:-1]
        return lines.get((), None)

    def issue(self, path: Sequence[str | int], message: str) -> StateIssue:
        """Build a located issue for a value at `path`."""
        # A key from a hostile file may hold terminal escape sequences: show them escaped, never raw.
        dotted = ".".join(_printable(str(p)) for p in path) or None
        return StateIssue(self.file, self.line_for(path), dotted, message)


@dataclass
class SourceDocument:
    """A parsed YAML document, the source map of its values and its parse cache key (parse_cache.key)."""

    data: Any
    source: SourceMap
    key: str = ""


def display_path(path: Path, state_dir: Path) -> str:
    """How errors name a state file: from the state directory's own name down (`state/postgres/x.yaml`)."""
    try:
        return str(path.resolve().relative_to(state_dir.resolve().parent))
    except ValueError:
        return str(path)


def _size_issue(name: str, size: str) -> StateIssue:
    return StateIssue(
        name, None, None, f"the file is {size}; a state file may be at most {MAX_FILE_BYTES:,} bytes (64 MiB)"
    )


def read_state_text(path: Path, name: str) -> str:
    """The file's text: refused before reading when too large, and refused unless it is UTF-8 text."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise StateError([_size_issue(name, f"{size:,} bytes")])
            # st_size is 0 for pipes and devices; never read more than the limit allows.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise StateError([StateIssue(name, None, None, f"cannot read file: {exc.strerror}")]) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise StateError([_size_issue(name, f"more than {MAX_FILE_BYTES:,} bytes")])
    nul = raw.find(b"\0")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise StateError([StateIssue(name, line, None, f"not a text file (NUL byte at byte {nul}); save it as UTF-8")])
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        line = raw.count(b"\n", 0, offset) + 1
        raise StateError([StateIssue(name, line, None, f"not UTF-8 (byte {offset}); save it as UTF-8")]) from None


def _syntax_issue(name: str, text: str, exc: yaml.YAMLError) -> StateIssue:
    """A parser or reader error as an issue with the line it happened on."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            message += f" ({exc.context.removeprefix('while ')} that starts on line {exc.context_mark.line + 1})"
        elif exc.context:
            message += f" ({exc.context})"
        return StateIssue(name, line, None, f"invalid YAML: {message}")
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of the UTF-8 text.
        line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        return StateIssue(
            name, line, None, f"invalid YAML: character #x{exc.character:04x} is not allowed ({exc.reason})"
        )
    return StateIssue(name, None, None, f"invalid YAML: {exc}")


def load_yaml(
    path: Path,
    display_name: str | None = None,
    read: Callable[[str, str], None] | None = None,
    *,
    nul_refused: bool = False,
    elsewhere: Callable[[str, str, int], dict[str, Any] | None] | None = None,
) -> SourceDocument:
    """Parse one YAML file into a mapping; raise StateError naming file and line for any problem.

    Hostile files end here as located issues: too large, not UTF-8, syntax errors,
    alias bombs, deep nesting, tags outside plain data, several documents, a top
    level that is not a mapping, duplicate or non-scalar keys. `read` is given
    the file's text and name once it is read, before it is parsed; `nul_refused`
    refuses text that holds a NUL character (PostgreSQL's files: Builder). Text
    parsed before without an issue is taken from the parse cache (parse_cache.py),
    or else from `elsewhere` (given the entry's key, the file's name and the text's
    length; PostgreSQL's files: parsed_in_target.py) when it has it.
    """
    name = display_name or str(path)
    text = read_state_text(path, name)
    if read is not None:
        read(text, name)
    entry_key = parse_cache.key(text, nul_refused)
    kept = parse_cache.lookup(entry_key)
    if kept is None and elsewhere is not None:
        kept = elsewhere(entry_key, name, len(text))
        if kept is not None:
            parse_cache.store(entry_key, kept)
    if kept is not None:
        return SourceDocument(kept, SourceMap(name, reparse=lambda: _parse(text, name, nul_refused)[1]), entry_key)
    data, lines = _parse(text, name, nul_refused)
    parse_cache.store(entry_key, data)
    return SourceDocument(data, SourceMap(name, lines), entry_key)


def _parse(text: str, name: str, nul_refused: bool) -> tuple[dict[str, Any], Lines]:
    """The document `text` holds and the line of each of its values; StateError for any problem."""
    lines: Lines = {}
    loader = Loader(text)
    builder = Builder(loader, name, nul_refused=nul_refused)
    try:
        data = builder.document(lines)
    except Refused as exc:
        raise StateError([*builder.issues, exc.issue]) from None
    except yaml.YAMLError as exc:
        raise StateError([*builder.issues, _syntax_issue(name, text, exc)]) from None
    finally:
        loader.dispose()
    if builder.issues:
        raise StateError(builder.issues)
    return data, lines
