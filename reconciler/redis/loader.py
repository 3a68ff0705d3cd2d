"""Load state/redis.yaml: validate strictly, expand groups, and build the desired keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconciler.errors import StateError, StateIssue
from reconciler.redis.model import DesiredKey
from reconciler.redis.spec import AclUserSpec, KeySpec, Policy, RedisSpec
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


def _fill(template: Any, values: dict[str, Any]) -> Any:
    """Fill `{placeholders}` in a template key spec (strings anywhere inside it)."""
    if isinstance(template, str):
        return template.format(**values)
    if isinstance(template, dict):
        return {_fill(k, values): _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    return template


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
    issues: list[StateIssue] = []

    def add(key: DesiredKey, where: tuple[str | int, ...]) -> None:
        if key.name in state.keys:
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
                    name = template_name.format(**values)
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
                    issues.append(source.issue(("groups", group_name, "keys", template_name), exc.errors()[0]["msg"]))
                    continue
                if group.ttl and key_spec.ttl is None:
                    key_spec.ttl = group.ttl
                add(_desired(name, key_spec, group.policy or spec.policy, source.line_for(where)), where)
    if issues:
        raise StateError(issues)
    return state
