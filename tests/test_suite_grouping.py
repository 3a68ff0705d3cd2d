"""The suite's own setup: tests marked xdist_group run on one worker (pyproject.toml pins pytest for it)."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("grouping_check")
def test_an_xdist_group_reaches_the_scheduler(request: pytest.FixtureRequest) -> None:
    """--dist loadgroup groups by a suffix pytest-xdist adds to the node id; pytest 9.2 silently dropped it."""
    if not getattr(request.config.option, "loadgroup", False):  # set on each worker by --dist loadgroup
        pytest.skip("the suite runs with -n 0 or another --dist: no groups to check")
    assert request.node.nodeid.endswith("@grouping_check"), request.node.nodeid
