"""The plan as a pull request comment: a summary, then one collapsible section per scope.

Destructive and blocked changes are listed first so a reviewer sees them
without expanding anything.
"""

from __future__ import annotations

from itertools import groupby

from reconciler.changes import Change
from reconciler.plan import Plan
from reconciler.render.text import BACKEND_TITLES, short_address, summary_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(change: Change) -> str:
    notes = [*change.detail]
    if change.blocked:
        notes.append(f"**cannot be applied:** {change.blocked}")
    notes += [f"⚠️ {h.code}: {h.message}" for h in change.hazards]
    flag = " **destructive**" if change.destructive else ""
    flag += " **reindex**" if change.needs_reindex else ""
    address = f"`{_cell(short_address(change))}`{flag}"
    return f"| `{change.action.symbol}` | {change.kind} | {address} | {_cell('<br>'.join(notes))} |"


def render_markdown(plan: Plan, *, drift: bool = False) -> str:
    title = "reconcile drift" if drift else "reconcile plan"
    lines = [f"### {title}", "", f"**{summary_line(plan, drift=drift)}**", ""]
    for warning in plan.warnings:
        lines.append(f"> ⚠️ {warning}")
    attention = [c for c in plan.changes if c.destructive or c.blocked or c.needs_reindex]
    if attention:
        lines += ["", "#### Needs attention", "", "| | kind | address | notes |", "|---|---|---|---|"]
        lines += [_row(c) for c in attention]
    for (backend, scope), group_iter in groupby(plan.changes, key=lambda c: (c.backend, c.scope)):
        group = list(group_iter)
        lines += [
            "",
            f"<details><summary>{BACKEND_TITLES.get(backend, backend)} · {scope}: {len(group)} change(s)</summary>",
            "",
            "| | kind | address | notes |",
            "|---|---|---|---|",
        ]
        lines += [_row(c) for c in group]
        statements = [s.sql for c in group for s in c.statements]
        if statements:
            lines += ["", "```sql", *(s.rstrip() + ";" for s in statements), "```"]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
