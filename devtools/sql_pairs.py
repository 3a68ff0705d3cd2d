"""A -> B schema pairs written in SQL, run the way schema-diff tools are measured.

Each pair is a folder holding `a.sql` and `b.sql` (and optionally
`setup.sql`, run once in the `postgres` database before either, for what is
cluster-wide such as roles; "already exists" errors there are ignored, since
pairs share one cluster). For each pair:

1. databases A and B are built straight from the SQL (psql, stop on error);
2. `reconcile export --database B` writes B's state file, which is renamed
   to declare A, and the roles file of the roles B names, kept as it is;
3. `reconcile apply --allow-destructive` applies it onto A; the secrets the
   export wrote as `${env:NAME}` placeholders (servers' and user mappings'
   password options, a subscription's connection password) are set in the
   environment to B's values, as the exported file's header asks whoever
   adopts a database to do;
4. `reconcile plan --detailed-exitcode` must then find nothing (converged);
5. A and B are compared entry by entry in `pg_dump --schema-only` form, which
   carries owners, privileges, default privileges, comments, options, RLS,
   policies, partition bounds and constraint validity. Within a CREATE TABLE
   the column lines are compared as a set: no declarative tool reorders the
   columns of a live table (that is a rewrite), and A's added columns come last.
   The schema `_reconcile` (reconcile's apply records and normalization
   cache, reserved) is not part of the comparison. A schema dump leaves out
   what belongs to the database itself, so where B has privileges (GRANT ...
   ON DATABASE) or settings (ALTER DATABASE / ALTER ROLE ... IN DATABASE ...
   SET) A must hold the same, as the catalogs keep them (where B has none,
   the export declares none and A's are left alone, as the file format says).

The test suite runs the pairs under tests/postgres/pairs/; `python -m
devtools.sql_pairs DIR...` runs any folder of pairs (such as a peer's corpus
converted to this layout) against a throwaway cluster and prints the outcome
of each pair and the pass rate, without keeping anything.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
import psycopg.sql
import yaml

from devtools.pgcluster import find_bindir, server_url
from reconciler.postgres import conninfo
from reconciler.secrets import parse_reference

Status = Literal["pass", "setup_error", "export_error", "apply_error", "not_converged", "differs"]
# Runs `reconcile` with these arguments; returns its exit code and everything it printed.
Runner = Callable[[list[str]], tuple[int, str]]

_HEADER = re.compile(r"^-- Name: .*; Type: .*; Schema: .*; Owner: .*$", re.MULTILINE)


@dataclass(frozen=True)
class Pair:
    name: str
    folder: Path

    def read(self, part: str) -> str:
        path = self.folder / f"{part}.sql"
        return path.read_text(encoding="utf-8") if path.exists() else ""


@dataclass
class Outcome:
    pair: str
    status: Status
    detail: str = ""


def find_pairs(*roots: Path) -> list[Pair]:
    """Every folder under `roots` with an a.sql and a b.sql, named by its path below its root."""
    pairs = []
    for root in roots:
        for a in sorted(root.rglob("a.sql")):
            if (a.parent / "b.sql").exists():
                name = a.parent.relative_to(root).as_posix() if a.parent != root else root.name
                pairs.append(Pair(name, a.parent))
    return pairs


def psql(url: str, dbname: str, script: str, *, ignore_existing: bool = False) -> str | None:
    """Run `script` with psql in `dbname`, stopping at the first error; the error text, or None."""
    if not script.strip():
        return None
    stop = "ON_ERROR_STOP=0" if ignore_existing else "ON_ERROR_STOP=1"
    result = subprocess.run(
        _client("psql", url, "-X", "-q", "-v", stop, "-d", dbname),
        input=script,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    if ignore_existing:
        errors = [line for line in errors if "already exists" not in line]
    return "\n".join(errors) or (result.stderr.strip() if result.returncode else None)


def _client(program: str, url: str, *args: str) -> list[str]:
    """The command line of a PostgreSQL client program for the server `url` names."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    server = ["-h", str(params.get("host", "127.0.0.1")), "-p", str(params.get("port", "5432"))]
    return [str(find_bindir() / program), *server, "-U", str(params.get("user", "postgres")), *args]


