"""Send an Elasticsearch plan's REST calls in dependency order.

Component templates before the index templates composed of them, policies
and pipelines before indices that use them, indices before their settings,
mappings and aliases, deletions last. Elasticsearch has no transactions: a
failing call names its change and what was applied before it.
"""

from __future__ import annotations

import json

from reconciler.changes import Change
from reconciler.elasticsearch.client import Elastic, EsApiError, EsUnreachable
from reconciler.errors import ApplyError
from reconciler.targets import scrub


def migrate(es: Elastic, change: Change, allow_destructive: bool) -> None:
    """Reindex an aliased index into its next version and move the alias in one atomic call.

    The alias is never missing: it moves with a single _aliases request, and
    only after the new index holds as many documents as the old one.
    """
    plan = change.after
    source, target = plan["from"], plan["to"]
    es.create_index(target, plan["body"])
    es.reindex(source, target)
    es.refresh([source, target])
    before, after = es.count(source), es.count(target)
    if before != after:
        raise ApplyError(
            f"{change.address}: {target} holds {after} documents after the reindex but {source} holds {before} "
            f"(writes during the copy?); the alias still points at {source} and {target} is kept for inspection"
        )
    es.update_aliases(plan["swap"])
    if allow_destructive:
        es.delete_index(source)


def update_closed(es: Elastic, change: Change) -> None:
    """Close the index, change the settings only a closed index accepts, and open it again whatever happens.

    A failed update must not leave the index closed: the open is sent in any case, and the update's error
    is raised after it.
    """
    index, settings = change.after["index"], change.after["settings"]
    es.close_index(index)
    try:
        es.put_settings(index, settings)
    finally:
        es.open_index(index)


def _closed_updates(es: Elastic, changes: list[Change], applied: list[str]) -> None:
    for change in changes:
        if not (isinstance(change.after, dict) and change.after.get("reopen")):
            continue
        try:
            update_closed(es, change)
        except EsApiError as exc:
            raise ApplyError(
                f"{change.address}: Elasticsearch refused the update of a closed index: {scrub(exc)}; "
                "the index was opened again with its settings unchanged",
                applied,
            ) from None
        except EsUnreachable as exc:
            raise ApplyError(
                f"{change.address}: no answer from Elasticsearch while the index was closed for an update "
                f"({scrub(exc)}); check that it is open again (`GET _cat/indices`)",
                applied,
            ) from None
        applied.append(change.address)


def apply_elasticsearch(es: Elastic, changes: list[Change], allow_destructive: bool = False) -> list[str]:
    applied: list[str] = []
    calls = sorted(
        ((s.phase, i, s, c) for i, c in enumerate(changes) for s in c.statements if s.args),
        key=lambda item: (item[0], item[1]),
    )
    for _, _, statement, change in calls:
        method, path, payload = statement.args or ["", "", ""]
        try:
            es.request(method, path, body=json.loads(payload) if payload else None)
        except EsApiError as exc:
            raise ApplyError(
                f"{change.address}: Elasticsearch refused `{method} {path}`: {scrub(exc)}\n"
                f"{len(applied)} change(s) were applied before it; run `reconcile plan` to see what is left.",
                applied,
            ) from None
        except EsUnreachable as exc:
            raise ApplyError(
                f"{change.address}: no answer from Elasticsearch to `{method} {path}`: {scrub(exc)}\n"
                f"{len(applied)} change(s) were applied before it; run `reconcile plan` to see what is left.",
                applied,
            ) from None
        if change.address not in applied:
            applied.append(change.address)
    _closed_updates(es, changes, applied)
    for change in changes:
        if change.needs_reindex:
            try:
                migrate(es, change, allow_destructive)
            except EsApiError as exc:
                raise ApplyError(
                    f"{change.address}: Elasticsearch refused the migration: {scrub(exc)}; "
                    f"the alias was not moved unless the error came from the final DELETE",
                    applied,
                ) from None
            except EsUnreachable as exc:
                raise ApplyError(
                    f"{change.address}: no answer from Elasticsearch during the migration ({scrub(exc)}); "
                    "a long _reindex may still be running on the server (see `GET _tasks?actions=*reindex`). "
                    "The alias moves only after the document counts match: `reconcile plan` shows where the migration "
                    "stands",
                    applied,
                ) from None
            except ApplyError as exc:
                raise ApplyError(str(exc), applied) from None
            applied.append(change.address)
    return applied
