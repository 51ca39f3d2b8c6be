"""Running the real server for tests: uvicorn in a subprocess on a free loopback port.

Every server started here is stopped when its ``with`` block ends, even on failure.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import httpx

__all__ = ["Running", "free_port", "run_script", "serve"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@attrs.define
class Running:
    url: str
    process: subprocess.Popen[bytes]
    stderr_path: Path
    #: What the server wrote to stderr, kept once it has stopped.
    final_stderr: str | None = None

    def stderr(self) -> str:
        if self.final_stderr is not None:
            return self.final_stderr
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def _wait_ready(url: str, process: subprocess.Popen[bytes], stderr_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{stderr_path.read_text()}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not start in 30 s:\n{stderr_path.read_text()}")


@contextlib.contextmanager
def _running(command: Sequence[str], port: int, env: dict[str, str]) -> Iterator[Running]:
    with tempfile.TemporaryDirectory() as folder:
        stderr_path = Path(folder) / "stderr.txt"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                list(command), stdout=subprocess.DEVNULL, stderr=stderr, env=env
            )
            running = Running(f"http://127.0.0.1:{port}", process, stderr_path)
            try:
                _wait_ready(running.url, process, stderr_path)
                yield running
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=15)
                running.final_stderr = running.stderr()


@contextlib.contextmanager
def serve(*options: str) -> Iterator[Running]:
    """``trigger-rules serve`` on 127.0.0.1 and a free port, with *options*."""
    port = free_port()
    command = [sys.executable, "-m", "trigger_rules", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), *options]
    with _running(command, port, dict(os.environ)) as running:
        yield running


@contextlib.contextmanager
def run_script(script: str) -> Iterator[Running]:
    """A Python *script* that serves on the port given as its first argument."""
    port = free_port()
    with _running([sys.executable, "-c", script, str(port)], port, dict(os.environ)) as running:
        yield running
