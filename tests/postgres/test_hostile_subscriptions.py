"""Hostile text in subscriptions: names are identifiers, the connection string and the comment string literals,
stored as written; a password only as ${env:NAME} (never in clear, never shown), ${env:...} nowhere else, no URI,
options only from their lists; all refused before anything runs, and nothing ever connects to a publisher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import psycopg.sql
import pytest

from reconciler.secrets import conninfo_quoted
from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, with_payload

PUBLISHER = "host=127.0.0.1 port=1 dbname=shop"
OWN = "subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"  # pg_subscription is shared


@pytest.fixture
def hostile_subscriber(hostile_db: HostileDb) -> Iterator[HostileDb]:
    """hostile_db, its subscriptions detached and dropped before the database is (they keep DROP DATABASE out)."""
    yield hostile_db
    url, dbname = hostile_db.pg_url, hostile_db.dbname
    with psycopg.connect(url + dbname, autocommit=True) as conn:
        for (name,) in conn.execute(f"SELECT subname FROM pg_subscription WHERE {OWN}".encode()).fetchall():
            quoted = psycopg.sql.Identifier(name)
            conn.execute(psycopg.sql.SQL("ALTER SUBSCRIPTION {} SET (slot_name = NONE)").format(quoted))
            conn.execute(psycopg.sql.SQL("DROP SUBSCRIPTION {}").format(quoted))


def _document(subscription: dict[str, Any], name: str = "feed") -> dict[str, Any]:
    doc = base_state()
    doc["subscriptions"] = {name: {"connection": PUBLISHER, "publications": ["feed_out"], **subscription}}
    return doc


def test_names_connection_and_comment_holding_a_payload_are_stored_as_written(
    hostile_subscriber: HostileDb,
) -> None:
    payload = hostile_subscriber.payload
    odd = f"x\"y'); {payload}; --"[:60]
    connection = f"{PUBLISHER} application_name=" + conninfo_quoted(f"it's'); {payload}; --")
    doc = _document(
        {"connection": connection, "publications": [odd, "feed_out"], "comment": f"it's'); {payload}; --"}, odd
    )
    hostile_subscriber.stored(doc)
    stored = (
        "SELECT subname, subconninfo, subpublications, obj_description(oid, 'pg_subscription') FROM pg_subscription "
        f"WHERE {OWN}"
    )
    assert sql(hostile_subscriber.pg_url, hostile_subscriber.dbname, stored) == [
        (odd, connection, [odd, "feed_out"], f"it's'); {payload}; --")
    ]


# (the subscription's fields, where the error points, what it says)
REFUSED = [
    ({"connection": f"{PUBLISHER} password=hunter2"}, "connection", "write it as password=${env:NAME}"),
    ({"connection": f"{PUBLISHER} password='${{env:PW}}'"}, "connection", "write it as password=${env:NAME}"),
    ({"connection": f"{PUBLISHER} sslpassword=hunter2"}, "connection", "sslpassword is a secret"),
    ({"connection": "host=${env:HOME} dbname=shop"}, "connection", "only secret keywords"),
    ({"connection": "postgresql://u:hunter2@db1/shop"}, "connection", "not as a URI"),
    ({"connection": "host=db1 application_name='x"}, "connection", "never closes"),
    ({"connection": "host='db1); {payload}; --"}, "connection", "expected keyword=value"),
    ({"connection": "host=db1'); {payload}; --"}, "connection", "expected keyword=value"),
    ({"connection": "host=a host=b"}, "connection", "given twice"),
    ({"connection": "Host=db1"}, "connection", "not a connection keyword"),
    ({"connection": "ho');--st=db1"}, "connection", "not a connection keyword"),
    ({"slot_name": "s'); DROP TABLE other.victim; --"}, "slot_name", "pattern"),
    ({"synchronous_commit": "local'); {payload}; --"}, "synchronous_commit", "remote_apply"),
    ({"publications": ["${env:HOME}"]}, "publications.0", "cannot hold '${'"),
    ({"publications": ["a", "a"]}, "feed", "twice"),
    ({"publications": []}, "publications", "at least 1"),
    ({"enabled": True, "slot_name": None}, "feed", "needs a slot_name"),
    ({"two_phase": "true); {payload}; --"}, "two_phase", "boolean"),
    ({"copy_data": True}, "copy_data", "unknown field"),
]


@pytest.mark.parametrize(("subscription", "where", "message"), REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_subscription_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_subscriber: HostileDb, subscription: dict[str, Any], where: str, message: str
) -> None:
    doc = _document(with_payload(subscription, hostile_subscriber.payload))
    path = "subscriptions.feed" if where == "feed" else f"subscriptions.feed.{where}"
    hostile_subscriber.refused(doc, [path, message])
    assert "hunter2" not in hostile_subscriber.cli.out + hostile_subscriber.cli.err
    count = f"SELECT count(*) FROM pg_subscription WHERE {OWN}"
    assert sql(hostile_subscriber.pg_url, hostile_subscriber.dbname, count) == [(0,)]


def test_a_name_holding_a_secret_token_is_refused(
    hostile_subscriber: HostileDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token in a statement that carries a password would be replaced too: the name is refused before that."""
    monkeypatch.setenv("PW", "hunter2")
    doc = _document({"connection": f"{PUBLISHER} password=${{env:PW}}"}, "x${env:PW}")
    hostile_subscriber.refused(doc, ["subscriptions.x${env:PW}", "cannot hold '${'"])
    assert "hunter2" not in hostile_subscriber.cli.out + hostile_subscriber.cli.err
