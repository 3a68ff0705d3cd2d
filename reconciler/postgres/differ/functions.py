"""What differs between two versions of a function, and SECURITY DEFINER functions without a search_path."""

from __future__ import annotations

from reconciler.postgres.differ.addresses import BACKEND, display_name
from reconciler.postgres.model import (
    Database,
    Function,
)


def function_changes(before: Function, after: Function) -> list[str]:
    """What differs between two versions of a function, one line per option (`set search_path: ...`)."""
    old, new = before.model_dump(exclude={"settings"}), after.model_dump(exclude={"settings"})
    lines = [f"{key}: {old[key]!r} -> {new[key]!r}" for key in new if key != "body" and old[key] != new[key]]
    if before.body != after.body:
        lines.append("body changed")
    for name in sorted(before.settings.keys() | after.settings.keys()):
        was, will = before.settings.get(name), after.settings.get(name)
        if was != will:
            lines.append(f"set {name}: {_setting_text(was)} -> {_setting_text(will)}")
    if before.settings == after.settings and list(before.settings) != list(after.settings):
        lines.append(f"set order: {', '.join(before.settings)} -> {', '.join(after.settings)}")
    return lines


def _setting_text(value: str | None) -> str:
    return "(not set)" if value is None else repr(value)


def _has_search_path(fn: Function) -> bool:
    return any(name.lower() == "search_path" for name in fn.settings)


def _loses_search_path(want: Function, have: Function) -> bool:
    return want.security_definer and _has_search_path(have) and not _has_search_path(want)


def security_warnings(desired: Database) -> list[str]:
    """SECURITY DEFINER functions declared without `set: {search_path: ...}`.

    Such a function runs with its owner's rights but its caller's search_path: a caller who can
    create objects in any schema on that path can make it call their own operator or function.
    """
    base = f"{BACKEND}.{desired.name}"
    return [
        f"{base}.{fn.kind}.{display_name(fn.schema_name, fn.name)}({fn.identity_arguments}) is SECURITY DEFINER "
        "without a search_path: it resolves names with its caller's search_path. Declare "
        "set: {search_path: ...} listing only schemas untrusted users cannot write, pg_temp last."
        for fn in desired.functions.values()
        if fn.security_definer and not _has_search_path(fn)
    ]
