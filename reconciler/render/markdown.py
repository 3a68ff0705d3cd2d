"""The plan as a pull request comment: a summary, then one collapsible section per scope.

Destructive and blocked changes are listed first so a reviewer sees them
without expanding anything.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

from reconciler.changes import Change
from reconciler.plan import Plan
from reconciler.render.escape import printable
from reconciler.render.fleet import group_tenant_changes, in_schema_address, schemas_phrase
from reconciler.render.text import BACKEND_TITLES, short_address, statement_lines, summary_line, unmanaged_line

# Characters that open Markdown or HTML constructs in running text: code spans, emphasis, strikethrough,
# links and images, HTML tags and comments, entities (`&#x202e;`), and `|`, which ends a table cell.
# `_` is left alone: GitHub does not emphasize inside words (`auth_db`), and emphasis hides nothing.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>&|~])")
_BACKTICK_RUN = re.compile(r"`+")


def md_text(text: str) -> str:
    """Running text (a cell, a heading, a quote) that shows as written and cannot open any construct."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))


def _longest_backtick_run(lines: list[str]) -> int:
    return max((len(run) for line in lines for run in _BACKTICK_RUN.findall(line)), default=0)


def code_span(text: str) -> str:
    """Inline code in a table cell, delimited by more backticks than it contains so it cannot close early."""
    content = printable(text).replace("|", "\\|")
    fence = "`" * (_longest_backtick_run([content]) + 1)
    if content.startswith("`") or content.endswith("`") or (content.startswith(" ") and content.endswith(" ")):
        content = f" {content} "
    return f"{fence}{content}{fence}"


def fenced(info: str, lines: list[str]) -> list[str]:
    """A code block whose fence is longer than any run of backticks inside, so no line can end it."""
    fence = "`" * max(3, _longest_backtick_run(lines) + 1)
    return [f"{fence}{info}", *lines, fence]


def _row(change: Change, where: str = "") -> str:
    """One change's table row; `where` (already escaped) follows the address: the schemas of a tenant group."""
    notes = [md_text(line) for line in change.detail]
    if change.blocked:
        notes.append(f"**cannot be applied:** {md_text(change.blocked)}")
    notes += [f"⚠️ {md_text(h.code)}: {md_text(h.message)}" for h in change.hazards]
    notes += [f"🔒 {md_text(text)}" for text in dict.fromkeys(k.describe() for s in change.statements for k in s.locks)]
    flag = " **destructive**" if change.destructive else ""
    flag += " **reindex**" if change.needs_reindex else ""
    shown = in_schema_address(change) if change.tenant is not None and where else short_address(change)
    address = f"{code_span(shown)}{where}{flag}"
    return f"| `{change.action.symbol}` | {md_text(change.kind)} | {address} | {'<br>'.join(notes)} |"


def _rows(changes: list[Change]) -> list[str]:
    """A row per change; tenant schemas' changes grouped as in text output (a row per group, schemas named)."""
    rows = [_row(c) for c in changes if c.tenant is None]
    tenants = [c for c in changes if c.tenant is not None]
    everyone = sorted({c.tenant for c in tenants if c.tenant is not None})
    for group in group_tenant_changes(tenants):
        rows.append(_row(group.example, f" {md_text(schemas_phrase(group.schemas, everyone))}"))
    return rows


def _examples(changes: list[Change]) -> list[Change]:
    """The changes whose statements are shown: every change of its own, one per group of tenant changes."""
    return [c for c in changes if c.tenant is None] + [
        g.example for g in group_tenant_changes([c for c in changes if c.tenant is not None])
    ]


GITHUB_COMMENT_LIMIT = 65_000


def _statements(backend: str, group: list[Change]) -> list[str]:
    lines: list[str] = []
    for change in group:
        if change.tenant is not None and change.statements:
            lines.append(f"-- for {printable(change.tenant)}, and the same in every schema of its group")
        for statement in change.statements:
            shown = statement_lines(change.backend, statement.sql.rstrip())
            if backend == "postgres":
                shown[-1] += ";"
            lines += shown
    if not lines:
        return []
    return ["", *fenced("sql" if backend == "postgres" else "text", lines)]


def render_markdown(plan: Plan, *, drift: bool = False, with_statements: bool = True) -> str:
    """The comment; when it would exceed what GitHub accepts, it is rendered again without the statements."""
    title = "reconcile drift" if drift else "reconcile plan"
    lines = [f"### {title}", "", f"**{summary_line(plan, drift=drift)}**", ""]
    for warning in plan.warnings:
        lines.append(f"> ⚠️ {md_text(warning)}")
    lines += [f"> {md_text(unmanaged_line(b, names))}" for b, names in plan.unmanaged.items() if names]
    attention = [c for c in plan.changes if c.destructive or c.blocked or c.needs_reindex]
    if attention:
        lines += ["", "#### Needs attention", "", "| | kind | address | notes |", "|---|---|---|---|"]
        lines += _rows(attention)
    for backend, backend_changes in groupby(plan.changes, key=lambda c: c.backend):
        changes = list(backend_changes)
        title = html.escape(printable(BACKEND_TITLES.get(backend, backend)))
        lines += ["", f"<details><summary>{title}: {len(changes)} change(s)</summary>"]
        for scope, group_iter in groupby(changes, key=lambda c: c.scope):
            group = list(group_iter)
            lines += ["", f"**{md_text(scope)}**", "", "| | kind | address | notes |", "|---|---|---|---|"]
            lines += _rows(group)
            if with_statements:
                lines += _statements(backend, _examples(group))
        lines += ["", "</details>"]
    text = "\n".join(lines) + "\n"
    if with_statements and len(text) > GITHUB_COMMENT_LIMIT:
        shorter = render_markdown(plan, drift=drift, with_statements=False)
        return shorter + "\n_Statements left out to fit a pull request comment; run `reconcile plan` to see them._\n"
    return text
