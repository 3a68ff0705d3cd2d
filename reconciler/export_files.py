"""`reconcile export`: write state files from live systems, to adopt a system that already runs.

Every backend's exporter reads the live system with that backend's own
inspector and returns file texts; this module writes them. A round trip is
the contract: exporting a system and planning against the export gives an
empty plan. Secrets are never written in clear: a value that looks like a
secret becomes a `${env:NAME}` placeholder, listed in a comment at the top of
the file so whoever adopts the export knows which variables to set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reconciler.errors import ReconcileError
from reconciler.render.write_errors import cannot_write
from reconciler.schema import kind_of, schema_comment

# Words that make a name a secret's: anywhere for unmistakable ones, only as the last word for `token` and `key`
# (`max_token_length` and `tokenizer` are analysis settings, `api_token` and `private_key` are secrets).
SECRET_ANYWHERE = {"password", "passwd", "secret", "credential", "credentials", "apikey"}
SECRET_LAST = {"pass", "token", "pwd"}
SECRET_KEY_PAIRS = {"api", "private", "secret", "access", "signing"}


@dataclass(frozen=True)
class ExportOptions:
    """What to export. `state_dir` is where connections are configured (targets.yaml)."""

    state_dir: Path
    prefixes: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)


@dataclass
class ExportedFile:
    """One state file: its path relative to the state directory, its data, and the secrets left out of it."""

    path: Path
    data: dict[str, Any]
    header: list[str] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)  # environment variable -> where the value was found

    @property
    def kind(self) -> str:
        return "seeds" if self.path.parts[0] == "seeds" else self.path.parts[0].removesuffix(".yaml")


Exporter = Callable[[ExportOptions], list[ExportedFile]]


class ExportSkipped(ReconcileError):
    """An exporter cannot run with the options given (an error only when its backend is named in --only)."""


def env_name(*parts: str) -> str:
    """An environment variable name for a secret found at `parts` (`REDIS_AI4I_CONFIG_API_KEY`)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", "_".join(parts)).strip("_").upper()


def looks_secret(name: str) -> bool:
    """True for names like `password_hash`, `api_key`, `ai4i:config:api-token`; false for `tokenizer`."""
    words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", name) if w]
    if not words:
        return False
    if any(word in SECRET_ANYWHERE for word in words) or words[-1] in SECRET_LAST:
        return True
    return len(words) > 1 and words[-1] == "key" and words[-2] in SECRET_KEY_PAIRS


class _Dumper(yaml.SafeDumper):
    """Insertion order kept; short flat mappings and lists on one line, as people write state files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


FLOW_WIDTH = 80
_SCALARS = (str, int, float, bool, type(None))


def _flat(items: list[Any]) -> bool:
    """True when every item is a scalar and the whole fits on one short line."""
    return (
        all(isinstance(v, _SCALARS) and "\n" not in str(v) for v in items)
        and sum(len(str(v)) + 4 for v in items) <= FLOW_WIDTH
    )


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text (function bodies) as a literal block; SQL with single quotes in double quotes."""
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    style = '"' if "'" in value and '"' not in value and "\\" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    flow = bool(value) and _flat([*value.keys(), *value.values()])
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(value) and _flat(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def render_file(exported: ExportedFile, schema_dir: Path, state_dir: Path) -> str:
    lines = []
    kind = kind_of(exported.path)
    if kind is not None:
        lines.append(schema_comment(state_dir / exported.path, schema_dir, kind))
    lines += [f"# {line}" if line else "#" for line in exported.header]
    if exported.secrets:
        lines.append("# Secrets are not exported: set these environment variables before planning or applying:")
        lines += [f"#   {name}: {where}" for name, where in sorted(exported.secrets.items())]
    body = yaml.dump(exported.data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    return "\n".join(lines) + "\n" + body


def write_export(files: list[ExportedFile], out: Path, schema_dir: Path, overwrite: bool) -> list[Path]:
    """Write the files under `out`; refuse to overwrite existing files unless told to."""
    targets = [out / f.path for f in files]
    existing = [str(p) for p in targets if p.exists()]
    if existing and not overwrite:
        raise ReconcileError(
            "export would overwrite existing files (use --force, or --out an empty directory): " + ", ".join(existing)
        )
    for exported, target in zip(files, targets, strict=True):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_file(exported, schema_dir, out), encoding="utf-8")
        except OSError as exc:
            raise cannot_write("the export", target, exc, folder_output=True) from None
    return targets
