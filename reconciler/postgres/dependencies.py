"""Which object needs which, and the order a plan's statements must run in.

Phases (`ddl.Phase`) order statements by kind: drops, then types and
sequences, functions, tables, constraints, indexes, views. Kinds alone cannot
order everything: a function can take a table's row type, a view can read
another view, a foreign key can rest on a unique index, and dropping a table
has to wait for the foreign keys that point at it. Those facts come from
pg_depend, read on both sides of the diff (the live database, and the desired
one as PostgreSQL materialized it), plus the tables and functions a
LANGUAGE sql body names (PostgreSQL checks such bodies when it creates the
function but records no dependency for them).

`order` turns those facts into the statement order (pgschema keeps the same
job in its topological.go):
- a statement that creates an object runs after the statements that create
  what the object needs (desired side);
- a statement that drops an object runs before the statements that drop
  what it needed, and a statement that alters an object away from something
  runs before that something is dropped (live side);
- the statements are sorted topologically, phase and plan order breaking
  ties, and each statement's phase is raised to the phase of the latest
  statement it must follow: the executor sorts by phase, then change order;
- changes are ordered so that, within a phase, every statement follows the
  ones it needs. Changes that need each other in both directions (two views
  replaced, one reading the other: its drop must come first, its create
  last) become one unit: their statements move into the first of them.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from reconciler.changes import Change, Statement
from reconciler.postgres.model import Database, Function, MaterializedView, Table, View, function_key

Operation = Literal["create", "alter", "drop"]


def object_id(kind: str, schema: str, name: str, member: str | None = None) -> str:
    """How the graph names an object: `view:public.v`, `column:public.t.c`, `function:public.f(integer)`."""
    if kind == "function":
        return f"function:{function_key(schema, name, member or '')}"
    if kind == "operator":  # member: the argument types, `text, text` or `NONE, integer`
        return f"operator:{schema}.{name}({member})"
    if kind == "cast":  # database-wide: named by its types, `integer AS money2` (model.cast_key)
        return f"cast:{name}"
    if kind == "event_trigger":  # database-wide: named by its name alone
        return f"event_trigger:{name}"
    if kind == "access_method":  # database-wide: named by its name alone
        return f"access_method:{name}"
    base = f"{kind}:{schema}.{name}"
    return base if member is None else f"{base}.{member}"


def table_id(table: Table) -> str:
    return object_id("table", table.schema_name, table.name)


def member_id(kind: str, table: Table | View | MaterializedView, name: str) -> str:
    """A column, constraint, index, trigger or statistics object of a table (or of a view or materialized view)."""
    return object_id(kind, table.schema_name, table.name, name)


def table_members(table: Table) -> list[str]:
    """The table and everything that goes with it when it is dropped.

    table_id and member_id's ids, formatted here once per table (no member is of a kind object_id names
    otherwise): a dependency graph asks for every table's, tens of thousands of ids in a large schema.
    """
    key = f"{table.schema_name}.{table.name}"
    return [f"table:{key}", *(f"{kind}:{key}.{name}" for kind, name, _ in table.members())]


def view_id(view: View) -> str:
    return object_id("view", view.schema_name, view.name)


def matview_id(matview: MaterializedView) -> str:
    return object_id("matview", matview.schema_name, matview.name)


def relation_members(relation: View | MaterializedView) -> list[str]:
    """A view, its triggers and rules, or a materialized view, its indexes and statistics: what goes when it is
    dropped."""
    if isinstance(relation, View):
        return (
            [view_id(relation)]
            + [object_id("trigger", relation.schema_name, relation.name, t) for t in relation.triggers]
            + [object_id("rule", relation.schema_name, relation.name, r) for r in relation.rules]
        )
    return [
        matview_id(relation),
        *(member_id("index", relation, i) for i in relation.indexes),
        *(member_id("statistics", relation, s) for s in relation.statistics),
    ]


def function_id(fn: Function) -> str:
    return object_id("function", fn.schema_name, fn.name, fn.identity_arguments)


def replace_needs(desired: Database, kind: str, needs: Mapping[str, list[str]]) -> None:
    """`desired`'s dependencies with those of every object of `kind` replaced by `needs` (database-wide kinds
    the trial read from the live database, resolved from the file instead)."""
    kept = {obj: needed for obj, needed in desired.dependencies.items() if not obj.startswith(f"{kind}:")}
    desired.dependencies = dict(sorted({**kept, **needs}.items()))


def split_qualified(name: str) -> list[str]:
    """`a."B.c".d` -> ['a', 'B.c', 'd']: a dotted name as PostgreSQL prints it, unquoted."""
    parts: list[str] = []
    current, quoted, i = "", False, 0
    while i < len(name):
        char = name[i]
        if quoted and char == '"' and name[i + 1 : i + 2] == '"':
            current += '"'
            i += 1
        elif char == '"':
            quoted = not quoted
        elif char == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
        i += 1
    return [*parts, current]


@dataclass(frozen=True)
class Target:
    """What one statement does, and to which objects (a DROP TABLE drops the table's members too).

    `needs` names objects the statement itself needs created first, beyond what the
    objects need (ALTER SEQUENCE ... OWNED BY needs its column).
    """

    operation: Operation
    objects: tuple[str, ...]
    needs: tuple[str, ...] = ()


def _names_in(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", text, re.IGNORECASE) is not None


class DependencyGraph:
    """Object id -> the ids it needs, for one side of the diff."""

    def __init__(self, db: Database) -> None:
        self.needs: dict[str, set[str]] = {obj: set(needed) for obj, needed in db.dependencies.items()}
        needs = self.needs
        for table in db.tables.values():
            parent, *members = table_members(table)
            for member in members:
                needs.setdefault(member, set()).add(parent)
        relations: list[View | MaterializedView] = [*db.views.values(), *db.materialized_views.values()]
        for relation in relations:
            head, *members = relation_members(relation)
            for member in members:
                self._add(member, head)
        self._add_sql_bodies(db)

    @cached_property
    def needed_by(self) -> dict[str, set[str]]:
        """Object id -> the ids that need it: only some changes ask (ordering reads `needs` alone)."""
        needed_by: dict[str, set[str]] = {}
        for obj, needed in self.needs.items():
            for other in needed:
                needed_by.setdefault(other, set()).add(obj)
        return needed_by

    def _add(self, obj: str, needed: str) -> None:
        if obj != needed:
            self.needs.setdefault(obj, set()).add(needed)

    def _add_sql_bodies(self, db: Database) -> None:
        """LANGUAGE sql bodies are checked at CREATE FUNCTION but leave no pg_depend rows: read their names."""
        relations = [(table_id(t), t.name) for t in db.tables.values()]
        relations += [(view_id(v), v.name) for v in db.views.values()]
        relations += [(matview_id(v), v.name) for v in db.materialized_views.values()]
        for fn in db.functions.values():
            if fn.language != "sql":
                continue
            for obj, name in relations:
                if _names_in(fn.body, name):
                    self._add(function_id(fn), obj)
            for other in db.functions.values():
                if other.name != fn.name and re.search(rf"(?<![\w$]){re.escape(other.name)}\s*\(", fn.body, re.I):
                    self._add(function_id(fn), function_id(other))

    def dependents(self, obj: str) -> list[str]:
        """Everything that needs `obj`, directly or not, nearest first."""
        found: list[str] = []
        queue = sorted(self.needed_by.get(obj, ()))
        while queue:
            current = queue.pop(0)
            if current in found or current == obj:
                continue
            found.append(current)
            queue += sorted(self.needed_by.get(current, ()))
        return found


@dataclass
class _Step:
    """One statement of the plan, where it came from and what it does."""

    change: int
    position: int
    statement: Statement
    target: Target | None
    after: set[int] = field(default_factory=set)
    phase: int = 0
    rank: int = 0

    def key(self) -> tuple[int, int, int]:
        return (self.statement.phase, self.change, self.position)


def _steps(changes: list[Change], targets: Mapping[int, Target]) -> list[_Step]:
    return [
        _Step(index, position, statement, targets.get(id(statement)))
        for index, change in enumerate(changes)
        for position, statement in enumerate(change.statements)
    ]


def _by_object(steps: list[_Step], operations: Iterable[Operation]) -> dict[str, list[int]]:
    wanted = set(operations)
    found: dict[str, list[int]] = {}
    for i, step in enumerate(steps):
        if step.target and step.target.operation in wanted:
            for obj in step.target.objects:
                found.setdefault(obj, []).append(i)
    return found


def _link(steps: list[_Step], desired: DependencyGraph, live: DependencyGraph) -> None:
    """Record, for every step, the steps that must run before it."""
    creators = _by_object(steps, ["create"])
    droppers = _by_object(steps, ["drop"])
    # A column's ALTER (a new type) runs before what is created over it: a SQL-standard function body
    # is checked against the column's type when it is created, a generated column's expression too.
    column_alters = {obj: found for obj, found in _by_object(steps, ["alter"]).items() if obj.startswith("column:")}
    # A call is resolved among every function of its name: what calls a new overload waits until the
    # overloads the plan drops are gone (`f(1)` is ambiguous while f(integer, text) and f(integer, integer)
    # both take one argument by their defaults).
    overload_droppers: dict[str, list[int]] = {}
    for obj, found in droppers.items():
        if obj.startswith("function:"):
            overload_droppers.setdefault(_function_name(obj), []).extend(found)

    def after_creators(i: int, needed: str) -> None:
        steps[i].after.update(j for j in creators.get(needed, ()) if j != i)
        if needed.startswith("function:"):
            for j in overload_droppers.get(_function_name(needed), ()):
                dropped = steps[j].target
                if j != i and dropped is not None and needed not in dropped.objects:
                    steps[i].after.add(j)

    for i, step in enumerate(steps):
        if step.target is None:
            continue
        for needed in step.target.needs:
            after_creators(i, needed)
        for obj in step.target.objects:
            if step.target.operation == "create":
                for needed in desired.needs.get(obj, ()):
                    after_creators(i, needed)
                    if obj.startswith(("function:", "column:")):
                        steps[i].after.update(j for j in column_alters.get(needed, ()) if j != i)
                steps[i].after.update(j for j in droppers.get(obj, ()) if j != i)
            else:
                # Dropping or altering away from something runs before what it needed is dropped.
                for needed in live.needs.get(obj, ()):
                    for j in droppers.get(needed, ()):
                        if j != i:
                            steps[j].after.add(i)


def _function_name(function: str) -> str:
    """`function:public.f(integer, text)` -> `function:public.f` (argument types print no brackets)."""
    return function.rpartition("(")[0]


def _topological(steps: list[_Step]) -> list[int]:
    """Kahn's algorithm, phase then plan order first; a cycle is broken at its earliest step."""
    waiting = {i: set(step.after) for i, step in enumerate(steps)}
    followers: dict[int, set[int]] = {}
    for i, before in waiting.items():
        for j in before:
            followers.setdefault(j, set()).add(i)
    ready = [(steps[i].key(), i) for i, before in waiting.items() if not before]
    heapq.heapify(ready)
    ordered: list[int] = []
    while len(ordered) < len(steps):
        if not ready:
            stuck = min((steps[i].key(), i) for i in waiting)
            waiting[stuck[1]].clear()
            ready.append(stuck)
        _, i = heapq.heappop(ready)
        ordered.append(i)
        del waiting[i]
        for k in followers.get(i, ()):
            if k in waiting:
                waiting[k].discard(i)
                if not waiting[k]:
                    heapq.heappush(ready, (steps[k].key(), k))
    return ordered


def _strongly_connected(nodes: int, edges: dict[int, set[int]]) -> list[list[int]]:
    """Tarjan's algorithm (iterative): groups of changes that must each run before the other."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    groups: list[list[int]] = []
    counter = 0
    for root in range(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def order(
    changes: list[Change], targets: Mapping[int, Target], desired: DependencyGraph, live: DependencyGraph
) -> list[Change]:
    """The changes in run order, each statement's phase raised to what it must follow (see module doc)."""
    steps = _steps(changes, targets)
    _link(steps, desired, live)
    ordered = _topological(steps)
    for rank, i in enumerate(ordered):
        step = steps[i]
        step.rank = rank
        step.phase = max([step.statement.phase, *(steps[j].phase for j in step.after if steps[j].rank < rank)])
        if any(steps[j].rank > rank for j in step.after):
            step.phase = step.statement.phase  # a broken cycle: keep its own phase
    step_of_change = [[s for s in steps if s.change == c] for c in range(len(changes))]

    edges: dict[int, set[int]] = {}
    for step in steps:
        for j in step.after:
            before = steps[j]
            if before.change != step.change and before.phase == step.phase:
                edges.setdefault(before.change, set()).add(step.change)
    leader = list(range(len(changes)))
    for group in _strongly_connected(len(changes), edges):
        for member in group:
            leader[member] = group[0]

    units: dict[int, list[_Step]] = {}
    for step in steps:
        units.setdefault(leader[step.change], []).append(step)
    unit_edges: dict[int, set[int]] = {}
    for source, targets_of in edges.items():
        for target in targets_of:
            if leader[source] != leader[target]:
                unit_edges.setdefault(leader[source], set()).add(leader[target])
    unit_order = _order_units(sorted(set(leader)), unit_edges, units)

    result: list[Change] = []
    for unit in unit_order:
        members = [c for c in range(len(changes)) if leader[c] == unit]
        unit_steps = sorted(units.get(unit, []), key=lambda s: s.rank)
        head = changes[unit]
        statements = [s.statement.model_copy(update={"phase": s.phase}) for s in unit_steps]
        together = [changes[m].address for m in members[1:] if step_of_change[m]]
        detail = [*head.detail, *(f"runs together with {address}" for address in together)]
        result.append(head.model_copy(update={"statements": statements, "detail": detail}))
        for member in members[1:]:
            moved = changes[member]
            note = f"its statements run with {head.address}, which depends on it both ways"
            result.append(moved.model_copy(update={"statements": [], "detail": [*moved.detail, note]}))
    return result


def _order_units(roots: list[int], edges: dict[int, set[int]], units: dict[int, list[_Step]]) -> list[int]:
    """Units (changes, or groups of them) topologically, earliest phase then plan order first."""

    def key(unit: int) -> tuple[int, int]:
        return (min((s.phase for s in units.get(unit, [])), default=0), unit)

    waiting = {u: {s for s in roots if u in edges.get(s, set())} for u in roots}
    ready = [(key(u), u) for u in roots if not waiting[u]]
    heapq.heapify(ready)
    ordered: list[int] = []
    while len(ordered) < len(roots):
        if not ready:  # pragma: no cover - strongly connected groups are merged, so none is left waiting
            stuck = min((key(u), u) for u in waiting)
            waiting[stuck[1]].clear()
            ready.append(stuck)
        _, unit = heapq.heappop(ready)
        ordered.append(unit)
        del waiting[unit]
        for nxt in sorted(edges.get(unit, ())):
            if nxt in waiting:
                waiting[nxt].discard(unit)
                if not waiting[nxt]:
                    heapq.heappush(ready, (key(nxt), nxt))
    return ordered
