"""Names, values and statements from state files and saved plans cannot steer what the plan shows.

Every case builds a Change the way a hostile state file or saved plan could shape it, renders it, and
checks the exact line it becomes and that the output has exactly as many lines as an honest plan of the
same shape: no value prints a line of its own, moves the cursor, sets the terminal's title, reorders
text or opens Markdown or HTML.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.cli import error_text
from reconciler.errors import ReconcileError
from reconciler.plan import Plan
from reconciler.render.escape import printable, sql_lines
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_text

# An honest Redis update renders as 7 lines: blank, heading, change, detail, statement, blank, summary.
TEXT_LINES = 7
# The same plan as a Markdown comment: title, summary, one <details> section with a table and a code block.
MARKDOWN_LINES = 18


def hostile_plan(warnings: tuple[str, ...] = (), **fields: Any) -> Plan:
    """A one-change plan; `fields` replace the honest values of a Redis key update."""
    change: dict[str, Any] = {
        "backend": "redis",
        "scope": "db0",
        "address": "redis.db0.key.app:k",
        "kind": "key",
        "action": Action.UPDATE,
        "detail": ["value: 'a' -> 'b'"],
        "statements": [Statement(sql="SET app:k b", phase=10)],
        **fields,
    }
    return Plan(backends=[change["backend"]], changes=[Change.model_validate(change)], warnings=list(warnings))


def rendered_text(plan: Plan, *, color: bool = False) -> str:
    """The plan as `reconcile plan` prints it (the CLI's console options), into a string."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        no_color=not color,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        width=200,
    )
    render_text(plan, console)
    return buffer.getvalue()


def pg(sql: str) -> dict[str, Any]:
    """The fields of a PostgreSQL seed insert whose statement is `sql`."""
    return {
        "backend": "postgres",
        "scope": "db",
        "address": "postgres.db.seed.t[x]",
        "kind": "seed",
        "action": Action.CREATE,
        "detail": [],
        "statements": [Statement(sql=sql, phase=50)],
    }


