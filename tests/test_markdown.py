"""The pull request comment: destructive changes first, one collapsible section per backend, within GitHub's limit."""

from __future__ import annotations

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.plan import Plan
from reconciler.render.markdown import GITHUB_COMMENT_LIMIT, render_markdown


def change(backend: str, scope: str, name: str, action: Action, sql: str, destructive: bool = False) -> Change:
    return Change(
        backend=backend,
        scope=scope,
        address=f"{backend}.{scope}.{name}",
        kind=name.split(".")[0],
        action=action,
        destructive=destructive,
        hazards=[Hazard(code="data_loss", message="gone")] if destructive else [],
        statements=[Statement(sql=sql, phase=1)],
    )


PLAN = Plan(
    backends=["postgres", "kafka"],
    changes=[
        change("postgres", "auth_db", "table.users", Action.CREATE, "CREATE TABLE users ()"),
        change("postgres", "config_db", "table.flags", Action.DELETE, "DROP TABLE flags", destructive=True),
        change("kafka", "cluster", "topic.events", Action.UPDATE, "IncrementalAlterConfigs events"),
    ],
)


def test_destructive_changes_come_first_then_one_section_per_backend() -> None:
    text = render_markdown(PLAN)
    attention = text.index("#### Needs attention")
    assert attention < text.index("<details>")
    assert text[attention:].index("`table.flags` **destructive**") < text[attention:].index("<details>")
    assert text.count("<details>") == 2
    assert "<details><summary>PostgreSQL: 2 change(s)</summary>" in text
    assert "**auth_db**" in text and "**config_db**" in text
    assert "```sql\nDROP TABLE flags;\n```" in text
    assert "```text\nIncrementalAlterConfigs events\n```" in text


def test_a_huge_plan_leaves_statements_out_to_fit_a_comment() -> None:
    many = [
        change("postgres", "db", f"table.t{i}", Action.CREATE, f"CREATE TABLE t{i} ({'x int, ' * 40}y int)")
        for i in range(400)
    ]
    text = render_markdown(Plan(backends=["postgres"], changes=many))
    assert len(text) <= GITHUB_COMMENT_LIMIT
    assert "CREATE TABLE" not in text and "Statements left out" in text
    assert "`table.t399`" in text
