"""Publications: created, altered in place, renamed when declared so, re-created, or dropped.

Tables and schemas join and leave a publication in place, and so do its publish options, comment and owner
(compared only where declared). A table whose column list or row filter changes leaves and joins again in the
plan's transaction (publications.leaving says why). Only making a publication one of all tables, or no longer,
re-creates it. Dropping a publication, or a table leaving one, stops the changes its subscribers receive: the
plan says so (a hazard), and a drop is destructive.

Each published table is a node of the dependency graph (publications.table_id): it leaves before the columns its
column list and row filter read are dropped, and joins after what it needs is created. PostgreSQL refuses to
retype a column a published table reads, or to drop one: a table the plan keeps as it is leaves and joins again
around such a column (`republish_around_changed_columns`, after the tables' changes), like a policy or a rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import publications
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.model import Publication

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

SUBSCRIBERS = Hazard(
    code="subscribers",
    message="its subscribers stop receiving these changes: a subscription to a dropped publication fails until "
    "it is altered",
)


def _address(publication: Publication) -> str:
    return f"publication.{publication.name}"


def _ids(publication: Publication, tables: list[str]) -> list[str]:
    return [publications.table_id(publication.name, t) for t in tables]


def _create(differ: _Differ, publication: Publication) -> list[Statement]:
    return differ.tag(publications.create(publication), "create", *_ids(publication, list(publication.tables)))


def _drop(differ: _Differ, publication: Publication) -> list[Statement]:
    return differ.tag(publications.drop(publication), "drop", *_ids(publication, list(publication.tables)))


def _out_and_in(
    differ: _Differ, want: Publication, have: Publication, leaving: list[str], joining: list[str]
) -> tuple[list[Statement], list[Statement]]:
    """DROP TABLE of the tables `leaving` `have`, ADD TABLE of those `joining` `want`, each tagged as its graph node."""
    out = [differ.tag([publications.drop_table(have.name, t)], "drop", *_ids(have, [t]))[0] for t in leaving]
    into = [differ.tag([publications.add_table(want, t)], "create", *_ids(want, [t]))[0] for t in joining]
    return out, into


def _alter(differ: _Differ, want: Publication, have: Publication) -> list[Statement]:
    """Tables out, schemas and options, tables in."""
    out, into = _out_and_in(differ, want, have, publications.leaving(want, have), publications.joining(want, have))
    return out + publications.alter(want, have) + into


def _table_changes(want: Publication, have: Publication) -> list[str]:
    """What the detail says of the tables that join, leave, or change their column list or row filter."""
    detail = [f"{table} leaves" for table in have.tables if table not in want.tables]
    for table, published in want.tables.items():
        before = have.tables.get(table)
        if before is None:
            detail.append(f"{table} joins")
            continue
        if before.columns != published.columns:
            detail.append(f"{table} columns: {before.columns or 'all'} -> {published.columns or 'all'}")
        if before.where != published.where:
            detail.append(f"{table} row filter: {before.where or 'none'} -> {published.where or 'none'}")
    return detail


def diff_publications(differ: _Differ) -> None:
    live = dict(differ.live.publications)
    desired: dict[str, Publication] = {}
    for name, want in differ.desired.publications.items():
        old = want.renamed_from
        if name not in live and old is not None and old in live and old not in differ.desired.publications:
            have = live.pop(old)
            differ.add(
                _address(want),
                "publication",
                Action.UPDATE,
                have,
                have.model_copy(update={"name": name}),
                [publications.rename(old, name)],
                detail=[f"renamed from {old}"],
            )
            live[name] = have.model_copy(update={"name": name})
        have_now = live.get(name)
        desired[name] = want.model_copy(update={"owner": want.owner or (have_now.owner if have_now else None)})

    def update(want: Publication, have: Publication) -> None:
        detail = [d for d in _field_changes(have, want) if not d.startswith("tables:")] + _table_changes(want, have)
        if publications.must_be_recreated(want, have):
            statements = _drop(differ, have) + _create(differ, want)
            detail.append("ALTER PUBLICATION cannot change FOR ALL TABLES: re-created")
            differ.add(
                _address(want),
                "publication",
                Action.REPLACE,
                have,
                want,
                statements,
                hazards=[SUBSCRIBERS],
                detail=detail,
            )
            return
        leaving = [t for t in have.tables if t not in want.tables] + [s for s in have.schemas if s not in want.schemas]
        hazards = [SUBSCRIBERS] if leaving else []
        statements = _alter(differ, want, have)
        differ.add(_address(want), "publication", Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)

    differ.keyed(
        "publication",
        desired,
        live,
        _address,
        lambda p: _create(differ, p),
        lambda p: _drop(differ, p),
        update,
        drop_hazards=[SUBSCRIBERS],
    )


def republish_around_changed_columns(differ: _Differ) -> None:
    """The tables a publication keeps as they are that read a column the plan drops or retypes: out and back in.

    Runs after the tables' changes, whose column drops are tagged by then. A table whose list or filter changes
    already leaves and joins again (`diff_publications`); so does one whose publication is dropped or re-created.
    """
    if not differ.desired.publications:
        return  # nothing to republish (finding the retyped columns walks every column)
    going = {obj for target in differ.targets.values() if target.operation == "drop" for obj in target.objects}
    changed = going | set(differ.retyped_columns) | {c for moved in differ.moved_columns.values() for c in moved}
    for name, want in differ.desired.publications.items():
        live_name = name
        if name not in differ.live.publications and want.renamed_from not in differ.desired.publications:
            live_name = want.renamed_from or name  # renamed first (diff_publications)
        have = differ.live.publications.get(live_name)
        if have is None or publications.must_be_recreated(want, have):
            continue
        around = []
        for table, published in want.tables.items():
            obj = publications.table_id(have.name, table)
            if have.tables.get(table) != published or obj in going or publications.table_id(name, table) in going:
                continue
            read = differ.live_graph.needs.get(obj, set()) & changed
            if read:
                around.append((table, sorted(c.split(":", 1)[1] for c in read)))
        if not around:
            continue
        tables = [table for table, _ in around]
        out, into = _out_and_in(differ, want, have.model_copy(update={"name": name}), tables, tables)
        detail = [
            f"{table} leaves and joins again: it reads {', '.join(columns)}, which the plan retypes or drops"
            for table, columns in around
        ]
        differ.add(_address(want), "publication", Action.UPDATE, have, want, out + into, detail=detail)