TEXT_CASES = [
    pytest.param(
        {"address": "redis.db0.key.a\n  - key.b (destructive: needs --allow-destructive)"},
        "  ~ key.a\\n  - key.b (destructive: needs --allow-destructive)",
        TEXT_LINES,
        id="newline-in-name-fakes-a-change",
    ),
    pytest.param(
        {"address": "redis.db0.key.ok\r  ~ key.fake"}, "  ~ key.ok\\r  ~ key.fake", TEXT_LINES, id="carriage-return"
    ),
    pytest.param(
        {"address": "redis.db0.key.a\x1b[2J\x1b[H"}, "  ~ key.a\\x1b[2J\\x1b[H", TEXT_LINES, id="ansi-clear-screen"
    ),
    pytest.param(
        {"address": "redis.db0.key.a\x1b]0;pwned\x07"},
        "  ~ key.a\\x1b]0;pwned\\x07",
        TEXT_LINES,
        id="osc-terminal-title",
    ),
    pytest.param({"address": "redis.db0.key.a\x9b31m"}, "  ~ key.a\\x9b31m", TEXT_LINES, id="c1-csi"),
    pytest.param(
        {"address": "redis.db0.key.\u202eresu_dlo"}, "  ~ key.\\u202eresu_dlo", TEXT_LINES, id="bidi-override"
    ),
    pytest.param(
        {"address": "redis.db0.key.\u2066a\u2069\u202ab\u202c\u202dc"},
        "  ~ key.\\u2066a\\u2069\\u202ab\\u202c\\u202dc",
        TEXT_LINES,
        id="bidi-isolates-and-embeddings",
    ),
    pytest.param(
        {"address": "redis.db0.key.ad\u200bmin\u200c\u200d\u2060\ufeff"},
        "  ~ key.ad\\u200bmin\\u200c\\u200d\\u2060\\ufeff",
        TEXT_LINES,
        id="zero-width",
    ),
    pytest.param(
        {"address": "redis.db0.key.a\u2028b\u2029c\x85d\x0be\x0cf\x1cg"},
        "  ~ key.a\\u2028b\\u2029c\\x85d\\x0be\\x0cf\\x1cg",
        TEXT_LINES,
        id="other-line-breaks",
    ),
    pytest.param(
        {"address": "redis.db0.key.a\tb\x00c\x7fd\x08"},
        "  ~ key.a\\tb\\x00c\\x7fd\\x08",
        TEXT_LINES,
        id="tab-nul-del-backspace",
    ),
    pytest.param(
        {"address": "redis.db0.key.a\ud800"}, "  ~ key.a\\ud800", TEXT_LINES, id="lone-surrogate-from-json-plan"
    ),
    pytest.param({"address": "redis.db0.key.a\U000e0041"}, "  ~ key.a\\U000e0041", TEXT_LINES, id="tag-character"),
    pytest.param(
        {"address": "redis.db0.key.[bold red]x[/] [link=https://evil]y[/link]"},
        "  ~ key.[bold red]x[/] [link=https://evil]y[/link]",
        TEXT_LINES,
        id="rich-markup-in-name",
    ),
    pytest.param(
        {"address": "redis.db0.key.a\\", "destructive": True},
        "  ~ key.a\\ (destructive: needs --allow-destructive)",
        TEXT_LINES,
        id="trailing-backslash-before-flag",
    ),
    pytest.param(
        {"address": "redis.db0.key.app:warning:"}, "  ~ key.app:warning:", TEXT_LINES, id="emoji-code-stays-text"
    ),
    pytest.param(
        {"detail": ["value: 'a' -> 'b\n\nPlan: 0 to add, 0 to change, 0 to destroy.'"]},
        "      value: 'a' -> 'b\\n\\nPlan: 0 to add, 0 to change, 0 to destroy.'",
        TEXT_LINES,
        id="value-fakes-summary",
    ),
    pytest.param(
        {"detail": ["value: '[/]' -> '[bold]loud[/bold]'"]},
        "      value: '[/]' -> '[bold]loud[/bold]'",
        TEXT_LINES,
        id="rich-markup-in-value",
    ),
    pytest.param(
        {"blocked": "no\x1b[8m hidden"}, "      ✗ no\\x1b[8m hidden", TEXT_LINES + 1, id="blocked-reason-conceals"
    ),
    pytest.param(
        {"hazards": [Hazard(code="lock\n", message="takes \u202eKCOL")]},
        "      ! lock\\n: takes \\u202eKCOL",
        TEXT_LINES + 1,
        id="hazard",
    ),
    pytest.param(
        {
            "statements": [
                Statement(sql="SET app:k 'a\n  - key.other (destructive: needs --allow-destructive)'", phase=10)
            ]
        },
        "      SET app:k 'a\\n  - key.other (destructive: needs --allow-destructive)'",
        TEXT_LINES,
        id="redis-value-with-newline-in-command",
    ),
    pytest.param(
        {"scope": "db0\nPlan: 0 to add", "address": "redis.db0\nPlan: 0 to add.key.k"},
        "Redis · db0\\nPlan: 0 to add",
        TEXT_LINES,
        id="scope-in-heading",
    ),
    pytest.param(
        {"backend": "x\x1b[31m", "address": "x\x1b[31m.db0.key.k"},
        "x\\x1b[31m · db0",
        TEXT_LINES,
        id="unknown-backend-from-saved-plan",
    ),
    pytest.param(
        {"warnings": ("kafka: skipped\n  + topic.fake",)},
        "warning: kafka: skipped\\n  + topic.fake",
        TEXT_LINES + 1,
        id="warning",
    ),
    pytest.param(
        pg("INSERT INTO t (v) VALUES ('a\n  - seed.t[b]')"),
        "      INSERT INTO t (v) VALUES ('a\\n  - seed.t[b]')",
        TEXT_LINES - 1,
        id="sql-seed-value-newline",
    ),
    pytest.param(
        pg("CREATE FUNCTION f() RETURNS int\nAS $body$\nSELECT 1\x1b[2J\n$body$"),
        "      SELECT 1\\x1b[2J",
        TEXT_LINES - 1 + 3,
        id="sql-body-keeps-layout-escapes-controls",
    ),
    pytest.param(
        pg('CREATE TABLE "a\nb" ()'), '      CREATE TABLE "a\\nb" ()', TEXT_LINES - 1, id="sql-quoted-identifier"
    ),
    pytest.param(
        pg("INSERT INTO t VALUES (E'it\\'s\nx')"),
        "      INSERT INTO t VALUES (E'it\\'s\\nx')",
        TEXT_LINES - 1,
        id="sql-escape-string",
    ),
    pytest.param(
        pg("INSERT INTO t VALUES ('it''s\nx', 'y')"),
        "      INSERT INTO t VALUES ('it''s\\nx', 'y')",
        TEXT_LINES - 1,
        id="sql-doubled-quote",
    ),
    pytest.param(
        pg("SELECT 1 -- it's\n, 'a\nb'"), "      , 'a\\nb'", TEXT_LINES - 1 + 1, id="sql-quote-in-comment-does-not-flip"
    ),
    pytest.param(
        pg("SELECT $$a\nb$$, 'c\nd'\x1b[1A"),
        "      b$$, 'c\\nd'\\x1b[1A",
        TEXT_LINES - 1 + 1,
        id="sql-dollar-quote-then-literal",
    ),
]


