"""The live model as it will be once the pending renames ran, built without writing to the target.

The diff compares the desired model with this one, so that each per-kind
differ sees a renamed object under its new name and plans only the other
changes. It is made from three models (see reverse_renames.py for why this is
exact):

- `live`: the target as inspected (old names, read only);
- `desired_old`: the desired objects with the renames undone in the
  normalizer (old names, PostgreSQL's texts);
- `desired`: the desired objects (new names).

Names (keys, `schema_name`, a partition's parent, a sequence's `owned_by`,
column names, graph ids of privileges, owners and dependencies) are renamed
structurally. Texts PostgreSQL deparses from the catalog (view definitions,
constraint, index, trigger and policy texts, defaults) are taken from
`desired` for every object whose old-name form equals its counterpart in
`desired_old`: PostgreSQL would print exactly those once the rename ran.
Objects that differ anyway keep a best-effort substitution of their live text;
they are altered or replaced by the plan in any case, and a substitution that
would make one look equal to the desired object is not used, so a wrong guess
costs an extra replace, never a hidden difference. The closing plan after
apply inspects the real result.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.inspector import privileges_in_order
from reconciler.postgres.model import (
    Constraint,
    Database,
    Index,
    MaterializedView,
    Node,
    ObjectOwner,
    ObjectPrivileges,
    Operator,
    Rule,
    Table,
    TableName,
    Trigger,
    View,
    function_key,
    operator_key,
)
from reconciler.postgres.model import (
    Sequence as SequenceModel,
)
from reconciler.postgres.privileges import default_key, privilege_id
from reconciler.postgres.renames import Rename
from reconciler.postgres.seeds.inspect import LiveNames
from reconciler.postgres.spec.operators import split_reference

N = TypeVar("N", bound=Node)
Substitute = Callable[[str], str]

# Kinds of graph ids and privilege entries that name a relation (renamed with tables, views, sequences...).
_RELATION_KINDS = {
    "table",
    "view",
    "matview",
    "materialized_view",
    "materialized view",
    "foreign table",
    "sequence",
    "index",
    "column",
    "constraint",
    "trigger",
    "policy",
    "rule",
}
_RELATION_WORDS = {"TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "INDEX"}
# Fields a merge never copies from the desired side: names are renamed structurally (a constraint matched by
# its definition keeps its live name), child objects are merged one by one.
_NAMES = {"schema_name", "name"}
_CHILDREN = {
    Table: {"columns", "constraints", "indexes", "triggers", "policies", "rules"},
    View: {"triggers", "rules"},
    MaterializedView: {"indexes"},
}
# Identifiers, quoted identifiers, string literals (a regclass literal names a relation), dots; the rest verbatim.
_TOKENS = re.compile(r"""("(?:[^"]|"")*")|('(?:[^']|'')*')|([A-Za-z_][A-Za-z0-9_$]*)|(\.)|(\s+|.)""", re.S)


@dataclass(frozen=True)
class NameMap:
    """Old name -> new name of every pending rename, by where the object is on the live database."""

    schemas: dict[str, str] = field(default_factory=dict)
    relations: dict[tuple[str, str], str] = field(default_factory=dict)  # (live schema, old relation/index)
    columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (live schema, live table, old)

    @classmethod
    def of(cls, pending: Sequence[Rename]) -> NameMap:
        names = cls()
        for rename in pending:
            if rename.kind == "schema":
                names.schemas[rename.old] = rename.new
            elif rename.kind == "column":
                names.columns[(rename.live_schema, rename.live_table, rename.old)] = rename.new
            else:
                names.relations[(rename.live_schema, rename.old)] = rename.new
        return names

    def schema(self, schema: str) -> str:
        return self.schemas.get(schema, schema)

    def relation(self, schema: str, name: str) -> str:
        return self.relations.get((schema, name), name)

    def column(self, schema: str, table: str, column: str) -> str:
        return self.columns.get((schema, table, column), column)

    def key(self, schema: str, name: str) -> str:
        """A relation's model key (`schema.name`) once renamed."""
        return f"{self.schema(schema)}.{self.relation(schema, name)}"

    def graph_id(self, graph_id: str) -> str:
        """`kind:schema.relation[.member]` (dependencies.object_id) once renamed; unknown shapes unchanged."""
        kind, colon, rest = graph_id.partition(":")
        if not colon:
            return graph_id
        if kind == "schema":
            return f"schema:{self.schema(rest)}"
        schema, dot, tail = rest.partition(".")
        if not dot:
            return graph_id
        if kind not in _RELATION_KINDS:
            return f"{kind}:{self.schema(schema)}.{tail}"
        relation, dot, member = tail.partition(".")
        head = f"{kind}:{self.schema(schema)}.{self.relation(schema, relation)}"
        if not dot:
            return head
        if kind == "column":
            member = self.column(schema, relation, member)
        elif kind == "index":
            member = self.relation(schema, member)
        return f"{head}.{member}"

    def substitute(self, schema: str, table: str | None = None) -> Substitute:
        """Best-effort rewrite of SQL text in `schema` (and `table`'s own columns, unqualified ones too)."""
        return lambda text: _substitute(self, text, schema, table)


