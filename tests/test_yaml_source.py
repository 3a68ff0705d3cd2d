"""Line-aware YAML loading."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reconciler.errors import StateError
from reconciler.state.yaml_source import MAX_FILE_BYTES, load_yaml


def test_lines_are_recorded_for_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n")
    document = load_yaml(path)
    assert document.data == {"a": {"b": 1, "c": ["x", {"d": 2}]}}
    assert document.source.line_for(("a", "b")) == 2
    assert document.source.line_for(("a", "c", 1, "d")) == 5
    assert document.source.line_for(("a", "c", 1, "d", "deeper")) == 5


def test_scalars_resolve_as_pyyaml_resolves_them_however_often_they_repeat(tmp_path: Path) -> None:
    # Plain texts keep their resolved tag (yaml_build): a repeated text, quoted or tagged, must still resolve alone.
    text = "".join(
        f"k{i}:\n  - yes\n  - 'yes'\n  - !!str yes\n  - 1_000\n  - '1_000'\n  - ~\n"
        "  - 2024-01-02\n  - k: off\n  - 0x1f\n"
        for i in range(3)
    )
    path = tmp_path / "x.yaml"
    path.write_text(text + "yes: no\n1: one\n")
    document = load_yaml(path)
    # Keys are text in state files: PyYAML's would be True and 1.
    assert document.data == yaml.safe_load(text) | {"True": False, "1": "one"}
    assert document.data["k2"] == [True, "yes", "yes", 1000, "1_000", None, datetime.date(2024, 1, 2), {"k": False}, 31]
    assert document.source.line_for(("k2", 7, "k")) == 29


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


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """The "billion laughs" pattern: each anchor lists the previous one `width` times (10**9 values)."""
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def merge_bomb() -> str:
    """Nested anchors expanded only through merge keys."""
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: x" for i in range(10)) + "}"]
    lines += ["m1: &m1 {" + ", ".join(f"k{i}: *m0" for i in range(10)) + "}"]
    lines += [f"m{n}: &m{n} {{<<: [*m{n - 1}], extra{n}: [{', '.join([f'*m{n - 1}'] * 10)}]}}" for n in range(2, 7)]
    return "\n".join(lines) + "\n"


LIMIT = "the document expands to more than 100,000 values through aliases"
PLAIN = "(state files hold plain data)"

# (id, file content, the issues load_yaml reports for it as `x.yaml`)
HOSTILE_TEXT = [
    ("alias-bomb", alias_bomb(), [f"x.yaml:5: {LIMIT} (alias *a3 of anchor &a3 defined on line 4)"]),
    ("merge-bomb", merge_bomb(), [f"x.yaml:5: {LIMIT} (alias *m3 of anchor &m3 defined on line 4)"]),
    (
        "python-object",
        "a: !!python/object:os.system {}\n",
        [f"x.yaml:1: a: unsupported tag !!python/object:os.system {PLAIN}"],
    ),
    (
        "python-name",
        "a:\n  b: !!python/name:os.system\n",
        [f"x.yaml:2: a.b: unsupported tag !!python/name:os.system {PLAIN}"],
    ),
    ("binary", "a: !!binary aGVsbG8=\n", [f"x.yaml:1: a: unsupported tag !!binary {PLAIN}"]),
    ("custom-tag", "a:\n  b: !vault secret\n", [f"x.yaml:2: a.b: unsupported tag !vault {PLAIN}"]),
    ("custom-map-tag", "a: !thing {x: 1}\n", [f"x.yaml:1: a: unsupported tag !thing {PLAIN}"]),
    ("set", "a: !!set {x, y}\n", [f"x.yaml:1: a: unsupported tag !!set {PLAIN}"]),
    ("omap", "a: !!omap [x: 1]\n", [f"x.yaml:1: a: unsupported tag !!omap {PLAIN}"]),
    ("str-tag-on-mapping", "a: !!str {x: 1}\n", [f"x.yaml:1: a: unsupported tag !!str {PLAIN}"]),
    (
        "flow-nesting-10000",
        "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        ["x.yaml:1: invalid YAML: exceeded maximum nesting depth (while increasing flow level)"],
    ),
    ("flow-nesting-150", "a: " + "[" * 150 + "]" * 150 + "\n", ["x.yaml:1: values nest more than 100 levels deep"]),
    (
        "block-nesting-200",
        "".join(" " * i + "k:\n" for i in range(200)),
        ["x.yaml:101: values nest more than 100 levels deep"],
    ),
    (
        "alias-nesting",
        "deep: &d " + "[" * 60 + "]" * 60 + "\nwrap: " + "[" * 50 + "*d" + "]" * 50 + "\n",
        ["x.yaml:2: values nest more than 100 levels deep (through alias *d)"],
    ),
    (
        "scalar-document",
        "just text\n",
        ["x.yaml:1: the file must hold a mapping of fields at the top, not a single str value"],
    ),
    ("list-document", "\n- a\n- b\n", ["x.yaml:2: the file must hold a mapping of fields at the top, not a list"]),
    ("int-document", "42\n", ["x.yaml:1: the file must hold a mapping of fields at the top, not a single int value"]),
    (
        "two-documents",
        "a: 1\n---\nb: 2\n",
        ["x.yaml:2: a state file holds one YAML document, but a second one starts here"],
    ),
    ("mapping-key", "? {a: 1}\n: x\n", ["x.yaml:1: mapping keys must be scalars"]),
    ("sequence-key", "ok: 1\n[a, b]: x\n", ["x.yaml:2: mapping keys must be scalars"]),
    ("null-key", "~: x\n", ["x.yaml:1: mapping keys must be scalars"]),
    ("alias-to-mapping-key", "x: &k {a: 1}\n*k : y\n", ["x.yaml:2: mapping keys must be scalars"]),
    (
        "duplicate-after-merge",
        "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n  y: 3\n",
        ["x.yaml:5: c.y: duplicate key 'y' (first defined on line 4)"],
    ),
    (
        "two-merge-keys",
        "base: &b {x: 1}\nc:\n  <<: *b\n  <<: *b\n",
        ["x.yaml:4: c.<<: duplicate key '<<' (first defined on line 3)"],
    ),
    (
        "merge-scalar",
        "base: &b 1\nc:\n  <<: *b\n",
        ["x.yaml:3: c.<<: a merge key '<<' takes a mapping or a list of mappings"],
    ),
    (
        "merge-list-of-scalars",
        "c:\n  <<: [1, 2]\n",
        ["x.yaml:2: c.<<: a merge key '<<' takes a mapping or a list of mappings"],
    ),
    ("undefined-alias", "a: *nope\n", ["x.yaml:1: alias *nope refers to no anchor &nope defined before it"]),
    (
        "recursive-alias",
        "a: &r [1, *r]\n",
        ["x.yaml:1: alias *r refers to the node it is part of (recursive data is not allowed)"],
    ),
    ("bad-int", "a: !!int abc\n", ["x.yaml:1: a: value is not a valid !!int"]),
    ("bad-bool", "a: !!bool maybe\n", ["x.yaml:1: a: value is not a valid !!bool"]),
    (
        "bad-date",
        "a:\n  when: 2024-13-45\n",
        ["x.yaml:2: a.when: value is not a valid !!timestamp (month must be in 1..12)"],
    ),
    ("int-past-4300-digits", "a: " + "9" * 5000 + "\n", ["x.yaml:1: a: value is not a valid !!int"]),
    (
        "control-character",
        "a: 1\nb: x\x01y\n",
        ["x.yaml:2: invalid YAML: character #x0001 is not allowed (control characters are not allowed)"],
    ),
    (
        "tab-indent",
        "a:\n\tb: 1\n",
        ["x.yaml:2: invalid YAML: found character that cannot start any token (while scanning for the next token)"],
    ),
    (
        "two-issues-kept",
        "a: !!binary eA==\nb: !x y\n",
        [f"x.yaml:1: a: unsupported tag !!binary {PLAIN}", f"x.yaml:2: b: unsupported tag !x {PLAIN}"],
    ),
]

HOSTILE_BYTES = [
    ("latin-1", b"a: 1\nb: caf\xe9\n", ["x.yaml:2: not UTF-8 (byte 11); save it as UTF-8"]),
    ("latin-1-after-bom", b"\xef\xbb\xbfa: caf\xe9\n", ["x.yaml:1: not UTF-8 (byte 9); save it as UTF-8"]),
    ("truncated-utf8", "a: é".encode()[:-1], ["x.yaml:1: not UTF-8 (byte 3); save it as UTF-8"]),
    ("binary-nul", b"a: 1\n\x00\x01\x02", ["x.yaml:2: not a text file (NUL byte at byte 5); save it as UTF-8"]),
    ("utf-16", "a: 1\n".encode("utf-16"), ["x.yaml:1: not a text file (NUL byte at byte 3); save it as UTF-8"]),
    (
        "elf-binary",
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
        ["x.yaml:1: not a text file (NUL byte at byte 7); save it as UTF-8"],
    ),
]


def issues_of(path: Path) -> list[str]:
    with pytest.raises(StateError) as info:
        load_yaml(path, "x.yaml")
    return [str(issue) for issue in info.value.issues]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in HOSTILE_TEXT], ids=[c[0] for c in HOSTILE_TEXT])
def test_hostile_text_ends_as_located_issues(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert issues_of(path) == expected


@pytest.mark.parametrize(("raw", "expected"), [case[1:] for case in HOSTILE_BYTES], ids=[c[0] for c in HOSTILE_BYTES])
def test_files_that_are_not_utf8_text_are_refused(tmp_path: Path, raw: bytes, expected: list[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    assert issues_of(path) == expected


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with path.open("wb") as handle:  # sparse: no disk or memory spent on the 65 MiB
        handle.truncate(MAX_FILE_BYTES + 1024 * 1024)
    assert issues_of(path) == [
        "x.yaml: the file is 68,157,440 bytes; a state file may be at most 67,108,864 bytes (64 MiB)"
    ]


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nb: caf\xc3\xa9\n")
    document = load_yaml(path)
    assert document.data == {"a": 1, "b": "café"}
    assert document.source.line_for(("b",)) == 2


def test_merge_keys_follow_yaml_1_1(tmp_path: Path) -> None:
    """Explicit keys beat merged ones, earlier merged mappings beat later ones; lines point where values are written."""
    path = tmp_path / "x.yaml"
    path.write_text(
        "base: &base\n"  # 1
        "  a: 1\n"  # 2
        "  b:\n"  # 3
        "    deep: base\n"  # 4
        "more: &more {a: 9, c: 3, d: [x, y]}\n"  # 5
        "one:\n"  # 6
        "  b: own\n"  # 7
        "  <<: *base\n"  # 8
        "list:\n"  # 9
        "  <<: [*base, *more]\n"  # 10
        "  d: mine\n"  # 11
    )
    document = load_yaml(path)
    assert document.data["one"] == {"a": 1, "b": "own"}
    assert document.data["list"] == {"a": 1, "b": {"deep": "base"}, "c": 3, "d": "mine"}
    assert list(document.data["list"]) == ["a", "b", "c", "d"]
    lines = document.source.line_for
    assert (lines(("one", "a")), lines(("one", "b")), lines(("one", "b", "deep"))) == (2, 7, 7)
    assert (lines(("list", "a")), lines(("list", "b", "deep")), lines(("list", "c")), lines(("list", "d"))) == (
        2,
        4,
        5,
        11,
    )
    assert lines(("list", "d", 0)) == 11  # the merged `d: [x, y]` lost to the explicit key, lines included


def test_aliases_keep_the_value_of_their_anchor_where_written(tmp_path: Path) -> None:
    """An anchor redefined later does not change what an earlier alias (replayed inside another one) meant."""
    path = tmp_path / "x.yaml"
    path.write_text("z: &z 1\nx: &x [*z]\nz2: &z 2\ny: *x\n")
    assert load_yaml(path).data == {"z": 1, "x": [1], "z2": 2, "y": [1]}


def test_aliases_may_double_a_large_file(tmp_path: Path) -> None:
    """The alias budget scales: a file that writes more than 100,000 values may repeat them once."""
    path = tmp_path / "x.yaml"
    path.write_text("rows: &rows [" + ", ".join(["r"] * 150_000) + "]\ncopy: *rows\n")
    document = load_yaml(path)
    assert len(document.data["copy"]) == 150_000
    path.write_text("rows: &rows [" + ", ".join(["r"] * 150_000) + "]\ncopy: *rows\nagain: *rows\n")
    assert issues_of(path) == [
        f"x.yaml:3: {LIMIT.replace('100,000', '150,005')} (alias *rows of anchor &rows defined on line 1)"
    ]


def at_the_alias_limit() -> str:
    """Nested anchors expanded to near the limit: accepted by the loader, about the most aliases may cost."""
    # a1..a3 already expand to 12,330 values; 7 more copies of a3 (11,111 values each) make 90,107.
    return alias_bomb(levels=4) + "a4: [" + ", ".join(["*a3"] * 7) + "]\n"


# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child of a large pytest
# process would report the parent's peak. VmHWM belongs to the process's own memory since exec.
MEASURE = """
import re, sys
from reconciler.cli import main
code = main(["validate", "--state", sys.argv[1], "--no-color"])
with open("/proc/self/status") as status:
    peak = re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)
