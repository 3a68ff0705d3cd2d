"""When a rule or trigger fires: `ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE RULE | TRIGGER`.

PostgreSQL keeps it as one letter (pg_rewrite.ev_enabled, pg_trigger.tgenabled); the model spells it
`origin` (fires as usual), `replica` (only when session_replication_role is replica), `always` or
`disabled`; a state file writes `enabled: true | false | replica | always`.
"""

from __future__ import annotations

from typing import Literal

from reconciler.postgres.identifiers import quote_ident

Firing = Literal["origin", "replica", "always", "disabled"]
# A state file's `enabled`.
Enabled = bool | Literal["replica", "always"]

# The catalog's letter -> the model's word.
FROM_CATALOG: dict[str, Firing] = {"O": "origin", "R": "replica", "A": "always", "D": "disabled"}
_CLAUSE = {"origin": "ENABLE", "replica": "ENABLE REPLICA", "always": "ENABLE ALWAYS", "disabled": "DISABLE"}
# The model's word -> what export writes (origin, the default, is left out).
DECLARED: dict[str, Enabled] = {"disabled": False, "replica": "replica", "always": "always"}


def alter_sql(relation: str, kind: Literal["RULE", "TRIGGER"], name: str, firing: str) -> str:
    """ALTER TABLE setting when the rule or trigger `name` on `relation` (already quoted) fires."""
    return f"ALTER TABLE {relation} {_CLAUSE[firing]} {kind} {quote_ident(name)}"


def firing_of(value: Enabled) -> Firing:
    """A state file's `enabled` (true, false, replica, always) in the model's words."""
    if isinstance(value, bool):
        return "origin" if value else "disabled"
    return value
