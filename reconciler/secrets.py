"""Secrets: `${env:NAME}` references, resolved late and never written anywhere.

A state file says `password_hash: ${env:AI4I_ADMIN_PASSWORD}`. The value is
read from the environment when a plan is computed (to compare) and again
when it is applied (to write), so it never sits in a state file, a plan
file or any output. Statements that need a secret carry a token such as
`${env:AI4I_ADMIN_PASSWORD|argon2}` that the executor replaces at the last
moment; renderers print the token, which says where the value comes from.
A `|conninfo` token stands inside a connection string's SQL literal
(`CONNECTION 'host=db password=${env:PW|conninfo}'`): it is replaced by the
value quoted for libpq, and escaped for the literal it stands in.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION

from reconciler import scram
from reconciler.errors import ReconcileError

ENV_REFERENCE = re.compile(r"^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$")
TOKEN = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?:\|(argon2|sha256|scram|conninfo))?\}")
# A libpq connection string value libpq reads as written, without quotes: no blank, quote or backslash.
_CONNINFO_PLAIN = re.compile(r"[^\s'\\]+")
MASK = "(sensitive)"

_hasher = PasswordHasher()


def _zero_bytes(length: int) -> str:
    """`length` zero bytes in an argon2 hash's spelling: base64 without padding."""
    return base64.b64encode(bytes(length)).decode().rstrip("=")


# What _hasher.hash writes, zero bytes for its salt and digest: `$argon2id$v=19$m=65536,t=3,p=4$AAAA...$AAAA...`.
ARGON2_SHAPE = "$".join(
    [
        "",
        f"argon2{_hasher.type.name.lower()}",
        f"v={ARGON2_VERSION}",
        f"m={_hasher.memory_cost},t={_hasher.time_cost},p={_hasher.parallelism}",
        _zero_bytes(_hasher.salt_len),
        _zero_bytes(_hasher.hash_len),
    ]
)


@dataclass(frozen=True)
class SecretRef:
    """A value that comes from an environment variable, optionally stored as an argon2 hash."""

    env: str
    transform: str | None = None

    @property
    def token(self) -> str:
        return "${env:" + self.env + (f"|{self.transform}" if self.transform else "") + "}"

    def secret(self) -> str:
        """The plain secret from the environment; a clear error when the variable is missing."""
        value = os.environ.get(self.env)
        if value is None:
            raise ReconcileError(f"environment variable {self.env} is not set (needed for a secret value)")
        return value

    def stored_value(self) -> str:
        """What is written: the secret, a fresh argon2id hash, its SHA-256 digest (Redis ACL) or a SCRAM verifier."""
        if self.transform == "argon2":
            return hash_password(self.secret())
        if self.transform == "sha256":
            return hashlib.sha256(self.secret().encode()).hexdigest()
        if self.transform == "scram":
            return scram.verifier(self.secret())
        if self.transform == "conninfo":
            return conninfo_quoted(self.secret())
        return self.secret()

    def staged_value(self) -> str:
        """A value of the stored value's shape, to check that it fits its column before anything is written.

        An argon2 hash is salted afresh each time and costs 0.2 s of CPU, in every plan of a seeded password:
        a hash of the same parameters and lengths, its salt and digest zero bytes, stands in for it. The
        variable must be set all the same.
        """
        if self.transform != "argon2":
            return self.stored_value()
        self.secret()
        return ARGON2_SHAPE

    def matches(self, stored: str | None) -> bool:
        """Whether the stored value already holds this secret (argon2: verify, never rehash)."""
        if stored is None:
            return False
        if self.transform == "argon2":
            return verify_password(stored, self.secret())
        if self.transform == "scram":
            return scram.matches(stored, self.secret())
        return stored == self.secret()


def parse_reference(value: object) -> str | None:
    """The variable name when `value` is exactly `${env:NAME}`."""
    if isinstance(value, str):
        match = ENV_REFERENCE.match(value)
        if match:
            return match[1]
    return None


def conninfo_quoted(value: str) -> str:
    """A libpq connection string value: as it is where libpq reads it so (no blank, quote or backslash; as people
    write `password=s3cret`, and as pg_dump then shows it), else single-quoted, its backslashes and quotes escaped
    with a backslash."""
    if _CONNINFO_PLAIN.fullmatch(value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def hash_password(secret: str) -> str:
    return _hasher.hash(secret)


def verify_password(stored_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def resolve_tokens(sql: str, quote: object, revealed: list[str] | None = None) -> str:
    """Replace every secret token in an SQL statement by the quoted value (at apply time only).

    The values written are added to `revealed`, so an error message that
    quotes them (a server's "invalid input syntax: ...") can be masked.
    """
    assert callable(quote)

    def substitute(match: re.Match[str]) -> str:
        reference = SecretRef(match[1], match[2])
        value = reference.stored_value()
        if revealed is not None:
            revealed.extend([value, reference.secret()])
        quoted = str(quote(value))
        # Inside the literal of a connection string already: the value as the literal holds it, quotes left off.
        return quoted[1:-1] if reference.transform == "conninfo" else quoted

    return TOKEN.sub(substitute, sql)


def mask_values(text: str, values: Iterable[str]) -> str:
    """`text` with every occurrence of the given secret values replaced by the mask."""
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        text = text.replace(value, MASK)
    return text
