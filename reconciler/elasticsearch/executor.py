"""Send an Elasticsearch plan's REST calls in dependency order.

Component templates before the index templates composed of them, policies
and pipelines before indices that use them, indices before their settings,
mappings and aliases, deletions last. Elasticsearch has no transactions: a
failing call names its change and what was applied before it.
"""

from __future__ import annotations

import json

from elasticsearch import ApiError, Elasticsearch, TransportError

from reconciler.changes import Change
from reconciler.errors import ApplyError
from reconciler.targets import scrub

HEADERS = {"accept": "application/json", "content-type": "application/json"}


def migrate(es: Elasticsearch, change: Change, allow_destructive: bool) -> None:
    """Reindex an aliased index into its next version and move the alias in one atomic call.

    The alias is never missing: it moves with a single _aliases request, and
    only after the new index holds as many documents as the old one.
    """
    plan = change.after
    source, target = plan["from"], plan["to"]
    es.indices.create(index=target, **plan["body"])
    es.reindex(source={"index": source}, dest={"index": target}, wait_for_completion=True, refresh=True)
    es.indices.refresh(index=[source, target])
    before, after = es.count(index=source)["count"], es.count(index=target)["count"]
    if before != after:
        raise ApplyError(
            f"{change.address}: {target} holds {after} documents after the reindex but {source} holds {before} "
            f"(writes during the copy?); the alias still points at {source} and {target} is kept for inspection"
        )
    es.indices.update_aliases(actions=plan["swap"])
    if allow_destructive:
        es.indices.delete(index=source)


def update_closed(es: Elasticsearch, change: Change) -> None:
    """Close the index, change the settings only a closed index accepts, and open it again whatever happens.

    A failed update must not leave the index closed: the open is sent in any case, and the update's error
    is raised after it.
    """
    index, settings = change.after["index"], change.after["settings"]
    es.indices.close(index=index)
    try:
        es.indices.put_settings(index=index, settings=settings)
    finally:
        es.indices.open(index=index)


def _closed_updates(es: Elasticsearch, changes: list[Change], applied: list[str]) -> None:
    for change in changes:
        if not (isinstance(change.after, dict) and change.after.get("reopen")):
            continue
        try:
            update_closed(es, change)
        except ApiError as exc:
            raise ApplyError(
                f"{change.address}: Elasticsearch refused the update of a closed index: {scrub(exc.message)} "
                f"({scrub(exc.info)}); the index was opened again with its settings unchanged",
                applied,
            ) from None
        except TransportError as exc:
            raise ApplyError(
                f"{change.address}: no answer from Elasticsearch while the index was closed for an update "
                f"({scrub(exc)}); check that it is open again (`GET _cat/indices`)",
                applied,
            ) from None
        applied.append(change.address)


def apply_elasticsearch(es: Elasticsearch, changes: list[Change], allow_destructive: bool = False) -> list[str]:
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
                f"{change.address}: Elasticsearch refused `{method} {path}`: {scrub(exc.message)} ({scrub(exc.info)})\n"
                f"{len(applied)} change(s) were applied before it; run `reconcile plan` to see what is left.",
                applied,
            ) from None
        except TransportError as exc:
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
            except ApiError as exc:
                raise ApplyError(
                    f"{change.address}: Elasticsearch refused the migration: {scrub(exc.message)} ({scrub(exc.info)}); "
                    f"the alias was not moved unless the error came from the final DELETE",
                    applied,
                ) from None
            except TransportError as exc:
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
