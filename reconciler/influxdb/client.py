"""The connection to InfluxDB: settings from the environment, counted calls, errors people can act on.

`RECONCILE_INFLUXDB_URL` (or targets.yaml), `RECONCILE_INFLUXDB_TOKEN` and
optionally `RECONCILE_INFLUXDB_ORG`, `RECONCILE_INFLUXDB_CA_CERTS` and
`RECONCILE_INFLUXDB_VERIFY_SSL=false` (TLS certificates are verified unless
that is said explicitly). Every API call goes through `Influx.call`, which
counts requests (for the benchmark) and turns errors into messages that name
the server, the HTTP status and InfluxDB's own error text, never the token.

The dozen calls reconcile makes (organizations, buckets, authorizations and
/ping of the v2 API) are plain JSON over urllib3, with the bodies and query
parameters the official influxdb-client library sends. That library builds
a class for every type of the whole API when it is imported: 0.22 s of every
`reconcile` process, a quarter of a whole `reconcile drift` of the AI4I
state, for four of its services. The tests still drive the same servers
through the library, independently of this client.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import urllib3
from urllib3.exceptions import HTTPError

from reconciler.errors import ConnectionConfigError, ReconcileError
from reconciler.targets import backend_url, display_url, scrub

NAME = "influxdb"
T = TypeVar("T")


class InfluxApiError(ReconcileError):
    """InfluxDB answered with an error status."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class InfluxSettings:
    url: str
    token: str = field(repr=False)
    org: str | None
    verify_ssl: bool = True
    ca_certs: str | None = None

    @classmethod
    def from_environment(cls, state_dir: Path) -> InfluxSettings | None:
        """The configured connection, or None when no URL is configured."""
        url = backend_url(NAME, state_dir)
        if url is None:
            return None
        token = os.environ.get("RECONCILE_INFLUXDB_TOKEN")
        if not token:
            raise ConnectionConfigError(
                f"InfluxDB at {display_url(url)}: set RECONCILE_INFLUXDB_TOKEN to an API token allowed to read and "
                "write the organization's buckets (an all-access or operator token to create organizations)"
            )
        return cls(
            url=url,
            token=token,
            org=os.environ.get("RECONCILE_INFLUXDB_ORG") or None,
            verify_ssl=os.environ.get("RECONCILE_INFLUXDB_VERIFY_SSL", "true").lower() not in ("false", "0", "no"),
            ca_certs=os.environ.get("RECONCILE_INFLUXDB_CA_CERTS") or None,
        )


# Of an error answer that is not InfluxDB's JSON (a proxy's HTML page), this many characters are shown.
_BODY_SHOWN = 300


def describe_error(status: int, body: bytes, reason: str | None) -> str:
    """InfluxDB's `{"code": ..., "message": ...}` body as one readable line."""
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        parsed = {}
    message = parsed.get("message") if isinstance(parsed, dict) else None
    code = parsed.get("code") if isinstance(parsed, dict) else None
    text = message or body.decode(errors="replace").strip()[:_BODY_SHOWN] or reason or "no details"
    return f"HTTP {status}{f' {code}' if code else ''}: {text}"


Query = dict[str, str | int]


class Influx:
    """The API of one InfluxDB server, with every call counted and its errors translated."""

    def __init__(self, settings: InfluxSettings) -> None:
        self.settings = settings
        self.pool = urllib3.PoolManager(
            timeout=urllib3.Timeout(total=30),
            retries=False,
            cert_reqs="CERT_REQUIRED" if settings.verify_ssl else "CERT_NONE",
            ca_certs=settings.ca_certs,
            headers={
                "Authorization": f"Token {settings.token}",
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": "reconcile",
            },
        )
        self.requests = 0

    def call(
        self,
        what: str,
        method: str,
        path: str,
        read: Callable[[Any], T],
        *,
        query: Query | None = None,
        body: dict[str, Any] | None = None,
    ) -> T:
        """One API request; `what` names it in errors (`list buckets of org ai4i`).

        `read` turns the JSON answer into what the caller wants, inside the error handling: an answer of another
        shape than InfluxDB 2's is a clear error, not a traceback.
        """
        response = self._request(what, method, path, query, body)
        try:
            return read(json.loads(response.data))
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise InfluxApiError(
                f"{self.where} gave an answer InfluxDB 2 would not give while trying to {what} "
                f"({scrub(f'{type(exc).__name__}: {exc}', self.settings.url)}); "
                "is RECONCILE_INFLUXDB_URL an InfluxDB 2 server?",
                None,
            ) from None

    def send(self, what: str, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        """One API request whose answer is only its status (PATCH, DELETE)."""
        self._request(what, method, path, None, body)

    def _request(
        self, what: str, method: str, path: str, query: Query | None, body: dict[str, Any] | None
    ) -> urllib3.BaseHTTPResponse:
        self.requests += 1
        url = self.settings.url.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")
        try:
            response = self.pool.request(method, url, body=None if body is None else json.dumps(body).encode())
        except (HTTPError, OSError) as exc:
            raise ConnectionConfigError(
                f"cannot reach {self.where} (while trying to {what}): {scrub(exc, self.settings.url)}"
            ) from None
        if response.status >= 400:
            raise self._refused(what, response)
        return response

    def _refused(self, what: str, response: urllib3.BaseHTTPResponse) -> InfluxApiError:
        status = response.status
        detail = scrub(describe_error(status, response.data, response.reason), self.settings.url)
        # InfluxDB answers 401 both for a bad token ("unauthorized access") and for a valid token that lacks
        # a permission ("write:orgs is unauthorized"); only the first is the token's fault.
        if status == 401 and detail.endswith(" is unauthorized"):
            return InfluxApiError(
                f"{self.where}: the token is not allowed to {what} ({detail}); "
                "use a token with that permission (an all-access or operator token can create organizations)",
                status,
            )
        if status == 401:
            return InfluxApiError(
                f"{self.where} rejected the token while trying to {what} ({detail}); check RECONCILE_INFLUXDB_TOKEN",
                status,
            )
        if status == 403:
            return InfluxApiError(f"{self.where}: the token is not allowed to {what} ({detail})", status)
        return InfluxApiError(f"{self.where} could not {what}: {detail}", status)

    def check_server(self) -> None:
        """Fail clearly unless the URL serves InfluxDB 2: its /ping answers with an X-Influxdb-Version header.

        Without this, any web server answering 200 would read as an InfluxDB with no organizations, and the plan
        would propose to create everything.
        """
        response = self._request("ping the server", "GET", "/ping", None, None)
        version = response.headers.get("X-Influxdb-Version", "")
        if not version:
            raise ConnectionConfigError(f"{self.where} does not answer /ping like InfluxDB (no X-Influxdb-Version)")
        if version.lstrip("v").startswith("1."):
            raise ConnectionConfigError(f"{self.where} runs InfluxDB {version}; reconcile manages InfluxDB 2 only")

    @property
    def where(self) -> str:
        return f"InfluxDB at {display_url(self.settings.url)}"

    def close(self) -> None:
        self.pool.clear()


def api(*segments: str) -> str:
    """A path of the v2 API, each segment quoted: api("buckets", id) is `/api/v2/buckets/<id>`."""
    return "/api/v2/" + "/".join(quote(segment, safe="") for segment in segments)
