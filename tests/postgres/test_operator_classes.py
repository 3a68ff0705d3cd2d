"""Operator families made on their own are declared (`operator_families`, and `family:` on the classes in them):
export writes them with their loose members, and applying the export changes nothing; a class in a family of
another schema is not declarable: export names it in its header, plan in its "left alone" warning, and applying
leaves it as it is."""

from __future__ import annotations

from pathlib import Path

import yaml

from devtools.sql_pairs import schema_dump
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example

SCHEMA = """
CREATE OPERATOR FAMILY shared USING btree;
CREATE OPERATOR CLASS first_ops FOR TYPE int4 USING btree FAMILY shared AS
    OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
ALTER OPERATOR FAMILY shared USING btree ADD OPERATOR 3 = (int4, int8), FUNCTION 1 btint48cmp(int4, int8);
COMMENT ON OPERATOR FAMILY shared USING btree IS 'integers across';
CREATE OPERATOR FAMILY lonely USING hash;
CREATE OPERATOR CLASS own_ops FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int4);
CREATE TABLE items (id int);
CREATE INDEX items_id ON items USING hash (id own_ops);
CREATE SCHEMA elsewhere;
CREATE OPERATOR FAMILY elsewhere.far USING btree;
CREATE OPERATOR CLASS far_ops FOR TYPE int8 USING btree FAMILY elsewhere.far AS
    OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint8cmp(int8, int8);
"""


def test_families_are_declared_and_a_class_in_another_schemas_family_is_left_alone(
    pg_url: str, dbname: str, cli: Cli, tmp_path: Path
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, SCHEMA)
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.err
    text = (out / "postgres" / f"{dbname}.yaml").read_text()
    assert "operator class in a family of another schema public.far_ops USING btree: family elsewhere.far" in text
    schemas = yaml.safe_load(text)["schemas"]
    assert schemas["elsewhere"]["operator_families"] == {"far": {"using": "btree"}}
    public = schemas["public"]
    assert public["operator_families"] == {
        "shared": {
            "using": "btree",
            "operators": ["3 =(integer,bigint)"],
            "functions": ["1 (integer, bigint) btint48cmp(integer,bigint)"],
            "comment": "integers across",
        },
        "lonely": {"using": "hash"},
    }
    assert public["operator_classes"] == {
        "first_ops": {
            "using": "btree",
            "type": "integer",
            "family": "shared",
            "operators": ["1 <(integer,integer)", "3 =(integer,integer)", "5 >(integer,integer)"],
            "functions": ["1 (integer, integer) btint4cmp(integer,integer)"],
        },
        "own_ops": {
            "using": "hash",
            "type": "integer",
            "operators": ["1 =(integer,integer)"],
            "functions": ["1 (integer, integer) hashint4(integer)"],
        },
    }

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    [warning] = [line for line in cli.err.splitlines() + cli.out.splitlines() if "not declarable yet" in line]
    assert "1 operator class in a family of another schema (public.far_ops USING btree)" in warning, warning
    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before


def test_the_readmes_operator_family_example_applies_and_converges(cli: Cli, state: StateDir, pg_url: str) -> None:
    block = readme_example("`operator_families:` declares families made on their own")
    state.write("schemas:\n  public:\n" + block)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out + cli.err
    members = sql(
        pg_url,
        state.dbname,
        "SELECT o.amopstrategy, o.amoplefttype::regtype::text, o.amoprighttype::regtype::text,"
        " EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_amop'::regclass AND d.objid = o.oid"
        "         AND d.refclassid = 'pg_opclass'::regclass)"
        " FROM pg_amop o JOIN pg_opfamily f ON f.oid = o.amopfamily WHERE f.opfname = 'integer_cross_ops'"
        " ORDER BY 4, 1",
    )
    # The class's five are bound to it, the family's three cross-type operators are loose.
    assert members == [
        (1, "integer", "bigint", False),
        (3, "integer", "bigint", False),
        (5, "integer", "bigint", False),
        *((n, "integer", "integer", True) for n in range(1, 6)),
    ]
