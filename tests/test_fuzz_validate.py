"""Property: whatever a pull request does to a state file, `reconcile validate` exits 0 or 1 with its own error.

Starts from the real state files in `state/`, mutates one of them (values,
keys, types, aliases, merge keys, bad bytes, deep nesting, truncation), and runs
`reconcile validate` in-process. The only acceptable outcomes are exit 0, or
exit 1 with the tool's `error:` line; an exception escaping `main` or a
traceback in the output fails the test. Validate connects to no server.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.cli import main

STATE = Path(__file__).resolve().parent.parent / "state"
STATE_FILES = sorted(str(p.relative_to(STATE)) for p in STATE.rglob("*.yaml"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "0", "yes", "~", "2024-13-45", "1e999", "<<", "*x", "&x", "!!binary", "${X}", "$(x)", "'"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)

# Text spliced into the YAML source as-is: aliases, merge keys, tags, nesting, bytes that are not UTF-8.
snippets = st.sampled_from(
    [
        b"&a ",
        b"*a",
        b"<<: *a\n",
        b"<<: [*a, *b]\n",
        b"x: &a {k: v}\n",
        b"x: &a [1, 2]\n",
        b"!!python/object:os.system ",
        b"!!binary ",
        b"!custom ",
        b"? [a, b]\n: c\n",
        b"---\n",
        b"\n- ",
        b"[" * 200,
        b"{" * 50,
        b"\x00",
        b"\xff\xfe",
        b"\xe9",
        b"\xef\xbb\xbf",
        b"\t",
        b": ",
        b'"',
        b"'",
        b"#",
        b"|\n",
        b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]\na1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"
        b"a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n"
        b"a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n"
        b"a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n"
        b"a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n",
    ]
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data`, the root included."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutated_data(draw: st.DrawFn, data: Any) -> bytes:
    """Change one value of the parsed document: replace it, drop it, rename its key, or change its type."""
    path = draw(st.sampled_from(_paths(data)))
    if not path:
        return yaml.safe_dump(draw(values)).encode()
    parent, last = _parent(data, path), path[-1]
    action = draw(st.sampled_from(["replace", "drop", "rename", "wrap", "stringify", "alias"]))
    if action == "replace":
        parent[last] = draw(values)
    elif action == "drop":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = parent.pop(last)
    elif action == "wrap":
        parent[last] = [parent[last]]
    elif action == "stringify":
        parent[last] = str(parent[last])
    elif action == "alias":
        # The same object twice makes the dumper write an anchor and an alias.
        parent[last] = [parent[last], parent[last]] if isinstance(parent[last], (dict, list)) else parent[last]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


@st.composite
def mutated_text(draw: st.DrawFn, raw: bytes) -> bytes:
    """Splice snippets into the source, or cut it short, at positions drawn from the file."""
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        cut = draw(st.integers(min_value=0, max_value=len(raw)))
        kind = draw(st.sampled_from(["insert", "replace", "truncate"]))
        if kind == "truncate":
            raw = raw[:cut]
        else:
            snippet = draw(snippets)
            raw = raw[:cut] + snippet + raw[cut + (len(snippet) if kind == "replace" else 0) :]
    return raw


@st.composite
def hostile_state_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """One state file of the repository, mutated."""
    name = draw(st.sampled_from(STATE_FILES))
    raw = (STATE / name).read_bytes()
    if draw(st.booleans()):
        return name, draw(mutated_data(yaml.safe_load(raw)))
    return name, draw(mutated_text(raw))


def _validate(state: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--state", str(state), "--no-color"])
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_state_file())
def test_validate_reports_hostile_state_files_as_its_own_errors(case: tuple[str, bytes]) -> None:
    name, content = case
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        shutil.copytree(STATE, state)
        (state / name).write_bytes(content)
        code, output = _validate(state)
    assert "Traceback" not in output, output
    assert code in (0, 1), output
    if code == 1:
        assert output.startswith("error: "), output