print("exit", code, "maxrss_kib", peak, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (alias_bomb(), f"state/postgres/x.yaml:6: {LIMIT}"),
        (merge_bomb(), f"state/postgres/x.yaml:6: {LIMIT}"),
        (at_the_alias_limit(), "state/postgres/x.yaml:2: a0: unknown field"),
        ("a: " + "[" * 1_000_000 + "\n", "state/postgres/x.yaml:2: invalid YAML: exceeded maximum nesting depth"),
        # Just under the budget: loaded whole (then refused for its meaning), still far under 300 MB.
        ("a: [" + ", ".join(["ab"] * 490_000) + "]\n", "state/postgres/x.yaml:2: a: unknown field"),
        # Plain values, as many as a file may hold: each one's line is kept, so the count is bounded.
        ("a: [" + ", ".join(["ab"] * 700_000) + "]\n", "state/postgres/x.yaml:2: the file holds more values"),
        # The same deep down: a value's path costs memory too, so deep values count for more.
        (
            "".join("  " * d + f"k{d}:\n" for d in range(95))
            + "  " * 95
            + "v: ["
            + ", ".join(["ab"] * 499_000)
            + "]\n",
            "state/postgres/x.yaml:97: the file holds more values",
        ),
    ],
    ids=[
        "alias-bomb",
        "merge-bomb",
        "at-the-alias-limit",
        "million-brackets",
        "under-the-value-budget",
        "many-values",
        "many-deep-values",
    ],
)
def test_validating_hostile_files_stays_under_300_mb(tmp_path: Path, content: str, expected: str) -> None:
    """Peak memory of a whole `reconcile validate` in its own process (2.6 GB and counting before the fix)."""
    state = tmp_path / "state"
    (state / "postgres").mkdir(parents=True)
    (state / "postgres" / "x.yaml").write_text("database: x\n" + content)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(state)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert f"\n  {expected}" in result.stderr, result.stderr
    exit_line = result.stderr.strip().splitlines()[-1].split()
    assert exit_line[:2] == ["exit", "1"], result.stderr
    assert int(exit_line[3]) < 300 * 1024, f"peak RSS {int(exit_line[3]) // 1024} MB"
