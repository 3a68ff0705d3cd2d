"""An in-memory emulator of the InfluxDB OSS 2.7 HTTP API, for the test suite and `make demo`.

Why it exists: no InfluxDB 2 server can be installed on the machines that run this suite (no package, no Docker),
yet the InfluxDB backend of `reconcile` must be tested against the real `influxdb_client` library. This module
serves the part of the `/api/v2` API that the backend uses, so the library talks to it exactly as to a server.

What it covers: `GET/HEAD /ping`, `GET /health`, `GET/POST /api/v2/setup` (onboarding, which also creates the
`_tasks` and `_monitoring` system buckets), `GET/POST /api/v2/orgs`, `GET/PATCH /api/v2/orgs/{id}`, the bucket CRUD
(`/api/v2/buckets`, paging with `limit`/`offset`/`after`), the authorization CRUD (`/api/v2/authorizations`), token
authentication and permission checks, `POST /api/v2/write` (line protocol, optionally gzip) and a tiny
`POST /api/v2/query` that answers `from(bucket: "B") |> range(start: T[, stop: T])` with an optional `|> count()`
in annotated CSV.

Which contract it follows: the published v2 OpenAPI contract (influxdata/openapi, `contracts/oss.yml`, built from
`src/common/paths/*.yml` and `src/common/schemas/*.yml`) for paths, parameters, bodies and status codes. Where the
contract is silent (messages, orderings, defaults) it follows the InfluxDB 2.7 server source: `tenant/` (buckets,
orgs, onboarding), `authorizer/` (permission checks), `http/write_handler.go`, `kit/transport/http/` (error bodies)
and `v1/services/meta/data.go` (retention and shard-group rules).

Deliberate differences from a real 2.7 server:
- A retention period between 1s and 1h, or a shard-group duration longer than the retention period, at bucket
  creation answers 400 {"code": "invalid"} with the server's message; the real server answers 500 "internal error"
  for these (the storage engine's plain error escapes), which the contract does not document for POST /buckets.
  A too-short retention in PATCH and onboarding gets the same 400. Onboarding validates before creating anything.
- Malformed JSON bodies always answer 400 "invalid" (the server answers 500 for a malformed onboarding body).
- Refusing to delete a system bucket leaves its points alone (the server drops the data first, then refuses).
- Field-type conflicts are checked per bucket, not per shard; `descending=true` simply reverses the order.
- Flux durations `mo` and `y` are taken as 30 and 365 days.

Not implemented: users, labels, members/owners, tasks, dashboards, secrets, DBRP/v1 endpoints, DELETE of
orgs, `/api/v2/delete`, retention enforcement (expired points are kept), session (cookie) auth, any Flux beyond the
shape above, query dialect options (the answer is always annotated CSV with datatype/group/default rows).

Run it with `python -m devtools.influx_emulator --host 127.0.0.1 --port 8086 [--ready-file PATH]` (stops on
SIGTERM/SIGINT), or in-process with `InfluxEmulator(port=0).start()` ... `.stop()`.
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import io
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

VERSION = "v2.7.12"
HOUR, DAY = 3600, 86400
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# authz.go AllResourceTypes
RESOURCE_TYPES = """authorizations buckets dashboards orgs sources tasks telegrafs users variables scrapers secrets
labels views documents notificationRules notificationEndpoints checks dbrp notebooks annotations remotes replications
instance""".split()  # noqa: SIM905
# kit/transport/http/error_handler.go: influxDBErrorToStatusCode
STATUS_BY_CODE = {
    "internal error": 500, "not implemented": 501, "invalid": 400, "unprocessable entity": 422, "empty value": 400,
    "conflict": 422, "not found": 404, "unavailable": 503, "forbidden": 403, "too many requests": 429,
    "unauthorized": 401, "method not allowed": 405, "request too large": 413,
}  # fmt: skip
FIELD_TYPE_NAMES = {"double": "float", "long": "integer", "unsignedLong": "unsigned", "string": "string",
                    "boolean": "boolean"}  # fmt: skip
PRECISION_NS = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}
TOO_SHORT = "retention policy duration must be at least 1h0m0s"
SHARD_TOO_LONG = "shard-group duration must also be updated to be smaller than new retention duration"


class ApiError(Exception):
    """An error answered as the contract's Error schema; the HTTP status follows from the code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    @property
    def status(self) -> int:
        return STATUS_BY_CODE.get(self.code, 500)


def now() -> datetime:
    return datetime.now(UTC)


def rfc3339(value: datetime | int) -> str:
    """Go's RFC3339Nano: UTC, trailing zeros of the fraction trimmed. Accepts a datetime or Unix nanoseconds."""
    if isinstance(value, datetime):
        secs, nanos = value, value.microsecond * 1000
    else:
        whole, nanos = divmod(value, 1_000_000_000)
        secs = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=whole)
    frac = f"{nanos:09d}".rstrip("0")
    return secs.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def parse_id(text: str) -> str:
    """platform.IDFromString: 16 hex digits, not zero."""
    if len(text) != 16:
        raise ApiError("invalid", "id must have a length of 16 bytes")
    if not re.fullmatch(r"[0-9a-fA-F]{16}", text) or int(text, 16) == 0:
        raise ApiError("invalid", "invalid ID")
    return text.lower()


def shard_for(retention: int) -> int:
    """v1/services/meta: the default shard-group duration for a retention period (seconds; 0 is infinite)."""
    if retention == 0 or retention >= 180 * DAY:
        return 7 * DAY
    return DAY if retention >= 2 * DAY else HOUR


def normalized_shard(shard: int, retention: int) -> int:
    """meta.NormalisedShardDuration."""
    if shard == 0:
        return shard_for(retention)
    return shard_for(HOUR) if shard < HOUR else shard


# --------------------------------------------------------------------------------------------------- the model


@dataclass
class Org:
    id: str
    name: str
    description: str
    created: datetime
    updated: datetime
    members: set[str] = field(default_factory=set)


@dataclass
class Bucket:
    id: str
    org_id: str
    name: str
    description: str
    type: str  # "user" or "system"
    retention: int  # seconds, 0 is infinite
    shard: int  # the storage engine's (normalised) shard-group duration, seconds
    reported_shard: int  # what the tenant store reports: PATCH stores the request's value as given
    rp: str
    created: datetime
    updated: datetime


