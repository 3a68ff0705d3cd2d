"""The differ's core: the changes it collects, the tags that order their statements, and the generic keyed walk."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import BaseModel

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.postgres import ddl, ddl_indexes, undeclarable
from reconciler.postgres.dependencies import (
    DependencyGraph,
    Operation,
    Target,
)
from reconciler.postgres.differ.addresses import BACKEND, _dump, _field_changes
from reconciler.postgres.differ.comments import (
    comment_change,
)
from reconciler.postgres.differ.online import Graphs, OnlineRules
from reconciler.postgres.differ.policies import PolicyDiffer
from reconciler.postgres.model import (
    Constraint,
    Database,
    Index,
    MaterializedView,
    Table,
    TableName,
    Undeclarable,
)

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

ModelT = TypeVar("ModelT", bound=BaseModel)


class DifferCore:
    """What every kind's diff uses: statement tags, recorded changes, the keyed walk (`_Differ` holds the state)."""

    def __init__(self, desired: Database, live: Database, *, online: bool = True) -> None:
        self.desired = desired
        self.live = live
        self.graphs = Graphs(desired, live)
        self.online = OnlineRules(self.graphs, online)
        self.changes: list[Change] = []
        self.base = f"{BACKEND}.{desired.name}"
        self.targets: dict[int, Target] = {}
        # Graph ids of objects the plan creates anew under another tag (an enum re-created beside its old self,
        # ordered as an alter): like those tagged "create", they start with the applying role's owner and ACL.
        self.created_untagged: set[str] = set()
        # Every tagged statement, kept alive: `targets` is keyed by id(), and a statement a later pass discards
        # (fold_alters, a blocked change) must not hand its id, and so its tag, to a statement made after it.
        self._tagged: list[Statement] = []
        self.held = undeclarable.protected(live)  # live objects the state format cannot fully declare
        self.policies = PolicyDiffer(cast("_Differ", self))  # only ever a part of the whole `_Differ`
        self.recreated: set[str] = set()  # keys of tables dropped and created again (partitions.must_recreate)
        # (parent table key, parent index) -> (partition, key) of each partition key on an index attached to it,
        # which its DROP INDEX ... CASCADE takes along (partition_indexes.parent_indexes_dropped).
        self.cascaded: dict[tuple[str, str], list[tuple[Table, str]]] = {}
        # (parent table key, parent index or key) -> (partition, index) of each attached index the state no longer
        # attaches: PostgreSQL cannot detach one, so the parent's is re-created (same function as `cascaded`).
        self.detached: dict[tuple[str, str], list[tuple[Table, str]]] = {}
        self.retyped: dict[int, str] = {}  # id of a change giving a column a new type -> the column's graph id
        # Such a change -> the graph ids of the children's and partitions' columns its ALTER ... TYPE recurses to.
        self.retyped_copies: dict[int, list[str]] = {}
        # id of a change re-creating an enum -> graph ids of the columns it moves to the new type (differ.enums)
        self.moved_columns: dict[int, list[str]] = {}
        # Helper checks of interrupted online SET NOT NULLs on the table being compared, by column (not_null.py).
        self.not_null_helpers: dict[str, Constraint] = {}
        # (`leaving:<table>/<parent>`, parent) of each NO INHERIT run after the new INHERITs (differ/partitions.py).
        self.left_parents: list[tuple[str, TableName]] = []

    @property
    def desired_graph(self) -> DependencyGraph:
        return self.graphs.desired

    @property
    def live_graph(self) -> DependencyGraph:
        return self.graphs.live

    def created(self) -> set[str]:
        """Graph ids of every object the plan creates or creates again."""
        tagged = {obj for target in self.targets.values() if target.operation == "create" for obj in target.objects}
        return tagged | self.created_untagged

    def tag(
        self, statements: list[Statement], operation: Operation, *objects: str, needs: tuple[str, ...] = ()
    ) -> list[Statement]:
        """Record what each statement does to which objects, for `dependencies.order` (comments are left out)."""
        for statement in statements:
            if statement.phase != ddl.Phase.COMMENT:
                self.targets[id(statement)] = Target(operation, objects, needs)
                self._tagged.append(statement)
        return statements

    def wait_for(self, needed: str, matches: Callable[[Target], bool]) -> None:
        """Every tagged statement whose target `matches` also waits for the statement that creates `needed`."""
        for statement in self._tagged:
            target = self.targets.get(id(statement))
            if target is not None and needed not in target.objects and matches(target):
                self.targets[id(statement)] = replace(target, needs=(*target.needs, needed))

    def add(
        self,
        address: str,
        kind: str,
        action: Action,
        before: BaseModel | None,
        after: BaseModel | None,
        statements: list[Statement],
        *,
        hazards: list[Hazard] | None = None,
        destructive: bool = False,
        blocked: str | None = None,
        detail: list[str] | None = None,
    ) -> None:
        self.changes.append(
            Change(
                backend=BACKEND,
                scope=self.desired.name,
                address=f"{self.base}.{address}",
                kind=kind,
                action=action,
                before=_dump(before),
                after=_dump(after),
                destructive=destructive,
                hazards=hazards or [],
                statements=[] if blocked else statements,
                blocked=blocked,
                detail=detail or [],
            )
        )

    def keyed(
        self,
        kind: str,
        desired: Mapping[str, ModelT],
        live: Mapping[str, ModelT],
        address: Callable[[ModelT], str],
        create: Callable[[ModelT], list[Statement]],
        drop: Callable[[ModelT], list[Statement]],
        update: Callable[[ModelT, ModelT], None],
        *,
        drop_hazards: list[Hazard] | None = None,
        create_hazards: Callable[[ModelT], list[Hazard]] | None = None,
        ident: Callable[[ModelT], str] | None = None,
    ) -> None:
        """The generic walk: create what is missing, update what differs, drop what is not declared.

        `ident` names an object in the dependency graph; with it, live objects
        the state format cannot fully declare (undeclarable.protected) are never
        dropped for their absence, and a change that would redefine them is blocked.
        """
        for key, want in desired.items():
            have = live.get(key)
            held = self.held.get(ident(have)) if ident is not None and have is not None else None
            if have is None:
                hazards = create_hazards(want) if create_hazards else []
                self.add(address(want), kind, Action.CREATE, None, want, create(want), hazards=hazards)
            elif held is not None and _blocks(held, changed=have != want):
                detail = _field_changes(have, want) if have != want and held.effect != "exclude" else []
                self.add(
                    address(want), kind, Action.UPDATE, have, want, [], blocked=undeclarable.reason(held), detail=detail
                )
            elif have != want:
                update(want, have)
        for key, have in live.items():
            if key not in desired:
                if ident is not None and ident(have) in self.held:
                    continue  # reported as not declarable (plan warning), never dropped for its absence
                self.add(
                    address(have),
                    kind,
                    Action.DELETE,
                    have,
                    None,
                    drop(have),
                    destructive=True,
                    hazards=drop_hazards,
                )

    def comment_only(self, address: str, kind: str, want: ModelT, have: ModelT, target: str) -> None:
        """An object whose comment alone changes: COMMENT ON, never a drop and create."""
        statements = comment_change(target, getattr(want, "comment", None), getattr(have, "comment", None))
        self.add(address, kind, Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    def index_in_place(self, address: str, owner: Table | MaterializedView, want: Index, have: Index) -> None:
        """An index whose comment or column statistics alone change (settings_alone_differ): set where it stands,
        never rebuilt."""
        statements = ddl_indexes.set_statistics(owner, want, have.statistics, ddl.Phase.TABLE_OPTIONS)
        statements += comment_change(ddl_indexes.index_target(owner, want), want.comment, have.comment)
        self.add(address, "index", Action.UPDATE, have, want, statements, detail=_field_changes(have, want))

    def replace(
        self,
        address: str,
        kind: str,
        want: ModelT,
        have: ModelT,
        statements: list[Statement],
        hazards: list[Hazard],
    ) -> None:
        self.add(
            address, kind, Action.REPLACE, have, want, statements, hazards=hazards, detail=_field_changes(have, want)
        )

    # --- top level ---------------------------------------------------------------


def _blocks(held: Undeclarable, *, changed: bool) -> bool:
    """Whether declaring a live object the format cannot fully declare is a blocked change.

    A table using a type the format cannot create (`exclude`) is never
    redefined, even when the file declares the same columns; a `freeze`
    object (an exclusion constraint, a view with options) is blocked only
    when the file would redefine it; `keep` objects (an unlogged table, one
    with row level security) change as declared.
    """
    return held.effect == "exclude" or (held.effect == "freeze" and changed)
