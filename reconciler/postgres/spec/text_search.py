"""Full text search objects as a person declares them: configurations, dictionaries, parsers and templates.

Each is keyed by name in its schema's section (`text_search_configurations`, ...). Everything a declaration
names goes into statements: functions, parsers, templates and dictionaries as `name` or `schema.name` (the
shapes FunctionName accepts), token types as plain identifiers, dictionary options as an identifier mapped to
a string (written as a string literal), a number or a boolean. Nothing else of the file reaches SQL.

Parsers and templates name existing functions, in practice PostgreSQL's own C functions (prsd_start,
dsimple_lexize): a state file can name them, never create one (functions refuses LANGUAGE c and internal).
"""

import math
from typing import Annotated

from pydantic import AfterValidator, Field

from reconciler.postgres.spec.common import IDENTIFIER_MAX, QUALIFIED_NAME, Owner, Strict
from reconciler.postgres.spec.routines import FunctionName

# A parser, template or dictionary another object names: `name` or `schema.name`, quoted where needed.
TextSearchReference = Annotated[str, Field(pattern=QUALIFIED_NAME, max_length=IDENTIFIER_MAX * 2 + 5)]
# A parser's token type (ts_token_type's alias: asciiword, hword_part...).
TOKEN_TYPE = r"^[a-z_][a-z0-9_]*$"
TokenType = Annotated[str, Field(pattern=TOKEN_TYPE, max_length=IDENTIFIER_MAX)]
# A dictionary option's name, written unquoted: PostgreSQL folds it to lower case, as CREATE does.
OPTION_NAME = r"^[a-z_][a-z0-9_]*$"
OptionName = Annotated[str, Field(pattern=OPTION_NAME, max_length=IDENTIFIER_MAX)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("a dictionary option takes a finite number")
    return value


# bool first: YAML's true is not the number 1 here.
OptionValue = bool | int | Annotated[float, AfterValidator(_finite)] | Annotated[str, Field(max_length=1024)]


class TextSearchConfigurationSpec(Strict):
    """A text search configuration (CREATE TEXT SEARCH CONFIGURATION): its parser and its mappings."""

    parser: TextSearchReference = Field(
        description="The parser splitting documents into tokens: `default` (pg_catalog's) or one of the file's."
    )
    mappings: dict[TokenType, Annotated[list[TextSearchReference], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Token type -> the dictionaries consulted for it, in order (ALTER TEXT SEARCH CONFIGURATION "
        "... ADD MAPPING FOR ... WITH ...). A token type left out is not indexed.",
    )
    comment: str | None = None
    owner: Owner = None


class TextSearchDictionarySpec(Strict):
    """A text search dictionary (CREATE TEXT SEARCH DICTIONARY): its template and the template's options."""

    template: TextSearchReference = Field(description="`simple`, `snowball`, `synonym`... or one of the file's.")
    options: dict[OptionName, OptionValue] = Field(
        default_factory=dict,
        description="The template's options in order (`language: english`, `accept: false`): a string is written "
        "as a string literal, a number as a number.",
    )
    comment: str | None = None
    owner: Owner = None


class TextSearchParserSpec(Strict):
    """A text search parser (CREATE TEXT SEARCH PARSER): the existing functions it is made of."""

    start: FunctionName
    gettoken: FunctionName
    end: FunctionName
    lextypes: FunctionName
    headline: FunctionName | None = None
    comment: str | None = None


class TextSearchTemplateSpec(Strict):
    """A text search template (CREATE TEXT SEARCH TEMPLATE): the existing functions dictionaries of it call."""

    init: FunctionName | None = None
    lexize: FunctionName
    comment: str | None = None
