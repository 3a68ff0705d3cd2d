"""Load state/redis.yaml: validate strictly, expand groups, and build the desired keys."""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconciler.errors import StateError, StateIssue
from reconciler.redis.model import DesiredKey
from reconciler.redis.spec import (
    AclUserSpec,
    KeySpec,
    Policy,
    RedisSpec,
    config_parameter_problem,
    has_control_characters,
    user_name_problem,
)
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, display_path, load_yaml


@dataclass
class RedisState:
    """Everything state/redis.yaml declares, groups expanded."""

    keys: dict[str, DesiredKey] = field(default_factory=dict)
    owned_prefixes: list[str] = field(default_factory=list)
    prune: bool = False
    acl_users: dict[str, AclUserSpec] = field(default_factory=dict)
    prune_acl_users: bool = False
    config: dict[str, str | int | bool] = field(default_factory=dict)
    persist_config: bool = False
    source: SourceMap | None = None

    def owned(self, name: str) -> bool:
        return any(name.startswith(prefix) for prefix in self.owned_prefixes)


def state_file(state_dir: Path) -> Path:
    return state_dir / "redis.yaml"


def redis_string(value: Any) -> str:
    """How a YAML scalar is stored in Redis."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _desired(name: str, spec: KeySpec, policy: Policy, line: int | None) -> DesiredKey:
    key = DesiredKey(
        name=name, type=spec.type, ttl=spec.ttl, policy=spec.policy or policy, exclusive=spec.exclusive, line=line
    )
    if spec.type == "string":
        key.value = redis_string(spec.value)
    elif spec.type == "hash":
        key.fields = {f: redis_string(v) for f, v in (spec.fields or {}).items()}
    elif spec.type == "list":
        key.items = [redis_string(v) for v in spec.items or []]
    elif spec.type == "set":
        key.members = sorted({redis_string(v) for v in spec.members or []})
    else:
        key.scores = {m: float(s) for m, s in (spec.members or {}).items()}  # type: ignore[union-attr]
    return key


def _format(template: str, values: dict[str, Any]) -> str:
    """`template` with its `{name}` placeholders filled.

    Only bare names are allowed: str.format would otherwise follow attributes and indexes (`{service.__class__}`)
    and obey format specs (`{limit:>999999999}` builds a gigabyte string) written by whoever edits the state.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"{template!r}: {exc} (write a literal brace as {{{{ or }}}})") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{template!r}: a placeholder is a plain {{name}} without index, attribute or format")
        if name not in values:
            raise KeyError(name)
    return template.format(**values)


def _fill(template: Any, values: dict[str, Any]) -> Any:
    """Fill `{placeholders}` in a template key spec (strings anywhere inside it)."""
    if isinstance(template, str):
        return _format(template, values)
    if isinstance(template, dict):
        return {_fill(k, values): _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    return template


def _escaped(part: str | int) -> str | int:
    return repr(part)[1:-1] if isinstance(part, str) and has_control_characters(part) else part


def located(source: SourceMap, path: Sequence[str | int], message: str) -> StateIssue:
    """An issue at `path` whose field shows control characters escaped, so a hostile name cannot rewrite the output."""
    issue = source.issue(path, message)
    return dataclasses.replace(issue, field=".".join(str(_escaped(p)) for p in path) or None)


def _name_issues(spec: RedisSpec, source: SourceMap) -> list[StateIssue]:
    """ACL user names and CONFIG parameter names: mapping keys, which the field validators do not see."""
    issues = []
    for name in spec.acl_users:
        problem = user_name_problem(name)
        if problem:
            issues.append(located(source, ("acl_users", name), f"{name!r}: {problem}"))
    for name in spec.config:
        problem = config_parameter_problem(name)
        if problem:
            issues.append(located(source, ("config", name), problem))
    return issues


def load_redis(state_dir: Path) -> RedisState:
    """Parse and validate state/redis.yaml; every problem names file, line and field."""
    path = state_file(state_dir)
    document = load_yaml(path, display_path(path, state_dir))
    spec = validate_document(RedisSpec, document)
    source = document.source
    state = RedisState(
        owned_prefixes=list(spec.owned_prefixes),
        prune=spec.prune,
        acl_users=dict(spec.acl_users),
        prune_acl_users=spec.prune_acl_users,
        config=dict(spec.config),
        persist_config=spec.persist_config,
        source=source,
    )
    issues = _name_issues(spec, source)

    def add(key: DesiredKey, where: tuple[str | int, ...]) -> None:
        if has_control_characters(key.name):
            issues.append(located(source, where, f"key name {key.name!r} holds control characters"))
        elif key.name in state.keys:
            first = state.keys[key.name].line
            issues.append(source.issue(where, f"key {key.name!r} is declared twice (first on line {first})"))
        else:
            state.keys[key.name] = key

    for name, key_spec in spec.keys.items():
        add(_desired(name, key_spec, spec.policy, source.line_for(("keys", name))), ("keys", name))
    for group_name, group in spec.groups.items():
        for index, values in enumerate(group.for_each):
            where = ("groups", group_name, "for_each", index)
            for template_name, template in group.keys.items():
                try:
                    name = _format(template_name, values)
                    filled = _fill(template, values)
                    key_spec = KeySpec.model_validate(filled)
                except KeyError as exc:
                    issues.append(
                        source.issue(
                            ("groups", group_name, "keys", template_name),
                            f"placeholder {exc} is not set by for_each item {index}",
                        )
                    )
                    continue
                except ValidationError as exc:
                    message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
                    issues.append(source.issue(("groups", group_name, "keys", template_name), message))
                    continue
                except ValueError as exc:  # a malformed placeholder (after ValidationError, which subclasses it)
                    issues.append(source.issue(("groups", group_name, "keys", template_name), str(exc)))
                    continue
                if group.ttl and key_spec.ttl is None:
                    key_spec.ttl = group.ttl
                add(_desired(name, key_spec, group.policy or spec.policy, source.line_for(where)), where)
    if issues:
        raise StateError(issues)
    return state
