"""SCRAM-SHA-256 password verifiers as PostgreSQL stores them (RFC 5802 / 7677), computed on the client.

`CREATE ROLE ... PASSWORD 'SCRAM-SHA-256$...'` stores a verifier as given, so
the plaintext never reaches the server, its statement log or pg_stat_activity.
Checking a live verifier derives one again with the stored salt and iteration
count: equal keys mean the same password, without ever showing either.
PostgreSQL runs the password through SASLprep first; NFKC normalization is the
part of it that changes printable passwords, and is applied here too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

PREFIX = "SCRAM-SHA-256$"
ITERATIONS = 4096  # PostgreSQL's scram_iterations default
SALT_BYTES = 16


def _keys(password: str, salt: bytes, iterations: int) -> tuple[bytes, bytes]:
    prepared = unicodedata.normalize("NFKC", password).encode()
    salted = hashlib.pbkdf2_hmac("sha256", prepared, salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest(), server_key


def verifier(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, with a fresh random salt by default."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    stored_key, server_key = _keys(password, salt, iterations)
    encode = base64.b64encode
    return f"{PREFIX}{iterations}:{encode(salt).decode()}${encode(stored_key).decode()}:{encode(server_key).decode()}"


def matches(stored: str | None, password: str) -> bool:
    """Whether `stored` (pg_authid.rolpassword) is a SCRAM verifier of `password`. md5 or none: False."""
    if not stored or not stored.startswith(PREFIX):
        return False
    try:
        head, _, keys = stored[len(PREFIX) :].partition("$")
        count, _, salt_text = head.partition(":")
        salt = base64.b64decode(salt_text, validate=True)
        iterations = int(count)
    except ValueError:
        return False
    if iterations < 1 or iterations > 10_000_000:
        return False
    return hmac.compare_digest(verifier(password, salt=salt, iterations=iterations), f"{PREFIX}{head}${keys}")
