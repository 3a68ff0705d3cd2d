"""SQL/MED as a person declares it: foreign-data wrappers, servers and their user mappings, and generic options.

Wrappers and servers are database-wide (like extensions), so they sit at the top of a database file; a
server holds its user mappings, keyed by role (`public` for the mapping of PUBLIC). Foreign tables are
tables with a `foreign:` part (spec/tables.py).

Generic options (OPTIONS (name 'value')) are a name, written as a quoted identifier, and a value, written
as a string literal: any text, never SQL. Values that are secrets (an option named `password` or
`sslpassword`, see SECRET_OPTIONS) come only from `${env:NAME}`, and only servers and user mappings take
them: the value is read from the environment when planning (to compare) and applying (to write), and no
plan, output or export ever holds it.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from reconciler.postgres.spec.access import Grants, usage_only
from reconciler.postgres.spec.common import IDENTIFIER_MAX, Identifier, Strict
from reconciler.secrets import parse_reference
from reconciler.state.jsonschema import shorthand

# Options whose value is a secret: declared only as ${env:NAME}, masked in every output, exported as one.
SECRET_OPTIONS = frozenset({"password", "sslpassword"})
# A schema-qualified function, as HANDLER and VALIDATOR name it: `public.postgres_fdw_handler`.
_PART = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
QUALIFIED_FUNCTION = rf"^{_PART}\.{_PART}$"


def _option_name(name: str) -> str:
    if not name or len(name.encode()) > IDENTIFIER_MAX:
        raise ValueError(f"an option name is 1 to {IDENTIFIER_MAX} bytes long, not {name!r}")
    if "=" in name or "\x00" in name:
        raise ValueError(f"option name {name!r}: PostgreSQL stores options as name=value, so '=' cannot be in a name")
    return name


def _option_text(value: object) -> object:
    """YAML's `port: 5432` and `updatable: true` are the strings PostgreSQL stores: '5432', 'true'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value


def _option_value(value: str) -> str:
    if "\x00" in value:
        raise ValueError("a string literal cannot hold a NUL character")
    return value


OptionName = Annotated[str, Field(min_length=1), AfterValidator(_option_name)]
Text = Annotated[str, AfterValidator(_option_value)]  # a string literal: any text but NUL
OptionValue = Annotated[
    str,
    BeforeValidator(_option_text, json_schema_input_type=str | int | bool),
    AfterValidator(_option_value),
]


def _plain_options(options: dict[str, str]) -> dict[str, str]:
    """Options of wrappers and foreign tables and columns: no secrets (they belong in a server or user mapping)."""
    for name, value in options.items():
        if name in SECRET_OPTIONS:
            raise ValueError(f"option {name!r} is a secret: it belongs in a server's or a user mapping's options")
        if parse_reference(value) is not None:
            raise ValueError(
                f"option {name!r}: ${{env:...}} values are only for secret options of servers and user "
                f"mappings ({', '.join(sorted(SECRET_OPTIONS))})"
            )
    return options


def _secret_options(options: dict[str, str]) -> dict[str, str]:
    """Options of servers and user mappings: a secret only as ${env:NAME}, and ${env:...} only for a secret."""
    for name, value in options.items():
        reference = parse_reference(value) is not None
        if name in SECRET_OPTIONS and not reference:
            raise ValueError(f"option {name!r} is a secret: write it as ${{env:NAME}}, never its value")
        if reference and name not in SECRET_OPTIONS:
            raise ValueError(
                f"option {name!r}: only secret options ({', '.join(sorted(SECRET_OPTIONS))}) take ${{env:...}}"
            )
        if not reference and "${env:" in value:
            raise ValueError(f"option {name!r}: a secret reference is exactly ${{env:NAME}}")
    return options


Options = Annotated[
    dict[OptionName, OptionValue],
    AfterValidator(_plain_options),
    Field(description="Generic options: OPTIONS (name 'value', ...); values are text."),
]
SecretOptions = Annotated[
    dict[OptionName, OptionValue],
    AfterValidator(_secret_options),
    Field(
        description="Generic options: OPTIONS (name 'value', ...); values are text. Secret ones "
        f"({', '.join(sorted(SECRET_OPTIONS))}) only as ${{env:NAME}}, never shown."
    ),
]


UsageGrants = Annotated[
    Grants,
    AfterValidator(usage_only("foreign-data wrappers and servers")),
    Field(
        description="Grantee role -> [usage] (or {privileges: [usage], with_grant_option: true}); `public` is "
        "PUBLIC. A grantee left out keeps its default: the owner's USAGE (without grant option), nothing for anyone "
        "else."
    ),
]
QualifiedFunction = Annotated[str, Field(pattern=QUALIFIED_FUNCTION, max_length=IDENTIFIER_MAX * 2 + 5)]


def split_function(name: str) -> tuple[str, str]:
    """`public.f` -> ('public', 'f'); quoted parts unquoted, bare ones folded to lower case as PostgreSQL does."""
    match = re.match(rf"^({_PART})\.({_PART})$", name)
    assert match is not None, name  # QUALIFIED_FUNCTION checked it

    def unquote(part: str) -> str:
        return part[1:-1].replace('""', '"') if part.startswith('"') else part.lower()

    return unquote(match.group(1)), unquote(match.group(2))


class ForeignDataWrapperSpec(Strict):
    """A foreign-data wrapper made without an extension (CREATE FOREIGN DATA WRAPPER: superusers only).

    A wrapper an extension creates (postgres_fdw, file_fdw) is the extension's: declare the extension (and USAGE on
    its wrapper in the extension's `member_grants`).
    """

    handler: QualifiedFunction | None = Field(
        default=None, description="The handler function, schema-qualified; it must exist (state files make none)."
    )
    validator: QualifiedFunction | None = Field(
        default=None, description="The function that checks options, schema-qualified; it must exist."
    )
    options: Options = Field(default_factory=dict)
    comment: str | None = None
    owner: Identifier | None = Field(
        default=None, description="Its owner (a superuser). Left out: not compared (the file's owner does not apply)."
    )
    grants: UsageGrants = Field(default_factory=dict)


class UserMappingSpec(Strict):
    """A user mapping (CREATE USER MAPPING FOR role SERVER server OPTIONS (...)); a bare mapping is `{}`."""

    model_config = ConfigDict(
        json_schema_extra=shorthand({"type": "null", "description": "A mapping without options."})
    )

    options: SecretOptions = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_null(cls, value: object) -> object:
        return {} if value is None else value


class ServerSpec(Strict):
    """A foreign server (CREATE SERVER) and the user mappings of its roles."""

    foreign_data_wrapper: Identifier = Field(description="The wrapper it uses: an extension's or a declared one.")
    type: Text | None = Field(default=None, min_length=1, description="TYPE 'server_type'.")
    version: Text | None = Field(default=None, min_length=1, description="VERSION 'server_version'.")
    options: SecretOptions = Field(default_factory=dict)
    comment: str | None = None
    owner: Identifier | None = Field(
        default=None, description="Its owner (ALTER SERVER ... OWNER TO). Left out: not compared."
    )
    grants: UsageGrants = Field(default_factory=dict)
    user_mappings: dict[Identifier, UserMappingSpec] = Field(
        default_factory=dict,
        description="By role; `public` is the mapping FOR PUBLIC. Mappings of this server left out are dropped.",
    )


class ForeignTableSpec(Strict):
    """What makes a table foreign: CREATE FOREIGN TABLE ... SERVER server OPTIONS (...)."""

    server: Identifier = Field(description="The foreign server it reads through (a declared server).")
    options: Options = Field(default_factory=dict)
