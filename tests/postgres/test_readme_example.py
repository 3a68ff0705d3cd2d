"""The README's file-format example is valid, applies, and converges: docs match behaviour."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Cli, StateDir, sql

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example(heading: str = "## State files: `state/postgres/<database>.yaml`") -> str:
    """The first YAML block after `heading` in the README."""
    text = README.read_text()
    section = text[text.index(heading) :]
    return re.search(r"```yaml\n(.*?)```", section, re.S)[1]  # type: ignore[index]


def test_readme_example_applies_and_converges(cli: Cli, state: StateDir, pg_url: str) -> None:
    example = readme_example()
    assert example.startswith("database: shop")
    state.write(example.split("\n", 1)[1])
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out
    kinds = sql(
        pg_url,
        state.dbname,
        "SELECT string_agg(DISTINCT relkind::text, '' ORDER BY relkind::text) FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace",
    )
    assert kinds == [("Sirv",)]  # sequences, indexes, tables, views
