"""Normalize only what the recorded units do not already hold.

The plan reads every unit of the state file (normalization_units) from the
target's `_reconcile.normalized_units` in one query. Then:

- every unit recorded: the desired schema is joined from them, no trial;
- the base missing, or a state whose base reads tables (views...): the whole
  trial, as without a cache; for a large schema whose units are exact, split
  into chunks of tables normalized at once on connections of their own
  (parallel_trial);
- only some tables missing: a trial of just those tables, the base's types,
  functions and sequences they may use, and a bare copy (columns and keys) of
  each table their foreign keys reference. Only the missing tables are read
  back from it. Should that trial fail, or its tables clash with recorded
  ones (a serial's sequence name PostgreSQL picks depends on what exists),
  the whole trial runs instead, so an error names the state file as it
  would have without the cache.

Whatever was normalized is returned for apply's closing plan to record.
Within one command the units normalized so far are carried too
(normalization_cache.Carried): apply's closing plan takes the units its
first plan normalized instead of running the trial again, and records them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from reconciler.errors import ReconcileError
from reconciler.postgres import normalization_cache, parallel_trial
from reconciler.postgres.inspector import InspectionStats
from reconciler.postgres.model import Database
from reconciler.postgres.normalization_units import TableName, UnitKeys, joined, split, trial_units, unit_keys
from reconciler.postgres.normalize import Locator, normalize
from reconciler.postgres.spec.database import DatabaseSpec

Normalizer = Callable[[DatabaseSpec], Database]


@dataclass
class CachedNormalization:
    """The desired schema, the units normalized to get it (key -> fragment), and every unit's key."""

    desired: Database
    normalized: dict[str, Database] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)


def normalize_with_cache(
    target: psycopg.Connection[Any],
    normalizer: psycopg.Connection[Any],
    spec: DatabaseSpec,
    locate: Locator,
    stats: InspectionStats,
    notes: list[str],
    roles: Sequence[str] = (),
    carried: normalization_cache.Carried | None = None,
    connect: parallel_trial.Connect | None = None,
) -> CachedNormalization:
    """The desired schema of `spec`, from the units `target` recorded and a trial (on `normalizer`) of the rest.

    `connect` opens another connection to the normalizing server, for a whole trial split into chunks.
    """
    keys = unit_keys(spec, normalization_cache.context_digest(normalizer, spec))
    recorded = normalization_cache.read(target, keys.all(), notes)
    if carried is None:
        return _normalize(spec, keys, recorded, stats, locate, normalizer, roles, connect)
    # Carried units the target has not recorded: used like recorded ones, and recorded by a closing plan.
    unrecorded = [key for key in keys.all() if key not in recorded]
    result = _normalize(spec, keys, {**recorded, **carried.take(unrecorded)}, stats, locate, normalizer, roles, connect)
    carried.keep(result.normalized)
    # Fresh copies of the carried units it used (the ones joined above may change with the plan), to record.
    result.normalized = {**carried.take([k for k in unrecorded if k not in result.normalized]), **result.normalized}
    return result


def _normalize(
    spec: DatabaseSpec,
    keys: UnitKeys,
    recorded: dict[str, Database],
    stats: InspectionStats,
    locate: Locator,
    normalizer: psycopg.Connection[Any],
    roles: Sequence[str],
    connect: parallel_trial.Connect | None,
) -> CachedNormalization:
    """The desired schema from the `recorded` units, with a trial of only what they lack when they can."""

    def trial_on(conn: psycopg.Connection[Any], part: DatabaseSpec) -> Database:
        desired, _ = normalize(conn, part, locate, stats, roles=roles)
        stats.normalized(sum(len(schema.tables) for schema in part.schemas.values()))
        return desired

    def trial(part: DatabaseSpec) -> Database:
        return trial_on(normalizer, part)

    missing = {name for name, key in keys.tables.items() if key not in recorded}
    stats.reused(len(keys.tables) - len(missing) + (keys.base in recorded))
    if keys.base in recorded and not missing:
        desired = joined(recorded[keys.base], [recorded[key] for key in keys.tables.values()], spec)
        if desired is not None:
            return CachedNormalization(desired, {}, keys.all())
    elif keys.base in recorded and keys.partial:
        partial = _partial(spec, keys, recorded, missing, trial)
        if partial is not None:
            return partial
    if connect is not None:
        chunked = parallel_trial.normalize_in_chunks(spec, keys, normalizer, connect, trial_on, roles)
        if chunked is not None:
            return CachedNormalization(chunked[0], chunked[1], keys.all())
    return _whole(spec, keys, trial)


def _whole(spec: DatabaseSpec, keys: UnitKeys, trial: Normalizer) -> CachedNormalization:
    desired = trial(spec)
    base, fragments = split(desired)
    normalized = {keys.base: base}
    normalized.update({keys.tables[name]: fragment for name, fragment in fragments.items() if name in keys.tables})
    return CachedNormalization(desired, normalized, keys.all())


def _partial(
    spec: DatabaseSpec,
    keys: UnitKeys,
    recorded: dict[str, Database],
    missing: set[TableName],
    trial: Normalizer,
) -> CachedNormalization | None:
    """The missing tables normalized alone and joined with the recorded units; None when the whole trial must run."""
    try:
        found = trial_units(spec, missing, trial)
    except (ReconcileError, psycopg.Error):
        return None
    if found is None:
        return None
    fresh = {keys.tables[name]: fragment for name, fragment in found[1].items()}
    reused = [recorded[key] for name, key in keys.tables.items() if name not in missing]
    desired = joined(recorded[keys.base], [*reused, *fresh.values()], spec)
    return None if desired is None else CachedNormalization(desired, fresh, keys.all())
