"""The parse cache (reconciler/state/parse_cache.py): a state file whose text was parsed before is not parsed again,
gives exactly the values and lines parsing gives, and nothing kept where the user alone cannot vouch for it, or
that is not what parsing made, is ever used."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reconciler.errors import StateError
from reconciler.state import parse_cache
from reconciler.state.yaml_source import load_yaml

DOCUMENT = """\
defaults: &defaults
  retries: 3
  ratio: 0.1
  enabled: true
  nothing: ~
service:
  <<: *defaults
  name: "caf\\u00e9 \\U0001F600"
  big: 123456789012345678901234567890
  ratio: -0.0
  list: [1, 2.5, "3", yes, null]
  text: |
    two
    lines
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(parse_cache.CACHE_VARIABLE, str(where))
    return where / "parsed"


def _exactly(value: Any) -> str:
    """A value's text with every type spelled out: True == 1 and 0.0 == -0.0 would hide a wrong type or sign."""
    return json.dumps(value, default=repr) + repr(value)


def test_a_file_parsed_before_is_taken_from_the_cache_with_the_same_values_and_lines(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "state.yaml"
    path.write_text(DOCUMENT)
    first = load_yaml(path, "state.yaml")
    second = load_yaml(path, "state.yaml")
    assert parses == ["state.yaml"]  # the second came from the cache
    assert len(list(folder.glob("*.json"))) == 1
    assert _exactly(second.data) == _exactly(first.data)
    assert second.data["service"]["ratio"] == 0.0 and str(second.data["service"]["ratio"]) == "-0.0"
    assert second.data["service"]["name"] == "caf\u00e9 \U0001f600"
    # Lines are not kept: the text is parsed again, once, when one is first asked for.
    assert second.source.line_for(("service", "list", 3)) == first.source.line_for(("service", "list", 3)) == 11
    assert second.source.known_lines() == first.source.known_lines()
    assert parses == ["state.yaml", "state.yaml"]
    assert second.source.issue(("service", "retries"), "bad").line == 2  # merged: where it was written


def test_what_parsing_depends_on_is_part_of_the_key(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    path = tmp_path / "state.yaml"
    path.write_text('name: "a\\0b"\n')
    assert load_yaml(path, "state.yaml").data == {"name": "a\0b"}
    with pytest.raises(StateError, match="NUL"):  # refused in PostgreSQL's files, whatever was kept for others
        load_yaml(path, "state.yaml", nul_refused=True)
    path.write_text('name: "a\\0c"\n')  # another text
    assert load_yaml(path, "state.yaml").data == {"name": "a\0c"}
    assert parses == ["state.yaml"] * 3
    assert len(list(folder.glob("*.json"))) == 2  # a refused text is not kept


def test_values_json_cannot_give_back_exactly_are_not_kept(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    path = tmp_path / "state.yaml"
    path.write_text("when: 2026-12-04\n")
    assert str(load_yaml(path, "state.yaml").data["when"]) == "2026-12-04"
    assert str(load_yaml(path, "state.yaml").data["when"]) == "2026-12-04"
    assert parses == ["state.yaml"] * 2
    assert not list(folder.glob("*.json"))


def test_an_entry_that_is_not_what_parsing_made_is_ignored(tmp_path: Path, folder: Path, parses: list[str]) -> None:
    path = tmp_path / "state.yaml"
    path.write_text("a: 1\n")
    load_yaml(path, "state.yaml")
    (entry,) = folder.glob("*.json")
    for damaged in (b"{not json", b"[1, 2]", b"\xff\xfe", b""):
        entry.write_bytes(damaged)
        assert load_yaml(path, "state.yaml").data == {"a": 1}  # parsed again, and kept anew
        assert json.loads(entry.read_bytes()) == {"a": 1}
    assert len(parses) == 5


def test_nothing_is_used_from_a_folder_or_an_entry_others_could_write(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "state.yaml"
    path.write_text("a: 1\n")
    load_yaml(path, "state.yaml")
    (entry,) = folder.glob("*.json")
    assert folder.stat().st_mode & 0o777 == 0o700 and entry.stat().st_mode & 0o777 == 0o600
    entry.write_text('{"a": 2}')  # what someone who could write there would leave
    entry.chmod(0o620)
    assert load_yaml(path, "state.yaml").data == {"a": 1}
    entry.chmod(0o600)
    folder.chmod(0o770)
    assert load_yaml(path, "state.yaml").data == {"a": 1}
    folder.chmod(0o700)
    entry.unlink()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"a": 2}')
    entry.symlink_to(elsewhere)
    assert load_yaml(path, "state.yaml").data == {"a": 1}
    if os.geteuid() == 0:  # only root can give a file away; CI runs as root
        entry.unlink()
        entry.write_text('{"a": 2}')
        entry.chmod(0o600)
        os.chown(entry, 65534, 65534)
        assert load_yaml(path, "state.yaml").data == {"a": 1}
    assert len(parses) == 5 if os.geteuid() == 0 else 4


def test_the_cache_can_be_turned_off_and_never_stops_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    path = tmp_path / "state.yaml"
    path.write_text("a: 1\n")
    monkeypatch.setenv(parse_cache.CACHE_VARIABLE, "off")
    assert parse_cache.folder() is None
    load_yaml(path, "state.yaml")
    load_yaml(path, "state.yaml")
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(parse_cache.CACHE_VARIABLE, str(blocked))  # cannot be made a folder
    assert load_yaml(path, "state.yaml").data == {"a": 1}
    assert load_yaml(path, "state.yaml").data == {"a": 1}
    assert len(parses) == 4
    monkeypatch.delenv(parse_cache.CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parse_cache.folder() == tmp_path / "xdg" / "reconcile" / "parsed"


def test_only_the_newest_entries_are_kept(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 2)
    path = tmp_path / "state.yaml"
    for value in range(3):
        path.write_text(f"a: {value}\n")
        load_yaml(path, "state.yaml")
        for entry in folder.glob("*.json"):  # older than the next one, whatever the clock's resolution
            os.utime(entry, (entry.stat().st_mtime - 10,) * 2)
    assert len(list(folder.glob("*.json"))) == 2
    path.write_text("a: 0\n")  # the oldest: gone
    load_yaml(path, "state.yaml")
    path.write_text("a: 2\n")
    load_yaml(path, "state.yaml")
    assert len(parses) == 4
