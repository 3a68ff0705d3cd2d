"""Operator families a state file cannot declare yet (made on their own, or holding several classes): export names
them in its header, plan in its "left alone" warning, and applying the export leaves them as they are, next to a
declared class."""

from __future__ import annotations

from pathlib import Path

import yaml

from devtools.sql_pairs import schema_dump
from tests.conftest import Cli, sql

SCHEMA = """
CREATE OPERATOR FAMILY shared USING btree;
CREATE OPERATOR CLASS first_ops FOR TYPE int4 USING btree FAMILY shared AS
    OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
CREATE OPERATOR FAMILY lonely USING hash;
CREATE OPERATOR CLASS own_ops FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
CREATE TABLE items (id int);
CREATE INDEX items_id ON items USING hash (id own_ops);
"""


def test_families_that_cannot_be_declared_are_named_and_left_alone(
    pg_url: str, dbname: str, cli: Cli, tmp_path: Path
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, SCHEMA)
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.err
    text = (out / "postgres" / f"{dbname}.yaml").read_text()
    assert "operator family public.shared USING btree: classes first_ops" in text
    assert "operator family public.lonely USING hash: no operator class" in text
    public = yaml.safe_load(text)["schemas"]["public"]
    assert public["operator_classes"] == {
        "own_ops": {
            "using": "hash",
            "type": "integer",
            "operators": ["1 =(integer,integer)"],
            "functions": ["1 (integer, integer) hashint4(integer)"],
        }
    }

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    [warning] = [line for line in cli.err.splitlines() + cli.out.splitlines() if "not declarable yet" in line]
    assert "2 operator families (public.lonely USING hash, public.shared USING btree)" in warning, warning
    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before
