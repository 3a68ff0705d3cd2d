"""Procedural languages as a person declares them (CREATE [TRUSTED] LANGUAGE ... HANDLER ...).

The database's `languages` are keyed by name (a language's name is unique in its database). Only a superuser may
create one, and its handler functions must exist before the plan: the call handler (`name()` returning
language_handler), the inline handler of DO blocks (`name(internal)`) and the validator (`name(oid)`), each
schema-qualified (`pg_catalog.plpgsql_call_handler`), as a foreign-data wrapper's handler is.

A language an extension brings (plpgsql, plperl, plpython3u...) is the extension's: declare the extension. The
built-in internal, c and sql languages cannot be declared either.
"""

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from reconciler.postgres.spec.access import Grants, usage_only
from reconciler.postgres.spec.common import Identifier, Strict
from reconciler.postgres.spec.foreign_data import QualifiedFunction

# PostgreSQL's own languages (pg_language rows below FirstNormalObjectId, lanispl false).
BUILT_IN = frozenset({"internal", "c", "sql"})


def _not_built_in(name: str) -> str:
    if name in BUILT_IN:
        raise ValueError(f"{name!r} is one of PostgreSQL's built-in languages: it cannot be declared")
    return name


LanguageName = Annotated[Identifier, AfterValidator(_not_built_in)]


class LanguageSpec(Strict):
    """A procedural language made without an extension; handlers as `schema.function`."""

    trusted: bool = Field(
        default=False,
        description="TRUSTED: roles without superuser may write functions in it (given USAGE). Only a trusted "
        "language takes grants.",
    )
    handler: QualifiedFunction = Field(
        description="The call handler, schema-qualified: a function taking no arguments and returning "
        "language_handler. It must exist (state files make none)."
    )
    inline: QualifiedFunction | None = Field(
        default=None, description="The inline handler of DO blocks: a function taking one internal argument."
    )
    validator: QualifiedFunction | None = Field(
        default=None, description="The function that checks a new function's body: it takes one oid argument."
    )
    comment: str | None = None
    owner: Identifier | None = Field(
        default=None, description="Its owner (ALTER LANGUAGE ... OWNER TO). Left out: not compared."
    )
    grants: Annotated[Grants, AfterValidator(usage_only("languages"))] = Field(
        default_factory=dict,
        description="Grantee role -> [usage] (or {privileges: [usage], with_grant_option: true}); `public` is "
        "PUBLIC. A grantee left out keeps its default: USAGE for the owner and for PUBLIC (`public: []` revokes it).",
    )

    @model_validator(mode="after")
    def _grants_need_trust(self) -> "LanguageSpec":
        if self.grants and not self.trusted:
            raise ValueError(
                "grants: PostgreSQL refuses GRANT and REVOKE on an untrusted language (only superusers use one)"
            )
        return self
