"""State files as parsed before, kept by the digest of their text: a file nobody changed is not parsed again.

Parsing is the largest part of reading a large state file (0.24 s of a 2,000-table file's 0.6 s; its values
are built in Python from libyaml's events, under yaml_build.py's limits), and most plans read files that did
not change since the last plan on the same machine. So once a file parsed without an issue, its values are
kept as JSON in a folder of this user's (RECONCILE_CACHE_DIR; by default `$XDG_CACHE_HOME/reconcile`, else
`~/.cache/reconcile`; `off` turns it off), under the SHA-256 of the text, of how it was parsed (`nul_refused`)
and of the parser's own code. The next read of the same text takes them from there: json.loads instead of the
parser. What comes back is validated and cross-checked exactly as a parsed document is; only parsing is
skipped. Lines are not kept: where an issue needs one, the text is parsed again (yaml_source.SourceMap).

A folder or an entry that is not this user's alone (owned by someone else, writable by group or others, a
symbolic link), unreadable, or not what this module writes is ignored, and the file is parsed as if nothing
were kept: the folder is trusted as much as the user's own files, and no more. A document holding a value JSON
cannot keep exactly (a YAML timestamp) is not kept. At most MAX_ENTRIES are kept; the oldest go first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import Any

CACHE_VARIABLE = "RECONCILE_CACHE_DIR"
MAX_ENTRIES = 64
# Bumped when what an entry holds changes.
FORMAT = 1
# The code whose result an entry holds: a change to any of them is a miss.
_PARSER_CODE = ("yaml_build.py", "yaml_source.py", "parse_cache.py")

_LOCK = threading.Lock()


def folder() -> Path | None:
    """Where entries are kept, or None when the cache is off or there is no home to keep them in."""
    value = os.environ.get(CACHE_VARIABLE)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "false", "no") else Path(value) / "parsed"
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no HOME and no passwd entry
            return None
    return Path(base) / "reconcile" / "parsed"


def key(text: str, nul_refused: bool) -> str:
    """The entry of `text` parsed with `nul_refused`: the digest of both and of the parser's code (one SHA-256 of
    the text per read, for the lookup and, on a miss, the store)."""
    digest = hashlib.sha256(f"{_code_digest()}\n{int(nul_refused)}\n".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest() + ".json"


def lookup(entry_key: str) -> dict[str, Any] | None:
    """The values the text of `entry_key` (`key`) parsed into before, or None."""
    where = _trusted_folder(create=False)
    if where is None:
        return None
    entry = where / entry_key
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None
            data = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store(entry_key: str, data: dict[str, Any]) -> None:
    """Keep the values the text of `entry_key` parsed into; nothing happens where they cannot be kept exactly, or
    kept at all."""
    where = _trusted_folder(create=True)
    if where is None:
        return
    try:
        content = json.dumps(data, separators=(",", ":"))  # ASCII: a lone surrogate YAML can write stays escaped
    except (TypeError, ValueError):  # a timestamp, a date: JSON would not give them back as they were
        return
    with contextlib.suppress(OSError), _LOCK:
        fd, temporary = tempfile.mkstemp(dir=where, prefix=".entry-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
            os.replace(temporary, where / entry_key)
        except OSError:
            os.unlink(temporary)
            raise
        _evict(where)


@cache
def _code_digest() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for name in _PARSER_CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _own(status: os.stat_result) -> bool:
    """This user's, and writable by no one else."""
    return status.st_uid == os.geteuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_folder(*, create: bool) -> Path | None:
    where = folder()
    if where is None:
        return None
    try:
        if create:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = os.lstat(where)
    except OSError:
        return None
    return where if stat.S_ISDIR(status.st_mode) and _own(status) else None


def _evict(where: Path) -> None:
    """Delete the oldest entries beyond MAX_ENTRIES (another process may be deleting them too)."""

    def modified(entry: Path) -> float:
        try:
            return entry.stat().st_mtime
        except OSError:
            return 0.0

    for stale in sorted(where.glob("*.json"), key=modified, reverse=True)[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()
