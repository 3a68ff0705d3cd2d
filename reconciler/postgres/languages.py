"""Procedural languages (CREATE [TRUSTED] LANGUAGE ... HANDLER ...): from a state file and from the catalogs,
and their DDL.

A language is database-wide, so like a foreign-data wrapper it is not normalized in throwaway schemas: the
desired languages are built from the state file (`desired_languages`), whose handler names are already what the
catalog query prints (`schema.function`, each part quoted where needed), and compared with the live ones as they
are. The normalizing transaction checks each declared handler on the server with to_regprocedure, which reads a
name and runs nothing (`check_handlers`), and creates the declared languages the database lacks, so that the
file's functions written in them can be created there (`trial_statements`; that needs a superuser, as the apply
does).

PostgreSQL has no ALTER LANGUAGE for the handlers or the trust: CREATE OR REPLACE LANGUAGE changes them in
place, keeping the owner, the grants and the functions written in the language. Grants (USAGE, the one
privilege) are compared with the default ACL, acldefault('l'): USAGE for the owner and for PUBLIC.

Statements are ordered by phase (ddl.Phase): a language is created after the extensions that bring its
handlers and before the functions written in it, and dropped after them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg

from reconciler.changes import Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres import ddl
from reconciler.postgres.foreign_data import qualified_function, usage_acl
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import Acl, Database, Language
from reconciler.postgres.privileges import differing, exploded
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.foreign_data import split_function
from reconciler.postgres.trial_lookup import Locator

PUBLIC = "public"
# Each handler's argument list and the type it must return (None: any), as CREATE LANGUAGE looks them up.
HANDLERS = {"handler": ("", "language_handler"), "inline": ("internal", None), "validator": ("oid", None)}


def desired_languages(spec: DatabaseSpec) -> dict[str, Language]:
    """The languages a database file declares, in the model's terms (grants read as a wrapper's: `all` is USAGE)."""
    return {
        name: Language(
            name=name,
            trusted=declared.trusted,
            handler=qualify(*split_function(declared.handler)),
            inline=qualified_function(declared.inline),
            validator=qualified_function(declared.validator),
            comment=declared.comment,
            owner=declared.owner,
            grants=usage_acl(declared.grants),
        )
        for name, declared in sorted(spec.languages.items())
    }


def owner_default(owner: str | None) -> Acl:
    """A language's default ACL (acldefault 'l'): USAGE for its owner and for PUBLIC."""
    return {PUBLIC: {"usage": False}, **({owner: {"usage": False}} if owner is not None else {})}


def read_into(db: Database, rows: list[dict[str, Any]]) -> None:
    """queries/languages.sql into `db.languages`."""
    for r in rows:
        db.languages[r["name"]] = Language(
            name=r["name"],
            trusted=r["trusted"],
            handler=r["handler"],
            inline=r["inline"],
            validator=r["validator"],
            comment=r["comment"],
            owner=r["owner"],
            grants=differing(exploded(r["acl"]), exploded(r["default_acl"])),
        )


# --- statements -----------------------------------------------------------------------------------------------


def target(name: str) -> str:
    return f"LANGUAGE {quote_ident(name)}"


def _definition(language: Language, replace: bool) -> str:
    sql = "CREATE OR REPLACE" if replace else "CREATE"
    sql += " TRUSTED" if language.trusted else ""
    sql += f" {target(language.name)} HANDLER {language.handler}"
    sql += f" INLINE {language.inline}" if language.inline else ""
    sql += f" VALIDATOR {language.validator}" if language.validator else ""
    return sql


def create(language: Language) -> list[Statement]:
    statements = [ddl.stmt(_definition(language, replace=False), ddl.Phase.LANGUAGE)]
    return statements + ddl.comment_if_any(target(language.name), language.comment)


def redefines(want: Language, have: Language) -> bool:
    """Whether the handlers or the trust differ: what only CREATE OR REPLACE LANGUAGE changes."""
    fields = ("trusted", "handler", "inline", "validator")
    return any(getattr(want, field) != getattr(have, field) for field in fields)


def redefine(language: Language) -> Statement:
    """CREATE OR REPLACE LANGUAGE: new handlers or trust, the owner, grants and functions written in it kept."""
    return ddl.stmt(_definition(language, replace=True), ddl.Phase.LANGUAGE)


def alter(want: Language, have: Language, redefine_it: bool = True) -> list[Statement]:
    """CREATE OR REPLACE LANGUAGE for new handlers or trust (unless `redefine_it` is False), and the comment."""
    statements = [redefine(want)] if redefine_it and redefines(want, have) else []
    if want.comment != have.comment:
        statements.append(ddl.comment_on(target(want.name), want.comment))
    return statements


def drop(language: Language) -> list[Statement]:
    return [ddl.stmt(f"DROP {target(language.name)}", ddl.Phase.DROP_LANGUAGE)]


# --- the normalizing transaction ------------------------------------------------------------------------------

# One row per declared handler: the function to_regprocedure finds (NULL: none), and whether it returns what it
# must. Only names are read: to_regprocedure parses and looks up, it calls nothing.
_HANDLERS_FOUND = """
SELECT x.position, p.oid IS NOT NULL AS found,
       x.returns IS NULL OR p.prorettype = to_regtype(x.returns) AS returns_expected
FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(signature, returns, position)
LEFT JOIN pg_proc p ON p.oid = to_regprocedure(x.signature)
ORDER BY x.position
"""

EXISTING = """
SELECT l.lanname,
       EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_language'::regclass AND d.objid = l.oid
               AND d.deptype = 'e') AS extensions
FROM pg_language l
"""


def _handlers(spec: DatabaseSpec) -> Iterator[tuple[tuple[str, ...], str, str | None]]:
    """(path, `function(arguments)`, the type it must return) of every handler the file names."""
    for name, declared in spec.languages.items():
        for field, (arguments, returns) in HANDLERS.items():
            function = getattr(declared, field)
            if function is not None:
                yield ("languages", name, field), f"{qualified_function(function)}({arguments})", returns


def check(conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator) -> set[str]:
    """StateError, naming each entry, for a language an extension brings and for a handler that does not exist or
    returns the wrong type; else the names of the declared languages the database lacks."""
    if not spec.languages:
        return set()
    existing = {name: extensions for name, extensions in conn.execute(EXISTING).fetchall()}
    issues: list[StateIssue] = [
        locate(("languages", name), f"language {name!r} is an extension's: declare the extension instead")
        for name in spec.languages
        if existing.get(name, False)
    ]
    handlers = list(_handlers(spec))
    rows = conn.execute(_HANDLERS_FOUND, ([h[1] for h in handlers], [h[2] for h in handlers])).fetchall()
    for (path, signature, returns), (_, found, returns_expected) in zip(handlers, rows, strict=True):
        if not found:
            issues.append(locate(path, f"function {signature} does not exist (a language's handlers must exist)"))
        elif not returns_expected:
            issues.append(locate(path, f"function {signature} does not return {returns}"))
    if issues:
        raise StateError(issues)
    return {name for name in spec.languages if name not in existing}


def trial_statements(spec: DatabaseSpec, missing: set[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """CREATE LANGUAGE for each declared language the database lacks, with its path: run in the normalizing
    transaction (rolled back), so that the file's functions written in it can be created there."""
    for name, language in desired_languages(spec).items():
        if name in missing:
            yield create(language)[0].sql, ("languages", name)