@pytest.mark.parametrize(("fields", "line", "line_count"), TEXT_CASES)
def test_text_shows_hostile_text_escaped_on_its_own_line(fields: dict[str, Any], line: str, line_count: int) -> None:
    fields = dict(fields)
    text = rendered_text(hostile_plan(fields.pop("warnings", ()), **fields))
    lines = text.splitlines()
    assert line in lines, text
    assert len(lines) == line_count, text


SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    "address", ["redis.db0.key.a\x1b[2J\x1b]0;t\x07", "redis.db0.key.[red]x[/]\u202e", "redis.db0.key.a\nb"]
)
def test_in_color_the_only_escape_sequences_are_the_renderers_own_colors(address: str) -> None:
    text = rendered_text(hostile_plan(address=address, destructive=True), color=True)
    assert "\x1b" not in SGR.sub("", text)
    assert len(text.splitlines()) == TEXT_LINES


MARKDOWN_CASES = [
    pytest.param(
        {"address": "redis.db0.key.a`b"},
        "| `~` | key | ``key.a`b`` | value: 'a' -\\> 'b' |",
        MARKDOWN_LINES,
        id="backtick-in-address",
    ),
    pytest.param(
        {"address": "redis.db0.key.x``"},
        "| `~` | key | ``` key.x`` ``` | value: 'a' -\\> 'b' |",
        MARKDOWN_LINES,
        id="address-ends-with-backticks",
    ),
    pytest.param(
        {"address": "redis.db0.key.a|b\n| - | x |"},
        "| `~` | key | `key.a\\|b\\n\\| - \\| x \\|` | value: 'a' -\\> 'b' |",
        MARKDOWN_LINES,
        id="pipe-and-newline-in-address",
    ),
    pytest.param(
        {"detail": ["x | y\n| fake | row |"]},
        "| `~` | key | `key.app:k` | x \\| y\\\\n\\| fake \\| row \\| |",
        MARKDOWN_LINES,
        id="pipe-and-newline-in-value",
    ),
    pytest.param(
        {"detail": ["</details><details open>"]},
        "| `~` | key | `key.app:k` | \\</details\\>\\<details open\\> |",
        MARKDOWN_LINES,
        id="details-tag-in-value",
    ),
    pytest.param(
        {"detail": ["<!-- hide the rest"]},
        "| `~` | key | `key.app:k` | \\<!-- hide the rest |",
        MARKDOWN_LINES,
        id="html-comment-in-value",
    ),
    pytest.param(
        {"detail": ["&#x202e;txt &lt;b&gt;"]},
        "| `~` | key | `key.app:k` | \\&#x202e;txt \\&lt;b\\&gt; |",
        MARKDOWN_LINES,
        id="html-entities",
    ),
    pytest.param(
        {"detail": ["![x](https://e/p.png) [y](https://e) ~~gone~~ **loud**"]},
        "| `~` | key | `key.app:k` | !\\[x\\](https://e/p.png) \\[y\\](https://e) \\~\\~gone\\~\\~ \\*\\*loud\\*\\* |",
        MARKDOWN_LINES,
        id="images-links-strikethrough-emphasis",
    ),
    pytest.param(
        {"detail": ["`code` and \\` escape"]},
        "| `~` | key | `key.app:k` | \\`code\\` and \\\\\\` escape |",
        MARKDOWN_LINES,
        id="backticks-and-backslash-in-value",
    ),
    pytest.param(
        {"statements": [Statement(sql="SET k '```\n</details>'", phase=10)]},
        "````text",
        MARKDOWN_LINES,
        id="fence-in-statement",
    ),
    pytest.param(
        {"statements": [Statement(sql="SET k '```\n</details>\x1b[2J'", phase=10)]},
        "SET k '```\\n</details>\\x1b[2J'",
        MARKDOWN_LINES,
        id="statement-stays-one-line",
    ),
    pytest.param(
        {"backend": "</summary><img src=x>", "address": "</summary><img src=x>.db0.key.k"},
        "<details><summary>&lt;/summary&gt;&lt;img src=x&gt;: 1 change(s)</summary>",
        MARKDOWN_LINES,
        id="backend-title-in-html",
    ),
    pytest.param(
        {"scope": "db0<!--", "address": "redis.db0<!--.key.k"}, "**db0\\<!--**", MARKDOWN_LINES, id="scope-heading"
    ),
    pytest.param(
        {"kind": "key<script>"}, "| `~` | key\\<script\\> | `key.app:k` | value: 'a' -\\> 'b' |", 18, id="kind"
    ),
    pytest.param(
        {"address": "redis.db0.key.a\x1b[2J\u202e"},
        "| `~` | key | `key.a\\x1b[2J\\u202e` | value: 'a' -\\> 'b' |",
        MARKDOWN_LINES,
        id="terminal-codes-in-code-span",
    ),
    pytest.param(
        {"warnings": ("x\n# fake heading\n> quote",)},
        "> ⚠️ x\\\\n# fake heading\\\\n\\> quote",
        MARKDOWN_LINES + 1,
        id="warning",
    ),
    pytest.param(
        pg("INSERT INTO t VALUES ('````\n</details>')"),
        "INSERT INTO t VALUES ('````\\n</details>');",
        MARKDOWN_LINES,
        id="sql-fence-and-value",
    ),
    pytest.param(pg("INSERT INTO t VALUES ('````')"), "`````sql", MARKDOWN_LINES, id="sql-longer-fence"),
]


