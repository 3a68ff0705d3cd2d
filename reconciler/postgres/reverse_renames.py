"""The desired schema spelled with the live (old) names: pending renames undone in the normalizer.

A plan with pending `renamed_from:` keys must compare the live database as it
will be once the renames ran. It used to run the renames on the target in a
rolled-back transaction and inspect there, which wrote to the target, took
ACCESS EXCLUSIVE locks on production tables at every plan, and failed for a
read-only role. Now the target is only read (one READ ONLY inspection, ACCESS
SHARE at most) and the question is answered in the normalizer instead
(design "A" of issue 15; renamed_live.py builds the result):

The desired objects are materialized in throwaway schemas anyway (normalize.py:
on the scratch server when there is one, else on the target in a rolled-back
transaction that only touches its throwaway schemas). In that same
transaction, after the desired model is read, the REVERSE renames (new -> old)
run on the throwaway objects and the inspector reads them again: the desired
model spelled with the old names. A rename is a pure catalog operation and
PostgreSQL's deparsed texts (view definitions, constraint, index, trigger and
policy expressions, defaults) are functions of the catalog, so a live object
equals its reverse-renamed desired counterpart exactly when the live object,
once renamed, would equal the desired one. Where they are equal, the renamed
live model takes the desired texts; the diff sees no change and nothing is
re-created, as the trial gave. Model-level text rewriting (design B) would
have to guess PostgreSQL's deparse (`people.mail AS email`) object by object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from reconciler.postgres.connection import server_message
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.inspector import InspectionStats, SchemaMap, inspect_database
from reconciler.postgres.model import Database
from reconciler.postgres.renames import Rename

# The ALTER keyword of each kind of relation a rename names (columns and schemas are renamed otherwise).
_KEYWORDS = {
    "table": "TABLE",
    "view": "VIEW",
    "materialized_view": "MATERIALIZED VIEW",
    "sequence": "SEQUENCE",
    "index": "INDEX",
}


def reverse_statements(pending: Sequence[Rename], physical: dict[str, str]) -> list[str]:
    """ALTER ... RENAME statements that turn the throwaway desired objects' new names back into the old ones.

    They run in the reverse order of the plan's renames (a column's table still
    has its new name when the column is renamed back). A schema's rename is not
    a statement: its throwaway schema is read back under the old name instead.
    Names are quoted identifiers only; nothing of the state file runs as text.
    """
    statements: list[str] = []
    for rename in reversed(pending):
        if rename.kind == "schema":
            continue
        shadow = physical[rename.schema]
        if rename.kind == "column":
            statements.append(
                f"ALTER TABLE {qualify(shadow, rename.table)} RENAME COLUMN "
                f"{quote_ident(rename.new)} TO {quote_ident(rename.old)}"
            )
        else:
            keyword = _KEYWORDS[rename.kind]
            statements.append(f"ALTER {keyword} {qualify(shadow, rename.new)} RENAME TO {quote_ident(rename.old)}")
    return statements


@dataclass
class Rehearsal:
    """Called by normalize() inside its rolled-back transaction: reads the desired database with the old names.

    When the reverse renames cannot run (which the resolver's checks should make
    impossible), `desired_old` stays None and every object touched by a rename is
    compared by its substituted live text: at worst an extra, harmless replace.
    """

    database: str
    pending: Sequence[Rename]
    extension_schemas: list[str]
    stats: InspectionStats | None = None
    desired_old: Database | None = None
    failure: str | None = None

    def __call__(self, conn: psycopg.Connection[Any], physical: dict[str, str]) -> None:
        old_schema = {r.schema: r.old for r in self.pending if r.kind == "schema"}
        mapping = SchemaMap({shadow: old_schema.get(logical, logical) for logical, shadow in physical.items()})
        try:
            with conn.transaction(force_rollback=True):  # a savepoint: the throwaway objects keep their new names
                for statement in reverse_statements(self.pending, physical):
                    conn.execute(statement.encode())
                self.desired_old = inspect_database(
                    conn,
                    self.database,
                    list(physical.values()),
                    schema_map=mapping,
                    extension_schemas=self.extension_schemas,
                    stats=self.stats,
                )
        except psycopg.Error as exc:
            self.failure = server_message(exc)
            self.desired_old = None
