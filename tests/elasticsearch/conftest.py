"""Fixtures of the Elasticsearch tests: a client and a name prefix unique to each test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch


@pytest.fixture
def p() -> str:
    """A unique name prefix per test: the server lives for the whole session."""
    return f"t{uuid.uuid4().hex[:8]}-"


@pytest.fixture
def es(es_url: str) -> Iterator[Elasticsearch]:
    client = Elasticsearch(es_url)
    yield client
    client.close()
