"""Line-aware YAML loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.errors import StateError
from reconciler.state.yaml_source import load_yaml


def test_lines_are_recorded_for_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n")
    document = load_yaml(path)
    assert document.data == {"a": {"b": 1, "c": ["x", {"d": 2}]}}
    assert document.source.line_for(("a", "b")) == 2
    assert document.source.line_for(("a", "c", 1, "d")) == 5
    assert document.source.line_for(("a", "c", 1, "d", "deeper")) == 5


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(StateError) as info:
        load_yaml(path)
    assert str(info.value.issues[0]) == f"{path}:3: a: duplicate key 'a' (first defined on line 1)"


def test_empty_file_is_an_empty_mapping(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("# nothing\n")
    assert load_yaml(path).data == {}
