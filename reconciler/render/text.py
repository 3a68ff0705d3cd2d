"""The plan for people: colored `+ ~ - ±` lines grouped by backend and scope.

Rendering never decides anything: it reads Change objects and prints them.
Colors come from rich and are dropped when output is not a terminal, when
NO_COLOR is set, or with --no-color.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from reconciler.changes import Action, Change
from reconciler.plan import Plan

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


def render_text(plan: Plan, console: Console, *, show_sql: bool = True, drift: bool = False) -> None:
    """Print the plan grouped by backend and scope, hazards and destructive changes in red."""
    for warning in plan.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")
    for (backend, scope), group in groupby(plan.changes, key=lambda c: (c.backend, c.scope)):
        console.print()
        console.print(f"[bold]{BACKEND_TITLES.get(backend, backend)} · {escape(scope)}[/]")
        for change in group:
            _render_change(change, console, show_sql=show_sql)
    console.print()
    style = "bold" if not plan.changes else ("bold red" if plan.destructive_changes() else "bold yellow")
    console.print(f"[{style}]{escape(summary_line(plan, drift=drift))}[/]")


def _render_change(change: Change, console: Console, *, show_sql: bool) -> None:
    style = ACTION_STYLES[change.action]
    flags = ""
    if change.destructive:
        flags += " [bold red](destructive: needs --allow-destructive)[/]"
    if change.blocked:
        flags += " [bold red](cannot be applied)[/]"
    if change.needs_reindex:
        flags += " [bold yellow](reindex: needs --allow-reindex)[/]"
    console.print(f"  [{style}]{change.action.symbol} {escape(short_address(change))}[/]{flags}")
    for line in change.detail:
        console.print(f"      {escape(line)}")
    if change.blocked:
        console.print(f"      [red]✗ {escape(change.blocked)}[/]")
    for hazard in change.hazards:
        console.print(f"      [red]! {escape(hazard.code)}: {escape(hazard.message)}[/]")
    if show_sql:
        for statement in change.statements:
            for line in statement.sql.splitlines():
                console.print(f"      [dim]{escape(line)}[/]", highlight=False)