@dataclass(frozen=True)
class Perm:
    action: str
    type: str
    id: str | None = None
    org_id: str | None = None

    def __str__(self) -> str:  # influxdb.Permission.String
        if self.org_id and self.id:
            return f"{self.action}:orgs/{self.org_id}/{self.type}/{self.id}"
        if self.org_id:
            return f"{self.action}:orgs/{self.org_id}/{self.type}"
        return f"{self.action}:{self.type}/{self.id}" if self.id else f"{self.action}:{self.type}"

    def grants(self, wanted: Perm) -> bool:  # influxdb.Permission.Matches (self is the granted permission)
        if self.action != wanted.action:
            return False
        if self.type == "instance":
            return True
        if self.type != wanted.type:
            return False
        if self.org_id is None and self.id is None:
            return True
        if self.org_id is not None and self.id is None and wanted.org_id == self.org_id:
            return True
        return self.id is not None and wanted.id == self.id


@dataclass
class Auth:
    id: str
    token: str
    status: str
    description: str
    org_id: str
    user_id: str
    permissions: list[Perm]
    created: datetime
    updated: datetime


FieldValue = tuple[str, Any]  # (Flux datatype, value)
SeriesKey = tuple[str, tuple[tuple[str, str], ...], str]  # measurement, sorted tags, field


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    auth: Auth | None = None

    def arg(self, name: str) -> str | None:
        return self.query.get(name) or None

    def json(self, error_prefix: str = "failed to unmarshal json") -> dict[str, Any]:
        try:
            value = json.loads(self.body or b"null")
        except ValueError as exc:
            raise ApiError("invalid", f"{error_prefix}: {exc}") from None
        if not isinstance(value, dict):
            raise ApiError("invalid", f"{error_prefix}: the body must be a JSON object")
        return value

    @property
    def caller(self) -> Auth:
        assert self.auth is not None, "route requires authentication"
        return self.auth


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: Any) -> Response:
    return Response(status, json.dumps(payload, indent="\t").encode() + b"\n", "application/json; charset=utf-8")


def error_response(err: ApiError) -> Response:
    body = json.dumps({"code": err.code, "message": err.message}).encode()
    return Response(err.status, body, "application/json; charset=utf-8", {"X-Platform-Error-Code": err.code})


def typed(body: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    """body[key] if present and of the right JSON type (None if absent or null); else the unmarshal error."""
    value = body.get(key)
    if value is None or (isinstance(value, kind) and not (isinstance(value, bool) and kind is int)):
        return value
    raise ApiError("invalid", f"failed to unmarshal json: {where}{key} has the wrong type")


@dataclass
class FindOptions:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after: str | None = None
    descending: bool = False

    @staticmethod
    def parse(req: Request) -> FindOptions:  # influxdb.DecodeFindOptions
        opts = FindOptions()
        if (offset := req.arg("offset")) is not None:
            if not re.fullmatch(r"[+-]?\d+", offset):
                raise ApiError("invalid", "offset is invalid")
            opts.offset = max(int(offset), 0)
        if (after := req.arg("after")) is not None:
            try:
                opts.after = parse_id(after)
            except ApiError as exc:
                raise ApiError("invalid", f"decoding after: {exc.message}") from None
        if (limit := req.arg("limit")) is not None:
            if not re.fullmatch(r"[+-]?\d+", limit):
                raise ApiError("invalid", "limit is invalid")
            if not 1 <= int(limit) <= MAX_LIMIT:
                raise ApiError("invalid", f"limit must be between 1 and {MAX_LIMIT}")
            opts.limit = int(limit)
        if (desc := req.arg("descending")) is not None:
            if desc not in ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"):
                raise ApiError("invalid", "descending is invalid")
            opts.descending = desc in ("1", "t", "T", "TRUE", "true", "True")
        return opts

    def links(self, base: str, filters: dict[str, str | None], count: int) -> dict[str, str]:
        """influxdb.NewPagingLinks: `next` only when the page is full, as an offset link."""
        values = {k: v for k, v in filters.items() if v}
        values.update(descending=str(self.descending).lower(), offset=str(self.offset), limit=str(self.limit))
        if self.after:
            values["after"] = self.after

        def url(**changes: str) -> str:
            return f"{base}?{urlencode(sorted({**values, **changes}.items()))}"

        links = {"self": url()}
        if count >= self.limit:
            links["next"] = url(offset=str(self.offset + self.limit))
        if self.offset > 0:
            links["prev"] = url(offset=str(max(self.offset - self.limit, 0)))
        return links


# -------------------------------------------------------------------------------------------- line protocol


class LineError(Exception):
    pass


def _scan(text: str, start: int, stops: str, quotes: bool) -> int:
    """Index of the first unescaped character of `stops` at or after `start` (outside quotes if `quotes`)."""
    i, quoted = start, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if quotes and char == '"':
            quoted = not quoted
        elif not quoted and char in stops:
            return i
        i += 1
    if quoted:
        raise LineError("unbalanced quotes")
    return len(text)


def split_lines(text: str) -> list[str]:
    """models.scanLine: a newline inside a quoted string field value does not end the line."""
    lines, start, i, quoted, in_fields, equals, commas = [], 0, 0, False, False, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 2 < len(text):
            i += 2
            continue
        in_fields = in_fields or char == " "
        if in_fields and not quoted and char in "=,":
            equals, commas = equals + (char == "="), commas + (char == ",")
        elif in_fields and char == '"' and equals > commas:
            quoted = not quoted
        elif char == "\n" and not quoted:
            lines.append(text[start:i])
            start, in_fields, equals, commas = i + 1, False, 0, 0
        i += 1
    return [*lines, text[start:]]


def _split(text: str, sep: str, quotes: bool) -> list[str]:
    parts, start = [], 0
    while True:
        end = _scan(text, start, sep, quotes)
        parts.append(text[start:end])
        if end >= len(text):
            return parts
        start = end + 1


def _unescape(text: str, chars: str) -> str:
    return re.sub(r"\\([" + re.escape(chars) + "])", r"\1", text)


def _field_value(raw: str) -> FieldValue:
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise LineError("unbalanced quotes")
        return "string", re.sub(r'\\(["\\])', r"\1", raw[1:-1])
    if raw in ("t", "T", "true", "True", "TRUE"):
        return "boolean", True
    if raw in ("f", "F", "false", "False", "FALSE"):
        return "boolean", False
    if re.fullmatch(r"[+-]?\d+i", raw):
        if not -(2**63) <= int(raw[:-1]) < 2**63:
            raise LineError(f"unable to parse integer {raw[:-1]}: value out of range")
        return "long", int(raw[:-1])
    if re.fullmatch(r"\d+u", raw):
        if int(raw[:-1]) >= 2**64:
            raise LineError(f"unable to parse unsigned {raw[:-1]}: value out of range")
        return "unsignedLong", int(raw[:-1])
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", raw):
        return "double", float(raw)
    raise LineError("invalid boolean" if raw[:1] in "tTfF" else "invalid number")


def parse_line(line: str, default_ns: int, multiplier: int) -> tuple[str, dict[str, str], dict[str, FieldValue], int]:
    key_end = _scan(line, 0, " ", False)
    rest = line[key_end:].lstrip(" ")
    if not rest:
        raise LineError("missing fields")
    fields_end = _scan(rest, 0, " ", True)
    field_text, stamp = rest[:fields_end], rest[fields_end:].strip(" ")
    key_parts = _split(line[:key_end], ",", False)
    measurement = _unescape(key_parts[0], ", ")
    if not measurement:
        raise LineError("missing measurement")
    tags: dict[str, str] = {}
    for part in key_parts[1:]:
        eq = _scan(part, 0, "=", False)
        name, value = _unescape(part[:eq], ",= "), _unescape(part[eq + 1 :], ",= ")
        if not name:
            raise LineError("missing tag key")
        if eq == len(part) or not value:
            raise LineError("missing tag value")
        if name in tags:
            raise LineError("duplicate tags")
        tags[name] = value
    fields: dict[str, FieldValue] = {}
    for part in _split(field_text, ",", True):
        eq = _scan(part, 0, "=", True)
        if eq == len(part):
            raise LineError("invalid field format")
        if not part[:eq]:
            raise LineError("missing field key")
        if not part[eq + 1 :]:
            raise LineError("missing field value")
        fields[_unescape(part[:eq], ",= ")] = _field_value(part[eq + 1 :])
    if stamp and not re.fullmatch(r"-?\d+", stamp):
        raise LineError("bad timestamp")
    return measurement, tags, fields, int(stamp) * multiplier if stamp else default_ns


# ------------------------------------------------------------------------------------------------ flux (tiny)

FLUX = re.compile(
    r'\s*from\(\s*bucket\s*:\s*"(?P<bucket>[^"\\]*)"\s*\)'
    r"\s*\|>\s*range\(\s*start\s*:\s*(?P<start>[^,()]+?(?:\(\))?)\s*(?:,\s*stop\s*:\s*(?P<stop>[^,()]+?(?:\(\))?)\s*)?\)"
    r"\s*(?P<count>\|>\s*count\(\s*\)\s*)?",
    re.S,
)
FLUX_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9, "h": HOUR * 10**9,
              "d": DAY * 10**9, "w": 7 * DAY * 10**9, "mo": 30 * DAY * 10**9, "y": 365 * DAY * 10**9}  # fmt: skip