def _substitute(names: NameMap, text: str, schema: str, table: str | None) -> str:
    """Rename the identifiers of `text` token by token: a qualified chain as a whole, unqualified names by scope."""
    tokens = [(m.group(0), m.lastindex) for m in _TOKENS.finditer(text)]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token, kind = tokens[i]
        if kind == 2 and i + 1 < len(tokens) and _text_after(tokens, i + 1).startswith("::regclass"):
            inner = token[1:-1].replace("''", "'")
            out.append("'" + _chain(names, inner.split("."), schema, table).replace("'", "''") + "'")
            i += 1
            continue
        if kind not in (1, 3):
            out.append(token)
            i += 1
            continue
        chain = [_unquote(token)]
        j = i + 1
        while j + 1 < len(tokens) and tokens[j][1] == 4 and tokens[j + 1][1] in (1, 3):
            chain.append(_unquote(tokens[j + 1][0]))
            j += 2
        renamed = _chain_parts(names, chain, schema, table)
        out.append(".".join(quote_ident(p) if p != c else raw for p, c, raw in _raw(renamed, chain, tokens[i:j])))
        i = j
    return "".join(out)


def _text_after(tokens: list[tuple[str, int | None]], start: int) -> str:
    """The next few tokens' text: enough to see a `::regclass` cast after a string literal."""
    return "".join(t for t, _ in tokens[start : start + 4])


def _raw(renamed: list[str], chain: list[str], span: list[tuple[str, int | None]]) -> list[tuple[str, str, str]]:
    """(new part, old part, the part as written) of a chain, so unchanged parts keep their spelling."""
    written = [t for t, k in span if k != 4]
    return list(zip(renamed, chain, written, strict=True))


def _unquote(token: str) -> str:
    return token[1:-1].replace('""', '"') if token.startswith('"') else token.lower()


def _chain(names: NameMap, parts: list[str], schema: str, table: str | None) -> str:
    return ".".join(quote_ident(p) for p in _chain_parts(names, parts, schema, table))


def _chain_parts(names: NameMap, parts: list[str], schema: str, table: str | None) -> list[str]:
    """`col`, `rel`, `rel.col`, `schema.rel`, `schema.rel.col` renamed (what each part is, guessed by the maps)."""
    if len(parts) == 1:
        (name,) = parts
        if table is not None and (schema, table, name) in names.columns:
            return [names.column(schema, table, name)]
        return [names.relation(schema, name)]
    if len(parts) == 2:
        first, second = parts
        if first in names.schemas or (first, second) in names.relations:
            return [names.schema(first), names.relation(first, second)]
        return [names.relation(schema, first), names.column(schema, first, second)]
    if len(parts) == 3:
        first, second, third = parts
        return [names.schema(first), names.relation(first, second), names.column(first, second, third)]
    return parts


# --- merging the three models -----------------------------------------------------------------------------


def _compared(node: Node) -> dict[str, Any]:
    """The fields equality looks at, child objects left out (they are merged one by one)."""
    return node.model_dump(exclude=_CHILDREN.get(type(node), set()))


