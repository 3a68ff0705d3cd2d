"""The plan for people: colored `+ ~ - ±` lines grouped by backend and scope.

Rendering never decides anything: it reads Change objects and prints them.
Colors come from rich and are dropped when output is not a terminal, when
NO_COLOR is set, or with --no-color.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from reconciler.changes import Action, Change
from reconciler.plan import Plan
from reconciler.render.escape import printable, sql_lines
from reconciler.render.fleet import render_tenant_changes

BACKEND_TITLES = {
    "postgres": "PostgreSQL",
    "redis": "Redis",
    "influxdb": "InfluxDB",
    "elasticsearch": "Elasticsearch",
    "kafka": "Kafka",
}
ACTION_STYLES = {Action.CREATE: "green", Action.UPDATE: "yellow", Action.REPLACE: "magenta", Action.DELETE: "red"}


def short_address(change: Change) -> str:
    """The address without its backend and scope, which the group heading already shows."""
    return change.address.removeprefix(f"{change.backend}.{change.scope}.")


def summary_line(plan: Plan, *, drift: bool = False) -> str:
    s = plan.summary
    if drift:
        if not plan.changes:
            return "No drift: the live systems match the state files."
        return f"Drift: {s.add} to add, {s.change} to change, {s.destroy} to destroy."
    if not plan.changes:
        return "No changes. The live systems match the state files."
    line = f"Plan: {s.add} to add, {s.change} to change, {s.destroy} to destroy."
    if s.blocked:
        line += f" {s.blocked} cannot be applied."
    return line


def unmanaged_line(backend: str, names: list[str]) -> str:
    """The closing line that says how many live objects of a backend the state leaves alone."""
    count = len(names)
    objects = "live object" if count == 1 else "live objects"
    return f"{BACKEND_TITLES.get(backend, backend)}: {count} {objects} not declared and not owned (left alone)"


def render_text(plan: Plan, console: Console, *, show_sql: bool = True, drift: bool = False) -> None:
    """Print the plan grouped by backend and scope, hazards and destructive changes in red.

    Every piece of text from the plan is made printable and handed to rich as plain Text, never as
    markup, so a name cannot carry `[bold]`, an ESC sequence or a line break into the output.
    """
    for warning in plan.warnings:
        console.print(Text.assemble(("warning:", "yellow"), " ", printable(warning)))
    for (backend, scope), group in groupby(plan.changes, key=lambda c: (c.backend, c.scope)):
        console.print()
        console.print(Text(f"{printable(BACKEND_TITLES.get(backend, backend))} · {printable(scope)}", style="bold"))
        changes = list(group)
        for change in changes:
            if change.tenant is None:
                _render_change(change, console, show_sql=show_sql)
        tenants = [c for c in changes if c.tenant is not None]
        if tenants:  # schema templates: grouped, or 10,000 tenant schemas bury the two that differ
            render_tenant_changes(tenants, console, show_sql=show_sql)
    console.print()
    style = "bold" if not plan.changes else ("bold red" if plan.destructive_changes() else "bold yellow")
    console.print(Text(summary_line(plan, drift=drift), style=style))
    for backend, names in plan.unmanaged.items():
        if names:
            console.print(Text(printable(unmanaged_line(backend, names)), style="dim"))


def statement_lines(backend: str, statement: str) -> list[str]:
    """How a statement is shown: SQL keeps its layout (quoted values stay on their line), a command is one line."""
    return sql_lines(statement) if backend == "postgres" else [printable(statement)]


def _detail_is_sql(change: Change) -> bool:
    """A new PostgreSQL database's detail is its CREATE DATABASE: SQL that runs outside the transaction, so it
    is no statement of the change, yet --no-sql must hide it like one."""
    return change.backend == "postgres" and change.kind == "database" and change.action is Action.CREATE


def _render_change(change: Change, console: Console, *, show_sql: bool) -> None:
    heading = Text.assemble(
        "  ", (f"{change.action.symbol} {printable(short_address(change))}", ACTION_STYLES[change.action])
    )
    if change.destructive:
        heading.append(" (destructive: needs --allow-destructive)", style="bold red")
    if change.blocked:
        heading.append(" (cannot be applied)", style="bold red")
    if change.needs_reindex:
        heading.append(" (reindex: needs --allow-reindex)", style="bold yellow")
    console.print(heading)
    for line in change.detail if show_sql or not _detail_is_sql(change) else []:
        console.print(Text(f"      {printable(line)}"))
    if change.blocked:
        console.print(Text(f"      ✗ {printable(change.blocked)}", style="red"))
    for hazard in change.hazards:
        console.print(Text(f"      ! {printable(hazard.code)}: {printable(hazard.message)}", style="red"))
    if show_sql:
        for statement in change.statements:
            for line in statement_lines(change.backend, statement.sql):
                console.print(Text(f"      {line}", style="dim"))