def schema_dump(url: str, dbname: str) -> Counter[str]:
    """pg_dump --schema-only as a multiset of entries (header without the dump's own ids, then the SQL)."""
    # _reconcile: reconcile's own records (history, normalization cache).
    dumped = subprocess.run(
        # No security labels: no label provider is loaded, so none can exist, and reading pg_seclabels (a view
        # over a dozen catalogs) cost each dump a tenth of its server time.
        _client("pg_dump", url, "--schema-only", "--no-security-labels", "--exclude-schema=_reconcile", dbname),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in dumped.splitlines() if not line.startswith(("\\restrict", "\\unrestrict"))]
    text = "\n".join(lines)
    entries: Counter[str] = Counter()
    starts = [m.start() for m in _HEADER.finditer(text)]
    ends = [*starts[1:], len(text)] if starts else []  # a dump of an empty database has no entries
    for start, end in zip(starts, ends, strict=True):
        chunk = text[start:end]
        header, _, body = chunk.partition("\n")
        body = "\n".join(line for line in body.splitlines() if line.strip() and not line.startswith("--"))
        entries[f"{header}\n{_columns_as_set(body)}"] += 1
    return entries


def database_level(server: psycopg.Connection[Any], dbname: str) -> tuple[Any, ...]:
    """What a schema dump leaves out of a database: its ACL and its settings (the database's and each role's)."""
    acl = server.execute("SELECT datacl::text FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    settings = server.execute(
        "SELECT coalesce(r.rolname, ''), s.setconfig FROM pg_db_role_setting s "
        "JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole "
        "WHERE d.datname = %s ORDER BY 1",
        (dbname,),
    ).fetchall()
    return (acl[0] if acl else None, settings)


def _columns_as_set(body: str) -> str:
    """A CREATE TABLE with its column lines sorted (and their trailing commas dropped); anything else as is."""
    # The closing bracket may be followed by INHERITS (...) and PARTITION BY ... lines before the `;`.
    match = re.match(r"^(CREATE (?:UNLOGGED |FOREIGN )?TABLE [^\n]* \(\n)(.*?)(\n\)[^;]*;)", body, re.DOTALL)
    if not match:
        return body
    columns = sorted(line.rstrip(",") for line in match[2].splitlines())
    return match[1] + "\n".join(columns) + match[3] + body[match.end() :]


def dump_difference(a: Counter[str], b: Counter[str]) -> str:
    """The entries only A has and only B has, each marked, for a failure message."""
    only_a = sorted((a - b).elements())
    only_b = sorted((b - a).elements())
    return "\n".join([*(f"- A has: {e}" for e in only_a), *(f"+ B has: {e}" for e in only_b)])


