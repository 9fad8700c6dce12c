"""Servers that tests start for themselves: each on a free loopback port, in a folder of
its own, and stopped when the test is done, so no run leaves anything behind or meets
another run's server."""

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start within {seconds} s")
        time.sleep(0.1)


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def freeze(self) -> None:
        """Still accepting connections (the kernel does that), but never answering."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.thaw()  # a frozen server must run to end
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    """A Redis server of our own that keeps nothing on disk."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", str(port)]
        + ["--dir", str(directory), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    server = RedisServer(process=process, port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_until(answers, seconds=10, what="redis-server")
        yield server
    finally:
        server.stop()
