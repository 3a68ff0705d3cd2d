"""Declared keys against live keys: a pure function returning Changes with Redis commands.

- A missing key is created; create_only keys are created with NX variants
  (SET NX, HSETNX) so a value the platform wrote meanwhile is never reset.
- A managed key whose content differs is rewritten; hashes change only the
  declared fields unless `exclusive`, whose extra fields are deleted
  (destructive). A SET keeps the key's TTL (KEEPTTL) unless the TTL changes.
- A type change is a destructive replace (DEL, then create).
- Undeclared keys under owned prefixes are deleted only with `prune`
  (destructive). Nothing outside owned prefixes is ever touched.
"""

from __future__ import annotations

import shlex

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.redis.loader import RedisState
from reconciler.redis.model import DesiredKey, RedisKey

BACKEND = "redis"
DATA_LOSS = Hazard(code="data_loss", message="the key's current content is lost")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown_word(word: str) -> str:
    """One command word as the plan shows it: shell-quoted, or, when it holds characters a terminal would act on
    (newlines, escape sequences), double-quoted with those escaped as redis-cli reads them, so a value can never
    print a line of its own in the plan."""
    if word.isprintable():
        return shlex.quote(word)
    escaped = "".join(
        _ESCAPES.get(c) or (c if c.isprintable() else "".join(f"\\x{b:02x}" for b in c.encode())) for c in word
    )
    return f'"{escaped}"'


def shown_command(words: list[str]) -> str:
    return " ".join(shown_word(w) for w in words)


def command(*args: str | int | float) -> Statement:
    words = [str(a) for a in args]
    return Statement(sql=shown_command(words), phase=10, args=words)


def _expiry(key: DesiredKey) -> list[Statement]:
    return [command("EXPIRE", key.name, key.ttl)] if key.ttl else []


def create_commands(key: DesiredKey) -> list[Statement]:
    """Commands that create `key` (NX variants for create_only)."""
    nx = key.policy == "create_only"
    if key.type == "string":
        args: list[str | int] = ["SET", key.name, key.value or ""]
        if key.ttl:
            args += ["EX", key.ttl]
        return [command(*args, *(["NX"] if nx else []))]
    if key.type == "hash":
        fields = key.fields or {}
        if nx:
            statements = [command("HSETNX", key.name, f, v) for f, v in fields.items()]
        else:
            statements = [command("HSET", key.name, *[x for pair in fields.items() for x in pair])]
        return statements + _expiry(key)
    rewrite = [command("DEL", key.name)] if not nx else []
    if key.type == "list":
        body = [command("RPUSH", key.name, *(key.items or []))]
    elif key.type == "set":
        body = [command("SADD", key.name, *(key.members or []))]
    else:
        pairs = [x for member, score in (key.scores or {}).items() for x in (score, member)]
        body = [command("ZADD", key.name, *(["NX"] if nx else []), *pairs)]
    return rewrite + body + _expiry(key)


def _ttl_commands(want: DesiredKey, have: RedisKey) -> tuple[list[Statement], list[str]]:
    if want.ttl is None and have.ttl is not None:
        return [command("PERSIST", want.name)], [f"ttl: {have.ttl}s -> none"]
    if want.ttl is not None and (have.ttl is None or have.ttl > want.ttl):
        shown = "none" if have.ttl is None else f"{have.ttl}s"
        return [command("EXPIRE", want.name, want.ttl)], [f"ttl: {shown} -> {want.ttl}s"]
    return [], []


def _update(want: DesiredKey, have: RedisKey) -> tuple[list[Statement], list[str], bool]:
    """Commands and detail lines that make `have` match `want` (same type); and whether data is dropped."""
    statements: list[Statement] = []
    detail: list[str] = []
    destructive = False
    if want.type == "string" and want.value != have.value:
        statements.append(command("SET", want.name, want.value or "", "KEEPTTL"))
        detail.append(f"value: {have.value!r} -> {want.value!r}")
    elif want.type == "hash":
        live = have.fields or {}
        changed = {f: v for f, v in (want.fields or {}).items() if live.get(f) != v}
        if changed:
            statements.append(command("HSET", want.name, *[x for pair in changed.items() for x in pair]))
            detail += [f"field {f}: {live.get(f)!r} -> {v!r}" for f, v in changed.items()]
        extra = sorted(set(live) - set(want.fields or {})) if want.exclusive else []
        if extra:
            statements.append(command("HDEL", want.name, *extra))
            detail.append(f"delete fields not declared (exclusive): {', '.join(extra)}")
            destructive = True
    elif want.content() != have.content():
        # Lists, sets and sorted sets are rewritten whole (DEL, then fill, then the declared TTL).
        detail.append(f"{want.type}: {have.content()!r} -> {want.content()!r}")
        return create_commands(want), detail, destructive
    ttl_statements, ttl_detail = _ttl_commands(want, have)
    return statements + ttl_statements, detail + ttl_detail, destructive


def diff_redis(state: RedisState, live: dict[str, RedisKey], scope: str) -> list[Change]:
    """Changes that make the live keys match the state."""
    changes: list[Change] = []

    def change(
        name: str,
        action: Action,
        before: RedisKey | None,
        after: DesiredKey | None,
        statements: list[Statement],
        **extra: object,
    ) -> None:
        changes.append(
            Change(
                backend=BACKEND,
                scope=scope,
                address=f"{BACKEND}.{scope}.key.{name}",
                kind="key",
                action=action,
                before=before.model_dump(exclude_none=True) if before else None,
                after=after.model_dump(exclude_none=True, exclude={"line"}) if after else None,
                statements=statements,
                **extra,
            )
        )

    for name, want in state.keys.items():
        have = live.get(name)
        if have is None:
            detail = [f"{want.type} {want.content()!r}" + (f", ttl {want.ttl}s" if want.ttl else "")]
            if want.policy == "create_only":
                detail.append("create_only: set while missing, never reset")
            change(name, Action.CREATE, None, want, create_commands(want), detail=detail)
        elif want.policy == "create_only":
            continue
        elif have.type != want.type:
            statements = [command("DEL", name), *create_commands(want)]
            change(
                name,
                Action.REPLACE,
                have,
                want,
                statements,
                destructive=True,
                hazards=[DATA_LOSS],
                detail=[f"type: {have.type} -> {want.type}"],
            )
        else:
            statements, detail, destructive = _update(want, have)
            if statements:
                change(
                    name,
                    Action.UPDATE,
                    have,
                    want,
                    statements,
                    detail=detail,
                    destructive=destructive,
                    hazards=[DATA_LOSS] if destructive else [],
                )
    if state.prune:
        for name, have in sorted(live.items()):
            if name not in state.keys and state.owned(name):
                change(
                    name,
                    Action.DELETE,
                    have,
                    None,
                    [command("DEL", name)],
                    destructive=True,
                    hazards=[DATA_LOSS],
                    detail=["not declared under an owned prefix (prune: true)"],
                )
    return changes
