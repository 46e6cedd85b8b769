"""A crawler is not an attacker: one client address fetching many linked-data documents over many
keep-alive connections is served in turn (its requests over the in-flight budget queue briefly),
while a client that holds its budget with requests that do not finish still gets a 429
(test_connections.py::test_requests_in_flight_per_client_are_capped_with_retry_after)."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.server
def test_a_crawler_on_many_connections_gets_no_429(server, budgets, crawl):
    states = httpx.get(server + "/api/states", params={"limit": 200}, timeout=10).json()["items"]
    paths = [f"/id/state/{s['code']}" for s in states if s.get("code")]
    paths += [f"/id/source/unct-blr-2009/para/{n}" for n in range(1, 70)]
    paths = (paths * (240 // len(paths) + 1))[:240]
    connections = min(4 * budgets["max_client_requests"], budgets["max_client_connections"] - 4)  # far over its in-flight budget
    statuses = crawl(server, paths, connections, "127.0.0.77", timeout=20)
    assert len(statuses) == len(paths)
    assert statuses.count(429) == 0, f"{statuses.count(429)} of {len(paths)} refused"
    assert set(statuses) == {200}
