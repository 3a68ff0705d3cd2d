"""The connection to Elasticsearch: the REST calls reconcile makes, as JSON over urllib3.

`RECONCILE_ELASTICSEARCH_URL` (or targets.yaml) names the server, with its
port (`https://search.internal:9200`) and optionally a path prefix and
`user:password@`; `RECONCILE_ELASTICSEARCH_API_KEY`, or
`RECONCILE_ELASTICSEARCH_USERNAME` and `RECONCILE_ELASTICSEARCH_PASSWORD`,
authenticate; `RECONCILE_ELASTICSEARCH_CA_CERTS` names the CA bundle that
signs its certificate (the system's trust store otherwise).

The official elasticsearch client builds its whole API (every namespace,
sync and async) when it is imported: about 0.1 s of every `reconcile`
process, for a dozen endpoints. This client sends the same requests, counts
them, never retries or follows redirects, and turns every answer that is not
Elasticsearch's into an error that names the call, with no credential in it.
The tests keep checking the servers through the official client.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any
from urllib.parse import quote, unquote, urlencode

import urllib3
from urllib3.exceptions import HTTPError, LocationParseError

from reconciler.errors import ConnectionConfigError
from reconciler.targets import display_url, scrub

# Of an error answer that is not Elasticsearch's JSON (a proxy's page), this many characters are shown.
_BODY_SHOWN = 300

Query = dict[str, str | bool]


class EsApiError(Exception):
    """Elasticsearch answered with an error status; `kind` is its error type (`resource_already_exists_exception`)."""

    def __init__(self, status: int, kind: str, reason: str) -> None:
        super().__init__(f"HTTP {status} {kind}: {reason}" if kind else f"HTTP {status}: {reason}")
        self.status = status
        self.kind = kind


class EsUnreachable(Exception):
    """No answer: the connection failed, timed out or broke."""


def _error(status: int, data: bytes) -> EsApiError:
    """Elasticsearch's `{"error": {"type": ..., "reason": ...}}` (or `{"error": "text"}`) as an exception."""
    try:
        body = json.loads(data)
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return EsApiError(status, str(error.get("type") or ""), str(error.get("reason") or "no reason given"))
    if isinstance(error, str):
        return EsApiError(status, "", error)
    return EsApiError(status, "", data.decode(errors="replace").strip()[:_BODY_SHOWN] or "no details")


def _index_path(index: str | list[str]) -> str:
    """One index, or several comma-joined, as a path segment (wildcards stay wildcards)."""
    return quote(index if isinstance(index, str) else ",".join(index), safe=",*")