UNSUPPORTED_FLUX = (
    'the emulator supports only `from(bucket: "NAME") |> range(start: T[, stop: T])` optionally followed by '
    "`|> count()`, where T is a duration (-1h), an RFC3339 time, a Unix time in seconds or now()"
)


def flux_time(text: str, now_ns: int) -> int:
    text = text.strip()
    if text == "now()":
        return now_ns
    if re.fullmatch(r"-?\d+", text):
        return int(text) * 10**9
    if (match := re.fullmatch(r"(-?)((?:\d+(?:ns|us|µs|ms|mo|s|m|h|d|w|y))+)", text)) is not None:
        total = sum(int(n) * FLUX_UNITS[u] for n, u in re.findall(r"(\d+)(ns|us|µs|ms|mo|s|m|h|d|w|y)", match[2]))
        return now_ns - total if match[1] else now_ns + total
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)", text)
    if match is None:
        raise ApiError("invalid", UNSUPPORTED_FLUX)
    stamp = datetime.fromisoformat(match[1] + ("+00:00" if match[3] == "Z" else match[3]))
    return int(stamp.timestamp()) * 10**9 + int((match[2] or "0").ljust(9, "0"))


def csv_value(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    return repr(value) if kind == "double" else str(value)


# ------------------------------------------------------------------------------------------------- the API

Handler = Callable[[Request], Response]


class InfluxApi:
    """All state and request handling; every request runs under one lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, str] = {}  # id -> name
        self.orgs: dict[str, Org] = {}
        self.buckets: dict[str, Bucket] = {}
        self.auths: dict[str, Auth] = {}
        self.points: dict[str, dict[tuple[str, tuple[tuple[str, str], ...], str, int], FieldValue]] = {}
        self.field_types: dict[str, dict[tuple[str, str], str]] = {}
        route_table: list[tuple[str, str, Handler]] = [
            ("GET", "/ping", self.ping),
            ("HEAD", "/ping", self.ping),
            ("GET", "/health", self.health),
            ("GET", "/api/v2/setup", self.get_setup),
            ("POST", "/api/v2/setup", self.post_setup),
            ("GET", "/api/v2/orgs", self.list_orgs),
            ("POST", "/api/v2/orgs", self.post_org),
            ("GET", "/api/v2/orgs/{id}", self.get_org),
            ("PATCH", "/api/v2/orgs/{id}", self.patch_org),
            ("GET", "/api/v2/buckets", self.list_buckets),
            ("POST", "/api/v2/buckets", self.post_bucket),
            ("GET", "/api/v2/buckets/{id}", self.get_bucket),
            ("PATCH", "/api/v2/buckets/{id}", self.patch_bucket),
            ("DELETE", "/api/v2/buckets/{id}", self.delete_bucket),
            ("GET", "/api/v2/authorizations", self.list_auths),
            ("POST", "/api/v2/authorizations", self.post_auth),
            ("GET", "/api/v2/authorizations/{id}", self.get_auth),
            ("PATCH", "/api/v2/authorizations/{id}", self.patch_auth),
            ("DELETE", "/api/v2/authorizations/{id}", self.delete_auth),
            ("POST", "/api/v2/write", self.write),
            ("POST", "/api/v2/query", self.query),
        ]
        self.routes = [
            (method, re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$"), handler)
            for method, pattern, handler in route_table
        ]
        self.no_auth = {("GET", "/api/v2/setup"), ("POST", "/api/v2/setup")}

    # ------------------------------------------------------------------------------------------- dispatching

    def handle(self, req: Request) -> Response:
        try:
            with self.lock:
                return self.dispatch(req)
        except ApiError as err:
            return error_response(err)
        except Exception as exc:  # an emulator bug: say so instead of hanging up
            return error_response(ApiError("internal error", f"emulator failure: {exc!r}"))

    def dispatch(self, req: Request) -> Response:
        req.path = req.path.rstrip("/") or "/"
        if req.path.startswith("/api/v2") and (req.method, req.path) not in self.no_auth:
            req.auth = self.authenticate(req)  # the server authenticates before it routes
        allowed = []
        for method, pattern, handler in self.routes:
            if (match := pattern.match(req.path)) is not None:
                if method == req.method:
                    req.params = match.groupdict()
                    return handler(req)
                allowed.append(method)
        if allowed:
            raise ApiError("method not allowed", f"allow: {', '.join(allowed)}")
        raise ApiError("not found", "path not found")

    def authenticate(self, req: Request) -> Auth:
        header = req.headers.get("authorization", "")
        for scheme in ("token ", "bearer "):
            if header.lower().startswith(scheme):
                token = header[len(scheme) :]
                for auth in self.auths.values():
                    if auth.token == token:
                        return auth
        raise ApiError("unauthorized", "unauthorized access")

    @staticmethod
    def allowed(auth: Auth, wanted: Perm) -> bool:
        return auth.status == "active" and any(p.grants(wanted) for p in auth.permissions)

    @staticmethod
    def require(auth: Auth, wanted: Perm) -> None:
        """authorizer.IsAllowed: a missing permission is 401 "unauthorized" in OSS, not 403."""
        if auth.status != "active":
            raise ApiError("unauthorized", "token is inactive")
        if not any(p.grants(wanted) for p in auth.permissions):
            raise ApiError("unauthorized", f"{wanted} is unauthorized")

    @staticmethod
    def read_bucket_perm(b: Bucket) -> Perm:  # authorizer.AuthorizeReadBucket: system buckets need read on the org
        return Perm("read", "orgs", b.org_id) if b.type == "system" else Perm("read", "buckets", b.id, b.org_id)

    # ------------------------------------------------------------------------------------------ lookups

    def new_id(self) -> str:
        while True:
            candidate = f"{secrets.randbits(64):016x}"
            taken = (self.users, self.orgs, self.buckets, self.auths)
            if int(candidate, 16) and not any(candidate in table for table in taken):
                return candidate

    def org(self, org_id: str) -> Org:
        if org_id not in self.orgs:
            raise ApiError("not found", "organization not found")
        return self.orgs[org_id]

    def org_named(self, name: str) -> Org:
        for org in self.orgs.values():
            if org.name == name:
                return org
        raise ApiError("not found", f'organization name "{name}" not found')

    def org_of_request(self, req: Request) -> Org:
        """http.queryOrganization: `org` is a name or an ID, `orgID` an ID."""
        org_id = req.arg("orgID")
        if org_id is not None:
            return self.org(parse_id(org_id))
        if (org := req.arg("org")) is None:
            raise ApiError("invalid", "Please provide either orgID or org")
        if re.fullmatch(r"[0-9a-fA-F]{16}", org) and int(org, 16):
            return self.org(org.lower())
        return self.org_named(org)

    def bucket(self, bucket_id: str) -> Bucket:
        if bucket_id not in self.buckets:
            raise ApiError("not found", "bucket not found")
        return self.buckets[bucket_id]

    def bucket_named(self, org_id: str, name: str) -> Bucket:
        for b in self.buckets.values():
            if b.org_id == org_id and b.name == name:
                return b
        raise ApiError("not found", f'bucket "{name}" not found')

    def auth(self, auth_id: str) -> Auth:
        if auth_id not in self.auths:
            raise ApiError("not found", "authorization not found")
        return self.auths[auth_id]

    # --------------------------------------------------------------------------------------- JSON bodies

    def org_json(self, o: Org) -> dict[str, Any]:
        links = {key: f"/api/v2/orgs/{o.id}{suffix}" for key, suffix in
                 [("self", ""), ("logs", "/logs"), ("members", "/members"), ("owners", "/owners"),
                  ("secrets", "/secrets"), ("labels", "/labels")]}  # fmt: skip
        links.update({key: f"/api/v2/{key}?org={o.name}" for key in ("buckets", "tasks", "dashboards")})
        return {"links": links, "id": o.id, "name": o.name, "description": o.description,
                "createdAt": rfc3339(o.created), "updatedAt": rfc3339(o.updated)}  # fmt: skip

    @staticmethod
    def bucket_json(b: Bucket) -> dict[str, Any]:
        body: dict[str, Any] = {"id": b.id, "orgID": b.org_id, "type": b.type}
        if b.description:
            body["description"] = b.description
        body["name"] = b.name
        if b.rp:
            body["rp"] = b.rp
        rules = [{"type": "expire", "everySeconds": b.retention, "shardGroupDurationSeconds": b.reported_shard}]
        body["retentionRules"] = rules if b.retention > 0 or b.reported_shard > 0 else []
        body.update(createdAt=rfc3339(b.created), updatedAt=rfc3339(b.updated), labels=[])
        body["links"] = {"self": f"/api/v2/buckets/{b.id}", "org": f"/api/v2/orgs/{b.org_id}",
                         "members": f"/api/v2/buckets/{b.id}/members", "owners": f"/api/v2/buckets/{b.id}/owners",
                         "labels": f"/api/v2/buckets/{b.id}/labels",
                         "write": f"/api/v2/write?org={b.org_id}&bucket={b.id}"}  # fmt: skip
        return body

    def resource_name(self, kind: str, resource_id: str) -> str | None:
        if kind == "buckets":
            return self.buckets[resource_id].name if resource_id in self.buckets else None
        if kind == "orgs":
            return self.orgs[resource_id].name if resource_id in self.orgs else None
        if kind == "users":
            return self.users.get(resource_id)
        return ""  # other types have no name lookup

    def perm_json(self, p: Perm, with_names: bool) -> dict[str, Any]:
        """authorization/http_server.go newPermissionsResponse, including its quirk: an unknown resource ID
        (e.g. a deleted bucket) also leaves out the org name."""
        resource: dict[str, Any] = {"type": p.type}
        if p.id:
            resource["id"] = p.id
        if p.org_id:
            resource["orgID"] = p.org_id
        if with_names:
            name = self.resource_name(p.type, p.id) if p.id else ""
            if name:
                resource["name"] = name
            if name is not None and p.org_id and p.org_id in self.orgs:
                resource["org"] = self.orgs[p.org_id].name
        return {"action": p.action, "resource": resource}

    def auth_json(self, a: Auth, onboarding: bool = False) -> dict[str, Any]:
        """authorization/http_server.go authResponse; onboarding answers the bare Authorization plus links."""
        body: dict[str, Any] = {"id": a.id, "token": a.token, "status": a.status, "description": a.description,
                                "orgID": a.org_id}  # fmt: skip
        if not onboarding:
            body["org"] = self.orgs[a.org_id].name if a.org_id in self.orgs else ""
        body["userID"] = a.user_id
        if not onboarding:
            body["user"] = self.users.get(a.user_id, "")
        body["permissions"] = [self.perm_json(p, not onboarding) for p in a.permissions]
        body["links"] = {"self": f"/api/v2/authorizations/{a.id}", "user": f"/api/v2/users/{a.user_id}"}
        body.update(createdAt=rfc3339(a.created), updatedAt=rfc3339(a.updated))
        return body

    # --------------------------------------------------------------------------------------------- system

    def ping(self, req: Request) -> Response:
        return Response(204)

    def health(self, req: Request) -> Response:
        return json_response(200, {"name": "influxdb", "message": "ready for queries and writes", "status": "pass",
                                   "checks": [], "version": VERSION, "commit": "emulator"})  # fmt: skip

    def get_setup(self, req: Request) -> Response:
        return json_response(200, {"allowed": not self.users and not self.orgs})

    def post_setup(self, req: Request) -> Response:
        body = req.json()
        if self.users or self.orgs:
            raise ApiError("conflict", "onboarding has already been completed")
        username, org_name, bucket_name = (typed(body, key, str) for key in ("username", "org", "bucket"))
        missing = [key for key, value in zip(("username", "org", "bucket"), (username, org_name, bucket_name),
                                             strict=True) if not value]  # fmt: skip
        if missing:
            raise ApiError("unprocessable entity", f"onboarding failed: missing required fields [{','.join(missing)}]")
        password, token = typed(body, "password", str), typed(body, "token", str)
        seconds, hrs_ns = typed(body, "retentionPeriodSeconds", int) or 0, typed(body, "retentionPeriodHrs", int) or 0
        retention_ns = seconds * 10**9 if seconds > 0 else hrs_ns  # retentionPeriodHrs is nanoseconds (contract)
        if 0 < retention_ns < HOUR * 10**9:
            raise ApiError("invalid", TOO_SHORT)
        if password and not 8 <= len(password) <= 72:
            raise ApiError("invalid", "passwords must be between 8 and 72 characters long")
        self.check_bucket_name(bucket_name)
        user_id = self.new_id()
        org = self.create_org(org_name, "", user_id)  # the last check that can fail
        self.users[user_id] = username
        retention = round(retention_ns / 10**9)
        bucket = self.create_bucket(org.id, bucket_name, "", "user", retention, 0, "")
        operator = [Perm(action, kind) for kind in RESOURCE_TYPES if kind != "instance" for action in ("read", "write")]
        auth = self.create_auth(org.id, user_id, f"{username}'s Token", "active", operator, token or None)
        user = {"links": {"self": f"/api/v2/users/{user_id}"}, "id": user_id, "name": username, "status": "active"}
        return json_response(201, {"user": user, "bucket": self.bucket_json(bucket), "org": self.org_json(org),
                                   "auth": self.auth_json(auth, onboarding=True)})  # fmt: skip

    # ----------------------------------------------------------------------------------------------- orgs

    def create_org(self, name: str, description: str, owner_id: str | None) -> Org:
        if not name.strip():
            raise ApiError("invalid", "org name is empty")
        if any(o.name.strip() == name.strip() for o in self.orgs.values()):
            raise ApiError("conflict", f"organization with name {name} already exists")
        stamp = now()
        org = Org(self.new_id(), name, description, stamp, stamp, {owner_id} if owner_id else set())
        self.orgs[org.id] = org
        self.create_bucket(org.id, "_tasks", "System bucket for task logs", "system", 3 * DAY, 0, "")
        self.create_bucket(org.id, "_monitoring", "System bucket for monitoring logs", "system", 7 * DAY, 0, "")
        return org

    def list_orgs(self, req: Request) -> Response:
        opts = FindOptions.parse(req)
        name, org_id, user_id = req.arg("org"), req.arg("orgID"), req.arg("userID")
        org_id = org_id if org_id and re.fullmatch(r"[0-9a-fA-F]{16}", org_id) else None  # invalid IDs are ignored
        user_id = user_id if user_id and re.fullmatch(r"[0-9a-fA-F]{16}", user_id) else None
        if org_id or name:
            orgs = [self.org(org_id.lower()) if org_id else self.org_named(name or "")]
        else:
            if user_id is None and not self.allowed(req.caller, Perm("read", "orgs")):
                user_id = req.caller.user_id
            orgs = sorted(self.orgs.values(), key=lambda o: o.id)
            member = user_id  # the user-resource-mapping lookup ignores offset and limit
            orgs = [o for o in orgs if member in o.members] if member else orgs[opts.offset :][: opts.limit]
        visible = [o for o in orgs if self.allowed(req.caller, Perm("read", "orgs", o.id))]
        return json_response(200, {"links": {"self": "/api/v2/orgs"}, "orgs": [self.org_json(o) for o in visible]})

    def post_org(self, req: Request) -> Response:
        body = req.json()
        self.require(req.caller, Perm("write", "orgs"))
        org = self.create_org(typed(body, "name", str) or "", typed(body, "description", str) or "",
                              req.caller.user_id)  # fmt: skip
        return json_response(201, self.org_json(org))

    def get_org(self, req: Request) -> Response:
        org_id = parse_id(req.params["id"])
        self.require(req.caller, Perm("read", "orgs", org_id))
        return json_response(200, self.org_json(self.org(org_id)))

    def patch_org(self, req: Request) -> Response:
        """PATCH /api/v2/orgs/{orgID} (PatchOrganizationRequest: name, description)."""
        org_id = parse_id(req.params["id"])
        body = req.json()
        self.require(req.caller, Perm("write", "orgs", org_id))
        org = self.org(org_id)
        name = typed(body, "name", str)
        if name is not None and name != org.name:
            if any(o.name == name for o in self.orgs.values()):
                raise ApiError("conflict", f"organization with name {name} already exists")
            org.name = name
        description = typed(body, "description", str)
        if description is not None:
            org.description = description
        org.updated = now()
        return json_response(200, self.org_json(org))

    # -------------------------------------------------------------------------------------------- buckets

    @staticmethod
    def check_bucket_name(name: str, kind: str = "user") -> None:
        """tenant.validBucketName."""
        if name.startswith("_") and kind != "system":
            raise ApiError("invalid", f"bucket name {name} is invalid. Buckets may not start with underscore")
        if '"' in name:
            raise ApiError("invalid", f"bucket name {name} is invalid. Bucket names may not include quotation marks")

    def create_bucket(
        self, org_id: str, name: str, desc: str, kind: str, retention: int, shard: int, rp: str
    ) -> Bucket:
        """storage.BucketService.CreateBucket: tenant checks first, then the storage engine's retention rules."""
        shard = normalized_shard(shard, retention)
        self.check_bucket_name(name, kind)
        self.org(org_id)
        if any(b.org_id == org_id and b.name == name for b in self.buckets.values()):
            raise ApiError("conflict", f"bucket with name {name} already exists")
        if 0 < retention < HOUR:
            raise ApiError("invalid", TOO_SHORT)  # the real server answers 500 "internal error" here
        if 0 < retention < shard:
            raise ApiError("invalid", "retention policy duration must be greater than the shard duration")
        stamp = now()
        b = Bucket(self.new_id(), org_id, name, desc, kind, retention, shard, shard, rp, stamp, stamp)
        self.buckets[b.id] = b
        return b

    def list_buckets(self, req: Request) -> Response:
        opts = FindOptions.parse(req)
        org_id = parse_id(req.query["orgID"]) if req.arg("orgID") else None
        org_name, name = req.arg("org"), req.arg("name")
        bucket_id = parse_id(req.query["id"]) if req.arg("id") else None
        filters = {"id": bucket_id, "bucket": name, "orgID": org_id, "org": org_name}  # BucketFilter.QueryParams
        if bucket_id is not None:
            found = [self.bucket(bucket_id)]
        else:
            if org_id is None and org_name is not None:
                org_id = self.org_named(org_name).id
            if org_id is not None and name is not None:
                found = [self.bucket_named(org_id, name)]
            elif org_id is not None:  # the org's name index: ordered by name, `after` skips up to that ID
                found = sorted((b for b in self.buckets.values() if b.org_id == org_id), key=lambda b: b.name.encode())
                found = (found[::-1] if opts.descending else found)[opts.offset :]
                if opts.after is not None:
                    ids = [b.id for b in found]
                    found = found[ids.index(opts.after) + 1 :] if opts.after in ids else []
                found = found[: opts.limit]
            else:  # all buckets: ordered by ID, `after` seeks past that ID, `name` filters after the offset
                found = sorted(self.buckets.values(), key=lambda b: b.id, reverse=opts.descending)
                if opts.after is not None:
                    found = [b for b in found if (b.id < opts.after if opts.descending else b.id > opts.after)]
                found = [b for b in found[opts.offset :] if name is None or b.name == name][: opts.limit]
        visible = [b for b in found if self.allowed(req.caller, self.read_bucket_perm(b))]
        links = opts.links("/api/v2/buckets", filters, len(visible))
        return json_response(200, {"links": links, "buckets": [self.bucket_json(b) for b in visible]})

    @staticmethod
    def retention_rule(body: dict[str, Any]) -> tuple[int | None, int | None]:
        """The single retention rule of a POST/PATCH body, with the handlers' OK() checks."""
        rules = typed(body, "retentionRules", list) or []
        if len(rules) > 1:
            raise ApiError("unprocessable entity", "buckets cannot have more than one retention rule at this time")
        if not rules:
            return None, None
        if not isinstance(rules[0], dict):
            raise ApiError("invalid", "failed to unmarshal json: retentionRules[0] must be an object")
        every = typed(rules[0], "everySeconds", int, "retentionRules[0].")
        shard = typed(rules[0], "shardGroupDurationSeconds", int, "retentionRules[0].")
        if every is not None and every < 0:
            raise ApiError("unprocessable entity", "expiration seconds cannot be negative")
        if shard is not None and shard < 0:
            raise ApiError("unprocessable entity", "shard-group duration seconds cannot be negative")
        return every, shard

    def post_bucket(self, req: Request) -> Response:
        body = req.json()
        raw_org = typed(body, "orgID", str)
        if not raw_org:
            raise ApiError("invalid", "organization id must be provided")
        try:
            org_id = parse_id(raw_org)
        except ApiError as exc:
            raise ApiError("invalid", f"failed to unmarshal json: {exc.message}") from None
        every, shard = self.retention_rule(body)
        self.require(req.caller, Perm("write", "buckets", org_id=org_id))
        b = self.create_bucket(org_id, typed(body, "name", str) or "", typed(body, "description", str) or "", "user",
                               every or 0, shard or 0, typed(body, "rp", str) or "")  # fmt: skip
        return json_response(201, self.bucket_json(b))

    def get_bucket(self, req: Request) -> Response:
        b = self.bucket(parse_id(req.params["id"]))
        self.require(req.caller, self.read_bucket_perm(b))
        return json_response(200, self.bucket_json(b))

    def patch_bucket(self, req: Request) -> Response:
        bucket_id = parse_id(req.params["id"])
        body = req.json()
        every, shard = self.retention_rule(body)
        name, desc = typed(body, "name", str), typed(body, "description", str)
        b = self.bucket(bucket_id)
        if name is not None:
            self.require(req.caller, self.read_bucket_perm(b))
        self.require(req.caller, Perm("write", "buckets", b.id, b.org_id))
        if every is not None and 0 < every < HOUR:  # meta.Data.UpdateRetentionPolicy (real server: 500)
            raise ApiError("invalid", TOO_SHORT)
        if (every is not None and every > 0 and every < (shard if shard is not None else b.shard)) or (
            every is None and b.retention > 0 and shard is not None and b.retention < shard
        ):
            raise ApiError("unprocessable entity", SHARD_TOO_LONG)
        if name is not None and name != b.name:
            if b.type == "system":
                raise ApiError("invalid", "system buckets cannot be renamed")
            self.check_bucket_name(name)
            if any(o.org_id == b.org_id and o.name == name for o in self.buckets.values()):
                raise ApiError("conflict", "bucket name is not unique")
            b.name = name
        if desc is not None:
            b.description = desc
        if every is not None:
            b.retention = every
        if shard is not None:
            b.shard, b.reported_shard = normalized_shard(shard, b.retention), shard
        b.updated = now()
        return json_response(200, self.bucket_json(b))

    def delete_bucket(self, req: Request) -> Response:
        b = self.bucket(parse_id(req.params["id"]))
        self.require(req.caller, Perm("write", "buckets", b.id, b.org_id))
        if b.type == "system":
            raise ApiError("invalid", "system buckets cannot be deleted")
        del self.buckets[b.id]
        self.points.pop(b.id, None)
        self.field_types.pop(b.id, None)
        return Response(204)

    # ------------------------------------------------------------------------------------- authorizations

    def create_auth(
        self, org_id: str, user_id: str, desc: str, status: str, perms: list[Perm], token: str | None
    ) -> Auth:
        if token is not None and any(a.token == token for a in self.auths.values()):
            raise ApiError("conflict", "token already exists")
        token = token or base64.urlsafe_b64encode(secrets.token_bytes(64)).decode()
        stamp = now()
        auth = Auth(self.new_id(), token, status, desc, org_id, user_id, perms, stamp, stamp)
        self.auths[auth.id] = auth
        return auth

    @staticmethod
    def parse_perm(raw: Any) -> Perm:
        resource = raw.get("resource") if isinstance(raw, dict) else None
        if not isinstance(resource, dict):
            raise ApiError("invalid", "invalid json structure: a permission needs an action and a resource")
        ids = [typed(resource, key, str, "permissions[].resource.") for key in ("id", "orgID")]
        try:
            rid, org_id = (parse_id(value) if value else None for value in ids)
        except ApiError as exc:
            raise ApiError("invalid", f"invalid json structure: {exc.message}") from None
        perm = Perm(str(raw.get("action")), str(resource.get("type")), rid, org_id)
        if perm.type not in RESOURCE_TYPES:
            raise ApiError("invalid", "invalid resource type for permission: unknown resource type for permission")
        if perm.action not in ("read", "write"):
            raise ApiError("invalid", "invalid action type for permission: unknown action for permission")
        return perm

    def post_auth(self, req: Request) -> Response:
        body = req.json("invalid json structure")
        status = typed(body, "status", str) or "active"
        raw_perms = typed(body, "permissions", list) or []
        if not raw_perms:
            raise ApiError("invalid", "authorization must include permissions")
        perms = [self.parse_perm(raw) for raw in raw_perms]
        raw_org = typed(body, "orgID", str) or ""
        if not re.fullmatch(r"[0-9a-fA-F]{16}", raw_org) or not int(raw_org, 16):
            raise ApiError("invalid", "org id required: invalid ID")
        org_id = raw_org.lower()
        if status not in ("active", "inactive"):
            raise ApiError("invalid", "invalid status: must be active or inactive")
        try:
            raw_user = typed(body, "userID", str)
            user_id = parse_id(raw_user) if raw_user else req.caller.user_id
        except ApiError as exc:
            raise ApiError("invalid", f"invalid json structure: {exc.message}") from None
        self.require(req.caller, Perm("write", "authorizations", org_id=org_id))
        self.require(req.caller, Perm("write", "users", user_id))
        for perm in perms:
            if not self.allowed(req.caller, perm):
                raise ApiError("forbidden", f"permission {perm} is not allowed: {perm} is unauthorized")
        for perm in perms:
            if perm.org_id is not None and perm.org_id != org_id:
                raise ApiError("invalid", f"permission {perm} is not for org id {org_id}")
        if user_id not in self.users or org_id not in self.orgs:
            raise ApiError("invalid", "unable to create token")
        auth = self.create_auth(org_id, user_id, typed(body, "description", str) or "", status, perms, None)
        return json_response(201, self.auth_json(auth))

    def readable_auth(self, caller: Auth, a: Auth) -> bool:
        return self.allowed(caller, Perm("read", "authorizations", a.id, a.org_id)) and self.allowed(
            caller, Perm("read", "users", a.user_id)
        )

    def list_auths(self, req: Request) -> Response:
        user_id = parse_id(req.query["userID"]) if req.arg("userID") else None
        org_id = parse_id(req.query["orgID"]) if req.arg("orgID") else None
        auth_id = parse_id(req.query["id"]) if req.arg("id") else None
        if user_id is None and (user := req.arg("user")) is not None:
            user_id = next((uid for uid, uname in self.users.items() if uname == user), None)
            if user_id is None:
                raise ApiError("not found", "user not found")
        if org_id is None and (org := req.arg("org")) is not None:
            org_id = self.org_named(org).id
        found = [a for _, a in sorted(self.auths.items())
                 if (auth_id is None or a.id == auth_id) and (user_id is None or a.user_id == user_id)
                 and (org_id is None or a.org_id == org_id) and self.readable_auth(req.caller, a)]  # fmt: skip
        links = {"self": "/api/v2/authorizations"}
        return json_response(200, {"links": links, "authorizations": [self.auth_json(a) for a in found]})

    def get_auth(self, req: Request) -> Response:
        a = self.auth(parse_id(req.params["id"]))
        self.require(req.caller, Perm("read", "authorizations", a.id, a.org_id))
        self.require(req.caller, Perm("read", "users", a.user_id))
        return json_response(200, self.auth_json(a))

    def patch_auth(self, req: Request) -> Response:
        a = self.auth(parse_id(req.params["id"]))
        body = req.json()
        status, desc = typed(body, "status", str), typed(body, "description", str)
        self.require(req.caller, Perm("read", "authorizations", a.id, a.org_id))
        self.require(req.caller, Perm("read", "users", a.user_id))
        self.require(req.caller, Perm("write", "authorizations", a.id, a.org_id))
        self.require(req.caller, Perm("write", "users", a.user_id))
        if status is not None and status not in ("active", "inactive"):
            raise ApiError("invalid", "invalid status: must be active or inactive")
        a.status = status or a.status
        a.description = desc if desc is not None else a.description
        a.updated = now()
        return json_response(200, self.auth_json(a))

    def delete_auth(self, req: Request) -> Response:
        a = self.auth(parse_id(req.params["id"]))
        self.require(req.caller, Perm("write", "authorizations", a.id, a.org_id))
        self.require(req.caller, Perm("write", "users", a.user_id))
        del self.auths[a.id]
        return Response(204)

    # ------------------------------------------------------------------------------------- write and query

    def write(self, req: Request) -> Response:
        """http/write_handler.go: here a missing write permission is 403 "forbidden"."""
        precision = req.arg("precision") or "ns"
        if precision not in PRECISION_NS:
            raise ApiError("invalid", "invalid precision; valid precision units are ns, us, ms, and s")
        if (bucket_ref := req.arg("bucket")) is None:
            raise ApiError("not found", "bucket not found")
        org = self.org_of_request(req)
        if re.fullmatch(r"[0-9a-fA-F]{16}", bucket_ref) and bucket_ref.lower() in self.buckets:
            b = self.buckets[bucket_ref.lower()]
        else:
            b = self.bucket_named(org.id, bucket_ref)
        if not self.allowed(req.caller, Perm("write", "buckets", b.id, org.id)):
            suffix = ": token is inactive" if req.caller.status != "active" else ""
            raise ApiError("forbidden", f"insufficient permissions for write{suffix}")
        data = req.body
        if req.headers.get("content-encoding", "").lower() == "gzip":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                raise ApiError("invalid", f"unable to read data: gzip: {exc}") from None
        points, failed, default_ns = [], [], time.time_ns()
        for raw in split_lines(data.decode("utf-8", errors="replace")):
            line = raw.strip(" \t\r")
            if not line or line.startswith("#"):
                continue
            try:
                points.append(parse_line(line, default_ns, PRECISION_NS[precision]))
            except LineError as exc:
                failed.append(f"unable to parse '{line}': {exc}")
        if failed:
            raise ApiError("invalid", "\n".join(failed))
        return self.store(b.id, points)

    def store(self, bucket_id: str, points: list[tuple[str, dict[str, str], dict[str, FieldValue], int]]) -> Response:
        types, series = self.field_types.setdefault(bucket_id, {}), self.points.setdefault(bucket_id, {})
        conflict, dropped = "", 0
        for measurement, tags, fields, stamp in points:
            clash = next(((k, v[0]) for k, v in fields.items() if types.get((measurement, k), v[0]) != v[0]), None)
            if clash is not None:
                dropped += 1
                old, new = FIELD_TYPE_NAMES[types[(measurement, clash[0])]], FIELD_TYPE_NAMES[clash[1]]
                conflict = conflict or (
                    f'field type conflict: input field "{clash[0]}" on measurement "{measurement}" is type {new}, '
                    f"already exists as type {old}"
                )
                continue
            tag_key = tuple(sorted(tags.items()))
            for name, value in fields.items():
                types[(measurement, name)] = value[0]
                series[(measurement, tag_key, name, stamp)] = value
        if dropped:
            message = f"failure writing points to database: partial write: {conflict} dropped={dropped}"
            raise ApiError("unprocessable entity", message)
        return Response(204)

    def query(self, req: Request) -> Response:
        if req.headers.get("content-type", "").split(";")[0].strip() == "application/vnd.flux":
            text: Any = req.body.decode()
        else:
            body = req.json("failed parsing request body as JSON")
            if (typed(body, "type", str) or "flux") != "flux":
                raise ApiError("invalid", UNSUPPORTED_FLUX)
            text = typed(body, "query", str) or ""
        org = self.org_of_request(req)
        match = FLUX.fullmatch(text)
        if match is None:
            raise ApiError("invalid", UNSUPPORTED_FLUX)
        now_ns = time.time_ns()
        start, stop = flux_time(match["start"], now_ns), flux_time(match["stop"] or "now()", now_ns)
        b = next((b for b in self.buckets.values() if b.org_id == org.id and b.name == match["bucket"]), None)
        if b is None or not self.allowed(req.caller, self.read_bucket_perm(b)):
            raise ApiError(
                "not found", f'failed to initialize execute state: could not find bucket "{match["bucket"]}"'
            )
        tables: dict[SeriesKey, list[tuple[int, FieldValue]]] = {}
        for (measurement, tags, name, stamp), value in self.points.get(b.id, {}).items():
            if start <= stamp < stop:
                tables.setdefault((measurement, tags, name), []).append((stamp, value))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for table_id, key in enumerate(sorted(tables)):
            self.write_table(
                writer, table_id, key, sorted(tables[key]), rfc3339(start), rfc3339(stop), bool(match["count"])
            )
        return Response(200, (out.getvalue() or "\r\n").encode(), "text/csv; charset=utf-8")

    @staticmethod
    def write_table(writer: Any, table_id: int, key: SeriesKey, rows: list[tuple[int, FieldValue]], start: str,
                    stop: str, count: bool) -> None:  # fmt: skip
        """One annotated-CSV table; every table gets its own annotation rows, separated by an empty line."""
        measurement, tags, name = key
        kind = "long" if count else rows[0][1][0]
        tag_names, tag_values = [k for k, _ in tags], [v for _, v in tags]
        if count:
            columns = ["result", "table", "_start", "_stop", "_field", "_measurement", *tag_names, "_value"]
            types = ["string", "long", "dateTime:RFC3339", "dateTime:RFC3339", "string", "string"]
            types += ["string"] * len(tags) + [kind]
            groups = ["false", "false", "true", "true", "true", "true"] + ["true"] * len(tags) + ["false"]
            data = [["", "", str(table_id), start, stop, name, measurement, *tag_values, str(len(rows))]]
        else:
            columns = ["result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement", *tag_names]
            types = ["string", "long", "dateTime:RFC3339", "dateTime:RFC3339", "dateTime:RFC3339", kind, "string"]
            types += ["string"] * (1 + len(tags))
            groups = ["false", "false", "true", "true", "false", "false", "true", "true"] + ["true"] * len(tags)
            data = [["", "", str(table_id), start, stop, rfc3339(stamp), csv_value(kind, value[1]), name, measurement,
                     *tag_values] for stamp, value in rows]  # fmt: skip
        if table_id:
            writer.writerow([])
        writer.writerow(["#datatype", *types])
        writer.writerow(["#group", *groups])
        writer.writerow(["#default", "_result", *[""] * (len(columns) - 1)])
        writer.writerow(["", *columns])
        writer.writerows(data)


# --------------------------------------------------------------------------------------------- HTTP plumbing


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: InfluxApi) -> None:
        super().__init__(address, _Handler)
        self.api = api


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the client's delayed ACK adds ~40 ms each.
    disable_nagle_algorithm = True
    server: _Server

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while (size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)) > 0:
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline().strip():  # trailers
                pass
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        resp = self.server.api.handle(Request(self.command, url.path, query, headers, self._body()))
        self.send_response(resp.status)
        self.send_header("X-Influxdb-Build", "OSS")
        self.send_header("X-Influxdb-Version", VERSION)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        if resp.content_type:
            self.send_header("Content-Type", resp.content_type)
        if resp.status != 204:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if self.command != "HEAD" and resp.status != 204:
            self.wfile.write(resp.body)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_OPTIONS = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        pass


class InfluxEmulator:
    """The emulator on a background thread: `start()` binds (port 0 picks a free port), `stop()` shuts it down."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.api = InfluxApi()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> InfluxEmulator:
        self._server = _Server((self.host, self.port), self.api)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="influxdb-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> InfluxEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.influx_emulator", description="InfluxDB OSS 2.7 HTTP API emulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8086, help="0 picks a free port")
    parser.add_argument("--ready-file", help="write the bound port to this file once listening")
    args = parser.parse_args(list(argv) if argv is not None else None)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    emulator = InfluxEmulator(args.host, args.port).start()
    if args.ready_file:
        with open(f"{args.ready_file}.tmp", "w") as handle:
            handle.write(f"{emulator.port}\n")
        os.replace(f"{args.ready_file}.tmp", args.ready_file)
    print(f"InfluxDB {VERSION} emulator listening on {emulator.url}", file=sys.stderr, flush=True)
    while not stop.wait(0.5):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
