"""Procedural languages: created, redefined in place (CREATE OR REPLACE LANGUAGE), or dropped (languages.py).

A new handler, inline handler, validator or trust is one CREATE OR REPLACE LANGUAGE, which keeps the owner, the
grants and the functions written in the language. Grants (USAGE) are compared grantee by grantee with the default
ACL of the owner the plan leaves (a change of their own, `language.<name>.grants`), and an owner only where the
file declares one, as a foreign-data wrapper's (differ/foreign_data.py).

PostgreSQL refuses GRANT and REVOKE on an untrusted language. A language the plan leaves untrusted whose grants
must change (back to the default: the file declares none on one) gets them in its own change, while it is trusted:
ALTER ... OWNER TO first, then the grants, then CREATE OR REPLACE LANGUAGE without TRUSTED; one that is untrusted
now is made trusted for them first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl, languages
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.differ.foreign_data import grants_apart, owner_change, usage_acl_changes, usage_grants
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.model import Language

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def _address(language: Language) -> str:
    return f"language.{language.name}"


def _untrusted_with_grants(want: Language, have: Language) -> list[Statement]:
    """The statements of a language left untrusted whose grants change, in the order PostgreSQL takes them."""
    target = languages.target(want.name)
    declared = want.model_copy(update={"trusted": True})
    statements, _, _ = usage_acl_changes(target, declared, have, ddl.Phase.LANGUAGE, languages.owner_default)
    if not statements:
        return []
    if want.owner is not None and want.owner != have.owner:
        statements.insert(0, ddl.stmt(f"ALTER {target} OWNER TO {quote_ident(want.owner)}", ddl.Phase.LANGUAGE))
    if not have.trusted:
        statements.insert(0, languages.redefine(have.model_copy(update={"trusted": True})))
    return [*statements, languages.redefine(want)]


def diff_languages(differ: _Differ) -> None:
    live = differ.live.languages
    desired = grants_apart(differ.desired.languages, live)
    untrusted = {
        name: statements
        for name, want in differ.desired.languages.items()
        if name in live and not want.trusted
        for statements in [_untrusted_with_grants(want, live[name])]
        if statements
    }

    def create(want: Language) -> list[Statement]:
        return languages.create(want) + owner_change(languages.target(want.name), want.owner, None)

    def update(want: Language, have: Language) -> None:
        detail = _field_changes(have, want)
        if want.name in untrusted:
            statements = untrusted[want.name] + languages.alter(want, have, redefine_it=False)
            detail.append("grants: changed while it is trusted (PostgreSQL refuses them on an untrusted language)")
        else:
            statements = languages.alter(want, have)
            statements += owner_change(languages.target(want.name), want.owner, have.owner)
        if languages.redefines(want, have):
            detail.append("CREATE OR REPLACE LANGUAGE: the owner, the grants and the functions written in it stay")
        differ.add(_address(want), "language", Action.UPDATE, have, want, statements, detail=detail)

    def changed(want: Language) -> Language:
        """As the language's own change sees it: with its grants when they change there."""
        if want.name in untrusted:
            return want.model_copy(update={"grants": differ.desired.languages[want.name].grants})
        return want

    desired = {name: changed(want) for name, want in desired.items()}
    differ.keyed("language", desired, live, _address, create, languages.drop, update)
    for name, want in differ.desired.languages.items():
        if name not in untrusted:
            target = languages.target(name)
            usage_grants(differ, _address(want), target, want, live.get(name), ddl.Phase.GRANT, languages.owner_default)
