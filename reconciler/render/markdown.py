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


GITHUB_COMMENT_LIMIT = 65_000


def _statements(backend: str, group: list[Change]) -> list[str]:
    statements = [s.sql.rstrip() for c in group for s in c.statements]
    if not statements:
        return []
    if backend == "postgres":
        return ["", "```sql", *(s + ";" for s in statements), "```"]
    return ["", "```text", *statements, "```"]


def render_markdown(plan: Plan, *, drift: bool = False, with_statements: bool = True) -> str:
    """The comment; when it would exceed what GitHub accepts, it is rendered again without the statements."""
    title = "reconcile drift" if drift else "reconcile plan"
    lines = [f"### {title}", "", f"**{summary_line(plan, drift=drift)}**", ""]
    for warning in plan.warnings:
        lines.append(f"> ⚠️ {warning}")
    attention = [c for c in plan.changes if c.destructive or c.blocked or c.needs_reindex]
    if attention:
        lines += ["", "#### Needs attention", "", "| | kind | address | notes |", "|---|---|---|---|"]
        lines += [_row(c) for c in attention]
    for backend, backend_changes in groupby(plan.changes, key=lambda c: c.backend):
        changes = list(backend_changes)
        title = BACKEND_TITLES.get(backend, backend)
        lines += ["", f"<details><summary>{title}: {len(changes)} change(s)</summary>"]
        for scope, group_iter in groupby(changes, key=lambda c: c.scope):
            group = list(group_iter)
            lines += ["", f"**{scope}**", "", "| | kind | address | notes |", "|---|---|---|---|"]
            lines += [_row(c) for c in group]
            if with_statements:
                lines += _statements(backend, group)
        lines += ["", "</details>"]
    text = "\n".join(lines) + "\n"
    if with_statements and len(text) > GITHUB_COMMENT_LIMIT:
        shorter = render_markdown(plan, drift=drift, with_statements=False)
        return shorter + "\n_Statements left out to fit a pull request comment; run `reconcile plan` to see them._\n"
    return text
