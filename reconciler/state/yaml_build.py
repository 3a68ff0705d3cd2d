"""Build Python values from YAML parse events, under limits a hostile file cannot get past.

State files arrive in pull requests, so the loader must treat them as hostile.
PyYAML's own path (compose a node tree, then construct) cannot be bounded:
the composer shares the node of an anchor between all its aliases, so a few
hundred bytes of nested aliases ("billion laughs") compose cheaply and then
construct into billions of values; and the node tree of a large file costs
about 350 bytes per value before construction even starts. This module skips
the node tree and builds values straight from libyaml's parse events, which
lets it:

- count every value built through an alias, and refuse the document once
  aliases would add more than `ALIAS_VALUES_LIMIT` values (or as many values
  as the file itself writes, whichever is larger; expanding an alias is
  checked against the anchor's known size before any work is done);
- refuse nesting deeper than `MAX_NESTING` before recursion gets near
  Python's limit;
- implement YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`) with the lines
  of merged values pointing where they were written;
- refuse tags outside plain data (`!!python/...`, `!!binary`, `!custom`).

Aliases are replayed from a tape of the events inside anchored nodes; each
alias on the tape is resolved when recorded, so replaying gives exactly the
value the anchor had where the alias was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reconciler.errors import StateIssue

PathKey = tuple[str | int, ...]
Lines = dict[PathKey, int]

# Aliases in state files share small defaults; 100,000 values is far more than any real use
# and costs about 30 MB. A file that writes more values than that may double itself through aliases.
ALIAS_VALUES_LIMIT = 100_000
# A value costs about 200 bytes here plus 8 per level of its path (its line is kept under the whole path).
# Weighing each value by VALUE_WEIGHT + depth and allowing MAX_WEIGHT (500,000 values at depth 4) keeps
# validating any file, however hostile or deep, under 300 MB. Large seed row sets belong in CSV files
# (rows_from), which are read without this cost.
VALUE_WEIGHT = 4
MAX_WEIGHT = 4_000_000
# State documents nest about 10 levels (Elasticsearch mappings a few dozen); each level costs
# ~3 Python frames here, so 100 stays well clear of the interpreter's recursion limit of 1,000.
MAX_NESTING = 100

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_MERGE = _TAG + "merge"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
# Tags whose values are plain data; everything else (binary, set, omap, python/..., !custom) is refused.
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_SCALAR_ERRORS = (ValueError, KeyError, TypeError, OverflowError, AttributeError, yaml.YAMLError)
# Resolved tags kept by text (Builder._resolve): short texts only, and a bounded number of them.
_PLAIN_TAGS_KEPT = 10_000
_PLAIN_TAG_TEXT = 64
_MERGE_HINT = "a merge key '<<' takes a mapping or a list of mappings"


class Refused(Exception):
    """The document cannot be loaded at all; carries the one issue that says why."""

    def __init__(self, issue: StateIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass
class _Anchor:
    """An anchored node: where its events sit on the tape and how many values it builds."""

    name: str
    line: int
    start: int
    end: int = 0
    values: int = 0


@dataclass(frozen=True)
class _AliasRef:
    """An alias as recorded: already resolved to the anchor in effect where it was written."""

    anchor: _Anchor
    line: int


Item = Event | _AliasRef


@dataclass
class _Replay:
    """Reading position inside the tape while an alias is expanded."""

    position: int
    end: int
    alias: _AliasRef


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:binary` → `!!binary`, as people write it."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _line(item: Item) -> int:
    if isinstance(item, _AliasRef):
        return item.line
    mark = item.start_mark  # libyaml marks every event it yields
    return mark.line + 1 if mark is not None else 0


def _dotted(path: PathKey) -> str | None:
    return ".".join(str(p) for p in path) or None


@dataclass
class Builder:
    """Builds one document from `loader`'s events; collects issues, raises Refused when it must stop."""

    loader: yaml.SafeLoader
    file: str
    # PostgreSQL stores no NUL character in any name or text, and psycopg refuses to send one: its files refuse
    # the escapes that write one (`"\0"`, `"\u0000"`), which raw bytes cannot (read_state_text).
    nul_refused: bool = False
    issues: list[StateIssue] = field(default_factory=list)
    written: int = 0
    expanded: int = 0
    weight: int = 0  # values weighed by depth: see MAX_WEIGHT
    _anchors: dict[str, _Anchor] = field(default_factory=dict)
    _open_anchors: set[str] = field(default_factory=set)
    _tape: list[Item] = field(default_factory=list)
    _recording: int = 0
    _replays: list[_Replay] = field(default_factory=list)
    # The tag each plain scalar resolves to, by its text: state files repeat the same few (types, flags, names).
    _plain_tags: dict[str, str] = field(default_factory=dict)

    # -- document -------------------------------------------------------------------------------

    def document(self, lines: Lines) -> dict[str, Any]:
        """The single mapping this file holds ({} for an empty file)."""
        self._next()  # StreamStartEvent
        start = self._next()
        if isinstance(start, StreamEndEvent):
            return {}
        root = self._next()
        data = self.node(root, (), lines)
        self._next()  # DocumentEndEvent
        after = self._next()
        if isinstance(after, DocumentStartEvent):
            self._refuse(_line(after), "a state file holds one YAML document, but a second one starts here")
        if data is None:
            return {}
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
            self._refuse(_line(root), f"the file must hold a mapping of fields at the top, not {kind}")
        mapping: dict[str, Any] = data
        return mapping

    # -- events ---------------------------------------------------------------------------------

    def _next(self) -> Item:
        if self._replays:
            replay = self._replays[-1]
            item = self._tape[replay.position]
            replay.position += 1
            return item
        event: Event = self.loader.get_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        read: Item = self._resolve_alias(event) if isinstance(event, AliasEvent) else event
        if self._recording:
            self._tape.append(read)
        return read

    def _resolve_alias(self, event: AliasEvent) -> _AliasRef:
        line = _line(event)
        name = event.anchor or ""
        if name in self._open_anchors:
            self._refuse(line, f"alias *{name} refers to the node it is part of (recursive data is not allowed)")
        if name not in self._anchors:
            self._refuse(line, f"alias *{name} refers to no anchor &{name} defined before it")
        return _AliasRef(self._anchors[name], line)

    def _refuse(self, line: int, message: str, path: PathKey = ()) -> None:
        raise Refused(StateIssue(self.file, line, _dotted(path), message))

    def _count(self, item: Item, path: PathKey) -> None:
        """Count one value; past the file's or the alias budget, stop before memory grows any further."""
        self.weight += VALUE_WEIGHT + len(path)  # a value's line is kept under its whole path
        if self.weight > MAX_WEIGHT:
            self._refuse(
                _line(item),
                f"the file holds more values than a state file may (about {MAX_WEIGHT // (VALUE_WEIGHT + 4):,} "
                "at the usual depth; memory stays bounded); keep large seed row sets in a CSV file named by rows_from",
            )
        if not self._replays:
            self.written += 1
            return
        self.expanded += 1
        if self.expanded > self.alias_limit():
            self._refuse_expansion(self._replays[0].alias)

    def alias_limit(self) -> int:
        """Aliases may add ALIAS_VALUES_LIMIT values, or as many as the file writes if that is more."""
        return max(ALIAS_VALUES_LIMIT, self.written)

    def _refuse_expansion(self, alias: _AliasRef) -> None:
        anchor = alias.anchor
        self._refuse(
            alias.line,
            f"the document expands to more than {self.alias_limit():,} values through aliases "
            f"(alias *{anchor.name} of anchor &{anchor.name} defined on line {anchor.line})",
        )

    # -- nodes ----------------------------------------------------------------------------------

    def node(self, item: Item, path: PathKey, lines: Lines) -> Any:
        """Build the node that starts with `item` (already read) at `path`, recording lines."""
        if isinstance(item, _AliasRef):
            return self._expand(item, path, lines)
        anchor_name = getattr(item, "anchor", None)
        if anchor_name is None or self._replays:
            return self._build(item, path, lines)
        # A new anchor in the file itself: record its events so aliases can replay them.
        if not self._recording:
            self._tape.append(item)
        anchor = _Anchor(anchor_name, _line(item), len(self._tape) - 1)
        self._recording += 1
        self._open_anchors.add(anchor_name)
        values_before = self.written + self.expanded
        try:
            value = self._build(item, path, lines)
        finally:
            self._recording -= 1
            self._open_anchors.discard(anchor_name)
        anchor.end = len(self._tape)
        anchor.values = self.written + self.expanded - values_before
        self._anchors[anchor_name] = anchor
        return value

    def _expand(self, alias: _AliasRef, path: PathKey, lines: Lines) -> Any:
        anchor = alias.anchor
        root = self._replays[0].alias if self._replays else alias
        if self.expanded + anchor.values > self.alias_limit():
            self._refuse_expansion(root)
        self._replays.append(_Replay(anchor.start + 1, anchor.end, root))
        try:
            return self._build(self._tape[anchor.start], path, lines)
        finally:
            self._replays.pop()

    def _build(self, item: Item, path: PathKey, lines: Lines) -> Any:
        if isinstance(item, ScalarEvent):
            return self._scalar(item, path, lines)
        if isinstance(item, (SequenceStartEvent, MappingStartEvent)):
            lines.setdefault(path, _line(item))
            if len(path) >= MAX_NESTING:
                self._refuse_nesting(item)
            wanted = _SEQ if isinstance(item, SequenceStartEvent) else _MAP
            if item.tag not in (None, "!", wanted):
                self._issue(item, path, f"unsupported tag {short_tag(item.tag)} (state files hold plain data)")
            self._count(item, path)
            if isinstance(item, SequenceStartEvent):
                return self._sequence(path, lines)
            return self._mapping(path, lines)
        # The parser yields end events only where the loops above expect them.
        raise AssertionError(f"unexpected YAML event {item!r}")  # pragma: no cover

    def _refuse_nesting(self, item: Item) -> None:
        message = f"values nest more than {MAX_NESTING} levels deep"
        if self._replays:  # name the alias in the file, not the line inside the anchor being replayed
            alias = self._replays[0].alias
            self._refuse(alias.line, f"{message} (through alias *{alias.anchor.name})")
        self._refuse(_line(item), message)

    def _issue(self, item: Item, path: PathKey, message: str) -> None:
        self.issues.append(StateIssue(self.file, _line(item), _dotted(path), message))

    def _scalar(self, event: ScalarEvent, path: PathKey, lines: Lines) -> Any:
        lines.setdefault(path, _line(event))
        return self._scalar_value(event, path)

    def _resolve(self, event: ScalarEvent) -> str:
        """The tag of a plain untagged scalar, as the loader's resolver gives it (its implicit resolvers only)."""
        value = event.value
        tag: str = self.loader.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
        if len(self._plain_tags) < _PLAIN_TAGS_KEPT and len(value) <= _PLAIN_TAG_TEXT:
            self._plain_tags[value] = tag
        return tag

    def _scalar_value(self, event: ScalarEvent, path: PathKey) -> Any:
        """A scalar's value, its line already recorded by the caller."""
        # _count, inlined for the common case: this runs once per value of the file.
        weight = self.weight + VALUE_WEIGHT + len(path)
        if weight > MAX_WEIGHT or self._replays:
            self._count(event, path)
        else:
            self.weight = weight
            self.written += 1
        tag = event.tag
        if tag is None or tag == "!":
            # Quoted, or tagged `!`: the resolver's default for a scalar, str.
            tag = (self._plain_tags.get(event.value) or self._resolve(event)) if event.implicit[0] else _STR
        if tag in (_STR, _MERGE):  # `<<` only merges in key position; elsewhere it is text.
            if self.nul_refused and "\0" in event.value:
                self._issue(event, path, "text holds a NUL character (\\0), which PostgreSQL cannot store")
            return event.value  # an issue refuses the document; the value keeps its place meanwhile
        if tag not in _SCALAR_TAGS:
            self._issue(event, path, f"unsupported tag {short_tag(tag)} (state files hold plain data)")
            return None
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            return self.loader.yaml_constructors[tag](self.loader, node)
        except _SCALAR_ERRORS as exc:
            # A date's own complaint ("month must be in 1..12") helps; other messages would echo the value.
            detail = f" ({exc})" if tag == _TAG + "timestamp" and isinstance(exc, ValueError) else ""
            self._issue(event, path, f"value is not a valid {short_tag(tag)}{detail}")
            return None

    def _sequence(self, path: PathKey, lines: Lines) -> list[Any]:
        result: list[Any] = []
        while not isinstance(item := self._next(), SequenceEndEvent):
            result.append(self.node(item, (*path, len(result)), lines))
        return result

    # -- mappings and merge keys ----------------------------------------------------------------

    def _is_merge_key(self, item: Item) -> bool:
        if not isinstance(item, ScalarEvent) or item.value != "<<":
            return False
        return item.tag == _MERGE or (item.tag is None and item.implicit[0])

    def _mapping(self, path: PathKey, lines: Lines) -> dict[str, Any]:
        explicit: dict[str, Any] = {}
        merged: list[tuple[dict[str, Any], PathKey]] = []
        merge_lines: Lines = {}
        merge_line: int | None = None
        while not isinstance(key_item := self._next(), MappingEndEvent):
            key_line = _line(key_item)
            if self._is_merge_key(key_item):
                self._count(key_item, path)
                if merge_line is not None:
                    self._duplicate(key_item, (*path, "<<"), "<<", merge_line)
                    self.node(self._next(), (*path, "<<"), {})
                    continue
                merge_line = key_line
                merged = self._merge_sources(self._next(), path, merge_lines)
                continue
            # A plain scalar (most keys and values) is built at once; its line is kept under the child's path.
            if isinstance(key_item, ScalarEvent) and key_item.anchor is None:
                key = self._scalar_value(key_item, (*path, "<key>"))
            else:
                key = self.node(key_item, (*path, "<key>"), {})
            value_item = self._next()
            if not isinstance(key, (str, int, float, bool)):
                self.issues.append(StateIssue(self.file, key_line, None, "mapping keys must be scalars"))
                self.node(value_item, (*path, "<key>"), {})
                continue
            key = key if isinstance(key, str) else str(key)
            child = (*path, key)
            if key in explicit:
                self._duplicate(key_item, child, key, lines.get(child))
                self.node(value_item, child, {})
                continue
            lines[child] = key_line
            if isinstance(value_item, ScalarEvent) and value_item.anchor is None:
                explicit[key] = self._scalar_value(value_item, child)
            else:
                explicit[key] = self.node(value_item, child, lines)
        if not merged:
            return explicit
        return self._apply_merge(explicit, merged, merge_lines, path, lines)

    def _duplicate(self, item: Item, child: PathKey, key: str, first: int | None) -> None:
        self._issue(item, child, f"duplicate key {key!r} (first defined on line {first})")

    def _merge_sources(self, item: Item, path: PathKey, merge_lines: Lines) -> list[tuple[dict[str, Any], PathKey]]:
        """Build the value of `<<` aside; return each mapping to merge with the path its lines were kept under."""
        where = (*path, "<<")
        value = self.node(item, where, merge_lines)
        if isinstance(value, dict):
            return [(value, where)]
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [(v, (*where, i)) for i, v in enumerate(value)]
        self._issue(item, where, _MERGE_HINT)
        return []

    def _apply_merge(
        self,
        explicit: dict[str, Any],
        merged: list[tuple[dict[str, Any], PathKey]],
        merge_lines: Lines,
        path: PathKey,
        lines: Lines,
    ) -> dict[str, Any]:
        """YAML 1.1 merge: explicit keys win, then earlier merged mappings over later ones.

        Merged keys come first, as PyYAML orders them; their lines (and those of
        everything under them) are the lines where they were written.
        """
        result: dict[str, Any] = {}
        origin: dict[str, PathKey] = {}
        for mapping, where in merged:
            for key, value in mapping.items():
                if key not in result:
                    result[key] = value
                    origin[key] = where
        result.update(explicit)
        # Lines were kept under `path.<<.key...` (or `path.<<.N.key...` for a list of mappings).
        depth = len(path) + (1 if merged[0][1] == (*path, "<<") else 2)
        for kept_path, line in merge_lines.items():
            merged_key = kept_path[depth] if len(kept_path) > depth else None
            if (
                isinstance(merged_key, str)
                and merged_key not in explicit
                and origin.get(merged_key) == kept_path[:depth]
            ):
                lines.setdefault((*path, *kept_path[depth:]), line)
        return result
