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
from urllib.parse import quote, unquote

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


def backend_url(backend: str, state_dir: Path, key: str = "url") -> str | None:
    """A connection URL for a backend (`key` names which, e.g. PostgreSQL's `scratch_url`), or None when unset.

    `RECONCILE_<BACKEND>_<KEY>` wins over `<backend>: {<key>: ...}` in the targets file.
    """
    env_name = f"RECONCILE_{backend.upper()}_{key.upper()}"
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
    if key not in section:
        return None
    if not isinstance(section[key], str):
        raise StateError([document.source.issue((backend, key), f"expected a string {key!r}")])
    return expand_env(section[key], f"{path}:{document.source.line_for((backend, key))}")


# Environment variables whose values are secrets: never printed, even inside a client library's error text.
SECRET_VARIABLES = (
    "RECONCILE_KAFKA_SASL_PASSWORD",
    "RECONCILE_ELASTICSEARCH_PASSWORD",
    "RECONCILE_ELASTICSEARCH_API_KEY",
    "RECONCILE_INFLUXDB_TOKEN",
    "RECONCILE_REDIS_PASSWORD",
    "PGPASSWORD",
)
# A literal secret shorter than this is not searched for in text: replacing "pw" everywhere would garble messages
# more than it protects (the URL patterns below still remove it from any URL).
_MIN_SECRET_LENGTH = 4
_REDACTED = "***"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^\s/@'\"<>]*@")
_SECRET_PARAMETER = re.compile(
    r"(?P<name>[?&;][A-Za-z0-9_.-]*(?:token|password|passwd|pwd|secret|api[_-]?key|apikey|auth|signature|sig|"
    r"credential|key)[A-Za-z0-9_.-]*=)[^&#\s'\"<>]*",
    re.IGNORECASE,
)


def _display_one(address: str) -> str:
    scheme = _SCHEME.match(address)
    prefix = scheme[0] if scheme else ""
    rest = address[len(prefix) :]
    rest = rest.rsplit("@", 1)[-1]  # a password may hold '/', '?' or '#': cut at the last '@' first
    for separator in ("?", "#"):
        rest = rest.split(separator, 1)[0]
    return prefix + rest


def display_url(url: str) -> str:
    """A connection URL (or a comma-separated Kafka bootstrap list) as messages show it.

    User name, password, query and fragment are dropped, with or without a
    scheme (`elastic:pw@host:9200` too, which urlsplit would read as a scheme
    named `elastic`).
    """
    return ",".join(_display_one(part.strip()) for part in url.split(","))


def url_credentials(url: str) -> list[str]:
    """The secrets a connection URL carries: its user information, its password, and its query values."""
    found: list[str] = []
    for part in url.split(","):
        rest = part.strip()
        scheme = _SCHEME.match(rest)
        rest = rest[scheme.end() :] if scheme else rest
        if "@" in rest:
            userinfo = rest.rsplit("@", 1)[0]
            found += [userinfo, userinfo.split(":", 1)[-1]]
            rest = rest.rsplit("@", 1)[1]
        if "?" in rest:
            query = rest.split("?", 1)[1].split("#", 1)[0]
            found += [pair.split("=", 1)[1] for pair in re.split(r"[&;]", query) if "=" in pair]
    return [secret for secret in found if secret]


def has_userinfo(url: str) -> bool:
    """Whether any address of a connection URL (or bootstrap list) carries `user:password@`."""
    return any("@" in part for part in url.split(","))


def scrub(text: object, *urls: str | None) -> str:
    """`text` (often a client library's exception) with every credential removed.

    Removes the user information and token-like query parameters of any URL
    in the text, the literal secrets of the connection URLs given, and the
    values of the secret environment variables: client exceptions embed URLs
    and sometimes request headers, and none of that may reach the terminal
    or CI logs.
    """
    result = str(text)
    secrets = [secret for url in urls if url for secret in url_credentials(url)]
    secrets += [os.environ[name] for name in SECRET_VARIABLES if os.environ.get(name)]
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= _MIN_SECRET_LENGTH:
            for form in {secret, quote(secret, safe=""), unquote(secret)}:
                result = result.replace(form, _REDACTED)
    result = _URL_USERINFO.sub(lambda match: f"{match['scheme']}{_REDACTED}@", result)
    return _SECRET_PARAMETER.sub(lambda match: f"{match['name']}{_REDACTED}", result)
