"""Subscriptions (logical replication) as a person declares them, at the top of a database file.

A subscription names its publisher by a libpq connection string (keyword=value pairs; a password only as
`password=${env:NAME}`, never its value: conninfo.declaration_problem), the publications it subscribes to, and
the options ALTER SUBSCRIPTION ... SET changes. reconcile creates it WITH (connect = false): the server connects
nowhere, creates no slot and copies no data; `enabled: true` is an ALTER SUBSCRIPTION ... ENABLE the plan shows.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reconciler.postgres import conninfo
from reconciler.postgres.spec.common import IDENTIFIER_MAX, Identifier, Strict

SynchronousCommit = Literal["local", "remote_write", "remote_apply", "on", "off"]
# A replication slot's name, as PostgreSQL accepts one (ReplicationSlotValidateName).
SLOT_NAME = r"^[a-z0-9_]+$"


def _connection(text: str) -> str:
    problem = conninfo.declaration_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


Connection = Annotated[
    str,
    Field(
        min_length=1,
        max_length=4096,
        description="The publisher, as a libpq connection string of keyword=value pairs (`host=db1 dbname=shop "
        "user=replicator`); a password only as `password=${env:NAME}`, read from the environment and never shown.",
    ),
    AfterValidator(_connection),
]


class SubscriptionSpec(Strict):
    """CREATE SUBSCRIPTION ... WITH (connect = false): whom it subscribes to, and its options."""

    connection: Connection
    publications: list[Identifier] = Field(
        min_length=1, description="The publications on the publisher, in order (SET PUBLICATION keeps the order)."
    )
    enabled: bool = Field(
        default=False,
        description="ALTER SUBSCRIPTION ... ENABLE: replication starts (the slot must exist on the publisher; "
        "reconcile never creates it). Needs a slot_name.",
    )
    slot_name: Annotated[str, Field(pattern=SLOT_NAME, max_length=IDENTIFIER_MAX)] | None = Field(
        default=None,
        description="The replication slot on the publisher; null: NONE. Left out: the subscription's name, as "
        "PostgreSQL does.",
    )
    binary: bool = False
    streaming: bool = False
    synchronous_commit: SynchronousCommit = "off"
    disable_on_error: bool = False
    two_phase: bool = Field(
        default=False, description="Not alterable in PostgreSQL 15: changing it drops and creates the subscription."
    )
    owner: Identifier | None = Field(
        default=None, description="Its owner (a superuser in PostgreSQL 15). Left out: not compared."
    )
    comment: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "SubscriptionSpec":
        if len(set(self.publications)) != len(self.publications):
            raise ValueError("publications names a publication twice")
        if self.enabled and "slot_name" in self.model_fields_set and self.slot_name is None:
            raise ValueError("an enabled subscription needs a slot_name (PostgreSQL refuses to enable one without)")
        return self
