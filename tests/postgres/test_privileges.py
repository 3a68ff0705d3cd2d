"""Privileges compared grantee by grantee against the default ACL, and the statements that change them (pure)."""

from __future__ import annotations

from reconciler.changes import Action
from reconciler.postgres.differ import diff
from reconciler.postgres.model import Database, ObjectPrivileges
from reconciler.postgres.privileges import acl_statements, differing

OWNER_ALL = {"postgres": {"execute": False}, "public": {"execute": False}}


def test_an_acl_equal_to_the_default_holds_no_grants() -> None:
    assert differing(OWNER_ALL, OWNER_ALL) == {}


def test_revoking_a_default_keeps_the_grantee_with_an_empty_set() -> None:
    assert differing({"postgres": {"execute": False}}, OWNER_ALL) == {"public": {}}


def test_grantees_keep_the_order_they_were_granted_in() -> None:
    effective = {"postgres": {"select": False}, "zed": {"select": False}, "amy": {"select": False}}
    assert list(differing(effective, {"postgres": {"select": False}})) == ["zed", "amy"]


def test_statements_revoke_grant_and_move_the_grant_option() -> None:
    have = {"select": True, "insert": False, "delete": False}
    want = {"select": False, "insert": True, "update": False}
    assert acl_statements("TABLE public.t", "app", want, have, None) == [
        "REVOKE DELETE ON TABLE public.t FROM app",
        "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM app",
        "GRANT UPDATE ON TABLE public.t TO app",
        "GRANT INSERT ON TABLE public.t TO app WITH GRANT OPTION",
    ]


def test_column_privileges_name_the_column() -> None:
    assert acl_statements("TABLE public.t", "public", {"update": False}, {}, "Note") == [
        'GRANT UPDATE ("Note") ON TABLE public.t TO PUBLIC'
    ]


def _function(grants: dict[str, dict[str, bool]]) -> ObjectPrivileges:
    return ObjectPrivileges(
        kind="function", schema_name="public", name="f", member="integer", grants=grants, defaults=OWNER_ALL
    )


def test_a_revoked_public_execute_is_granted_back_when_the_file_declares_nothing() -> None:
    live = Database(name="db", schemas=["public"], privileges={"function:public.f(integer)": _function({"public": {}})})
    desired = Database(name="db", schemas=["public"], privileges={"function:public.f(integer)": _function({})})
    [change] = diff(desired, live)
    assert change.action is Action.UPDATE and not change.destructive
    assert [s.sql for s in change.statements] == ["GRANT EXECUTE ON FUNCTION public.f(integer) TO PUBLIC"]
    assert "no data is changed" in change.detail[-1]


def test_a_revoke_says_roles_may_lose_access() -> None:
    live = Database(name="db", schemas=["public"], privileges={"function:public.f(integer)": _function({})})
    desired = Database(
        name="db", schemas=["public"], privileges={"function:public.f(integer)": _function({"public": {}})}
    )
    [change] = diff(desired, live)
    assert [s.sql for s in change.statements] == ["REVOKE EXECUTE ON FUNCTION public.f(integer) FROM PUBLIC"]
    assert [h.code for h in change.hazards] == ["revokes_privileges"]


OWNER_TABLE = {"postgres": {"select": False, "insert": False}}


def _table(grants: dict[str, dict[str, bool]]) -> Database:
    entry = ObjectPrivileges(kind="table", schema_name="public", name="t", grants=grants, defaults=OWNER_TABLE)
    return Database(name="db", schemas=["public"], privileges={"table:public.t": entry})


def test_grants_in_another_order_alone_are_no_change() -> None:
    """The ACL's order is pg_dump's, not a privilege: a plan never changes it for its own sake."""
    live = _table({"b": {"select": False}, "a": {"select": False}})
    assert diff(_table({"a": {"select": False}, "b": {"select": False}}), live) == []


def test_a_new_grantee_listed_before_a_held_one_is_granted_in_the_files_order() -> None:
    live = _table({"b": {"select": False}})
    [change] = diff(_table({"a": {"select": False}, "b": {"select": False}}), live)
    assert [s.sql for s in change.statements] == [
        "REVOKE ALL ON TABLE public.t FROM a",
        "GRANT SELECT ON TABLE public.t TO a",
        "REVOKE ALL ON TABLE public.t FROM b",
        "GRANT SELECT ON TABLE public.t TO b",
    ]
    assert change.hazards == []  # b holds what it held: nobody loses access
    assert "granted again in the file's order (pg_dump lists grants so): a, b" in change.detail


def test_a_grantee_that_keeps_its_place_is_not_granted_again() -> None:
    live = _table({"a": {"select": False}, "b": {"select": False}})
    [change] = diff(
        _table({"a": {"select": False}, "b": {"select": False, "insert": False}, "c": {"select": False}}), live
    )
    assert [s.sql for s in change.statements] == [
        "GRANT INSERT ON TABLE public.t TO b",
        "GRANT SELECT ON TABLE public.t TO c",
    ]


def test_a_grantee_holding_a_grant_option_is_left_where_it_is() -> None:
    """REVOKE ALL would meet the grants it made with its option: the order is left, the privileges are exact."""
    live = _table({"b": {"select": True}})
    [change] = diff(_table({"a": {"select": False}, "b": {"select": True}}), live)
    assert [s.sql for s in change.statements] == ["GRANT SELECT ON TABLE public.t TO a"]