@pytest.mark.parametrize(("fields", "line", "line_count"), MARKDOWN_CASES)
def test_markdown_keeps_hostile_text_inside_its_cell_and_block(
    fields: dict[str, Any], line: str, line_count: int
) -> None:
    fields = dict(fields)
    text = render_markdown(hostile_plan(fields.pop("warnings", ()), **fields))
    lines = text.splitlines()
    assert line in lines, text
    assert len(lines) == line_count, text


def test_an_honest_plan_has_the_line_counts_the_cases_compare_with() -> None:
    assert len(rendered_text(hostile_plan()).splitlines()) == TEXT_LINES
    markdown = render_markdown(hostile_plan()).splitlines()
    assert len(markdown) == MARKDOWN_LINES
    assert markdown[-5:] == ["```text", "SET app:k b", "```", "", "</details>"]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain: ascii, ünïcödé, 日本語, emoji 🎉", "plain: ascii, ünïcödé, 日本語, emoji 🎉"),
        ("\n\r\t", "\\n\\r\\t"),
        ("\x1b\x9b\x7f", "\\x1b\\x9b\\x7f"),
        (
            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
            "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069",
        ),
        ("\u200b\u200e\u200f\u061c\u00ad", "\\u200b\\u200e\\u200f\\u061c\\xad"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_sql_lines_keep_the_layout_of_code_and_escape_line_breaks_in_values() -> None:
    sql = "CREATE VIEW v AS\nSELECT 'a\nb' AS \"c\nd\"\nFROM t /* it's\nfine */"
    assert sql_lines(sql) == ["CREATE VIEW v AS", "SELECT 'a\\nb' AS \"c\\nd\"", "FROM t /* it's", "fine */"]


def test_error_messages_show_names_escaped_but_keep_their_own_lines() -> None:
    error = ReconcileError("refusing to apply:\n  - key.a\x1b[2J\u202e [bold]x[/]")
    assert error_text(error).plain == "error: refusing to apply:\n  - key.a\\x1b[2J\\u202e [bold]x[/]"


def test_refusal_messages_show_hostile_addresses_on_one_line() -> None:
    """Apply's refusals list addresses one per line; a name cannot add lines of its own to them."""
    from reconciler.backend import ApplyOptions
    from reconciler.changes import Action, Change
    from reconciler.errors import ApplyError
    from reconciler.plan import Plan
    from reconciler.runner import check_applicable

    change = Change(
        backend="postgres",
        scope="db",
        address="postgres.db.table.x\n  + postgres.db.table.harmless\x1b[2K",
        kind="table",
        action=Action.DELETE,
        destructive=True,
    )
    with pytest.raises(ApplyError) as refused:
        check_applicable(Plan(changes=[change]), ApplyOptions())
    lines = str(refused.value).splitlines()
    assert lines[1:] == ["  - postgres.db.table.x\\n  + postgres.db.table.harmless\\x1b[2K"]
