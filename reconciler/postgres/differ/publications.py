"""Publications: created, altered in place, renamed when declared so, re-created, or dropped.

Tables and schemas join and leave a publication in place, and so do its publish options, comment and owner
(compared only where declared). Only making it one of all tables, or no longer, re-creates it. Dropping a
publication, or a table leaving one, stops the changes its subscribers receive: the plan says so (a hazard),
and a drop is destructive. A live publication with a row filter is left alone (publications.held).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard
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


def diff_publications(differ: _Differ) -> None:
    held = {p.name for p in publications.held(differ.live)}
    live = {name: have for name, have in differ.live.publications.items() if name not in held}
    desired: dict[str, Publication] = {}
    for name, want in differ.desired.publications.items():
        if name in held:
            continue  # the plan warns (publications.held_warnings)
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
        detail = _field_changes(have, want)
        if publications.must_be_recreated(want, have):
            statements = publications.drop(have) + publications.create(want)
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
        statements = publications.alter(want, have)
        hazards = [SUBSCRIBERS] if leaving else []
        differ.add(_address(want), "publication", Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)

    differ.keyed(
        "publication",
        desired,
        live,
        _address,
        publications.create,
        publications.drop,
        update,
        drop_hazards=[SUBSCRIBERS],
    )