def _merge(live: N, old: N | None, new: N | None, renamed: N, plain: N) -> N:
    """`renamed` with the desired texts where `live` equals its old-name desired form `old`.

    `renamed` has the live texts substituted, `plain` the live texts as they are:
    when the substitution alone would make the object look like the desired one
    although the old-name forms differ, the plain texts are kept (a replace).
    """
    if old is not None and new is not None and _compared(live) == _compared(old):
        skip = _CHILDREN.get(type(live), set()) | _NAMES
        fields = [f for f, info in type(live).model_fields.items() if not info.exclude and f not in skip]
        return renamed.model_copy(update={f: _stripped(copy.deepcopy(getattr(new, f))) for f in fields})
    if new is not None and _compared(_named(renamed, new)) == _compared(new):
        return plain
    return renamed


def _named(node: N, like: N) -> N:
    """`node` with `like`'s names, to compare texts alone."""
    return node.model_copy(update={f: getattr(like, f) for f in _NAMES if f in type(node).model_fields})


def _stripped(value: Any) -> Any:
    """A value copied from the desired side without the state file's source texts (the live side has none)."""
    if isinstance(value, BaseModel):
        updates = {f: None for f in type(value).model_fields if f == "source" or f.endswith("_source")}
        return value.model_copy(update=updates)
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value


