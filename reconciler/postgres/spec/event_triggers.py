"""Event triggers as a person declares them: the event, the function, the command tags and when they fire.

The database's `event_triggers` are keyed by name (an event trigger's name is unique in its database). An event
trigger is never created to check a declaration (it would fire on every command of the database, other sessions'
too): the event and the tags are checked here, against the lists PostgreSQL 15 accepts, and the function is
resolved on the server with to_regprocedure (event_triggers.resolve), which reads a name and runs nothing.

CREATE EVENT TRIGGER takes the tags of WHEN TAG IN (...) case-insensitively (GetCommandTagEnum) and stores them
upper-cased, in the order written (pg_event_trigger.evttags): the model keeps that form, so `create table` and
`CREATE TABLE` declare the same trigger.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reconciler.postgres.firing import Enabled
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.spec.casts import SIGNATURE_PATTERN, FunctionSignature, parse_function_signature
from reconciler.postgres.spec.common import IDENTIFIER_MAX, Identifier, Strict, parsed_by

Event = Literal["ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite"]

# The objects whose CREATE, ALTER and DROP each have a command tag event triggers take (src/include/tcop/
# cmdtaglist.h, event_trigger_ok), and the tags of other commands they take.
_CREATED_ALTERED_DROPPED = (
    "ACCESS METHOD",
    "AGGREGATE",
    "CAST",
    "COLLATION",
    "CONSTRAINT",
    "CONVERSION",
    "DOMAIN",
    "EXTENSION",
    "FOREIGN DATA WRAPPER",
    "FOREIGN TABLE",
    "FUNCTION",
    "INDEX",
    "LANGUAGE",
    "MATERIALIZED VIEW",
    "OPERATOR",
    "OPERATOR CLASS",
    "OPERATOR FAMILY",
    "POLICY",
    "PROCEDURE",
    "PUBLICATION",
    "ROUTINE",
    "RULE",
    "SCHEMA",
    "SEQUENCE",
    "SERVER",
    "STATISTICS",
    "SUBSCRIPTION",
    "TABLE",
    "TEXT SEARCH CONFIGURATION",
    "TEXT SEARCH DICTIONARY",
    "TEXT SEARCH PARSER",
    "TEXT SEARCH TEMPLATE",
    "TRANSFORM",
    "TRIGGER",
    "TYPE",
    "USER MAPPING",
    "VIEW",
)
_OTHER_COMMANDS = (
    "ALTER DEFAULT PRIVILEGES",
    "ALTER LARGE OBJECT",
    "COMMENT",
    "CREATE TABLE AS",
    "DROP OWNED",
    "GRANT",
    "IMPORT FOREIGN SCHEMA",
    "REFRESH MATERIALIZED VIEW",
    "REVOKE",
    "SECURITY LABEL",
    "SELECT INTO",
)
# WHEN TAG IN (...) of ddl_command_start, ddl_command_end and sql_drop (validate_ddl_tags).
DDL_TAGS = frozenset(
    [f"{verb} {kind}" for verb in ("CREATE", "ALTER", "DROP") for kind in _CREATED_ALTERED_DROPPED] + [*_OTHER_COMMANDS]
)
# WHEN TAG IN (...) of table_rewrite (validate_table_rewrite_tags, table_rewrite_ok).
TABLE_REWRITE_TAGS = frozenset(["ALTER MATERIALIZED VIEW", "ALTER TABLE", "ALTER TYPE"])


def canonical_tag(tag: str) -> str:
    """The tag as pg_event_trigger.evttags stores it: upper-cased (ASCII letters only, as pg_ascii_toupper)."""
    return "".join(c.upper() if "a" <= c <= "z" else c for c in tag)


def _known_tag(tag: str) -> str:
    if canonical_tag(tag) not in DDL_TAGS:
        raise ValueError(
            f"{tag!r} is not a command tag event triggers take (such as 'CREATE TABLE' or 'ALTER TABLE': "
            "a command's tag, one space between words)"
        )
    return tag


def parse_event_trigger_function(text: str) -> FunctionSignature:
    """`audit.log_ddl()` -> its parts; FragmentError unless a (qualified) function name and no argument types."""
    found = parse_function_signature(text)
    if found.arguments:
        raise FragmentError(f"{text!r}: an event trigger's function takes no arguments; write it as 'schema.name()'")
    return found


CommandTag = Annotated[str, Field(min_length=1, max_length=IDENTIFIER_MAX), AfterValidator(_known_tag)]
EventTriggerFunction = Annotated[
    str,
    Field(pattern=SIGNATURE_PATTERN, max_length=IDENTIFIER_MAX * 4 + 8),  # two quoted names, doubled quotes
    AfterValidator(parsed_by(parse_event_trigger_function)),
]


class EventTriggerSpec(Strict):
    """An event trigger (CREATE EVENT TRIGGER), database-wide; its key is its name."""

    event: Event = Field(
        description="ddl_command_start, ddl_command_end, sql_drop or table_rewrite: when the function runs."
    )
    function: EventTriggerFunction = Field(
        description="The function it runs, with empty brackets (`audit.log_ddl()`): one taking no arguments and "
        "returning event_trigger."
    )
    tags: list[CommandTag] | None = Field(
        default=None,
        min_length=1,
        description="WHEN TAG IN (...): the command tags it fires for (`CREATE TABLE`, any case; table_rewrite "
        "takes ALTER TABLE, ALTER TYPE and ALTER MATERIALIZED VIEW). Left out: every command.",
    )
    enabled: Enabled = Field(
        default=True,
        description="true: fires as usual (ENABLE); false: never (DISABLE); replica: only when "
        "session_replication_role is replica; always: whatever that role is.",
    )
    owner: Identifier | None = Field(
        default=None,
        description="Its owner (a superuser). Left out: not compared (the file's owner does not apply).",
    )
    comment: str | None = None

    @model_validator(mode="after")
    def _tags_of_its_event(self) -> "EventTriggerSpec":
        if self.event == "table_rewrite" and self.tags is not None:
            odd = [tag for tag in self.tags if canonical_tag(tag) not in TABLE_REWRITE_TAGS]
            if odd:
                raise ValueError(
                    f"table_rewrite takes the tags ALTER TABLE, ALTER TYPE and ALTER MATERIALIZED VIEW, not {odd[0]!r}"
                )
        return self

    @property
    def canonical_tags(self) -> list[str]:
        """The tags as PostgreSQL stores them: upper-cased, in the order written (none: an empty list)."""
        return [canonical_tag(tag) for tag in self.tags or []]
