"""The merged report of a fleet's shards, for people (text, Markdown) and machines (JSON).

The changes render exactly as one plan's do (tenant changes grouped), under
a heading that says which shards the report covers; an apply adds what was
applied and the failures by tenant. Every value from the files is made
printable (text) or escaped (Markdown): the files are untrusted input.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from reconciler.render.escape import printable
from reconciler.render.markdown import code_span, md_text, render_markdown
from reconciler.render.text import render_text
from reconciler.shard_report import FailureDoc, MergedReport

# Addresses still differing after an apply: this many are named, then a count.
NAMED_REMAINING = 20


def coverage_line(merged: MergedReport) -> str:
    """`4 of 4 shards` / `3 of 4 shards; missing: 2/4` / `one unsharded run`."""
    if merged.count == 1 and all(r.shard is None for r in merged.reports):
        return "one unsharded run"
    line = f"{len(merged.reports)} of {merged.count} shards"
    if merged.missing:
        line += f"; missing (no report, so unknown): {', '.join(merged.missing)}"
    return line


def failure_line(failure: FailureDoc) -> str:
    where = f"{failure.backend} {failure.scope}" + (f" / {failure.tenant}" if failure.tenant else "")
    first = (failure.message.splitlines() or [""])[0]
    return f"{where}: {first}"


def apply_lines(merged: MergedReport) -> list[str]:
    """The apply's outcome across shards, one finding a line (plain text, not yet escaped)."""
    lines = [f"Applied {len(merged.applied)} change(s) across {coverage_line(merged)}."]
    if merged.failures:
        tenants = len({(f.scope, f.tenant) for f in merged.failures})
        lines.append(f"{tenants} tenant schema(s) failed and were rolled back; run the apply again to converge them:")
        lines += [f"  {failure_line(f)}" for f in sorted(merged.failures, key=lambda f: (f.scope, f.tenant or ""))]
    for shard, message in merged.errors:
        lines.append(f"shard {shard} failed: {(message.splitlines() or [''])[0]}")
    if merged.remaining:
        shown = merged.remaining[:NAMED_REMAINING]
        more = len(merged.remaining) - len(shown)
        lines.append(f"Not converged: {len(merged.remaining)} address(es) still differ:")
        lines += [f"  {a}" for a in shown] + ([f"  ... and {more} more"] if more else [])
    if merged.ok:
        lines.append("Converged: every shard matches the state files.")
    return lines


def render_merged_text(merged: MergedReport, console: Console, *, show_sql: bool) -> None:
    console.print(Text(f"reconcile {merged.kind}, merged: {printable(coverage_line(merged))}", style="bold"))
    if merged.kind == "apply":
        for line in apply_lines(merged):
            console.print(Text(printable(line)))
        return
    render_text(merged.plan, console, show_sql=show_sql, drift=merged.kind == "drift")


def render_merged_markdown(merged: MergedReport) -> str:
    head = [f"### reconcile {merged.kind}, merged", "", f"_{md_text(coverage_line(merged))}_", ""]
    if merged.kind != "apply":
        body = render_markdown(merged.plan, drift=merged.kind == "drift")
        return "\n".join(head) + "\n" + body.split("\n", 1)[1]  # its own title replaced by the merged one
    lines = [f"**{md_text(apply_lines(merged)[0])}**", ""]
    if merged.failures:
        lines += ["| database | tenant schema | error |", "|---|---|---|"]
        for f in sorted(merged.failures, key=lambda f: (f.scope, f.tenant or "")):
            message = (f.message.splitlines() or [""])[0]
            lines.append(f"| {code_span(f.scope)} | {code_span(f.tenant or '')} | {md_text(message)} |")
        lines.append("")
    lines += [f"> {md_text(line.strip())}" for line in apply_lines(merged)[1:] if not line.startswith("  ")]
    return "\n".join(head + lines) + "\n"


def merged_json(merged: MergedReport, exit_code: int) -> dict[str, Any]:
    """The merged document: every change and failure, which shards it covers, and the exit code it implies."""
    data: dict[str, Any] = {
        "format_version": merged.plan.format_version,
        "kind": merged.kind,
        "merged": True,
        "shards": merged.count,
        "reports": [{"file": str(r.path), "shard": str(r.shard) if r.shard else None} for r in merged.reports],
        "missing_shards": merged.missing,
        "changes": [c.model_dump(mode="json") for c in merged.plan.changes],
        "summary": merged.plan.summary.model_dump(),
        "warnings": merged.plan.warnings,
    }
    if merged.kind == "apply":
        data |= {
            "applied": merged.applied,
            "failures": [f.model_dump(mode="json") for f in merged.failures],
            "errors": [{"shard": s, "message": m} for s, m in merged.errors],
            "remaining": merged.remaining,
            "converged": merged.ok,
        }
    data["exit_code"] = exit_code
    return data
