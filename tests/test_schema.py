"""The JSON Schemas editors use: fresh, referenced by every state file, and accepting what validate accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from reconciler.schema import KINDS, StateKind, render, schema_comment, state_files
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_committed_schemas_are_fresh(kind: StateKind) -> None:
    committed = (SCHEMA_DIR / kind.filename).read_text()
    assert committed == render(kind), (
        f"schema/{kind.filename} is stale: run `reconcile schema --out schema` and commit the result"
    )


def test_every_ai4i_state_file_points_at_its_schema_and_matches_it() -> None:
    files = state_files(ROOT / "state")
    # The AI4I deployment declares no cluster roles; test_the_roles_schema_matches_validate covers that kind.
    assert {kind.name for _, kind in files} == {kind.name for kind in KINDS} - {"postgres_roles"}
    for path, kind in files:
        first_line = path.read_text().splitlines()[0]
        assert first_line == schema_comment(path, SCHEMA_DIR, kind), f"{path}: run `reconcile schema --annotate`"
        schema = yaml.safe_load((SCHEMA_DIR / kind.filename).read_text())
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text()))


def test_the_schema_accepts_shorthands_and_rejects_unknown_fields() -> None:
    postgres = next(k for k in KINDS if k.name == "postgres")
    validator = jsonschema.Draft202012Validator(yaml.safe_load(render(postgres)))
    document = yaml.safe_load(
        """
database: shop
extensions: [pgcrypto]
schemas:
  public:
    tables:
      orders:
        columns:
          id: {type: serial, primary_key: true}
          customer_id: {type: int, references: customers(id)}
          note: text
          owner: {type: int, references: {table: users, column: id}}
        unique: [[customer_id, note]]
        checks: ["id > 0"]
        indexes:
          orders_note: [note]
        triggers:
          t: {timing: BEFORE, events: [UPDATE], function: f}
"""
    )
    validator.validate(document)
    document["schemas"]["public"]["tables"]["orders"]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        validator.validate(document)


def test_the_roles_schema_matches_validate(cli: Cli, tmp_path: Path) -> None:
    """The roles file has a schema of its own (not the database one), and the schema refuses what validate refuses."""
    roles = next(k for k in KINDS if k.name == "postgres_roles")
    validator = jsonschema.Draft202012Validator(yaml.safe_load(render(roles)))
    text = """
roles:
  app_owner: {}
  app_user:
    login: true
    connection_limit: 20
    valid_until: 2030-01-01T00:00:00Z
    password: ${env:APP_DB_PASSWORD}
    member_of: [app_owner, {role: auditors, admin: true}]
"""
    validator.validate(yaml.safe_load(text.replace("2030-01-01T00:00:00Z", '"2030-01-01T00:00:00Z"')))
    for bad in ({"roles": {"x": {"sql": "DROP ROLE y"}}}, {"roles": {"x": {"login": "yes please"}}}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)
    path = tmp_path / "state" / "postgres" / "_roles.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    assert cli("validate", "--state", tmp_path / "state") == 0, cli.out + cli.err
    assert cli("schema", "--out", tmp_path / "schema", "--state", tmp_path / "state", "--annotate") == 0
    assert path.read_text().startswith("# yaml-language-server: $schema=../../schema/postgres_roles.schema.json\n")
    assert cli("validate", "--state", tmp_path / "state") == 0, cli.out + cli.err


def test_schema_command_writes_schemas_and_annotates_state(cli: Cli, tmp_path: Path) -> None:
    state = tmp_path / "state"
    shutil.copytree(ROOT / "state", state)
    path = state / "kafka.yaml"
    path.write_text("\n".join(path.read_text().splitlines()[1:]) + "\n")
    assert cli("schema", "--out", tmp_path / "schema", "--state", state, "--annotate") == 0
    assert "1 state file(s) now point at their schema" in cli.out
    assert path.read_text().startswith("# yaml-language-server: $schema=../schema/kafka.schema.json\n")
    for kind in KINDS:
        assert (tmp_path / "schema" / kind.filename).read_text() == render(kind)
    assert cli("schema", "--out", tmp_path / "schema", "--state", state, "--annotate") == 0
    assert "state files are up to date" in cli.out