class Elastic:
    """One Elasticsearch server; every request counted in `requests`."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parsed = urllib3.util.parse_url(url)
        except LocationParseError:
            parsed = None
        port = parsed.port or (443 if parsed.scheme == "https" else None) if parsed else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host or port is None:
            raise ConnectionConfigError(
                f"RECONCILE_ELASTICSEARCH_URL ({display_url(url)}) is not a URL reconcile can use: it needs a scheme "
                "(http or https), a host and a port, for example https://search.internal:9200"
            )
        self.base = f"{parsed.scheme}://{parsed.host}:{port}{(parsed.path or '').rstrip('/')}"  # IPv6 in []
        headers = {"Accept": "application/json", "Content-Type": "application/json", "User-Agent": "reconcile"}
        if os.environ.get("RECONCILE_ELASTICSEARCH_API_KEY"):
            headers["Authorization"] = f"ApiKey {os.environ['RECONCILE_ELASTICSEARCH_API_KEY']}"
        elif os.environ.get("RECONCILE_ELASTICSEARCH_USERNAME"):
            headers["Authorization"] = _basic(
                os.environ["RECONCILE_ELASTICSEARCH_USERNAME"], os.environ.get("RECONCILE_ELASTICSEARCH_PASSWORD", "")
            )
        elif parsed.auth:
            user, _, password = parsed.auth.partition(":")
            headers["Authorization"] = _basic(unquote(user), unquote(password))
        self.pool = urllib3.PoolManager(
            timeout=urllib3.Timeout(total=30),
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("RECONCILE_ELASTICSEARCH_CA_CERTS") or None,
            headers=headers,
        )
        self.requests = 0

    def request(self, method: str, path: str, query: Query | None = None, body: Any = None) -> Any:
        """The JSON answer of one request (None when it has no body); EsApiError or EsUnreachable otherwise."""
        response = self._send(method, path, query, body)
        if not response.data:
            return None
        try:
            return json.loads(response.data)
        except ValueError:
            shown = "the answer is not JSON: is this URL an Elasticsearch server?"
            raise EsApiError(response.status, "", shown) from None

    def _send(self, method: str, path: str, query: Query | None, body: Any) -> urllib3.BaseHTTPResponse:
        if not path.startswith("/"):  # the base URL's host must stay the host: `@elsewhere/x` would move it
            raise EsApiError(0, "", f"refused to send a request to {path[:80]!r}: a path starts with /")
        self.requests += 1
        params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in (query or {}).items()}
        url = self.base + path + (f"?{urlencode(params)}" if params else "")
        try:
            response = self.pool.request(method, url, body=None if body is None else json.dumps(body).encode())
        except (HTTPError, OSError) as exc:
            raise EsUnreachable(scrub(exc, self.url)) from None
        if response.status >= 400:
            raise _error(response.status, response.data)
        return response

    def check_server(self) -> None:
        """Fail clearly unless the URL serves Elasticsearch: `GET /` answers with `X-Elastic-Product`."""
        try:
            response = self._send("GET", "/", None, None)
        except (EsApiError, EsUnreachable) as exc:
            raise ConnectionConfigError(
                f"cannot reach Elasticsearch at {display_url(self.url)}: {scrub(exc, self.url)}"
            ) from None
        if response.headers.get("X-Elastic-Product") != "Elasticsearch":
            raise ConnectionConfigError(
                f"{display_url(self.url)} does not answer like Elasticsearch (no `X-Elastic-Product: Elasticsearch` "
                "header, which Elasticsearch sends from 7.14 on)"
            )

    # The calls of the inspector, the exporter and the executor, by the API's names.

    def get_indices(self, index: list[str]) -> Any:
        """Settings (flat), mappings and aliases of the named indices and patterns, open or closed."""
        query: Query = {
            "ignore_unavailable": True,
            "allow_no_indices": True,
            "flat_settings": True,
            "expand_wildcards": "open,closed",
        }
        return self.request("GET", f"/{_index_path(index)}", query)

    def index_names(self) -> Any:
        return self.request("GET", "/_cat/indices", {"format": "json", "h": "index", "expand_wildcards": "open,closed"})

    def count(self, index: str) -> int:
        return int(self.request("GET", f"/{_index_path(index)}/_count")["count"])

    def close_index(self, index: str) -> None:
        self.request("POST", f"/{_index_path(index)}/_close")

    def open_index(self, index: str) -> None:
        self.request("POST", f"/{_index_path(index)}/_open")

    def put_settings(self, index: str, settings: dict[str, Any]) -> None:
        self.request("PUT", f"/{_index_path(index)}/_settings", body=settings)

    def create_index(self, index: str, body: dict[str, Any]) -> None:
        self.request("PUT", f"/{_index_path(index)}", body=body)

    def delete_index(self, index: str) -> None:
        self.request("DELETE", f"/{_index_path(index)}")

    def refresh(self, indices: list[str]) -> None:
        self.request("POST", f"/{_index_path(indices)}/_refresh")

    def reindex(self, source: str, target: str) -> None:
        body = {"source": {"index": source}, "dest": {"index": target}}
        self.request("POST", "/_reindex", {"wait_for_completion": True, "refresh": True}, body)

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self.request("POST", "/_aliases", body={"actions": actions})

    def close(self) -> None:
        self.pool.clear()


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
