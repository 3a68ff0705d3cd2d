"""Owners are not declarable yet: export and plan name every object another role owns, and apply keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, sql
from tests.postgres.test_undeclarable import export_a, schema_dump


@pytest.fixture
def owner_role(pg_url: str, dbname: str) -> Iterator[str]:
    role = f"{dbname}_owner"
    sql(pg_url, "postgres", f'CREATE ROLE "{role}"')
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        f"""
        CREATE SCHEMA app AUTHORIZATION "{role}";
        CREATE TABLE app.items (id serial PRIMARY KEY, label text);
        ALTER TABLE app.items OWNER TO "{role}";
        CREATE TABLE public.kept (id int PRIMARY KEY);
        CREATE TYPE public.mood AS ENUM ('ok', 'sad');
        ALTER TYPE public.mood OWNER TO "{role}";
        CREATE FUNCTION public.one() RETURNS int LANGUAGE sql AS 'SELECT 1';
        ALTER FUNCTION public.one() OWNER TO "{role}";
        CREATE VIEW public.v AS SELECT id FROM public.kept;
        """,
    )
    try:
        yield role
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{role}"')


def test_objects_owned_by_another_role_are_named_and_left_as_they_are(
    pg_url: str, dbname: str, owner_role: str, cli: Cli, tmp_path: Path
) -> None:
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    header = "\n".join(export_a(out, dbname))
    owned = [
        f"owner schema app: owned by {owner_role}",
        f"owner table app.items: owned by {owner_role}",
        f"owner type public.mood: owned by {owner_role}",
        f"owner function public.one(): owned by {owner_role}",
    ]
    for named in owned:
        assert f"\n  {named}" in header, header
    # What the connecting role owns (the view, the other table, the serial's sequence, public) is not named.
    assert "public.kept" not in header and "public.v" not in header and "items_id_seq" not in header
    assert "schema public" not in header

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    [warning] = [line for line in cli.err.splitlines() + cli.out.splitlines() if "not declarable yet" in line]
    assert f"4 owners (function public.one(): owned by {owner_role}, schema app: owned by {owner_role}" in warning

    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before
