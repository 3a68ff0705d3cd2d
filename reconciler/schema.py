"""`reconcile schema`: JSON Schemas for every kind of state file, from the models that validate them.

Editors with the YAML language server read the first-line comment
`# yaml-language-server: $schema=<path>` and then complete and check a state
file as it is typed. The schemas are generated, never written by hand, and
a test fails when the committed ones are stale.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reconciler.elasticsearch.spec import ElasticsearchSpec
from reconciler.errors import ReconcileError
from reconciler.influxdb.spec import InfluxSpec
from reconciler.kafka.spec import KafkaSpec
from reconciler.postgres.roles_spec import RolesSpec
from reconciler.postgres.seeds.spec import SeedFileSpec
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.redis.spec import RedisSpec
from reconciler.render.write_errors import cannot_write

DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMENT_PREFIX = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class StateKind:
    """One kind of state file: its model, its schema file, and which files under state/ it describes."""

    name: str
    model: type[BaseModel]
    pattern: str
    title: str

    @property
    def filename(self) -> str:
        return f"{self.name}.schema.json"


KINDS = (
    StateKind("postgres", DatabaseSpec, "postgres/*.yaml", "A PostgreSQL database: state/postgres/<database>.yaml"),
    StateKind(
        "postgres_roles", RolesSpec, "postgres/_roles.yaml", "PostgreSQL cluster roles: state/postgres/_roles.yaml"
    ),
    StateKind("seeds", SeedFileSpec, "seeds/*/*.yaml", "Seed rows of one table: state/seeds/<database>/<table>.yaml"),
    StateKind("redis", RedisSpec, "redis.yaml", "Redis keys, ACL users and configuration: state/redis.yaml"),
    StateKind("influxdb", InfluxSpec, "influxdb.yaml", "InfluxDB 2 organization and buckets: state/influxdb.yaml"),
    StateKind(
        "elasticsearch", ElasticsearchSpec, "elasticsearch.yaml", "Elasticsearch indices: state/elasticsearch.yaml"
    ),
    StateKind("kafka", KafkaSpec, "kafka.yaml", "Kafka topics and ACLs: state/kafka.yaml"),
)


def json_schema(kind: StateKind) -> dict[str, Any]:
    schema = kind.model.model_json_schema()
    return {"$schema": DIALECT, "title": kind.title, **{k: v for k, v in schema.items() if k != "title"}}


def render(kind: StateKind) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write one schema file per kind into `out` (created if missing); return the paths written."""
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            path = out / kind.filename
            path.write_text(render(kind), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise cannot_write("schemas", out, exc, folder_output=True) from None
    return written


def schema_comment(state_file: Path, schema_dir: Path, kind: StateKind) -> str:
    """The first line that points an editor at the schema, with a path relative to the state file."""
    target = os.path.relpath(schema_dir.resolve() / kind.filename, state_file.parent.resolve())
    return f"{COMMENT_PREFIX}{Path(target).as_posix()}"


def annotate(state_file: Path, schema_dir: Path, kind: StateKind) -> bool:
    """Make the file's first line the schema comment (replacing an older one); True when the file changed."""
    try:
        text = state_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ReconcileError(f"cannot annotate {state_file}: {reason.lower()}") from None
    comment = schema_comment(state_file, schema_dir, kind)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith(COMMENT_PREFIX):
        if lines[0].rstrip("\n") == comment:
            return False
        lines = lines[1:]
    try:
        state_file.write_text(comment + "\n" + "".join(lines), encoding="utf-8")
    except OSError as exc:
        raise cannot_write("the schema comment", state_file, exc) from None
    return True


def kind_of(relative: Path) -> StateKind | None:
    """The kind of a state file, from its path under the state directory; a named file wins over a pattern.

    (`postgres/_roles.yaml` is the roles file, though `postgres/*.yaml` matches it too.)
    """
    depth = len(relative.parts)
    matching = [kind for kind in KINDS if len(Path(kind.pattern).parts) == depth and relative.match(kind.pattern)]
    return min(matching, key=lambda kind: "*" in kind.pattern, default=None)


def state_files(state_dir: Path) -> list[tuple[Path, StateKind]]:
    """Every state file of a state directory with its kind."""
    found = []
    for kind in KINDS:
        for path in sorted(state_dir.glob(kind.pattern)):
            if kind_of(path.relative_to(state_dir)) == kind:
                found.append((path, kind))
    return found
