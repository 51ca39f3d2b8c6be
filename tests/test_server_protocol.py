"""With several workers, keep-alive responses are not held back by Nagle's algorithm.

uvicorn's multi-worker socket left TCP_NODELAY off, and every response body after the
first on a connection then waited about 40 ms for the client's delayed ACK.
"""

from __future__ import annotations

import statistics
import time

import httpx

from tests.serving import serve


def test_keep_alive_responses_with_two_workers_take_no_40_ms_pause() -> None:
    with serve("--workers", "2") as server, httpx.Client(base_url=server.url) as client:
        for _ in range(3):  # connect, and let both workers start
            client.get("/healthz")
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            timings.append(time.perf_counter() - started)
    # with the pause every one of them takes 40 ms or more
    assert statistics.median(timings) < 0.025, timings
