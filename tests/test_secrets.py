"""Secret values: what a plan stages in place of an argon2 hash has the hash's shape."""

from __future__ import annotations

import argon2
import pytest

from reconciler.errors import ReconcileError
from reconciler.secrets import ARGON2_SHAPE, SecretRef, hash_password, verify_password


def test_the_staged_argon2_value_has_a_real_hash_s_parameters_and_length() -> None:
    real = hash_password("correct horse")
    assert len(ARGON2_SHAPE) == len(real) == 97
    assert argon2.extract_parameters(ARGON2_SHAPE) == argon2.extract_parameters(real)
    assert not verify_password(ARGON2_SHAPE, "correct horse")  # it verifies no password


def test_staging_a_secret_needs_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_STAGED_SECRET", raising=False)
    for transform in ("argon2", None, "sha256"):
        with pytest.raises(ReconcileError, match="TEST_STAGED_SECRET is not set"):
            SecretRef("TEST_STAGED_SECRET", transform).staged_value()
    monkeypatch.setenv("TEST_STAGED_SECRET", "s3cret")
    assert SecretRef("TEST_STAGED_SECRET", "argon2").staged_value() == ARGON2_SHAPE
    assert SecretRef("TEST_STAGED_SECRET").staged_value() == "s3cret"