@dataclass
class _Builder:
    names: NameMap
    desired: Database
    desired_old: Database | None

    def old(self, attribute: str, key: str) -> Any:
        return None if self.desired_old is None else getattr(self.desired_old, attribute).get(key)

    # Tables and their members.

    def table(self, live: Table) -> Table:
        names, schema = self.names, live.schema_name
        old: Table | None = self.old("tables", f"{schema}.{live.name}")
        new = self.desired.tables.get(names.key(schema, live.name))
        sub = names.substitute(schema, live.name)

        def shaped(text: Substitute) -> Table:
            return live.model_copy(
                update={
                    "schema_name": names.schema(schema),
                    "name": names.relation(schema, live.name),
                    "partition_of": self.parent(live.partition_of),
                    "inherits": [self.parent(p) for p in live.inherits],
                    "replica_identity": self.replica_identity(schema, live.replica_identity),
                    "partition_by": None if live.partition_by is None else text(live.partition_by),
                }
            )

        merged = _merge(live, old, new, shaped(sub), shaped(str))
        merged.columns = {}
        for name, column in live.columns.items():
            renamed = names.column(schema, live.name, name)
            want = new.columns.get(renamed) if new else None
            have_old = old.columns.get(name) if old else None

            def column_shaped(text: Substitute, column: Any = column, renamed: str = renamed) -> Any:
                return column.model_copy(
                    update={
                        "name": renamed,
                        "default": None if column.default is None else text(column.default),
                        "generated": None if column.generated is None else text(column.generated),
                    }
                )

            merged.columns[renamed] = _merge(column, have_old, want, column_shaped(sub), column_shaped(str))
        merged.constraints = self.constraints(live, old, new, sub)
        merged.indexes = self.indexes(schema, live.indexes, old.indexes if old else {}, new.indexes if new else {}, sub)
        merged.triggers = self.triggers(live.triggers, old.triggers if old else {}, new.triggers if new else {}, sub)
        merged.policies = {}
        for name, policy in live.policies.items():
            shaped_policy = _texts(policy, sub, "using", "with_check")
            merged.policies[name] = _merge(
                policy,
                old.policies.get(name) if old else None,
                new.policies.get(name) if new else None,
                shaped_policy,
                policy.model_copy(),
            )
        merged.rules = self.rules(live.rules, old.rules if old else {}, new.rules if new else {}, sub)
        return merged

    def parent(self, parent: TableName | None) -> TableName | None:
        if parent is None:
            return None
        return TableName(
            schema_name=self.names.schema(parent.schema_name),
            name=self.names.relation(parent.schema_name, parent.name),
        )

    def replica_identity(self, schema: str, identity: str) -> str:
        kind, _, index = identity.partition(" ")
        return f"{kind} {self.names.relation(schema, index)}" if kind == "index" and index else identity

    def constraints(self, live: Table, old: Table | None, new: Table | None, sub: Substitute) -> dict[str, Constraint]:
        """A constraint keeps its live name; its desired counterpart is the one of the same name or definition."""
        schema = live.schema_name
        merged: dict[str, Constraint] = {}
        spare = dict(old.constraints) if old else {}
        for name, constraint in live.constraints.items():
            counterpart = spare.pop(name, None)
            if counterpart is None:
                counterpart = next(
                    (c for c in spare.values() if (c.kind, c.definition) == (constraint.kind, constraint.definition)),
                    None,
                )
                if counterpart is not None:
                    del spare[counterpart.name]
            want = new.constraints.get(counterpart.name) if new and counterpart else None
            columns = [self.names.column(schema, live.name, c) for c in constraint.columns]
            shaped = constraint.model_copy(update={"definition": sub(constraint.definition), "columns": columns})
            plain = constraint.model_copy(update={"columns": columns})
            if counterpart is not None and want is not None:
                counterpart = counterpart.model_copy(update={"name": name})
                want = want.model_copy(update={"name": name})
            merged[name] = _merge(constraint, counterpart, want, shaped, plain)
        return merged

    def indexes(
        self, schema: str, live: dict[str, Index], old: dict[str, Index], new: dict[str, Index], sub: Substitute
    ) -> dict[str, Index]:
        merged: dict[str, Index] = {}
        for name, index in live.items():
            renamed = self.names.relation(schema, name)
            shaped = index.model_copy(update={"name": renamed, "using": sub(index.using)})
            plain = index.model_copy(update={"name": renamed})
            merged[renamed] = _merge(index, old.get(name), new.get(renamed), shaped, plain)
        return merged

    def triggers(
        self, live: dict[str, Trigger], old: dict[str, Trigger], new: dict[str, Trigger], sub: Substitute
    ) -> dict[str, Trigger]:
        return {
            name: _merge(
                trigger,
                old.get(name),
                new.get(name),
                _texts(trigger, sub, "timing_events", "body"),
                trigger.model_copy(),
            )
            for name, trigger in live.items()
        }

    def rules(
        self, live: dict[str, Rule], old: dict[str, Rule], new: dict[str, Rule], sub: Substitute
    ) -> dict[str, Rule]:
        merged = {}
        for name, rule in live.items():
            shaped = _texts(rule, sub, "where").model_copy(update={"actions": [sub(a) for a in rule.actions]})
            merged[name] = _merge(rule, old.get(name), new.get(name), shaped, rule.model_copy())
        return merged

    # Views, materialized views, sequences and the kinds only a schema's rename moves.

    def view(self, live: View) -> View:
        schema = live.schema_name
        new = self.desired.views.get(self.names.key(schema, live.name))
        old: View | None = self.old("views", f"{schema}.{live.name}")
        sub = self.names.substitute(schema)
        names = {"schema_name": self.names.schema(schema), "name": self.names.relation(schema, live.name)}
        shaped = live.model_copy(update={**names, "definition": sub(live.definition)})
        merged = _merge(live, old, new, shaped, live.model_copy(update=names))
        merged.triggers = self.triggers(live.triggers, old.triggers if old else {}, new.triggers if new else {}, sub)
        merged.rules = self.rules(live.rules, old.rules if old else {}, new.rules if new else {}, sub)
        return merged

    def materialized_view(self, live: MaterializedView) -> MaterializedView:
        schema = live.schema_name
        new = self.desired.materialized_views.get(self.names.key(schema, live.name))
        old: MaterializedView | None = self.old("materialized_views", f"{schema}.{live.name}")
        if old is not None and new is not None:  # the normalizer creates it WITH NO DATA; `with_data` is the file's
            old = old.model_copy(update={"with_data": new.with_data})
        sub = self.names.substitute(schema)
        names = {"schema_name": self.names.schema(schema), "name": self.names.relation(schema, live.name)}
        shaped = live.model_copy(update={**names, "definition": sub(live.definition)})
        merged = _merge(live, old, new, shaped, live.model_copy(update=names))
        merged.indexes = self.indexes(schema, live.indexes, old.indexes if old else {}, new.indexes if new else {}, sub)
        return merged

    def sequence(self, live: SequenceModel) -> SequenceModel:
        schema = live.schema_name
        owned_by = live.owned_by
        if owned_by is not None:
            table, _, column = owned_by.partition(".")
            owned_by = f"{self.names.relation(schema, table)}.{self.names.column(schema, table, column)}"
        renamed = live.model_copy(
            update={
                "schema_name": self.names.schema(schema),
                "name": self.names.relation(schema, live.name),
                "owned_by": owned_by,
            }
        )
        old: SequenceModel | None = self.old("sequences", f"{schema}.{live.name}")
        new = self.desired.sequences.get(self.names.key(schema, live.name))
        return _merge(live, old, new, renamed, renamed)

    def moved(self, attribute: str, key: str, live: N, new_key: str, renamed: N) -> N:
        """An object only a schema's rename (or a rename of a type it names) touches."""
        old: N | None = self.old(attribute, key)
        new: N | None = getattr(self.desired, attribute).get(new_key)
        return _merge(live, old, new, renamed, renamed)

    # The database.

    def database(self, live: Database) -> Database:
        names = self.names
        result = live.model_copy(deep=True)
        result.schemas = [names.schema(s) for s in live.schemas]
        result.schema_comments = {names.schema(s): c for s, c in live.schema_comments.items()}
        for extension in result.extensions.values():
            extension.schema_name = names.schema(extension.schema_name)
        result.tables = {f"{t.schema_name}.{t.name}": t for t in map(self.table, live.tables.values())}
        result.views = {f"{v.schema_name}.{v.name}": v for v in map(self.view, live.views.values())}
        result.materialized_views = {
            f"{m.schema_name}.{m.name}": m for m in map(self.materialized_view, live.materialized_views.values())
        }
        result.sequences = {f"{s.schema_name}.{s.name}": s for s in map(self.sequence, live.sequences.values())}
        for attribute in (
            "enums",
            "domains",
            "composite_types",
            "ranges",
            "shell_types",
            "collations",
            "text_search_parsers",
            "text_search_templates",
            "text_search_dictionaries",
            "text_search_configurations",
            "operator_classes",  # keyed `schema.name USING method`
            "operator_families",  # likewise
        ):
            found: dict[str, Any] = {}
            for key, obj in getattr(live, attribute).items():
                renamed = obj.model_copy(update={"schema_name": names.schema(obj.schema_name)})
                new_key = renamed.schema_name + key[len(obj.schema_name) :]  # the key names its schema first
                found[new_key] = self.moved(attribute, key, obj, new_key, renamed)
            setattr(result, attribute, found)
        for attribute in ("functions", "aggregates"):
            routines: dict[str, Any] = {}
            for key, obj in getattr(live, attribute).items():
                renamed = self.routine(obj)
                new_key = function_key(renamed.schema_name, renamed.name, renamed.signature)
                routines[new_key] = self.moved(attribute, key, obj, new_key, renamed)
            setattr(result, attribute, routines)
        operators: dict[str, Operator] = {}
        for key, operator in live.operators.items():
            renamed_operator = self.operator(operator)
            new_key = operator_key(
                renamed_operator.schema_name, operator.name, renamed_operator.left, renamed_operator.right
            )
            operators[new_key] = self.moved("operators", key, operator, new_key, renamed_operator)
        result.operators = operators
        result.privileges = privileges_in_order(
            {self.privilege_id(p): p for p in map(self.privilege, live.privileges.values())}
        )
        result.default_privileges = {
            default_key(d.schema_name, d.role, d.on_type): d
            for d in (
                d.model_copy(update={"schema_name": names.schema(d.schema_name) if d.schema_name is not None else None})
                for d in live.default_privileges.values()
            )
        }
        result.owners = {names.graph_id(k): self.owner(o) for k, o in live.owners.items()}
        result.dependencies = dict(
            sorted((names.graph_id(k), [names.graph_id(v) for v in needs]) for k, needs in live.dependencies.items())
        )
        result.undeclarable = [
            u.model_copy(
                update={
                    "schema_name": None if u.schema_name is None else names.schema(u.schema_name),
                    "protects": None if u.protects is None else names.graph_id(u.protects),
                    "table": None if u.table is None else names.graph_id(u.table),
                    "name": self.qualified_name(u.schema_name, u.name),
                }
            )
            for u in live.undeclarable
        ]
        return result

    def routine(self, routine: Any) -> Any:
        """A function or aggregate: its schema, and the types its signature names (a table's row type)."""
        schema = routine.schema_name
        sub = self.names.substitute(schema)
        update: dict[str, Any] = {"schema_name": self.names.schema(schema)}
        for name in ("identity_arguments", "signature", "arguments"):
            update[name] = sub(getattr(routine, name))
        if getattr(routine, "sql_body", False):
            update["body"] = sub(routine.body)
        return routine.model_copy(update=update)

    def operator(self, operator: Operator) -> Operator:
        """An operator: its schema, the types and functions it names, and the schemas of its commutator and negator."""
        names, sub = self.names, self.names.substitute(operator.schema_name)
        update: dict[str, Any] = {"schema_name": names.schema(operator.schema_name)}
        for name in ("left", "right", "function", "restrict", "join"):
            value = getattr(operator, name)
            update[name] = None if value is None else sub(value)
        for name in ("commutator", "negator"):
            linked = getattr(operator, name)
            if linked is not None:
                schema, symbol = split_reference(linked)
                update[name] = f"{quote_ident(names.schema(schema or operator.schema_name))}.{symbol}"
        return operator.model_copy(update=update)

    def privilege(self, entry: ObjectPrivileges) -> ObjectPrivileges:
        names, schema = self.names, entry.schema_name
        update: dict[str, Any] = {"schema_name": names.schema(schema)}
        if entry.kind == "schema":
            update["name"] = names.schema(entry.name)
        elif entry.kind in _RELATION_KINDS:
            update["name"] = names.relation(schema, entry.name)
            if entry.kind == "column" and entry.member is not None:
                update["member"] = names.column(schema, entry.name, entry.member)
        if entry.parent is not None:
            update["parent"] = names.graph_id(entry.parent)
        return entry.model_copy(update=update)

    @staticmethod
    def privilege_id(entry: ObjectPrivileges) -> str:
        return privilege_id(entry.kind, entry.schema_name, entry.name, entry.member)

    def owner(self, owner: ObjectOwner) -> ObjectOwner:
        schema = owner.schema_name
        update: dict[str, Any] = {"schema_name": self.names.schema(schema)}
        if owner.word == "SCHEMA":
            update["name"] = self.names.schema(owner.name)
        elif owner.word in _RELATION_WORDS:
            update["name"] = self.names.relation(schema, owner.name)
        return owner.model_copy(update=update)

    def qualified_name(self, schema: str | None, name: str) -> str:
        """An undeclarable entry's `schema.relation[: member]` name, renamed."""
        if schema is None or not name.startswith(f"{schema}."):
            return name
        relation, colon, member = name[len(schema) + 1 :].partition(":")
        return f"{self.names.key(schema, relation)}{colon}{member}"


def _texts(node: N, sub: Substitute, *fields: str) -> N:
    return node.model_copy(update={f: None if getattr(node, f) is None else sub(getattr(node, f)) for f in fields})


def renamed_live(
    live: Database, desired: Database, desired_old: Database | None, pending: Sequence[Rename]
) -> Database:
    """The live database as it will be after `pending` renames (see the module docstring)."""
    if not pending or not live.exists:
        return live
    return _Builder(NameMap.of(pending), desired, desired_old).database(live)


def live_names(pending: Sequence[Rename]) -> LiveNames:
    """Declared (new) schema, table and column names -> where they are on the live database, to read seed rows."""
    tables = {(r.schema, r.new): (r.live_schema, r.old) for r in pending if r.kind == "table"}
    for rename in pending:
        if rename.kind == "column":
            tables.setdefault((rename.schema, rename.table), (rename.live_schema, rename.live_table))
    return LiveNames(
        schemas={r.new: r.old for r in pending if r.kind == "schema"},
        tables=tables,
        columns={(r.schema, r.table, r.new): r.old for r in pending if r.kind == "column"},
    )
