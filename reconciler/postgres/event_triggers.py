"""Event triggers (CREATE EVENT TRIGGER): from a state file and from the catalogs, and their DDL.

An event trigger is database-wide and fires on the commands of every session of the database, the plan's trial
too. So the plan never creates one to normalize it: the spec checks the event and the command tags against what
PostgreSQL 15 accepts (spec/event_triggers.py), and once the normalizer has created the file's functions in its
throwaway schemas (normalize.py), `resolve` reads each declared function with to_regprocedure in that same
rolled-back transaction and under the same search_path, as casts are read (user_casts.py). A function the file
declares (`audit.log_ddl()`) is first moved to its throwaway schema (schema_references.to_physical); the
function found is named by its schema and name (`audit.log_ddl()`, whatever the search_path), mapped back to
the logical schemas. to_regprocedure parses the name and looks
it up: nothing runs. Every statement the plan writes holds the server's spelling of the function, quote_ident's
of the name and the checked tags as literals, never the file's text.

The live event triggers the database holds are quiet in the trial: `quiet_in_trial` disables them in its
rolled-back transaction (a superuser's only; the change is never committed, and no other session sees it), so
that one refusing DDL does not stop the plan, nor one that logs see the trial's commands.

In an apply, the event triggers the plan drops, re-creates or changes are dropped or disabled first in the
transaction and created or enabled last (ddl.Phase.DROP_EVENT_TRIGGER, ddl.Phase.EVENT_TRIGGER), so the apply's
own commands never fire one of them; those left as they are fire as usual. A new event, function or tag list
drops the trigger and creates it again; ENABLE, DISABLE, OWNER TO and COMMENT ON change it in place. An event
trigger needs its function (queries/dependencies.sql for the live ones, `resolve` for the declared ones): it is
dropped before the function and created after it, and around a function the plan replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl, trial_lookup
from reconciler.postgres.dependencies import object_id, replace_needs
from reconciler.postgres.firing import FROM_CATALOG, firing_of
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.model import Database, EventTrigger
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.event_triggers import parse_event_trigger_function
from reconciler.postgres.trial_lookup import Locator

if TYPE_CHECKING:
    from reconciler.postgres.inspector import SchemaMap


# The enabled event triggers a superuser may silence for the trial (only superusers alter event triggers).
_FIRING = """
SELECT e.evtname FROM pg_event_trigger e
WHERE e.evtenabled <> 'D' AND (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)
ORDER BY e.evtname
"""


def trigger_id(found: EventTrigger) -> str:
    return object_id("event_trigger", "", found.name)


def quiet_in_trial(conn: psycopg.Connection[Any]) -> None:
    """Disable the database's event triggers in the trial's transaction, which is always rolled back."""
    for (name,) in conn.execute(_FIRING).fetchall():
        conn.execute(sql.SQL("ALTER EVENT TRIGGER {} DISABLE").format(sql.Identifier(name)))


def _resolved(row: dict[str, Any], name: str, spec: DatabaseSpec, mapping: SchemaMap, locate: Locator) -> EventTrigger:
    """One declared event trigger from its row of trial_lookup.function_rows; StateError when its function does not
    exist or cannot run an event trigger."""
    declared = spec.event_triggers[name]
    path = ("event_triggers", name, "function")
    if row["function"] is None:
        raise StateError([locate(path, f"function {declared.function!r} does not exist (declare it, or create it)")])
    if not row["returns_expected"]:
        raise StateError([locate(path, f"function {declared.function!r} does not return event_trigger")])
    return EventTrigger(
        name=name,
        event=declared.event,
        function=mapping.text(row["function"]) + "()",
        tags=declared.canonical_tags,
        enabled=firing_of(declared.enabled),
        owner=declared.owner,
        comment=declared.comment,
    )


def resolve(
    conn: psycopg.Connection[Any], spec: DatabaseSpec, physical: dict[str, str], mapping: SchemaMap, locate: Locator
) -> tuple[dict[str, EventTrigger], dict[str, list[str]]]:
    """The file's event triggers in the model's terms, and what each needs; run in the trial, after its objects exist.

    StateError, naming each entry, for a function that does not exist or does not return event_trigger.
    """
    if not spec.event_triggers:
        return {}, {}
    functions = {
        name: parse_event_trigger_function(declared.function).text for name, declared in spec.event_triggers.items()
    }
    rows = trial_lookup.function_rows(
        conn, spec, ("event_triggers", "function"), functions, physical, "event_trigger", locate
    )
    found: dict[str, EventTrigger] = {}
    needs: dict[str, list[str]] = {}
    issues: list[StateIssue] = []
    for name, row in rows:
        try:
            found[name] = _resolved(row, name, spec, mapping, locate)
        except StateError as exc:
            issues += exc.issues
            continue
        function = row["needed_function"]
        if function is not None:
            needed = object_id("function", mapping.logical(function["schema"]), function["name"], "")
            needs[trigger_id(found[name])] = [needed]
    if issues:
        raise StateError(issues)
    return dict(sorted(found.items())), needs


def with_resolved(desired: Database, triggers: dict[str, EventTrigger], needs: dict[str, list[str]]) -> None:
    """`desired` holding the file's event triggers and what they need (the trial read the live database's)."""
    desired.event_triggers = triggers
    replace_needs(desired, "event_trigger", needs)


def read_into(db: Database, rows: list[dict[str, Any]], text: Callable[[str], str]) -> None:
    """queries/event_triggers.sql into `db.event_triggers`; `text` maps throwaway schema names."""
    for r in rows:
        db.event_triggers[r["name"]] = EventTrigger(
            name=r["name"],
            event=r["event"],
            function=text(r["function"]),
            tags=list(r["tags"]),
            enabled=FROM_CATALOG[r["enabled"]],
            owner=r["owner"],
            comment=r["comment"],
        )


# --- statements -----------------------------------------------------------------------------------------------

_ENABLE = {"origin": "ENABLE", "replica": "ENABLE REPLICA", "always": "ENABLE ALWAYS"}


def target(found: EventTrigger) -> str:
    """What ALTER, DROP and COMMENT ON name: `EVENT TRIGGER audit_ddl`."""
    return f"EVENT TRIGGER {quote_ident(found.name)}"


def create(found: EventTrigger) -> list[Statement]:
    """CREATE EVENT TRIGGER, then its firing, owner and comment: last in the transaction."""
    when = ""
    if found.tags:
        when = f" WHEN TAG IN ({', '.join(quote_literal(tag) for tag in found.tags)})"
    created = f"CREATE {target(found)} ON {found.event}{when} EXECUTE FUNCTION {found.function}"
    statements = [ddl.stmt(created, ddl.Phase.EVENT_TRIGGER)]
    if found.enabled != "origin":
        statements += enable(found)
    return statements + settings(found, None)


def drop(found: EventTrigger) -> list[Statement]:
    """DROP EVENT TRIGGER, first in the transaction."""
    return [ddl.stmt(f"DROP {target(found)}", ddl.Phase.DROP_EVENT_TRIGGER)]


def disable(found: EventTrigger) -> list[Statement]:
    """ALTER EVENT TRIGGER ... DISABLE, first in the transaction."""
    return [ddl.stmt(f"ALTER {target(found)} DISABLE", ddl.Phase.DROP_EVENT_TRIGGER)]


def enable(found: EventTrigger) -> list[Statement]:
    """How it is to fire (DISABLE for a disabled one), last in the transaction."""
    clause = _ENABLE.get(found.enabled, "DISABLE")
    return [ddl.stmt(f"ALTER {target(found)} {clause}", ddl.Phase.EVENT_TRIGGER)]


def refire(want: EventTrigger, have: EventTrigger) -> list[Statement]:
    """A new firing: the trigger stays quiet while the apply runs (disabled first, enabled as declared last)."""
    if want.enabled == have.enabled:
        return []
    quiet = [] if have.enabled == "disabled" else disable(have)
    return quiet + ([] if want.enabled == "disabled" else enable(want))


def settings(want: EventTrigger, have: EventTrigger | None) -> list[Statement]:
    """OWNER TO (where declared) and COMMENT ON, where they differ; neither fires an event trigger."""
    statements = []
    if want.owner is not None and (have is None or want.owner != have.owner):
        statements.append(ddl.stmt(f"ALTER {target(want)} OWNER TO {quote_ident(want.owner)}", ddl.Phase.EVENT_TRIGGER))
    if want.comment != (None if have is None else have.comment):
        value = "NULL" if want.comment is None else quote_literal(want.comment)
        statements.append(ddl.stmt(f"COMMENT ON {target(want)} IS {value}", ddl.Phase.EVENT_TRIGGER))
    return statements


def must_be_recreated(want: EventTrigger, have: EventTrigger) -> bool:
    """ALTER EVENT TRIGGER cannot change the event, the function or the tags."""
    return (want.event, want.function, want.tags) != (have.event, have.function, have.tags)


def with_live_owner(desired: dict[str, EventTrigger], live: dict[str, EventTrigger]) -> dict[str, EventTrigger]:
    """The desired event triggers, each declaring no owner taking the live one's: owners are compared where declared."""
    return {
        name: want.model_copy(update={"owner": live[name].owner}) if want.owner is None and name in live else want
        for name, want in desired.items()
    }
