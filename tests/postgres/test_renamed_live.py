"""renamed_live without a server: names renamed structurally, texts taken from the desired side only when exact.

The end-to-end behaviour (plans with pending renames against real
PostgreSQL, no lock on the target, a read-only role) is in test_renames.py;
these pin the rules that decide each object, in particular that a wrong guess
can only make an object look different (a replace), never equal.
"""

from __future__ import annotations

import pytest

from reconciler.postgres.model import Column, Constraint, Database, ObjectPrivileges, Sequence, Table, View
from reconciler.postgres.renamed_live import NameMap, renamed_live
from reconciler.postgres.renames import Rename

PENDING = [
    Rename("table", "table.people", "users", "people", "", None, "public", "public"),
    Rename("column", "table.people.column.mail", "email", "mail", "", None, "public", "public", "people", "users"),
    Rename("sequence", "sequence.people_id_seq", "users_id_seq", "people_id_seq", "", None, "public", "public"),
]
NAMES = NameMap.of(PENDING)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nextval('users_id_seq'::regclass)", "nextval('people_id_seq'::regclass)"),
        ("UNIQUE (email)", "UNIQUE (mail)"),
        ("CHECK ((email <> 'email'::text))", "CHECK ((mail <> 'email'::text))"),  # a string literal stays
        ("FOREIGN KEY (team_id) REFERENCES users(id)", "FOREIGN KEY (team_id) REFERENCES people(id)"),
        ('btree ("Email", lower(email))', 'btree ("Email", lower(mail))'),  # a quoted other name stays
    ],
)
def test_a_tables_own_texts_are_substituted_token_by_token(text: str, expected: str) -> None:
    assert NAMES.substitute("public", "users")(text) == expected


@pytest.mark.parametrize(
    ("graph_id", "expected"),
    [
        ("table:public.users", "table:public.people"),
        ("column:public.users.email", "column:public.people.mail"),
        ("column:public.users.age", "column:public.people.age"),
        ("sequence:public.users_id_seq", "sequence:public.people_id_seq"),
        ("view:public.adults", "view:public.adults"),
        ("function:public.f(integer)", "function:public.f(integer)"),
    ],
)
def test_graph_ids_follow_the_renames(graph_id: str, expected: str) -> None:
    assert NAMES.graph_id(graph_id) == expected


def _users(name: str, email: str, default: str | None = None) -> Table:
    return Table(
        schema_name="public",
        name=name,
        columns={
            "id": Column(name="id", type="integer", not_null=True, default=f"nextval('{name}_id_seq'::regclass)"),
            email: Column(name=email, type="text", default=default),
        },
        constraints={
            "users_email_key": Constraint(
                name="users_email_key", kind="unique", definition=f"UNIQUE ({email})", columns=[email]
            )
        },
    )


def _database(table: Table, view: str) -> Database:
    key = f"public.{table.name}"
    return Database(
        name="app",
        schemas=["public"],
        tables={key: table},
        sequences={
            f"public.{table.name}_id_seq": Sequence(
                schema_name="public", name=f"{table.name}_id_seq", owned_by=f"{table.name}.id"
            )
        },
        views={"public.adults": View(schema_name="public", name="adults", definition=view)},
        privileges={
            f"table:{key}": ObjectPrivileges(
                kind="table", schema_name="public", name=table.name, grants={"reader": {"select": False}}
            )
        },
    )


OLD_VIEW = " SELECT users.id, users.email FROM users;"
NEW_VIEW = " SELECT people.id, people.mail AS email FROM people;"


def test_objects_equal_in_their_old_name_form_take_the_desired_texts() -> None:
    live = _database(_users("users", "email"), OLD_VIEW)
    desired = _database(_users("people", "mail"), NEW_VIEW)
    desired_old = _database(_users("users", "email"), OLD_VIEW)
    renamed = renamed_live(live, desired, desired_old, PENDING)
    assert renamed.tables == desired.tables
    assert renamed.views == desired.views  # PostgreSQL's `people.mail AS email`, not a guess
    assert renamed.sequences == desired.sequences
    assert renamed.privileges == desired.privileges


def test_an_object_that_differs_in_its_old_name_form_keeps_differing() -> None:
    """The view's live text differs from the desired one before the rename: it must still differ after it."""
    live = _database(_users("users", "email"), " SELECT users.id FROM users;")
    desired = _database(_users("people", "mail"), " SELECT people.id FROM people;")
    desired_old = _database(_users("users", "email"), " SELECT users.id, users.email FROM users;")
    renamed = renamed_live(live, desired, desired_old, PENDING)
    # The substitution alone would give the desired text: it is not used, so the plan replaces the view.
    assert renamed.views["public.adults"].definition != desired.views["public.adults"].definition


def test_a_changed_default_on_a_renamed_column_is_still_a_change() -> None:
    live = _database(_users("users", "email"), OLD_VIEW)
    desired = _database(_users("people", "mail", default="'none'::text"), NEW_VIEW)
    desired_old = _database(_users("users", "email", default="'none'::text"), OLD_VIEW)
    renamed = renamed_live(live, desired, desired_old, PENDING)
    column = renamed.tables["public.people"].columns["mail"]
    assert (column.name, column.default) == ("mail", None)
    assert renamed.tables["public.people"].constraints == desired.tables["public.people"].constraints


def test_without_the_old_name_form_every_touched_object_is_substituted_or_replaced() -> None:
    """The reverse renames could not run: texts are guessed, and a guess that would look equal is not used."""
    live = _database(_users("users", "email"), OLD_VIEW)
    desired = _database(_users("people", "mail"), NEW_VIEW)
    renamed = renamed_live(live, desired, None, PENDING)
    assert set(renamed.tables) == {"public.people"}
    assert renamed.tables["public.people"].constraints["users_email_key"].definition == "UNIQUE (mail)"
    assert renamed.views["public.adults"].definition != NEW_VIEW