def run_pair(
    pair: Pair, url: str, work: Path, reconcile: Runner, then: Callable[[str, Path], None] | None = None
) -> Outcome:
    """Build A and B from SQL, export B, apply it onto A, and compare; never raises for the pair's own failures.

    `then`, given B's database and the folder B was exported to, runs once the pair passed and before the
    databases are dropped: the tests check more on the pair's own B there, without building it again.
    """
    suffix = uuid.uuid4().hex[:10]
    a_db, b_db = f"pair_a_{suffix}", f"pair_b_{suffix}"
    with _databases(url, a_db, b_db) as server:
        error = psql(url, "postgres", pair.read("setup"), ignore_existing=True)
        error = error or psql(url, a_db, pair.read("a")) or psql(url, b_db, pair.read("b"))
        if error:
            return Outcome(pair.name, "setup_error", error)
        exported = work / f"export-{suffix}"
        code, output = reconcile(["export", "--only", "postgres", "--database", b_db, "--out", str(exported)])
        if code != 0:
            return Outcome(pair.name, "export_error", output)
        state = work / f"state-{suffix}"
        document = _declare_as(exported / "postgres" / f"{b_db}.yaml", state / "postgres" / f"{a_db}.yaml", a_db)
        roles = exported / "postgres" / "_roles.yaml"
        if roles.is_file():  # the roles B names: the round trip covers the roles file too
            shutil.copy(roles, state / "postgres" / roles.name)
        apply = ["apply", "--state", str(state), "--only", "postgres", "--auto-approve", "--allow-destructive"]
        with _environment(exported_secrets(url, b_db, document)):
            code, applied = reconcile(apply)
            if code != 0:
                return Outcome(pair.name, "apply_error", applied)
            code, output = reconcile(["plan", "--state", str(state), "--only", "postgres", "--detailed-exitcode"])
        if code != 0:
            return Outcome(pair.name, "not_converged", output)
        a_dump, b_dump = schema_dump(url, a_db), schema_dump(url, b_db)
        if a_dump != b_dump:
            return Outcome(pair.name, "differs", f"{dump_difference(a_dump, b_dump)}\nThe apply printed:\n{applied}")
        a_own, b_own = database_level(server, a_db), database_level(server, b_db)
        if b_own != (None, []) and a_own != b_own:
            detail = f"- A has: {a_own}\n+ B has: {b_own}"
            return Outcome(pair.name, "differs", f"{detail}\nThe apply printed:\n{applied}")
        if then is not None:
            then(b_db, exported)
        return Outcome(pair.name, "pass")


# libyaml's: the pure-Python loader and dumper were a noticeable part of a pair's own time.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _declare_as(exported: Path, target: Path, dbname: str) -> dict[str, Any]:
    """B's exported file, declaring database A instead (the rest of the file untouched); its document."""
    data: dict[str, Any] = yaml.load(exported.read_text(encoding="utf-8"), Loader=_LOADER)
    data["database"] = dbname
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return data


