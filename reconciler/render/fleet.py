"""Tenant schemas' changes, grouped: readable at 10,000 tenants.

A schema template gives every tenant schema the same change (`+ column
note`), so printing each one would bury the two tenants that differ. Text
output groups the changes of tenant schemas by what they do (action, the
address inside the schema, detail) and names the schemas of each group: all
of them when few, otherwise a count and the few that are left out. JSON keeps
every change with its full address: grouping is only for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from reconciler.changes import Action, Change
from reconciler.render.escape import printable

# Up to this many schemas are named in a group; beyond, a count (and the schemas left out, when that is short).
NAMED = 5
STYLES = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.REPLACE: "magenta", Action.DELETE: "red"}


def in_schema_address(change: Change) -> str:
    """The address with its backend, scope and tenant schema taken out: `table.documents.column.note`."""
    rest = change.address.removeprefix(f"{change.backend}.{change.scope}.")
    kind, _, inside = rest.partition(".")
    tenant = change.tenant or ""
    return f"{kind}.{inside.removeprefix(tenant + '.')}" if inside.startswith(tenant + ".") else rest


@dataclass
class ChangeGroup:
    """One change as every schema in `schemas` has it; `example` is the first of them."""

    example: Change
    schemas: list[str] = field(default_factory=list)


def group_tenant_changes(changes: list[Change]) -> list[ChangeGroup]:
    """Tenant changes by (action, in-schema address, detail, flags), in first-seen order."""
    groups: dict[tuple[object, ...], ChangeGroup] = {}
    for change in changes:
        key = (
            change.action,
            in_schema_address(change),
            tuple(change.detail),
            change.destructive,
            change.blocked is not None,
            tuple(h.code for h in change.hazards),
        )
        groups.setdefault(key, ChangeGroup(change)).schemas.append(change.tenant or "")
    return list(groups.values())


def schemas_phrase(schemas: list[str], everyone: list[str]) -> str:
    """`in tenant_a, tenant_b` / `in 9,998 of 10,000 schemas (all but tenant_x, tenant_y)` / `in 420 schemas (...)`."""
    if len(schemas) <= NAMED:
        return f"in {', '.join(schemas)}"
    left_out = sorted(set(everyone) - set(schemas))
    if len(left_out) <= NAMED:
        tail = f" (all but {', '.join(left_out)})" if left_out else " (all of them)"
        return f"in {len(schemas):,} of {len(everyone):,} schemas{tail}"
    return f"in {len(schemas):,} schemas ({', '.join(schemas[:3])}, ...)"


def render_tenant_changes(changes: list[Change], console: Console, *, show_sql: bool) -> None:
    """Print tenant schemas' changes grouped; the SQL of each group once, for its first schema."""
    everyone = sorted({c.tenant for c in changes if c.tenant is not None})
    console.print(Text(f"  tenant schemas with changes: {len(everyone):,}", style="bold"))
    for group in group_tenant_changes(changes):
        change = group.example
        heading = Text.assemble(
            "  ",
            (f"{change.action.symbol} {printable(in_schema_address(change))}", STYLES[change.action]),
            " ",
            (printable(schemas_phrase(group.schemas, everyone)), "bold"),
        )
        if change.destructive:
            heading.append(" (destructive: needs --allow-destructive)", style="bold red")
        if change.blocked:
            heading.append(" (cannot be applied)", style="bold red")
        console.print(heading)
        for line in change.detail:
            console.print(Text(f"      {printable(line)}"))
        if change.blocked:
            console.print(Text(f"      ✗ {printable(change.blocked)}", style="red"))
        for hazard in change.hazards:
            console.print(Text(f"      ! {printable(hazard.code)}: {printable(hazard.message)}", style="red"))
        if show_sql and change.statements:
            console.print(Text(f"      for {printable(change.tenant or '')}:", style="dim"))
            for statement in change.statements:
                for line in statement.sql.splitlines():
                    console.print(Text(f"      {printable(line)}", style="dim"))
