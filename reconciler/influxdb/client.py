"""The connection to InfluxDB: settings from the environment, counted calls, errors people can act on.

`RECONCILE_INFLUXDB_URL` (or targets.yaml), `RECONCILE_INFLUXDB_TOKEN` and
optionally `RECONCILE_INFLUXDB_ORG`, `RECONCILE_INFLUXDB_CA_CERTS` and
`RECONCILE_INFLUXDB_VERIFY_SSL=false` (TLS certificates are verified unless
that is said explicitly). Every API call goes through `Influx.call`, which
counts requests (for the benchmark) and turns the client's exceptions into
messages that name the server, the HTTP status and InfluxDB's own error text,
never the token.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from influxdb_client import InfluxDBClient
from influxdb_client.rest import ApiException
from influxdb_client.service import AuthorizationsService, BucketsService, OrganizationsService, PingService
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


def describe_error(exc: ApiException) -> str:
    """InfluxDB's `{"code": ..., "message": ...}` body as one readable line."""
    body: Any = exc.body
    try:
        parsed = json.loads(body) if body else {}
    except (TypeError, ValueError):
        parsed = {}
    message = parsed.get("message") if isinstance(parsed, dict) else None
    code = parsed.get("code") if isinstance(parsed, dict) else None
    text = message or (body.decode() if isinstance(body, bytes) else body) or exc.reason or "no details"
    return f"HTTP {exc.status}{f' {code}' if code else ''}: {text}"


class Influx:
    """The typed API services of one InfluxDB server, with every call counted and its errors translated."""

    def __init__(self, settings: InfluxSettings) -> None:
        self.settings = settings
        self.client = InfluxDBClient(
            url=settings.url,
            token=settings.token,
            timeout=30_000,
            verify_ssl=settings.verify_ssl,
            ssl_ca_cert=settings.ca_certs,
            retries=False,
        )
        self.buckets = BucketsService(self.client.api_client)
        self.orgs = OrganizationsService(self.client.api_client)
        self.authorizations = AuthorizationsService(self.client.api_client)
        self.requests = 0

    def call(self, what: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call one API operation; `what` names it in errors (`list buckets of org ai4i`)."""
        self.requests += 1
        try:
            return function(*args, **kwargs)
        except ApiException as exc:
            detail = scrub(describe_error(exc), self.settings.url)
            # InfluxDB answers 401 both for a bad token ("unauthorized access") and for a valid token that lacks
            # a permission ("write:orgs is unauthorized"); only the first is the token's fault.
            if exc.status == 401 and detail.endswith(" is unauthorized"):
                raise InfluxApiError(
                    f"{self.where}: the token is not allowed to {what} ({detail}); "
                    "use a token with that permission (an all-access or operator token can create organizations)",
                    exc.status,
                ) from None
            if exc.status == 401:
                raise InfluxApiError(
                    f"{self.where} rejected the token while trying to {what} ({detail}); "
                    "check RECONCILE_INFLUXDB_TOKEN",
                    exc.status,
                ) from None
            if exc.status == 403:
                raise InfluxApiError(
                    f"{self.where}: the token is not allowed to {what} ({detail})", exc.status
                ) from None
            raise InfluxApiError(f"{self.where} could not {what}: {detail}", exc.status) from None
        except (HTTPError, OSError) as exc:
            raise ConnectionConfigError(
                f"cannot reach {self.where} (while trying to {what}): {scrub(exc, self.settings.url)}"
            ) from None
        except (ValueError, TypeError, AttributeError) as exc:
            # The client could not read the answer as the InfluxDB type it expects.
            raise InfluxApiError(
                f"{self.where} gave an answer InfluxDB 2 would not give while trying to {what} "
                f"({scrub(exc, self.settings.url)}); "
                "is RECONCILE_INFLUXDB_URL an InfluxDB 2 server?",
                None,
            ) from None

    def check_server(self) -> None:
        """Fail clearly unless the URL serves InfluxDB 2: its /ping answers with an X-Influxdb-Version header.

        Without this, any web server answering 200 would read as an InfluxDB with no organizations, and the plan
        would propose to create everything.
        """
        ping = PingService(self.client.api_client)
        response = self.call("ping the server", ping.get_ping_with_http_info, _return_http_data_only=False)
        headers = {k.lower(): v for k, v in dict(response[2] or {}).items()}
        version = headers.get("x-influxdb-version", "")
        if not version:
            raise ConnectionConfigError(f"{self.where} does not answer /ping like InfluxDB (no X-Influxdb-Version)")
        if version.lstrip("v").startswith("1."):
            raise ConnectionConfigError(f"{self.where} runs InfluxDB {version}; reconcile manages InfluxDB 2 only")

    @property
    def where(self) -> str:
        return f"InfluxDB at {display_url(self.settings.url)}"

    def close(self) -> None:
        self.client.close()
