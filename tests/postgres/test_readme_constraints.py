"""The README's example of constraint forms and table options is valid, applies, and converges."""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example


def test_constraint_forms_example_applies_and_converges(cli: Cli, state: StateDir, pg_url: str) -> None:
    example = readme_example("### Constraint forms, trigger options and table options")
    assert example.startswith("database: hotel")
    state.write(example.split("\n", 1)[1])
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out
    found = sql(
        pg_url,
        state.dbname,
        "SELECT string_agg(conname || ':' || contype::text || ':' || convalidated || ':' || condeferrable, ' ' "
        "ORDER BY conname) FROM pg_constraint WHERE conrelid = 'bookings'::regclass",
    )
    assert found == [
        (
            "bookings_check:t:true:true bookings_code_key:u:true:true bookings_pkey:p:true:true "
            "bookings_room_during_id_key:u:true:false bookings_room_fkey:f:false:false no_overlap:x:true:false "
            "room_positive:c:false:false",
        )
    ]
    key_index = sql(
        pg_url,
        state.dbname,
        "SELECT pg_get_indexdef(oid), reloptions FROM pg_class WHERE relname = 'bookings_room_during_id_key'",
    )
    assert key_index == [
        (
            "CREATE UNIQUE INDEX bookings_room_during_id_key ON public.bookings USING btree (room, during) "
            "INCLUDE (id) WITH (fillfactor='80')",
            ["fillfactor=80"],
        )
    ]
    options = sql(
        pg_url, state.dbname, "SELECT reloptions, relreplident::text FROM pg_class WHERE relname = 'bookings'"
    )
    assert options == [(["fillfactor=90", "autovacuum_enabled=false"], "f")]
