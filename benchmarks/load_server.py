"""Load test of ``trigger-rules serve``: many consult requests from concurrent clients.

Starts the server itself (``--workers`` processes on 127.0.0.1, a free port), or uses one
already running on this machine (``--url``, loopback addresses only). Each of the
``--clients`` clients keeps one HTTP/1.1 connection open and sends requests one after
another, cycling through the example cases, until ``--requests`` have been sent or
``--time-limit`` seconds have passed. It then prints throughput, latency percentiles and
errors, stops the server it started, and exits 1 if any request failed.

    python benchmarks/load_server.py --requests 5000 --clients 16 --workers 2

The client is a few lines of asyncio on raw sockets rather than an HTTP library, so
that on a small machine the load generator takes as little CPU from the server as it can.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import attrs

from trigger_rules.cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
SERVICE = "/cds-services/trigger-rules-low-back-pain"


@attrs.define
class Tally:
    latencies: list[float] = attrs.field(factory=list)
    errors: dict[str, int] = attrs.field(factory=dict)
    sent: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _bodies(kind: str) -> list[bytes]:
    """One request body per example case, as the chosen endpoint takes it."""
    bodies = []
    for i, example in enumerate(load_cases([str(ROOT / "examples/cases")])):
        case = {
            "present": sorted(example.case.present),
            "absent": sorted(example.case.absent),
            "values": dict(example.case.values),
        }
        if kind == "cds":
            hook = {
                "hook": "patient-view",
                "hookInstance": f"load-{i}",
                "context": {"patientId": f"p{i}"},
                "prefetch": {"case": case},
            }
            bodies.append(json.dumps(hook).encode())
        else:
            bodies.append(json.dumps(case).encode())
    return bodies


def _request(host: str, path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _client(
    host: str, port: int, requests: list[bytes], tally: Tally, *, budget: list[int], stop: float
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        i = 0
        while budget[0] > 0 and time.monotonic() < stop:
            budget[0] -= 1
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            try:
                status_line = await reader.readline()
                length = 0
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                tally.error(type(exc).__name__)
                reader, writer = await asyncio.open_connection(host, port)
                continue
            tally.latencies.append(time.perf_counter() - started)
            tally.sent += 1
            status = status_line.split(b" ", 2)[1:2]
            if status != [b"200"]:
                tally.error(f"HTTP {status[0].decode() if status else '?'}")
    finally:
        writer.close()


async def _run(host: str, port: int, args: argparse.Namespace, tally: Tally) -> float:
    bodies = _bodies(args.endpoint)
    path = SERVICE if args.endpoint == "cds" else "/v1/consult"
    requests = [_request(f"{host}:{port}", path, body) for body in bodies]
    # warm every worker's engine before measuring
    warm = Tally()
    await asyncio.gather(
        *(
            _client(host, port, requests, warm, budget=[20], stop=time.monotonic() + 30)
            for _ in range(args.clients)
        )
    )
    budget = [args.requests]
    started = time.perf_counter()
    stop = time.monotonic() + args.time_limit
    await asyncio.gather(
        *(
            _client(host, port, requests, tally, budget=budget, stop=stop)
            for _ in range(args.clients)
        )
    )
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited before it was ready")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server was not ready within 60 s")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="for the server it starts")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds, at most")
    parser.add_argument("--endpoint", choices=("consult", "cds"), default="consult")
    parser.add_argument("--url", help="a server already running on this machine")
    parser.add_argument("--engine", default="", help="serve --engine, for the server it starts")
    parser.add_argument("--cache-size", type=int, default=0, help="serve --cache-size, likewise")
    args = parser.parse_args()
    if not 1 <= args.requests <= 1_000_000 or not 1 <= args.clients <= 256:
        parser.error("--requests must be 1..1000000 and --clients 1..256")
    args.time_limit = min(args.time_limit, 600.0)

    process = None
    if args.url:
        parts = urllib.parse.urlsplit(args.url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            parser.error("--url must be a loopback address (127.0.0.1, localhost or ::1)")
        host, port = parts.hostname, parts.port or 80
    else:
        host, port = "127.0.0.1", _free_port()
        command = [sys.executable, "-m", "trigger_rules", "serve", "--host", host]
        command += ["--port", str(port), "--workers", str(args.workers)]
        if args.engine:
            command += ["--engine", args.engine]
        if args.cache_size:
            command += ["--cache-size", str(args.cache_size)]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
        )
        _wait(f"http://{host}:{port}", process)
    tally = Tally()
    try:
        elapsed = asyncio.run(_run(host, port, args, tally))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    ms = [v * 1000 for v in tally.latencies]
    print(
        f"endpoint /{'cds-services/…' if args.endpoint == 'cds' else 'v1/consult'}, "
        f"{args.clients} clients, {args.workers if process else '?'} workers, "
        f"engine {args.engine or 'auto'}, cache {args.cache_size or 'off'}, "
        f"{os.cpu_count()} CPUs (client and server share them)"
    )
    print(f"requests: {tally.sent} in {elapsed:.2f} s = {tally.sent / elapsed:.0f} requests/s")
    if ms:
        print(
            f"latency ms: p50 {_percentile(ms, 0.50):.1f}  p95 {_percentile(ms, 0.95):.1f}  "
            f"p99 {_percentile(ms, 0.99):.1f}  max {max(ms):.1f}  "
            f"mean {statistics.fmean(ms):.1f}"
        )
    errors = sum(tally.errors.values())
    print(f"errors: {errors}" + (f" {tally.errors}" if errors else ""))
    return 1 if errors or tally.sent < args.requests else 0


if __name__ == "__main__":
    raise SystemExit(main())
