"""Text search parsers, templates, dictionaries and configurations: created and dropped as declared.

A parser or template has no ALTER but for its comment: any other change drops and re-creates it, with what
uses it around it (recreate_dependents). A dictionary's options change in place (ALTER TEXT SEARCH DICTIONARY),
a new template re-creates it; a configuration's mappings change in place (ALTER TEXT SEARCH CONFIGURATION ...
MAPPING), a new parser re-creates it, with the columns, indexes and views that use it.

A configuration that only uses a re-created dictionary is not re-created itself: the mappings naming the
dictionary are dropped before it goes and added back once it is there again (see `around_dictionaries`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from reconciler.changes import Action, Statement
from reconciler.postgres import text_search
from reconciler.postgres.differ.addresses import _field_changes, display_name
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.differ.hazards import DEPENDENTS
from reconciler.postgres.differ.recreated import diff_recreated
from reconciler.postgres.model import TextSearchConfiguration, TextSearchDictionary
from reconciler.postgres.text_search import TextSearchObject, graph_id

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(obj: TextSearchObject) -> str:
    """`text_search_dictionary.english_nostop`: the graph kind, then the name (schema-qualified outside public)."""
    return f"{text_search.KINDS[type(obj)][0]}.{display_name(obj.schema_name, obj.name)}"


def diff_text_search(differ: _Differ) -> None:
    """Every text search object's changes; pg_depend orders them around one another and what uses them."""
    desired, live = differ.desired, differ.live
    for kind, wanted, present in (
        ("text_search_parser", desired.text_search_parsers, live.text_search_parsers),
        ("text_search_template", desired.text_search_templates, live.text_search_templates),
    ):
        diff_recreated(
            differ,
            kind,
            cast("dict[str, TextSearchObject]", wanted),
            cast("dict[str, TextSearchObject]", present),
            address=address,
            ident=graph_id,
            create=text_search.create,
            drop=text_search.drop,
            comment_target=text_search.target,
        )

    def update_dictionary(want: TextSearchDictionary, have: TextSearchDictionary) -> None:
        if want.template != have.template:
            _replace(differ, want, have)
            return
        statements = differ.tag(text_search.alter_options(want, have), "alter", graph_id(want))
        _update(differ, want, have, statements)

    def update_configuration(want: TextSearchConfiguration, have: TextSearchConfiguration) -> None:
        if want.parser != have.parser:
            _replace(differ, want, have)
            return
        # New dictionaries are created first; dictionaries it lets go of are dropped after.
        needs = tuple(differ.desired_graph.needs.get(graph_id(want), ()))
        statements = differ.tag(text_search.alter_mappings(want, have), "alter", graph_id(want), needs=needs)
        _update(differ, want, have, statements)

    differ.keyed(
        "text_search_dictionary",
        desired.text_search_dictionaries,
        live.text_search_dictionaries,
        address,
        lambda obj: differ.tag(text_search.create(obj), "create", graph_id(obj)),
        lambda obj: differ.tag(text_search.drop(obj), "drop", graph_id(obj)),
        update_dictionary,
        ident=graph_id,
    )
    differ.keyed(
        "text_search_configuration",
        desired.text_search_configurations,
        live.text_search_configurations,
        address,
        lambda obj: differ.tag(text_search.create(obj), "create", graph_id(obj)),
        lambda obj: differ.tag(text_search.drop(obj), "drop", graph_id(obj)),
        update_configuration,
        ident=graph_id,
    )


def _replace(differ: _Differ, want: TextSearchObject, have: TextSearchObject) -> None:
    statements = differ.tag(text_search.drop(have), "drop", graph_id(have))
    statements += differ.tag(text_search.create(want), "create", graph_id(want))
    differ.replace(address(want), text_search.KINDS[type(want)][0], want, have, statements, [DEPENDENTS])


def _update(differ: _Differ, want: TextSearchObject, have: TextSearchObject, statements: list[Statement]) -> None:
    statements += comment_change(text_search.target(want), want.comment, have.comment)
    kind = text_search.KINDS[type(want)][0]
    differ.add(address(want), kind, Action.UPDATE, have, want, statements, detail=_field_changes(have, want))


def around_dictionaries(
    differ: _Differ, obj: str, have: TextSearchConfiguration, want: TextSearchConfiguration
) -> list[Statement]:
    """A configuration using dictionaries the plan drops and creates again: all its mappings are dropped before,
    and added as declared after (with its comment), so its own mapping changes are folded in; its parser being
    re-created, it is dropped and created again instead."""
    dropped = {o for t in differ.targets.values() if t.operation == "drop" for o in t.objects}
    parser = [n for n in differ.live_graph.needs.get(obj, ()) if n.startswith("text_search_parser:")]
    if any(p in dropped for p in parser):
        drop = differ.tag(text_search.drop(have), "drop", obj)
        return drop + differ.tag(text_search.create(want), "create", obj)
    release = differ.tag(text_search.release_mappings(have, list(have.mappings)), "alter", obj)
    restore = text_search.restore_mappings(want, list(want.mappings))
    restore += comment_change(text_search.target(want), want.comment, have.comment)
    needs = tuple(differ.desired_graph.needs.get(obj, ()))
    # Tagged as creating its mappings (not the configuration, which keeps its owner): after the dictionaries
    # are back, not before the old ones are dropped.
    mappings = obj.replace("text_search_configuration:", "text_search_mappings:", 1)
    return release + differ.tag(restore, "create", mappings, needs=needs)
