"""Where the live systems are: environment variables first, then a targets file.

Connection strings are never hard-coded. `RECONCILE_<BACKEND>_URL` wins; else
`targets.yaml` in the state directory (or the file `RECONCILE_TARGETS` names)
may hold `<backend>: {url: ...}`, where `${env:NAME}` pulls secrets such as
passwords from the environment so they never sit in the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from reconciler.errors import ConnectionConfigError, StateError
from reconciler.state.yaml_source import load_yaml

_ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def expand_env(value: str, where: str) -> str:
    """Replace `${env:NAME}` references; a missing variable is an error naming it."""

    def substitute(match: re.Match[str]) -> str:
        name = match[1]
        if name not in os.environ:
            raise ConnectionConfigError(f"{where}: environment variable {name} is not set")
        return os.environ[name]

    return _ENV_REF.sub(substitute, value)


def targets_file(state_dir: Path) -> Path:
    return Path(os.environ.get("RECONCILE_TARGETS", state_dir / "targets.yaml"))


def backend_url(backend: str, state_dir: Path) -> str | None:
    """The connection URL for a backend, or None when it is not configured."""
    env_name = f"RECONCILE_{backend.upper()}_URL"
    if os.environ.get(env_name):
        return os.environ[env_name]
    path = targets_file(state_dir)
    if not path.is_file():
        return None
    document = load_yaml(path)
    section = document.data.get(backend) if isinstance(document.data, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict) or not isinstance(section.get("url"), str):
        raise StateError([document.source.issue((backend,), "expected a mapping with a string 'url'")])
    return expand_env(section["url"], f"{path}:{document.source.line_for((backend, 'url'))}")
