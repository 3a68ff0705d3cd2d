"""Seed rows from a CSV file: `rows_from: roles.csv` instead of `rows:` in a seed file.

Large row sets are easier to keep and review as CSV, and the csv module reads
100,000 rows far faster than YAML builds 100,000 mappings. The header names
the row fields (columns and reference fields, as in YAML rows); every value is
text, as PostgreSQL's COPY reads it; an empty cell is NULL; `${env:NAME}`
cells are secrets as in YAML. Errors name the CSV file, its line and the
column.

The file is hostile input like every state file: it must sit inside the
state directory (no absolute path, no `..` or link leading out of it), end in
`.csv`, be UTF-8 and no larger than a state file may be.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconciler.errors import StateError, StateIssue
from reconciler.state.yaml_source import SourceMap, display_path, read_state_text


@dataclass
class CsvSourceMap(SourceMap):
    """Lines of rows read from a CSV file; every other path is answered by the seed file's own map."""

    seed_file: SourceMap = field(default_factory=lambda: SourceMap(""))

    def line_for(self, path: Sequence[str | int]) -> int | None:
        if len(path) >= 2 and path[0] == "rows":
            return self.lines.get(("rows", path[1]))
        return self.seed_file.line_for(path)

    def issue(self, path: Sequence[str | int], message: str) -> StateIssue:
        if len(path) >= 2 and path[0] == "rows":
            column = ".".join(str(p) for p in path[2:]) or None
            return StateIssue(self.file, self.line_for(path), column, message)
        return self.seed_file.issue(path, message)


def _located(state_dir: Path, seed_path: Path, name: str, source: SourceMap) -> Path:
    """The CSV file `name` next to the seed file, refused when it would lead out of the state directory."""

    def refuse(message: str) -> StateError:
        return StateError([source.issue(("rows_from",), message)])

    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise refuse(f"{name!r}: write a path relative to the seed file's folder, inside the state directory")
    if relative.suffix.lower() != ".csv":
        raise refuse(f"{name!r}: rows_from names a .csv file")
    path = seed_path.parent / relative
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise refuse(f"{name!r}: no such file next to {seed_path.name}") from None
    if not resolved.is_relative_to(state_dir.resolve()):
        raise refuse(f"{name!r} leads out of the state directory (through a link)")
    if not resolved.is_file():
        raise refuse(f"{name!r} is not a file")
    return path


def read_csv_rows(
    state_dir: Path, seed_path: Path, name: str, source: SourceMap
) -> tuple[list[dict[str, Any]], CsvSourceMap]:
    """The rows of the CSV file a seed file names, and where each came from."""
    path = _located(state_dir, seed_path, name, source)
    shown = display_path(path, state_dir)
    located = CsvSourceMap(shown, seed_file=source)
    reader = csv.reader(io.StringIO(read_state_text(path, shown), newline=""))
    issues: list[StateIssue] = []
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise StateError([StateIssue(shown, 1, None, "the first line must name the columns")])
        for position, column in enumerate(header):
            if not column.strip() or column != column.strip():
                issues.append(StateIssue(shown, 1, None, f"column {position + 1} of the header is {column!r}"))
            elif header.index(column) != position:
                issues.append(StateIssue(shown, 1, column, "this column is named twice in the header"))
        rows: list[dict[str, Any]] = []
        last = reader.line_num
        for record in reader:
            first, last = last + 1, reader.line_num
            if not record:
                continue  # a blank line
            if len(record) != len(header):
                issues.append(StateIssue(shown, first, None, f"{len(record)} values for {len(header)} columns"))
                continue
            located.lines[("rows", len(rows))] = first
            rows.append({column: value if value != "" else None for column, value in zip(header, record, strict=True)})
    except csv.Error as exc:
        raise StateError([StateIssue(shown, reader.line_num or None, None, f"not valid CSV: {exc}")]) from None
    if issues:
        raise StateError(issues)
    if not rows:
        raise StateError([StateIssue(shown, None, None, "the file holds no rows")])
    return rows, located
