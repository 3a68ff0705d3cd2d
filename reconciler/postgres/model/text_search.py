"""Text search parsers, templates, dictionaries and configurations."""

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.model.node import Node


class TextSearchParser(Node):
    """A text search parser (pg_ts_parser): its functions as regproc prints them (unqualified where visible)."""

    schema_name: str
    name: str
    start: str
    gettoken: str
    end: str
    lextypes: str
    headline: str | None = None
    comment: str | None = None


class TextSearchTemplate(Node):
    """A text search template (pg_ts_template): its functions as regproc prints them."""

    schema_name: str
    name: str
    init: str | None = None
    lexize: str
    comment: str | None = None


class TextSearchDictionary(Node):
    """A text search dictionary (pg_ts_dict); the template is named as the search_path finds it."""

    schema_name: str
    name: str
    template: str
    options: list[tuple[str, str]] = Field(
        default_factory=empty_list,
        description="dictinitoption in order: (name, value as PostgreSQL writes it: 'english' quoted, 10 bare).",
    )
    comment: str | None = None


class TextSearchConfiguration(Node):
    """A text search configuration (pg_ts_config); parser and dictionaries named as the search_path finds them."""

    schema_name: str
    name: str
    parser: str
    mappings: dict[str, list[str]] = Field(
        default_factory=dict, description="Token type alias -> its dictionaries as regdictionary prints them, in order."
    )
    comment: str | None = None
