"""Send an Elasticsearch plan's REST calls in dependency order.

Component templates before the index templates composed of them, policies
and pipelines before indices that use them, indices before their settings,
mappings and aliases, deletions last. Elasticsearch has no transactions: a
failing call names its change and what was applied before it.
"""

from __future__ import annotations

import json

from elasticsearch import ApiError, Elasticsearch

from reconciler.changes import Change
from reconciler.errors import ApplyError

HEADERS = {"accept": "application/json", "content-type": "application/json"}


def apply_elasticsearch(es: Elasticsearch, changes: list[Change]) -> list[str]:
    applied: list[str] = []
    calls = sorted(
        ((s.phase, i, s, c) for i, c in enumerate(changes) for s in c.statements if s.args),
        key=lambda item: (item[0], item[1]),
    )
    for _, _, statement, change in calls:
        method, path, payload = statement.args or ["", "", ""]
        try:
            es.perform_request(method, path, headers=HEADERS, body=json.loads(payload) if payload else None)
        except ApiError as exc:
            raise ApplyError(
                f"{change.address}: Elasticsearch refused `{method} {path}`: {exc.message} ({exc.info})\n"
                f"{len(applied)} change(s) were applied before it; run `reconcile plan` to see what is left."
            ) from None
        if change.address not in applied:
            applied.append(change.address)
    return applied
