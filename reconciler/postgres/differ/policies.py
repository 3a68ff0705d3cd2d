"""Row level security: the table flags (ENABLE / FORCE) and the policies, compared and changed.

Policies are compared in pg_policy's terms (pg_get_expr of USING and WITH
CHECK, role names sorted). ALTER POLICY changes the roles and the two
expressions in place; it cannot change the command, AS PERMISSIVE /
RESTRICTIVE, or take an expression away, so those drop and create the policy
(in one transaction: the table is never without it to other sessions).

A policy depends (pg_depend) on the columns, tables, views and functions its
expressions read. A replaced function or view re-creates it through
`recreate_dependents`; a column whose type changes cannot be altered while a
policy reads it, so such policies are dropped before and created after.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import DependencyGraph, member_id, object_id
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.materialize_tables import policy_roles_sql, row_level_security_sql
from reconciler.postgres.model import Policy, Table

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

ROW_LEVEL_SECURITY = "row_level_security"


# --- statements ------------------------------------------------------------------


def _using(policy: Policy) -> str | None:
    """The USING expression to run: the state file's own text when known, else PostgreSQL's."""
    return policy.using_source or policy.using


def _with_check(policy: Policy) -> str | None:
    return policy.with_check_source or policy.with_check


def _on(table: Table, policy: Policy) -> str:
    return f"{quote_ident(policy.name)} ON {ddl.table_name(table)}"


def create_policy(table: Table, policy: Policy) -> list[Statement]:
    kind = "PERMISSIVE" if policy.permissive else "RESTRICTIVE"
    sql = f"CREATE POLICY {_on(table, policy)} AS {kind} FOR {policy.command.upper()}"
    sql += f" TO {policy_roles_sql(policy.roles)}"
    using, with_check = _using(policy), _with_check(policy)
    if using is not None:
        sql += f" USING ({using})"
    if with_check is not None:
        sql += f" WITH CHECK ({with_check})"
    statements = [ddl.stmt(sql, ddl.Phase.CREATE_POLICY, ddl.lock_on(Kind.POLICY, table))]
    if policy.comment is not None:
        statements.append(comment_on_policy(table, policy))
    return statements


def drop_policy(table: Table, policy: Policy) -> list[Statement]:
    return [ddl.stmt(f"DROP POLICY {_on(table, policy)}", ddl.Phase.DROP_POLICY, ddl.lock_on(Kind.POLICY, table))]


def comment_on_policy(table: Table, policy: Policy) -> Statement:
    return ddl.comment_on(f"POLICY {_on(table, policy)}", policy.comment)


def alter_policy(table: Table, want: Policy, have: Policy) -> list[Statement]:
    """ALTER POLICY for the roles and expressions that differ, and the comment."""
    clauses = []
    if want.roles != have.roles:
        clauses.append(f"TO {policy_roles_sql(want.roles)}")
    if want.using != have.using:
        clauses.append(f"USING ({_using(want)})")
    if want.with_check != have.with_check:
        clauses.append(f"WITH CHECK ({_with_check(want)})")
    statements = []
    if clauses:
        sql = f"ALTER POLICY {_on(table, want)} {' '.join(clauses)}"
        statements.append(ddl.stmt(sql, ddl.Phase.CREATE_POLICY, ddl.lock_on(Kind.POLICY, table)))
    if want.comment != have.comment:
        statements.append(comment_on_policy(table, want))
    return statements


def alterable(want: Policy, have: Policy) -> bool:
    """Whether ALTER POLICY can make `have` into `want` (it cannot change the command or kind, or drop a clause)."""
    return (
        want.command == have.command
        and want.permissive == have.permissive
        and (want.using is not None or have.using is None)
        and (want.with_check is not None or have.with_check is None)
    )


def row_level_security(table: Table) -> list[Statement]:
    sql = row_level_security_sql(ddl.table_name(table), table.row_level_security, table.force_row_level_security)
    return [ddl.stmt(sql, ddl.Phase.CREATE_POLICY, ddl.lock_on(Kind.TABLE_ALTER, table))]


def _flags(table: Table) -> str:
    enabled = "enabled" if table.row_level_security else "disabled"
    return enabled + (", forced" if table.force_row_level_security else "")


# --- the comparison ----------------------------------------------------------------


def policy_id(table: Table, policy: Policy) -> str:
    return member_id("policy", table, policy.name)


class PolicyDiffer:
    """The policy part of one diff; `differ` collects the changes and tags their statements."""

    def __init__(self, differ: _Differ) -> None:
        # Weak: the differ holds this object, and the cycle kept each diff's models (a tenant's template copy and
        # its inspection) until the collector's next full pass, 120 MiB per 500 tenants of a fleet's plan.
        self._differ = weakref.ref(differ)

    @property
    def differ(self) -> _Differ:
        differ = self._differ()
        assert differ is not None, "a PolicyDiffer is used only while its diff runs"
        return differ

    @property
    def live_graph(self) -> DependencyGraph:
        return self.differ.live_graph

    @property
    def retyped_columns(self) -> dict[str, str]:
        """Graph id -> name of every column whose type this diff changes in place (ALTER COLUMN ... TYPE)."""
        return self.differ.retyped_columns

    def retyped_needs(self, table: Table, policy: Policy) -> list[str]:
        """The columns `policy` reads (live) whose type changes: PostgreSQL refuses ALTER TYPE while it exists."""
        needs = self.live_graph.needs.get(policy_id(table, policy), set())
        return sorted(self.retyped_columns[obj] for obj in needs if obj in self.retyped_columns)

    def create(self, table: Table, policy: Policy) -> list[Statement]:
        return self.differ.tag(create_policy(table, policy), "create", policy_id(table, policy))

    def drop(self, table: Table, policy: Policy) -> list[Statement]:
        return self.differ.tag(drop_policy(table, policy), "drop", policy_id(table, policy))

    def create_all(self, table: Table) -> list[Statement]:
        """A new table's row level security flags and policies."""
        statements: list[Statement] = []
        if table.row_level_security or table.force_row_level_security:
            statements += self.differ.tag(row_level_security(table), "alter", object_id("table", *_key(table)))
        for policy in table.policies.values():
            statements += self.create(table, policy)
        return statements

    def update(self, address: str, want: Table, have: Table) -> None:
        """Flags and policies of a table both sides have."""
        if (want.row_level_security, want.force_row_level_security) != (
            have.row_level_security,
            have.force_row_level_security,
        ):
            self.differ.add(
                f"{address}.{ROW_LEVEL_SECURITY}",
                ROW_LEVEL_SECURITY,
                Action.UPDATE,
                None,
                None,
                self.differ.tag(row_level_security(want), "alter", object_id("table", *_key(want))),
                detail=[f"row level security: {_flags(have)} -> {_flags(want)}"],
            )
        self.differ.keyed(
            "policy",
            want.policies,
            have.policies,
            lambda p: f"{address}.policy.{p.name}",
            lambda p: self.create(want, p),
            lambda p: self.drop(want, p),
            lambda w, h: self.change(address, want, w, h),
            ident=lambda p: policy_id(want, p),
        )

    def change(self, address: str, table: Table, want: Policy, have: Policy) -> None:
        retyped = self.retyped_needs(table, have)
        if alterable(want, have) and not retyped:
            statements = self.differ.tag(alter_policy(table, want, have), "alter", policy_id(table, want))
            detail = _changes(want, have)
            self.differ.add(
                f"{address}.policy.{want.name}", "policy", Action.UPDATE, have, want, statements, detail=detail
            )
            return
        statements = self.drop(table, have) + self.create(table, want)
        detail = [*_changes(want, have), *(f"re-created: column {name} changes type" for name in retyped)]
        self.differ.add(
            f"{address}.policy.{want.name}", "policy", Action.REPLACE, have, want, statements, detail=detail
        )

    def recreate_over_retyped_columns(self, display: dict[str, str]) -> None:
        """Drop and re-create the unchanged policies that read a column whose type changes.

        `display` maps table keys to their change addresses (`table.users`).
        """
        if not any(table.policies for table in self.differ.desired.tables.values()) or not self.retyped_columns:
            return  # no policy to re-create (finding the retyped columns walks every column)
        dropped = {
            obj for target in self.differ.targets.values() if target.operation == "drop" for obj in target.objects
        }
        for key, want in self.differ.desired.tables.items():
            have = self.differ.live.tables.get(key)
            if have is None:
                continue
            for name, policy in want.policies.items():
                before = have.policies.get(name)
                if before != policy or before is None or policy_id(want, policy) in dropped:
                    continue
                retyped = self.retyped_needs(have, before)
                if retyped:
                    statements = self.drop(have, before) + self.create(want, policy)
                    self.differ.add(
                        f"{display[key]}.policy.{name}",
                        "policy",
                        Action.REPLACE,
                        before,
                        policy,
                        statements,
                        detail=[f"re-created: column {column} changes type" for column in retyped],
                    )

    def drop_and_create(self, table: Table, old: Policy, new: Policy) -> list[Statement]:
        """A policy out of the way of an object it reads that is replaced, and back as declared."""
        return self.drop(table, old) + self.create(table, new)


def _key(table: Table) -> tuple[str, str]:
    return table.schema_name, table.name


def _changes(want: Policy, have: Policy) -> list[str]:
    old, new = have.model_dump(), want.model_dump()
    return [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if old[key] != new[key]]