_SERVER_OPTION = (
    "SELECT o.option_value FROM pg_foreign_server s, pg_options_to_table(s.srvoptions) o "
    "WHERE s.srvname = %s AND o.option_name = %s"
)
_MAPPING_OPTION = (
    "SELECT o.option_value FROM pg_user_mappings m, pg_options_to_table(m.umoptions) o "
    "WHERE m.srvname = %s AND m.usename = %s AND o.option_name = %s"
)
_SUBSCRIPTION = (
    "SELECT subconninfo FROM pg_subscription WHERE subname = %s "
    "AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def exported_secrets(url: str, dbname: str, document: dict[str, Any]) -> dict[str, str]:
    """The value of each `${env:NAME}` placeholder the export of `dbname` wrote for a secret (servers' and user
    mappings' options, subscriptions' connection strings), read from `dbname` itself: what whoever adopts a
    database puts in the environment, as the exported file's header asks."""
    if "${env:" not in json.dumps(document):
        return {}
    found: dict[str, str] = {}
    with psycopg.connect(url + dbname, autocommit=True) as conn:

        def read(query: str, *params: str) -> str | None:
            row = conn.execute(query, params).fetchone()
            return None if row is None else str(row[0])

        def take(value: object, query: str, *params: str) -> None:
            variable = parse_reference(value)
            secret = read(query, *params) if variable is not None else None
            if variable is not None and secret is not None:
                found[variable] = secret

        for server, spec in (document.get("servers") or {}).items():
            for option, value in ((spec or {}).get("options") or {}).items():
                take(value, _SERVER_OPTION, server, option)
            for role, mapping in ((spec or {}).get("user_mappings") or {}).items():
                for option, value in ((mapping or {}).get("options") or {}).items():
                    take(value, _MAPPING_OPTION, server, role, option)
        for name, spec in (document.get("subscriptions") or {}).items():
            declared = conninfo.secrets((spec or {}).get("connection") or "")  # keyword -> ${env:NAME}
            live = read(_SUBSCRIPTION, name) if declared else None
            values = conninfo.secrets(live) if live is not None else {}
            for keyword, token in declared.items():
                variable = parse_reference(token)
                if variable is not None and keyword in values:
                    found[variable] = values[keyword]
    return found


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """`values` set in the environment for the block, then what was there before put back."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# By server: the connection that creates and drops the pairs' databases, one for every pair a process runs.
_SERVERS: dict[str, psycopg.Connection[Any]] = {}


def _server(url: str) -> psycopg.Connection[Any]:
    """The connection to `url`'s maintenance database this process keeps: a connection costs the server a
    process and its catalog caches built anew, and a pair opens a dozen."""
    conn = _SERVERS.get(url)
    if conn is not None:
        try:  # the server may have been restarted since
            conn.execute("SELECT 1")
            return conn
        except psycopg.Error:
            conn.close()
    conn = _SERVERS[url] = psycopg.connect(url + "postgres", autocommit=True)
    return conn


@contextlib.contextmanager
def _databases(url: str, *names: str) -> Iterator[psycopg.Connection[Any]]:
    conn = _server(url)
    for name in names:
        # FILE_COPY: template1 copied as files, not written through the WAL; half the time of WAL_LOG.
        conn.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY'.encode())
    try:
        yield conn
    finally:
        for name in names:
            drop_subscriptions(url, name, conn)
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def drop_subscriptions(url: str, dbname: str, server: psycopg.Connection[Any] | None = None) -> None:
    """Drop a pair's subscriptions, which keep DROP DATABASE out even WITH (FORCE); their slots are not touched.

    `server`: a connection to another database of the server, to look for them without opening one.
    """
    query = "SELECT s.subname FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = %s"
    if server is None:
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            found = conn.execute(query, (dbname,)).fetchall()
    else:
        found = server.execute(query, (dbname,)).fetchall()
    if not found:
        return
    with psycopg.connect(url + dbname, autocommit=True) as conn:
        for (name,) in found:
            quoted = psycopg.sql.Identifier(name)
            conn.execute(psycopg.sql.SQL("ALTER SUBSCRIPTION {} DISABLE").format(quoted))
            conn.execute(psycopg.sql.SQL("ALTER SUBSCRIPTION {} SET (slot_name = NONE)").format(quoted))
            conn.execute(psycopg.sql.SQL("DROP SUBSCRIPTION {}").format(quoted))


def in_process_runner() -> Runner:
    """Run `reconcile` in this process (as the tests do), capturing its output."""
    from reconciler.cli import main

    def run(args: list[str]) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        return code, out.getvalue() + err.getvalue()

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.sql_pairs", description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of pairs (any depth)")
    parser.add_argument("--url", help="a running server (postgresql://user@host:port/); default: a throwaway cluster")
    parser.add_argument("--show", action="store_true", help="print the detail of every failing pair")
    args = parser.parse_args(argv)
    pairs = find_pairs(*args.folders)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(server_url())
        os.environ["RECONCILE_POSTGRES_URL"] = url
        os.environ.pop("RECONCILE_TARGETS", None)
        os.environ["NO_COLOR"] = "1"
        work = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        runner = in_process_runner()
        counts: Counter[str] = Counter()
        started = time.monotonic()
        for pair in pairs:
            outcome = run_pair(pair, url, work, runner)
            counts[outcome.status] += 1
            print(f"{outcome.status:14} {pair.name}", flush=True)
            if args.show and outcome.status != "pass":
                print("    " + outcome.detail.strip().replace("\n", "\n    ")[:20000])
    total = len(pairs)
    scored = total - counts["setup_error"]
    print(
        f"\n{counts['pass']}/{scored} pairs pass ({100 * counts['pass'] / max(scored, 1):.1f} %), "
        + ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if status != "pass")
        + f"; {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return 0 if counts["pass"] == scored else 1


if __name__ == "__main__":
    sys.exit(main())
